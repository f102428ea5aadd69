"""The recording's clock: virtual (jumps, deterministic) or real (the machine's steady clock).

Both count integer nanoseconds from the moment the recording starts and never go back. The real
time functions are captured here at import, before the recorder replaces the `time` module's.
"""

import time

real_sleep = time.sleep
real_time = time.time
real_monotonic = time.monotonic
real_monotonic_ns = time.monotonic_ns
real_perf_counter = time.perf_counter
real_perf_counter_ns = time.perf_counter_ns

# What the virtual time.time() says at the recording's start: fixed, so runs are identical.
VIRTUAL_EPOCH = 1_700_000_000.0


def seconds_to_ns(seconds):
    return int(round(seconds * 1e9))


class VirtualClock:
    virtual = True

    def __init__(self):
        self._now = 0

    def now(self):
        return self._now

    def advance_to(self, ns):
        if ns > self._now:
            self._now = ns

    def advance_by(self, ns):
        if ns > 0:
            self._now += ns

    def stall(self, seconds):
        """A blocking call of this length: the time passes, nothing waits."""
        self.advance_by(seconds_to_ns(seconds))


class RealClock:
    virtual = False

    def __init__(self):
        self._origin = real_perf_counter_ns()
        self._last = 0

    def now(self):
        # Clamped so that events recorded in order never appear to go back in time.
        self._last = max(self._last, real_perf_counter_ns() - self._origin)
        return self._last

    def advance_to(self, ns):
        pass

    def advance_by(self, ns):
        pass

    def stall(self, seconds):
        real_sleep(seconds)
