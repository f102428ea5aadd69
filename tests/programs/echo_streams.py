# An echo server and its client in one program, talking over a real socket on 127.0.0.1: the
# client's readline and the server's read are waits on I/O, not on a timer.
import asyncio


async def echo(reader, writer):
    while line := await reader.readline():
        writer.write(line.upper())
        await writer.drain()
    writer.close()


async def main():
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for word in ("hello", "loop"):
        writer.write(word.encode() + b"\n")
        await writer.drain()
        print("echoed", (await reader.readline()).decode().strip())
        await asyncio.sleep(0.5)
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


asyncio.run(main())
