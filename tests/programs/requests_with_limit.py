# Six requests to a local server that answers after 0.1 s: one by one they take 0.6 s; all at
# once through a client that allows two connections at a time they take 0.3 s.
import asyncio


async def answer(reader, writer):
    await reader.readline()
    await asyncio.sleep(0.1)
    writer.write(b"ok\n")
    writer.close()


async def request(port, limit):
    async with limit:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET /\n")
        await writer.drain()
        reply = await reader.readline()
        writer.close()
        return reply


async def main():
    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    loop = asyncio.get_running_loop()
    started = loop.time()
    for _ in range(6):
        await request(port, asyncio.Semaphore(1))
    middle = loop.time()
    limit = asyncio.Semaphore(2)
    await asyncio.gather(*(request(port, limit) for _ in range(6)))
    print("sequential %.1f concurrent %.1f" % (middle - started, loop.time() - middle))
    server.close()


asyncio.run(main())
