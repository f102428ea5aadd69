# A coroutine that calls time.sleep blocks the whole loop; the clocks all see the stall.
import asyncio
import time


async def ticker():
    for _ in range(3):
        await asyncio.sleep(0.25)
        print("tick at", time.monotonic())


async def main():
    started = time.perf_counter()
    tick = asyncio.create_task(ticker(), name="ticker")
    await asyncio.sleep(0)
    time.sleep(0.5)
    await tick
    return round(time.perf_counter() - started, 6)


print(asyncio.run(main()))
