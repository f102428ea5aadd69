#pragma once
// Formatting helpers so printed lines match the Python listings character for character.

#include "core/numtext.h"

#include <string>

namespace loopscope::lessons {

// f"{x:.2f}"
inline std::string fixed2(double x)
{
    return formatFixed(x, 2);
}

} // namespace loopscope::lessons
