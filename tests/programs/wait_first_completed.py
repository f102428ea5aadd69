# asyncio.wait with FIRST_COMPLETED returns as soon as one of three lookups is done; main then
# cancels the two still pending.
import asyncio


async def lookup(mirror, seconds):
    await asyncio.sleep(seconds)
    return mirror


async def main():
    lookups = [asyncio.create_task(lookup(m, s), name=m) for m, s in (("north", 2), ("east", 1), ("west", 3))]
    done, pending = await asyncio.wait(lookups, return_when=asyncio.FIRST_COMPLETED)
    print("fastest:", [t.result() for t in done])
    for task in sorted(pending, key=asyncio.Task.get_name):  # a set's order is not fixed
        task.cancel()
    await asyncio.wait(pending)
    print("cancelled:", sorted(t.get_name() for t in pending if t.cancelled()))


asyncio.run(main())
