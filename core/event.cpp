#include "event.h"

namespace loopscope {

const char* toString(EventKind kind)
{
    switch (kind) {
    case EventKind::LoopPhase: return "loop_phase";
    case EventKind::TaskCreated: return "task_created";
    case EventKind::StepScheduled: return "step_scheduled";
    case EventKind::CallbackScheduled: return "callback_scheduled";
    case EventKind::CallbackCancelled: return "callback_cancelled";
    case EventKind::CallbackRun: return "callback_run";
    case EventKind::TaskResumed: return "task_resumed";
    case EventKind::TaskSuspended: return "task_suspended";
    case EventKind::TaskYielded: return "task_yielded";
    case EventKind::TaskFinished: return "task_finished";
    case EventKind::CancelRequested: return "cancel_requested";
    case EventKind::CancelDelivered: return "cancel_delivered";
    case EventKind::TimerArmed: return "timer_armed";
    case EventKind::TimerFired: return "timer_fired";
    case EventKind::TimerCancelled: return "timer_cancelled";
    case EventKind::Acquired: return "acquired";
    case EventKind::Released: return "released";
    case EventKind::Counter: return "counter";
    case EventKind::PrimitiveState: return "primitive_state";
    case EventKind::BlockingBegin: return "blocking_begin";
    case EventKind::BlockingEnd: return "blocking_end";
    case EventKind::JobQueued: return "job_queued";
    case EventKind::JobStarted: return "job_started";
    case EventKind::JobWaitingGil: return "job_waiting_gil";
    case EventKind::JobFinished: return "job_finished";
    case EventKind::Print: return "print";
    case EventKind::Warning: return "warning";
    case EventKind::Line: return "line";
    }
    return "?";
}

const char* toString(LoopPhase phase)
{
    switch (phase) {
    case LoopPhase::Start: return "start";
    case LoopPhase::ComputeTimeout: return "compute timeout";
    case LoopPhase::Wait: return "wait for I/O or timers";
    case LoopPhase::ExpireTimers: return "move expired timers to ready";
    case LoopPhase::RunReady: return "run ready handles";
    case LoopPhase::CancelLeftovers: return "cancel leftover tasks";
    case LoopPhase::ShutdownExecutors: return "shut down executors";
    case LoopPhase::Closed: return "closed";
    case LoopPhase::Deadlock: return "deadlock";
    }
    return "?";
}

const char* toString(WakeReason reason)
{
    switch (reason) {
    case WakeReason::Created: return "created";
    case WakeReason::Yield: return "yield";
    case WakeReason::Timer: return "timer";
    case WakeReason::TaskDone: return "task done";
    case WakeReason::Handoff: return "hand-off";
    case WakeReason::Item: return "queue";
    case WakeReason::EventSet: return "event set";
    case WakeReason::Gather: return "gather";
    case WakeReason::Job: return "job done";
    case WakeReason::Io: return "I/O done";
    case WakeReason::Cancel: return "cancel";
    case WakeReason::Callback: return "callback";
    }
    return "?";
}

const char* toString(WaitKind kind)
{
    switch (kind) {
    case WaitKind::Sleep: return "sleep";
    case WaitKind::Task: return "task";
    case WaitKind::Gather: return "gather";
    case WaitKind::Lock: return "lock";
    case WaitKind::Semaphore: return "semaphore";
    case WaitKind::QueueGet: return "queue get";
    case WaitKind::QueuePut: return "queue put";
    case WaitKind::QueueJoin: return "queue join";
    case WaitKind::Event: return "event";
    case WaitKind::Job: return "executor job";
    case WaitKind::Io: return "I/O";
    case WaitKind::TaskGroup: return "task group";
    case WaitKind::Shield: return "shield";
    case WaitKind::WaitFor: return "wait_for";
    }
    return "?";
}

const char* toString(FinishState state)
{
    switch (state) {
    case FinishState::Done: return "done";
    case FinishState::Failed: return "failed";
    case FinishState::Cancelled: return "cancelled";
    }
    return "?";
}

const char* toString(WarningKind kind)
{
    switch (kind) {
    case WarningKind::SlowCallback: return "slow_callback";
    case WarningKind::NeverAwaited: return "never_awaited";
    case WarningKind::ExceptionNeverRetrieved: return "exception_never_retrieved";
    case WarningKind::Deadlock: return "deadlock";
    case WarningKind::SwallowedCancel: return "swallowed_cancel";
    }
    return "?";
}

} // namespace loopscope
