"""Saved by an editor that starts UTF-8 files with a byte-order mark: Python runs it all the same."""
import asyncio


async def greet(name):
    await asyncio.sleep(0.5)
    print(f"héllo, {name}")


asyncio.run(greet("wörld"))
