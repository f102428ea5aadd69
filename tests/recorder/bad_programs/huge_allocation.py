"""Asks for 2 GiB in one piece."""
import asyncio


async def load():
    await asyncio.sleep(0.5)
    print("allocating")
    return bytearray(2 * 1024 ** 3)


async def main():
    data = await load()
    print(len(data))


asyncio.run(main())
