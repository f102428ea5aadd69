#pragma once
// Numbers as text, the same in every locale. Qt sets the C library's locale from the environment,
// so printf("%f") and std::stod would write and read "2,50" under a German locale: everything the
// core, the lessons, the command line and the exports parse or write goes through here instead.

#include <optional>
#include <string>
#include <string_view>

namespace loopscope {

// f"{x:.Nf}": fixed notation with `decimals` digits after the point.
std::string formatFixed(double x, int decimals);

// printf's "%.Ng": at most `significant` significant digits, trailing zeros dropped.
std::string formatGeneral(double x, int significant = 6);

// Python's repr(float): the shortest text that reads back as x, with ".0" on whole numbers and
// an exponent outside 1e-4 <= |x| < 1e16 ("0.1", "2.0", "1e-05", "1.5e+16").
std::string formatShortest(double x);

// A whole decimal number ("2.5", "-1e3", "+4"), nothing before or after it. Refuses what a
// duration or a count cannot be: nan, inf, values out of double's range and subnormals (which
// lose precision and turn into nothing on the way to nanoseconds).
std::optional<double> parseNumber(std::string_view text);

} // namespace loopscope
