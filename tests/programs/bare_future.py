# A bare Future is a promise of a value with no task behind it: here a timer callback fills it
# in after 1.5 s, and the awaiting task wakes then.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    answer = loop.create_future()
    loop.call_later(1.5, answer.set_result, 42)
    print("waiting for the answer")
    value = await answer
    print("got", value)
    return value


print(asyncio.run(main()))
