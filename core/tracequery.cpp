#include "tracequery.h"

#include "tracereader.h"

#include <algorithm>

namespace loopscope {

std::vector<PrintedLine> printedLines(const Trace& trace)
{
    struct : TraceHandlers
    {
        const TraceMeta* meta = nullptr;
        std::vector<PrintedLine> lines;
        void printed(const Event& e, TaskId task, StringId text) { lines.push_back({e.t, task, meta->string(text), e.line}); }
    } reader;
    reader.meta = &trace.meta();
    readTrace(trace, reader);
    return std::move(reader.lines);
}

std::vector<LoopWarning> loopWarnings(const Trace& trace)
{
    struct : TraceHandlers
    {
        const TraceMeta* meta = nullptr;
        std::vector<LoopWarning> warnings;
        void warned(const Event& e, TaskId task, WarningKind kind, StringId text)
        {
            warnings.push_back({e.t, kind, task, meta->string(text)});
        }
    } reader;
    reader.meta = &trace.meta();
    readTrace(trace, reader);
    return std::move(reader.warnings);
}

std::size_t tasksCreated(const Trace& trace)
{
    struct : TraceHandlers
    {
        std::size_t count = 0;
        void taskCreated(const Event&, TaskId, TaskId, StringId) { ++count; }
    } reader;
    readTrace(trace, reader);
    return reader.count;
}

std::int64_t peakCounter(const Trace& trace, ObjectKind kind)
{
    struct : TraceHandlers
    {
        const TraceMeta* meta = nullptr;
        ObjectKind kind = ObjectKind::Other;
        std::int64_t peak = 0;
        void counterChanged(const Event&, ObjectId object, std::int64_t value)
        {
            if (meta->object(object).kind == kind)
                peak = std::max(peak, value);
        }
    } reader;
    reader.meta = &trace.meta();
    reader.kind = kind;
    readTrace(trace, reader);
    return reader.peak;
}

TimeNs worstTimerLateness(const Trace& trace)
{
    struct : TraceHandlers
    {
        TimeNs worst = 0;
        void timerFired(const Event&, TaskId, std::uint32_t, TimeNs lateness) { worst = std::max(worst, lateness); }
    } reader;
    readTrace(trace, reader);
    return reader.worst;
}

TaskId findTask(const Trace& trace, std::string_view name)
{
    const TraceMeta& meta = trace.meta();
    for (std::uint32_t id = 1; id <= meta.taskCount(); ++id)
        if (meta.taskName(TaskId(id)) == name)
            return TaskId(id);
    return {};
}

std::vector<TimeNs> wakeLateness(const Trace& trace, TaskId task)
{
    struct : TraceHandlers
    {
        TaskId task;
        TimeNs deadline = -1; // of the timer armed for the wait going on
        std::vector<TimeNs> lateness;
        void timerArmed(const Event&, TaskId owner, TimeNs at)
        {
            if (owner == task)
                deadline = at;
        }
        void taskResumed(const Event& e, TaskId t, bool)
        {
            if (t != task || deadline < 0)
                return;
            lateness.push_back(std::max<TimeNs>(0, e.t - deadline));
            deadline = -1;
        }
    } reader;
    reader.task = task;
    readTrace(trace, reader);
    return std::move(reader.lateness);
}

std::size_t suspensions(const Trace& trace, WaitKind kind)
{
    struct : TraceHandlers
    {
        WaitKind kind = WaitKind::Sleep;
        std::size_t count = 0;
        void taskSuspended(const Event&, TaskId, WaitKind k, std::uint32_t, StringId) { count += k == kind; }
    } reader;
    reader.kind = kind;
    readTrace(trace, reader);
    return reader.count;
}

std::size_t peakWaiting(const Trace& trace, WaitKind kind)
{
    // A task stops waiting when it is scheduled again (or ends, or yields instead).
    struct : TraceHandlers
    {
        WaitKind kind = WaitKind::Sleep;
        std::vector<bool> waiting; // by task
        std::size_t now = 0, peak = 0;
        void set(TaskId task, bool on)
        {
            if (waiting.size() <= task.value)
                waiting.resize(task.value + 1);
            if (waiting[task.value] == on)
                return;
            waiting[task.value] = on;
            on ? ++now : --now;
            peak = std::max(peak, now);
        }
        void taskSuspended(const Event&, TaskId t, WaitKind k, std::uint32_t, StringId) { set(t, k == kind); }
        void taskResumed(const Event&, TaskId t, bool) { set(t, false); }
        void taskFinished(const Event&, TaskId t, FinishState, StringId) { set(t, false); }
    } reader;
    reader.kind = kind;
    readTrace(trace, reader);
    return reader.peak;
}

TimeNs resumedAfter(const Trace& trace, TaskId task, WaitKind kind)
{
    struct : TraceHandlers
    {
        TaskId task;
        WaitKind kind = WaitKind::Sleep;
        bool waitingThere = false;
        TimeNs at = -1;
        void taskSuspended(const Event&, TaskId t, WaitKind k, std::uint32_t, StringId)
        {
            if (t == task)
                waitingThere = k == kind;
        }
        void taskResumed(const Event& e, TaskId t, bool)
        {
            if (t == task && waitingThere && at < 0)
                at = e.t;
            if (t == task)
                waitingThere = false;
        }
    } reader;
    reader.task = task;
    reader.kind = kind;
    readTrace(trace, reader);
    return reader.at;
}

std::size_t stepsBeforeCancel(const Trace& trace, TaskId task)
{
    struct : TraceHandlers
    {
        TaskId task;
        std::size_t resumes = 0;
        bool cancelled = false;
        void taskResumed(const Event&, TaskId t, bool first)
        {
            if (t == task && !first && !cancelled)
                ++resumes;
        }
        void cancelDelivered(const Event&, TaskId t)
        {
            if (t != task || cancelled)
                return;
            cancelled = true;
            // The step that delivers the CancelledError resumed too, but carried nothing on.
            if (resumes > 0)
                --resumes;
        }
    } reader;
    reader.task = task;
    readTrace(trace, reader);
    return reader.resumes;
}

std::vector<TaskId> creationOrder(const Trace& trace)
{
    struct : TraceHandlers
    {
        std::vector<TaskId> order;
        void taskCreated(const Event&, TaskId t, TaskId, StringId) { order.push_back(t); }
    } reader;
    readTrace(trace, reader);
    return std::move(reader.order);
}

std::vector<std::pair<TaskId, FinishState>> taskEndings(const Trace& trace)
{
    struct : TraceHandlers
    {
        std::vector<std::pair<TaskId, FinishState>> endings;
        void taskFinished(const Event&, TaskId t, FinishState s, StringId) { endings.emplace_back(t, s); }
    } reader;
    readTrace(trace, reader);
    return std::move(reader.endings);
}

std::size_t busiestInstant(const Trace& trace, std::uint16_t line)
{
    struct : TraceHandlers
    {
        std::uint16_t line = 0;
        std::vector<bool> waitingThere; // by task: waiting at the line
        TimeNs instant = -1;
        std::size_t atInstant = 0, busiest = 0;
        void taskSuspended(const Event& e, TaskId t, WaitKind, std::uint32_t, StringId)
        {
            if (waitingThere.size() <= t.value)
                waitingThere.resize(t.value + 1);
            waitingThere[t.value] = e.line == line;
        }
        void taskResumed(const Event& e, TaskId t, bool)
        {
            if (t.value >= waitingThere.size() || !waitingThere[t.value])
                return;
            waitingThere[t.value] = false;
            if (e.t != instant) {
                instant = e.t;
                atInstant = 0;
            }
            busiest = std::max(busiest, ++atInstant);
        }
    } reader;
    reader.line = line;
    readTrace(trace, reader);
    return reader.busiest;
}

} // namespace loopscope
