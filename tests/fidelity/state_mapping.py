"""Task-state sequences from Loopscope recordings, and the one place where a lesson's C++ program
and its Python listing are known to differ on purpose.

test_cpython_states.py records each lesson twice: the core's run (`loopscope run ID --save`) and
the listing on CPython under the Python recorder (recorder/loopscope_recorder). Both files follow
docs/RECORDING.md. This module turns one variant of either file into a list of `State` rows, then
applies the rules at the bottom (RULES) before the two lists are compared row by row.

What a row holds, and why (the same for every lesson; nothing here is a tolerance):

* t: virtual time in ns (the test compares it to 1 us).
* task: the task's creation order, 1 for the task asyncio.run makes for main; 0 is the loop.
  Raw ids are not compared: they are table indexes that each writer hands out its own way.
* state: created, resumed, suspended, yielded, done, failed, cancelled, cancel-requested,
  cancel-delivered.
* detail: created: the creating task (creation order); resumed: "first" on a task's first step;
  suspended: the WaitKind; failed: the exception's type; cancel-requested: the requesting task.
* line: the listing line of the await, on suspended and yielded rows, and on resumed and
  cancel-delivered rows once the task has suspended (it resumes, or receives CancelledError, at
  that await). Elsewhere the row carries no line, because the two writers fill the event's line
  field from different places there, each correct by its own definition: a first step (the core:
  0, the task has reached no line yet; the recorder: the coroutine's `def` line), a finish (the
  core: the last line the task reached through line(); the recorder: the line its last step began
  at) and a cancel request (the core: the target's line; the recorder: the line that called
  cancel()). Those rows' positions are still pinned by the rows around them.

A task's name is compared as well, once per task (see `task_names`): equal names, or a listing that
left the task unnamed (asyncio calls it Task-<n>) while the C++ program gave it a lane name.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, replace
from typing import Callable, Optional

# The decoder and the enums live with the recorder (standard library only).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                "recorder"))

from loopscope_recorder.schema import EventKind, FinishState, WaitKind  # noqa: E402

CORE = "core"
CPYTHON = "cpython"

STATE_KINDS = {
    EventKind.TaskCreated, EventKind.TaskResumed, EventKind.TaskSuspended, EventKind.TaskYielded,
    EventKind.TaskFinished, EventKind.CancelRequested, EventKind.CancelDelivered,
}

_DEFAULT_NAME = re.compile(r"^Task-\d+$")


@dataclass(frozen=True)
class State:
    t: int                 # ns
    task: int              # creation order; 0 = the loop
    state: str
    detail: object = None
    line: Optional[int] = None

    def text(self, names=None):
        who = f"#{self.task}"
        if names and self.task < len(names):
            who += f" {names[self.task]}"
        out = f"{self.t / 1e9:.6f} s  {who}  {self.state}"
        if self.detail not in (None, ""):
            out += f" {self.detail}"
        if self.line is not None:
            out += f" @L{self.line}"
        return out


@dataclass
class Run:
    """One variant of one recording as state rows, with the task table in creation order."""
    side: str
    states: list
    names: list            # names[i] = name of the task created i-th (names[0] = "loop")
    error: str
    total: int


def _error_type(text: str) -> str:
    return text.split(":", 1)[0] if text else ""


def states_of(variant, side: str) -> Run:
    strings = variant.strings
    order = {0: 0}
    names = ["loop"]
    states = []
    suspended_once = set()  # tasks that have reached an await
    for e in variant.events:
        kind = e.kind
        if kind not in STATE_KINDS:
            continue
        if kind == EventKind.TaskCreated:
            order[e.task] = len(names)
            name = strings[variant.tasks[e.task][0]] or f"Task-{e.task}"
            names.append(name)
            states.append(State(e.t, order[e.task], "created", order.get(e.a, f"?{e.a}")))
            continue
        task = order.get(e.task)
        if task is None:  # an event for a task never announced: keep it visible as such
            task = f"?{e.task}"
        at_await = e.line if task in suspended_once else None
        if kind == EventKind.TaskResumed:
            states.append(State(e.t, task, "resumed", "first" if e.sub else "", at_await))
        elif kind == EventKind.TaskSuspended:
            suspended_once.add(task)
            states.append(State(e.t, task, "suspended", WaitKind(e.sub).name, e.line))
        elif kind == EventKind.TaskYielded:
            suspended_once.add(task)
            states.append(State(e.t, task, "yielded", None, e.line))
        elif kind == EventKind.TaskFinished:
            finish = FinishState(e.sub)
            if finish == FinishState.Failed:
                states.append(State(e.t, task, "failed", _error_type(strings[e.a])))
            else:
                states.append(State(e.t, task, finish.name.lower()))
        elif kind == EventKind.CancelRequested:
            states.append(State(e.t, task, "cancel-requested", order.get(e.a, f"?{e.a}")))
        elif kind == EventKind.CancelDelivered:
            states.append(State(e.t, task, "cancel-delivered", None, at_await))
    return Run(side, states, names, variant.error, variant.total)


def names_agree(core_name: str, cpython_name: str) -> bool:
    return core_name == cpython_name or bool(_DEFAULT_NAME.match(cpython_name))


# --------------------------------------------------------------------------------------------------
# The mapping rules: where a lesson's C++ program models on purpose what its listing does another
# way. Each rule names its lesson (and variant / setting when it is narrower), the side it rewrites,
# and says why in its comment. A rule rewrites rows; it never makes the comparison looser.


@dataclass
class Rule:
    lesson: str
    side: str                                  # CORE or CPYTHON: the run the rule rewrites
    why: str
    apply: Callable[[Run], Run]
    variant: Optional[str] = None              # None: every variant
    when: Callable[[dict], bool] = lambda setting: True


RULES: list = []


def rules_for(lesson: str, variant: str, setting: dict):
    return [r for r in RULES
            if r.lesson == lesson and (r.variant is None or r.variant == variant) and r.when(setting)]


def apply_rules(lesson: str, variant: str, setting: dict, core: Run, cpython: Run):
    """(core, cpython, rules used, rules that changed nothing). A rule that finds nothing to
    rewrite is reported by the test: either the program or the listing changed, and the rule is
    stale."""
    used, idle = [], []
    for rule in rules_for(lesson, variant, setting):
        before = core if rule.side == CORE else cpython
        after = rule.apply(before)
        if after.states == before.states:
            idle.append(rule)
        if rule.side == CORE:
            core = after
        else:
            cpython = after
        used.append(rule)
    return core, cpython, used, idle


def _wait_kind_at(old: str, line: int, new: str) -> Callable[[Run], Run]:
    """A rule body: every `suspended <old> @L<line>` row becomes `suspended <new> @L<line>`."""
    def apply(run: Run) -> Run:
        states = [replace(s, detail=new) if s.state == "suspended" and s.detail == old and s.line == line else s
                  for s in run.states]
        return replace(run, states=states)
    return apply


RULES += [
    # real-world-io (both variants, every setting): the listing's FakeClient.get stands in for an
    # HTTP request with `await asyncio.sleep(latency)` (line 25). The C++ program makes that wait
    # a simulated network request on an IoClient (core/simio.h), so that the network shows as I/O
    # with its own in-flight counter (and a live run can send real requests); on the virtual
    # clock it takes exactly `latency`, like the sleep. So the core's Io wait at line 25 is the
    # listing's Sleep there, and nothing else about the task changes.
    Rule("real-world-io", CORE,
         "real-world-io: the C++ request is simulated I/O where the listing sleeps (line 25)",
         _wait_kind_at("Io", 25, "Sleep")),
]
