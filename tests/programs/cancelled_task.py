# main gives a long download one second, then cancels it.
import asyncio


async def download():
    try:
        await asyncio.sleep(60)
    except asyncio.CancelledError:
        print("download stopped")
        raise


async def main():
    job = asyncio.create_task(download(), name="download")
    await asyncio.sleep(1)
    job.cancel()
    try:
        await job
    except asyncio.CancelledError:
        print("main saw the cancellation")
    return job.cancelled()


print(asyncio.run(main()))
