#pragma once
// Formatting helpers so printed lines match the Python listings character for character.

#include <cstdio>
#include <string>

namespace loopscope::lessons {

// f"{x:.2f}"
inline std::string fixed2(double x)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", x);
    return buf;
}

} // namespace loopscope::lessons
