"""Runs a program under the recorder and writes its recording."""

import gc
import os
import runpy
import sys
import traceback

from .clock import RealClock, VirtualClock
from .format import Recording, write_recording
from .loop import DeadlockError
from .patches import install, uninstall
from .schema import Clock
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
        return source.decode("utf-8")
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


def default_output(program):
    base = os.path.splitext(os.path.basename(program))[0]
    return base + ".loopscope"


def record(program, args, output, real_time=False):
    """Runs `program` with `args`; returns (exit status, recording path, tracer)."""
    source = read_program(program)
    clock = RealClock() if real_time else VirtualClock()
    program_path = os.path.abspath(program)
    tracer = Tracer(clock, program_path)
    tracer.program_files.add(program)

    saved_argv, saved_path0 = sys.argv, sys.path[0] if sys.path else None
    sys.argv = [program] + list(args)
    if sys.path:
        sys.path[0] = os.path.dirname(program_path)
    patches, tees = install(tracer)
    status, error = 0, ""
    try:
        runpy.run_path(program_path, run_name="__main__")
    except SystemExit as stop:
        code = stop.code
        if code is None or code == 0:
            status = 0
        elif isinstance(code, int):
            status = code
            error = "SystemExit: %d" % code
        else:
            status = 1
            error = "SystemExit: %s" % code
            print(code, file=sys.stderr)
    except DeadlockError as deadlock:
        status, error = 1, "DeadlockError: " + str(deadlock)
        print("loopscope-recorder: %s" % deadlock, file=sys.stderr)
    except BaseException as failure:  # the program's own failure, reported like Python does
        status, error = 1, error_text(failure)
        print_program_traceback(failure)
    finally:
        # Tasks dropped with unretrieved exceptions report from their finalisers: let them now.
        gc.collect()
        for tee in tees:
            tee.flush_partial()
        uninstall(patches)
        sys.argv = saved_argv
        if saved_path0 is not None and sys.path:
            sys.path[0] = saved_path0

    recording = Recording(
        lesson_id="",
        parameters=[],
        clock=int(Clock.Virtual if clock.virtual else Clock.Live),
        listing_name=os.path.basename(program),
        listing_text=source,
        variants=[tracer.variant(error=error if not tracer.main_error else "")],
    )
    if tracer.deadlocked and not recording.variants[0].error:
        recording.variants[0].error = error
    write_recording(output, recording)
    return status, output, tracer
