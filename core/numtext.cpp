#include "numtext.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <system_error>

namespace loopscope {

namespace {

// Enough for any double in any of the notations used here (fixed with up to 17 decimals of
// numbers up to 1e308 needs about 330 characters).
constexpr std::size_t kBuffer = 400;

std::string nonFinite(double x)
{
    if (std::isnan(x))
        return "nan";
    return x < 0 ? "-inf" : "inf";
}

} // namespace

std::string formatFixed(double x, int decimals)
{
    if (!std::isfinite(x))
        return nonFinite(x);
    char buf[kBuffer];
    const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, decimals);
    return r.ec == std::errc() ? std::string(buf, r.ptr) : formatShortest(x);
}

std::string formatGeneral(double x, int significant)
{
    if (!std::isfinite(x))
        return nonFinite(x);
    char buf[kBuffer];
    const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general, significant);
    return std::string(buf, r.ptr);
}

std::string formatShortest(double x)
{
    if (!std::isfinite(x))
        return nonFinite(x);
    // The shortest round-trip digits in scientific form ("d.ddde±XX"), laid out as Python does.
    char buf[kBuffer];
    const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
    const std::string_view s(buf, std::size_t(r.ptr - buf));
    const std::size_t e = s.find('e');
    const bool negative = s.front() == '-';
    std::string digits;
    for (char c : s.substr(negative ? 1 : 0, e - (negative ? 1 : 0)))
        if (c != '.')
            digits += c;
    int exponent = 0;
    std::from_chars(s.data() + e + (s[e + 1] == '+' ? 2 : 1), s.data() + s.size(), exponent);

    std::string out = negative ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
        out += digits.front();
        if (digits.size() > 1)
            out += "." + digits.substr(1);
        const int magnitude = std::abs(exponent);
        out += exponent < 0 ? "e-" : "e+";
        out += (magnitude < 10 ? "0" : "") + std::to_string(magnitude);
        return out;
    }
    if (exponent < 0)
        return out + "0." + std::string(std::size_t(-exponent - 1), '0') + digits;
    const std::size_t whole = std::size_t(exponent) + 1;
    if (digits.size() <= whole)
        return out + digits + std::string(whole - digits.size(), '0') + ".0";
    return out + digits.substr(0, whole) + "." + digits.substr(whole);
}

std::optional<double> parseNumber(std::string_view text)
{
    // from_chars takes no leading '+', people do; one sign at most.
    const bool plus = !text.empty() && text.front() == '+';
    if (plus)
        text.remove_prefix(1);
    if (text.empty() || (plus && text.front() == '-'))
        return std::nullopt;
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    const int kind = std::fpclassify(v);
    if (kind != FP_NORMAL && kind != FP_ZERO)
        return std::nullopt;
    return v;
}

} // namespace loopscope
