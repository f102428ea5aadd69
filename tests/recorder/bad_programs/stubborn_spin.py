"""Spins and swallows every interruption: the recorder must give up waiting for it."""
import asyncio


async def main():
    print("spinning for good")
    while True:
        try:
            while True:
                pass
        except BaseException:
            pass


asyncio.run(main())
