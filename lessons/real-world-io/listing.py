"""Many HTTP-like requests, one after another or all at once, through a client with a limit."""
import asyncio
from contextlib import nullcontext

# --- parameters ---
n = 1000                # how many requests
latency = 0.1           # seconds each request waits for its response
limit = 0               # most connections open at once (0 = no limit)
variant = "sequential"  # "sequential" or "concurrent"
# --- end parameters ---

SHOW = 3   # print a line for the first SHOW requests only; n can be 100000


class FakeClient:
    """Stands in for an HTTP client: every request waits `latency` seconds for a reply."""

    def __init__(self, limit):
        # A real client such as aiohttp bounds its open connections the same way: a request
        # that finds every connection busy waits for one to come free. No limit: a no-op.
        self.connections = asyncio.Semaphore(limit) if limit > 0 else nullcontext()

    async def get(self, url):
        async with self.connections:   # with a limit, waits here for a free connection
            await asyncio.sleep(latency)
        return 200


async def fetch(client, i, start):
    loop = asyncio.get_running_loop()
    status = await client.get(f"https://example.com/items/{i}")
    if i < SHOW:
        print(f"request {i}: status {status} at {loop.time() - start:.2f} s")
    return status


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    client = FakeClient(limit)
    if variant == "sequential":
        # One at a time: each request starts only when the previous reply is in.
        statuses = []
        for i in range(n):
            status = await fetch(client, i, start)
            statuses.append(status)
    else:
        # All at once: every request is a task; the waits overlap.
        tasks = [asyncio.create_task(fetch(client, i, start), name=f"request-{i}")
                 for i in range(n)]
        statuses = await asyncio.gather(*tasks, return_exceptions=True)
        for i, status in enumerate(statuses):
            if isinstance(status, Exception):   # a failed request, returned instead of raised
                print(f"request {i} failed: {status}")
    total = loop.time() - start
    ok = statuses.count(200)
    print(f"main: {variant}, {ok} of {n} requests ok in {total:.2f} s")
    print(f"main: one after another takes {n * latency:.2f} s, {n * latency / total:.1f}x this run")


if __name__ == "__main__":
    asyncio.run(main())
