"""A task nobody awaits can fail in silence; the loop only complains when the task is collected."""
import asyncio

# --- parameters ---
keep_reference = False  # True: keep the task in a set, as the asyncio docs advise
fixed = False           # True: await the task and handle its error
# --- end parameters ---

background = set()


async def send_email(to, start):
    loop = asyncio.get_running_loop()
    print(f"send_email: sending to {to} at {loop.time() - start:.2f} s")
    await asyncio.sleep(0.5)
    raise ConnectionError("mail server refused the connection")


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()

    def report(loop, context):
        # The default handler logs this to stderr; printing it shows *when* the loop speaks up.
        error = context["exception"]
        print(f"loop: {context['message']}: {error!r} at {loop.time() - start:.2f} s")

    loop.set_exception_handler(report)
    task = asyncio.create_task(send_email("ada@example.com", start), name="send-email")
    if keep_reference:
        background.add(task)
    if fixed:
        try:
            await task
        except ConnectionError as exc:
            print(f"main: handled {exc!r} at {loop.time() - start:.2f} s")
    else:
        # Fire and forget: main drops its name for the task and never looks at it again.
        # The loop reports the unretrieved error only when the task object is collected.
        del task
        await asyncio.sleep(1.0)
        print(f"main: carried on, no error reached main at {loop.time() - start:.2f} s")
    # If the set holds the last reference, clearing it lets the finished task be collected now.
    background.clear()
    print(f"main: done at {loop.time() - start:.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
