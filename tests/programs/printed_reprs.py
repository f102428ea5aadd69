# What a program prints of asyncio's own objects is what it would print without the recorder:
# the running loop, the task, and a thread-pool job's future before and after its answer.
import asyncio
import time


def add(a, b):
    time.sleep(0.1)  # still running when main prints the future, with or without the recorder
    return a + b


async def main():
    loop = asyncio.get_running_loop()
    print(loop)
    print(type(loop).__name__, type(asyncio.current_task()))
    job = loop.run_in_executor(None, add, 2, 3)
    print(job)
    print(await job)
    print(job)
    print(asyncio.current_task())


asyncio.run(main())
