"""What a recorded program may use, and how it is stopped when it uses more (docs/RECORDER.md).

The program runs in a child process of the recorder (`supervise`), with the user's rights. In
that child a Guard enforces five limits: wall time (SIGALRM from an ITIMER_REAL timer), CPU time
(SIGXCPU at RLIMIT_CPU's soft limit), memory (RLIMIT_AS: the program sees MemoryError), events
recorded and bytes printed (counted by hooks in the tracer and in the output tees). A limit
reached raises LimitReached in the loop's thread. It is a KeyboardInterrupt, which asyncio's
Handle._run and Task.__step pass up instead of handing to the exception handler, so it leaves
run_until_complete and asyncio.run (after their cleanup) even through the program's
`except Exception`. SIGTERM (the app's Stop) raises Stopped the same way.

The recording freezes when the limit is reached: what follows is teardown. If the program has
not ended GRACE seconds later (it swallowed the exception, or its cleanup loops), the recording
is written from where the program is and the process exits. The supervising parent keeps the
last backstop: a child that never gets that far (stuck in C code) is killed, and the parent says
that nothing could be saved; so does it when the interpreter crashes.

This is a guard against accidents (a runaway loop, a flood of output), not a sandbox: the
program keeps the user's rights and could raise its own soft limits.
"""

import math
import os
import select
import signal
import sys
import threading
import time
from dataclasses import dataclass

from .format import encode_text

try:
    import resource
except ImportError:  # not on Windows: memory and CPU time are not limited there
    resource = None

PREFIX = "loopscope-recorder: "
# Seconds a stopped program gets to wind down before the recording is written from where it is.
GRACE = 1.5
# The parent's backstop: seconds after GRACE past the wall time limit (or after a SIGTERM) before
# a child that has not started writing is killed.
BACKSTOP = 8.5
# Seconds of CPU time between RLIMIT_CPU's soft limit (SIGXCPU: stopped, recording written) and
# its hard limit (SIGKILL from the kernel), enough to write a large recording.
CPU_HARD_MARGIN = 10
EXIT_LIMIT = 3
EXIT_STOPPED = 128 + signal.SIGTERM
EXIT_CRASH = 1


class Interrupted(KeyboardInterrupt):
    """Ends the program part way. args[0] names the cause ("wall time 30 s")."""

    status = EXIT_LIMIT

    def __init__(self, what, message):
        super().__init__(what)
        self.message = message  # the one line the recorder prints

    def error_text(self):
        return "%s: %s" % (type(self).__name__, self.args[0])


class LimitReached(Interrupted):
    status = EXIT_LIMIT


class Stopped(Interrupted):
    status = EXIT_STOPPED


@dataclass
class Limits:
    """0 switches a limit off."""

    wall: float = 30.0  # seconds of real time
    cpu: float = 30.0  # seconds of CPU time
    memory: int = 1024  # MiB of address space
    events: int = 5_000_000  # events recorded
    output: int = 10_000_000  # bytes printed (UTF-8)


# option: (field, largest value, whole numbers only, what the value is)
OPTIONS = {
    "--max-wall": ("wall", 86400, False, "SECONDS"),
    "--max-cpu": ("cpu", 86400, False, "SECONDS"),
    "--max-memory": ("memory", 1 << 24, True, "MIB"),
    "--max-events": ("events", 10 ** 10, True, "N"),
    "--max-output": ("output", 10 ** 13, True, "BYTES"),
}


def parse_limit(option, text):
    """The value of `option` given as `text`; ValueError with a one-line reason if it is bad."""
    field, largest, whole, _ = OPTIONS[option]
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not math.isfinite(value) or value < 0 or value > largest or (whole and value != int(value)):
        raise ValueError("%s wants %s from 0 (no limit) to %s; got '%s'"
                         % (option, "a whole number" if whole else "a number", largest, text))
    return int(value) if whole else value


def seconds(value):
    return "%g" % value


# --- in the recording process -----------------------------------------------------------------

_ACTIVE = None  # the Guard of this process's run, while it is armed
_FORK_HOOKS = False


def _after_fork_in_child():
    guard = _ACTIVE
    if guard is not None:
        guard.forked()


def _after_fork_in_parent():
    guard = _ACTIVE
    if guard is not None and not guard.forked_child:
        guard.forks += 1
        if guard.on_fork is not None:
            guard.on_fork()


class Guard:
    """Enforces `limits` on the program being recorded by `tracer`, in this process.

    on_emergency(exc) writes what was recorded and ends the process; it is called from a signal
    handler when the program has not ended GRACE seconds after being stopped.
    """

    def __init__(self, limits, tracer, on_emergency, on_fork=None):
        self.limits = limits
        self.tracer = tracer
        self.on_emergency = on_emergency
        self.on_fork = on_fork
        self.reached = None  # the Interrupted that stopped the program, once one did
        self.finishing = False  # the program has ended: nothing is stopped any more
        self.forked_child = False  # this process is a child the program forked
        self.forks = 0  # children the program forked
        self.output_bytes = 0
        self.started = time.monotonic()
        self._main = threading.get_ident()
        self._pending = None  # a limit reached on another thread, for the loop's thread to raise
        self._handlers = {}
        self._memory_soft = None
        self._cpu_limits = None

    # -- arming ------------------------------------------------------------------------------

    def arm(self):
        global _ACTIVE, _FORK_HOOKS
        limits = self.limits
        if limits.events:
            self.tracer.event_cap = limits.events
            self.tracer.event_cap_reached = self.event_limit_reached
        self.tracer.count_output = self.count_output if limits.output else id
        if resource is not None:
            if limits.memory:
                soft, hard = resource.getrlimit(resource.RLIMIT_AS)
                want = limits.memory * 1024 * 1024
                if hard != resource.RLIM_INFINITY:
                    want = min(want, hard)
                self._memory_soft = soft
                resource.setrlimit(resource.RLIMIT_AS, (want, hard))
            if limits.cpu and hasattr(signal, "SIGXCPU"):
                soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
                used = sum(os.times()[:2])
                want = int(math.ceil(used + limits.cpu))
                want_hard = want + CPU_HARD_MARGIN
                if hard != resource.RLIM_INFINITY:
                    want, want_hard = min(want, hard), min(want_hard, hard)
                self._cpu_limits = (soft, hard)
                self._catch(signal.SIGXCPU)
                resource.setrlimit(resource.RLIMIT_CPU, (want, want_hard))
        if hasattr(signal, "setitimer"):
            self._catch(signal.SIGALRM)
            if limits.wall:
                signal.setitimer(signal.ITIMER_REAL, float(limits.wall))
        if hasattr(signal, "SIGTERM"):
            self._catch(signal.SIGTERM)
        if hasattr(os, "register_at_fork") and not _FORK_HOOKS:
            os.register_at_fork(after_in_child=_after_fork_in_child, after_in_parent=_after_fork_in_parent)
            _FORK_HOOKS = True
        _ACTIVE = self

    def _catch(self, signum):
        self._handlers[signum] = signal.signal(signum, self._on_signal)

    def disarm(self):
        """The program has ended (or is being written out): no limit stops anything any more, and
        the recorder may use memory again to write the file. SIGTERM is ignored while it writes."""
        global _ACTIVE
        self.finishing = True
        if _ACTIVE is self:
            _ACTIVE = None
        if hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_REAL, 0)
        if threading.get_ident() == self._main:  # the only thread that may set handlers
            for signum, previous in self._handlers.items():
                signal.signal(signum, signal.SIG_IGN if signum == getattr(signal, "SIGTERM", None) else previous)
            self._handlers = {}
        if resource is not None:
            if self._memory_soft is not None:
                _, hard = resource.getrlimit(resource.RLIMIT_AS)
                resource.setrlimit(resource.RLIMIT_AS, (self._memory_soft, hard))
                self._memory_soft = None
            if self._cpu_limits is not None:
                # No more SIGXCPU; the hard limit stays (it cannot be raised again).
                _, hard = resource.getrlimit(resource.RLIMIT_CPU)
                resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))
                self._cpu_limits = None

    def forked(self):
        """In a child the program forked: it runs on unguarded and never writes the recording."""
        global _ACTIVE
        self.forked_child = True
        self.finishing = True
        _ACTIVE = None
        for signum in self._handlers:
            signal.signal(signum, signal.SIG_DFL)
        self._handlers = {}

    # -- the limits --------------------------------------------------------------------------

    def wall_limit(self):
        text = seconds(self.limits.wall)
        return LimitReached("wall time %s s" % text,
                            "wall time limit reached: the program ran for %s s of real time (--max-wall %s) "
                            "and was stopped" % (text, text))

    def cpu_limit(self):
        text = seconds(self.limits.cpu)
        return LimitReached("CPU time %s s" % text,
                            "CPU time limit reached: the program used %s s of CPU time (--max-cpu %s) "
                            "and was stopped" % (text, text))

    def event_limit(self):
        n = self.limits.events
        return LimitReached("%d events" % n,
                            "event limit reached: %d events recorded (--max-events %d); the program was stopped"
                            % (n, n))

    def output_limit(self):
        n = self.limits.output
        return LimitReached("output %d bytes" % n,
                            "output limit reached: the program tried to print more than %d bytes "
                            "(--max-output %d) and was stopped" % (n, n))

    def event_limit_reached(self):
        """Called after each event from the cap on: at the first, the recording stops and so does
        the program."""
        if self.reached is None and not self.finishing:
            self._reach(self.event_limit())

    def count_output(self, text):
        """Called before each write to the program's stdout or stderr: the write that would pass
        the cap does not happen, and the program is stopped."""
        if self.reached is not None or self.finishing or not isinstance(text, str):
            return
        n = len(text)
        if not text.isascii():
            # Counted as the recording holds the text: a lone surrogate must not fail the write.
            n = len(encode_text(text))
        self.output_bytes += n
        if self.output_bytes > self.limits.output:
            self.output_bytes -= n
            self._reach(self.output_limit())

    def _reach(self, exc):
        if threading.get_ident() == self._main:
            self._stop(exc)
        else:
            # Another thread: the loop's thread is told through a signal, and raises it there.
            if self.tracer.frozen_at is None:
                self.tracer.freeze()
            self._pending = exc
            try:
                signal.pthread_kill(self._main, signal.SIGALRM)
            except (AttributeError, OSError):
                pass

    def _stop(self, exc):
        self.reached = exc
        self._pending = None
        if self.tracer.frozen_at is None:
            self.tracer.freeze()  # what follows is the program's teardown, not its run
        if hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_REAL, GRACE)
        raise exc

    def _on_signal(self, signum, frame):
        if self.finishing:
            return
        if self.reached is not None:
            if signum == getattr(signal, "SIGALRM", None):
                # The grace period is over and the program still runs: write from here.
                self.finishing = True
                self.on_emergency(self.reached)
            return
        if signum == getattr(signal, "SIGXCPU", None):
            self._stop(self.cpu_limit())
        elif signum == getattr(signal, "SIGTERM", None):
            elapsed = time.monotonic() - self.started
            if self.limits.wall and elapsed >= self.limits.wall:
                self._stop(self.wall_limit())  # the parent's nudge: this process's timer was missed
            else:
                self._stop(Stopped("SIGTERM", "stopped by SIGTERM after %.1f s; what was recorded until "
                                              "then was written" % elapsed))
        elif self._pending is not None:
            self._stop(self._pending)
        else:
            self._stop(self.wall_limit())


# --- the supervising parent -------------------------------------------------------------------


def supervise(work, limits, output):
    """Runs work(notify_fd) in a child process and returns the exit status the recorder ends with.

    The child writes b"w" to notify_fd when it starts writing the recording and b"d<status>\\n"
    when it has written it and said so. Without fork (Windows), work runs here, unsupervised.
    """
    if not hasattr(os, "fork"):
        return work(None)
    read_fd, write_fd = os.pipe()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        return work(write_fd)  # the child goes on to exit as the recorder would
    os.close(write_fd)
    try:
        return _watch(pid, read_fd, limits, output)
    finally:
        os.close(read_fd)


def _watch(pid, read_fd, limits, output):
    started = time.monotonic()
    state = {"term": None}

    def forward(signum, frame):
        if state["term"] is None:
            state["term"] = time.monotonic()
        try:
            os.kill(pid, signum)
        except OSError:
            pass

    previous = {}
    for signum in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)):
        if signum is not None:
            previous[signum] = signal.signal(signum, forward)
    previous[signal.SIGINT] = signal.signal(signal.SIGINT, signal.SIG_IGN)  # the child has it too
    heard = b""
    done_at = None
    killed = None
    nudged = False
    try:
        while True:
            try:
                waited, status, usage = os.wait4(pid, os.WNOHANG)
            except ChildProcessError:
                return EXIT_CRASH
            if waited:
                break
            try:
                ready, _, _ = select.select([read_fd], [], [], 0.05)
            except InterruptedError:
                ready = []
            if ready:
                heard += os.read(read_fd, 64)
            now = time.monotonic()
            if b"d" in heard:
                # Written and reported: the program's leftover threads may not keep it alive long.
                if done_at is None:
                    done_at = now
                elif now - done_at > GRACE + 1 and killed is None:
                    killed = "after"
                    os.kill(pid, signal.SIGKILL)
            elif b"w" not in heard and killed is None:
                over = now - started - limits.wall if limits.wall else -1
                if over > GRACE + 0.5 and not nudged:
                    # Its own timer was missed (the program took SIGALRM?): its SIGTERM handler
                    # knows the wall time is over.
                    nudged = True
                    os.kill(pid, signal.SIGTERM)
                late_term = state["term"] is not None and now - state["term"] > GRACE + BACKSTOP
                if over > GRACE + BACKSTOP or late_term:
                    killed = "wall" if over > GRACE + BACKSTOP else "term"
                    os.kill(pid, signal.SIGKILL)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if b"d" in heard:
        try:
            return int(heard[heard.index(b"d") + 1:].split(b"\n")[0])
        except ValueError:
            pass
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    # Killed or crashed before it could write: nothing was saved.
    try:
        os.unlink(output + ".part")
    except OSError:
        pass
    signum = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
    name = _signal_name(signum)
    cpu = usage.ru_utime + usage.ru_stime
    if killed == "wall":
        why = ("the program did not stop at the wall time limit (--max-wall %s; stuck outside Python code?) "
               "and was killed" % seconds(limits.wall))
    elif killed == "term":
        why = "the program did not stop after SIGTERM and was killed"
    elif signum == getattr(signal, "SIGKILL", -1) and limits.cpu and cpu >= limits.cpu + CPU_HARD_MARGIN - 1:
        why = ("the program used its CPU time (--max-cpu %s) and did not stop inside Python code; the system "
               "killed it" % seconds(limits.cpu))
    elif signum == getattr(signal, "SIGKILL", -1):
        why = "the Python process was killed (%s)" % name
    elif signum == getattr(signal, "SIGTERM", -1):
        why = "stopped by SIGTERM before the recorder was ready"
    else:
        why = "the Python interpreter crashed (%s)" % name
    print(PREFIX + why + "; nothing was recorded", file=sys.stderr)
    sys.stderr.flush()
    return EXIT_CRASH


def _signal_name(signum):
    try:
        name = signal.Signals(signum).name
    except ValueError:
        return "signal %d" % signum
    described = signal.strsignal(signum) if hasattr(signal, "strsignal") else None
    return "%s, %s" % (name, described) if described else name
