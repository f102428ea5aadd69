# A TaskGroup inside a task of another TaskGroup: each group's exit waits for its own children,
# so the outer group ends only after the inner one has.
import asyncio


async def leaf(seconds):
    await asyncio.sleep(seconds)
    return seconds


async def branch():
    async with asyncio.TaskGroup() as inner:
        inner.create_task(leaf(1), name="leaf-1")
        inner.create_task(leaf(2), name="leaf-2")
    print("inner group closed")


async def main():
    async with asyncio.TaskGroup() as outer:
        outer.create_task(branch(), name="branch")
        outer.create_task(leaf(0.5), name="leaf-0.5")
    print("outer group closed")


asyncio.run(main())
