"""CPython asyncio's side of the benchmark: the same workloads as core_workloads.cpp.

    python3 bench/asyncio_workloads.py WORKLOAD     -> one JSON line with the figures

The timers workload runs on a virtual clock, as the core does: the loop's clock jumps to the
next timer instead of waiting, so both sides measure scheduling work and not sleeping.
"""

import asyncio
import json
import selectors
import sys
import time
import tracemalloc


class Lcg:
    """The same generator as the C++ side, so both sleep the same random durations."""

    def __init__(self):
        self.state = 12345

    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        return (self.state >> 11) / float(1 << 53)


class JumpingSelector(selectors.SelectSelector):
    def __init__(self, clock):
        super().__init__()
        self.clock = clock

    def select(self, timeout=None):
        if timeout:
            self.clock[0] += timeout
        return []


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        self.clock = [0.0]
        super().__init__(JumpingSelector(self.clock))

    def time(self):
        return self.clock[0]


async def yielder(rounds):
    for _ in range(rounds):
        await asyncio.sleep(0)


async def nothing():
    return None


async def sleeper(seconds):
    await asyncio.sleep(seconds)


async def switches():
    await asyncio.gather(*(yielder(100) for _ in range(10_000)))


async def spawn():
    await asyncio.gather(*(nothing() for _ in range(100_000)))


async def timers():
    rng = Lcg()
    await asyncio.gather(*(sleeper(rng.next() * 0.001) for _ in range(100_000)))


async def through(primitive):
    async with primitive:
        await asyncio.sleep(0)


async def semaphore():
    s = asyncio.Semaphore(100)
    await asyncio.gather(*(through(s) for _ in range(100_000)))


async def lock():
    lk = asyncio.Lock()
    await asyncio.gather(*(through(lk) for _ in range(100_000)))


async def queue():
    q = asyncio.Queue(maxsize=100)
    items = 1_000_000

    async def producer():
        for i in range(items):
            await q.put(i)

    async def consumer():
        for _ in range(items):
            await q.get()

    await asyncio.gather(producer(), consumer())


async def memory(result):
    event = asyncio.Event()
    await asyncio.sleep(0)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    tasks = [asyncio.create_task(event.wait()) for _ in range(100_000)]
    await asyncio.sleep(0)
    result["bytes_per_task"] = (tracemalloc.get_traced_memory()[0] - before) / 100_000
    tracemalloc.stop()
    event.set()
    await asyncio.gather(*tasks)


def main():
    workload = sys.argv[1]
    result = {"bytes_per_task": 0.0}
    runs = {
        "switches": switches, "spawn": spawn, "timers": timers, "semaphore": semaphore,
        "lock": lock, "queue": queue, "memory": lambda: memory(result),
    }
    if workload not in runs:
        print(f"unknown workload {workload!r}; choose one of {', '.join(runs)}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    with asyncio.Runner(loop_factory=VirtualLoop) as runner:
        runner.run(runs[workload]())
    result["seconds"] = time.perf_counter() - start
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
