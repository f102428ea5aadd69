"""Calling a coroutine function runs nothing; awaiting it or making it a task does."""
import asyncio

# --- parameters ---
mode = "forgot-await"   # "forgot-await", "await" or "create-task"
# --- end parameters ---


async def greet(who):
    print(f"greet {who}: body starts")
    await asyncio.sleep(1.0)
    print(f"greet {who}: body ends")
    return f"hello, {who}"


async def main():
    if mode == "forgot-await":
        # This only builds a coroutine object and throws it away. The body never runs, and
        # Python warns "coroutine 'greet' was never awaited" when the object is discarded.
        greet("A")
        print("main: called greet() without await")
    elif mode == "await":
        print("main: awaiting greet() directly")
        # The body runs right here, inside main's own task: no new task is made.
        result = await greet("A")
        print(f"main: got {result!r}")
    else:
        task = asyncio.create_task(greet("A"), name="greet")
        # The task is only scheduled: its body starts when main next yields to the loop.
        print("main: task created, its body has not started yet")
        result = await task
        print(f"main: got {result!r}")
    print("main: returning")


if __name__ == "__main__":
    asyncio.run(main())
