# A flaky call fails three times before it works; each retry waits base**attempt seconds
# (1, 2, 4), so the call succeeds at 7 s.
import asyncio

failures_left = 3


async def flaky_call():
    global failures_left
    await asyncio.sleep(0)
    if failures_left:
        failures_left -= 1
        raise ConnectionError("try again")
    return "ok"


async def with_retries(base=2):
    attempt = 0
    while True:
        try:
            return await flaky_call()
        except ConnectionError:
            pause = base ** attempt
            print("attempt", attempt, "failed; waiting", pause)
            await asyncio.sleep(pause)
            attempt += 1


print(asyncio.run(with_retries()))
