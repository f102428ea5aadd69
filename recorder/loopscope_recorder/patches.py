"""What the recorder changes in the interpreter while a program runs, and puts back after.

time.sleep on the loop's thread becomes a recorded stall; the clock functions read the
recording's clock (virtual runs only); stdout and stderr are copied line by line into Print
events; the asyncio primitives report acquire, release, sizes and Event state.
"""

import asyncio
import asyncio.locks
import asyncio.queues
import asyncio.runners
import functools
import re
import sys
import time
import warnings

from . import clock as clocks
from .loop import RecordingPolicy, cancel_leftovers_recorded
from .schema import BlockingKind, EventKind, ObjectKind, WarningKind
from .waits import seconds_text, semaphore_capacity


class Patches:
    def __init__(self):
        self._undo = []

    def replace(self, owner, name, value):
        self._undo.append((owner, name, getattr(owner, name)))
        setattr(owner, name, value)

    def undo(self):
        while self._undo:
            owner, name, value = self._undo.pop()
            setattr(owner, name, value)


class LineTee:
    """A text stream that passes writes on and records each completed line as a Print event."""

    def __init__(self, stream, tracer):
        self._stream = stream
        self._tracer = tracer
        self._partial = ""

    def write(self, text):
        getattr(self._tracer, "count_output", id)(text)  # limits.py's output cap (id: none set)
        # Recorded before it is passed on: whoever reads the output and then stops the program
        # (a SIGTERM lands between any two bytecodes) finds every line it saw in the recording.
        tracer = self._tracer
        if tracer.recording_here() and isinstance(text, str):
            self._partial += text
            if "\n" in self._partial:
                *lines, self._partial = self._partial.split("\n")
                line = tracer.stack_line(2)
                for one in lines:
                    tracer.emit(EventKind.Print, tracer.current_task, line=line, a=tracer.intern(one))
        elif isinstance(text, str) and clocks.current_job() is not None and tracer.frozen_at is None:
            self._note_job_print(clocks.current_job(), text)
        return self._stream.write(text)

    def _note_job_print(self, job, text):
        # A worker thread of an executor printed: the loop records the line, in job order, as
        # printed by the task that submitted the job (tracer.py is written by the loop's thread only).
        partial = job.partial.get(id(self), "") + text
        if "\n" in partial:
            *lines, partial = partial.split("\n")
            line = self._tracer.stack_line(3)
            for one in lines:
                self._tracer.jobs.note_print(job, one, line)
        job.partial[id(self)] = partial

    def flush_partial(self):
        if self._partial:
            tracer = self._tracer
            tracer.emit(EventKind.Print, tracer.current_task, a=tracer.intern(self._partial))
            self._partial = ""

    def __getattr__(self, name):
        return getattr(self._stream, name)


def install(tracer):
    """Installs everything; returns the Patches to undo and the two tees to flush."""
    patches = Patches()
    patches.tracer = tracer
    clock = tracer.clock

    def sleep(seconds):
        if clock.virtual and clocks.current_job() is not None and tracer.frozen_at is None:
            if seconds < 0:
                raise ValueError("sleep length must be non-negative")
            return tracer.jobs.park(seconds)  # a worker's sleep: virtual time, not real
        if not tracer.recording_here():
            return clocks.real_sleep(seconds)
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        label = tracer.intern("time.sleep(%s)" % seconds_text(seconds))
        task = tracer.current_task
        tracer.emit(EventKind.BlockingBegin, task, BlockingKind.Sleep, tracer.stack_line(2), a=label)
        clock.stall(seconds)
        tracer.emit(EventKind.BlockingEnd, task)

    patches.replace(time, "sleep", sleep)

    if clock.virtual:
        def virtual_or(real, convert):
            @functools.wraps(real)
            def read(*args):
                if tracer.recording_here() or tracer.frozen_at is not None or clocks.current_job() is not None:
                    return convert(clock.now())
                return real(*args)
            return read

        patches.replace(time, "time", virtual_or(clocks.real_time, lambda ns: clocks.VIRTUAL_EPOCH + ns / 1e9))
        patches.replace(time, "time_ns", virtual_or(time.time_ns, lambda ns: int(clocks.VIRTUAL_EPOCH * 1e9) + ns))
        patches.replace(time, "monotonic", virtual_or(clocks.real_monotonic, lambda ns: ns / 1e9))
        patches.replace(time, "monotonic_ns", virtual_or(clocks.real_monotonic_ns, lambda ns: ns))
        patches.replace(time, "perf_counter", virtual_or(clocks.real_perf_counter, lambda ns: ns / 1e9))
        patches.replace(time, "perf_counter_ns", virtual_or(clocks.real_perf_counter_ns, lambda ns: ns))

    _instrument_primitives(patches, tracer)
    _cancel_task_groups_in_creation_order(patches, tracer)
    _instrument_shield(patches, tracer)
    _instrument_task_names(patches, tracer)
    _instrument_never_awaited(patches, tracer)
    patches.replace(asyncio.runners, "_cancel_all_tasks",
                    cancel_leftovers_recorded(asyncio.runners._cancel_all_tasks, tracer))

    stdout, stderr = LineTee(sys.stdout, tracer), LineTee(sys.stderr, tracer)
    patches.replace(sys, "stdout", stdout)
    patches.replace(sys, "stderr", stderr)

    previous_policy = asyncio.get_event_loop_policy()
    asyncio.set_event_loop_policy(RecordingPolicy(tracer))
    patches._undo.insert(0, (None, "policy", previous_policy))
    return patches, (stdout, stderr)


def uninstall(patches):
    tracer = getattr(patches, "tracer", None)
    if tracer is not None:
        tracer.jobs.finish()  # jobs still parked in a sleep go on now, in real time
    for owner, name, value in list(patches._undo):
        if owner is None and name == "policy":
            asyncio.set_event_loop_policy(value)
    patches._undo = [entry for entry in patches._undo if entry[0] is not None]
    patches.undo()


def _cancel_task_groups_in_creation_order(patches, tracer):
    """A failing TaskGroup cancels its other tasks in the order of a set, that is of their
    addresses in memory, which change from run to run. Cancelling them in the order they were
    created is one of the orders asyncio allows; it keeps the same program's recording the same
    (and is the order Loopscope's own TaskGroup uses)."""
    group = getattr(asyncio, "TaskGroup", None)
    if group is None or not hasattr(group, "_abort"):
        return

    def _abort(self):
        self._aborting = True
        for task in sorted(self._tasks, key=lambda t: tracer.task_id(t) or 0):
            if not task.done():
                task.cancel()

    patches.replace(group, "_abort", _abort)


def _instrument_primitives(patches, tracer):
    Lock, Semaphore, Event, Queue = asyncio.locks.Lock, asyncio.locks.Semaphore, asyncio.locks.Event, asyncio.queues.Queue

    def lock_id(lock):
        return tracer.object_id(lock, ObjectKind.Lock, 1)

    def semaphore_id(semaphore):
        return tracer.object_id(semaphore, ObjectKind.Semaphore, semaphore_capacity(semaphore))

    def queue_id(queue):
        return tracer.object_id(queue, ObjectKind.Queue, queue._maxsize)

    original_semaphore_init = Semaphore.__init__

    @functools.wraps(original_semaphore_init)
    def semaphore_init(self, value=1, *args, **kwargs):
        original_semaphore_init(self, value, *args, **kwargs)
        self._loopscope_initial = value

    patches.replace(Semaphore, "__init__", semaphore_init)

    def wrap_acquire(cls, object_id, in_use, holds=False):
        original = cls.acquire

        @functools.wraps(original)
        async def acquire(self):
            result = await original(self)
            if tracer.recording_here():
                oid = object_id(self)
                tracer.emit(EventKind.Acquired, tracer.current_task, line=tracer.stack_line(2), a=oid)
                if holds:
                    tracer.lock_holders[oid] = tracer.current_task
                if in_use is not None:
                    tracer.emit(EventKind.Counter, tracer.current_task, a=oid, b=in_use(self))
            return result

        patches.replace(cls, "acquire", acquire)

    def wrap_release(cls, object_id, in_use):
        original = cls.release

        @functools.wraps(original)
        def release(self):
            result = original(self)
            if tracer.recording_here():
                oid = object_id(self)
                tracer.emit(EventKind.Released, tracer.current_task, line=tracer.stack_line(2), a=oid)
                tracer.lock_holders.pop(oid, None)
                if in_use is not None:
                    tracer.emit(EventKind.Counter, tracer.current_task, a=oid, b=in_use(self))
            return result

        patches.replace(cls, "release", release)

    def permits_in_use(semaphore):
        return max(0, semaphore_capacity(semaphore) - semaphore._value)

    wrap_acquire(Lock, lock_id, None, holds=True)
    wrap_release(Lock, lock_id, None)
    wrap_acquire(Semaphore, semaphore_id, permits_in_use)
    wrap_release(Semaphore, semaphore_id, permits_in_use)

    for name in ("put_nowait", "get_nowait"):
        original = getattr(Queue, name)

        def sized(original):
            @functools.wraps(original)
            def operation(self, *args):
                result = original(self, *args)
                if tracer.recording_here():
                    tracer.emit(EventKind.Counter, tracer.current_task, a=queue_id(self), b=self.qsize())
                return result
            return operation

        patches.replace(Queue, name, sized(original))

    queue_module_file = asyncio.queues.__file__
    for name, state in (("set", 1), ("clear", 0)):
        original = getattr(Event, name)

        def stated(original, state):
            @functools.wraps(original)
            def operation(self):
                result = original(self)
                # A Queue keeps an Event of its own for join(): its churn is not the program's.
                if tracer.recording_here() and sys._getframe(1).f_code.co_filename != queue_module_file:
                    oid = tracer.object_id(self, ObjectKind.Event)
                    tracer.emit(EventKind.PrimitiveState, tracer.current_task, state, a=oid)
                return result
            return operation

        patches.replace(Event, name, stated(original, state))


def _instrument_shield(patches, tracer):
    """shield() returns a plain future; remember which task it stands for, so that a task
    waiting on it is recorded as waiting on that task (WaitKind.Shield)."""
    original = asyncio.tasks.shield

    @functools.wraps(original)
    def shield(arg):
        inner = asyncio.ensure_future(arg)
        outer = original(inner)
        if outer is not inner and tracer.recording_here():
            tracer.shields.set(outer, inner)
        return outer

    patches.replace(asyncio.tasks, "shield", shield)
    patches.replace(asyncio, "shield", shield)


_NEVER_AWAITED = re.compile(r"^coroutine '.*' was never awaited$")


def _instrument_never_awaited(patches, tracer):
    """A coroutine dropped unawaited makes Python warn (RuntimeWarning) when it is collected:
    record it as the NeverAwaited warning of the task running then, and still show it."""
    original = warnings.showwarning

    def showwarning(message, category, filename, lineno, file=None, line=None):
        text = str(message)
        if tracer.recording_here() and issubclass(category, RuntimeWarning) and _NEVER_AWAITED.match(text):
            # Collected between steps (current task 0) the program's line is not where it was lost.
            where = tracer.stack_line(2) if tracer.current_task else 0
            tracer.emit(EventKind.Warning, tracer.current_task, WarningKind.NeverAwaited, where, a=tracer.intern(text))
        return original(message, category, filename, lineno, file, line)

    patches.replace(warnings, "showwarning", showwarning)


def _instrument_task_names(patches, tracer):
    """asyncio.create_task names a task after the loop made it (3.12+ at least): by then an
    eager task may have run its first step, or finished, so take the name when it is given."""
    original = getattr(asyncio.tasks, "_set_task_name", None)
    if original is None:
        return

    @functools.wraps(original)
    def set_task_name(task, name):
        original(task, name)
        tid = tracer.task_id(task) if name is not None and tracer.recording_here() else 0
        if tid:
            tracer.rename_task(tid, task)

    patches.replace(asyncio.tasks, "_set_task_name", set_task_name)
