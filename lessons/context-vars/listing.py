"""A ContextVar gives each task its own value; a global is shared by all of them."""
import asyncio
import contextvars

# --- parameters ---
n = 3                   # concurrent requests
storage = "contextvar"  # "contextvar": one value per task; "global": one value for everyone
# --- end parameters ---

request_id = contextvars.ContextVar("request_id", default="-")
current_id = "-"   # the global alternative


def set_request_id(value):
    global current_id
    if storage == "contextvar":
        request_id.set(value)   # changes the value in this task's own context only
    else:
        current_id = value      # changes it for every task


def log(message, start):
    loop = asyncio.get_running_loop()
    rid = request_id.get() if storage == "contextvar" else current_id
    # Each task is named after its request, so a wrong id is easy to spot.
    mark = "" if rid == asyncio.current_task().get_name() else "   <-- wrong id"
    print(f"[{rid}] {message} at {loop.time() - start:.2f} s{mark}")


async def handle(i, start):
    set_request_id(f"req-{i}")
    log("received", start)
    await asyncio.sleep(0.1 * i)   # a database query; later requests take longer
    log("queried the database", start)
    await asyncio.sleep(0.05)
    log("sent the response", start)


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    # create_task copies the current context, so each task starts with its own ContextVar values.
    tasks = [asyncio.create_task(handle(i, start), name=f"req-{i}") for i in range(1, n + 1)]
    await asyncio.gather(*tasks)
    print(f"main: {n} requests served in {loop.time() - start:.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
