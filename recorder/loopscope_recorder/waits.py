"""What a suspended task waits on, read from its chain of awaiting coroutines.

A task's `_fut_waiter` says which future it waits for but not why; the frames of the asyncio
functions on its await chain (Lock.acquire, Queue.get, sleep, ...) say why, and their `self` is
the primitive. Code objects are matched by identity, taken before the recorder wraps any method.
"""

import asyncio
import asyncio.locks
import asyncio.queues
import asyncio.tasks

from .schema import ObjectKind, WaitKind


def await_chain(coro):
    """The frames from the task's coroutine inwards to the innermost one still running."""
    frames = []
    obj = coro
    while obj is not None:
        frame = getattr(obj, "cr_frame", None) or getattr(obj, "gi_frame", None) or getattr(obj, "ag_frame", None)
        if frame is None:
            break
        frames.append(frame)
        nxt = getattr(obj, "cr_await", None)
        if nxt is None:
            nxt = getattr(obj, "gi_yieldfrom", None)
        if nxt is None:
            nxt = getattr(obj, "ag_await", None)
        obj = nxt
    return frames


def _code(function):
    function = getattr(function, "__func__", function)
    return getattr(function, "__code__", None)


def _build_known_waits():
    known = {}

    def add(function, meaning):
        code = _code(function)
        if code is not None:
            known[code] = meaning

    add(asyncio.locks.Lock.acquire, "lock")
    add(asyncio.locks.Semaphore.acquire, "semaphore")
    add(asyncio.locks.Event.wait, "event")
    add(asyncio.locks.Condition.wait, "condition")
    add(asyncio.locks.Condition.wait_for, "condition")
    if hasattr(asyncio.locks, "Barrier"):
        add(asyncio.locks.Barrier.wait, "barrier")
    add(asyncio.queues.Queue.get, "queue-get")
    add(asyncio.queues.Queue.put, "queue-put")
    add(asyncio.queues.Queue.join, "queue-join")
    add(asyncio.tasks.sleep, "sleep")
    add(asyncio.tasks.wait_for, "wait_for")
    add(asyncio.tasks.wait, "wait")
    if hasattr(asyncio, "TaskGroup"):
        add(asyncio.TaskGroup.__aexit__, "taskgroup")
    return known


KNOWN_WAITS = _build_known_waits()


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
    if meaning.startswith("queue"):
        return tracer.object_id(obj, ObjectKind.Queue, getattr(obj, "_maxsize", 0))
    return tracer.object_id(obj, ObjectKind.Other)


def describe_wait(tracer, task, waiter, frames, job_labels):
    """(WaitKind, a, label) for a task that has just suspended on the future `waiter`."""
    meaning = None
    owner = None
    for frame in frames:
        found = KNOWN_WAITS.get(frame.f_code)
        if found is not None:
            meaning = found
            owner = frame.f_locals.get("self")
            break

    if isinstance(waiter, asyncio.Task):
        other = tracer.task_id(waiter)
        if other:
            tracer.rename_task(other, waiter)  # asyncio.create_task may name it after creating it
        name = tracer.task_name(other) if other else waiter.get_name()
        if meaning == "wait_for":
            return WaitKind.WaitFor, other, "wait_for(task %s)" % name
        if meaning == "taskgroup":
            return WaitKind.TaskGroup, 0, "task group"
        return WaitKind.Task, other, "task %s" % name
    if isinstance(waiter, asyncio.tasks._GatheringFuture):
        children = len(getattr(waiter, "_children", ()))
        return WaitKind.Gather, 0, "gather of %d %s" % (children, "task" if children == 1 else "tasks")

    job = job_labels.get(waiter)
    if job is not None:
        return WaitKind.Job, job[0], job[1]

    if meaning == "sleep":
        delay = frames_local(frames, asyncio.tasks.sleep, "delay")
        return WaitKind.Sleep, 0, "sleep(%r)" % (delay,)
    if meaning == "wait_for":
        return WaitKind.WaitFor, 0, "wait_for"
    if meaning == "taskgroup":
        return WaitKind.TaskGroup, 0, "task group"
    if meaning == "wait":
        return WaitKind.Gather, 0, "wait"
    if owner is not None:
        oid = primitive_object(tracer, meaning, owner)
        name = tracer.object_name(oid)
        if meaning == "lock":
            return WaitKind.Lock, oid, name
        if meaning == "semaphore":
            return WaitKind.Semaphore, oid, name
        if meaning == "event":
            return WaitKind.Event, oid, name
        if meaning == "queue-get":
            return WaitKind.QueueGet, oid, "get from " + name
        if meaning == "queue-put":
            return WaitKind.QueuePut, oid, "put into " + name
        if meaning == "queue-join":
            return WaitKind.QueueJoin, oid, "join " + name
        # Conditions and barriers have no wait kind of their own; Event is the nearest.
        return WaitKind.Event, oid, name
    return WaitKind.Io, 0, "future"


def frames_local(frames, function, name):
    code = _code(function)
    for frame in frames:
        if frame.f_code is code:
            return frame.f_locals.get(name)
    return None


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
    WaitKind.Io: "Callback",
    WaitKind.TaskGroup: "TaskDone",
}
