"""Run a lesson listing on a virtual clock and report what it printed, and when.

The listing runs on real CPython asyncio; only time is simulated:

* The event loop is a ``SelectorEventLoop`` whose ``time()`` reads a virtual clock. Where the real
  loop would block in ``select(timeout)`` the clock jumps forward by ``timeout`` instead, so timers
  fire in order without any real waiting. ``select(None)`` with nothing ready means no task can ever
  wake up again: the run stops and is reported as a deadlock.
* ``time.sleep(d)`` advances the same clock by ``d`` while the calling task keeps the thread (the
  loop stalls, later timers fire late). ``time.perf_counter``, ``time.monotonic`` and ``time.time``
  read the virtual clock.
* ``asyncio.to_thread(f, ...)`` (and ``loop.run_in_executor``) call ``f`` at once with ``time.sleep``
  only adding up the durations it asks for, then wait that total on the loop without stalling it.
* ``print`` is captured: every line gets the virtual time since the run began and the name of the
  task that printed it ("main" for the task ``asyncio.run`` made, "loop" outside any task).

The listing's own ``asyncio.run(main())`` gets the virtual loop through an event loop policy, so the
code that runs is exactly the code a learner pastes (including the check that refuses a nested
``asyncio.run``).

Usage::

    python3 tests/fidelity/vclock.py LISTING [--set name=value]... [--variant NAME] [--warnings]

prints one JSON object ``{"total_s": float, "error": str|null, "console": [{"t_s", "task", "text"}]}``
(with ``--warnings`` also ``"warnings": [{"t_s", "text"}]``: Python warnings such as "coroutine ...
was never awaited" and messages the loop's exception handler received).
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import math
import asyncio.runners
import asyncio.tasks
import asyncio.threads
import builtins
import gc
import io
import itertools
import json
import os
import selectors
import sys
import time
import tokenize
import warnings

BEGIN_MARK = "# --- parameters ---"
END_MARK = "# --- end parameters ---"

# A listing that never lets the clock move (for example `while True: await asyncio.sleep(0)`) would
# spin for ever; stop it after this many loop iterations.
MAX_LOOP_ITERATIONS = 5_000_000


class ListingError(ValueError):
    """A listing or a parameter request that cannot be run (bad block, unknown name, bad value)."""


class Deadlock(BaseException):
    """Raised out of the loop when nothing is ready, no timer is armed and tasks still wait.

    A BaseException, so that a listing's ``except Exception`` cannot swallow it.
    """


class Runaway(BaseException):
    """Raised out of the loop when a listing spins without ever letting virtual time pass."""


# --------------------------------------------------------------------------------------------------
# Parameters


def _split_comment(line: str) -> tuple[str, str]:
    """Return (code, comment) for one source line; the comment keeps its leading spaces."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(line).readline))
    except (tokenize.TokenError, SyntaxError):
        return line.rstrip("\n"), ""
    for tok in tokens:
        if tok.type == tokenize.COMMENT:
            col = tok.start[1]
            code = line[:col].rstrip()
            return code, line[len(code):col] + line[col:].rstrip("\n")
    return line.rstrip("\n"), ""


def read_parameters(source: str) -> dict[str, tuple[int, object]]:
    """Map each parameter name in the block to (line index, default value)."""
    lines = source.splitlines()
    try:
        begin = next(i for i, l in enumerate(lines) if l.strip() == BEGIN_MARK)
        end = next(i for i, l in enumerate(lines) if i > begin and l.strip() == END_MARK)
    except StopIteration:
        return {}
    params: dict[str, tuple[int, object]] = {}
    for i in range(begin + 1, end):
        code, _ = _split_comment(lines[i])
        if not code.strip():
            continue
        try:
            node = ast.parse(code.strip()).body[0]
        except SyntaxError as exc:
            raise ListingError(f"line {i + 1} of the parameter block is not Python: {exc}") from None
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)):
            raise ListingError(f"line {i + 1} of the parameter block is not 'name = value'")
        try:
            value = ast.literal_eval(node.value)
        except ValueError:
            raise ListingError(f"line {i + 1}: the default of '{node.targets[0].id}' is not a literal")
        params[node.targets[0].id] = (i, value)
    return params


def convert_value(name: str, value: object, default: object) -> object:
    """Convert ``value`` (often a command-line string) to the type of the parameter's default."""
    kind = type(default)
    if isinstance(value, str) and kind is not str:
        text = value.strip()
        try:
            if kind is bool:
                lowered = text.lower()
                if lowered not in ("true", "false"):
                    raise ValueError
                return lowered == "true"
            if kind is int:
                return int(text)
            if kind is float:
                return float(text)
        except ValueError:
            raise ListingError(
                f"parameter '{name}' wants a {kind.__name__} (default {default!r}), got {value!r}"
            ) from None
        raise ListingError(f"parameter '{name}' has an unsupported type {kind.__name__}")
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind is bool and not isinstance(value, bool):
        raise ListingError(f"parameter '{name}' wants true or false, got {value!r}")
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ListingError(f"parameter '{name}' wants an int, got {value!r}")
    if kind is str and not isinstance(value, str):
        raise ListingError(f"parameter '{name}' wants a string, got {value!r}")
    return value


def substitute_parameters(source: str, params: dict, variant: str | None = None) -> str:
    """Return ``source`` with the requested ``name = value`` lines of the block replaced."""
    declared = read_parameters(source)
    wanted = dict(params or {})
    if variant is not None:
        if "variant" not in declared:
            if variant != "main":
                raise ListingError(f"this listing has no variants (only 'main'), not {variant!r}")
        else:
            wanted["variant"] = variant
    lines = source.splitlines(keepends=True)
    for name, value in wanted.items():
        if name not in declared:
            known = ", ".join(declared) or "none"
            raise ListingError(f"unknown parameter '{name}' (this listing has: {known})")
        index, default = declared[name]
        value = convert_value(name, value, default)
        line = lines[index]
        indent = line[: len(line) - len(line.lstrip())]
        _, comment = _split_comment(line)
        newline = "\n" if line.endswith("\n") else ""
        lines[index] = f"{indent}{name} = {value!r}{comment}{newline}"
    return "".join(lines)


# --------------------------------------------------------------------------------------------------
# The clock, the loop and the recorder


class VirtualClock:
    def __init__(self) -> None:
        self.now = 0.0

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        self.now += seconds


class VirtualSelector(selectors.SelectSelector):
    """A selector that never waits: a timeout becomes a jump of the virtual clock.

    The loop's own self-pipe is registered here as usual, but no real file descriptor is ever
    polled, so a run cannot depend on the outside world.
    """

    def __init__(self, clock: VirtualClock) -> None:
        super().__init__()
        self._clock = clock
        self.loop: VirtualLoop | None = None
        self._iterations = 0

    def select(self, timeout=None):
        self._iterations += 1
        if self._iterations > MAX_LOOP_ITERATIONS:
            raise Runaway(f"more than {MAX_LOOP_ITERATIONS} loop iterations")
        if timeout is None:
            raise Deadlock()
        if timeout > 0:
            target = self._clock.now + timeout
            scheduled = self.loop._scheduled if self.loop is not None else None
            if scheduled:
                # Land exactly on the timer's deadline rather than on now + (when - now), which
                # can miss it by a rounding step.
                when = scheduled[0]._when
                if abs(when - target) <= 1e-9 and when > self._clock.now:
                    target = when
            self._clock.now = target
        return []


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self, clock: VirtualClock, recorder: "Recorder") -> None:
        selector = VirtualSelector(clock)
        super().__init__(selector)
        selector.loop = self
        self._clock = clock
        self._recorder = recorder
        self.main_task: asyncio.Task | None = None
        if recorder.capture_warnings:
            self.set_exception_handler(recorder.loop_exception)

    def time(self) -> float:
        now = self._clock.now
        # Far out in virtual time one float step exceeds CPython's 1 ns clock resolution; widen it
        # so the timer the clock jumped to still counts as due.
        self._clock_resolution = max(1e-9, 2 * math.ulp(now))
        return now

    def create_task(self, coro, *, name=None, context=None):
        if name is None:
            # CPython numbers unnamed tasks from a process-wide counter in C that cannot be reset;
            # number them per run instead, as a fresh interpreter running the listing would.
            name = f"Task-{self._recorder.next_task_number()}"
        task = super().create_task(coro, name=name, context=context)
        if self.main_task is None:  # asyncio.run's Runner always creates main's task first
            self.main_task = task
        return task

    def run_in_executor(self, executor, func, *args):
        # Modelled like to_thread: the blocking sleeps happen "elsewhere" and only their sum is
        # waited for, without stalling the loop.
        future = self.create_future()
        result, error, total = self._recorder.call_off_loop(func, args, {})

        def finish() -> None:
            if future.done():
                return
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(result)

        self.call_later(total, finish)
        return future


class VirtualPolicy(asyncio.DefaultEventLoopPolicy):
    def __init__(self, clock: VirtualClock, recorder: "Recorder") -> None:
        super().__init__()
        self._clock = clock
        self._recorder = recorder

    def new_event_loop(self):
        return VirtualLoop(self._clock, self._recorder)


class Recorder:
    def __init__(self, clock: VirtualClock, capture_warnings: bool) -> None:
        self.clock = clock
        self.capture_warnings = capture_warnings
        self.console: list[dict] = []
        self.warnings: list[dict] = []
        self.off_loop_offset: float | None = None  # inside a modelled thread: sleeps so far
        self.next_task_number = itertools.count(1).__next__

    def now(self) -> float:
        offset = self.off_loop_offset or 0.0
        return self.clock.now + offset

    @staticmethod
    def task_name() -> str:
        loop = asyncio._get_running_loop()
        if loop is None:
            return "loop"
        task = asyncio.current_task(loop)
        if task is None:
            return "loop"
        if task is getattr(loop, "main_task", None):
            return "main"
        return task.get_name()

    def print(self, *args, sep=" ", end="\n", file=None, flush=False) -> None:
        if file is not None and file not in (sys.stdout, sys.stderr):
            builtins.print(*args, sep=sep, end=end, file=file, flush=flush)
            return
        text = (" " if sep is None else sep).join(str(a) for a in args)
        task = self.task_name()
        for line in text.split("\n"):
            self.console.append({"t_s": round(self.now(), 9), "task": task, "text": line})

    def warning(self, message, category, filename, lineno, file=None, line=None) -> None:
        self.warnings.append({"t_s": round(self.now(), 9),
                              "text": f"{category.__name__}: {message}"})

    def loop_exception(self, loop, context) -> None:
        text = context.get("message", "")
        exc = context.get("exception")
        if exc is not None:
            text += f" ({type(exc).__name__}: {exc})"
        self.warnings.append({"t_s": round(self.now(), 9), "text": text})

    def call_off_loop(self, func, args, kwargs):
        """Call ``func`` as if on a worker thread: its time.sleep calls only add up.

        Returns (result, exception, total seconds slept).
        """
        total = 0.0
        real_sleep = time.sleep

        def add_up(seconds: float) -> None:
            nonlocal total
            if seconds < 0:
                raise ValueError("sleep length must be non-negative")
            total += seconds
            self.off_loop_offset = total

        time.sleep = add_up
        # A listing may hand over time.sleep itself (to_thread(time.sleep, d)); that reference is
        # the patched virtual sleep, which must add up here too instead of stalling the loop.
        self.off_loop_add = add_up
        self.off_loop_offset = 0.0
        try:
            return func(*args, **kwargs), None, total
        except Exception as exc:  # noqa: BLE001 - handed to the awaiting task, like a real thread
            return None, exc, total
        finally:
            time.sleep = real_sleep
            self.off_loop_add = None
            self.off_loop_offset = None


# --------------------------------------------------------------------------------------------------
# Running a listing


class _Patches:
    """Install the virtual world for one run and take it away again, whatever happens."""

    def __init__(self, clock: VirtualClock, recorder: Recorder) -> None:
        self.clock = clock
        self.recorder = recorder
        self.saved: list[tuple[object, str, object]] = []
        self.last_run_end: float | None = None

    def _set(self, owner, name, value) -> None:
        self.saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, value)

    def __enter__(self):
        clock, recorder = self.clock, self.recorder

        def virtual_now() -> float:
            return recorder.now()

        def virtual_ns() -> int:
            return int(round(recorder.now() * 1e9))

        def virtual_sleep(seconds: float) -> None:
            if getattr(recorder, "off_loop_add", None) is not None:
                recorder.off_loop_add(float(seconds))
            else:
                clock.advance(float(seconds))

        async def to_thread(func, /, *args, **kwargs):
            result, error, total = recorder.call_off_loop(func, args, kwargs)
            await asyncio.sleep(total)
            if error is not None:
                raise error
            return result

        real_run = asyncio.runners.run

        def run(main, *, debug=None):
            outermost = asyncio._get_running_loop() is None
            try:
                return real_run(main, debug=debug)
            finally:
                if outermost:
                    self.last_run_end = clock.now

        for name in ("time", "monotonic", "perf_counter"):
            self._set(time, name, virtual_now)
        for name in ("time_ns", "monotonic_ns", "perf_counter_ns"):
            self._set(time, name, virtual_ns)
        self._set(time, "sleep", virtual_sleep)
        self._set(asyncio, "to_thread", to_thread)
        self._set(asyncio.threads, "to_thread", to_thread)
        self._set(asyncio, "run", run)
        self._set(asyncio.runners, "run", run)
        self.saved_policy = asyncio.events._event_loop_policy
        asyncio.set_event_loop_policy(VirtualPolicy(clock, recorder))
        return self

    def __exit__(self, *exc_info) -> None:
        asyncio.events._event_loop_policy = self.saved_policy
        for owner, name, value in reversed(self.saved):
            setattr(owner, name, value)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, Deadlock):
        return "deadlock"
    if isinstance(exc, Runaway):
        return f"runaway: {exc}"
    message = str(exc)
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def run_source(source: str, filename: str = "<listing>", *, capture_warnings: bool = False) -> dict:
    """Run listing source text on the virtual clock and return the report dict."""
    clock = VirtualClock()
    recorder = Recorder(clock, capture_warnings)
    code = compile(source, filename, "exec")
    namespace = {"__name__": "__main__", "__file__": filename, "__builtins__": builtins,
                 "print": recorder.print}
    error = None
    with warnings.catch_warnings():
        if capture_warnings:
            warnings.simplefilter("always")
            warnings.showwarning = recorder.warning
        with _Patches(clock, recorder) as patches:
            try:
                exec(code, namespace)
            except (Exception, Deadlock, Runaway, SystemExit, KeyboardInterrupt) as exc:
                # A Deadlock may have been raised a second time while asyncio.run cancelled the
                # stuck tasks; the first cause is the one to report.
                root = exc
                while root.__context__ is not None and isinstance(root.__context__, Deadlock):
                    root = root.__context__
                error = _describe(root)
            finally:
                _close_leftover_loop()
                namespace.clear()
                gc.collect()  # let "never awaited" / "never retrieved" warnings fire inside the run
        total = patches.last_run_end if patches.last_run_end is not None else clock.now
    report = {"total_s": round(total, 9), "error": error, "console": recorder.console}
    if capture_warnings:
        report["warnings"] = recorder.warnings
    return report


def _close_leftover_loop() -> None:
    """After a deadlock asyncio.run may not have managed to close its loop; do it quietly."""
    policy = asyncio.events._event_loop_policy
    loop = getattr(getattr(policy, "_local", None), "_loop", None)
    if loop is not None and not loop.is_closed() and not loop.is_running():
        try:
            loop.close()
        except Exception:  # noqa: BLE001 - best effort cleanup only
            pass


def run_listing(path, params: dict | None = None, variant: str | None = None, *,
                capture_warnings: bool = False) -> dict:
    """Run the listing at ``path`` with some parameters replaced; see the module docstring."""
    with open(path, encoding="utf-8") as f:
        source = f.read()
    source = substitute_parameters(source, params or {}, variant)
    return run_source(source, os.fspath(path), capture_warnings=capture_warnings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run a lesson listing on a virtual clock.")
    parser.add_argument("listing")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="replace a parameter's value (repeatable)")
    parser.add_argument("--variant", help="run this variant (sets the 'variant' parameter)")
    parser.add_argument("--warnings", action="store_true",
                        help="also report warnings and loop exception-handler messages")
    args = parser.parse_args(argv)
    params: dict[str, str] = {}
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            parser.error(f"--set wants NAME=VALUE, got {item!r}")
        params[name.strip()] = value
    try:
        report = run_listing(args.listing, params, args.variant,
                             capture_warnings=args.warnings)
    except (ListingError, OSError) as exc:
        print(f"vclock: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
