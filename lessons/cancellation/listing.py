"""A cancel travels from the innermost await outward, running every finally on the way."""
import asyncio

# --- parameters ---
depth = 3        # how many coroutines await each other
at = 1.0         # seconds until main cancels the chain
swallow = False  # True: the outermost frame catches CancelledError and carries on
# --- end parameters ---


async def level(k, start):
    loop = asyncio.get_running_loop()
    try:
        if k < depth:
            return await level(k + 1, start)
        print(f"level {k}: innermost, waiting for a slow reply")
        await asyncio.sleep(60.0)
        return "reply"
    except asyncio.CancelledError:
        if not (swallow and k == 1):
            print(f"level {k}: CancelledError passes through at {loop.time() - start:.2f} s")
            raise
        # Anti-pattern: catching CancelledError without re-raising keeps the task alive.
        print(f"level {k}: caught CancelledError, carrying on at {loop.time() - start:.2f} s")
        await asyncio.sleep(1.0)
        return "late reply"
    finally:
        # The innermost frame's finally runs first, the outermost's last.
        print(f"level {k}: finally, cleaning up at {loop.time() - start:.2f} s")


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    chain = asyncio.create_task(level(1, start), name="chain")
    await asyncio.sleep(at)
    print(f"main: cancelling the chain at {loop.time() - start:.2f} s")
    chain.cancel()
    try:
        result = await chain
        print(f"main: chain returned {result!r} at {loop.time() - start:.2f} s")
        print("main: warning: the chain ignored cancel() and kept running")
    except asyncio.CancelledError:
        print(f"main: chain ended cancelled at {loop.time() - start:.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
