# Calling a coroutine function only makes a coroutine object: forgetting the await means the
# body never runs, and Python warns when the object is thrown away.
import asyncio


async def save(record):
    print("saving", record)
    await asyncio.sleep(1)


async def main():
    save("forgotten")
    await save("awaited")
    task = asyncio.create_task(save("tasked"))
    print("task made, not started yet")
    await task


asyncio.run(main())
