# A slow query gets two seconds through wait_for: at the timeout the query is cancelled, its
# finally block runs at that same instant, and main sees TimeoutError.
import asyncio


async def slow_query():
    try:
        await asyncio.sleep(10)
        return "rows"
    finally:
        print("query cleaned up")


async def main():
    try:
        return await asyncio.wait_for(slow_query(), timeout=2)
    except TimeoutError:
        print("gave up at", asyncio.get_running_loop().time())
        return "timed out"


print(asyncio.run(main()))
