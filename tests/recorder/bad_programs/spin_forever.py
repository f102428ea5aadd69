"""A task that never awaits: the loop can run nothing else, ever."""
import asyncio


async def heartbeat():
    while True:
        print("beat")
        await asyncio.sleep(1)


async def main():
    asyncio.create_task(heartbeat())
    await asyncio.sleep(0)
    print("spinning")
    try:
        while True:
            pass
    except Exception:  # a stop is not an Exception: this does not catch it
        print("caught something")


asyncio.run(main())
