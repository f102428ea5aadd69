# Three workers loop forever; at 3 s main cancels them. Each one catches CancelledError, spends
# half a second cleaning up, and re-raises, so every worker ends cancelled at 3.5 s.
import asyncio


async def worker(name):
    try:
        while True:
            await asyncio.sleep(1)
    except asyncio.CancelledError:
        await asyncio.sleep(0.5)
        print(name, "cleaned up")
        raise


async def main():
    workers = [asyncio.create_task(worker("w%d" % i), name="w%d" % i) for i in range(3)]
    await asyncio.sleep(3)
    for w in workers:
        w.cancel()
    results = await asyncio.gather(*workers, return_exceptions=True)
    print([type(r).__name__ for r in results])


asyncio.run(main())
