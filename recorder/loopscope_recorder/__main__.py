"""Command line: python3 -m loopscope_recorder [-o OUT.loopscope] [--real-time] PROGRAM.py [ARGS...]"""

import sys

from .runner import UsageError, default_output, record

USAGE = "usage: python3 -m loopscope_recorder [-o OUT.loopscope] [--real-time] PROGRAM.py [ARGS...]"


def fail(message):
    print("loopscope-recorder: " + message, file=sys.stderr)
    return 2


def parse(argv):
    """(output, real_time, program, program args). The first non-option starts the program's own."""
    output, real_time = None, False
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("-o", "--output"):
            if i + 1 >= len(argv):
                raise UsageError("-o needs a file name")
            output = argv[i + 1]
            i += 2
        elif arg.startswith("--output="):
            output = arg.split("=", 1)[1]
            i += 1
        elif arg == "--real-time":
            real_time = True
            i += 1
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
    return output, real_time, argv[i], argv[i + 1:]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        output, real_time, program, args = parse(argv)
        output = output or default_output(program)
        status, path, tracer = record(program, args, output, real_time)
    except UsageError as problem:
        return fail(str(problem))
    except OSError as problem:
        return fail("cannot write the recording: %s" % problem)
    print("loopscope-recorder: wrote %s (%d events, %.3f s%s); the program exited with status %d"
          % (path, len(tracer.events), tracer.variant().total / 1e9,
             ", deadlocked" if tracer.deadlocked else "", status), file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
