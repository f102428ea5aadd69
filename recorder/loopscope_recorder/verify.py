"""Reads a Loopscope recording and applies every check of docs/RECORDING.md.

decode() returns the Recording or raises RecordingError with the one-line reason, the way the
C++ loader refuses a file. Run as `python3 -m loopscope_recorder.verify FILE...` to check files.
"""

import struct
import sys
import zlib

from .format import EVENT_SIZE, FORMAT_VERSION, HEADER_SIZE, MAGIC, Event, Recording, Variant
from .schema import ARGUMENT_ROLES, SUB_ENUMS, WAITS_ON_TASK, Clock, EventKind, ObjectKind

MAX_PAYLOAD = 16 << 30
MAX_ZLIB_RATIO = 1032


class RecordingError(ValueError):
    pass


class _Reader:
    def __init__(self, data):
        self.data = data
        self.at = 0

    def left(self):
        return len(self.data) - self.at

    def take(self, n, what):
        if n > self.left():
            raise RecordingError("damaged: %s is cut short" % what)
        chunk = self.data[self.at:self.at + n]
        self.at += n
        return chunk

    def unpack(self, fmt, what):
        return struct.unpack(fmt, self.take(struct.calcsize(fmt), what))[0]

    def u8(self, what):
        return self.unpack("<B", what)

    def u32(self, what):
        return self.unpack("<I", what)

    def u64(self, what):
        return self.unpack("<Q", what)

    def i64(self, what):
        return self.unpack("<q", what)

    def str(self, what):
        n = self.u32(what)
        return self.take(n, what).decode("utf-8", "surrogateescape")

    def count(self, record_bytes, what, wide=False):
        n = self.u64(what) if wide else self.u32(what)
        if n > self.left() // record_bytes:
            raise RecordingError("damaged: %s is cut short" % what)
        return n


def unwrap(data):
    """The payload inside a file's bytes, after the header's and the stream's checks."""
    if len(data) < len(MAGIC) or data[:len(MAGIC)] != MAGIC:
        raise RecordingError("not a Loopscope recording")
    if len(data) < HEADER_SIZE:
        raise RecordingError("truncated: the file ends inside its header")
    version, flags, payload_size, packed_size, payload_crc, header_crc = struct.unpack("<IIQQII", data[8:HEADER_SIZE])
    if header_crc != zlib.crc32(data[:HEADER_SIZE - 4]):
        raise RecordingError("damaged: the header's checksum does not match")
    if version > FORMAT_VERSION:
        raise RecordingError("made by a newer Loopscope: format version %d" % version)
    if version == 0 or flags != 0:
        raise RecordingError("damaged: the header has a version or flags no Loopscope writes")
    have = len(data) - HEADER_SIZE
    if packed_size > have:
        raise RecordingError("truncated: %d of %d bytes of recorded data are there" % (have, packed_size))
    if packed_size < have:
        raise RecordingError("damaged: %d unexpected bytes follow the recorded data" % (have - packed_size))
    if payload_size > MAX_PAYLOAD or payload_size > (packed_size + 64) * MAX_ZLIB_RATIO:
        raise RecordingError("damaged: the header claims more data than the file can hold")
    inflater = zlib.decompressobj()
    try:
        payload = inflater.decompress(data[HEADER_SIZE:], payload_size + 1)
    except zlib.error:
        raise RecordingError("damaged: the recorded data does not decompress") from None
    if len(payload) != payload_size or not inflater.eof or inflater.unused_data or inflater.unconsumed_tail:
        raise RecordingError("damaged: the recorded data does not decompress to the size its header states")
    if zlib.crc32(payload) != payload_crc:
        raise RecordingError("damaged: the recorded data's checksum does not match")
    return payload


def _check_event(index, e, strings, tasks, objects):
    def fail(why):
        raise RecordingError("damaged: event %d: %s" % (index, why))

    if e.task >= tasks:
        fail("an event names a task that is not in the task table")
    kind = EventKind(e.kind)
    enum = SUB_ENUMS.get(kind)
    if enum is not None and e.sub >= len(enum):
        fail("an event has a value its kind does not define")
    if kind == EventKind.TimerArmed:
        return
    for role, value in zip(ARGUMENT_ROLES[kind], (e.a, e.b)):
        if role == "wait":
            role = "task" if e.sub in [int(k) for k in WAITS_ON_TASK] else "object"
        if role == "task" and value >= tasks:
            fail("an event names a task that is not in the task table")
        if role == "string" and value >= strings:
            fail("an event names a string that is not in the string table")
        if role == "object" and value >= objects:
            fail("an event names an object that is not in the object table")


def _read_variant(r):
    v = Variant()
    v.name = r.str("a variant's description")
    v.total = r.i64("a variant's description")
    v.result = r.str("a variant's description")
    v.error = r.str("a variant's description")
    flags = r.u8("a variant's description")
    v.requests_sent = r.i64("a variant's description")
    v.requests_served = r.i64("a variant's description")
    if flags > 3:
        raise RecordingError("damaged: a variant has flags this version does not define")
    v.deadlocked, v.stopped = bool(flags & 1), bool(flags & 2)
    if v.total < 0 or v.requests_sent < 0 or v.requests_served < 0:
        raise RecordingError("damaged: a variant has a negative total or request count")
    count = r.count(4, "a string table")
    v.strings = [r.str("a string table") for _ in range(count)]
    if not v.strings or v.strings[0] != "":
        raise RecordingError("damaged: a string table does not begin with the empty string")
    count = r.count(8, "a task table")
    if count == 0:
        raise RecordingError("damaged: a task table is cut short")
    v.tasks = []
    for _ in range(count):
        name, parent = r.u32("a task table"), r.u32("a task table")
        if name >= len(v.strings) or parent >= count:
            raise RecordingError("damaged: a task names a string or parent that does not exist")
        v.tasks.append((name, parent))
    count = r.count(13, "an object table")
    if count == 0:
        raise RecordingError("damaged: an object table is cut short")
    v.objects = []
    for _ in range(count):
        kind, name, capacity = r.u8("an object table"), r.u32("an object table"), r.i64("an object table")
        if kind > ObjectKind.Other or name >= len(v.strings):
            raise RecordingError("damaged: an object has an unknown kind or a name that does not exist")
        v.objects.append((kind, name, capacity))
    count = r.count(EVENT_SIZE, "the events", wide=True)
    last = 0
    v.events = []
    for i in range(count):
        t, task, kind, sub, line, args = struct.unpack("<qIBBH8s", r.take(EVENT_SIZE, "the events"))
        if kind > EventKind.Line:
            raise RecordingError("damaged: event %d has an unknown kind" % i)
        if t < last:
            raise RecordingError("damaged: event %d is earlier than the one before it" % i)
        last = t
        a, b = struct.unpack("<II", args)
        e = Event(t, task, kind, sub, line, a, b)
        if kind == EventKind.TimerArmed:
            e.v = struct.unpack("<q", args)[0]
        _check_event(i, e, len(v.strings), len(v.tasks), len(v.objects))
        v.events.append(e)
    return v


def decode(data):
    payload = unwrap(data)
    r = _Reader(payload)
    rec = Recording()
    rec.lesson_id = r.str("the run's description")
    count = r.count(8, "the run's description")
    rec.parameters = [(r.str("a parameter"), r.str("a parameter")) for _ in range(count)]
    rec.clock = r.u8("the run's description")
    rec.listing_name = r.str("the run's description")
    rec.listing_text = r.str("the run's description")
    if rec.clock > Clock.Live:
        raise RecordingError("damaged: the clock kind is unknown")
    count = r.count(1, "the number of variants")
    if count == 0:
        raise RecordingError("damaged: the recording has no variants")
    rec.variants = [_read_variant(r) for _ in range(count)]
    if r.left():
        raise RecordingError("damaged: %d unexpected bytes follow the last variant" % r.left())
    return rec


def decode_file(path):
    with open(path, "rb") as f:
        return decode(f.read())


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    show_events = "--events" in argv
    argv = [arg for arg in argv if arg != "--events"]
    status = 0
    for path in argv:
        try:
            rec = decode_file(path)
        except (OSError, RecordingError) as problem:
            print("%s: %s" % (path, problem))
            status = 1
            continue
        for v in rec.variants:
            print("%s: ok, variant %r: %d events, %d tasks, %d objects, total %d ns" %
                  (path, v.name, len(v.events), len(v.tasks), len(v.objects), v.total))
            if show_events:
                from .describe import format_rows
                print(format_rows(v))
    return status


if __name__ == "__main__":
    sys.exit(main())
