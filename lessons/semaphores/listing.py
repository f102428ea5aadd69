"""A Semaphore(k) lets at most k tasks into a section at once; the rest wait their turn."""
import asyncio

# --- parameters ---
n = 5      # how many jobs
k = 2      # how many may hold a slot at the same time
t = 1.0    # seconds each job holds its slot
# --- end parameters ---

in_use = 0   # slots currently held, counted by the jobs themselves


async def job(i, slots, start):
    global in_use
    loop = asyncio.get_running_loop()
    async with slots:   # waits here while all k slots are taken
        in_use += 1
        print(f"job {i}: slot taken at {loop.time() - start:.2f} s, {in_use} of {k} in use")
        await asyncio.sleep(t)
        in_use -= 1
        print(f"job {i}: slot freed at {loop.time() - start:.2f} s")


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    slots = asyncio.Semaphore(k)
    tasks = [asyncio.create_task(job(i, slots, start), name=f"job-{i}") for i in range(1, n + 1)]
    await asyncio.gather(*tasks)
    # The jobs run in waves of k, so this is ceil(n / k) * t.
    print(f"main: {n} jobs in {loop.time() - start:.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
