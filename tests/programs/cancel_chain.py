# Three coroutines await one another inside one task; cancelling the task throws CancelledError
# at the innermost await, and each frame's finally runs on the way out, innermost first.
import asyncio


async def level(depth):
    try:
        if depth == 3:
            await asyncio.sleep(60)
        else:
            await level(depth + 1)
    finally:
        print("finally at depth", depth)


async def main():
    chain = asyncio.create_task(level(1), name="chain")
    await asyncio.sleep(1)
    chain.cancel()
    await asyncio.gather(chain, return_exceptions=True)
    print("chain cancelled:", chain.cancelled())


asyncio.run(main())
