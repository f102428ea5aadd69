# A worker thread prints as it goes: each line is recorded at the virtual time it was printed,
# as printed by the task that handed the job to the pool.
import asyncio
import time


def slow_count(name, steps):
    for step in range(1, steps + 1):
        time.sleep(0.5)
        print(f"{name}: step {step} of {steps}")
    return steps


async def main():
    loop = asyncio.get_running_loop()
    done = await loop.run_in_executor(None, slow_count, "counter", 3)
    print("main got", done)


asyncio.run(main())
