#pragma once
// Blocking calls: ordinary function calls, not awaits. The clock moves on while the calling task
// keeps the loop, so nothing else can run: the stall a learner should see.

#include "eventloop.h"
#include "numtext.h"

#include <string>

namespace loopscope {

// time.sleep(seconds) on the loop's thread. Negative durations raise ValueError, as in Python.
inline void blockingSleep(double seconds)
{
    runningLoop().block(seconds < 0 ? -1 : secondsToNs(seconds), BlockingKind::Sleep,
                        "time.sleep(" + formatGeneral(seconds) + ")");
}

// CPU-bound work that keeps the loop's thread busy for `seconds`.
inline void cpuWork(double seconds, std::string_view label = "cpu work")
{
    if (seconds < 0)
        throw ValueError("work duration must be non-negative");
    runningLoop().block(secondsToNs(seconds), BlockingKind::Cpu, label);
}

} // namespace loopscope
