"""A program that rebinds names in the asyncio module at top level (a careless stub, a test
double): its own tasks keep running, and so must the recorder that shares the module."""
import asyncio

real_sleep = asyncio.sleep
asyncio.Task = None
asyncio.Future = None
asyncio.ensure_future = None


async def nap(seconds):
    await real_sleep(seconds)
    return seconds


async def main():
    loop = asyncio.get_running_loop()
    first = loop.create_task(nap(1))
    waiter = loop.create_future()
    loop.call_later(0.5, waiter.set_result, "half way")
    print(await waiter)
    print("napped", await first)


asyncio.run(main())
