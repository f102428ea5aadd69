"""A task that keeps the loop busy without ever letting it wait, inside a timeout: on real time the
timeout ends it after a second; on the virtual clock time cannot pass."""
import asyncio


async def busy():
    while True:
        await asyncio.sleep(0)


async def main():
    print("spinning inside a timeout")
    try:
        await asyncio.wait_for(busy(), 1)
    except TimeoutError:
        print("timed out")


asyncio.run(main())
