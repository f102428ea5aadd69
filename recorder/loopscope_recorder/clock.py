"""The recording's clock: virtual (jumps, deterministic) or real (the machine's steady clock).

Both count integer nanoseconds from the moment the recording starts and never go back. The real
time functions are captured here at import, before the recorder replaces the `time` module's.
"""

import heapq
import threading
import time

real_sleep = time.sleep
real_time = time.time
real_monotonic = time.monotonic
real_monotonic_ns = time.monotonic_ns
real_perf_counter = time.perf_counter
real_perf_counter_ns = time.perf_counter_ns

# What the virtual time.time() says at the recording's start: fixed, so runs are identical.
VIRTUAL_EPOCH = 1_700_000_000.0


def seconds_to_ns(seconds):
    return int(round(seconds * 1e9))


class VirtualClock:
    virtual = True

    def __init__(self):
        self._now = 0

    def now(self):
        return self._now

    def advance_to(self, ns):
        if ns > self._now:
            self._now = ns

    def advance_by(self, ns):
        if ns > 0:
            self._now += ns

    def stall(self, seconds):
        """A blocking call of this length: the time passes, nothing waits."""
        self.advance_by(seconds_to_ns(seconds))


class RealClock:
    virtual = False

    def __init__(self):
        self._origin = real_perf_counter_ns()
        self._last = 0

    def now(self):
        # Clamped so that events recorded in order never appear to go back in time.
        self._last = max(self._last, real_perf_counter_ns() - self._origin)
        return self._last

    def advance_to(self, ns):
        pass

    def advance_by(self, ns):
        pass

    def stall(self, seconds):
        real_sleep(seconds)


# --- worker threads on the virtual clock ----------------------------------------------------------
#
# A thread pool's jobs run on real threads, but a virtual run must not depend on how fast they
# are. So the loop and the workers take turns: a job runs only while the loop lets the workers
# run until they are quiet ("settles": when a job is handed over, when the loop waits, and at
# each job sleep's end while the loop is blocked in time.sleep), a time.sleep inside a job parks
# it until the virtual clock reaches its end, and the loop, not the worker, hands each outcome
# to asyncio (when it next waits, as asyncio hears of it). A job's own computing takes no
# virtual time; only its sleeps do.

_current = threading.local()


def current_job():
    """The job the calling worker thread is running, or None."""
    return getattr(_current, "job", None)


class Job:
    def __init__(self, number, executor, submitter):
        self.number = number  # the job id in the recording
        self.executor = executor
        self.submitter = submitter
        self.state = "queued"  # queued -> gate -> running <-> parked -> finished (or dropped)
        self.released = False
        self.worker = None  # the lane, given by the loop when it records the start
        self.outcome = None  # (True, result) or (False, exception)
        self.wake = None  # called when the job ends on the real clock, to wake the loop
        self.submitted = None  # the executor's concurrent future
        self.partial = {}  # a line printed in part, by output stream
        self.prints = 0  # lines printed so far: their order within the job


class ThreadJobs:
    """Jobs on thread pools, and the turns they take with the loop (virtual clock only)."""

    def __init__(self, clock):
        self.clock = clock
        self.cond = threading.Condition()
        self.open = False  # workers may run only while this is set (the loop is settling)
        self.jobs = []  # every job not yet finished, in submission order
        self.notes = []  # (job, "started" | "printed" | "finished", detail) for the loop to record, in any order
        self.sleepers = []  # heap of (deadline ns, job number, job) parked in time.sleep or a timeout
        self.finished = False  # the recording is over: sleeps no longer wait for the clock
        self._count = 0

    def submit(self, executor, submitter, func, args):
        """Wraps `func` so that it runs as a job; returns (job, the callable to submit)."""
        self._count += 1
        job = Job(self._count, executor, submitter)
        with self.cond:
            self.jobs.append(job)

        def run():
            self._begin(job)
            _current.job = job
            try:
                job.outcome = (True, func(*args))
            except BaseException as failure:
                job.outcome = (False, failure)
            finally:
                _current.job = None
                self._end(job)

        return job, run

    def _begin(self, job):
        with self.cond:
            job.state = "gate"
            self.cond.notify_all()
            while self.clock.virtual and not self.open and not self.finished:
                self.cond.wait()
            job.state = "running"
            self.notes.append((job, "started", None))
        if not self.clock.virtual and job.wake is not None:
            job.wake()  # the real clock records the start when it happens

    def _end(self, job):
        with self.cond:
            job.state = "finished"
            self.notes.append((job, "finished", None))
            self.cond.notify_all()
        if not self.clock.virtual and job.wake is not None:
            job.wake()

    def note_print(self, job, text, line):
        """A line the job printed (on its worker thread), for the loop to record."""
        with self.cond:
            job.prints += 1
            self.notes.append((job, "printed", (job.prints, text, line)))
        if not self.clock.virtual and job.wake is not None:
            job.wake()

    def drop(self, job):
        with self.cond:
            job.state = "finished"
            if job in self.jobs:
                self.jobs.remove(job)

    def park(self, seconds):
        """time.sleep inside a job: wait, without real time passing, until the clock is there."""
        job = current_job()
        with self.cond:
            if self.finished:
                return
            deadline = self.clock.now() + seconds_to_ns(seconds)
            heapq.heappush(self.sleepers, (deadline, job.number, job))
            job.state, job.released = "parked", False
            self.cond.notify_all()
            while not ((job.released and self.open) or self.finished):
                self.cond.wait()
            job.state = "running"

    def wait_for_loop(self, future, timeout):
        """A job waits on `future`, which a task on the loop will settle (run_coroutine_threadsafe):
        the job is parked, as in a sleep, until the future is done or `timeout` virtual seconds
        have passed. Left running, it would never be quiet, and the loop, waiting for its workers
        to settle, would never run the task it waits for. Returns once the caller may read the
        future (still pending: its timeout has passed)."""
        job = current_job()
        entry = None
        with self.cond:
            if self.finished or future.done():
                return
            job.state, job.released = "parked", False
            if timeout is not None:
                entry = (self.clock.now() + seconds_to_ns(max(0, timeout)), job.number, job)
                heapq.heappush(self.sleepers, entry)
            self.cond.notify_all()

        def answered(_):
            with self.cond:
                job.released = True
                if entry is not None and entry in self.sleepers:
                    # Its timeout no longer matters: it must not move the clock.
                    self.sleepers.remove(entry)
                    heapq.heapify(self.sleepers)
                self.cond.notify_all()
            if job.wake is not None:
                job.wake()  # the loop may be waiting on the outside world

        future.add_done_callback(answered)
        with self.cond:
            while not ((job.released and self.open) or self.finished):
                self.cond.wait()
            job.state = "running"

    def _quiet(self):
        """Nothing runs and nothing is about to: every job is parked, finished or queued behind
        busy workers of its pool."""
        busy = {}
        for job in self.jobs:
            if job.state in ("gate", "running") or (job.state == "parked" and job.released):
                return False
            if job.state in ("parked",):
                busy[id(job.executor)] = busy.get(id(job.executor), 0) + 1
        for job in self.jobs:
            if job.state == "queued" and busy.get(id(job.executor), 0) < getattr(job.executor, "_max_workers", 1):
                return False
        return True

    def settle(self, outside_wake=None):
        """Lets the workers run until all are quiet. `outside_wake()` says a worker has asked the
        loop for something (call_soon_threadsafe): then waiting longer could wait forever."""
        with self.cond:
            self.open = True
            self.cond.notify_all()
            try:
                while not self._quiet():
                    self.cond.wait(0.05)
                    if outside_wake is not None and outside_wake():
                        break
            finally:
                self.open = False

    def take_notes(self):
        """The notes since the last call, in a fixed order (job number, then what happened, a
        job's printed lines in the order it printed them)."""
        with self.cond:
            notes, self.notes = self.notes, []
            for job, what, _ in notes:
                if what == "finished" and job in self.jobs:
                    self.jobs.remove(job)
        order = {"started": 0, "printed": 1, "finished": 2}
        return sorted(notes, key=lambda note: (note[0].number, order[note[1]], note[2][0] if note[2] else 0))

    def has_notes(self):
        with self.cond:
            return bool(self.notes)

    def next_deadline(self):
        with self.cond:
            return self.sleepers[0][0] if self.sleepers else None

    def release_due(self, now):
        """Marks the sleepers whose time has come; they run at the next settle. True if any."""
        with self.cond:
            released = False
            while self.sleepers and self.sleepers[0][0] <= now:
                _, _, job = heapq.heappop(self.sleepers)
                job.released = released = True
            return released

    def finish(self):
        """The recording is over: every parked or gated job goes on at once, in real time."""
        with self.cond:
            self.finished = True
            self.cond.notify_all()
