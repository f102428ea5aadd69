# Two ways to wait two seconds twice: time.sleep inside a coroutine stalls the loop (4 s in all),
# asyncio.sleep under gather lets both waits overlap (2 s).
import asyncio
import time


async def blocking_wait(seconds):
    time.sleep(seconds)


async def polite_wait(seconds):
    await asyncio.sleep(seconds)


async def main():
    loop = asyncio.get_running_loop()
    started = loop.time()
    await blocking_wait(2)
    await blocking_wait(2)
    middle = loop.time()
    await asyncio.gather(polite_wait(2), polite_wait(2))
    print("sequential", middle - started, "concurrent", loop.time() - middle)


asyncio.run(main())
