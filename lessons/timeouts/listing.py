"""wait_for gives up after a timeout: it cancels the slow query and waits for its cleanup."""
import asyncio

# --- parameters ---
work = 10.0     # seconds the query needs
timeout = 2.0   # seconds main is willing to wait
# --- end parameters ---


async def slow_query(start):
    loop = asyncio.get_running_loop()
    print(f"query: started, needs {work:.2f} s")
    try:
        await asyncio.sleep(work)
        print(f"query: finished at {loop.time() - start:.2f} s")
        return "42 rows"
    except asyncio.CancelledError:
        # When time is up, wait_for cancels the query: the error arrives at the await above.
        print(f"query: cancelled at {loop.time() - start:.2f} s")
        raise
    finally:
        # Runs whether the query finished or was cancelled.
        print(f"query: cleanup, connection released at {loop.time() - start:.2f} s")


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    query = asyncio.create_task(slow_query(start), name="query")
    try:
        rows = await asyncio.wait_for(query, timeout)
        print(f"main: got {rows} at {loop.time() - start:.2f} s")
    except TimeoutError:
        # wait_for raises only after the cancelled query has finished its cleanup.
        print(f"main: TimeoutError at {loop.time() - start:.2f} s")
    print(f"main: done at {loop.time() - start:.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
