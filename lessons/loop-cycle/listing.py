"""Three tasks finish in order of their delays, yet gather returns results in argument order."""
import asyncio

# --- parameters ---
delays = "2,1,3"   # seconds each task sleeps, comma-separated (1 to 8 entries)
# --- end parameters ---

finished = []   # task numbers, in the order the tasks actually finished


async def sleeper(i, seconds, start):
    loop = asyncio.get_running_loop()
    print(f"task {i}: sleeping {seconds:.2f} s")
    # The sleep arms a timer; the loop moves this task back to the ready queue when it expires.
    await asyncio.sleep(seconds)
    print(f"task {i}: woke at {loop.time() - start:.2f} s")
    finished.append(i)
    return i


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    seconds = [float(s) for s in delays.split(",")]
    # create_task only schedules each task; none runs until main reaches its first await.
    tasks = [asyncio.create_task(sleeper(i, s, start), name=f"task-{i}")
             for i, s in enumerate(seconds, start=1)]
    print(f"main: created {len(tasks)} tasks")
    results = await asyncio.gather(*tasks)
    print(f"main: finishing order {finished}")
    print(f"main: gather results {results}")
    print(f"main: total {loop.time() - start:.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
