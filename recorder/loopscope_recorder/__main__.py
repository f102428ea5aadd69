"""Command line: records an asyncio program into a Loopscope recording file.

    python3 -m loopscope_recorder [-o OUT.loopscope] [--real-time] [--set NAME=VALUE]... [--max-wall SECONDS]
        [--max-cpu SECONDS] [--max-memory MIB] [--max-events N] [--max-output BYTES]
        [--] PROGRAM.py [ARGS...]

The program runs in a child process with the user's rights, under limits (0 switches one off):
wall time 30 s, CPU time 30 s, memory 1024 MiB of address space, 5,000,000 events recorded,
10,000,000 bytes printed. What was recorded until the program ended, or was stopped, is written
(docs/RECORDER.md). The last lines on stderr start with "loopscope-recorder: ": one saying why the
run ended, when that is news (a limit, a deadlock, a failure, a stop, a fork...), then "wrote FILE".

Exit status:
    the program's own   0, sys.exit(n) / os._exit(n) gives n, an uncaught exception or a syntax
                        error gives 1 (recorded, with the traceback Python prints)
    2                   bad input to the recorder (option, program file, --set), or the
                        recording could not be written; nothing is recorded
    3                   a limit was reached; the recording holds the run until then
    143                 stopped by SIGTERM; the recording holds the run until then
    1                   the interpreter crashed or was killed before it could write: nothing saved
"""

import os
import sys

# `python -m` puts the current folder first on sys.path, and the app starts the recorder in the
# program's folder: a file there named like a module the recorder imports (asyncio.py,
# selectors.py) would be imported in its place. The folder is taken off before the recorder
# imports anything more; the program gets its own folder on the path when it runs (runner.py).
# (`python -P` never puts it there; a loopscope_recorder.py in that folder is found before this
# package is, and only -P avoids it.)
if not sys.flags.safe_path and sys.path and sys.path[0] and os.path.abspath(sys.path[0]) == os.getcwd():
    del sys.path[0]

from .limits import OPTIONS, Limits, parse_limit, supervise
from .parameters import ParameterError, apply_settings
from .runner import UsageError, default_output, read_program, record, syntax_problem

USAGE = ("usage: python3 -m loopscope_recorder [-o OUT.loopscope] [--real-time] [--set NAME=VALUE]... [--max-wall SECONDS] "
         "[--max-cpu SECONDS] [--max-memory MIB] [--max-events N] [--max-output BYTES] [--] PROGRAM.py [ARGS...]")


def fail(message):
    print("loopscope-recorder: " + message, file=sys.stderr)
    return 2


def parse(argv):
    """(output, real_time, limits, settings, program, program args). The first non-option starts
    the program's own."""
    output, real_time, limits, settings = None, False, Limits(), []
    i = 0
    while i < len(argv):
        arg = argv[i]
        name, _, attached = arg.partition("=")
        if arg in ("-o", "--output"):
            if i + 1 >= len(argv):
                raise UsageError("-o needs a file name")
            output = argv[i + 1]
            i += 2
        elif arg.startswith("--output="):
            output = attached
            i += 1
        elif arg == "--real-time":
            real_time = True
            i += 1
        elif arg == "--set":
            if i + 1 >= len(argv):
                raise UsageError("--set needs NAME=VALUE")
            settings.append(argv[i + 1])
            i += 2
        elif name in OPTIONS:
            if attached or "=" in arg:
                value = attached
                i += 1
            elif i + 1 < len(argv):
                value = argv[i + 1]
                i += 2
            else:
                raise UsageError("%s needs a value" % name)
            try:
                setattr(limits, OPTIONS[name][0], parse_limit(name, value))
            except ValueError as problem:
                raise UsageError(str(problem))
        elif arg in ("-h", "--help"):
            print(USAGE)
            raise SystemExit(0)
        elif arg == "--":
            i += 1
            break
        elif arg.startswith("-"):
            raise UsageError("unknown option %s (%s)" % (arg, USAGE))
        else:
            break
    if i >= len(argv):
        raise UsageError("no program given (%s)" % USAGE)
    return output, real_time, limits, settings, argv[i], argv[i + 1:]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        output, real_time, limits, settings, program, args = parse(argv)
        output = output or default_output(program)
        source, _ = apply_settings(read_program(program), settings)
        syntax_problem(program, source)
    except (UsageError, ParameterError) as problem:
        return fail(str(problem))

    def work(notify):
        try:
            return record(program, args, output, real_time, limits, notify, settings)
        except (UsageError, ParameterError) as problem:  # the file changed under us
            return fail(str(problem))

    return supervise(work, limits, output)


if __name__ == "__main__":
    sys.exit(main())
