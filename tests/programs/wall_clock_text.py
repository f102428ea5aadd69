"""Reading the time of day three ways while tasks sleep: the clock text and datetime must move
with the waiting, as time.time() does, and the objects must be datetime's own."""
import asyncio
import datetime
import time
import warnings


async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(what)


async def main():
    print(f"started at {time.strftime('%X')}")
    began = datetime.datetime.now()
    await say_after(1, "hello")
    await say_after(2, "world")
    print(f"finished at {time.strftime('%X')}")
    print("datetime counted", (datetime.datetime.now() - began).total_seconds(), "s")

    # Read in one step, every reading names the same moment as time.time().
    stamp = time.time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # utcnow is deprecated from 3.12
        utc = datetime.datetime.utcnow()
    print("ctime agrees:", time.ctime() == time.ctime(stamp))
    print("localtime agrees:", time.localtime() == time.localtime(stamp))
    print("gmtime agrees:", time.gmtime() == time.gmtime(stamp))
    print("asctime agrees:", time.asctime() == time.asctime(time.localtime(stamp)))
    print("now agrees:", datetime.datetime.now() == datetime.datetime.fromtimestamp(stamp))
    print("utcnow agrees:", utc == datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc).replace(tzinfo=None))
    print("today agrees:", datetime.date.today() == datetime.date.fromtimestamp(stamp))

    # What the program builds and checks is datetime's own.
    moment = datetime.datetime.now(datetime.timezone.utc)
    print(repr(datetime.datetime(2024, 1, 1)), type(moment).__name__, datetime.datetime)
    print(isinstance(moment, datetime.datetime), isinstance(moment, datetime.date),
          issubclass(datetime.datetime, datetime.date), type(datetime.date.today()) is type(datetime.date(2024, 1, 1)))


asyncio.run(main())
