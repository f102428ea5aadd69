#pragma once
// Readings of a recorded run that the command line, the views and the prediction answers share,
// all through the one reader (tracereader.h). They need the recording only: no loop.

#include "trace.h"

#include <string>
#include <utility>
#include <string_view>
#include <vector>

namespace loopscope {

// A line the program printed, as the console shows it.
struct PrintedLine
{
    TimeNs t;
    TaskId task;
    std::string text;
    std::uint16_t line = 0; // the listing line of the print, 0 if unknown
};

// A warning as asyncio's debug mode would log it.
struct LoopWarning
{
    TimeNs t;
    WarningKind kind;
    TaskId task;
    std::string text;
};

std::vector<PrintedLine> printedLines(const Trace& trace);
std::vector<LoopWarning> loopWarnings(const Trace& trace);

// How many tasks the run created, main included.
std::size_t tasksCreated(const Trace& trace);

// The highest value the counter of any object of `kind` reached (permits in use, queue size,
// requests in flight), 0 if none was recorded.
std::int64_t peakCounter(const Trace& trace, ObjectKind kind);

// The largest lateness of a timer that fired, in nanoseconds (0 if none fired late).
TimeNs worstTimerLateness(const Trace& trace);

// The first task called `name`, or TaskId() if there is none.
TaskId findTask(const Trace& trace, std::string_view name);

// How late `task` woke from each of its timed waits: the time it resumed less the deadline of the
// timer it armed (a blocked loop wakes it late even when the timer fired on time).
std::vector<TimeNs> wakeLateness(const Trace& trace, TaskId task);

// How often a task suspended on a wait of `kind` (a producer finding the queue full: QueuePut).
std::size_t suspensions(const Trace& trace, WaitKind kind);

// The most tasks suspended on a wait of `kind` at one moment.
std::size_t peakWaiting(const Trace& trace, WaitKind kind);

// When `task` first resumed after a wait of `kind`; -1 if it never did.
TimeNs resumedAfter(const Trace& trace, TaskId task, WaitKind kind);

// How many steps `task` resumed to carry on after a wait (its first step and the step that
// receives a CancelledError not counted) before a CancelledError reached it (or in all).
std::size_t stepsBeforeCancel(const Trace& trace, TaskId task);

// The order tasks were created in, and each task's ending in the order they ended.
std::vector<TaskId> creationOrder(const Trace& trace);
std::vector<std::pair<TaskId, FinishState>> taskEndings(const Trace& trace);

// The most tasks that resumed at one instant after waiting at listing line `line` (a thundering
// herd of retries waking from the same backoff).
std::size_t busiestInstant(const Trace& trace, std::uint16_t line);

} // namespace loopscope
