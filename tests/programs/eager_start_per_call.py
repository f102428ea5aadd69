# Python 3.14 lets each create_task call choose eager start: with eager_start=True the task's
# first step runs at once, inside create_task, before the caller goes on. Here one task starts
# eagerly and one lazily, a task group starts a third eagerly, and with the eager factory set a
# fourth asks to start lazily. Before 3.14 the keyword does not exist: every task starts at the
# loop's next turn.
import asyncio
import sys

PER_CALL = sys.version_info >= (3, 14)


def start(spawn, coro, name, eager):
    if PER_CALL:
        return spawn(coro, name=name, eager_start=eager)
    return spawn(coro, name=name)


async def note(name):
    print(name, "runs")
    await asyncio.sleep(0.5)
    print(name, "done")


async def main():
    first = start(asyncio.create_task, note("eager"), "eager", True)
    second = start(asyncio.create_task, note("lazy"), "lazy", False)
    print("created both")
    async with asyncio.TaskGroup() as group:
        start(group.create_task, note("grouped"), "grouped", True)
        print("group task created")
    if PER_CALL:
        asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    last = start(asyncio.create_task, note("held back"), "held back", False)
    print("last created")
    await asyncio.gather(first, second, last)


asyncio.run(main())
