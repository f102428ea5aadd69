"""The instrumented event loop: asyncio's selector loop, with its own turn of the loop so that
each phase, timer and task step is seen, and the recording's clock as its time().
"""

import asyncio
import concurrent.futures
import heapq
import re
import selectors
import sys
import threading

from asyncio import base_events

# The recorder's own copy of asyncio's names: the program may rebind the module's (asyncio_names.py).
from .asyncio_names import asyncio  # noqa: E402,F811

from .clock import real_perf_counter, seconds_to_ns
from .identity import IdentityMap
from . import schema
from .schema import WAITS_ON_TASK, LoopPhase, ObjectKind, WarningKind, plain_members
from .tracer import deadlock_text
from .waits import WAKE_FOR_WAIT, await_chain, describe_wait

# Read several times per task step: plain copies of the members (see plain_members).
EventKind = plain_members(schema.EventKind)
WakeReason = plain_members(schema.WakeReason)


class DeadlockError(RuntimeError):
    """Raised out of the loop when nothing can ever run again while tasks still wait."""


# Threads that belong to executors: idle workers stay alive, and do not keep the loop waiting.
_EXECUTOR_THREAD = re.compile(r"^(asyncio_\d+|ThreadPoolExecutor-\d+_\d+)$")
# asyncio.run's shutdown_default_executor joins the pool from a thread of its own: it ends as soon
# as the (settled) jobs have, so it is not an outside pace the virtual clock should follow.
_SHUTDOWN_THREAD = re.compile(r"\(_do_shutdown\)$")

# How long (real seconds) a virtual run lets loopback data in flight arrive before it decides
# that nothing is coming and jumps the clock. I/O on the virtual clock takes no time.
IO_GRACE = 0.002

# 3.14 passes create_task's other keywords (eager_start among them) on to the task.
_CREATE_TASK_TAKES_KEYWORDS = sys.version_info >= (3, 14)

# Real seconds a virtual run's loop may turn without ever waiting, while a timer is pending, before
# the recorder says on stderr that its clock cannot move (see _note_busy).
BUSY_NOTICE_SECONDS = 2.0
# ... and turns it must have taken meanwhile: one step that never returns (a `while True: pass`)
# is stuck on any clock, and the wall time limit's own line says so.
BUSY_NOTICE_TURNS = 100
BUSY_NOTICE = ("loopscope-recorder: the event loop has not waited once in %g s of real time: on the virtual "
               "clock time passes only while the loop waits, so it stands still at %.3f s and no timer or "
               "timeout can fire (a task looping on 'await asyncio.sleep(0)'?). --real-time runs the program "
               "on real time.")

# JobFinished's worker index for a queued job dropped before it started (core/executor.h).
JOB_DROPPED = 0xFF


class Task(asyncio.Task):
    """asyncio's C task, with cancel() seen. Named Task so that asyncio's messages read the same."""

    def cancel(self, *args, **kwargs):
        loop = self.get_loop()
        tracer = getattr(loop, "_tracer", None)
        if tracer is not None and not self.done() and tracer.recording_here():
            tid = tracer.task_id(self)
            if tid:
                # A cancel from a callback (a timeout, a task group's done-callback) has no line.
                line = tracer.stack_line(2) if tracer.current_task else 0
                tracer.emit(EventKind.CancelRequested, tid, line=line, a=tracer.current_task)
                tracer.cancels_pending.add(tid)
        return super().cancel(*args, **kwargs)


def _job_name(func):
    """The name of the function a job runs; to_thread wraps it in a partial of Context.run."""
    name = getattr(func, "__name__", None)
    inner = getattr(func, "args", None)
    if name is None and inner:
        name = next((getattr(x, "__name__", None) for x in inner if callable(x)), None)
    return name or "a function"


# The callables a task schedules to take its next step: the C task's step wrapper and wakeup,
# and the pure-Python task's name-mangled methods.
_STEP_CALLBACKS = frozenset(("task_wakeup", "_Task__step", "_Task__wakeup"))


def _task_of(callback):
    """The task whose step `callback` is, or None. Other bound methods of a task (loop.call_soon(
    task.cancel), call_soon_threadsafe(task.cancel) when a concurrent future is cancelled) are
    plain callbacks: run as a step, they would show the task resuming when it did not."""
    owner = getattr(callback, "__self__", None)
    if not isinstance(owner, asyncio.Task):
        return None
    if type(callback).__name__ == "TaskStepMethWrapper" or getattr(callback, "__name__", None) in _STEP_CALLBACKS:
        return owner
    return None


# The loop's own coroutines that asyncio.run wraps in tasks while closing: not the program's tasks.
_TEARDOWN_COROUTINES = ("shutdown_asyncgens", "shutdown_default_executor")


def _throws_cancel(awaited):
    """True if waking on `awaited` raises CancelledError in the waiting task: it was cancelled,
    or it ended with a CancelledError as its exception (a gather whose child was cancelled)."""
    if not isinstance(awaited, asyncio.Future) or not awaited.done():
        return False
    return awaited.cancelled() or isinstance(awaited._exception, asyncio.CancelledError)


# Why a task woke, by what it had been waiting on.
_WAKE_REASON = {kind: getattr(WakeReason, reason) for kind, reason in WAKE_FOR_WAIT.items()}


def _is_teardown(task):
    qualname = getattr(task.get_coro(), "__qualname__", "")
    return qualname.endswith(_TEARDOWN_COROUTINES) and "Loop." in qualname


class _JobStandIn(concurrent.futures.Future):
    """What a thread-pool job's asyncio future is chained to. asyncio's chain cancels it when
    the program cancels that future; it never completes, as the loop sets the asyncio future
    itself (_record_job_notes)."""

    def __init__(self, loop, job):
        super().__init__()
        self._loop = loop
        self._job = job

    def cancel(self):
        # Leaves its own state alone: completing it would send asyncio's chain back to the loop.
        return self._loop._job_abandoned(self._job)


class RecordingLoop(asyncio.SelectorEventLoop):
    def __init__(self, tracer):
        super().__init__(selectors.DefaultSelector())
        self._tracer = tracer
        self._iteration = 0
        # id(TimerHandle) -> (the handle, timer id, owner task id, deadline ns), while it is armed.
        # The handle is held (the loop's heap holds it anyway) so that its id stays its own.
        self._armed_timers = {}
        self._timer_count = 0
        self._wait_reasons = IdentityMap()  # future -> (WakeReason, object) a task waits on it for
        self._resume_lines = {}  # task id -> its line, read when it suspended (see _resume_line)
        self._job_labels = IdentityMap()  # executor future -> (executor object, label)
        self._jobs_in_flight = 0  # thread-pool jobs queued or running
        self._jobs_elsewhere = []  # asyncio futures of jobs the loop does not run (process pools)
        self._jobs = tracer.jobs
        self._job_futures = {}  # job number -> (asyncio future, executor object id)
        self._worker_busy = {}  # executor object id -> [bool per worker lane]
        # Jobs that ended while the loop was busy (in a step, or blocked in time.sleep): their
        # futures are set when the loop next waits, as asyncio hears of a job's end only then.
        self._outcomes_due = []
        self._busy_since = None  # real time the loop last waited, while it has not waited since
        self._busy_turns = 0  # turns taken since then
        self._busy_noted = False
        self._started = set()  # task ids that have run a step
        self._main_task = None
        if tracer.recording_here():
            tracer.phase(LoopPhase.Start)

    # --- time ---------------------------------------------------------------------------------

    def time(self):
        return self._tracer.clock.now() / 1e9

    # --- tasks --------------------------------------------------------------------------------

    def create_task(self, coro, *, name=None, context=None, **kwargs):
        if kwargs and not _CREATE_TASK_TAKES_KEYWORDS:
            # Before 3.14 asyncio's create_task takes name and context only; so does this one.
            raise TypeError("BaseEventLoop.create_task() got an unexpected keyword argument %r" % next(iter(kwargs)))
        factory = self._task_factory
        eager_factory = factory is not None and factory is getattr(asyncio, "eager_task_factory", None)
        if factory is not None and not eager_factory:
            return super().create_task(coro, name=name, context=context, **kwargs)
        # Whether the task starts eagerly: 3.14+ takes it per call (eager_start=), and the eager
        # factory makes it the default; an explicit False wins over the factory, as in asyncio.
        eager = kwargs.pop("eager_start", None)
        if eager is None:
            eager = eager_factory
        task = self._create_recorded_task(coro, name, context, kwargs)
        if eager and self.is_running() and self._tracer.recording_here():
            self._start_eagerly(task)
        return task

    def _start_eagerly(self, task):
        """Eager start (3.12+): the task's first step runs inside create_task.

        The task is made as usual (so it is recorded as created and scheduled), then its queued
        first step is taken back out of the ready queue and run at once, with the creator
        stepped aside as eager start does; later steps go through the loop as for any task.
        As in asyncio, only a running loop starts a task eagerly (asyncio.run makes its teardown
        tasks before the loop runs): on 3.14+ the current task lives in the running thread's
        state, and stepping a task for a loop that is not running is refused.
        """
        if not self._ready or _task_of(self._ready[-1]._callback) is not task:
            return
        handle = self._ready.pop()
        creator = self._tracer.current_task
        # Only a running task is stepped aside (3.12 refuses to clear a loop with none).
        previous = asyncio.current_task(self)
        if previous is not None:
            asyncio.tasks._swap_current_task(self, None)
        try:
            self._run_handle(handle)
        finally:
            handle = task = None  # see _run_handle
            if previous is not None:
                asyncio.tasks._swap_current_task(self, previous)
            self._tracer.current_task = creator

    def _create_recorded_task(self, coro, name, context, kwargs):
        self._check_closed()
        if context is not None:
            kwargs["context"] = context
        task = Task(coro, loop=self, name=name, **kwargs)
        tid = self._tracer.task_id(task)
        if tid and self._tracer.recording_here():
            self._tracer.rename_task(tid, task)
        if task._source_traceback:
            del task._source_traceback[-1]
        return task

    def call_soon(self, callback, *args, context=None):
        handle = super().call_soon(callback, *args, context=context)
        tracer = self._tracer
        task = _task_of(callback)
        if task is not None and tracer.recording_here():
            self._step_scheduled(task, callback, args)
        return handle

    def _step_scheduled(self, task, callback, args):
        tracer = self._tracer
        tid = tracer.task_id(task)
        waker = tracer.current_task
        if not tid:
            if _is_teardown(task):
                return
            tid = tracer.add_task(task, waker)
            tracer.emit(EventKind.StepScheduled, tid, WakeReason.Created, a=waker)
            return
        woken_by = args[0] if args else None
        reason, obj = WakeReason.Callback, 0
        if woken_by is None:
            if waker == tid:
                reason = WakeReason.Yield
        elif isinstance(woken_by, asyncio.Task):
            reason = WakeReason.TaskDone
            obj = 0
        elif woken_by.cancelled():
            reason = WakeReason.Cancel
        else:
            wait = self._wait_reasons.get(woken_by)
            if wait is not None:
                reason, obj = wait
            elif isinstance(woken_by, asyncio.tasks._GatheringFuture):
                reason = WakeReason.Gather
        if reason == WakeReason.Yield:
            return  # TaskYielded, recorded when the step ends, says this
        tracer.emit(EventKind.StepScheduled, tid, reason, a=waker, b=obj)

    # A traceback raised in a step holds the frames it passed through, these included, and a
    # frame keeps its last locals: a handle or task left in one makes a cycle (task -> exception
    # -> traceback -> frame -> task) that outlives the step. asyncio's _run_once clears its
    # `handle` for that reason; so do these, else the program's objects live on until a garbage
    # collection and their finalisers (a "never awaited" warning) speak later than in asyncio.

    def _run_handle(self, handle):
        tracer = self._tracer
        task = _task_of(handle._callback)
        tid = tracer.task_id(task) if task is not None else 0
        try:
            if not tid or not tracer.recording_here():
                if tid:
                    self._resume_lines.pop(tid, None)  # its coroutine moves on unseen
                self._run_callback(handle)
                return
            self._run_step(handle, task, tid)
        finally:
            handle = task = None

    def _run_callback(self, handle):
        """A handle that is not a recorded task's step: run, and only checked for being slow."""
        clock = self._tracer.clock
        before = clock.now()
        try:
            handle._run()
        finally:
            handle = None
        if clock.now() - before >= self.slow_callback_duration * 1e9:
            self._check_slow(before, 0, "a callback")

    def _run_step(self, handle, task, tid):
        tracer = self._tracer
        line = self._resume_line(task, tid)
        if tid not in self._started:
            self._started.add(tid)
            tracer.rename_task(tid, task)
            first = 1
        else:
            first = 0
        tracer.waiting_labels.pop(tid, None)
        tracer.waiting_objects.pop(tid, None)
        tracer.emit(EventKind.TaskResumed, tid, first, line)
        if tid in tracer.cancels_pending:
            tracer.cancels_pending.discard(tid)
            tracer.emit(EventKind.CancelDelivered, tid, line=line)
        elif handle._args and _throws_cancel(handle._args[0]):
            # What it awaited was cancelled: Task.__wakeup reads its result, and the CancelledError
            # is thrown in at this task's await, as when the task itself is cancelled.
            tracer.emit(EventKind.CancelDelivered, tid, line=line)
        before = tracer.clock.now()
        tracer.current_task = tid
        try:
            handle._run()
        finally:
            tracer.current_task = 0
            handle = None
        try:
            if not tracer.recording_here():
                return
            if tracer.clock.now() - before >= self.slow_callback_duration * 1e9:  # named only when slow
                self._check_slow(before, tid, "task " + tracer.task_name(tid))
            if task.done():
                tracer.task_finished(tid, task, line)
                return
            self._record_pause(task, tid)
        finally:
            task = None

    def _resume_line(self, task, tid):
        """The program's line where the task is about to go on.

        A suspended coroutine chain does not move, so the line read when the task last paused
        (_record_pause) is still true; it is taken out here, as the step about to run moves the
        chain on. Only a first step, or one after an unrecorded step, walks the chain again.
        """
        line = self._resume_lines.pop(tid, None)
        if line is None:
            line = self._tracer.chain_line(await_chain(task.get_coro()))
        return line

    def _record_pause(self, task, tid):
        """The task's step has ended with the task still alive: record where and why it waits."""
        tracer = self._tracer
        frames = await_chain(task.get_coro())
        line = tracer.chain_line(frames)
        self._resume_lines[tid] = line
        waiter = task._fut_waiter
        if waiter is None:
            tracer.emit(EventKind.TaskYielded, tid, line=line)
            return
        kind, on, label = describe_wait(tracer, task, waiter, frames, self._job_labels, tracer.shields)
        wake_reason = _WAKE_REASON.get(kind, WakeReason.Callback)
        self._wait_reasons.set(waiter, (wake_reason, 0 if kind in WAITS_ON_TASK else on))
        tracer.waiting_labels[tid] = label
        if kind not in WAITS_ON_TASK:
            tracer.waiting_objects[tid] = on
        tracer.emit(EventKind.TaskSuspended, tid, kind, line, a=on, b=tracer.intern(label))

    def _check_slow(self, before, tid, what):
        took = self._tracer.clock.now() - before
        if took >= self.slow_callback_duration * 1e9:
            self._tracer.warn(WarningKind.SlowCallback,
                              "%s held the loop for %.3f s" % (what, took / 1e9), tid)

    # --- timers -------------------------------------------------------------------------------

    def call_at(self, when, callback, *args, context=None):
        handle = super().call_at(when, callback, *args, context=context)
        tracer = self._tracer
        if tracer.recording_here():
            self._timer_count += 1
            deadline = int(round(when * 1e9))
            owner = tracer.current_task
            self._armed_timers[id(handle)] = (handle, self._timer_count, owner, deadline)
            tracer.emit(EventKind.TimerArmed, owner, line=tracer.stack_line(2), v=deadline)
        return handle

    def _timer_handle_cancelled(self, handle):
        super()._timer_handle_cancelled(handle)
        timer = self._armed_timers.pop(id(handle), None)
        if timer is not None and self._tracer.recording_here():
            _, timer_id, owner, _ = timer
            self._tracer.emit(EventKind.TimerCancelled, owner, a=timer_id)

    # --- executors ----------------------------------------------------------------------------

    def run_in_executor(self, executor, func, *args):
        if executor is None:
            executor = self._ensure_default_executor()
        if not isinstance(executor, concurrent.futures.ThreadPoolExecutor) or not self._tracer.recording_here():
            # A process pool's jobs run elsewhere at their own pace: awaited, but not drawn.
            future = super().run_in_executor(executor, func, *args)
            self._jobs_elsewhere.append(future)
            self._job_labels.set(future, (0, "run %s elsewhere" % _job_name(func)))
            return future
        self._check_closed()
        tracer = self._tracer
        oid = tracer.object_id(executor, ObjectKind.Executor, getattr(executor, "_max_workers", 0))
        job, run = self._jobs.submit(executor, tracer.current_task, func, args)
        job.wake = self._write_to_self  # on the real clock, a finished job wakes the loop
        job.submitted = executor.submit(run)
        # Chained as asyncio's own wrap_future chains the executor's future, but to a stand-in
        # that only hears a cancel: the loop hands the outcome over itself, in job order. So the
        # future the program holds is asyncio's in every way it can see (its repr names asyncio's
        # callback, not the recorder's).
        future = asyncio.futures.wrap_future(_JobStandIn(self, job), loop=self)
        self._jobs_in_flight += 1
        self._job_futures[job.number] = (future, oid)
        self._job_labels.set(future, (oid, "run %s in a thread" % _job_name(func)))
        tracer.emit(EventKind.JobQueued, job.submitter, line=tracer.stack_line(2), a=oid, b=job.number)
        if tracer.clock.virtual:
            # A worker starts on its job as soon as it is handed over, not when the loop next
            # waits: the job runs now until it sleeps, waits or ends, and what it printed comes
            # before whatever the submitting step prints next.
            self._settle_jobs(deliver=False)
        return future

    def _stall(self, seconds):
        """time.sleep on the loop's thread (virtual clock): the loop is blocked, but the workers
        are not. Their sleeps that end within the block end at their own time, and they go on
        from there; what they finish is handed to asyncio after the block, when the loop looks."""
        clock = self._tracer.clock
        end = clock.now() + seconds_to_ns(seconds)
        while self._jobs_in_flight:
            deadline = self._jobs.next_deadline()
            if deadline is None or deadline > end:
                break
            clock.advance_to(deadline)
            self._jobs.release_due(clock.now())
            self._settle_jobs(deliver=False)
        clock.advance_to(end)

    def _ensure_default_executor(self):
        """asyncio's own lazily made default pool, made the same way."""
        executor = self._default_executor
        check = getattr(self, "_check_default_executor", None)
        if check is not None:
            check()
        if executor is None:
            executor = concurrent.futures.ThreadPoolExecutor(thread_name_prefix="asyncio")
            self._default_executor = executor
        return executor

    def _job_abandoned(self, job):
        """The awaiting side cancelled: a job still queued is dropped, as wrap_future does.
        True if it was dropped."""
        if job.state != "queued" or not job.submitted.cancel():
            return False
        self._jobs.drop(job)
        self._jobs_in_flight -= 1
        _, oid = self._job_futures.pop(job.number, (None, 0))
        if self._tracer.recording_here():
            self._tracer.emit(EventKind.JobFinished, job.submitter, JOB_DROPPED, a=oid, b=job.number)
        return True

    def _pending_elsewhere(self):
        """Jobs of process pools (or of loops on other threads) not answered yet."""
        if self._jobs_elsewhere:
            self._jobs_elsewhere = [future for future in self._jobs_elsewhere if not future.done()]
        return len(self._jobs_elsewhere)

    def _record_job_notes(self, deliver=True):
        """Records what the workers did since the last look, and hands finished jobs' outcomes to
        their futures, on the loop's thread and in job order: so the run is the same every time.
        With `deliver` False (the loop is busy) the outcomes wait for the next call that delivers."""
        tracer = self._tracer
        if deliver and self._outcomes_due:
            due, self._outcomes_due = self._outcomes_due, []
            for job, future in due:
                self._deliver(job, future)
        for job, what, detail in self._jobs.take_notes():
            if what == "printed":
                _, text, line = detail
                tracer.emit(EventKind.Print, job.submitter, line=line, a=tracer.intern(text))
                continue
            future, oid = self._job_futures.get(job.number, (None, 0))
            lanes = self._worker_busy.setdefault(oid, [])
            if what == "started":
                job.worker = lanes.index(False) if False in lanes else len(lanes)
                if job.worker == len(lanes):
                    lanes.append(True)
                lanes[job.worker] = True
                tracer.emit(EventKind.JobStarted, job.submitter, min(job.worker, 0xFE), a=oid, b=job.number)
                continue
            lanes[job.worker] = False
            tracer.emit(EventKind.JobFinished, job.submitter, min(job.worker, 0xFE), a=oid, b=job.number)
            self._job_futures.pop(job.number, None)
            if deliver:
                self._deliver(job, future)
            else:
                self._outcomes_due.append((job, future))

    def _deliver(self, job, future):
        # Counted in flight until here: a finished job whose outcome is not handed over yet still
        # promises to wake its awaiting task (no deadlock).
        self._jobs_in_flight -= 1
        if future is None or future.done():
            return
        ok, value = job.outcome
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)

    def _real_work_pending(self):
        if self._jobs_in_flight > 0 or self._pending_elsewhere():
            return True
        return self._io_watched() or bool(self._outside_threads(include_shutdown=True))

    def _outside_threads(self, include_shutdown=False):
        """The program's own threads still running (not pool workers): they keep real time."""
        main = threading.main_thread()
        return [thread for thread in threading.enumerate()
                if thread is not main and thread.is_alive() and not thread.daemon
                and not _EXECUTOR_THREAD.match(thread.name)
                and (include_shutdown or not _SHUTDOWN_THREAD.search(thread.name))]

    def _io_watched(self):
        wakeup = self._ssock.fileno() if self._ssock is not None else -1
        return any(key.fd != wakeup for key in self._selector.get_map().values())

    # --- one turn of the loop -----------------------------------------------------------------

    def _run_once(self):
        tracer = self._tracer
        clock = tracer.clock
        self._iteration += 1
        iteration = self._iteration

        sched_count = len(self._scheduled)
        if (sched_count > base_events._MIN_SCHEDULED_TIMER_HANDLES and
                self._timer_cancelled_count / sched_count > base_events._MIN_CANCELLED_TIMER_HANDLES_FRACTION):
            live = []
            for handle in self._scheduled:
                if handle._cancelled:
                    handle._scheduled = False
                else:
                    live.append(handle)
            heapq.heapify(live)
            self._scheduled = live
            self._timer_cancelled_count = 0
        else:
            while self._scheduled and self._scheduled[0]._cancelled:
                self._timer_cancelled_count -= 1
                handle = heapq.heappop(self._scheduled)
                handle._scheduled = False

        tracer.phase(LoopPhase.ComputeTimeout, iteration)
        # Read before the ready queue: a finishing job queues its result before it stops counting.
        real_work = self._real_work_pending()
        timeout = None
        if self._ready or self._stopping:
            timeout = 0
        elif self._scheduled:
            timeout = min(max(0, self._scheduled[0]._when - self.time()), base_events.MAXIMUM_SELECT_TIMEOUT)
        elif not real_work:
            self._report_deadlock(iteration)

        tracer.phase(LoopPhase.Wait, iteration)
        if clock.virtual:
            if timeout == 0:
                self._note_busy()
            else:
                self._busy_since = None
            self._wait_virtual(timeout)
        else:
            # A note whose wake-up byte the last turn already drained must not wait for another.
            if self._jobs.has_notes():
                timeout = 0
            self._process_events(self._selector.select(timeout))
            self._record_job_notes()

        tracer.phase(LoopPhase.ExpireTimers, iteration)
        now = clock.now()
        end_time = self.time() + self._clock_resolution
        moved = 0
        armed_timers = self._armed_timers
        while self._scheduled:
            handle = self._scheduled[0]
            if handle._when >= end_time:
                break
            handle = heapq.heappop(self._scheduled)
            handle._scheduled = False
            self._ready.append(handle)
            timer = armed_timers.pop(id(handle), None)
            if timer is not None and not handle._cancelled:
                moved += 1
                _, timer_id, owner, deadline = timer
                late_us = min(max(0, now - deadline) // 1000, 0xFFFFFFFF)
                tracer.emit(EventKind.TimerFired, owner, a=timer_id, b=late_us)

        ntodo = len(self._ready)
        tracer.phase(LoopPhase.RunReady, iteration, ntodo)
        for _ in range(ntodo):
            handle = self._ready.popleft()
            if handle._cancelled:
                continue
            self._current_handle = handle
            try:
                self._run_handle(handle)
            finally:
                self._current_handle = None
        handle = None

    def _wait_virtual(self, timeout):
        """The wait phase on the virtual clock: jump to the next timer or job sleep, but first let
        the workers run their turn and take in what is already there. Local I/O takes no time."""
        clock = self._clock_of()
        self._settle_jobs()
        self._process_events(self._selector.select(0))
        while not self._ready and not self._stopping:
            if self._outside_threads():
                self._wait_for_outside_thread()
                return
            shutting_down = bool(self._outside_threads(include_shutdown=True))
            if shutting_down and not self._jobs_in_flight and not self._pending_elsewhere():
                # The pool's threads are idle and being joined; it calls back as soon as they are.
                self._process_events(self._selector.select(None))
                return
            if self._io_watched():
                self._process_events(self._selector.select(IO_GRACE))
                if self._ready:
                    return
            # While the pool is joined only its jobs' sleeps may move the clock, not its timeout.
            deadline = self._jobs.next_deadline() if shutting_down else self._next_deadline()
            if deadline is None:
                # Only the outside world can wake the loop now; its pace is not the program's.
                self._process_events(self._selector.select(None))
                return
            clock.advance_to(deadline)
            if not self._jobs.release_due(clock.now()):
                return  # a timer is due: ExpireTimers takes it
            self._settle_jobs()

    def _note_busy(self):
        """The loop turns without waiting. On the virtual clock the time a step computes is not
        counted (the run would differ on every machine), so a loop that never waits never reaches
        its timers: a timeout around `while True: await asyncio.sleep(0)` would never fire, and
        the user would see nothing until the wall time limit. Said once, on the real stderr (not
        the program's output), after a couple of real seconds."""
        if self._busy_noted or not self._tracer.recording_here():
            return  # said already, or the run is over (stopped, deadlocked): teardown turns
        now = real_perf_counter()
        if self._busy_since is None:
            self._busy_since, self._busy_turns = now, 0
            return
        self._busy_turns += 1
        if (self._busy_turns >= BUSY_NOTICE_TURNS and now - self._busy_since >= BUSY_NOTICE_SECONDS
                and (self._scheduled or self._jobs.next_deadline() is not None)):
            self._busy_noted = True
            stream = sys.__stderr__
            if stream is not None:
                try:
                    stream.write(BUSY_NOTICE % (BUSY_NOTICE_SECONDS, self._tracer.clock.now() / 1e9) + "\n")
                    stream.flush()
                except (OSError, ValueError):
                    pass

    def _clock_of(self):
        return self._tracer.clock

    def _settle_jobs(self, deliver=True):
        if self._jobs_in_flight:
            before = len(self._ready)
            self._jobs.settle(outside_wake=lambda: len(self._ready) > before)
            self._record_job_notes(deliver)

    def _next_deadline(self):
        """The earliest of the next timer and the next job sleep's end, in ns, or None."""
        times = []
        if self._scheduled:
            times.append(int(round(self._scheduled[0]._when * 1e9)))
        sleeper = self._jobs.next_deadline()
        if sleeper is not None:
            times.append(sleeper)
        return min(times) if times else None

    def _wait_for_outside_thread(self):
        """A thread of the program's own is running: it keeps real time, so the clock follows the
        real wait (the one case where a virtual run is not the same every time)."""
        clock = self._tracer.clock
        deadline = self._next_deadline()
        timeout = None if deadline is None else min(max(0, deadline - clock.now()) / 1e9, base_events.MAXIMUM_SELECT_TIMEOUT)
        started = real_perf_counter()
        event_list = self._selector.select(timeout)
        clock.advance_by(int((real_perf_counter() - started) * 1e9))
        self._process_events(event_list)

    def _report_deadlock(self, iteration):
        tracer = self._tracer
        if tracer.recording_here():
            tracer.deadlocked = True
            tracer.phase(LoopPhase.Deadlock, iteration)
            text = deadlock_text(tracer)
            tracer.warn(WarningKind.Deadlock, text)
            tracer.freeze()
        else:
            text = "deadlock: nothing can ever run again"
        raise DeadlockError(text)

    # --- the run's stages ---------------------------------------------------------------------

    def run_until_complete(self, future):
        is_main = self._main_task is None and not self.is_running()
        if is_main:
            future = asyncio.ensure_future(future, loop=self)
            self._main_task = future
        try:
            return super().run_until_complete(future)
        finally:
            if is_main:
                self._note_main_outcome(future)

    def _note_main_outcome(self, future):
        tracer = self._tracer
        if not future.done():
            return
        if future.cancelled():
            tracer.main_error = "CancelledError"
        elif future._exception is not None:
            from .tracer import error_text
            tracer.main_error = error_text(future._exception)
        else:
            try:
                tracer.main_result = repr(future._result)
            except Exception:
                tracer.main_result = ""

    async def shutdown_default_executor(self, *args, **kwargs):
        self._tracer.phase(LoopPhase.ShutdownExecutors, self._iteration)
        return await super().shutdown_default_executor(*args, **kwargs)

    def close(self):
        if not self.is_closed():
            self._tracer.phase(LoopPhase.Closed, self._iteration, force=True)
        if not self.is_running():
            # Timers still armed go when the loop's heap is cleared, as they would unrecorded.
            self._armed_timers.clear()
        super().close()

    def call_exception_handler(self, context):
        tracer = self._tracer
        message = context.get("message", "")
        if "exception was never retrieved" in message and threading.get_ident() == tracer.thread_id:
            future = context.get("future")
            tid = tracer.task_id_of_finalised(future) if future is not None else 0
            exc = context.get("exception")
            from .tracer import error_text
            text = "%s: %s" % (message, error_text(exc)) if exc is not None else message
            tracer.warn(WarningKind.ExceptionNeverRetrieved, text, tid)
        return super().call_exception_handler(context)


# What a program prints of its loop and tasks reads as without the recorder: asyncio's reprs
# and messages ("<_UnixSelectorEventLoop running=True ...>", "loop ... is not the running loop")
# name the class, and type() shows its module.
for _ours, _theirs in ((RecordingLoop, asyncio.SelectorEventLoop), (Task, asyncio.Task)):
    _ours.__name__, _ours.__qualname__, _ours.__module__ = _theirs.__name__, _theirs.__qualname__, _theirs.__module__
del _ours, _theirs


def cancel_leftovers_recorded(original, tracer):
    """asyncio.runners._cancel_all_tasks, announcing the phase first."""

    def cancel_all_tasks(loop):
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        if pending and isinstance(loop, RecordingLoop):
            tracer.phase(LoopPhase.CancelLeftovers, loop._iteration, len(pending))
        return original(loop)

    return cancel_all_tasks
