"""What a suspended task waits on, read from its chain of awaiting coroutines.

A task's `_fut_waiter` says which future it waits for but not why; the frames of the asyncio
functions on its await chain (Lock.acquire, Queue.get, sleep, ...) say why, and their `self` is
the primitive. Code objects are matched by identity, taken before the recorder wraps any method.
"""

import asyncio
import asyncio.locks
import gc
import types
import asyncio.base_events
import asyncio.queues
import asyncio.selector_events
import asyncio.streams
import asyncio.tasks

# The recorder's own copy of asyncio's names: the program may rebind the module's (asyncio_names.py).
from .asyncio_names import asyncio  # noqa: E402,F811

from . import schema
from .schema import ObjectKind, plain_members

WaitKind = plain_members(schema.WaitKind)  # read on every suspension (see plain_members)


def await_chain(coro):
    """The frames from the task's coroutine inwards to the innermost one still running."""
    frames = []
    obj = coro
    while obj is not None:
        if type(obj) is types.CoroutineType:
            # Most links are plain coroutines: read their two attributes directly. (A coroutine
            # that has ended has no frame, and nothing further in.)
            frame = obj.cr_frame
            if frame is None:
                break
            frames.append(frame)
            obj = obj.cr_await
            continue
        frame = getattr(obj, "cr_frame", None) or getattr(obj, "gi_frame", None) or getattr(obj, "ag_frame", None)
        if frame is None:
            # `async for` awaits the generator's asend()/athrow() object, which has no frame of
            # its own; the generator it drives does, and the wait goes on inside it.
            generator = _driven_generator(obj)
            if generator is None:
                break
            obj = generator
            continue
        frames.append(frame)
        nxt = getattr(obj, "cr_await", None)
        if nxt is None:
            nxt = getattr(obj, "gi_yieldfrom", None)
        if nxt is None:
            nxt = getattr(obj, "ag_await", None)
        obj = nxt
    return frames


_GENERATOR_STEPS = ("async_generator_asend", "async_generator_athrow")


def _driven_generator(step):
    """The async generator an asend()/athrow() object steps, or None."""
    if type(step).__name__ not in _GENERATOR_STEPS:
        return None
    for referent in gc.get_referents(step):
        if isinstance(referent, types.AsyncGeneratorType):
            return referent
    return None


def seconds_text(delay):
    """A sleep's length as Python shows it (1.0, 0.25), but 0.6 rather than the 0.6000000000000001
    that arithmetic leaves: six significant digits once repr runs long."""
    text = repr(delay)
    if isinstance(delay, float) and len(text) > 10:
        text = "%.6g" % delay
    return text


def _code(function):
    function = getattr(function, "__func__", function)
    return getattr(function, "__code__", None)


def _build_known_waits():
    known = {}

    def add(owner, name, meaning):
        code = _code(getattr(owner, name, None))
        if code is not None:
            known[code] = meaning

    add(asyncio.locks.Lock, "acquire", "lock")
    add(asyncio.locks.Semaphore, "acquire", "semaphore")
    add(asyncio.locks.Event, "wait", "event")
    add(asyncio.locks.Condition, "wait", "condition")
    add(asyncio.locks.Barrier if hasattr(asyncio.locks, "Barrier") else None, "wait", "barrier")
    add(asyncio.queues.Queue, "get", "queue-get")
    add(asyncio.queues.Queue, "put", "queue-put")
    add(asyncio.queues.Queue, "join", "queue-join")
    add(asyncio.tasks, "sleep", "sleep")
    add(asyncio.tasks, "wait_for", "wait_for")
    add(asyncio.tasks, "_cancel_and_wait", "wait_for")
    add(asyncio.tasks, "_wait", "wait")
    add(getattr(asyncio, "TaskGroup", None), "__aexit__", "taskgroup")
    add(getattr(asyncio, "TaskGroup", None), "_aexit", "taskgroup")
    # Streams and sockets: what the task waits for is the peer, so these are I/O waits.
    add(asyncio.streams.StreamReader, "_wait_for_data", "io-read")
    add(asyncio.streams.FlowControlMixin, "_drain_helper", "io-write")
    add(asyncio.streams.StreamWriter, "wait_closed", "io-close")
    for name in ("sock_recv", "sock_recv_into", "sock_sendall", "sock_connect", "sock_accept"):
        add(asyncio.selector_events.BaseSelectorEventLoop, name, "io-" + name)
    # asyncio's own steps of making a connection: the transport waits for the socket to connect.
    add(asyncio.base_events.BaseEventLoop, "_create_connection_transport", "io-sock_connect")
    add(asyncio.selector_events.BaseSelectorEventLoop, "_accept_connection2", "io-sock_accept")
    add(asyncio.base_events.Server, "wait_closed", "io-server")
    add(asyncio.base_events.Server, "serve_forever", "io-server")
    return known


KNOWN_WAITS = _build_known_waits()

# A known wait that calls another known one is the one the program asked for: Queue.join waits
# on an Event of the queue's own, but the program waits for the queue.
_OUTER_WINS = ("queue-join",)


def semaphore_capacity(semaphore):
    bound = getattr(semaphore, "_bound_value", None)
    if bound is not None:
        return bound
    return getattr(semaphore, "_loopscope_initial", getattr(semaphore, "_value", 0))


def primitive_object(tracer, meaning, obj):
    """The object-table id of the primitive a known wait belongs to."""
    if meaning == "lock":
        return tracer.object_id(obj, ObjectKind.Lock, 1)
    if meaning == "semaphore":
        return tracer.object_id(obj, ObjectKind.Semaphore, semaphore_capacity(obj))
    if meaning == "event":
        return tracer.object_id(obj, ObjectKind.Event)
    if meaning in ("condition", "barrier"):
        # Neither has an object kind of its own; both are signals that tasks wait to be given.
        return tracer.object_id(obj, ObjectKind.Event, word=meaning)
    if meaning.startswith("queue"):
        return tracer.object_id(obj, ObjectKind.Queue, getattr(obj, "_maxsize", 0))
    return tracer.object_id(obj, ObjectKind.Other)


def find_known_wait(frames):
    """(meaning, frame) of the innermost asyncio function the task is suspended in, or (None, None).

    Innermost, because that is what the task waits for (Condition.wait re-taking its lock waits
    for the lock); except that a composite wait (_OUTER_WINS) further out names the whole wait.
    wait_for on 3.12+ runs its coroutine in the same task (no inner task): then it is not the
    wait, and what the coroutine waits on inside it is.
    """
    found = (None, None)
    for frame in reversed(frames):
        meaning = KNOWN_WAITS.get(frame.f_code)
        if meaning is None:
            continue
        if meaning == "wait_for" and not isinstance(frame.f_locals.get("fut"), asyncio.Future):
            continue
        if found[0] is None:
            found = (meaning, frame)
        elif meaning in _OUTER_WINS:
            found = (meaning, frame)
    return found


def _task_label(tracer, task):
    other = tracer.task_id(task)
    if other:
        tracer.rename_task(other, task)  # asyncio.create_task may name it after creating it
    return other, (tracer.task_name(other) if other else task.get_name())


def _future_wait(tracer, future, job_labels, shields):
    """(WaitKind, a, label) for a wait on `future` judged by what the future is: a task, a
    shield, a gather, an executor job, or else a bare future of its own. wait_for and shield
    accept any awaitable, so a plain Future (the executor's, loop.create_future()'s,
    wrap_future's) reaches here as often as a task does; only a task has a name."""
    return _known_future_wait(tracer, future, job_labels, shields) or _bare_future(tracer, future)


def _known_future_wait(tracer, future, job_labels, shields):
    """_future_wait's answer for a future that is more than a bare one, else None."""
    inner = shields.get(future) if shields is not None else None
    if inner is not None:
        if isinstance(inner, asyncio.Task):
            other, name = _task_label(tracer, inner)
            return WaitKind.Shield, other, "shield(task %s)" % name
        # Shielding a plain future: the wait is on what that future is. The Shield kind names
        # a task, so the label alone says that a shield stands in between.
        kind, on, label = _future_wait(tracer, inner, job_labels, None)
        return kind, on, "shield(%s)" % label
    if isinstance(future, asyncio.Task):
        other, name = _task_label(tracer, future)
        return WaitKind.Task, other, "task %s" % name
    if isinstance(future, asyncio.tasks._GatheringFuture):
        children = len(getattr(future, "_children", ()))
        return WaitKind.Gather, 0, "gather of %d %s" % (children, "task" if children == 1 else "tasks")
    job = job_labels.get(future)
    if job is not None:
        return WaitKind.Job, job[0], job[1]
    return None


def _bare_future(tracer, future):
    # A one-shot value that some callback or task will set. Event is the honest kind (woken
    # when someone sets it), on an object of its own.
    oid = tracer.object_id(future, ObjectKind.Other, word="future")
    return WaitKind.Event, oid, tracer.object_name(oid)


def _io_object(tracer, meaning, frame):
    """The connection (or server) an I/O wait is on: one object per socket, however reached."""
    owner = frame.f_locals.get("self")
    if meaning.startswith("io-sock_"):
        target = frame.f_locals.get("sock") or frame.f_locals.get("conn") or owner
    elif meaning == "io-server":
        oid = tracer.object_id(owner, ObjectKind.IoClient, word="server")
        return oid, "wait for " + tracer.object_name(oid)
    else:
        transport = getattr(owner, "_transport", None) or getattr(owner, "transport", None)
        target = getattr(transport, "_sock", None) or transport or owner
    return tracer.object_id(target, ObjectKind.IoClient, word="connection"), None


_IO_VERBS = {"io-read": "read from", "io-write": "drain", "io-close": "close", "io-sock_recv": "receive on",
             "io-sock_recv_into": "receive on", "io-sock_sendall": "send on", "io-sock_connect": "connect",
             "io-sock_accept": "accept"}


def describe_wait(tracer, task, waiter, frames, job_labels, shields=None):
    """(WaitKind, a, label) for a task that has just suspended on the future `waiter`."""
    meaning, frame = find_known_wait(frames)
    # Read once: on 3.11 and 3.12 each read of f_locals copies the frame's variables again.
    local_vars = frame.f_locals if frame is not None else {}
    owner = local_vars.get("self")

    if meaning == "wait_for":
        target = local_vars.get("fut")
        if isinstance(target, asyncio.Task):
            # The inner task wait_for runs a coroutine in (3.11), or the task it was handed.
            other, name = _task_label(tracer, target)
            return WaitKind.WaitFor, other, "wait_for(task %s)" % name
        # Handed a future, wait_for waits on it as it is (3.11 through a waiter of its own, 3.12+
        # by awaiting it under a timeout): the kind is that future's, the label keeps wait_for.
        kind, on, label = _future_wait(tracer, target, job_labels, shields)
        return kind, on, "wait_for(%s)" % label
    if meaning == "taskgroup":
        children = len(getattr(owner, "_tasks", ()))
        return WaitKind.TaskGroup, 0, "task group of %d %s" % (children, "task" if children == 1 else "tasks")
    if meaning == "wait":
        count = len(local_vars.get("fs") or ())
        when = local_vars.get("return_when", "ALL_COMPLETED")
        return WaitKind.Gather, 0, "wait(%d %s, %s)" % (count, "task" if count == 1 else "tasks", when)

    known = _known_future_wait(tracer, waiter, job_labels, shields)
    if known is not None:
        return known

    if meaning == "sleep":
        delay = local_vars.get("delay")
        return WaitKind.Sleep, 0, "sleep(%s)" % seconds_text(delay)
    if meaning is not None and meaning.startswith("io-"):
        oid, fixed = _io_object(tracer, meaning, frame)
        return WaitKind.Io, oid, fixed or "%s %s" % (_IO_VERBS[meaning], tracer.object_name(oid))
    if owner is not None and meaning is not None:
        oid = primitive_object(tracer, meaning, owner)
        name = tracer.object_name(oid)
        if meaning == "lock":
            return WaitKind.Lock, oid, name
        if meaning == "semaphore":
            return WaitKind.Semaphore, oid, name
        if meaning == "queue-get":
            return WaitKind.QueueGet, oid, "get from " + name
        if meaning == "queue-put":
            return WaitKind.QueuePut, oid, "put into " + name
        if meaning == "queue-join":
            return WaitKind.QueueJoin, oid, "join " + name
        # Event, and Condition and Barrier as the nearest kind: woken when another task signals.
        return WaitKind.Event, oid, name
    # A bare Future nobody above explains.
    return _bare_future(tracer, waiter)


# How a waiter woken from each kind of wait says why it woke.
WAKE_FOR_WAIT = {
    WaitKind.Sleep: "Timer",
    WaitKind.Task: "TaskDone",
    WaitKind.WaitFor: "TaskDone",
    WaitKind.Gather: "Gather",
    WaitKind.Lock: "Handoff",
    WaitKind.Semaphore: "Handoff",
    WaitKind.QueueGet: "Item",
    WaitKind.QueuePut: "Item",
    WaitKind.QueueJoin: "Item",
    WaitKind.Event: "EventSet",
    WaitKind.Job: "Job",
    WaitKind.Io: "Io",
    WaitKind.TaskGroup: "TaskDone",
    WaitKind.Shield: "TaskDone",
}
