"""Backpressure: a Semaphore caps the work in flight; without it, everything starts at once."""
import asyncio

# --- parameters ---
n = 1000             # how many fetches
k = 50               # most fetches in flight at once (bounded variant)
t = 1.0              # seconds each fetch takes
variant = "bounded"  # "bounded": through Semaphore(k); "unbounded": all at once
# --- end parameters ---

SHOW = 3   # print a line for the first SHOW fetches only
in_flight = 0
peak = 0


async def download(i, start):
    global in_flight, peak
    loop = asyncio.get_running_loop()
    in_flight += 1
    peak = max(peak, in_flight)
    await asyncio.sleep(t)   # each fetch in flight holds a socket, a buffer, a server's attention
    in_flight -= 1
    if i < SHOW:
        print(f"fetch {i}: done at {loop.time() - start:.2f} s, {in_flight} still in flight")


async def fetch(i, limit, start):
    if limit is None:
        await download(i, start)
        return
    async with limit:   # waits here while k fetches are already in flight
        await download(i, start)


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    limit = asyncio.Semaphore(k) if variant == "bounded" else None
    tasks = [asyncio.create_task(fetch(i, limit, start), name=f"fetch-{i}") for i in range(n)]
    await asyncio.gather(*tasks)
    print(f"main: {variant}, {n} fetches in {loop.time() - start:.2f} s")
    print(f"main: peak in flight {peak}")


if __name__ == "__main__":
    asyncio.run(main())
