#pragma once
// The label a sleeping task shows: "sleep(0.5)", the duration as printf's "%.9g" of its seconds
// with ".0" on whole numbers, the way Python prints a float for the usual durations.

#include "types.h"

#include <cstddef>
#include <string>

namespace loopscope {

// Room for the longest label writeSleepLabel() can write.
inline constexpr std::size_t kSleepLabelMax = 48;

// Writes the label of a sleep of `duration` into `out` (at least kSleepLabelMax chars) and
// returns its length. Every sleep with a timer interns its label, so this avoids building a
// std::string and the general double formatter for the common case.
std::size_t writeSleepLabel(TimeNs duration, char* out);

std::string sleepLabel(TimeNs duration);

} // namespace loopscope
