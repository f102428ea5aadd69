#pragma once
// Small readings of a finished run that prediction answers share.

#include "format.h"
#include "runner.h"

#include <string>
#include <string_view>

namespace loopscope::lessons {

// The variant's total in seconds, as the listings print it ("3.00").
inline std::string totalSeconds(const VariantRun& run)
{
    return fixed2(nsToSeconds(run.total));
}

// How many printed lines start with `prefix`.
inline int printedStartingWith(const VariantRun& run, std::string_view prefix)
{
    int n = 0;
    for (const auto& printed : run.loop->console())
        n += printed.text.rfind(prefix, 0) == 0;
    return n;
}

// How many tasks the run created, main included.
inline int tasksCreated(const VariantRun& run)
{
    int n = 0;
    for (std::size_t i = 0; i < run.trace->size(); ++i)
        n += (*run.trace)[i].kind == EventKind::TaskCreated;
    return n;
}

} // namespace loopscope::lessons
