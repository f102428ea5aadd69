# The same three fetches in a TaskGroup: when one fails the group cancels the others at once
# and raises an ExceptionGroup once every child has finished.
import asyncio


async def fetch(name, delay, fail=False):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise
    if fail:
        raise ValueError(name + " broke")
    return name


async def main():
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(fetch("one", 1), name="one")
            group.create_task(fetch("two", 2, fail=True), name="two")
            group.create_task(fetch("three", 3), name="three")
    except* ValueError as failures:
        print("group failed:", [str(e) for e in failures.exceptions])


asyncio.run(main())
