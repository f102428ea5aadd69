"""Instructions per operation of the core, counted by callgrind, for comparing changes exactly.

    python3 bench/callgrind_ops.py BENCH_BINARY [on|off] [--workload NAME ...]

Wall-clock figures on a shared two-core machine move by tens of percent from run to run;
callgrind's instruction counts repeat exactly, so they are what a change to the hot paths is
judged by. Only what runs inside EventLoop::advance() is counted (--toggle-collect), which is
the whole program run and nothing of process start-up, building the loop or printing: the
count divided by the workload's operations is the cost of one switch, one spawned task, one
timer. The recorder is on unless "off" is given, as in the issue's figures.
"""

import os
import re
import subprocess
import sys
import tempfile

# workload -> (operations it performs, what one operation is)
WORKLOADS = {
    "switches": (1_000_000, "switch"),
    "spawn": (100_000, "spawned task"),
    "timers": (100_000, "timer"),
    "semaphore": (100_000, "task through a semaphore"),
    "lock": (100_000, "task through a lock"),
    "queue": (1_000_000, "queue item"),
}


def instructions(binary, workload, mode):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        subprocess.run(
            ["valgrind", "--tool=callgrind", "--collect-atstart=no",
             "--toggle-collect=loopscope::EventLoop::advance()", f"--callgrind-out-file={out}",
             binary, workload, mode],
            check=True, capture_output=True, text=True)
        with open(out, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"(?:summary|totals):\s+(\d+)", line)
                if m:
                    return int(m.group(1))
    raise RuntimeError(f"no instruction total in callgrind's output for {workload}")


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    binary = args[0]
    mode = "off" if "off" in args[1:] else "on"
    chosen = [args[i + 1] for i, a in enumerate(args) if a == "--workload"] or list(WORKLOADS)
    print(f"| workload (recorder {mode}) | instructions per op | op |")
    print("|---|---|---|")
    for name in chosen:
        ops, what = WORKLOADS[name]
        total = instructions(binary, name, mode)
        print(f"| {name} | {total / ops:,.0f} | {what} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
