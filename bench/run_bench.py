"""Runs every workload on the core (recorder on and off) and on CPython asyncio, interleaved,
and prints a Markdown table with each workload's aim (issue 16) and whether the run met it.
Usage: python3 bench/run_bench.py BENCH_BINARY [--repeat N]

Wall-clock ratios on a shared machine move from run to run; for exact comparisons of the core's
hot paths use instruction counts (bench/callgrind_ops.py, or bench/run --callgrind)."""

import json
import subprocess
import sys

WORKLOADS = [
    ("switches", "switches (10,000 tasks x 100 sleep(0))", 1_000_000, "switches/s"),
    ("spawn", "spawn (create and gather 100,000 tasks)", 100_000, "tasks/s"),
    ("memory", "memory per task (100,000 tasks)", None, "bytes"),
    ("timers", "timers (100,000 sleeps of 0-1 ms, virtual clock)", 100_000, "timers/s"),
    ("semaphore", "semaphore (100,000 tasks through Semaphore(100))", 100_000, "tasks/s"),
    ("lock", "lock (100,000 tasks through one Lock)", 100_000, "tasks/s"),
    ("queue", "queue (1,000,000 items through Queue(maxsize=100))", 1_000_000, "items/s"),
]


# Issue 16's aims: the ratio to asyncio with the recorder on (the off rows are shown against the
# same aim), and memory per task in bytes.
AIMS = {
    "switches": 50,
    "spawn": 50,
    "memory": 128,
    "timers": 30,
    "semaphore": 50,
    "lock": 50,
    "queue": 20,
}


def run(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def best(results, key, smallest=True):
    values = [r[key] for r in results]
    return min(values) if smallest else max(values)



def main():
    binary = sys.argv[1]
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    rows = []
    bytes_per_event = None
    for key, title, count, unit in WORKLOADS:
        on, off, py = [], [], []
        for _ in range(repeat):  # interleaved, so machine noise hits all three alike
            on.append(run([binary, key, "on"]))
            off.append(run([binary, key, "off"]))
            py.append(run([sys.executable, "bench/asyncio_workloads.py", key]))
        if key == "memory":
            c, p = best(off, "bytes_per_task"), best(py, "bytes_per_task")
            aim = AIMS[key]
            rows.append((title, f"{c:.0f} B", f"{p:.0f} B", f"{p / c:.1f}x less",
                         f"<= {aim} B ({'met' if c <= aim else 'not met'})"))
            continue
        if key == "switches":
            events = on[0]["events"]
            bytes_per_event = on[0]["trace_bytes"] / events if events else 0
        p = best(py, "seconds")
        for label, results in (("recorder on", on), ("recorder off", off)):
            c = best(results, "seconds")
            aim = AIMS[key]
            rows.append((f"{title}, {label}", f"{count / c:,.0f} {unit}", f"{count / p:,.0f} {unit}", f"{p / c:.0f}x",
                         f">= {aim}x ({'met' if p / c >= aim else 'not met'})"))
    print("| workload | loopscope | asyncio | ratio | aim |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if bytes_per_event is not None:
        print(f"\ntrace: {bytes_per_event:.0f} bytes per event")


if __name__ == "__main__":
    main()
