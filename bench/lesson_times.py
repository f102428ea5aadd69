"""How long each lesson takes to run at its defaults, from the command line (every variant).

    python3 bench/lesson_times.py build/release/app/loopscope

Each figure is the wall time of one `loopscope run ID --json` process, start-up included, best of
three; the aim is under a second per lesson. Printed as a Markdown table.
"""

import json
import os
import subprocess
import sys
import time


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    exe = sys.argv[1]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    lessons = json.loads(subprocess.run([exe, "list", "--json"], capture_output=True, text=True, check=True,
                                        env=env).stdout)
    print("| lesson | variants | virtual total (s) | wall time (s) |")
    print("|---|---|---|---|")
    slowest = 0.0
    for lesson in lessons:
        best = None
        for _ in range(3):
            began = time.perf_counter()
            done = subprocess.run([exe, "run", lesson["id"], "--json"], capture_output=True, text=True, env=env)
            took = time.perf_counter() - began
            best = took if best is None else min(best, took)
        report = json.loads(done.stdout) if done.returncode == 0 else {"variants": []}
        totals = ", ".join(f"{v['total_s']:g}" for v in report["variants"]) or f"exit {done.returncode}"
        print(f"| {lesson['id']} | {len(lesson['variants'])} | {totals} | {best:.3f} |")
        slowest = max(slowest, best)
    print(f"\nslowest lesson: {slowest:.3f} s (aim: under 1 s)")

    # The JSON report of 100,000-task runs: replay and report are linear in events.
    print("\n| 100,000-task report | events | wall time (s) | aim |")
    print("|---|---|---|---|")
    for lesson, setting in (("complexity", "max_n=100000"), ("backpressure", "n=100000")):
        best = None
        for _ in range(3):
            began = time.perf_counter()
            done = subprocess.run([exe, "run", lesson, "--set", setting, "--json"], capture_output=True, env=env)
            took = time.perf_counter() - began
            best = took if best is None else min(best, took)
        status = "" if done.returncode == 0 else f" (exit {done.returncode})"
        print(f"| run {lesson} --set {setting} --json{status} | {len(done.stdout):,} bytes | {best:.3f} | under 1 s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
