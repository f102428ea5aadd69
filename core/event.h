#pragma once
// One recorded state change of the scheduler: a fixed-size, 24-byte record.

#include "types.h"

#include <cstdint>

namespace loopscope {

enum class EventKind : std::uint8_t {
    LoopPhase,        // sub = LoopPhase; a = iteration; b = phase detail (handles to run, timers moved)
    TaskCreated,      // task = new task; a = creating task; b = name string
    StepScheduled,    // task = woken task; sub = WakeReason; a = waker task; b = object that woke it
    CallbackScheduled,// task = owner; sub = CallbackKind; a = callback detail (timer id, child task)
    CallbackCancelled,// a queued callback was taken out of the ready queue before it ran
    CallbackRun,      // task = owner; sub = CallbackKind; the front of the ready queue runs
    TaskResumed,      // task; sub = 1 on the first step; the front of the ready queue runs
    TaskSuspended,    // task; line; sub = WaitKind; a = object waited on; b = label string
    TaskYielded,      // task; line; suspended by sleep(0) and queued again in one go
    TaskFinished,     // task; sub = FinishState; a = error text string
    CancelRequested,  // task = target; a = requesting task
    CancelDelivered,  // task: CancelledError thrown at its await point
    TimerArmed,       // task = owner; line; v = deadline
    TimerFired,       // task = owner; a = timer id; b = lateness in microseconds (saturated)
    TimerCancelled,   // task = owner; a = timer id
    Acquired,         // task; a = object (lock, semaphore, connection slot)
    Released,         // task; a = object
    Counter,          // a = object; b = value (permits in use, queue size, connections in flight)
    PrimitiveState,   // a = object; sub = 1 set / 0 clear (Event)
    BlockingBegin,    // task; line; sub = BlockingKind; a = label string
    BlockingEnd,      // task
    JobQueued,        // task = submitter; a = executor object; b = job id
    JobStarted,       // task = submitter; a = executor object; b = job id; sub = worker index
    JobWaitingGil,    // task = submitter; a = executor object; b = job id; sub = worker index
    JobFinished,      // task = submitter; a = executor object; b = job id; sub = worker index, 0xff if dropped unstarted
    Print,            // task; line; a = text string
    Warning,          // task; sub = WarningKind; a = text string
    Line,             // task; line: the task moved to this listing line (lessons only, see line())
};

enum class LoopPhase : std::uint8_t {
    Start,            // asyncio.run: the loop is created and main is scheduled
    ComputeTimeout,   // how long may the loop wait? 0 if handles are ready, else until the next timer
    Wait,             // waiting for I/O or the next timer (on the virtual clock: a jump)
    ExpireTimers,     // timers whose deadline has passed move to the ready queue
    RunReady,         // run the handles that were ready when this phase began
    CancelLeftovers,  // main finished: cancel the tasks still pending and let them finish
    ShutdownExecutors,// wait for worker threads and processes to finish
    Closed,           // the loop is closed
    Deadlock,         // nothing can ever run again while tasks still wait
};

enum class WakeReason : std::uint8_t {
    Created,    // create_task: first step at the next loop turn
    Yield,      // sleep(0)
    Timer,      // a sleep's timer fired
    TaskDone,   // an awaited task finished
    Handoff,    // a lock or semaphore was handed over
    Item,       // a queue put or get made room or data
    EventSet,   // an Event was set
    Gather,     // a gather finished
    Job,        // an executor job finished
    Io,         // a simulated I/O request completed
    Cancel,     // cancel() woke the task to deliver CancelledError
    Callback,   // any other callback
};

enum class WaitKind : std::uint8_t {
    Sleep, Task, Gather, Lock, Semaphore, QueueGet, QueuePut, QueueJoin, Event, Job, Io, TaskGroup, Shield, WaitFor,
};

enum class CallbackKind : std::uint8_t { Timer, GatherChild, Generic };

enum class FinishState : std::uint8_t { Done, Failed, Cancelled };

enum class BlockingKind : std::uint8_t { Sleep, Cpu };

enum class WarningKind : std::uint8_t {
    SlowCallback, NeverAwaited, ExceptionNeverRetrieved, Deadlock, SwallowedCancel,
};

struct Event
{
    TimeNs t = 0;              // virtual (or, live, steady) time in nanoseconds
    std::uint32_t task = 0;    // TaskId value, 0 for the loop
    EventKind kind = EventKind::LoopPhase;
    std::uint8_t sub = 0;      // kind-specific small enum
    std::uint16_t line = 0;    // listing line the task is at, 0 if unknown
    union {
        struct {
            std::uint32_t a;
            std::uint32_t b;
        } ab;
        std::int64_t v;        // one 64-bit value (a timer's deadline)
    } arg = {{0, 0}};

    std::uint32_t a() const { return arg.ab.a; }
    std::uint32_t b() const { return arg.ab.b; }
    std::int64_t v() const { return arg.v; }
};

static_assert(sizeof(Event) == 24, "an event must stay 24 bytes");

const char* toString(EventKind kind);
const char* toString(LoopPhase phase);
const char* toString(WakeReason reason);
const char* toString(WaitKind kind);
const char* toString(FinishState state);
const char* toString(WarningKind kind);

} // namespace loopscope
