# A fast producer fills a queue of two slots; a slow consumer drains it one item a second.
import asyncio


async def produce(box):
    for parcel in range(4):
        await box.put(parcel)
        print("packed", parcel)
    await box.put(None)


async def consume(box):
    while (parcel := await box.get()) is not None:
        await asyncio.sleep(1)
        print("delivered", parcel)


async def main():
    box = asyncio.Queue(maxsize=2)
    await asyncio.gather(produce(box), consume(box))


asyncio.run(main())
