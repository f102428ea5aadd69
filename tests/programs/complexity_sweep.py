# A sweep over n: n fetches of 0.1 s one by one, all at once, and through Semaphore(2); the
# three totals grow as n*t, stay at t, and climb in steps of ceil(n/2)*t.
import asyncio


async def fetch(limit=None):
    if limit is None:
        await asyncio.sleep(0.1)
        return
    async with limit:
        await asyncio.sleep(0.1)


async def timed(work):
    loop = asyncio.get_running_loop()
    started = loop.time()
    await work
    return round(loop.time() - started, 3)


async def sequential(n):
    for _ in range(n):
        await fetch()


async def main():
    for n in (1, 2, 3, 4):
        one_by_one = await timed(sequential(n))
        together = await timed(asyncio.gather(*(fetch() for _ in range(n))))
        limit = asyncio.Semaphore(2)
        limited = await timed(asyncio.gather(*(fetch(limit) for _ in range(n))))
        print(n, one_by_one, together, limited)


asyncio.run(main())
