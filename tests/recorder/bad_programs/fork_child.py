"""Forks in the middle of a run: the child reports and leaves, the parent goes on."""
import asyncio
import os


async def main():
    await asyncio.sleep(1)
    pid = os.fork()
    if pid == 0:
        print("child says hello", flush=True)
        os._exit(7)
    _, status = os.waitpid(pid, 0)
    print("parent saw its child end with status", os.waitstatus_to_exitcode(status))
    await asyncio.sleep(1)
    return "parent"


print(asyncio.run(main()))
