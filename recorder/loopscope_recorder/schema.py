"""The numbers of Loopscope's event schema (core/event.h, core/tracemeta.h).

Each enum is numbered in the order core/event.h declares it; the C++ loader refuses any value past
the last one, so these must move in step with that header.
"""

import types
from enum import IntEnum


class EventKind(IntEnum):
    LoopPhase = 0
    TaskCreated = 1
    StepScheduled = 2
    CallbackScheduled = 3
    CallbackCancelled = 4
    CallbackRun = 5
    TaskResumed = 6
    TaskSuspended = 7
    TaskYielded = 8
    TaskFinished = 9
    CancelRequested = 10
    CancelDelivered = 11
    TimerArmed = 12
    TimerFired = 13
    TimerCancelled = 14
    Acquired = 15
    Released = 16
    Counter = 17
    PrimitiveState = 18
    BlockingBegin = 19
    BlockingEnd = 20
    JobQueued = 21
    JobStarted = 22
    JobWaitingGil = 23
    JobFinished = 24
    Print = 25
    Warning = 26
    Line = 27


class LoopPhase(IntEnum):
    Start = 0
    ComputeTimeout = 1
    Wait = 2
    ExpireTimers = 3
    RunReady = 4
    CancelLeftovers = 5
    ShutdownExecutors = 6
    Closed = 7
    Deadlock = 8


class WakeReason(IntEnum):
    Created = 0
    Yield = 1
    Timer = 2
    TaskDone = 3
    Handoff = 4
    Item = 5
    EventSet = 6
    Gather = 7
    Job = 8
    Io = 9
    Cancel = 10
    Callback = 11


class WaitKind(IntEnum):
    Sleep = 0
    Task = 1
    Gather = 2
    Lock = 3
    Semaphore = 4
    QueueGet = 5
    QueuePut = 6
    QueueJoin = 7
    Event = 8
    Job = 9
    Io = 10
    TaskGroup = 11
    Shield = 12
    WaitFor = 13


# Waits whose `a` names a task rather than an object (tracereader.h's waitsOnTask).
WAITS_ON_TASK = (WaitKind.Task, WaitKind.WaitFor, WaitKind.Shield)


class CallbackKind(IntEnum):
    Timer = 0
    GatherChild = 1
    Generic = 2


class FinishState(IntEnum):
    Done = 0
    Failed = 1
    Cancelled = 2


class BlockingKind(IntEnum):
    Sleep = 0
    Cpu = 1


class WarningKind(IntEnum):
    SlowCallback = 0
    NeverAwaited = 1
    ExceptionNeverRetrieved = 2
    Deadlock = 3
    SwallowedCancel = 4


class ObjectKind(IntEnum):
    Lock = 0
    Semaphore = 1
    Queue = 2
    Event = 3
    Executor = 4
    IoClient = 5
    Timer = 6
    Other = 7


class Clock(IntEnum):
    Virtual = 0
    Live = 1


# Per kind, what `a` and `b` refer to: "task", "string", "object", "wait" (task or object by the
# WaitKind in sub), or None for a plain number. TimerArmed carries one 64-bit value instead.
ARGUMENT_ROLES = {
    EventKind.LoopPhase: (None, None),
    EventKind.TaskCreated: ("task", "string"),
    EventKind.StepScheduled: ("task", "object"),
    EventKind.CallbackScheduled: (None, None),
    EventKind.CallbackCancelled: (None, None),
    EventKind.CallbackRun: (None, None),
    EventKind.TaskResumed: (None, None),
    EventKind.TaskSuspended: ("wait", "string"),
    EventKind.TaskYielded: (None, None),
    EventKind.TaskFinished: ("string", None),
    EventKind.CancelRequested: ("task", None),
    EventKind.CancelDelivered: (None, None),
    EventKind.TimerArmed: (None, None),
    EventKind.TimerFired: (None, None),
    EventKind.TimerCancelled: (None, None),
    EventKind.Acquired: ("object", None),
    EventKind.Released: ("object", None),
    EventKind.Counter: ("object", None),
    EventKind.PrimitiveState: ("object", None),
    EventKind.BlockingBegin: ("string", None),
    EventKind.BlockingEnd: (None, None),
    EventKind.JobQueued: ("object", None),
    EventKind.JobStarted: ("object", None),
    EventKind.JobWaitingGil: ("object", None),
    EventKind.JobFinished: ("object", None),
    EventKind.Print: ("string", None),
    EventKind.Warning: ("string", None),
    EventKind.Line: (None, None),
}

# Per kind, the enum that `sub` must fall in (None: any byte).
SUB_ENUMS = {
    EventKind.LoopPhase: LoopPhase,
    EventKind.StepScheduled: WakeReason,
    EventKind.CallbackScheduled: CallbackKind,
    EventKind.CallbackCancelled: CallbackKind,
    EventKind.CallbackRun: CallbackKind,
    EventKind.TaskSuspended: WaitKind,
    EventKind.TaskFinished: FinishState,
    EventKind.BlockingBegin: BlockingKind,
    EventKind.Warning: WarningKind,
}


def plain_members(enum):
    """The members of `enum` as attributes of a plain object: the same members, for code that
    runs for every event. On Python 3.11 EnumType defines __getattr__, which puts every attribute
    read off an Enum class on a slow path costing about as much as a function call."""
    return types.SimpleNamespace(**enum.__members__)
