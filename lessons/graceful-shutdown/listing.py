"""Shut down cleanly: cancel the workers, let each one clean up, then wait for all of them."""
import asyncio

# --- parameters ---
workers = 3     # worker tasks that loop until told to stop
at = 3.0        # seconds until main starts the shutdown
cleanup = 0.5   # seconds each worker needs to clean up
# --- end parameters ---

JOB = 0.7   # seconds one job takes


async def worker(name, start):
    loop = asyncio.get_running_loop()
    jobs = 0
    print(f"{name}: started")
    try:
        while True:
            await asyncio.sleep(JOB)
            jobs += 1
    except asyncio.CancelledError:
        print(f"{name}: cancelled after {jobs} jobs at {loop.time() - start:.2f} s, cleaning up")
        await asyncio.sleep(cleanup)   # e.g. flush buffers, close connections
        print(f"{name}: cleanup done at {loop.time() - start:.2f} s")
        raise   # re-raise, so the task really ends cancelled


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    names = [f"worker-{i}" for i in range(1, workers + 1)]
    tasks = [asyncio.create_task(worker(name, start), name=name) for name in names]
    await asyncio.sleep(at)
    print(f"main: shutting down at {loop.time() - start:.2f} s")
    for task in tasks:
        task.cancel()
    # return_exceptions=True hands the CancelledErrors back as results instead of
    # cancelling main, so main waits until every worker has finished its cleanup.
    results = await asyncio.gather(*tasks, return_exceptions=True)
    cancelled = sum(isinstance(r, asyncio.CancelledError) for r in results)
    print(f"main: {cancelled} of {workers} workers cancelled at {loop.time() - start:.2f} s")
    pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    print(f"main: {len(pending)} other tasks still pending")


if __name__ == "__main__":
    asyncio.run(main())
