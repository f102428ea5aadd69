"""The same three fetches under gather and under a TaskGroup, with one of them failing."""
import asyncio

# --- parameters ---
fail = 2              # 0: no failure; 1, 2 or 3: that fetch raises after its delay
variant = "gather"    # "gather" or "task-group"
# --- end parameters ---


async def fetch(i, start):
    loop = asyncio.get_running_loop()
    print(f"fetch {i}: start")
    try:
        await asyncio.sleep(float(i))   # fetch i takes i seconds
    except asyncio.CancelledError:
        print(f"fetch {i}: cancelled at {loop.time() - start:.2f} s")
        raise
    if i == fail:
        print(f"fetch {i}: failing at {loop.time() - start:.2f} s")
        raise ConnectionError(f"fetch {i} failed")
    print(f"fetch {i}: done at {loop.time() - start:.2f} s")
    return f"result {i}"


async def with_gather(start):
    tasks = [asyncio.create_task(fetch(i, start), name=f"fetch-{i}") for i in (1, 2, 3)]
    try:
        results = await asyncio.gather(*tasks)
        print(f"main: results {results}")
    except ConnectionError as exc:
        print(f"main: gather raised {exc!r}")
        await asyncio.gather(*tasks, return_exceptions=True)   # the siblings keep running: wait for them
    return tasks


async def with_task_group(start):
    try:
        async with asyncio.TaskGroup() as tg:
            tasks = [tg.create_task(fetch(i, start), name=f"fetch-{i}") for i in (1, 2, 3)]
        # Leaving the block waits for every task in the group.
        print(f"main: results {[t.result() for t in tasks]}")
    except* ConnectionError as group:
        # The group cancelled the siblings at the first failure, waited for them to finish,
        # then raised all the errors together.
        print(f"main: TaskGroup raised {list(group.exceptions)!r}")
    return tasks


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    if variant == "gather":
        tasks = await with_gather(start)
    else:
        tasks = await with_task_group(start)
    print(f"main: over at {loop.time() - start:.2f} s, cancelled = {[t.cancelled() for t in tasks]}")


if __name__ == "__main__":
    asyncio.run(main())
