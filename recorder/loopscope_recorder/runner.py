"""Runs a program under the recorder and writes its recording."""

import gc
import os
import runpy
import sys
import traceback
import warnings

from .clock import RealClock, VirtualClock
from .format import Recording, write_recording
from .limits import PREFIX, Guard, Interrupted
from .loop import DeadlockError
from .parameters import apply_settings
from .patches import install, uninstall
from .schema import Clock, EventKind
from .tracer import Tracer, error_text


class UsageError(Exception):
    """Bad input to the recorder itself: reported in one line, exit status 2."""


def read_program(path):
    if not os.path.exists(path):
        raise UsageError("no such program: %s" % path)
    if os.path.isdir(path):
        raise UsageError("not a file: %s" % path)
    try:
        with open(path, "rb") as f:
            source = f.read()
    except OSError as problem:
        raise UsageError("cannot read %s: %s" % (path, problem.strerror or problem))
    try:
        # utf-8-sig: a byte-order mark some editors put first is not the program's text (Python
        # itself reads past it); left in, it was a syntax error on line 1.
        return source.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError("%s is not UTF-8 text" % path)


_RECORDER_DIR = os.path.dirname(os.path.abspath(__file__))


def _program_frames_only(summary):
    """The traceback's frames without the recorder's own or runpy's, as if the program had run
    alone; chained exceptions are trimmed the same way."""
    seen = set()
    while summary is not None and id(summary) not in seen:
        seen.add(id(summary))
        kept = [frame for frame in summary.stack
                if not os.path.abspath(frame.filename).startswith(_RECORDER_DIR + os.sep)
                and os.path.basename(frame.filename) not in ("runpy.py", "<frozen runpy>")]
        summary.stack = traceback.StackSummary.from_list(kept)
        for chained in (summary.__cause__, summary.__context__):
            if chained is not None:
                _program_frames_only(chained)
        summary = None


def print_program_traceback(failure):
    summary = traceback.TracebackException.from_exception(failure)
    _program_frames_only(summary)
    sys.stderr.write("".join(summary.format()))


def syntax_problem(program, source):
    """The program's SyntaxError if it does not compile, else None. A syntax error is the
    program's failure, as Python reports it (traceback, status 1), and is recorded like one, so
    a viewer can show it on its line."""
    try:
        compile(source, os.path.abspath(program), "exec", dont_inherit=True)
    except SyntaxError as problem:
        return problem
    except ValueError as problem:  # null bytes, before 3.12
        raise UsageError("cannot compile %s: %s" % (program, problem))
    return None


def default_output(program):
    base = os.path.splitext(os.path.basename(program))[0]
    return base + ".loopscope"


def _flush_standard_streams():
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except Exception:
            pass


class Session:
    """One program recorded in this process: runs it under `limits` (None: none), writes the
    recording and reports on stderr. `notify`: the supervising parent's pipe, or None."""

    def __init__(self, program, source, args, output, real_time=False, limits=None, notify=None, parameters=()):
        self.program = program
        self.source = source
        self.parameters = list(parameters)
        self.args = list(args)
        self.output = output
        self.notify = notify
        self.clock = RealClock() if real_time else VirtualClock()
        self.program_path = os.path.abspath(program)
        self.tracer = Tracer(self.clock, self.program_path)
        self.tracer.program_files.add(program)
        self.guard = Guard(limits, self.tracer, self._emergency, self._forked) if limits is not None else None
        self.patches = None
        self.tees = ()
        self.finished = False
        self._real_exit = os._exit
        self._saved = None

    # --- the run ------------------------------------------------------------------------------

    def run(self):
        """Runs the program to its end (or its stop); returns the recorder's exit status."""
        tracer, guard = self.tracer, self.guard
        # The program's folder comes first on the path, as for `python PROGRAM.py`. It is put in
        # front rather than over sys.path[0]: that entry is a PYTHONPATH folder, the current
        # folder having been taken off when the recorder started (__main__.py).
        program_dir = os.path.dirname(self.program_path)
        self._saved = (sys.argv, program_dir)
        sys.argv = [self.program] + self.args
        sys.path.insert(0, program_dir)
        self.patches, self.tees = install(tracer)
        self.patches.replace(os, "_exit", self._os_exit)
        status, error, messages, failure = 0, "", [], None
        # The recorder keeps many short-lived bookkeeping objects per step; at the default
        # thresholds the collector would scan the program's whole heap again and again (a
        # 10,000-task program spent a third of its recording in it). Cycles are still collected,
        # less often; the run stays deterministic.
        thresholds = gc.get_threshold()
        gc.set_threshold(max(thresholds[0], 50_000), *thresholds[1:])
        try:
            try:
                if guard is not None:
                    guard.arm()
                self._run_source()
            finally:
                gc.set_threshold(*thresholds)
                if guard is not None:
                    guard.finishing = True  # from here on, no limit interrupts the recorder
        except SystemExit as stop:
            code = stop.code
            if code is None or code == 0:
                status = 0
            elif isinstance(code, int):
                status = code
                error = "SystemExit: %d" % code
                messages.append("the program exited with status %d (sys.exit)" % code)
            else:
                status = 1
                error = "SystemExit: %s" % code
                print(code, file=sys.stderr)
                messages.append("the program exited with status 1 (sys.exit with a message)")
        except DeadlockError as deadlock:
            status, error, failure = 1, "DeadlockError: " + str(deadlock), deadlock
        except BaseException as exc:  # the program's own failure, or a limit
            failure = exc

        stopped = False
        if guard is not None and guard.reached is not None:
            # Whatever the program's teardown raised after, the limit is why it ended.
            reached = guard.reached
            status, error, messages, stopped = reached.status, reached.error_text(), [reached.message], True
        elif isinstance(failure, DeadlockError):
            messages.append(str(failure))
        elif isinstance(failure, SyntaxError):
            status, error = 1, error_text(failure)
            print_program_traceback(failure)
            where = "line %d" % failure.lineno if failure.lineno else "an unknown line"
            messages.append("syntax error in %s, %s: %s" % (self.program, where, failure.msg))
            self.syntax_error = True
        elif failure is not None:
            status, error = 1, error_text(failure)
            print_program_traceback(failure)
            if isinstance(failure, MemoryError) and guard is not None and guard.limits.memory:
                messages.append("the program ran out of memory (--max-memory %d MiB): %s"
                                % (guard.limits.memory, error))
            else:
                messages.append("the program failed: %s" % error)
        return self.finish(status, error, messages, stopped)

    def _run_source(self):
        """Runs the program's source (with its --set values written in) as __main__, as runpy
        would run the file: the same globals, file name and line numbers."""
        import types
        code = compile(self.source, self.program_path, "exec", dont_inherit=True)
        module = types.ModuleType("__main__")
        module.__file__ = self.program_path
        module.__builtins__ = __builtins__
        module.__loader__ = None
        module.__spec__ = None
        module.__package__ = None
        module.__cached__ = None
        saved_main = sys.modules.get("__main__")
        sys.modules["__main__"] = module
        try:
            exec(code, module.__dict__)
        finally:
            if saved_main is not None:
                sys.modules["__main__"] = saved_main

    def finish(self, status, error, messages, stopped=False, collect=True):
        """Writes the recording and reports; returns the exit status. Runs once."""
        if self.finished:
            return status
        self.finished = True
        guard, tracer = self.guard, self.tracer
        if guard is not None:
            guard.disarm()
            if guard.forked_child:  # a child the program forked: only the parent records
                self._restore()
                _flush_standard_streams()
                self._real_exit(status)
        self._tell(b"w")
        if stopped:
            # Coroutines dropped unawaited and the like are the stop's doing, not the program's.
            warnings.simplefilter("ignore")
        if guard is not None and guard.reached is not None:
            # A task stopped part way holds the stop as its exception: not the program's to report.
            for task in list(tracer.live_tasks.values()):
                if task.done() and not task.cancelled() and isinstance(task._exception, Interrupted):
                    task._log_traceback = False
        if collect:
            # Tasks dropped with unretrieved exceptions report from their finalisers: let them now.
            gc.collect()
        self._restore()

        if guard is not None and guard.forks:
            messages.append("the program forked %d child process%s; only the parent was recorded"
                            % (guard.forks, "" if guard.forks == 1 else "es"))
        if not tracer.saw_loop and not getattr(self, "syntax_error", False):
            messages.append("the program never started an asyncio event loop; only its output was recorded")

        variant = tracer.variant(error=error if not tracer.main_error else "")
        if tracer.deadlocked and not variant.error:
            variant.error = error
        if stopped:
            variant.error = error
            variant.stopped = True
        recording = Recording(
            lesson_id="",
            parameters=self.parameters,
            clock=int(Clock.Virtual if self.clock.virtual else Clock.Live),
            listing_name=os.path.basename(self.program),
            listing_text=self.source,
            variants=[variant],
        )
        stderr = sys.stderr
        if messages:
            print(PREFIX + "; ".join(messages), file=stderr)
        try:
            write_recording(self.output, recording)
        except OSError as problem:
            print(PREFIX + "cannot write the recording: %s" % problem, file=stderr)
            status = 2
        else:
            details = ["%d events" % len(variant.events), "%.3f s" % (variant.total / 1e9)]
            if variant.deadlocked:
                details.append("deadlocked")
            if variant.stopped:
                details.append("stopped part way")
            print(PREFIX + "wrote %s (%s); exit status %d" % (self.output, ", ".join(details), status), file=stderr)
        _flush_standard_streams()
        self._tell(b"d%d\n" % status)
        return status

    def _restore(self):
        for tee in self.tees:
            tee.flush_partial()
        if self.patches is not None:
            uninstall(self.patches)
            self.patches = None
        if self._saved is not None:
            sys.argv, program_dir = self._saved
            if sys.path and sys.path[0] == program_dir:
                del sys.path[0]
            self._saved = None

    def _tell(self, what):
        if self.notify is not None:
            try:
                os.write(self.notify, what)
            except OSError:
                pass

    # --- ends that do not come back -----------------------------------------------------------

    def _emergency(self, reached):
        """From a signal handler: the program did not end GRACE seconds after it was stopped."""
        status = self.finish(reached.status, reached.error_text(),
                             [reached.message + " (it did not end when stopped: written from where it was)"],
                             stopped=True, collect=False)
        self._real_exit(status)

    def _os_exit(self, n):
        """os._exit, recording first: the real one skips every finally and atexit, and so would
        the recording."""
        guard = self.guard
        if self.finished or (guard is not None and guard.forked_child):
            _flush_standard_streams()
            self._real_exit(n)
        if guard is not None:
            guard.finishing = True
        if guard is not None and guard.reached is not None:
            reached = guard.reached
            status = self.finish(reached.status, reached.error_text(), [reached.message], stopped=True,
                                 collect=False)
        else:
            status = self.finish(n, "os._exit(%d)" % n if n else "", ["the program called os._exit(%d)" % n],
                                 collect=False)
        self._real_exit(status)

    def _forked(self):
        """In the program's process, just after it forked (the child runs on unrecorded)."""
        tracer = self.tracer
        if tracer.recording_here():
            note = "[loopscope-recorder] the program forked: only this process (the parent) is recorded"
            tracer.emit(EventKind.Print, tracer.current_task, line=tracer.stack_line(1), a=tracer.intern(note))


def record(program, args, output, real_time=False, limits=None, notify=None, settings=()):
    """Runs `program` with `args` under `limits` (None: none) and its parameters block set by
    `settings` ("name=value"), writes the recording to `output` and reports on stderr; returns
    the exit status."""
    source, parameters = apply_settings(read_program(program), settings)
    return Session(program, source, args, output, real_time, limits, notify, parameters).run()
