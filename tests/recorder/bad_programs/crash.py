"""Reads address 0: the interpreter itself dies."""
import asyncio
import ctypes


async def main():
    await asyncio.sleep(0.1)
    print("about to crash", flush=True)
    ctypes.string_at(0)


asyncio.run(main())
