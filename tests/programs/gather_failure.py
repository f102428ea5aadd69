# gather passes the first failure straight to the awaiting task, but it does not cancel the
# other fetches: they keep running to the end. With return_exceptions=True the failure comes
# back as a value in its place.
import asyncio


async def fetch(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ConnectionError(name + " refused")
    print(name, "done")
    return name


async def main():
    try:
        await asyncio.gather(fetch("a", 1), fetch("b", 2, fail=True), fetch("c", 3))
    except ConnectionError as problem:
        print("main caught", problem)
    await asyncio.sleep(1.5)
    mixed = await asyncio.gather(fetch("d", 1), fetch("e", 1, fail=True), return_exceptions=True)
    print(mixed)


asyncio.run(main())
