# Five downloads share a Semaphore of two slots, one second each: they run two at a time and
# the last one ends at 3 s (ceil(5/2) * 1).
import asyncio


async def download(number, slots):
    async with slots:
        await asyncio.sleep(1)
    return number


async def main():
    slots = asyncio.Semaphore(2)
    await asyncio.gather(*(download(n, slots) for n in range(5)))
    print("all done at", asyncio.get_running_loop().time())


asyncio.run(main())
