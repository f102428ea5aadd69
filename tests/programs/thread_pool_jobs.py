# Four blocking jobs of one second each on a pool of two threads: they run two at a time,
# so the last one ends at 2 s while the loop stays free.
import asyncio
import time
from concurrent.futures import ThreadPoolExecutor


def blocking_io(job):
    time.sleep(1)
    return job * 10


async def main():
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [loop.run_in_executor(pool, blocking_io, n) for n in range(4)]
        results = await asyncio.gather(*jobs)
    print(results, "at", loop.time())


asyncio.run(main())
