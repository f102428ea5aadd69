# Three sleepers of different lengths run side by side; the gather ends with the longest one.
import asyncio


async def nap(seconds):
    print(f"nap {seconds} begins")
    await asyncio.sleep(seconds)
    print(f"nap {seconds} ends")
    return seconds


async def main():
    lengths = await asyncio.gather(nap(1), nap(2), nap(3))
    return sum(lengths)


print("total", asyncio.run(main()))
