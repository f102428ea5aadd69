"""Prints ten million lines, or COUNT lines each padded to WIDTH characters: print_flood.py [COUNT [WIDTH]]."""
import asyncio
import sys


async def main(count, width):
    for i in range(count):
        print(str(i).rjust(width))
    return count


count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
asyncio.run(main(count, int(sys.argv[2]) if len(sys.argv) > 2 else 0))
