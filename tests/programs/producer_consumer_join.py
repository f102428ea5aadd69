# A producer puts six jobs on an unbounded queue; two workers take them; main waits on join(),
# which returns after the last task_done(), then stops the workers.
import asyncio


async def worker(name, jobs):
    while True:
        job = await jobs.get()
        await asyncio.sleep(job)
        print(name, "finished a job of", job)
        jobs.task_done()


async def main():
    jobs = asyncio.Queue()
    workers = [asyncio.create_task(worker(w, jobs), name=w) for w in ("w1", "w2")]
    for job in (1, 1, 2, 1, 1, 2):
        jobs.put_nowait(job)
    await jobs.join()
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)


asyncio.run(main())
