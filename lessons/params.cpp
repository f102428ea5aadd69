#include "lesson.h"

#include "core/numtext.h"

#include <charconv>

namespace loopscope::lessons {

std::vector<double> Params::list(const std::string& name) const
{
    // Values were checked by parseInto when they were set; this reads them the same way.
    std::vector<double> out;
    std::string_view rest = text(name);
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        out.push_back(parseNumber(rest.substr(0, comma)).value_or(0.0));
        if (comma == std::string_view::npos)
            break;
        rest = rest.substr(comma + 1);
    }
    return out;
}

namespace {

std::string number(double v)
{
    return formatGeneral(v);
}

std::optional<std::string> parseInto(const ParamSpec& spec, std::string_view text, ParamValue& out)
{
    const std::string bad = "invalid value '" + std::string(text) + "' for " + spec.name + ": " + describeValid(spec);
    switch (spec.type) {
    case ParamType::Int: {
        std::int64_t v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || end != text.data() + text.size() || v < spec.min || v > spec.max)
            return bad;
        out = v;
        return std::nullopt;
    }
    case ParamType::Float: {
        const auto v = parseNumber(text);
        if (!v || *v < spec.min || *v > spec.max)
            return bad;
        out = *v;
        return std::nullopt;
    }
    case ParamType::Bool:
        if (text == "true" || text == "1" || text == "yes")
            out = true;
        else if (text == "false" || text == "0" || text == "no")
            out = false;
        else
            return bad;
        return std::nullopt;
    case ParamType::Choice:
        for (const auto& c : spec.choices)
            if (c == text) {
                out = std::string(text);
                return std::nullopt;
            }
        return bad;
    case ParamType::List: {
        std::size_t count = 0;
        std::string_view rest = text;
        while (true) {
            const auto comma = rest.find(',');
            const auto v = parseNumber(rest.substr(0, comma));
            if (!v || *v < spec.min || *v > spec.max)
                return bad;
            ++count;
            if (comma == std::string_view::npos)
                break;
            rest = rest.substr(comma + 1);
        }
        if (count < spec.minEntries || count > spec.maxEntries)
            return bad;
        out = std::string(text);
        return std::nullopt;
    }
    }
    return bad;
}

} // namespace

std::string describeValid(const ParamSpec& spec)
{
    switch (spec.type) {
    case ParamType::Int: return "an integer from " + number(spec.min) + " to " + number(spec.max);
    case ParamType::Float: return "a number of seconds from " + number(spec.min) + " to " + number(spec.max);
    case ParamType::Bool: return "true or false";
    case ParamType::Choice: {
        std::string s = "one of ";
        for (std::size_t i = 0; i < spec.choices.size(); ++i)
            s += (i ? ", " : "") + spec.choices[i];
        return s;
    }
    case ParamType::List:
        return "a comma-separated list of " + std::to_string(spec.minEntries) + " to " +
               std::to_string(spec.maxEntries) + " numbers, each from " + number(spec.min) + " to " + number(spec.max);
    }
    return {};
}

std::string formatValue(const ParamValue& value)
{
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, bool>)
                return v ? "true" : "false";
            else if constexpr (std::is_same_v<T, std::string>)
                return v;
            else
                return number(double(v));
        },
        value);
}

Params defaultParams(const Lesson& lesson)
{
    Params params;
    for (const auto& spec : lesson.params) {
        ParamValue v;
        parseInto(spec, spec.defaultValue, v);
        params.set(spec.name, v);
    }
    return params;
}

std::optional<std::string> applyAssignment(const Lesson& lesson, Params& params, std::string_view assignment)
{
    const auto eq = assignment.find('=');
    std::string names;
    for (const auto& spec : lesson.params)
        names += (names.empty() ? "" : ", ") + spec.name;
    if (eq == std::string_view::npos)
        return "expected NAME=VALUE, got '" + std::string(assignment) + "'";
    const std::string name(assignment.substr(0, eq));
    for (const auto& spec : lesson.params) {
        if (spec.name != name)
            continue;
        ParamValue v;
        if (auto error = parseInto(spec, assignment.substr(eq + 1), v))
            return error;
        params.set(name, v);
        return std::nullopt;
    }
    return "unknown parameter '" + name + "' for lesson " + lesson.id +
           (names.empty() ? std::string(": it has no parameters") : "; valid parameters: " + names);
}

const Lesson* findLesson(std::string_view id)
{
    for (const auto& lesson : allLessons())
        if (lesson.id == id)
            return &lesson;
    return nullptr;
}

} // namespace loopscope::lessons
