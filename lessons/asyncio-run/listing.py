"""What asyncio.run does: make a loop, run main, cancel what is left, close the loop."""
import asyncio

# --- parameters ---
nested = False   # True: main calls asyncio.run() again while the loop is running
# --- end parameters ---


async def ticker():
    try:
        while True:
            await asyncio.sleep(0.5)
            print("ticker: tick")
    except asyncio.CancelledError:
        # Nobody awaits this task; asyncio.run cancels it when main returns.
        print("ticker: cancelled by asyncio.run on its way out")
        raise


async def main():
    loop = asyncio.get_running_loop()
    print("main: running in the loop that asyncio.run created")
    background = asyncio.create_task(ticker(), name="ticker")
    await asyncio.sleep(1.2)
    if nested:
        print("main: calling asyncio.run() inside the running loop")
        inner = asyncio.sleep(0.1)
        try:
            # Raises RuntimeError: one thread runs one loop at a time. We let it escape, so
            # main's task fails with it and asyncio.run re-raises it after cleaning up.
            asyncio.run(inner)
        finally:
            inner.close()   # the inner coroutine never started; close it to avoid a 2nd warning
    print(f"main: returning; {background.get_name()} is still pending")
    return loop


if __name__ == "__main__":
    print("before asyncio.run: no loop exists yet")
    loop = asyncio.run(main())
    print(f"after asyncio.run: loop closed = {loop.is_closed()}")
