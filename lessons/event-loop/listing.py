"""Many fetches wait at the same time, all driven by one event loop in one thread."""
import asyncio

# --- parameters ---
n = 3          # how many fetches run together
delay = 2.0    # seconds each fetch waits for its (pretend) network reply
# --- end parameters ---


async def fetch(i, start):
    loop = asyncio.get_running_loop()
    print(f"fetch {i}: start at {loop.time() - start:.2f} s")
    # While this fetch waits, the loop is free to run every other fetch.
    await asyncio.sleep(delay)
    print(f"fetch {i}: done at {loop.time() - start:.2f} s")
    return {"id": i, "status": "ok"}


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    # Named tasks, so each fetch gets its own lane and its own name in tracebacks.
    tasks = [asyncio.create_task(fetch(i, start), name=f"fetch-{i}") for i in range(1, n + 1)]
    # gather waits for all of them; they overlap, so this takes delay, not n * delay.
    results = await asyncio.gather(*tasks)
    print(f"main: {len(results)} results after {loop.time() - start:.2f} s")
    print(f"main: first result {results[0]}")


if __name__ == "__main__":
    asyncio.run(main())
