# With the eager task factory (Python 3.12+) a task runs its first step inside create_task,
# before the creator goes on; a task that never awaits finishes right there. On 3.11 the
# factory does not exist and tasks start at the next loop turn as usual.
import asyncio


async def quick(name):
    print(name, "runs")
    return name


async def slow(name):
    print(name, "starts")
    await asyncio.sleep(1)
    print(name, "ends")


async def main():
    factory = getattr(asyncio, "eager_task_factory", None)
    if factory is not None:
        asyncio.get_running_loop().set_task_factory(factory)
    first = asyncio.create_task(quick("quick"), name="quick")
    second = asyncio.create_task(slow("slow"), name="slow")
    print("created both; quick done:", first.done())
    await asyncio.gather(first, second)


asyncio.run(main())
