"""Never runs: line 7 is missing its colon."""
import asyncio


async def main():
    total = 0
    for n in range(3)
        total += n
    return total


asyncio.run(main())
