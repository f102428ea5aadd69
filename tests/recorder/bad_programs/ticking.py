"""Ticks every 50 ms until stopped."""
import asyncio


async def main():
    n = 0
    while True:
        n += 1
        print("tick", n, flush=True)
        await asyncio.sleep(0.05)


asyncio.run(main())
