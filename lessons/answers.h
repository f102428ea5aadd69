#pragma once
// Small readings of a finished run that prediction answers share. Answers come from the recording
// through typed queries (core/tracequery.h): times, tasks, states, waits, counters, and where in
// the listing a line was printed; never from what a printed line says.

#include "format.h"
#include "runner.h"

#include "core/tracequery.h"

#include <string>
#include <utility>
#include <string_view>

namespace loopscope::lessons {

// The variant's total in seconds, as the listings print it ("3.00").
inline std::string totalSeconds(const VariantRun& run)
{
    return fixed2(nsToSeconds(run.total));
}

// What the variant printed, and the warnings it raised, read from its recording.
inline std::vector<PrintedLine> console(const VariantRun& run)
{
    return printedLines(*run.trace);
}
inline std::vector<LoopWarning> warnings(const VariantRun& run)
{
    return loopWarnings(*run.trace);
}

// How many lines were printed from listing line `line` (by `task`, if given).
inline int printsAtLine(const VariantRun& run, std::uint16_t line, TaskId task = {})
{
    int n = 0;
    for (const auto& printed : console(run))
        n += printed.line == line && (!task || printed.task == task);
    return n;
}

// When the first line was printed from listing line `line` (by `task`, if given); -1 if never.
inline TimeNs firstPrintAtLine(const VariantRun& run, std::uint16_t line, TaskId task = {})
{
    for (const auto& printed : console(run))
        if (printed.line == line && (!task || printed.task == task))
            return printed.t;
    return -1;
}

// How many lines were printed from listing line `counted` before the first one printed from
// `until` (by `untilTask`, if given).
inline int printsBefore(const VariantRun& run, std::uint16_t counted, std::uint16_t until, TaskId untilTask = {})
{
    int n = 0;
    for (const auto& printed : console(run)) {
        if (printed.line == until && (!untilTask || printed.task == untilTask))
            break;
        n += printed.line == counted;
    }
    return n;
}

// The task called `name` in the run.
inline TaskId taskNamed(const VariantRun& run, std::string_view name)
{
    return findTask(*run.trace, name);
}

// How the task called `name` ended: done, failed, cancelled, or "still pending".
inline std::string endState(const VariantRun& run, std::string_view name)
{
    const TaskId task = taskNamed(run, name);
    for (const auto& [t, state] : taskEndings(*run.trace))
        if (t == task)
            return toString(state);
    return "still pending";
}

} // namespace loopscope::lessons
