#pragma once
// The one decoder of the event schema. An event's fields mean different things for each kind
// (`a` is a task here, a string there, an object elsewhere); readTrace() turns each event into a
// call with typed arguments, so readers name what they need ("a task finished with this error")
// instead of unpacking fields. A reader derives from TraceHandlers and declares only the hooks it
// cares about; dispatch is a template, so an unused hook costs nothing.
//
// Adding an event kind changes this file, event.h, the recorder, and the readers that show it.

#include "event.h"
#include "trace.h"

#include <cstddef>
#include <limits>

namespace loopscope {

// What happens to a job on an executor (JobQueued … JobFinished, with "dropped" told apart).
enum class JobStage : std::uint8_t { Queued, Started, WaitingForCpu, Finished, Dropped };

// Every hook, doing nothing. `e` is the whole event, for its time, its task and its line.
struct TraceHandlers
{
    void loopPhase(const Event&, LoopPhase, std::uint32_t /*iteration*/) {}
    void taskCreated(const Event&, TaskId /*task*/, TaskId /*creator*/, StringId /*name*/) {}
    void stepScheduled(const Event&, TaskId /*task*/, WakeReason, TaskId /*waker*/, ObjectId /*by*/) {}
    void callbackScheduled(const Event&, TaskId /*owner*/, CallbackKind, std::uint32_t /*detail*/) {}
    void callbackCancelled(const Event&, TaskId /*owner*/, CallbackKind, std::uint32_t /*detail*/) {}
    void callbackRun(const Event&, TaskId /*owner*/, CallbackKind) {}
    void taskResumed(const Event&, TaskId, bool /*firstStep*/) {}
    // `waitedOn` is a task for WaitKind::Task, WaitFor and Shield, an object otherwise (0: none).
    void taskSuspended(const Event&, TaskId, WaitKind, std::uint32_t /*waitedOn*/, StringId /*label*/) {}
    void taskYielded(const Event&, TaskId) {}
    void taskFinished(const Event&, TaskId, FinishState, StringId /*error*/) {}
    void cancelRequested(const Event&, TaskId /*target*/, TaskId /*by*/) {}
    void cancelDelivered(const Event&, TaskId) {}
    void timerArmed(const Event&, TaskId /*owner*/, TimeNs /*deadline*/) {}
    void timerFired(const Event&, TaskId /*owner*/, std::uint32_t /*timer*/, TimeNs /*lateness*/) {}
    void timerCancelled(const Event&, TaskId /*owner*/, std::uint32_t /*timer*/) {}
    void acquired(const Event&, TaskId, ObjectId) {}
    void released(const Event&, TaskId, ObjectId) {}
    void counterChanged(const Event&, ObjectId, std::int64_t /*value*/) {}
    void primitiveState(const Event&, ObjectId, bool /*set*/) {}
    void blockingBegan(const Event&, TaskId, BlockingKind, StringId /*label*/) {}
    void blockingEnded(const Event&, TaskId) {}
    // `worker` is the worker's index (unset for Queued and Dropped).
    void job(const Event&, JobStage, TaskId /*submitter*/, ObjectId /*executor*/, std::uint32_t /*job*/,
             std::uint8_t /*worker*/) {}
    void printed(const Event&, TaskId, StringId /*text*/) {}
    void warned(const Event&, TaskId, WarningKind, StringId /*text*/) {}
    void lineReached(const Event&, TaskId, std::uint16_t /*line*/) {}
};

// Waits whose `waitedOn` is a task rather than an object.
constexpr bool waitsOnTask(WaitKind kind)
{
    return kind == WaitKind::Task || kind == WaitKind::WaitFor || kind == WaitKind::Shield;
}

template<typename Handlers>
void dispatch(const Event& e, Handlers& h)
{
    const TaskId task(e.task);
    switch (e.kind) {
    case EventKind::LoopPhase: h.loopPhase(e, LoopPhase(e.sub), e.a()); break;
    case EventKind::TaskCreated: h.taskCreated(e, task, TaskId(e.a()), StringId(e.b())); break;
    case EventKind::StepScheduled: h.stepScheduled(e, task, WakeReason(e.sub), TaskId(e.a()), ObjectId(e.b())); break;
    case EventKind::CallbackScheduled: h.callbackScheduled(e, task, CallbackKind(e.sub), e.a()); break;
    case EventKind::CallbackCancelled: h.callbackCancelled(e, task, CallbackKind(e.sub), e.a()); break;
    case EventKind::CallbackRun: h.callbackRun(e, task, CallbackKind(e.sub)); break;
    case EventKind::TaskResumed: h.taskResumed(e, task, e.sub == 1); break;
    case EventKind::TaskSuspended: h.taskSuspended(e, task, WaitKind(e.sub), e.a(), StringId(e.b())); break;
    case EventKind::TaskYielded: h.taskYielded(e, task); break;
    case EventKind::TaskFinished: h.taskFinished(e, task, FinishState(e.sub), StringId(e.a())); break;
    case EventKind::CancelRequested: h.cancelRequested(e, task, TaskId(e.a())); break;
    case EventKind::CancelDelivered: h.cancelDelivered(e, task); break;
    case EventKind::TimerArmed: h.timerArmed(e, task, e.v()); break;
    case EventKind::TimerFired: h.timerFired(e, task, e.a(), TimeNs(e.b()) * 1000); break;
    case EventKind::TimerCancelled: h.timerCancelled(e, task, e.a()); break;
    case EventKind::Acquired: h.acquired(e, task, ObjectId(e.a())); break;
    case EventKind::Released: h.released(e, task, ObjectId(e.a())); break;
    case EventKind::Counter: h.counterChanged(e, ObjectId(e.a()), std::int64_t(e.b())); break;
    case EventKind::PrimitiveState: h.primitiveState(e, ObjectId(e.a()), e.sub != 0); break;
    case EventKind::BlockingBegin: h.blockingBegan(e, task, BlockingKind(e.sub), StringId(e.a())); break;
    case EventKind::BlockingEnd: h.blockingEnded(e, task); break;
    case EventKind::JobQueued: h.job(e, JobStage::Queued, task, ObjectId(e.a()), e.b(), 0); break;
    case EventKind::JobStarted: h.job(e, JobStage::Started, task, ObjectId(e.a()), e.b(), e.sub); break;
    case EventKind::JobWaitingGil: h.job(e, JobStage::WaitingForCpu, task, ObjectId(e.a()), e.b(), e.sub); break;
    case EventKind::JobFinished:
        h.job(e, e.sub == 0xff ? JobStage::Dropped : JobStage::Finished, task, ObjectId(e.a()), e.b(), e.sub);
        break;
    case EventKind::Print: h.printed(e, task, StringId(e.a())); break;
    case EventKind::Warning: h.warned(e, task, WarningKind(e.sub), StringId(e.a())); break;
    case EventKind::Line: h.lineReached(e, task, e.line); break;
    }
}

// Calls `h`'s hooks for events [from, to) of `trace`, in order.
template<typename Handlers>
void readTrace(const Trace& trace, Handlers& h, std::size_t from = 0,
               std::size_t to = std::numeric_limits<std::size_t>::max())
{
    to = to < trace.size() ? to : trace.size();
    for (std::size_t i = from; i < to; ++i)
        dispatch(trace[i], h);
}

} // namespace loopscope
