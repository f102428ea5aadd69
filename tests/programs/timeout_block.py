# asyncio.timeout() bounds a whole block: the first sleep fits, the second is cut off when the
# deadline passes and the block turns the cancellation into TimeoutError.
import asyncio


async def main():
    try:
        async with asyncio.timeout(1.5):
            await asyncio.sleep(1)
            print("first step fits")
            await asyncio.sleep(1)
            print("never printed")
    except TimeoutError:
        print("block timed out")


asyncio.run(main())
