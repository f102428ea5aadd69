# asyncio.run starts a loop of its own, so calling it inside a running loop fails: the task
# that tried it ends with RuntimeError and the inner coroutine is never awaited.
import asyncio


async def inner():
    return 1


async def outer():
    await asyncio.sleep(0.5)
    return asyncio.run(inner())


async def main():
    try:
        await asyncio.create_task(outer(), name="outer")
    except RuntimeError as problem:
        print("refused:", problem)


asyncio.run(main())
