# One Event, three waiters: nothing moves until the starter sets it at 1 s, then all three wake
# together.
import asyncio


async def runner(name, start):
    await start.wait()
    print(name, "off")


async def main():
    start = asyncio.Event()
    runners = [asyncio.create_task(runner(n, start), name=n) for n in ("r1", "r2", "r3")]
    await asyncio.sleep(1)
    start.set()
    await asyncio.gather(*runners)


asyncio.run(main())
