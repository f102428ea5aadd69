# A task that fails; main awaits it, so the program fails with the same error.
import asyncio


async def parse(text):
    await asyncio.sleep(0.5)
    return int(text)


async def main():
    parser = asyncio.create_task(parse("twelve"), name="parser")
    return await parser


asyncio.run(main())
