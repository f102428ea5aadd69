// Grading a learner's guess against the answer the run produced.

#include "lesson.h"

#include <charconv>
#include <cmath>
#include <string>

namespace loopscope::lessons {

namespace {

std::string trimmed(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == 's'))
        s.remove_suffix(1); // "3 s" and "3s" read as 3
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    return std::string(s);
}

bool parseNumber(std::string_view text, double& out)
{
    // from_chars, not stod: the answer must not depend on the user's locale (Qt sets LC_ALL).
    const std::string s = trimmed(text);
    if (s.empty())
        return false;
    const char* first = s.data();
    if (*first == '+')
        ++first;
    const auto [end, ec] = std::from_chars(first, s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size() && std::isfinite(out);
}

} // namespace

bool isRightAnswer(const Prediction& prediction, std::string_view guess, std::string_view answer)
{
    switch (prediction.kind) {
    case AnswerKind::Seconds: {
        double g = 0, a = 0;
        if (!parseNumber(guess, g) || !parseNumber(answer, a))
            return false;
        // Close enough is right: nobody should lose a point to the scheduler's microseconds.
        return std::abs(g - a) <= std::max(0.05, 0.05 * std::abs(a));
    }
    case AnswerKind::Count: {
        double g = 0, a = 0;
        return parseNumber(guess, g) && parseNumber(answer, a) && g == a;
    }
    case AnswerKind::Choice:
        return trimmed(guess) == trimmed(answer);
    }
    return false;
}

} // namespace loopscope::lessons
