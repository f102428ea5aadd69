"""The same jobs, once with a blocking sleep and once with an awaited one."""
import asyncio
import time

# --- parameters ---
n = 2          # how many jobs
delay = 2.0    # seconds each job waits
variant = "sequential"   # "sequential": time.sleep blocks; "concurrent": await asyncio.sleep
# --- end parameters ---


async def job(i, start):
    loop = asyncio.get_running_loop()
    print(f"job {i}: start at {loop.time() - start:.2f} s")
    if variant == "sequential":
        # time.sleep never gives control back: the loop is stuck until it returns.
        time.sleep(delay)
    else:
        # await hands control to the loop, which starts the other jobs meanwhile.
        await asyncio.sleep(delay)
    print(f"job {i}: done at {loop.time() - start:.2f} s")


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    # Both variants create and gather the same tasks; only the line inside job() differs.
    tasks = [asyncio.create_task(job(i, start), name=f"job-{i}") for i in range(1, n + 1)]
    await asyncio.gather(*tasks)
    total = loop.time() - start
    print(f"main: {variant} took {total:.2f} s")
    print(f"main: speed-up over one-after-another: {n * delay / total:.2f}x")


if __name__ == "__main__":
    asyncio.run(main())
