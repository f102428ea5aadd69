# Each request sets its own id in a ContextVar; every task runs in a copy of the context, so
# the log lines written after awaits still carry the right id.
import asyncio
import contextvars

request_id = contextvars.ContextVar("request_id", default="-")


def log(message):
    print("[%s] %s" % (request_id.get(), message))


async def handle(rid, delay):
    request_id.set(rid)
    log("start")
    await asyncio.sleep(delay)
    log("end")


async def main():
    await asyncio.gather(handle("r1", 0.3), handle("r2", 0.1), handle("r3", 0.2))
    log("main has no id")


asyncio.run(main())
