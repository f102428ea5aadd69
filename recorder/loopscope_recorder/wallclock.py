"""The wall-clock readings a program can take besides time.time(), on the virtual clock.

time.time() alone reading the recording's clock is not enough: time.strftime, time.ctime,
time.localtime, time.gmtime and time.asctime with no time given, and datetime's now(), utcnow()
and today(), read the real clock in C, so a program that prints "started at" and "finished at"
would show two identical times around seconds of virtual waiting. Here each of them reads the
time the program's time.time() gives, so every clock tells the recording's one story.

datetime.datetime and datetime.date are C types whose class methods cannot be replaced; the
`datetime` module gets subclasses in their place instead. Calling such a subclass makes a plain
datetime.datetime (or date), and isinstance/issubclass answer for the C types, so that what a
program builds, prints, compares or pickles is exactly what it would be without the recorder.
"""

import copyreg
import datetime
import functools
import sys
import time
import warnings

real_localtime = time.localtime
real_gmtime = time.gmtime
real_ctime = time.ctime
real_asctime = time.asctime
real_strftime = time.strftime
real_date = datetime.date
real_datetime = datetime.datetime

# 3.12 deprecated utcnow(); the stand-in warns as CPython would, at the caller's line.
_UTCNOW_WARNS = sys.version_info >= (3, 12)
_UTCNOW_MESSAGE = ("datetime.datetime.utcnow() is deprecated and scheduled for removal in a future version. "
                   "Use timezone-aware objects to represent datetimes in UTC: datetime.datetime.now(datetime.UTC).")


def install(patches, wall):
    """Replaces the readings; `wall()` is the program's time.time() as the recorder installed it
    (virtual where the program runs, real elsewhere). Undone with `patches`."""
    _install_time_text(patches, wall)
    _install_datetime(patches, wall)


def _install_time_text(patches, wall):
    # These take their time argument positionally only; leaving it out (or, for the first
    # three, passing None) means "now".
    def seconds_or_now(real):
        @functools.wraps(real)
        def read(*args):
            if not args or args[0] is None:
                return real(wall(), *args[1:])
            return real(*args)
        return read

    def struct_or_now(real, position):
        @functools.wraps(real)
        def read(*args):
            if len(args) <= position:
                args = args + (real_localtime(wall()),)
            return real(*args)
        return read

    patches.replace(time, "localtime", seconds_or_now(real_localtime))
    patches.replace(time, "gmtime", seconds_or_now(real_gmtime))
    patches.replace(time, "ctime", seconds_or_now(real_ctime))
    patches.replace(time, "asctime", struct_or_now(real_asctime, 0))
    patches.replace(time, "strftime", struct_or_now(real_strftime, 1))


def _install_datetime(patches, wall):
    class StandInType(type):
        """The stand-ins' metaclass: the stand-in itself makes and recognises the C type's
        objects. A program's own subclass of it behaves as any subclass does."""

        def __call__(cls, *args, **kwargs):
            real = getattr(cls, "_loopscope_real", None)
            if real is not None and cls.__dict__.get("_loopscope_stand_in"):
                return real(*args, **kwargs)
            return super().__call__(*args, **kwargs)

        def __instancecheck__(cls, obj):
            if cls.__dict__.get("_loopscope_stand_in"):
                return isinstance(obj, cls._loopscope_real)
            return super().__instancecheck__(obj)

        def __subclasscheck__(cls, sub):
            if cls.__dict__.get("_loopscope_stand_in"):
                return issubclass(sub, cls._loopscope_real)
            return super().__subclasscheck__(sub)

    def made_by(cls, real):
        # From the stand-in, the C type's class method; from a program's subclass, its own.
        return real if cls.__dict__.get("_loopscope_stand_in") else cls

    class date(real_date, metaclass=StandInType):
        _loopscope_stand_in = True
        _loopscope_real = real_date

        @classmethod
        def today(cls):
            return made_by(cls, real_date).fromtimestamp(wall())

    class datetime_(real_datetime, metaclass=StandInType):
        _loopscope_stand_in = True
        _loopscope_real = real_datetime

        @classmethod
        def now(cls, tz=None):
            return made_by(cls, real_datetime).fromtimestamp(wall(), tz)

        @classmethod
        def today(cls):
            return made_by(cls, real_datetime).fromtimestamp(wall())

        @classmethod
        def utcnow(cls):
            if _UTCNOW_WARNS:
                warnings.warn(_UTCNOW_MESSAGE, DeprecationWarning, stacklevel=2)
            moment = real_datetime.fromtimestamp(wall(), datetime.timezone.utc).replace(tzinfo=None)
            if made_by(cls, real_datetime) is real_datetime:
                return moment
            return cls.combine(moment.date(), moment.time())

    for stand_in, real in ((date, real_date), (datetime_, real_datetime)):
        stand_in.__name__, stand_in.__qualname__, stand_in.__module__ = real.__name__, real.__qualname__, real.__module__
        for name in ("now", "today", "utcnow"):
            method = stand_in.__dict__.get(name)
            if method is not None:
                method.__func__.__doc__ = getattr(real, name).__doc__
        patches.replace(datetime, real.__name__, stand_in)
        # pickle saves a C date by the name datetime.datetime and checks that the name still
        # leads to its class, which now leads to the stand-in: pickled through the stand-in,
        # with the C type's own arguments, it loads as the same value here and anywhere else.
        patches.replace_item(copyreg.dispatch_table, real, _reduce_as(stand_in))


def _reduce_as(stand_in):
    def reduce(value):
        return (stand_in,) + tuple(value.__reduce__()[1:])
    return reduce
