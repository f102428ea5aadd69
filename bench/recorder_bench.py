"""The Python recorder's cost, on CPython (not a test: measured, printed, never asserted).

1. Virtual clock: a program of 10,000 tasks whose sleeps span 100 s of program time, recorded
   with `python3 -m loopscope_recorder`. Aim: under 5 s of wall time.
2. Real time, CPU-light: a program of 1,000 tasks that mostly sleep (about 1 s in all), run plainly
   and then recorded with --real-time. Aim: the recorded run at most 3x the plain one.

    python3 bench/recorder_bench.py [--python PATH]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RECORDER = os.path.join(ROOT, "recorder")

MANY_SLEEPERS = '''\
import asyncio

async def sleeper(i):
    # Ten naps of ten seconds each, staggered so the timers interleave.
    for step in range(10):
        await asyncio.sleep(10.0 - (i % 7) * 0.001)

async def main():
    await asyncio.gather(*(sleeper(i) for i in range(10_000)))

asyncio.run(main())
'''

LIGHT_REAL_TIME = '''\
import asyncio

async def napper(i):
    for step in range(20):
        await asyncio.sleep(0.05)

async def main():
    await asyncio.gather(*(napper(i) for i in range(1_000)))

asyncio.run(main())
'''


def timed(args, env=None):
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit("failed: %s\n%s" % (" ".join(args), done.stderr))
    return elapsed


def best_of(n, args, env=None):
    return min(timed(args, env) for _ in range(n))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--python", default=sys.executable)
    options = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=RECORDER, PYTHONHASHSEED="0")
    with tempfile.TemporaryDirectory() as work:
        many = os.path.join(work, "many_sleepers.py")
        light = os.path.join(work, "light.py")
        for path, text in ((many, MANY_SLEEPERS), (light, LIGHT_REAL_TIME)):
            with open(path, "w") as f:
                f.write(text)
        out = os.path.join(work, "out.loopscope")
        record = [options.python, "-m", "loopscope_recorder", "-o", out]

        virtual = best_of(3, record + [many], env)
        plain = best_of(3, [options.python, light])
        recorded = best_of(3, record + ["--real-time", light], env)
        size = os.path.getsize(out)

    version = subprocess.run([options.python, "-c", "import sys; print(sys.version.split()[0])"],
                             capture_output=True, text=True).stdout.strip()
    print("Recorder on CPython %s (best of 3):" % version)
    print("| workload | measured | aim |")
    print("|---|---|---|")
    print("| 10,000 tasks, 100 s of sleeps, virtual clock | %.2f s | < 5 s |" % virtual)
    print("| 1,000 tasks sleeping ~1 s, real time: recorded / plain | %.2f s / %.2f s = %.2fx | <= 3x |"
          % (recorded, plain, recorded / plain))
    print("| recording of the real-time run | %d bytes | — |" % size)


if __name__ == "__main__":
    main()
