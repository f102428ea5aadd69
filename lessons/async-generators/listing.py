"""An async generator fetches pages on demand; the consumer's loop pulls items one at a time."""
import asyncio

# --- parameters ---
pages = 3            # pages that hold items (one more, empty, ends the listing)
per_page = 4         # items on each page
page_delay = 0.5     # seconds to fetch one page
item_delay = 0.1     # seconds to process one item
# --- end parameters ---


async def fetch_page(number):
    await asyncio.sleep(page_delay)   # pretend API call
    if number > pages:
        return []
    return [f"item {number}.{j}" for j in range(1, per_page + 1)]


async def paginate(start):
    loop = asyncio.get_running_loop()
    number = 1
    while True:
        page = await fetch_page(number)
        print(f"paginate: page {number} has {len(page)} items at {loop.time() - start:.2f} s")
        if not page:
            return   # an empty page ends the generator, and with it the consumer's loop
        for item in page:
            yield item   # hand over one item; resume here when the consumer asks for the next
        number += 1


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    count = 0
    # Each turn of `async for` resumes the generator, which may await a page fetch first.
    async for item in paginate(start):
        await asyncio.sleep(item_delay)
        count += 1
        print(f"main: processed {item} at {loop.time() - start:.2f} s")
    print(f"main: {count} items in {loop.time() - start:.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
