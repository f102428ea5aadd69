# One lock, three workers: the first takes it at once, the other two queue up behind it.
import asyncio


async def use_printer(who, printer, pages):
    async with printer:
        print(who, "prints", pages, "pages")
        await asyncio.sleep(pages)


async def main():
    printer = asyncio.Lock()
    jobs = [asyncio.create_task(use_printer(who, printer, pages), name=who)
            for who, pages in (("ann", 2), ("bob", 1), ("cy", 3))]
    await asyncio.wait(jobs)


asyncio.run(main())
