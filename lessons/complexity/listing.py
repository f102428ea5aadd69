"""How total time grows with n: one after another, all at once, or at most k at a time."""
import asyncio

# --- parameters ---
max_n = 100               # the largest n in the sweep
k = 10                    # Semaphore size for the semaphore variant
t = 0.1                   # seconds each fetch takes
variant = "sequential"    # "sequential", "concurrent" or "semaphore"
# --- end parameters ---


def sweep(max_n):
    # 1, 2, 5, 10, 20, 50, ... up to max_n, and always max_n itself
    sizes = []
    step = 1
    while step <= max_n:
        sizes += [m * step for m in (1, 2, 5) if m * step <= max_n]
        step *= 10
    if sizes[-1] != max_n:
        sizes.append(max_n)
    return sizes


async def fetch(limit=None):
    if limit is None:
        await asyncio.sleep(t)
        return
    async with limit:
        await asyncio.sleep(t)


async def run(n):
    if variant == "sequential":
        for _ in range(n):
            await fetch()   # each fetch starts when the previous one is done: n * t
    elif variant == "concurrent":
        await asyncio.gather(*(fetch() for _ in range(n)))   # all waits overlap: about t
    else:
        limit = asyncio.Semaphore(k)
        await asyncio.gather(*(fetch(limit) for _ in range(n)))   # k at a time: ceil(n / k) * t


async def main():
    loop = asyncio.get_running_loop()
    for n in sweep(max_n):
        began = loop.time()
        await run(n)
        print(f"{variant}: n={n} took {loop.time() - began:.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
