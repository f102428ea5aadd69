# A hundred one-second sleeps: a long run on the clock that records in a moment.
import asyncio


async def main():
    for second in range(100):
        await asyncio.sleep(1)
    return second + 1


print(asyncio.run(main()))
