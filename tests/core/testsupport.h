#pragma once
// Shared helpers for the core unit tests: a loop that records into a Trace, and a compact text
// rendering of the trace for exact sequence asserts.
//
// Rendering: one line per event, "<seconds with 3 decimals> <event kind> <task name>" plus a
// kind-specific suffix:
//   loop_phase       "0.000 loop_phase loop compute timeout"
//   task_finished    "1.000 task_finished main done|failed|cancelled"
//   step_scheduled   "0.000 step_scheduled Task-2 created|timer|..."
//   task_suspended   "0.000 task_suspended main sleep|task|gather|..."
//   print            "1.000 print main hello"
//   warning          "5.000 warning Task-2 slow_callback: <text>"
//   other kinds      "0.000 task_resumed main"
// The loop itself (task 0) is named "loop".
//
// Only add to this file; other tests rely on what is here.

#include "core/asyncio.h"
#include "core/numtext.h"
#include "core/recorder.h"
#include "core/trace.h"

#include <QString>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace loopscope::test {

// Seconds to virtual nanoseconds: sec(1.5) == 1'500'000'000.
inline TimeNs sec(double seconds) { return secondsToNs(seconds); }
// Milliseconds to virtual nanoseconds.
constexpr TimeNs msec(std::int64_t ms) { return ms * 1'000'000; }

// "1.500" for 1.5 s.
inline std::string timeText(TimeNs t)
{
    return formatFixed(nsToSeconds(t), 3);
}

inline std::string taskName(const TraceMeta& meta, std::uint32_t task)
{
    if (task == 0)
        return "loop";
    if (task > meta.taskCount())
        return "task#" + std::to_string(task);
    return meta.taskName(TaskId(task));
}

inline std::string renderEvent(const TraceMeta& meta, const Event& e)
{
    std::string s = timeText(e.t);
    s += ' ';
    s += toString(e.kind);
    s += ' ';
    s += taskName(meta, e.task);
    switch (e.kind) {
    case EventKind::LoopPhase:
        s += ' ';
        s += toString(static_cast<LoopPhase>(e.sub));
        break;
    case EventKind::TaskFinished:
        s += ' ';
        s += toString(static_cast<FinishState>(e.sub));
        break;
    case EventKind::StepScheduled:
        s += ' ';
        s += toString(static_cast<WakeReason>(e.sub));
        break;
    case EventKind::TaskSuspended:
        s += ' ';
        s += toString(static_cast<WaitKind>(e.sub));
        break;
    case EventKind::Print:
        s += ' ';
        s += meta.string(StringId(e.a()));
        break;
    case EventKind::Warning:
        s += ' ';
        s += toString(static_cast<WarningKind>(e.sub));
        s += ": ";
        s += meta.string(StringId(e.a()));
        break;
    default:
        break;
    }
    return s;
}

using EventFilter = std::function<bool(const Event&)>;

// The whole trace (or the events `keep` accepts) as text lines.
inline std::vector<std::string> renderTrace(const Trace& trace, const EventFilter& keep = {})
{
    std::vector<std::string> out;
    for (std::size_t i = 0; i < trace.size(); ++i) {
        const Event& e = trace[i];
        if (!keep || keep(e))
            out.push_back(renderEvent(trace.meta(), e));
    }
    return out;
}

// Filter: only events of the given kinds.
inline EventFilter kinds(std::initializer_list<EventKind> wanted)
{
    std::vector<EventKind> w(wanted);
    return [w](const Event& e) {
        for (EventKind k : w)
            if (e.kind == k)
                return true;
        return false;
    };
}

// The loop's console as "<time> <text>" lines.
inline std::vector<std::string> consoleLines(const EventLoop& loop)
{
    std::vector<std::string> out;
    for (const PrintedLine& p : loop.console())
        out.push_back(timeText(p.t) + " " + p.text);
    return out;
}

// The loop's warnings as "<time> <kind>: <text>" lines.
inline std::vector<std::string> warningLines(const EventLoop& loop)
{
    std::vector<std::string> out;
    for (const LoopWarning& w : loop.warnings())
        out.push_back(timeText(w.t) + " " + toString(w.kind) + ": " + w.text);
    return out;
}

// A loop with a Recorder attached, writing into `trace`.
struct LoopFixture
{
    explicit LoopFixture(LoopOptions options = {}) : loop(options), trace(loop.sharedMeta()), recorder(trace)
    {
        loop.addInstrument(recorder);
    }
    ~LoopFixture() { loop.removeInstrument(recorder); }
    LoopFixture(const LoopFixture&) = delete;
    LoopFixture& operator=(const LoopFixture&) = delete;

    std::vector<std::string> lines(const EventFilter& keep = {}) const { return renderTrace(trace, keep); }
    std::vector<std::string> console() const { return consoleLines(loop); }
    std::vector<std::string> warnings() const { return warningLines(loop); }

    EventLoop loop;
    Trace trace;
    Recorder recorder;
};

// The lines joined with '\n', as a QString, so that QCOMPARE prints both sides on failure.
inline QString joinLines(const std::vector<std::string>& lines)
{
    QString out;
    for (const std::string& l : lines) {
        out += QString::fromStdString(l);
        out += QLatin1Char('\n');
    }
    return out;
}

} // namespace loopscope::test

// QCOMPARE for two std::vector<std::string>, printing every line of both on failure.
#define LS_COMPARE_LINES(actual, expected) \
    QCOMPARE(::loopscope::test::joinLines(actual), ::loopscope::test::joinLines(expected))

// ---- Helpers for the primitive, executor, trace and replay tests ------------------------------

#include <QStringList>

namespace loopscope::test {

// Text lines as a QStringList, so QCOMPARE names the first line that differs.
inline QStringList qtLines(const std::vector<std::string>& lines)
{
    QStringList out;
    for (const std::string& l : lines)
        out << QString::fromStdString(l);
    return out;
}

// Index of the first event at or after `from` that `match` accepts, or trace.size().
inline std::size_t findEvent(const Trace& trace, const EventFilter& match, std::size_t from = 0)
{
    for (std::size_t i = from; i < trace.size(); ++i)
        if (match(trace[i]))
            return i;
    return trace.size();
}

// The events `match` accepts, in trace order.
inline std::vector<Event> eventsWhere(const Trace& trace, const EventFilter& match)
{
    std::vector<Event> out;
    for (std::size_t i = 0; i < trace.size(); ++i)
        if (match(trace[i]))
            out.push_back(trace[i]);
    return out;
}

// The values of an object's Counter events, in order.
inline std::vector<std::uint32_t> counterValues(const Trace& trace, ObjectId object)
{
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < trace.size(); ++i)
        if (trace[i].kind == EventKind::Counter && trace[i].a() == object.value)
            out.push_back(trace[i].b());
    return out;
}

// When a task finished, from its TaskFinished event (-1 if it did not).
inline TimeNs finishTime(const Trace& trace, TaskId task)
{
    for (std::size_t i = 0; i < trace.size(); ++i)
        if (trace[i].kind == EventKind::TaskFinished && trace[i].task == task.value)
            return trace[i].t;
    return -1;
}

} // namespace loopscope::test
