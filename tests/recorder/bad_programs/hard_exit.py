"""Leaves with os._exit(4): no finally, no cleanup."""
import asyncio
import os


async def main():
    try:
        await asyncio.sleep(0.5)
        print("leaving now")
        os._exit(4)
    finally:
        print("never printed")


asyncio.run(main())
