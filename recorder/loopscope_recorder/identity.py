"""A map keyed by object identity that does not keep its keys alive.

asyncio's TimerHandle compares and hashes by value, and tasks and primitives must be free to be
collected (a task's finaliser reports "exception was never retrieved"), so neither a dict nor a
WeakKeyDictionary fits.
"""

import weakref


class IdentityMap:
    def __init__(self):
        self._entries = {}

    def get(self, obj, default=None):
        entry = self._entries.get(id(obj))
        if entry is not None and entry[0]() is obj:
            return entry[1]
        return default

    def __contains__(self, obj):
        return self.get(obj, _MISSING) is not _MISSING

    def set(self, obj, value):
        key = id(obj)
        entries = self._entries

        def forget(ref, key=key):
            entry = entries.get(key)
            if entry is not None and entry[0] is ref:
                del entries[key]

        entries[key] = (weakref.ref(obj, forget), value)

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


_MISSING = object()
