# Two consumers wait on a Condition until the producer has put something on the shelf and
# notified them; each one takes an item under the condition's lock.
import asyncio

shelf = []


async def consumer(name, ready):
    async with ready:
        await ready.wait_for(lambda: shelf)
        print(name, "took", shelf.pop(0))


async def producer(ready):
    for item in ("bread", "milk"):
        await asyncio.sleep(1)
        async with ready:
            shelf.append(item)
            ready.notify()


async def main():
    ready = asyncio.Condition()
    await asyncio.gather(consumer("ann", ready), consumer("bob", ready), producer(ready))


asyncio.run(main())
