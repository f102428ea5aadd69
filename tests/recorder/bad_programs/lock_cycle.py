"""Two workers take the same two locks in opposite orders."""
import asyncio


async def worker(first, second, name):
    async with first:
        await asyncio.sleep(0.2)
        print(name, "wants its second lock")
        async with second:
            print(name, "has both")


async def main():
    left, right = asyncio.Lock(), asyncio.Lock()
    await asyncio.gather(worker(left, right, "west"), worker(right, left, "east"))


asyncio.run(main())
