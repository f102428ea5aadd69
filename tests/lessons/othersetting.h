#pragma once
// "One other setting" of a lesson: its first parameter moved one notch from its default (the
// next whole number, double the seconds, the other truth value, the next choice, the list with
// its first entry dropped or repeated), so that tests cover more than the defaults.

#include "core/numtext.h"
#include "lessons/lesson.h"

#include <cmath>
#include <string>

namespace lessontest {

inline std::string otherSetting(const loopscope::lessons::Lesson& lesson)
{
    using loopscope::lessons::ParamType;
    if (lesson.params.empty())
        return {};
    const auto& p = lesson.params.front();
    const std::string& d = p.defaultValue;
    switch (p.type) {
    case ParamType::Int: {
        const long long v = std::llround(*loopscope::parseNumber(d));
        return p.name + "=" + std::to_string(v + 1 <= p.max ? v + 1 : v - 1);
    }
    case ParamType::Float: {
        const double v = *loopscope::parseNumber(d);
        return p.name + "=" + loopscope::formatShortest(v * 2 <= p.max ? v * 2 : (v + p.min) / 2);
    }
    case ParamType::Bool:
        return p.name + "=" + (d == "true" ? "false" : "true");
    case ParamType::Choice:
        return p.name + "=" + (p.choices.front() == d ? p.choices.back() : p.choices.front());
    case ParamType::List: {
        const auto comma = d.find(',');
        if (comma != std::string::npos && p.minEntries < 2)
            return p.name + "=" + d.substr(comma + 1);
        return p.name + "=" + d.substr(0, comma) + "," + d;
    }
    }
    return {};
}

} // namespace lessontest
