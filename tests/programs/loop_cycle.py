# Three tasks created up front sleep 2, 1 and 3 seconds: they finish in the order 1, 2, 3 but
# gather hands the results back in the order the tasks were given.
import asyncio


async def sleeper(seconds):
    await asyncio.sleep(seconds)
    print("woke after", seconds)
    return seconds


async def main():
    tasks = [asyncio.create_task(sleeper(s), name="sleep-%d" % s) for s in (2, 1, 3)]
    return await asyncio.gather(*tasks)


print(asyncio.run(main()))
