"""One Lock lets one transaction in at a time; two locks taken in opposite order can deadlock."""
import asyncio

# --- parameters ---
n = 3             # how many transactions
hold = 0.1        # seconds each transaction holds the lock
deadlock = False  # True: two tasks take two locks in opposite order
# --- end parameters ---


async def transaction(i, lock, start):
    loop = asyncio.get_running_loop()
    print(f"tx {i}: waiting for the lock")
    async with lock:   # waiters queue here and are let in first come, first served
        print(f"tx {i}: got the lock at {loop.time() - start:.2f} s")
        await asyncio.sleep(hold)   # work done while holding the lock
        print(f"tx {i}: releasing at {loop.time() - start:.2f} s")


async def take_both(name, first, second, locks):
    async with locks[first]:
        print(f"{name}: holds {first}")
        await asyncio.sleep(hold)   # give the other task time to take its first lock
        print(f"{name}: waits for {second}")
        async with locks[second]:   # never succeeds: the other task holds it and waits for ours
            print(f"{name}: holds both")


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    if deadlock:
        # Plain Python hangs here for ever (stop it with Ctrl-C): nothing can wake either task.
        locks = {"L1": asyncio.Lock(), "L2": asyncio.Lock()}
        a = asyncio.create_task(take_both("A", "L1", "L2", locks), name="A")
        b = asyncio.create_task(take_both("B", "L2", "L1", locks), name="B")
        await asyncio.gather(a, b)
    else:
        lock = asyncio.Lock()
        tasks = [asyncio.create_task(transaction(i, lock, start), name=f"tx-{i}")
                 for i in range(1, n + 1)]
        await asyncio.gather(*tasks)
    print(f"main: all done at {loop.time() - start:.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
