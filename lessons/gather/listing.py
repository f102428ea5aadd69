"""gather returns results in argument order; one failure does not stop the others."""
import asyncio

# --- parameters ---
fail = 0                   # 0: no failure; 1, 2 or 3: that fetch raises after its delay
return_exceptions = False  # True: gather hands back exceptions as results instead of raising
# --- end parameters ---


async def fetch(i, start):
    loop = asyncio.get_running_loop()
    print(f"fetch {i}: start")
    await asyncio.sleep(float(i))   # fetch i takes i seconds
    if i == fail:
        print(f"fetch {i}: failing at {loop.time() - start:.2f} s")
        raise ConnectionError(f"fetch {i} failed")
    print(f"fetch {i}: done at {loop.time() - start:.2f} s")
    return f"result {i}"


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    tasks = [asyncio.create_task(fetch(i, start), name=f"fetch-{i}") for i in (1, 2, 3)]
    try:
        results = await asyncio.gather(*tasks, return_exceptions=return_exceptions)
        print(f"main: results {results} at {loop.time() - start:.2f} s")
    except ConnectionError as exc:
        print(f"main: gather raised {exc!r} at {loop.time() - start:.2f} s")
        # gather did not cancel the other fetches: they are still running. Wait for them (a
        # second gather that collects the failure instead of raising it again), or asyncio.run
        # would cancel them when main returns.
        await asyncio.gather(*tasks, return_exceptions=True)
        print(f"main: all fetches over at {loop.time() - start:.2f} s")
        print(f"main: cancelled = {[t.cancelled() for t in tasks]}")


if __name__ == "__main__":
    asyncio.run(main())
