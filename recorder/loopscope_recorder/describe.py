"""Readable lines for a decoded recording's events: for people checking a file, and for tests."""

from .schema import (WAITS_ON_TASK, BlockingKind, EventKind, FinishState, LoopPhase, WaitKind,
                     WakeReason, WarningKind)


def task_name(variant, tid):
    name = variant.strings[variant.tasks[tid][0]]
    return name or ("loop" if tid == 0 else "Task-%d" % tid)


def object_name(variant, oid):
    return variant.strings[variant.objects[oid][1]]


def detail(variant, e):
    """What an event says beyond its time, kind and task, as short text."""
    s = variant.strings
    kind = EventKind(e.kind)
    if kind == EventKind.LoopPhase:
        return LoopPhase(e.sub).name
    if kind == EventKind.TaskCreated:
        return "by %s" % task_name(variant, e.a)
    if kind == EventKind.StepScheduled:
        return WakeReason(e.sub).name
    if kind == EventKind.TaskResumed:
        return "first" if e.sub else ""
    if kind == EventKind.TaskSuspended:
        return "%s %s" % (WaitKind(e.sub).name, s[e.b])
    if kind == EventKind.TaskFinished:
        state = FinishState(e.sub).name
        return "%s %s" % (state, s[e.a]) if e.a else state
    if kind == EventKind.CancelRequested:
        return "by %s" % task_name(variant, e.a)
    if kind == EventKind.TimerArmed:
        return "deadline %d" % e.v
    if kind == EventKind.TimerFired:
        return "timer %d late %dus" % (e.a, e.b)
    if kind == EventKind.TimerCancelled:
        return "timer %d" % e.a
    if kind in (EventKind.Acquired, EventKind.Released):
        return object_name(variant, e.a)
    if kind == EventKind.Counter:
        return "%s=%d" % (object_name(variant, e.a), e.b)
    if kind == EventKind.PrimitiveState:
        return "%s %s" % (object_name(variant, e.a), "set" if e.sub else "clear")
    if kind == EventKind.BlockingBegin:
        return "%s %s" % (BlockingKind(e.sub).name, s[e.a])
    if kind == EventKind.JobQueued:
        return "%s job %d" % (object_name(variant, e.a), e.b)
    if kind in (EventKind.JobStarted, EventKind.JobWaitingGil, EventKind.JobFinished):
        where = "dropped" if e.sub == 0xFF else "worker %d" % e.sub
        return "%s job %d %s" % (object_name(variant, e.a), e.b, where)
    if kind == EventKind.Print:
        return s[e.a]
    if kind == EventKind.Warning:
        return "%s %s" % (WarningKind(e.sub).name, s[e.a])
    return ""


def rows(variant):
    """(time ns, kind name, task name, detail, line) per event."""
    return [(e.t, EventKind(e.kind).name, task_name(variant, e.task), detail(variant, e), e.line)
            for e in variant.events]


def format_rows(variant):
    return "\n".join("%14.6f  %-16s %-12s L%-4d %s" % (t / 1e9, kind, task, line, text)
                     for t, kind, task, text, line in rows(variant))


__all__ = ["rows", "format_rows", "detail", "task_name", "object_name", "WAITS_ON_TASK"]
