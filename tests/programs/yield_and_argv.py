# Two tasks take turns with sleep(0); the program also echoes the arguments it was given.
import asyncio
import sys


async def turn_taker(name):
    for _ in range(2):
        print(name)
        await asyncio.sleep(0)


async def main():
    print("args", sys.argv[1:])
    await asyncio.gather(turn_taker("ping"), turn_taker("pong"))


asyncio.run(main())
