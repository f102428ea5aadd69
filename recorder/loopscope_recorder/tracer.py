"""The recording being made: the tables (strings, tasks, objects) and the event list.

Only the thread that runs the program's event loop writes here. A thread pool's workers leave
notes (a job started, printed a line, finished) that the loop records in job order (clock.py);
other threads' prints and sleeps pass through unrecorded.
"""

import sys
import threading

from .clock import ThreadJobs
from .format import EventBuffer, Variant
from .identity import IdentityMap
from .schema import EventKind, FinishState, LoopPhase, ObjectKind, WarningKind

# Compared on every event: read off the enum class once (see schema.plain_members).
_LOOP_PHASE = EventKind.LoopPhase

MAX_LINE = 0xFFFF
MAX_U32 = 0xFFFFFFFF

_OBJECT_WORDS = {
    ObjectKind.Lock: "lock",
    ObjectKind.Semaphore: "semaphore",
    ObjectKind.Queue: "queue",
    ObjectKind.Event: "event",
    ObjectKind.Executor: "executor",
    ObjectKind.IoClient: "connection",
    ObjectKind.Other: "object",
}


def error_text(exc):
    message = str(exc)
    return "%s: %s" % (type(exc).__name__, message) if message else type(exc).__name__


class Tracer:
    def __init__(self, clock, program_path):
        self.clock = clock
        self.program_files = {program_path}
        self.thread_id = threading.get_ident()
        self.strings = [""]
        self._string_ids = {"": 0}
        self.tasks = [(self.intern("loop"), 0)]
        self.objects = [(int(ObjectKind.Other), self.intern("nothing"), 0)]
        self.events = EventBuffer()
        self.current_task = 0
        self.task_ids = IdentityMap()
        self.live_tasks = {}  # task id -> the task, while it has not finished
        self.waiting_labels = {}  # task id -> what it waits for, while it waits
        self.waiting_objects = {}  # task id -> the object it waits for, while it waits
        self.lock_holders = {}  # lock object id -> the task holding it
        self.cancels_pending = set()  # task ids asked to cancel that have not run since
        self._created_events = {}
        # A task collected as cyclic garbage has lost its weak references before its finaliser
        # reports an unretrieved exception: then only its address (and name) identify it.
        self.task_ids_by_address = {}
        self.object_ids = IdentityMap()
        self._object_counts = {}
        self.frozen_at = None  # set at a deadlock: what follows is teardown, not the run
        self.deadlocked = False
        self.main_result = ""
        self.main_error = ""
        self.jobs = ThreadJobs(clock)  # thread-pool jobs and their turns with the loop
        self.shields = IdentityMap()  # shield()'s outer future -> the task it shields

    # --- tables -------------------------------------------------------------------------------

    def intern(self, text):
        found = self._string_ids.get(text)
        if found is None:
            found = self._string_ids[text] = len(self.strings)
            self.strings.append(text)
        return found

    def task_id(self, task):
        # The loop's tasks carry their id (one attribute lookup, on every step); others, such as
        # a task a program builds with asyncio.Task() itself, are found by identity.
        tid = getattr(task, "_loopscope_task_id", None)
        return tid if tid is not None else self.task_ids.get(task, 0)

    def add_task(self, task, creator):
        tid = len(self.tasks)
        try:
            name = task.get_name()
        except Exception:
            name = ""
        self.tasks.append((self.intern(name), creator))
        self.task_ids.set(task, tid)
        try:
            task._loopscope_task_id = tid
        except AttributeError:  # a task class without a __dict__
            pass
        self.task_ids_by_address[id(task)] = tid
        self.live_tasks[tid] = task
        self.emit(EventKind.TaskCreated, tid, a=creator, b=self.intern(name))
        if self.events and self.events.kind_at(len(self.events) - 1) == EventKind.TaskCreated:
            self._created_events[tid] = len(self.events) - 1
        return tid

    def rename_task(self, tid, task):
        """asyncio names a task after it has queued its first step: take the name again."""
        try:
            name = task.get_name()
        except Exception:
            return
        name_id = self.intern(name)
        if self.tasks[tid][0] != name_id:
            self.tasks[tid] = (name_id, self.tasks[tid][1])
            created = self._created_events.get(tid)
            if created is not None:
                self.events.set_b(created, name_id)

    def task_id_of_finalised(self, task):
        tid = self.task_id(task)
        if not tid:
            tid = self.task_ids_by_address.get(id(task), 0)
            # A plain Future's finaliser reports too, and may sit where a dead task was: only a
            # task of the same name is that task.
            get_name = getattr(task, "get_name", None)
            if tid and (get_name is None or self.task_name(tid) != get_name()):
                tid = 0
        return tid

    def task_name(self, tid):
        name = self.strings[self.tasks[tid][0]]
        return name or "Task-%d" % tid

    def object_id(self, obj, kind, capacity=0, word=None):
        """The table entry of an object tasks wait on, added the first time it is seen.

        Names count per word ("lock 1", "condition 1", "connection 2"), so a program's objects
        are numbered in the order it first used them, whatever kind of thing they are.
        """
        oid = self.object_ids.get(obj)
        if oid is None:
            if word is None:
                word = _OBJECT_WORDS.get(kind, "object")
                if kind == ObjectKind.Other:
                    word = type(obj).__name__.lower()
            number = self._object_counts.get(word, 0) + 1
            self._object_counts[word] = number
            oid = len(self.objects)
            self.objects.append((int(kind), self.intern("%s %d" % (word, number)), int(capacity)))
            self.object_ids.set(obj, oid)
        return oid

    def object_name(self, oid):
        return self.strings[self.objects[oid][1]]

    # --- events -------------------------------------------------------------------------------

    def recording_here(self):
        return threading.get_ident() == self.thread_id and self.frozen_at is None

    def emit(self, kind, task=0, sub=0, line=0, a=0, b=0, v=None, force=False):
        # This runs for every event: plain comparisons rather than min()/max(), and the buffer's
        # own count rather than len().
        if self.frozen_at is None:
            t = self.clock.now()
        elif force:
            t = self.frozen_at
        else:
            return
        events = self.events
        if t < events.last_t:
            t = events.last_t
        if line < 0:
            line = 0
        elif line > MAX_LINE:
            line = MAX_LINE
        if a > MAX_U32:
            a = MAX_U32
        if b > MAX_U32:
            b = MAX_U32
        events.append(t, task, kind, sub, line, a, b, v)
        if events.count >= self.event_cap:
            self.event_cap_reached()
        if kind == _LOOP_PHASE:
            self.saw_loop = True

    saw_loop = False  # a loop phase was recorded: the program ran an event loop

    # limits.py's event cap sets both: at `event_cap` events recorded, event_cap_reached() is called
    # after each further event. Without a cap, never.
    event_cap = sys.maxsize  # an int: compared with the count on every event

    def event_cap_reached(self):
        """Replaced by limits.py's Guard; without a cap it is never called."""

    def phase(self, phase, iteration=0, detail=0, force=False):
        self.emit(EventKind.LoopPhase, 0, phase, a=iteration, b=detail, force=force)

    def warn(self, kind, text, task=0):
        self.emit(EventKind.Warning, task, kind, a=self.intern(text))

    def freeze(self):
        self.frozen_at = self.clock.now()

    def task_finished(self, tid, task, line=0):
        self.live_tasks.pop(tid, None)
        self.waiting_labels.pop(tid, None)
        if task.cancelled():
            self.emit(EventKind.TaskFinished, tid, FinishState.Cancelled, line)
            return
        exc = task._exception
        if exc is None:
            self.emit(EventKind.TaskFinished, tid, FinishState.Done, line)
        else:
            self.emit(EventKind.TaskFinished, tid, FinishState.Failed, line, a=self.intern(error_text(exc)))

    # --- where the program is -----------------------------------------------------------------

    def in_program(self, frame):
        return frame.f_code.co_filename in self.program_files

    def stack_line(self, depth=1):
        """The line of the program's innermost frame on the calling thread's stack, or 0."""
        frame = sys._getframe(depth)
        while frame is not None:
            if frame.f_code.co_filename in self.program_files:
                return frame.f_lineno or 0
            frame = frame.f_back
        return 0

    def chain_line(self, frames):
        for frame in reversed(frames):
            if frame.f_code.co_filename in self.program_files:
                return frame.f_lineno or 0
        return 0

    # --- the result ---------------------------------------------------------------------------

    def variant(self, error=""):
        v = Variant()
        if self.frozen_at is not None:
            v.total = self.frozen_at
        else:
            v.total = max(self.clock.now(), self.events.last_t)
        v.result = self.main_result
        v.error = error or self.main_error
        v.deadlocked = self.deadlocked
        v.strings = list(self.strings)
        v.tasks = list(self.tasks)
        v.objects = list(self.objects)
        v.events = self.events
        return v


def deadlock_text(tracer):
    waiting = sorted(tracer.live_tasks)
    parts = []
    for tid in waiting:
        part = "%s waits for %s" % (tracer.task_name(tid), tracer.waiting_labels.get(tid, "nothing"))
        holder = tracer.lock_holders.get(tracer.waiting_objects.get(tid))
        if holder:
            part += " (held by %s)" % tracer.task_name(holder)
        parts.append(part)
    text = "deadlock: nothing can ever run again, but %d %s" % (len(waiting), "task waits" if len(waiting) == 1 else "tasks wait")
    if parts:
        text += "; waiting: " + ", ".join(parts)
    return text


__all__ = ["Tracer", "error_text", "deadlock_text", "WarningKind", "LoopPhase"]
