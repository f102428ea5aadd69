# wait_for and shield take any awaitable, not only coroutines: here they guard a shielded task,
# a job on the default thread pool, a future that a timer fills in, a gather, and a future that
# nobody ever fills in, so that its wait runs out of time.
import asyncio
import time


def square(n):
    time.sleep(0.25)  # blocks its worker thread, not the loop
    return n * n


async def fetch(what):
    await asyncio.sleep(0.5)
    return what


async def main():
    loop = asyncio.get_running_loop()
    report = asyncio.create_task(fetch("report"), name="report")
    print(await asyncio.wait_for(asyncio.shield(report), timeout=2))
    print(await asyncio.wait_for(loop.run_in_executor(None, square, 4), timeout=1))
    filled = loop.create_future()
    loop.call_later(0.25, filled.set_result, "filled by a timer")
    print(await asyncio.wait_for(filled, timeout=1))
    print(await asyncio.wait_for(asyncio.gather(fetch("a"), fetch("b")), timeout=1))
    empty = loop.create_future()
    try:
        await asyncio.wait_for(empty, timeout=0.5)
    except TimeoutError:
        print("no value in time; the future was cancelled:", empty.cancelled())
    print(await asyncio.shield(loop.run_in_executor(None, square, 3)))


asyncio.run(main())
