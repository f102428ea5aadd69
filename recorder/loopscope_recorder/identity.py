"""A map keyed by object identity that does not keep its keys alive.

asyncio's TimerHandle compares and hashes by value, and tasks and primitives must be free to be
collected (a task's finaliser reports "exception was never retrieved"), so neither a dict nor a
WeakKeyDictionary fits.
"""

import weakref

# Entries whose object has died are swept out once the map has grown to twice its size after
# the last sweep (and at least this many entries).
_FIRST_SWEEP = 1024


class IdentityMap:
    """Entries are keyed by id() and hold a plain weak reference to check the object is still the
    one stored: a new object that reuses a dead one's id does not match. The weak references carry
    no callback (that made a closure and a fresh reference per entry, on every task step); dead
    entries are dropped by an occasional sweep instead, which no lookup can tell apart."""

    def __init__(self):
        self._entries = {}
        self._sweep_at = _FIRST_SWEEP

    def get(self, obj, default=None):
        entry = self._entries.get(id(obj))
        if entry is not None and entry[0]() is obj:
            return entry[1]
        return default

    def __contains__(self, obj):
        return self.get(obj, _MISSING) is not _MISSING

    def set(self, obj, value):
        entries = self._entries
        entries[id(obj)] = (weakref.ref(obj), value)
        if len(entries) >= self._sweep_at:
            self._sweep()

    def pop(self, obj, default=None):
        value = self.get(obj, _MISSING)
        if value is _MISSING:
            return default
        del self._entries[id(obj)]
        return value

    def items(self):
        for ref, value in list(self._entries.values()):
            obj = ref()
            if obj is not None:
                yield obj, value

    def _sweep(self):
        entries = self._entries
        for key in [key for key, (ref, _) in entries.items() if ref() is None]:
            del entries[key]
        self._sweep_at = max(_FIRST_SWEEP, 2 * len(entries))


_MISSING = object()
