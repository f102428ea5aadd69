# A str need not be valid Unicode: it may hold a lone surrogate, as bytes that are not UTF-8 do
# once decoded with errors="surrogateescape". Such text in a task's name, in an exception's
# message and in a printed line is recorded all the same.
import asyncio
import sys


async def check(raw):
    await asyncio.sleep(0.5)
    text = raw.decode("utf-8", errors="surrogateescape")  # b"\xe9" becomes "\udce9"
    raise ValueError("cannot use " + text)


async def main():
    checker = asyncio.create_task(check(b"caf\xe9"), name="check-\ud800")
    try:
        await checker
    except ValueError as problem:
        # stderr escapes what it cannot encode, so this prints where stdout might refuse.
        print("caught:", problem, file=sys.stderr)
    return checker.get_name()


asyncio.run(main())
