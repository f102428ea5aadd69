"""One blocking call in one handler freezes the whole server: every other task waits with it."""
import asyncio
import time

# --- parameters ---
every = 0.5    # seconds between incoming requests
work = 0.2     # seconds each handler awaits (a database call, say)
block = 5.0    # seconds the slow handler blocks
fix = "none"   # "none": time.sleep; "await": asyncio.sleep; "to-thread": asyncio.to_thread
# --- end parameters ---

REQUESTS = 6   # requests the server accepts
SLOW = 2       # the request whose handler makes the blocking call


async def handle(i, start):
    loop = asyncio.get_running_loop()
    if i == SLOW:
        print(f"request-{i}: slow step of {block:.2f} s ({fix}) at {loop.time() - start:.2f} s")
        if fix == "none":
            time.sleep(block)   # holds the thread: the loop cannot run anything else
        elif fix == "await":
            await asyncio.sleep(block)   # the wait happens on the loop, which stays free
        else:
            await asyncio.to_thread(time.sleep, block)   # the blocking call runs on a worker thread
    await asyncio.sleep(work)
    print(f"request-{i}: done at {loop.time() - start:.2f} s")


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    due = 0.0
    handlers = []
    for i in range(1, REQUESTS + 1):
        due += every
        await asyncio.sleep(every)   # wait for the next request to come in
        late = max(0.0, loop.time() - start - due)   # a stalled loop wakes this timer late
        print(f"server: accepted request-{i} at {loop.time() - start:.2f} s, {late:.2f} s late")
        handlers.append(asyncio.create_task(handle(i, start), name=f"request-{i}"))
    await asyncio.gather(*handlers)
    print(f"server: all {REQUESTS} requests served at {loop.time() - start:.2f} s")


if __name__ == "__main__":
    # Debug mode makes the loop log any step that holds it longer than
    # loop.slow_callback_duration (0.1 s): "Executing <Task ...> took 5.000 seconds".
    asyncio.run(main(), debug=True)
