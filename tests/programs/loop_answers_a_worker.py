# A job on a worker thread cannot await, but it can hand a coroutine back to the event loop with
# run_coroutine_threadsafe and block on the answer. The first job waits long enough; the second
# gives up after 0.2 s, before the loop's answer is ready.
import asyncio
import concurrent.futures


async def look_up(key):
    await asyncio.sleep(0.5)
    return key.upper()


def ask_the_loop(loop, key, patience):
    answer = asyncio.run_coroutine_threadsafe(look_up(key), loop)
    try:
        return answer.result(timeout=patience)
    except concurrent.futures.TimeoutError:
        answer.cancel()
        return "no answer for " + key


async def main():
    loop = asyncio.get_running_loop()
    print(await asyncio.wait_for(loop.run_in_executor(None, ask_the_loop, loop, "abc", 5), timeout=2))
    print(await loop.run_in_executor(None, ask_the_loop, loop, "xyz", 0.2))


asyncio.run(main())
