"""Blocking jobs go to a pool: threads suit waiting; only processes run Python code in parallel."""
import asyncio
import os
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

# --- parameters ---
jobs = 8        # how many jobs
cost = 1.0      # seconds one job takes when it runs alone
kind = "io"     # "io": the job waits (time.sleep); "cpu": the job computes in pure Python
workers = 4     # threads or processes in the pool
cores = 2       # CPU cores Loopscope's model assumes; a real run has this machine's cores
variant = "thread-pool"   # "thread-pool" or "process-pool"
# --- end parameters ---

SHOW = 8   # print a line for the first SHOW jobs only


def io_job(seconds):
    time.sleep(seconds)   # a waiting thread lets go of the interpreter lock
    return seconds


def cpu_job(steps):
    total = 0
    for i in range(steps):   # pure Python: the thread holds the interpreter lock throughout
        total += i * i
    return total


def steps_for(seconds):
    # A cpu job is a fixed amount of work, measured once here, not "spin until the clock says
    # so": that way a job takes longer when it has to share the interpreter lock.
    t0 = time.perf_counter()
    cpu_job(300_000)
    return int(300_000 * seconds / (time.perf_counter() - t0))


async def run_job(pool, i, work, start):
    loop = asyncio.get_running_loop()
    job = io_job if kind == "io" else cpu_job
    await loop.run_in_executor(pool, job, work)
    if i < SHOW:
        print(f"job {i}: done at {loop.time() - start:.2f} s")


async def main():
    loop = asyncio.get_running_loop()
    work = cost if kind == "io" else steps_for(cost)
    pool_type = ThreadPoolExecutor if variant == "thread-pool" else ProcessPoolExecutor
    print(f"main: {jobs} {kind} jobs of {cost:.2f} s on {workers} workers")
    print(f"main: this machine has {os.cpu_count()} cores; Loopscope's model assumes {cores}")
    with pool_type(max_workers=workers) as pool:
        start = loop.time()
        tasks = [asyncio.create_task(run_job(pool, i, work, start), name=f"job-{i}")
                 for i in range(jobs)]
        await asyncio.gather(*tasks)
        total = loop.time() - start
    print(f"main: {variant} finished {jobs} {kind} jobs in {total:.2f} s")
    print(f"main: one job alone takes {cost:.2f} s, all {jobs} in a row {jobs * cost:.2f} s")


if __name__ == "__main__":   # needed: a process pool re-imports this file in each worker
    asyncio.run(main())
