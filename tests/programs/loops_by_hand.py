# Not every program starts its loop with asyncio.run: this one makes a loop itself and runs a
# coroutine to its end on it, as code written before asyncio.run did, and then runs another
# coroutine in an asyncio.Runner. Both loops are recorded, one after the other.
import asyncio


async def step(what, seconds):
    await asyncio.sleep(seconds)
    print(what, "finished")
    return what


loop = asyncio.new_event_loop()
try:
    loop.run_until_complete(step("by hand", 0.5))
finally:
    loop.close()

with asyncio.Runner() as runner:
    runner.run(step("in a runner", 0.25))
