"""The instrumented event loop: asyncio's selector loop, with its own turn of the loop so that
each phase, timer and task step is seen, and the recording's clock as its time().
"""

import asyncio
import collections
import heapq
import re
import selectors
import threading

from asyncio import base_events

from .clock import real_perf_counter
from .identity import IdentityMap
from .schema import EventKind, LoopPhase, WaitKind, WakeReason, WarningKind
from .tracer import deadlock_text
from .waits import WAKE_FOR_WAIT, await_chain, describe_wait


class DeadlockError(RuntimeError):
    """Raised out of the loop when nothing can ever run again while tasks still wait."""


# Threads that belong to executors: idle workers stay alive, and do not keep the loop waiting.
_EXECUTOR_THREAD = re.compile(r"^(asyncio_\d+|ThreadPoolExecutor-\d+_\d+)$")


class Task(asyncio.Task):
    """asyncio's C task, with cancel() seen. Named Task so that asyncio's messages read the same."""

    def cancel(self, *args, **kwargs):
        loop = self.get_loop()
        tracer = getattr(loop, "_tracer", None)
        if tracer is not None and not self.done() and tracer.recording_here():
            tid = tracer.task_id(self)
            if tid:
                tracer.emit(EventKind.CancelRequested, tid, line=tracer.stack_line(2), a=tracer.current_task)
                tracer.cancels_pending.add(tid)
        return super().cancel(*args, **kwargs)


def _task_of(callback):
    owner = getattr(callback, "__self__", None)
    return owner if isinstance(owner, asyncio.Task) else None


# The loop's own coroutines that asyncio.run wraps in tasks while closing: not the program's tasks.
_TEARDOWN_COROUTINES = ("shutdown_asyncgens", "shutdown_default_executor")


def _is_teardown(task):
    qualname = getattr(task.get_coro(), "__qualname__", "")
    return qualname.endswith(_TEARDOWN_COROUTINES) and "Loop." in qualname


class RecordingLoop(asyncio.SelectorEventLoop):
    def __init__(self, tracer):
        super().__init__(selectors.DefaultSelector())
        self._tracer = tracer
        self._iteration = 0
        self._timer_ids = IdentityMap()  # TimerHandle -> (timer id, owner task id, deadline ns)
        self._timer_count = 0
        self._wait_reasons = IdentityMap()  # future -> (WaitKind, object) a task waits on it for
        self._job_labels = IdentityMap()  # executor future -> (executor object, label)
        self._jobs_in_flight = 0
        self._started = set()  # task ids that have run a step
        self._main_task = None
        if tracer.recording_here():
            tracer.phase(LoopPhase.Start)

    # --- time ---------------------------------------------------------------------------------

    def time(self):
        return self._tracer.clock.now() / 1e9

    # --- tasks --------------------------------------------------------------------------------

    def create_task(self, coro, *, name=None, context=None, **kwargs):
        if self._task_factory is not None:
            return super().create_task(coro, name=name, context=context, **kwargs)
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
                reason = WakeReason[WAKE_FOR_WAIT.get(wait[0], "Callback")]
                obj = wait[1]
            elif isinstance(woken_by, asyncio.tasks._GatheringFuture):
                reason = WakeReason.Gather
        if reason == WakeReason.Yield:
            return  # TaskYielded, recorded when the step ends, says this
        tracer.emit(EventKind.StepScheduled, tid, reason, a=waker, b=obj)

    def _run_handle(self, handle):
        tracer = self._tracer
        task = _task_of(handle._callback)
        tid = tracer.task_id(task) if task is not None else 0
        if not tid or not tracer.recording_here():
            before = tracer.clock.now()
            handle._run()
            self._check_slow(before, 0, "a callback")
            return
        frames = await_chain(task.get_coro())
        first = tid not in self._started
        if first:
            self._started.add(tid)
            tracer.rename_task(tid, task)
        line = tracer.chain_line(frames)
        tracer.waiting_labels.pop(tid, None)
        tracer.waiting_objects.pop(tid, None)
        tracer.emit(EventKind.TaskResumed, tid, 1 if first else 0, line)
        if tid in tracer.cancels_pending:
            tracer.cancels_pending.discard(tid)
            tracer.emit(EventKind.CancelDelivered, tid, line=line)
        before = tracer.clock.now()
        tracer.current_task = tid
        try:
            handle._run()
        finally:
            tracer.current_task = 0
        if not tracer.recording_here():
            return
        self._check_slow(before, tid, "task " + tracer.task_name(tid))
        if task.done():
            tracer.task_finished(tid, task, line)
            return
        frames = await_chain(task.get_coro())
        line = tracer.chain_line(frames)
        waiter = task._fut_waiter
        if waiter is None:
            tracer.emit(EventKind.TaskYielded, tid, line=line)
            return
        kind, on, label = describe_wait(tracer, task, waiter, frames, self._job_labels)
        self._wait_reasons.set(waiter, (kind, 0 if kind in (WaitKind.Task, WaitKind.WaitFor) else on))
        tracer.waiting_labels[tid] = label
        if kind not in (WaitKind.Task, WaitKind.WaitFor, WaitKind.Shield):
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
            self._timer_ids.set(handle, (self._timer_count, owner, deadline))
            tracer.emit(EventKind.TimerArmed, owner, line=tracer.stack_line(2), v=deadline)
        return handle

    def _timer_handle_cancelled(self, handle):
        super()._timer_handle_cancelled(handle)
        timer = self._timer_ids.pop(handle)
        if timer is not None and self._tracer.recording_here():
            self._tracer.emit(EventKind.TimerCancelled, timer[1], a=timer[0])

    # --- executors ----------------------------------------------------------------------------

    def run_in_executor(self, executor, func, *args):
        future = super().run_in_executor(executor, func, *args)
        self._jobs_in_flight += 1
        future.add_done_callback(self._job_done)
        name = getattr(func, "__name__", None)
        inner = getattr(func, "args", None)  # to_thread wraps the function in a partial
        if name is None and inner:
            name = getattr(inner[-1] if not callable(inner[0]) or len(inner) == 1 else inner[1], "__name__", None)
        self._job_labels.set(future, (0, "run %s in a thread" % (name or "a function")))
        return future

    def _job_done(self, future):
        self._jobs_in_flight -= 1

    def _real_work_pending(self):
        if self._jobs_in_flight > 0:
            return True
        wakeup = self._ssock.fileno() if self._ssock is not None else -1
        for key in self._selector.get_map().values():
            if key.fd != wakeup:
                return True
        main = threading.main_thread()
        for thread in threading.enumerate():
            if thread is not main and thread.is_alive() and not thread.daemon and not _EXECUTOR_THREAD.match(thread.name):
                return True
        return False

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
        if clock.virtual and not (real_work and timeout != 0):
            event_list = self._selector.select(0)
            self._process_events(event_list)
            if timeout and not self._ready:
                clock.advance_to(int(round(self._scheduled[0]._when * 1e9)))
        elif clock.virtual:
            started = real_perf_counter()
            event_list = self._selector.select(timeout)
            clock.advance_by(int((real_perf_counter() - started) * 1e9))
            self._process_events(event_list)
        else:
            event_list = self._selector.select(timeout)
            self._process_events(event_list)
        event_list = None

        tracer.phase(LoopPhase.ExpireTimers, iteration)
        now = clock.now()
        end_time = self.time() + self._clock_resolution
        moved = 0
        while self._scheduled:
            handle = self._scheduled[0]
            if handle._when >= end_time:
                break
            handle = heapq.heappop(self._scheduled)
            handle._scheduled = False
            self._ready.append(handle)
            timer = self._timer_ids.pop(handle)
            if timer is not None and not handle._cancelled:
                moved += 1
                late_us = min(max(0, now - timer[2]) // 1000, 0xFFFFFFFF)
                tracer.emit(EventKind.TimerFired, timer[1], a=timer[0], b=late_us)

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


class RecordingPolicy(asyncio.DefaultEventLoopPolicy):
    def __init__(self, tracer):
        super().__init__()
        self._tracer = tracer

    def new_event_loop(self):
        return RecordingLoop(self._tracer)


def cancel_leftovers_recorded(original, tracer):
    """asyncio.runners._cancel_all_tasks, announcing the phase first."""

    def cancel_all_tasks(loop):
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        if pending and isinstance(loop, RecordingLoop):
            tracer.phase(LoopPhase.CancelLeftovers, loop._iteration, len(pending))
        return original(loop)

    return cancel_all_tasks
