"""Writes Loopscope recording files (docs/RECORDING.md, format version 1)."""

import os
import struct
import zlib
from dataclasses import dataclass, field
from typing import List, Tuple

MAGIC = b"LSREC\r\n\x1a"
FORMAT_VERSION = 1
HEADER_SIZE = 40
EVENT_SIZE = 24
# Level 1 as the C++ writer uses: recordings are large and repetitive, speed matters more.
COMPRESSION_LEVEL = 1

_EVENT = struct.Struct("<qIBBH8s")
_EVENT_AB = struct.Struct("<qIBBHII")
_EVENT_V = struct.Struct("<qIBBHq")
_AB = struct.Struct("<II")
_V = struct.Struct("<q")


class EventBuffer:
    """The events of a run as they are recorded: 24 bytes each, packed on arrival into one
    bytearray. A run of millions of events costs no Python object per event, so neither memory
    nor the garbage collector's passes grow with it; the file takes the bytes as they are."""

    __slots__ = ("data", "last_t", "count")

    def __init__(self):
        self.data = bytearray()
        self.last_t = 0
        self.count = 0  # events appended: the tracer checks it against the event cap on every event

    def __len__(self):
        return self.count

    def append(self, t, task, kind, sub, line, a, b, v):
        if v is None:
            self.data += _EVENT_AB.pack(t, task, kind, sub, line, a, b)
        else:
            self.data += _EVENT_V.pack(t, task, kind, sub, line, v)
        self.last_t = t
        self.count += 1

    def kind_at(self, index):
        return self.data[index * EVENT_SIZE + 12]

    def set_b(self, index, b):
        """Rewrites the second argument of event `index` (a task's name, known only later)."""
        _U32.pack_into(self.data, index * EVENT_SIZE + 20, b)


_U32 = struct.Struct("<I")


def pack_event(event):
    """24 bytes of an Event, or of the tuple (t, task, kind, sub, line, a, b, v) the tracer keeps."""
    if isinstance(event, Event):
        return event.pack()
    t, task, kind, sub, line, a, b, v = event
    if v is not None:
        return _EVENT_V.pack(t, task, kind, sub, line, v)
    return _EVENT_AB.pack(t, task, kind, sub, line, a, b)


@dataclass
class Event:
    t: int
    task: int
    kind: int
    sub: int = 0
    line: int = 0
    a: int = 0
    b: int = 0
    v: int = None  # when set, the eight argument bytes hold this signed value instead of a, b

    def argument_bytes(self):
        if self.v is not None:
            return _V.pack(self.v)
        return _AB.pack(self.a, self.b)

    def pack(self):
        return _EVENT.pack(self.t, self.task, self.kind, self.sub, self.line, self.argument_bytes())


@dataclass
class Variant:
    name: str = "main"
    total: int = 0
    result: str = ""
    error: str = ""
    deadlocked: bool = False
    stopped: bool = False
    requests_sent: int = 0
    requests_served: int = 0
    strings: List[str] = field(default_factory=lambda: [""])
    tasks: List[Tuple[int, int]] = field(default_factory=lambda: [(0, 0)])  # (name id, parent)
    objects: List[Tuple[int, int, int]] = field(default_factory=lambda: [(7, 0, 0)])  # kind, name, capacity
    events: List[Event] = field(default_factory=list)


@dataclass
class Recording:
    lesson_id: str = ""
    parameters: List[Tuple[str, str]] = field(default_factory=list)
    clock: int = 0
    listing_name: str = ""
    listing_text: str = ""
    variants: List[Variant] = field(default_factory=list)


def encode_text(text):
    """A string's bytes in the file: UTF-8, always valid. A program can make any str, lone
    surrogates included (a task named "\\ud800", an undecodable byte kept by surrogateescape),
    and strict UTF-8 refuses those; each is written as the escape Python's repr shows ("\\ud800"),
    which both the C++ loader and a reader of the file can take."""
    return text.encode("utf-8", "backslashreplace")


class _Payload:
    def __init__(self):
        self.parts = []

    def u8(self, v):
        self.parts.append(struct.pack("<B", v))

    def u32(self, v):
        self.parts.append(struct.pack("<I", v))

    def u64(self, v):
        self.parts.append(struct.pack("<Q", v))

    def i64(self, v):
        self.parts.append(struct.pack("<q", v))

    def str(self, text):
        data = encode_text(text) if isinstance(text, str) else bytes(text)
        self.u32(len(data))
        self.parts.append(data)

    def bytes(self):
        return b"".join(self.parts)


def encode_payload(recording):
    w = _Payload()
    w.str(recording.lesson_id)
    w.u32(len(recording.parameters))
    for name, value in recording.parameters:
        w.str(name)
        w.str(value)
    w.u8(recording.clock)
    w.str(recording.listing_name)
    w.str(recording.listing_text)
    w.u32(len(recording.variants))
    for variant in recording.variants:
        w.str(variant.name)
        w.i64(variant.total)
        w.str(variant.result)
        w.str(variant.error)
        w.u8((1 if variant.deadlocked else 0) | (2 if variant.stopped else 0))
        w.i64(variant.requests_sent)
        w.i64(variant.requests_served)
        w.u32(len(variant.strings))
        for text in variant.strings:
            w.str(text)
        w.u32(len(variant.tasks))
        for name, parent in variant.tasks:
            w.u32(name)
            w.u32(parent)
        w.u32(len(variant.objects))
        for kind, name, capacity in variant.objects:
            w.u8(kind)
            w.u32(name)
            w.i64(capacity)
        w.u64(len(variant.events))
        if isinstance(variant.events, EventBuffer):
            w.parts.append(bytes(variant.events.data))
        else:
            w.parts.extend(map(pack_event, variant.events))
    return w.bytes()


def wrap_payload(payload):
    """The 40-byte header followed by the zlib stream of `payload`."""
    packed = zlib.compress(payload, COMPRESSION_LEVEL)
    header = MAGIC + struct.pack("<IIQQI", FORMAT_VERSION, 0, len(payload), len(packed), zlib.crc32(payload))
    header += struct.pack("<I", zlib.crc32(header))
    return header + packed


def encode_recording(recording):
    return wrap_payload(encode_payload(recording))


def write_recording(path, recording):
    data = encode_recording(recording)
    # Written beside and renamed, so that a reader never sees half a file.
    temporary = str(path) + ".part"
    with open(temporary, "wb") as out:
        out.write(data)
    os.replace(temporary, path)
    return len(data)
