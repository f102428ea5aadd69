# An async generator fetches pages of items (0.5 s a page) until it meets an empty page; the
# consumer spends 0.1 s on each item. Both kinds of wait happen in the one task.
import asyncio


async def pages(count, per_page):
    number = 0
    while True:
        await asyncio.sleep(0.5)
        page = [number * per_page + i for i in range(per_page)] if number < count else []
        if not page:
            return
        yield page
        number += 1


async def main():
    seen = 0
    async for page in pages(2, 3):
        for item in page:
            await asyncio.sleep(0.1)
            seen += 1
    print("items", seen, "at", asyncio.get_running_loop().time())


asyncio.run(main())
