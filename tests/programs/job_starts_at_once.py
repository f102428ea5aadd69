"""A thread-pool job starts the moment it is handed over, and goes on while the loop is blocked:
its first line comes before what the blocked loop prints next, and its sleep ends on time."""
import asyncio
import time


def copy_file(name, seconds):
    print(f"{name}: copying")
    time.sleep(seconds)
    print(f"{name}: copied")
    return name


async def main():
    loop = asyncio.get_running_loop()
    first = loop.run_in_executor(None, copy_file, "notes.txt", 0.2)
    time.sleep(0.5)  # blocks the loop, not the worker
    print("loop unblocked")
    print(f"{await first} is there")

    second = asyncio.create_task(asyncio.to_thread(copy_file, "photo.png", 1))
    await asyncio.sleep(0)  # the task hands the job over
    time.sleep(0.25)
    print("loop unblocked again")
    print(f"{await second} is there at {loop.time():.2f}")


asyncio.run(main())
