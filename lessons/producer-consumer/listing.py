"""Producers and consumers meet at a bounded Queue: put waits when it is full, get when empty."""
import asyncio

# --- parameters ---
producers = 2    # producer tasks
consumers = 2    # consumer tasks
items = 10       # items made in all, shared out between the producers in turn
maxsize = 3      # queue capacity; 0 means unbounded
produce = 0.2    # seconds to make one item
consume = 0.5    # seconds to handle one item
# --- end parameters ---


async def producer(p, queue, start):
    loop = asyncio.get_running_loop()
    for item in range(p, items + 1, producers):   # producer p makes items p, p+producers, ...
        await asyncio.sleep(produce)
        if queue.full():
            print(f"producer {p}: queue full, waiting to put item {item}")
        await queue.put(item)
        print(f"producer {p}: put item {item} at {loop.time() - start:.2f} s, size {queue.qsize()}")


async def consumer(c, queue, start):
    loop = asyncio.get_running_loop()
    while True:   # runs until main cancels it
        item = await queue.get()
        print(f"consumer {c}: got item {item} at {loop.time() - start:.2f} s")
        await asyncio.sleep(consume)
        queue.task_done()   # join() returns once every item got its task_done()


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    queue = asyncio.Queue(maxsize)
    workers = [asyncio.create_task(consumer(c, queue, start), name=f"consumer-{c}")
               for c in range(1, consumers + 1)]
    makers = [asyncio.create_task(producer(p, queue, start), name=f"producer-{p}")
              for p in range(1, producers + 1)]
    await asyncio.gather(*makers)
    print(f"main: all items made at {loop.time() - start:.2f} s")
    await queue.join()
    print(f"main: all items handled at {loop.time() - start:.2f} s")
    for w in workers:
        w.cancel()   # consumers loop for ever; stop them now that the queue is drained
    await asyncio.gather(*workers, return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main())
