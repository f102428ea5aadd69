# Twelve fetches of one second: bounded by a Semaphore(4) they take 3 s with at most four in
# flight; unbounded they take 1 s with all twelve in flight at once.
import asyncio

in_flight = peak = 0


async def fetch(limit):
    global in_flight, peak
    async with limit:
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(1)
        in_flight -= 1


class NoLimit:
    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False


async def run(limit):
    global peak
    peak = 0
    loop = asyncio.get_running_loop()
    started = loop.time()
    await asyncio.gather(*(fetch(limit) for _ in range(12)))
    return loop.time() - started, peak


async def main():
    print("bounded", await run(asyncio.Semaphore(4)))
    print("unbounded", await run(NoLimit()))


asyncio.run(main())
