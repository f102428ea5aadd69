# A handler that must call a blocking function: called directly it would freeze the loop, so it
# is handed to a worker thread with asyncio.to_thread while a heartbeat keeps ticking.
import asyncio
import time


def read_disk(seconds):
    time.sleep(seconds)
    return "%g s of data" % seconds


async def heartbeat():
    for _ in range(4):
        await asyncio.sleep(0.5)
        print("beat")


async def main():
    beats = asyncio.create_task(heartbeat(), name="heartbeat")
    data = await asyncio.to_thread(read_disk, 1.5)
    print("read", data)
    await beats


asyncio.run(main())
