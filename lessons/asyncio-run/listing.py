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


if __name__ == "__main__":
    # Before this call no loop exists. asyncio.run makes one, runs main as a task, cancels the
    # tasks main left behind, lets them finish their cleanup, and closes the loop; only then does
    # it return main's result (or re-raise main's error). Nothing printed here could still run
    # on that loop: it is closed.
    asyncio.run(main())
