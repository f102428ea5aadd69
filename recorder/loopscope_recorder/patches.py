"""What the recorder changes in the interpreter while a program runs, and puts back after.

time.sleep on the loop's thread becomes a recorded stall; the clock functions read the
recording's clock (virtual runs only); stdout and stderr are copied line by line into Print
events; the asyncio primitives report acquire, release, sizes and Event state.
"""

import asyncio
import asyncio.locks
import asyncio.queues
import asyncio.runners
import concurrent.futures
import functools
import os
import re
import sys
import time
import warnings

from . import clock as clocks
from . import wallclock
from .loop import RecordingLoop, cancel_leftovers_recorded
from .schema import BlockingKind, EventKind, ObjectKind, WarningKind
from .waits import seconds_text, semaphore_capacity


class Patches:
    def __init__(self):
        self._undo = []

    def replace(self, owner, name, value):
        old = getattr(owner, name)
        self._undo.append(lambda: setattr(owner, name, old))
        setattr(owner, name, value)

    def replace_item(self, mapping, key, value):
        """mapping[key] = value, until undone (the key goes again if it was not there)."""
        missing = object()
        old = mapping.get(key, missing)
        self._undo.append(lambda: mapping.__setitem__(key, old) if old is not missing else mapping.pop(key, None))
        mapping[key] = value

    def undo(self):
        while self._undo:
            self._undo.pop()()


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
        # The running loop's own stall lets thread-pool jobs go on meanwhile (virtual clock).
        stall = getattr(asyncio.events._get_running_loop(), "_stall", None) if clock.virtual else None
        (stall or clock.stall)(seconds)
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
        # The calendar and datetime readings follow the virtual time.time() just installed.
        wallclock.install(patches, time.time)

    _instrument_primitives(patches, tracer)
    _cancel_task_groups_in_creation_order(patches, tracer)
    _instrument_shield(patches, tracer)
    _instrument_threadsafe_answers(patches, tracer)
    _instrument_task_names(patches, tracer)
    _instrument_never_awaited(patches, tracer)
    patches.replace(asyncio.runners, "_cancel_all_tasks",
                    cancel_leftovers_recorded(asyncio.runners._cancel_all_tasks, tracer))

    stdout, stderr = LineTee(sys.stdout, tracer), LineTee(sys.stderr, tracer)
    patches.replace(sys, "stdout", stdout)
    patches.replace(sys, "stderr", stderr)

    _make_recording_loops(patches, tracer)
    return patches, (stdout, stderr)


def _make_recording_loops(patches, tracer):
    """Every loop the program gets from asyncio (asyncio.run, asyncio.Runner, new_event_loop) is
    a RecordingLoop. asyncio.run and Runner make theirs with events.new_event_loop(), looked up
    when called, so replacing that function (and the same one under asyncio) reaches them all
    without setting an event loop policy: the policy system is deprecated from 3.14 on, warns
    when used, and is to go in 3.16. A loop_factory the program passes itself is its choice, and
    is left alone."""

    # Wrapped so that the function reads as asyncio's own where a program prints it.
    @functools.wraps(asyncio.events.new_event_loop)
    def new_event_loop():
        return RecordingLoop(tracer)

    patches.replace(asyncio.events, "new_event_loop", new_event_loop)
    patches.replace(asyncio, "new_event_loop", new_event_loop)

    # Until 3.14, asyncio.get_event_loop() in the main thread with no loop set makes one through
    # the default policy's own new_event_loop method, not the function above. Where that
    # implicit loop still exists, the default policies make ours too; 3.14 raises instead.
    if sys.version_info < (3, 14):
        base = getattr(asyncio.events, "BaseDefaultEventLoopPolicy", None)
        if base is not None:
            @functools.wraps(base.new_event_loop)
            def policy_new_event_loop(policy):
                return RecordingLoop(tracer)

            patches.replace(base, "new_event_loop", policy_new_event_loop)


def uninstall(patches):
    tracer = getattr(patches, "tracer", None)
    if tracer is not None:
        tracer.jobs.finish()  # jobs still parked in a sleep go on now, in real time
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
        inner = asyncio.tasks.ensure_future(arg)  # the submodule's: a program may rebind asyncio's names
        outer = original(inner)
        if outer is not inner and tracer.recording_here():
            tracer.shields.set(outer, inner)
        return outer

    patches.replace(asyncio.tasks, "shield", shield)
    patches.replace(asyncio, "shield", shield)


def _instrument_threadsafe_answers(patches, tracer):
    """A thread-pool job that hands a coroutine to the loop (run_coroutine_threadsafe) and waits
    for its answer waits on the loop: on the virtual clock it is parked, as in a sleep, until
    the answer is there, so that the loop may run the coroutine meanwhile (clock.py)."""
    original_submit = asyncio.tasks.run_coroutine_threadsafe

    @functools.wraps(original_submit)
    def run_coroutine_threadsafe(coro, loop):
        answer = original_submit(coro, loop)
        answer._loopscope_from_loop = True
        return answer

    patches.replace(asyncio.tasks, "run_coroutine_threadsafe", run_coroutine_threadsafe)
    patches.replace(asyncio, "run_coroutine_threadsafe", run_coroutine_threadsafe)

    def waiting_on_the_loop(original):
        @functools.wraps(original)
        def read(self, timeout=None):
            if (getattr(self, "_loopscope_from_loop", False) and tracer.clock.virtual
                    and clocks.current_job() is not None and not self.done()):
                tracer.jobs.wait_for_loop(self, timeout)
                if not self.done():
                    timeout = 0  # its virtual time is up: the read says so as it would
            return original(self, timeout)
        return read

    for name in ("result", "exception"):
        patches.replace(concurrent.futures.Future, name, waiting_on_the_loop(getattr(concurrent.futures.Future, name)))


_NEVER_AWAITED = re.compile(r"^coroutine '.*' was never awaited$")
_RECORDER_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
_WARNING_MODULES = ("warnings.py", "_py_warnings.py")  # 3.14 moved the Python side to the latter


def _instrument_never_awaited(patches, tracer):
    """A coroutine dropped unawaited makes Python warn (RuntimeWarning) when it is collected:
    record it as the NeverAwaited warning of the task running then, and still show it.

    The hook is warnings._showwarnmsg, which Python calls for every warning it shows, rather than
    warnings.showwarning: replacing that one makes Python call it without the warning's source,
    and the line "Enable tracemalloc to get the object allocation traceback" goes missing."""
    original = warnings._showwarnmsg

    @functools.wraps(original)
    def showwarnmsg(msg):
        text = str(msg.message)
        if tracer.recording_here() and issubclass(msg.category, RuntimeWarning) and _NEVER_AWAITED.match(text):
            # Collected between steps (current task 0) the program's line is not where it was lost.
            where = tracer.stack_line(1) if tracer.current_task else 0
            tracer.emit(EventKind.Warning, tracer.current_task, WarningKind.NeverAwaited, where, a=tracer.intern(text))
        return original(_placed_as_asyncio_would(msg))

    patches.replace(warnings, "_showwarnmsg", showwarnmsg)


_ASYNCIO_PLACES = None


def _asyncio_places():
    """{(our file, line): (asyncio's file, line)} for the lines of the recorder's loop that stand
    for one of asyncio's: where _run_once lets go of the handle it ran, the moment a dropped
    coroutine (its step's last reference gone) is most often collected."""
    global _ASYNCIO_PLACES
    if _ASYNCIO_PLACES is None:
        import inspect
        from asyncio import base_events
        from .loop import RecordingLoop

        def releases(function):
            try:
                lines, first = inspect.getsourcelines(function)
            except (OSError, TypeError):
                return None
            found = [first + i for i, line in enumerate(lines) if line.strip().startswith("handle = None")]
            return (inspect.getsourcefile(function), found[-1]) if found else None

        ours, theirs = releases(RecordingLoop._run_once), releases(base_events.BaseEventLoop._run_once)
        _ASYNCIO_PLACES = {ours: theirs} if ours and theirs else {}
    return _ASYNCIO_PLACES


def _placed_as_asyncio_would(msg):
    """A warning Python placed in the recorder's own code (an object of the program's collected
    while the recorder ran) is placed where Python would have placed it without the recorder:
    asyncio's line the recorder's stands for, else the innermost frame that is not the
    recorder's, else nowhere in particular, as Python says of a warning with no frame at all."""
    filename = msg.filename or ""
    if not os.path.abspath(filename).startswith(_RECORDER_DIR):
        return msg
    place = _asyncio_places().get((filename, msg.lineno))
    if place is None:
        frame = sys._getframe(1)
        while frame is not None and (frame.f_code.co_filename.startswith(_RECORDER_DIR)
                                     or os.path.basename(frame.f_code.co_filename) in _WARNING_MODULES):
            frame = frame.f_back
        if frame is not None and os.path.basename(frame.f_code.co_filename) not in ("runpy.py", "<frozen runpy>"):
            place = (frame.f_code.co_filename, frame.f_lineno)
        else:
            place = ("<sys>", 0) if sys.version_info >= (3, 13) else ("sys", 1)
    return warnings.WarningMessage(msg.message, msg.category, place[0], place[1], msg.file, None,
                                   getattr(msg, "source", None))


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
