# The tutorial's opening example: fetch several pages at once with gather. The "web" is a tiny
# HTTP-like server started inside the program on 127.0.0.1, so no outside network is touched;
# it answers each request after the delay the request asks for.
import asyncio


async def serve(reader, writer):
    request = await reader.readline()
    delay = float(request.split()[1].decode().split("=")[1])
    await asyncio.sleep(delay)
    writer.write(b"page after %g s\n" % delay)
    await writer.drain()
    writer.close()


async def fetch(port, delay):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /?delay=%g\n" % delay)
    body = await reader.readline()
    writer.close()
    print("fetched", body.decode().strip())
    return {"delay": delay, "size": len(body)}


async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    pages = await asyncio.gather(fetch(port, 1), fetch(port, 2), fetch(port, 0.5))
    server.close()
    await server.wait_closed()
    return [page["delay"] for page in pages]


print(asyncio.run(main()))
