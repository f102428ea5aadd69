# Two tasks take two locks in opposite orders and end up waiting for each other forever.
import asyncio


async def transfer(name, first, second):
    async with first:
        await asyncio.sleep(0.1)
        async with second:
            print(name, "done")


async def main():
    left, right = asyncio.Lock(), asyncio.Lock()
    await asyncio.gather(transfer("east", left, right), transfer("west", right, left))


asyncio.run(main())
