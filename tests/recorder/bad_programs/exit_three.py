"""Gives up with status 3 from inside a task."""
import asyncio
import sys


async def main():
    await asyncio.sleep(0.25)
    print("giving up")
    sys.exit(3)


asyncio.run(main())
