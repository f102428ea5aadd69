# A task fails and nobody ever asks for its result: asyncio complains when it is dropped.
import asyncio


async def doomed():
    raise KeyError("missing")


async def main():
    asyncio.create_task(doomed(), name="doomed")
    await asyncio.sleep(1)
    return "finished anyway"


print(asyncio.run(main()))
