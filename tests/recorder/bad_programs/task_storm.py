"""Keeps spawning short tasks, forever."""
import asyncio


async def little(n):
    await asyncio.sleep(0)
    return n


async def main():
    n = 0
    while True:
        await asyncio.gather(*(little(n + i) for i in range(10)))
        n += 10


asyncio.run(main())
