"""Tests of the Python recorder (recorder/loopscope_recorder), standard library only.

Each example program under tests/programs/ is recorded once per interpreter (CPython 3.11 to 3.15,
those found: see interpreters.py) in a subprocess; the files are then decoded and checked by the
recorder's own validator, and their events compared exactly.

    python3 tests/recorder/test_recorder.py
"""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
RECORDER = os.path.join(REPO, "recorder")
PROGRAMS = os.path.join(os.path.dirname(HERE), "programs")
sys.path.insert(0, RECORDER)
sys.path.insert(0, HERE)

from loopscope_recorder.describe import rows  # noqa: E402
from loopscope_recorder.verify import RecordingError, decode, decode_file  # noqa: E402

SECOND = 1_000_000_000


from interpreters import WANTED_VERSIONS, describe, find_interpreters  # noqa: E402

INTERPRETERS, MISSING = find_interpreters()
WORKDIR = tempfile.mkdtemp(prefix="loopscope-recorder-tests-")
_CACHE = {}


def run_recorder(python, args, cwd=WORKDIR):
    env = dict(os.environ, PYTHONPATH=RECORDER, PYTHONHASHSEED="0")
    return subprocess.run([python, "-m", "loopscope_recorder"] + args, cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


def record(version, program, *args, tag="", extra=()):
    """(completed process, decoded recording, file bytes) for one program on one interpreter; cached."""
    key = (version, program, args, tag, tuple(extra))
    if key not in _CACHE:
        out = os.path.join(WORKDIR, "%s-%s%s.loopscope" % (version, program, tag))
        proc = run_recorder(INTERPRETERS[version], list(extra) + ["-o", out, os.path.join(PROGRAMS, program + ".py")] + list(args))
        with open(out, "rb") as f:
            data = f.read()
        _CACHE[key] = (proc, decode(data), data)
    return _CACHE[key]


def interesting(variant, kinds=("TaskSuspended", "TaskFinished", "Print", "Warning", "Acquired", "Released",
                                "CancelRequested", "CancelDelivered", "BlockingBegin", "BlockingEnd")):
    return [(t, kind, task, text) for t, kind, task, text, _ in rows(variant) if kind in kinds]


# --- the programs written for the project (tests/programs/) -----------------------------------
#
# For each, what the recording must say, as one line per event of the kinds below:
# "time task kind Lline detail". A version's entry holds where CPython differs (3.12 runs
# wait_for's coroutine in the caller's task, eager tasks exist, sets iterate differently);
# a version without one follows the previous version's.

SUMMARY_KINDS = ("TaskSuspended", "TaskFinished", "Warning", "CancelRequested", "JobQueued", "JobStarted",
                 "JobFinished", "BlockingBegin")
# Programs whose full summary is long: only these tasks' lines are compared.
SUMMARY_ONLY = {"requests_with_limit": "Task-1"}


def summary(variant, only=None):
    return ["%g %s %s L%d %s" % (t / SECOND, task, kind, line, text)
            for t, kind, task, text, line in rows(variant)
            if kind in SUMMARY_KINDS and (only is None or task == only)]


def expected_summary(program, version):
    entry = EXPECTED[program]
    for candidate in sorted((v for v in entry if v[0].isdigit() and v <= version), reverse=True):
        return [line.strip() for line in entry[candidate].strip().splitlines()]
    raise KeyError(version)


def prefetch(programs):
    """Records the programs on every interpreter at once: each recording waits on its own
    subprocess, so a few in parallel keep the whole file within its time budget."""
    import concurrent.futures
    jobs = [(v, p) for v in sorted(INTERPRETERS) for p in programs if (v, p, (), "", ()) not in _CACHE]

    def attempt(job):
        # A recording that fails here is recorded again by the test that uses it, which then
        # fails on its own, with the reason, rather than stopping every test of the file.
        try:
            record(*job)
        except (OSError, RecordingError, subprocess.SubprocessError):
            pass

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(attempt, jobs))


EXPECTED = {
    "async_generator_pages": {
        "total": 2.1,
        "3.11": """
            0 Task-1 TaskSuspended L9 Sleep sleep(0.5)
            0.5 Task-1 TaskSuspended L21 Sleep sleep(0.1)
            0.6 Task-1 TaskSuspended L21 Sleep sleep(0.1)
            0.7 Task-1 TaskSuspended L21 Sleep sleep(0.1)
            0.8 Task-1 TaskSuspended L9 Sleep sleep(0.5)
            1.3 Task-1 TaskSuspended L21 Sleep sleep(0.1)
            1.4 Task-1 TaskSuspended L21 Sleep sleep(0.1)
            1.5 Task-1 TaskSuspended L21 Sleep sleep(0.1)
            1.6 Task-1 TaskSuspended L9 Sleep sleep(0.5)
            2.1 Task-1 TaskFinished L9 Done
        """,
    },
    "backpressure": {
        "total": 4.0,
        "3.11": """
            0 Task-1 TaskSuspended L30 Gather gather of 12 tasks
            0 Task-2 TaskSuspended L13 Sleep sleep(1)
            0 Task-3 TaskSuspended L13 Sleep sleep(1)
            0 Task-4 TaskSuspended L13 Sleep sleep(1)
            0 Task-5 TaskSuspended L13 Sleep sleep(1)
            0 Task-6 TaskSuspended L10 Semaphore semaphore 1
            0 Task-7 TaskSuspended L10 Semaphore semaphore 1
            0 Task-8 TaskSuspended L10 Semaphore semaphore 1
            0 Task-9 TaskSuspended L10 Semaphore semaphore 1
            0 Task-10 TaskSuspended L10 Semaphore semaphore 1
            0 Task-11 TaskSuspended L10 Semaphore semaphore 1
            0 Task-12 TaskSuspended L10 Semaphore semaphore 1
            0 Task-13 TaskSuspended L10 Semaphore semaphore 1
            1 Task-2 TaskFinished L13 Done
            1 Task-4 TaskFinished L13 Done
            1 Task-3 TaskFinished L13 Done
            1 Task-5 TaskFinished L13 Done
            1 Task-6 TaskSuspended L13 Sleep sleep(1)
            1 Task-7 TaskSuspended L13 Sleep sleep(1)
            1 Task-8 TaskSuspended L13 Sleep sleep(1)
            1 Task-9 TaskSuspended L13 Sleep sleep(1)
            2 Task-6 TaskFinished L13 Done
            2 Task-8 TaskFinished L13 Done
            2 Task-7 TaskFinished L13 Done
            2 Task-9 TaskFinished L13 Done
            2 Task-10 TaskSuspended L13 Sleep sleep(1)
            2 Task-11 TaskSuspended L13 Sleep sleep(1)
            2 Task-12 TaskSuspended L13 Sleep sleep(1)
            2 Task-13 TaskSuspended L13 Sleep sleep(1)
            3 Task-10 TaskFinished L13 Done
            3 Task-12 TaskFinished L13 Done
            3 Task-11 TaskFinished L13 Done
            3 Task-13 TaskFinished L13 Done
            3 Task-1 TaskSuspended L30 Gather gather of 12 tasks
            3 Task-14 TaskSuspended L13 Sleep sleep(1)
            3 Task-15 TaskSuspended L13 Sleep sleep(1)
            3 Task-16 TaskSuspended L13 Sleep sleep(1)
            3 Task-17 TaskSuspended L13 Sleep sleep(1)
            3 Task-18 TaskSuspended L13 Sleep sleep(1)
            3 Task-19 TaskSuspended L13 Sleep sleep(1)
            3 Task-20 TaskSuspended L13 Sleep sleep(1)
            3 Task-21 TaskSuspended L13 Sleep sleep(1)
            3 Task-22 TaskSuspended L13 Sleep sleep(1)
            3 Task-23 TaskSuspended L13 Sleep sleep(1)
            3 Task-24 TaskSuspended L13 Sleep sleep(1)
            3 Task-25 TaskSuspended L13 Sleep sleep(1)
            4 Task-14 TaskFinished L13 Done
            4 Task-16 TaskFinished L13 Done
            4 Task-20 TaskFinished L13 Done
            4 Task-25 TaskFinished L13 Done
            4 Task-24 TaskFinished L13 Done
            4 Task-23 TaskFinished L13 Done
            4 Task-22 TaskFinished L13 Done
            4 Task-19 TaskFinished L13 Done
            4 Task-21 TaskFinished L13 Done
            4 Task-18 TaskFinished L13 Done
            4 Task-15 TaskFinished L13 Done
            4 Task-17 TaskFinished L13 Done
            4 Task-1 TaskFinished L30 Done
        """,
    },
    "bare_future": {
        "total": 1.5,
        "3.11": """
            0 Task-1 TaskSuspended L11 Event future 1
            1.5 Task-1 TaskFinished L11 Done
        """,
    },
    "blocking_the_loop_fix": {
        "total": 2.0,
        "3.11": """
            0 Task-1 JobQueued L20 executor 1 job 1
            0 Task-1 JobStarted L0 executor 1 job 1 worker 0
            0 Task-1 TaskSuspended L20 Job run read_disk in a thread
            0 heartbeat TaskSuspended L14 Sleep sleep(0.5)
            0.5 heartbeat TaskSuspended L14 Sleep sleep(0.5)
            1 heartbeat TaskSuspended L14 Sleep sleep(0.5)
            1.5 Task-1 JobFinished L0 executor 1 job 1 worker 0
            1.5 Task-1 TaskSuspended L22 Task task heartbeat
            1.5 heartbeat TaskSuspended L14 Sleep sleep(0.5)
            2 heartbeat TaskFinished L14 Done
            2 Task-1 TaskFinished L22 Done
        """,
    },
    "blocking_vs_async": {
        "total": 6.0,
        "3.11": """
            0 Task-1 BlockingBegin L8 Sleep time.sleep(2)
            2 Task-1 BlockingBegin L8 Sleep time.sleep(2)
            4 Task-1 Warning L0 SlowCallback task Task-1 held the loop for 4.000 s
            4 Task-1 TaskSuspended L21 Gather gather of 2 tasks
            4 Task-2 TaskSuspended L12 Sleep sleep(2)
            4 Task-3 TaskSuspended L12 Sleep sleep(2)
            6 Task-2 TaskFinished L12 Done
            6 Task-3 TaskFinished L12 Done
            6 Task-1 TaskFinished L21 Done
        """,
    },
    "cancel_chain": {
        "total": 1.0,
        "3.11": """
            0 Task-1 TaskSuspended L18 Sleep sleep(1)
            0 chain TaskSuspended L9 Sleep sleep(60)
            1 chain CancelRequested L19 by Task-1
            1 Task-1 TaskSuspended L20 Gather gather of 1 task
            1 chain TaskFinished L9 Cancelled
            1 Task-1 TaskFinished L20 Done
        """,
    },
    "complexity_sweep": {
        "total": 2.0,
        "3.11": """
            0 Task-1 TaskSuspended L8 Sleep sleep(0.1)
            0.1 Task-1 TaskSuspended L17 Gather gather of 1 task
            0.1 Task-2 TaskSuspended L8 Sleep sleep(0.1)
            0.2 Task-2 TaskFinished L8 Done
            0.2 Task-1 TaskSuspended L17 Gather gather of 1 task
            0.2 Task-3 TaskSuspended L11 Sleep sleep(0.1)
            0.3 Task-3 TaskFinished L11 Done
            0.3 Task-1 TaskSuspended L8 Sleep sleep(0.1)
            0.4 Task-1 TaskSuspended L8 Sleep sleep(0.1)
            0.5 Task-1 TaskSuspended L17 Gather gather of 2 tasks
            0.5 Task-4 TaskSuspended L8 Sleep sleep(0.1)
            0.5 Task-5 TaskSuspended L8 Sleep sleep(0.1)
            0.6 Task-4 TaskFinished L8 Done
            0.6 Task-5 TaskFinished L8 Done
            0.6 Task-1 TaskSuspended L17 Gather gather of 2 tasks
            0.6 Task-6 TaskSuspended L11 Sleep sleep(0.1)
            0.6 Task-7 TaskSuspended L11 Sleep sleep(0.1)
            0.7 Task-6 TaskFinished L11 Done
            0.7 Task-7 TaskFinished L11 Done
            0.7 Task-1 TaskSuspended L8 Sleep sleep(0.1)
            0.8 Task-1 TaskSuspended L8 Sleep sleep(0.1)
            0.9 Task-1 TaskSuspended L8 Sleep sleep(0.1)
            1 Task-1 TaskSuspended L17 Gather gather of 3 tasks
            1 Task-8 TaskSuspended L8 Sleep sleep(0.1)
            1 Task-9 TaskSuspended L8 Sleep sleep(0.1)
            1 Task-10 TaskSuspended L8 Sleep sleep(0.1)
            1.1 Task-8 TaskFinished L8 Done
            1.1 Task-9 TaskFinished L8 Done
            1.1 Task-10 TaskFinished L8 Done
            1.1 Task-1 TaskSuspended L17 Gather gather of 3 tasks
            1.1 Task-11 TaskSuspended L11 Sleep sleep(0.1)
            1.1 Task-12 TaskSuspended L11 Sleep sleep(0.1)
            1.1 Task-13 TaskSuspended L10 Semaphore semaphore 3
            1.2 Task-11 TaskFinished L11 Done
            1.2 Task-12 TaskFinished L11 Done
            1.2 Task-13 TaskSuspended L11 Sleep sleep(0.1)
            1.3 Task-13 TaskFinished L11 Done
            1.3 Task-1 TaskSuspended L8 Sleep sleep(0.1)
            1.4 Task-1 TaskSuspended L8 Sleep sleep(0.1)
            1.5 Task-1 TaskSuspended L8 Sleep sleep(0.1)
            1.6 Task-1 TaskSuspended L8 Sleep sleep(0.1)
            1.7 Task-1 TaskSuspended L17 Gather gather of 4 tasks
            1.7 Task-14 TaskSuspended L8 Sleep sleep(0.1)
            1.7 Task-15 TaskSuspended L8 Sleep sleep(0.1)
            1.7 Task-16 TaskSuspended L8 Sleep sleep(0.1)
            1.7 Task-17 TaskSuspended L8 Sleep sleep(0.1)
            1.8 Task-14 TaskFinished L8 Done
            1.8 Task-16 TaskFinished L8 Done
            1.8 Task-15 TaskFinished L8 Done
            1.8 Task-17 TaskFinished L8 Done
            1.8 Task-1 TaskSuspended L17 Gather gather of 4 tasks
            1.8 Task-18 TaskSuspended L11 Sleep sleep(0.1)
            1.8 Task-19 TaskSuspended L11 Sleep sleep(0.1)
            1.8 Task-20 TaskSuspended L10 Semaphore semaphore 4
            1.8 Task-21 TaskSuspended L10 Semaphore semaphore 4
            1.9 Task-18 TaskFinished L11 Done
            1.9 Task-19 TaskFinished L11 Done
            1.9 Task-20 TaskSuspended L11 Sleep sleep(0.1)
            1.9 Task-21 TaskSuspended L11 Sleep sleep(0.1)
            2 Task-20 TaskFinished L11 Done
            2 Task-21 TaskFinished L11 Done
            2 Task-1 TaskFinished L17 Done
        """,
    },
    "condition_notify": {
        "total": 2.0,
        "3.11": """
            0 Task-1 TaskSuspended L24 Gather gather of 3 tasks
            0 Task-2 TaskSuspended L10 Event condition 1
            0 Task-3 TaskSuspended L10 Event condition 1
            0 Task-4 TaskSuspended L16 Sleep sleep(1)
            1 Task-4 TaskSuspended L16 Sleep sleep(1)
            1 Task-2 TaskFinished L10 Done
            2 Task-4 TaskFinished L16 Done
            2 Task-3 TaskFinished L10 Done
            2 Task-1 TaskFinished L24 Done
        """,
    },
    "context_vars": {
        "total": 0.3,
        "3.11": """
            0 Task-1 TaskSuspended L21 Gather gather of 3 tasks
            0 Task-2 TaskSuspended L16 Sleep sleep(0.3)
            0 Task-3 TaskSuspended L16 Sleep sleep(0.1)
            0 Task-4 TaskSuspended L16 Sleep sleep(0.2)
            0.1 Task-3 TaskFinished L16 Done
            0.2 Task-4 TaskFinished L16 Done
            0.3 Task-2 TaskFinished L16 Done
            0.3 Task-1 TaskFinished L21 Done
        """,
    },
    "eager_start_per_call": {
        "total": 1.0,
        "3.11": """
            0 Task-1 TaskSuspended L28 TaskGroup task group of 1 task
            0 eager TaskSuspended L20 Sleep sleep(0.5)
            0 lazy TaskSuspended L20 Sleep sleep(0.5)
            0 grouped TaskSuspended L20 Sleep sleep(0.5)
            0.5 eager TaskFinished L20 Done
            0.5 lazy TaskFinished L20 Done
            0.5 grouped TaskFinished L20 Done
            0.5 Task-1 TaskSuspended L35 Gather gather of 3 tasks
            0.5 held back TaskSuspended L20 Sleep sleep(0.5)
            1 held back TaskFinished L20 Done
            1 Task-1 TaskFinished L35 Done
        """,
        # 3.14: "eager" and "grouped" take their first step inside create_task, before main goes
        # on; "held back" asks to start lazily although the eager factory is set.
        "3.14": """
            0 eager TaskSuspended L20 Sleep sleep(0.5)
            0 grouped TaskSuspended L20 Sleep sleep(0.5)
            0 Task-1 TaskSuspended L28 TaskGroup task group of 1 task
            0 lazy TaskSuspended L20 Sleep sleep(0.5)
            0.5 eager TaskFinished L20 Done
            0.5 grouped TaskFinished L20 Done
            0.5 lazy TaskFinished L20 Done
            0.5 Task-1 TaskSuspended L35 Gather gather of 3 tasks
            0.5 held back TaskSuspended L20 Sleep sleep(0.5)
            1 held back TaskFinished L20 Done
            1 Task-1 TaskFinished L35 Done
        """,
    },
    "eager_tasks": {
        "total": 1.0,
        "3.11": """
            0 Task-1 TaskSuspended L25 Gather gather of 2 tasks
            0 quick TaskFinished L7 Done
            0 slow TaskSuspended L14 Sleep sleep(1)
            1 slow TaskFinished L14 Done
            1 Task-1 TaskFinished L25 Done
        """,
        "3.12": """
            0 quick TaskFinished L7 Done
            0 slow TaskSuspended L14 Sleep sleep(1)
            0 Task-1 TaskSuspended L25 Gather gather of 2 tasks
            1 slow TaskFinished L14 Done
            1 Task-1 TaskFinished L25 Done
        """,
    },
    "echo_streams": {
        "total": 1.0,
        "3.11": """
            0 Task-1 TaskSuspended L14 Gather gather of 1 task
            0 Task-2 TaskFinished L0 Done
            0 Task-1 TaskSuspended L16 Io connect connection 1
            0 Task-3 TaskSuspended L0 Io accept connection 2
            0 Task-1 TaskSuspended L16 Io connect connection 1
            0 Task-4 TaskSuspended L7 Io read from connection 2
            0 Task-3 TaskFinished L0 Done
            0 Task-1 TaskSuspended L20 Io read from connection 1
            0 Task-4 TaskSuspended L7 Io read from connection 2
            0 Task-1 TaskSuspended L21 Sleep sleep(0.5)
            0.5 Task-1 TaskSuspended L20 Io read from connection 1
            0.5 Task-4 TaskSuspended L7 Io read from connection 2
            0.5 Task-1 TaskSuspended L21 Sleep sleep(0.5)
            1 Task-1 TaskSuspended L23 Io close connection 1
            1 Task-1 TaskFinished L23 Done
            1 Task-4 TaskFinished L7 Done
        """,
        "3.12": """
            0 Task-1 TaskSuspended L14 Gather gather of 1 task
            0 Task-2 TaskFinished L0 Done
            0 Task-1 TaskSuspended L16 Io connect connection 1
            0 Task-3 TaskSuspended L0 Io accept connection 2
            0 Task-1 TaskSuspended L16 Io connect connection 1
            0 Task-4 TaskSuspended L7 Io read from connection 2
            0 Task-3 TaskFinished L0 Done
            0 Task-1 TaskSuspended L20 Io read from connection 1
            0 Task-4 TaskSuspended L7 Io read from connection 2
            0 Task-1 TaskSuspended L21 Sleep sleep(0.5)
            0.5 Task-1 TaskSuspended L20 Io read from connection 1
            0.5 Task-4 TaskSuspended L7 Io read from connection 2
            0.5 Task-1 TaskSuspended L21 Sleep sleep(0.5)
            1 Task-1 TaskSuspended L23 Io close connection 1
            1 Task-1 TaskSuspended L25 Io wait for server 1
            1 Task-4 TaskFinished L7 Done
            1 Task-1 TaskFinished L25 Done
        """,
    },
    "event_broadcast": {
        "total": 1.0,
        "3.11": """
            0 Task-1 TaskSuspended L14 Sleep sleep(1)
            0 r1 TaskSuspended L7 Event event 1
            0 r2 TaskSuspended L7 Event event 1
            0 r3 TaskSuspended L7 Event event 1
            1 Task-1 TaskSuspended L16 Gather gather of 3 tasks
            1 r1 TaskFinished L7 Done
            1 r2 TaskFinished L7 Done
            1 r3 TaskFinished L7 Done
            1 Task-1 TaskFinished L16 Done
        """,
    },
    "fetch_many_urls": {
        "total": 2.0,
        "3.11": """
            0 Task-1 TaskSuspended L26 Gather gather of 1 task
            0 Task-2 TaskFinished L0 Done
            0 Task-1 TaskSuspended L28 Gather gather of 3 tasks
            0 Task-3 TaskSuspended L17 Io connect connection 1
            0 Task-4 TaskSuspended L17 Io connect connection 2
            0 Task-5 TaskSuspended L17 Io connect connection 3
            0 Task-6 TaskSuspended L0 Io accept connection 4
            0 Task-7 TaskSuspended L0 Io accept connection 5
            0 Task-8 TaskSuspended L0 Io accept connection 6
            0 Task-3 TaskSuspended L17 Io connect connection 1
            0 Task-4 TaskSuspended L17 Io connect connection 2
            0 Task-5 TaskSuspended L17 Io connect connection 3
            0 Task-9 TaskSuspended L8 Io read from connection 4
            0 Task-6 TaskFinished L0 Done
            0 Task-10 TaskSuspended L8 Io read from connection 5
            0 Task-7 TaskFinished L0 Done
            0 Task-11 TaskSuspended L8 Io read from connection 6
            0 Task-8 TaskFinished L0 Done
            0 Task-3 TaskSuspended L19 Io read from connection 1
            0 Task-4 TaskSuspended L19 Io read from connection 2
            0 Task-5 TaskSuspended L19 Io read from connection 3
            0 Task-9 TaskSuspended L10 Sleep sleep(1.0)
            0 Task-10 TaskSuspended L10 Sleep sleep(2.0)
            0 Task-11 TaskSuspended L10 Sleep sleep(0.5)
            0.5 Task-11 TaskFinished L10 Done
            0.5 Task-5 TaskFinished L19 Done
            1 Task-9 TaskFinished L10 Done
            1 Task-3 TaskFinished L19 Done
            2 Task-10 TaskFinished L10 Done
            2 Task-4 TaskFinished L19 Done
            2 Task-1 TaskFinished L28 Done
        """,
    },
    "gather_failure": {
        "total": 4.5,
        "3.11": """
            0 Task-1 TaskSuspended L17 Gather gather of 3 tasks
            0 Task-2 TaskSuspended L8 Sleep sleep(1)
            0 Task-3 TaskSuspended L8 Sleep sleep(2)
            0 Task-4 TaskSuspended L8 Sleep sleep(3)
            1 Task-2 TaskFinished L8 Done
            2 Task-3 TaskFinished L8 Failed ConnectionError: b refused
            2 Task-1 TaskSuspended L20 Sleep sleep(1.5)
            3 Task-4 TaskFinished L8 Done
            3.5 Task-1 TaskSuspended L21 Gather gather of 2 tasks
            3.5 Task-5 TaskSuspended L8 Sleep sleep(1)
            3.5 Task-6 TaskSuspended L8 Sleep sleep(1)
            4.5 Task-5 TaskFinished L8 Done
            4.5 Task-6 TaskFinished L8 Failed ConnectionError: e refused
            4.5 Task-1 TaskFinished L21 Done
        """,
    },
    "graceful_shutdown": {
        "total": 3.5,
        "3.11": """
            0 Task-1 TaskSuspended L18 Sleep sleep(3)
            0 w0 TaskSuspended L9 Sleep sleep(1)
            0 w1 TaskSuspended L9 Sleep sleep(1)
            0 w2 TaskSuspended L9 Sleep sleep(1)
            1 w0 TaskSuspended L9 Sleep sleep(1)
            1 w1 TaskSuspended L9 Sleep sleep(1)
            1 w2 TaskSuspended L9 Sleep sleep(1)
            2 w0 TaskSuspended L9 Sleep sleep(1)
            2 w1 TaskSuspended L9 Sleep sleep(1)
            2 w2 TaskSuspended L9 Sleep sleep(1)
            3 w0 CancelRequested L20 by Task-1
            3 w1 CancelRequested L20 by Task-1
            3 w2 CancelRequested L20 by Task-1
            3 Task-1 TaskSuspended L21 Gather gather of 3 tasks
            3 w1 TaskSuspended L11 Sleep sleep(0.5)
            3 w0 TaskSuspended L11 Sleep sleep(0.5)
            3 w2 TaskSuspended L11 Sleep sleep(0.5)
            3.5 w1 TaskFinished L11 Cancelled
            3.5 w0 TaskFinished L11 Cancelled
            3.5 w2 TaskFinished L11 Cancelled
            3.5 Task-1 TaskFinished L21 Done
        """,
    },
    "loop_answers_a_worker": {
        # The jobs wait on the loop, parked: the loop runs look_up meanwhile and the clock moves
        # on its sleep; the second job's 0.2 s of patience runs out on the same clock.
        "total": 0.7,
        "3.11": """
            0 Task-1 JobQueued L24 executor 1 job 1
            0 Task-1 JobStarted L0 executor 1 job 1 worker 0
            0 Task-1 TaskSuspended L24 Job wait_for(run ask_the_loop in a thread)
            0 Task-2 TaskSuspended L9 Sleep sleep(0.5)
            0.5 Task-2 TaskFinished L9 Done
            0.5 Task-1 JobFinished L0 executor 1 job 1 worker 0
            0.5 Task-1 JobQueued L25 executor 1 job 2
            0.5 Task-1 JobStarted L0 executor 1 job 2 worker 0
            0.5 Task-1 TaskSuspended L25 Job run ask_the_loop in a thread
            0.5 Task-3 TaskSuspended L9 Sleep sleep(0.5)
            0.7 Task-1 JobFinished L0 executor 1 job 2 worker 0
            0.7 Task-3 CancelRequested L0 by loop
            0.7 Task-1 TaskFinished L25 Done
            0.7 Task-3 TaskFinished L9 Cancelled
        """,
    },
    "loop_cycle": {
        "total": 3.0,
        "3.11": """
            0 Task-1 TaskSuspended L14 Gather gather of 3 tasks
            0 sleep-2 TaskSuspended L7 Sleep sleep(2)
            0 sleep-1 TaskSuspended L7 Sleep sleep(1)
            0 sleep-3 TaskSuspended L7 Sleep sleep(3)
            1 sleep-1 TaskFinished L7 Done
            2 sleep-2 TaskFinished L7 Done
            3 sleep-3 TaskFinished L7 Done
            3 Task-1 TaskFinished L14 Done
        """,
    },
    "loops_by_hand": {
        "total": 0.75,
        "3.11": """
            0 Task-1 TaskSuspended L8 Sleep sleep(0.5)
            0.5 Task-1 TaskFinished L8 Done
            0.5 Task-2 TaskSuspended L8 Sleep sleep(0.25)
            0.75 Task-2 TaskFinished L8 Done
        """,
    },
    "nested_run": {
        "total": 0.5,
        "3.11": """
            0 Task-1 TaskSuspended L17 Task task outer
            0 outer TaskSuspended L11 Sleep sleep(0.5)
            0.5 outer TaskFinished L11 Failed RuntimeError: asyncio.run() cannot be called from a running event loop
            0.5 Task-1 TaskFinished L17 Done
            0.5 loop Warning L0 NeverAwaited coroutine 'inner' was never awaited
        """,
    },
    "nested_task_groups": {
        "total": 2.0,
        "3.11": """
            0 Task-1 TaskSuspended L19 TaskGroup task group of 2 tasks
            0 branch TaskSuspended L12 TaskGroup task group of 2 tasks
            0 leaf-0.5 TaskSuspended L7 Sleep sleep(0.5)
            0 leaf-1 TaskSuspended L7 Sleep sleep(1)
            0 leaf-2 TaskSuspended L7 Sleep sleep(2)
            0.5 leaf-0.5 TaskFinished L7 Done
            1 leaf-1 TaskFinished L7 Done
            2 leaf-2 TaskFinished L7 Done
            2 branch TaskFinished L12 Done
            2 Task-1 TaskFinished L19 Done
        """,
    },
    "never_awaited": {
        "total": 2.0,
        "3.11": """
            0 Task-1 Warning L12 NeverAwaited coroutine 'save' was never awaited
            0 Task-1 TaskSuspended L8 Sleep sleep(1)
            1 Task-1 TaskSuspended L16 Task task Task-2
            1 Task-2 TaskSuspended L8 Sleep sleep(1)
            2 Task-2 TaskFinished L8 Done
            2 Task-1 TaskFinished L16 Done
        """,
    },
    "printed_reprs": {
        "total": 0.1,
        "3.11": """
            0 Task-1 JobQueued L16 executor 1 job 1
            0 Task-1 JobStarted L0 executor 1 job 1 worker 0
            0 Task-1 TaskSuspended L18 Job run add in a thread
            0.1 Task-1 JobFinished L0 executor 1 job 1 worker 0
            0.1 Task-1 TaskFinished L18 Done
        """,
    },
    "producer_consumer_join": {
        "total": 5.0,
        "3.11": """
            0 Task-1 TaskSuspended L19 QueueJoin join queue 1
            0 w1 TaskSuspended L9 Sleep sleep(1)
            0 w2 TaskSuspended L9 Sleep sleep(1)
            1 w1 TaskSuspended L9 Sleep sleep(2)
            1 w2 TaskSuspended L9 Sleep sleep(1)
            2 w2 TaskSuspended L9 Sleep sleep(1)
            3 w1 TaskSuspended L9 Sleep sleep(2)
            3 w2 TaskSuspended L8 QueueGet get from queue 1
            5 w1 TaskSuspended L8 QueueGet get from queue 1
            5 w1 CancelRequested L21 by Task-1
            5 w2 CancelRequested L21 by Task-1
            5 Task-1 TaskSuspended L22 Gather gather of 2 tasks
            5 w1 TaskFinished L8 Cancelled
            5 w2 TaskFinished L8 Cancelled
            5 Task-1 TaskFinished L22 Done
        """,
    },
    "requests_with_limit": {
        "total": 0.9,
        "3.11": """
            0 Task-1 TaskSuspended L24 Gather gather of 1 task
            0 Task-1 TaskSuspended L15 Io connect connection 1
            0 Task-1 TaskSuspended L15 Io connect connection 1
            0 Task-1 TaskSuspended L18 Io read from connection 1
            0.1 Task-1 TaskSuspended L15 Io connect connection 3
            0.1 Task-1 TaskSuspended L15 Io connect connection 3
            0.1 Task-1 TaskSuspended L18 Io read from connection 3
            0.2 Task-1 TaskSuspended L15 Io connect connection 5
            0.2 Task-1 TaskSuspended L15 Io connect connection 5
            0.2 Task-1 TaskSuspended L18 Io read from connection 5
            0.3 Task-1 TaskSuspended L15 Io connect connection 7
            0.3 Task-1 TaskSuspended L15 Io connect connection 7
            0.3 Task-1 TaskSuspended L18 Io read from connection 7
            0.4 Task-1 TaskSuspended L15 Io connect connection 9
            0.4 Task-1 TaskSuspended L15 Io connect connection 9
            0.4 Task-1 TaskSuspended L18 Io read from connection 9
            0.5 Task-1 TaskSuspended L15 Io connect connection 11
            0.5 Task-1 TaskSuspended L15 Io connect connection 11
            0.5 Task-1 TaskSuspended L18 Io read from connection 11
            0.6 Task-1 TaskSuspended L32 Gather gather of 6 tasks
            0.9 Task-1 TaskFinished L32 Done
        """,
    },
    "retries_backoff": {
        "total": 7.0,
        "3.11": """
            0 Task-1 TaskSuspended L25 Sleep sleep(1)
            1 Task-1 TaskSuspended L25 Sleep sleep(2)
            3 Task-1 TaskSuspended L25 Sleep sleep(4)
            7 Task-1 TaskFinished L10 Done
        """,
    },
    "semaphore_slots": {
        "total": 3.0,
        "3.11": """
            0 Task-1 TaskSuspended L14 Gather gather of 5 tasks
            0 Task-2 TaskSuspended L8 Sleep sleep(1)
            0 Task-3 TaskSuspended L8 Sleep sleep(1)
            0 Task-4 TaskSuspended L7 Semaphore semaphore 1
            0 Task-5 TaskSuspended L7 Semaphore semaphore 1
            0 Task-6 TaskSuspended L7 Semaphore semaphore 1
            1 Task-2 TaskFinished L8 Done
            1 Task-3 TaskFinished L8 Done
            1 Task-4 TaskSuspended L8 Sleep sleep(1)
            1 Task-5 TaskSuspended L8 Sleep sleep(1)
            2 Task-4 TaskFinished L8 Done
            2 Task-5 TaskFinished L8 Done
            2 Task-6 TaskSuspended L8 Sleep sleep(1)
            3 Task-6 TaskFinished L8 Done
            3 Task-1 TaskFinished L14 Done
        """,
    },
    "shield_inner": {
        "total": 2.0,
        "3.11": """
            0 Task-1 TaskSuspended L19 WaitFor wait_for(task Task-3)
            0 payment TaskSuspended L7 Sleep sleep(2)
            0 Task-3 TaskSuspended L13 Shield shield(task payment)
            1 Task-3 CancelRequested L19 by Task-1
            1 Task-1 TaskSuspended L19 WaitFor wait_for(task Task-3)
            1 Task-3 TaskFinished L13 Cancelled
            1 Task-1 TaskSuspended L22 Task task payment
            2 payment TaskFinished L7 Done
            2 Task-1 TaskFinished L22 Done
        """,
        "3.12": """
            0 Task-1 TaskSuspended L13 Shield shield(task payment)
            0 payment TaskSuspended L7 Sleep sleep(2)
            1 Task-1 CancelRequested L0 by loop
            1 Task-1 TaskSuspended L22 Task task payment
            2 payment TaskFinished L7 Done
            2 Task-1 TaskFinished L22 Done
        """,
    },
    "surrogate_text": {
        # Lone surrogates are written as the escapes repr shows: the file stays valid UTF-8.
        "total": 0.5,
        "3.11": r"""
            0 Task-1 TaskSuspended L17 Task task check-\ud800
            0 check-\ud800 TaskSuspended L9 Sleep sleep(0.5)
            0.5 check-\ud800 TaskFinished L9 Failed ValueError: cannot use caf\udce9
            0.5 Task-1 TaskFinished L17 Done
        """,
    },
    "task_group_failure": {
        "total": 2.0,
        "3.11": """
            0 Task-1 TaskSuspended L19 TaskGroup task group of 3 tasks
            0 one TaskSuspended L8 Sleep sleep(1)
            0 two TaskSuspended L8 Sleep sleep(2)
            0 three TaskSuspended L8 Sleep sleep(3)
            1 one TaskFinished L8 Done
            2 two TaskFinished L8 Failed ValueError: two broke
            2 three CancelRequested L0 by loop
            2 Task-1 CancelRequested L0 by loop
            2 three TaskFinished L8 Cancelled
            2 Task-1 TaskSuspended L19 TaskGroup task group of 1 task
            2 Task-1 TaskFinished L19 Done
        """,
    },
    "thread_pool_jobs": {
        "total": 2.0,
        "3.11": """
            0 Task-1 JobQueued L16 executor 1 job 1
            0 Task-1 JobStarted L0 executor 1 job 1 worker 0
            0 Task-1 JobQueued L16 executor 1 job 2
            0 Task-1 JobStarted L0 executor 1 job 2 worker 1
            0 Task-1 JobQueued L16 executor 1 job 3
            0 Task-1 JobQueued L16 executor 1 job 4
            0 Task-1 TaskSuspended L17 Gather gather of 4 tasks
            1 Task-1 JobFinished L0 executor 1 job 1 worker 0
            1 Task-1 JobFinished L0 executor 1 job 2 worker 1
            1 Task-1 JobStarted L0 executor 1 job 3 worker 0
            1 Task-1 JobStarted L0 executor 1 job 4 worker 1
            2 Task-1 JobFinished L0 executor 1 job 3 worker 0
            2 Task-1 JobFinished L0 executor 1 job 4 worker 1
            2 Task-1 TaskFinished L17 Done
        """,
    },
    "timeout_block": {
        "total": 1.5,
        "3.11": """
            0 Task-1 TaskSuspended L9 Sleep sleep(1)
            1 Task-1 TaskSuspended L11 Sleep sleep(1)
            1.5 Task-1 CancelRequested L0 by loop
            1.5 Task-1 TaskFinished L11 Done
        """,
    },
    "wait_first_completed": {
        "total": 1.0,
        "3.11": """
            0 Task-1 TaskSuspended L13 Gather wait(3 tasks, FIRST_COMPLETED)
            0 north TaskSuspended L7 Sleep sleep(2)
            0 east TaskSuspended L7 Sleep sleep(1)
            0 west TaskSuspended L7 Sleep sleep(3)
            1 east TaskFinished L7 Done
            1 north CancelRequested L16 by Task-1
            1 west CancelRequested L16 by Task-1
            1 Task-1 TaskSuspended L17 Gather wait(2 tasks, ALL_COMPLETED)
            1 north TaskFinished L7 Cancelled
            1 west TaskFinished L7 Cancelled
            1 Task-1 TaskFinished L17 Done
        """,
    },
    "wait_for_futures": {
        "total": 2.25,
        "3.11": """
            0 Task-1 TaskSuspended L21 Shield wait_for(shield(task report))
            0 report TaskSuspended L14 Sleep sleep(0.5)
            0.5 report TaskFinished L14 Done
            0.5 Task-1 JobQueued L22 executor 1 job 1
            0.5 Task-1 JobStarted L0 executor 1 job 1 worker 0
            0.5 Task-1 TaskSuspended L22 Job wait_for(run square in a thread)
            0.75 Task-1 JobFinished L0 executor 1 job 1 worker 0
            0.75 Task-1 TaskSuspended L25 Event wait_for(future 1)
            1 Task-1 TaskSuspended L26 Gather wait_for(gather of 2 tasks)
            1 Task-3 TaskSuspended L14 Sleep sleep(0.5)
            1 Task-4 TaskSuspended L14 Sleep sleep(0.5)
            1.5 Task-3 TaskFinished L14 Done
            1.5 Task-4 TaskFinished L14 Done
            1.5 Task-1 TaskSuspended L29 Event wait_for(future 2)
            2 Task-1 TaskSuspended L29 Event wait_for(future 2)
            2 Task-1 JobQueued L32 executor 1 job 2
            2 Task-1 JobStarted L0 executor 1 job 2 worker 0
            2 Task-1 TaskSuspended L32 Job shield(run square in a thread)
            2.25 Task-1 JobFinished L0 executor 1 job 2 worker 0
            2.25 Task-1 TaskFinished L32 Done
        """,
        # 3.12+: the timeout cancels main's own task rather than waiting for the future's cancel.
        "3.12": """
            0 Task-1 TaskSuspended L21 Shield wait_for(shield(task report))
            0 report TaskSuspended L14 Sleep sleep(0.5)
            0.5 report TaskFinished L14 Done
            0.5 Task-1 JobQueued L22 executor 1 job 1
            0.5 Task-1 JobStarted L0 executor 1 job 1 worker 0
            0.5 Task-1 TaskSuspended L22 Job wait_for(run square in a thread)
            0.75 Task-1 JobFinished L0 executor 1 job 1 worker 0
            0.75 Task-1 TaskSuspended L25 Event wait_for(future 1)
            1 Task-1 TaskSuspended L26 Gather wait_for(gather of 2 tasks)
            1 Task-3 TaskSuspended L14 Sleep sleep(0.5)
            1 Task-4 TaskSuspended L14 Sleep sleep(0.5)
            1.5 Task-3 TaskFinished L14 Done
            1.5 Task-4 TaskFinished L14 Done
            1.5 Task-1 TaskSuspended L29 Event wait_for(future 2)
            2 Task-1 CancelRequested L0 by loop
            2 Task-1 JobQueued L32 executor 1 job 2
            2 Task-1 JobStarted L0 executor 1 job 2 worker 0
            2 Task-1 TaskSuspended L32 Job shield(run square in a thread)
            2.25 Task-1 JobFinished L0 executor 1 job 2 worker 0
            2.25 Task-1 TaskFinished L32 Done
        """,
        # 3.13 names a task at its creation: "report" no longer takes a number from the counter.
        "3.13": """
            0 Task-1 TaskSuspended L21 Shield wait_for(shield(task report))
            0 report TaskSuspended L14 Sleep sleep(0.5)
            0.5 report TaskFinished L14 Done
            0.5 Task-1 JobQueued L22 executor 1 job 1
            0.5 Task-1 JobStarted L0 executor 1 job 1 worker 0
            0.5 Task-1 TaskSuspended L22 Job wait_for(run square in a thread)
            0.75 Task-1 JobFinished L0 executor 1 job 1 worker 0
            0.75 Task-1 TaskSuspended L25 Event wait_for(future 1)
            1 Task-1 TaskSuspended L26 Gather wait_for(gather of 2 tasks)
            1 Task-2 TaskSuspended L14 Sleep sleep(0.5)
            1 Task-3 TaskSuspended L14 Sleep sleep(0.5)
            1.5 Task-2 TaskFinished L14 Done
            1.5 Task-3 TaskFinished L14 Done
            1.5 Task-1 TaskSuspended L29 Event wait_for(future 2)
            2 Task-1 CancelRequested L0 by loop
            2 Task-1 JobQueued L32 executor 1 job 2
            2 Task-1 JobStarted L0 executor 1 job 2 worker 0
            2 Task-1 TaskSuspended L32 Job shield(run square in a thread)
            2.25 Task-1 JobFinished L0 executor 1 job 2 worker 0
            2.25 Task-1 TaskFinished L32 Done
        """,
    },
    "wait_for_timeout": {
        "total": 2.0,
        "3.11": """
            0 Task-1 TaskSuspended L16 WaitFor wait_for(task Task-2)
            0 Task-2 TaskSuspended L8 Sleep sleep(10)
            2 Task-2 CancelRequested L16 by Task-1
            2 Task-1 TaskSuspended L16 WaitFor wait_for(task Task-2)
            2 Task-2 TaskFinished L8 Cancelled
            2 Task-1 TaskFinished L16 Done
        """,
        "3.12": """
            0 Task-1 TaskSuspended L8 Sleep sleep(10)
            2 Task-1 CancelRequested L0 by loop
            2 Task-1 TaskFinished L8 Done
        """,
    },
    "worker_prints": {
        "total": 1.5,
        "3.11": """
            0 Task-1 JobQueued L16 executor 1 job 1
            0 Task-1 JobStarted L0 executor 1 job 1 worker 0
            0 Task-1 TaskSuspended L16 Job run slow_count in a thread
            1.5 Task-1 JobFinished L0 executor 1 job 1 worker 0
            1.5 Task-1 TaskFinished L16 Done
        """,
    },
    "byte_order_mark": {
        "total": 0.5,
        "3.11": """
            0 Task-1 TaskSuspended L6 Sleep sleep(0.5)
            0.5 Task-1 TaskFinished L6 Done
        """,
    },
    "job_starts_at_once": {
        "total": 1.5,
        "3.11": """
            0 Task-1 JobQueued L16 executor 1 job 1
            0 Task-1 JobStarted L0 executor 1 job 1 worker 0
            0 Task-1 BlockingBegin L17 Sleep time.sleep(0.5)
            0.2 Task-1 JobFinished L0 executor 1 job 1 worker 0
            0.5 Task-1 Warning L0 SlowCallback task Task-1 held the loop for 0.500 s
            0.5 Task-1 TaskSuspended L19 Job run copy_file in a thread
            0.5 Task-2 JobQueued L28 executor 1 job 2
            0.5 Task-2 JobStarted L0 executor 1 job 2 worker 0
            0.5 Task-2 TaskSuspended L0 Job run copy_file in a thread
            0.5 Task-1 BlockingBegin L23 Sleep time.sleep(0.25)
            0.75 Task-1 Warning L0 SlowCallback task Task-1 held the loop for 0.250 s
            0.75 Task-1 TaskSuspended L25 Task task Task-2
            1.5 Task-2 JobFinished L0 executor 1 job 2 worker 0
            1.5 Task-2 TaskFinished L0 Done
            1.5 Task-1 TaskFinished L25 Done
        """,
    },
    "rebinds_asyncio_names": {
        "total": 1.0,
        "3.11": """
            0 Task-1 TaskSuspended L21 Event future 1
            0 Task-2 TaskSuspended L12 Sleep sleep(1)
            0.5 Task-1 TaskSuspended L22 Task task Task-2
            1 Task-2 TaskFinished L12 Done
            1 Task-1 TaskFinished L22 Done
        """,
    },
    "wall_clock_text": {
        "total": 3.0,
        "3.11": """
            0 Task-1 TaskSuspended L10 Sleep sleep(1)
            1 Task-1 TaskSuspended L10 Sleep sleep(2)
            3 Task-1 TaskFinished L10 Done
        """,
    },
}


class RecorderTestCase(unittest.TestCase):
    version = None

    def _formatMessage(self, msg, standardMsg):
        text = super()._formatMessage(msg, standardMsg)
        return "[python %s] %s" % (self.version, text) if self.version else text

    def each_interpreter(self):
        if not INTERPRETERS:
            self.skipTest("no CPython 3.11-3.15 found (see interpreters.py)")
        # Failures name the interpreter through the message of the first assertion that fails.
        for version in sorted(INTERPRETERS):
            self.version = version
            yield version


class FormatTests(unittest.TestCase):
    def test_validator_refuses_damage(self):
        from loopscope_recorder.format import Event, Recording, Variant, encode_recording
        good = Recording(listing_name="x.py", variants=[Variant(events=[Event(0, 0, 0)])])
        data = encode_recording(good)
        self.assertEqual(decode(data).variants[0].events[0].t, 0)
        with self.assertRaisesRegex(RecordingError, "not a Loopscope recording"):
            decode(b"XXXXXXXX" + data[8:])
        with self.assertRaisesRegex(RecordingError, "truncated"):
            decode(data[:-1])
        with self.assertRaisesRegex(RecordingError, "unexpected bytes"):
            decode(data + b"\0")
        with self.assertRaisesRegex(RecordingError, "header's checksum"):
            decode(data[:20] + bytes([data[20] ^ 1]) + data[21:])
        bad_task = Recording(variants=[Variant(events=[Event(0, 5, 0)])])
        with self.assertRaisesRegex(RecordingError, "task that is not in the task table"):
            decode(encode_recording(bad_task))
        backwards = Recording(variants=[Variant(events=[Event(5, 0, 0), Event(4, 0, 0)])])
        with self.assertRaisesRegex(RecordingError, "earlier than the one before"):
            decode(encode_recording(backwards))
        bad_enum = Recording(variants=[Variant(events=[Event(0, 0, 0, sub=9)])])
        with self.assertRaisesRegex(RecordingError, "does not define"):
            decode(encode_recording(bad_enum))
        bad_string = Recording(variants=[Variant(events=[Event(0, 0, 25, a=3)])])
        with self.assertRaisesRegex(RecordingError, "string that is not"):
            decode(encode_recording(bad_string))
        with self.assertRaisesRegex(RecordingError, "no variants"):
            decode(encode_recording(Recording()))


class CommandLineTests(unittest.TestCase):
    def test_bad_input_is_one_line_and_status_2(self):
        python = sys.executable
        for args, why in ((["missing_program.py"], "no such program"), ([], "no program given"),
                          (["--bogus", "x.py"], "unknown option"), ([PROGRAMS], "not a file")):
            proc = run_recorder(python, args)
            self.assertEqual(proc.returncode, 2, proc.stderr)
            self.assertEqual(len(proc.stderr.strip().splitlines()), 1, proc.stderr)
            self.assertTrue(proc.stderr.startswith("loopscope-recorder: " ), proc.stderr)
            self.assertIn(why, proc.stderr)

    def test_default_output_is_program_name_in_current_directory(self):
        where = tempfile.mkdtemp(dir=WORKDIR)
        proc = run_recorder(sys.executable, [os.path.join(PROGRAMS, "yield_and_argv.py")], cwd=where)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        decode_file(os.path.join(where, "yield_and_argv.loopscope"))


class RecordingTests(RecorderTestCase):
    def test_every_program_gives_a_valid_file(self):
        for version in self.each_interpreter():
            for path in sorted(glob.glob(os.path.join(PROGRAMS, "*.py"))):
                program = os.path.splitext(os.path.basename(path))[0]
                proc, rec, _ = record(version, program)
                self.assertEqual(rec.lesson_id, "")
                self.assertEqual(rec.parameters, [])
                self.assertEqual(rec.clock, 0)
                self.assertEqual(rec.listing_name, program + ".py")
                with open(path, encoding="utf-8-sig") as f:  # a byte-order mark is not the listing's
                    self.assertEqual(rec.listing_text, f.read())
                self.assertEqual([v.name for v in rec.variants], ["main"])
                v = rec.variants[0]
                self.assertEqual(v.strings[0], "")
                self.assertEqual(v.strings[v.tasks[0][0]], "loop")
                self.assertEqual(v.strings[v.objects[0][1]], "nothing")
                self.assertEqual(v.total, v.events[-1].t)
                kinds = [rows(v)[i][1:4] for i in (0, -1)]
                self.assertEqual(kinds[0], ("LoopPhase", "loop", "Start"), program)
                lines = len(rec.listing_text.splitlines())
                self.assertTrue(all(e.line <= lines for e in v.events), program)
                # The reader keeps bytes that are not UTF-8 as lone surrogates: none may be there.
                for text in v.strings + [rec.listing_text, v.result, v.error, v.name]:
                    text.encode("utf-8")

    def test_text_that_is_not_unicode_is_recorded(self):
        # A lone surrogate (in a task's name, an exception's message, a printed line) used to
        # stop the recording from being written at all.
        for version in self.each_interpreter():
            proc, rec, _ = record(version, "surrogate_text")
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertIn("caught: cannot use caf\\udce9", proc.stderr)
            v = rec.variants[0]
            self.assertEqual(v.result, "'check-\\ud800'")  # repr escapes it itself
            self.assertIn("check-\\ud800", [v.strings[name] for name, _ in v.tasks])
            printed = [text for _, kind, _, text, _ in rows(v) if kind == "Print"]
            self.assertEqual(printed, ["caught: cannot use caf\\udce9"])
            self.assertIn("Failed ValueError: cannot use caf\\udce9", [text for _, _, _, text in interesting(v)])

    def test_eager_start_is_chosen_per_call_on_3_14(self):
        # 3.14 takes eager_start= per create_task call; the recorder used to end such programs
        # (and any with the eager factory) in "is not the running loop" and a false deadlock.
        for version in self.each_interpreter():
            proc, rec, _ = record(version, "eager_start_per_call")
            self.assertEqual(proc.returncode, 0, proc.stderr)
            if version >= "3.14":
                first = ["eager runs", "created both", "grouped runs", "group task created", "lazy runs"]
                done = ["eager done", "grouped done", "lazy done"]
            else:
                first = ["created both", "group task created", "eager runs", "lazy runs", "grouped runs"]
                done = ["eager done", "lazy done", "grouped done"]
            self.assertEqual(proc.stdout.splitlines(), first + done + ["last created", "held back runs", "held back done"])
            self.assertFalse(rec.variants[0].deadlocked)

    def test_loops_are_made_without_the_policy_system(self):
        # The event loop policy system is deprecated from 3.14 on (and goes in 3.16): with its
        # warnings made errors, every loop the program makes itself is still recorded.
        for version in self.each_interpreter():
            out = os.path.join(WORKDIR, "%s-loops_by_hand-strict.loopscope" % version)
            proc = subprocess.run([INTERPRETERS[version], "-W", "error::DeprecationWarning", "-m", "loopscope_recorder",
                                   "-o", out, os.path.join(PROGRAMS, "loops_by_hand.py")], cwd=WORKDIR,
                                  env=dict(os.environ, PYTHONPATH=RECORDER, PYTHONHASHSEED="0"),
                                  capture_output=True, text=True, timeout=60)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(proc.stdout.splitlines(), ["by hand finished", "in a runner finished"])
            v = decode_file(out).variants[0]
            phases = [text for _, kind, _, text, _ in rows(v) if kind == "LoopPhase" and text in ("Start", "Closed")]
            self.assertEqual(phases, ["Start", "Closed", "Start", "Closed"])
            self.assertEqual(v.result, "'in a runner'")

    def test_every_clock_reads_the_virtual_time(self):
        # time.strftime, ctime, localtime, gmtime, asctime and datetime's now, utcnow and today
        # used to read the real clock while time.time() was virtual: the three virtual seconds
        # of waiting did not show in "finished at".
        started = time.strftime("%X", time.localtime(1_700_000_000))
        finished = time.strftime("%X", time.localtime(1_700_000_003))
        for version in self.each_interpreter():
            proc, rec, _ = record(version, "wall_clock_text")
            self.assertEqual(proc.returncode, 0, proc.stderr)
            lines = proc.stdout.splitlines()
            self.assertEqual(lines[:5], ["started at " + started, "hello", "world", "finished at " + finished,
                                         "datetime counted 3.0 s"])
            self.assertEqual(lines[5:12], [name + " agrees: True" for name in (
                "ctime", "localtime", "gmtime", "asctime", "now", "utcnow", "today")])
            self.assertEqual(lines[12:], ["datetime.datetime(2024, 1, 1, 0, 0) datetime <class 'datetime.datetime'>",
                                          "True True True True"])
            printed = [text for _, kind, _, text, _ in rows(rec.variants[0]) if kind == "Print"]
            self.assertEqual(printed, lines)

    def test_program_with_a_byte_order_mark_runs(self):
        # The mark used to reach compile() as a character: a syntax error on line 1.
        for version in self.each_interpreter():
            proc, rec, _ = record(version, "byte_order_mark")
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(proc.stdout, "h\u00e9llo, w\u00f6rld\n")
            self.assertFalse(rec.listing_text.startswith("\ufeff"))
            self.assertTrue(rec.listing_text.startswith('"""Saved by an editor'))

    def test_rebound_asyncio_names_do_not_break_the_recorder(self):
        # asyncio.Task = None at the program's top level used to fail every step the loop took.
        for version in self.each_interpreter():
            proc, rec, _ = record(version, "rebinds_asyncio_names")
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(proc.stdout.splitlines(), ["half way", "napped 1"])
            self.assertEqual(rec.variants[0].total, SECOND)

    def test_modules_beside_the_program_do_not_replace_the_recorders(self):
        # The app starts the recorder in the program's folder with `python -m`, which puts that
        # folder first on sys.path: an asyncio.py there used to be imported by the recorder itself.
        # A loopscope_recorder.py there shadows the package before any of it runs; only starting
        # Python with -P (3.11+) avoids that one, so it is checked with -P.
        where = tempfile.mkdtemp(dir=WORKDIR)
        program = os.path.join(where, "lesson.py")
        with open(program, "w", encoding="utf-8") as f:
            f.write("import asyncio\n\n\nasync def main():\n    await asyncio.sleep(2)\n"
                    "    print('slept', asyncio.get_running_loop().time())\n\n\nasyncio.run(main())\n")
        env = dict(os.environ, PYTHONPATH=RECORDER, PYTHONHASHSEED="0")
        for version in self.each_interpreter():
            for flags, beside in (([], ("asyncio", "selectors")), (["-P"], ("asyncio", "loopscope_recorder", "selectors"))):
                for name in ("asyncio", "loopscope_recorder", "selectors"):
                    path = os.path.join(where, name + ".py")
                    if name in beside:
                        with open(path, "w", encoding="utf-8") as f:
                            f.write("raise SystemExit('the %s.py beside the program was imported')\n" % name)
                    elif os.path.exists(path):
                        os.remove(path)
                out = os.path.join(where, "lesson-%s.loopscope" % version)
                proc = subprocess.run([INTERPRETERS[version]] + flags + ["-m", "loopscope_recorder", "-o", out, program],
                                      cwd=where, env=env, capture_output=True, text=True, timeout=60)
                self.assertEqual(proc.returncode, 0, "%s: %s" % (flags, proc.stderr))
                self.assertEqual(proc.stdout, "slept 2.0\n", flags)
                self.assertEqual(decode_file(out).variants[0].total, 2 * SECOND)

    def test_gather_of_sleeps_ends_at_the_longest(self):
        for version in self.each_interpreter():
            proc, rec, _ = record(version, "gather_sleepers")
            v = rec.variants[0]
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertIn("total 6", proc.stdout)
            self.assertEqual(v.total, 3 * SECOND)
            self.assertEqual(v.result, "6")
            self.assertEqual(v.error, "")
            self.assertEqual(interesting(v), [
                (0, "TaskSuspended", "Task-1", "Gather gather of 3 tasks"),
                (0, "Print", "Task-2", "nap 1 begins"),
                (0, "TaskSuspended", "Task-2", "Sleep sleep(1)"),
                (0, "Print", "Task-3", "nap 2 begins"),
                (0, "TaskSuspended", "Task-3", "Sleep sleep(2)"),
                (0, "Print", "Task-4", "nap 3 begins"),
                (0, "TaskSuspended", "Task-4", "Sleep sleep(3)"),
                (1 * SECOND, "Print", "Task-2", "nap 1 ends"),
                (1 * SECOND, "TaskFinished", "Task-2", "Done"),
                (2 * SECOND, "Print", "Task-3", "nap 2 ends"),
                (2 * SECOND, "TaskFinished", "Task-3", "Done"),
                (3 * SECOND, "Print", "Task-4", "nap 3 ends"),
                (3 * SECOND, "TaskFinished", "Task-4", "Done"),
                (3 * SECOND, "TaskFinished", "Task-1", "Done"),
                (3 * SECOND, "Print", "loop", "total 6"),
            ])
            timers = [(t, task, text) for t, kind, task, text, _ in rows(v) if kind in ("TimerArmed", "TimerFired")]
            self.assertEqual(timers, [
                (0, "Task-2", "deadline 1000000000"), (0, "Task-3", "deadline 2000000000"),
                (0, "Task-4", "deadline 3000000000"),
                (1 * SECOND, "Task-2", "timer 1 late 0us"), (2 * SECOND, "Task-3", "timer 2 late 0us"),
                (3 * SECOND, "Task-4", "timer 3 late 0us"),
            ])
            wakes = [(t, task, text) for t, kind, task, text, _ in rows(v) if kind == "StepScheduled"]
            self.assertEqual([w for w in wakes if w[2] != "Created"], [
                (1 * SECOND, "Task-2", "Timer"), (2 * SECOND, "Task-3", "Timer"),
                (3 * SECOND, "Task-4", "Timer"), (3 * SECOND, "Task-1", "Gather")])
            # The sleep's line in the program, and the creator of each sleeper.
            suspended = [e for e in v.events if e.kind == 7 and e.task == 2]
            self.assertEqual(suspended[0].line, 7)
            self.assertEqual([parent for _, parent in v.tasks], [0, 0, 1, 1, 1])
            phases = [text for _, kind, _, text, _ in rows(v) if kind == "LoopPhase"]
            self.assertEqual(phases[:5], ["Start", "ComputeTimeout", "Wait", "ExpireTimers", "RunReady"])
            self.assertIn("ShutdownExecutors", phases)
            self.assertEqual(phases[-1], "Closed")

    def test_lock_hands_over_in_arrival_order(self):
        for version in self.each_interpreter():
            _, rec, _ = record(version, "lock_two_waiters")
            v = rec.variants[0]
            got = interesting(v, ("TaskSuspended", "Acquired", "Released"))
            self.assertEqual(got, [
                (0, "TaskSuspended", "Task-1", "Gather wait(3 tasks, ALL_COMPLETED)"),
                (0, "Acquired", "ann", "lock 1"),
                (0, "TaskSuspended", "ann", "Sleep sleep(2)"),
                (0, "TaskSuspended", "bob", "Lock lock 1"),
                (0, "TaskSuspended", "cy", "Lock lock 1"),
                (2 * SECOND, "Released", "ann", "lock 1"),
                (2 * SECOND, "Acquired", "bob", "lock 1"),
                (2 * SECOND, "TaskSuspended", "bob", "Sleep sleep(1)"),
                (3 * SECOND, "Released", "bob", "lock 1"),
                (3 * SECOND, "Acquired", "cy", "lock 1"),
                (3 * SECOND, "TaskSuspended", "cy", "Sleep sleep(3)"),
                (6 * SECOND, "Released", "cy", "lock 1"),
            ])
            handoffs = [(t, task) for t, kind, task, text, _ in rows(v) if kind == "StepScheduled" and text == "Handoff"]
            self.assertEqual(handoffs, [(2 * SECOND, "bob"), (3 * SECOND, "cy")])
            self.assertEqual(v.objects[1], (0, v.strings.index("lock 1"), 1))
            self.assertEqual(v.total, 6 * SECOND)

    def test_bounded_queue_blocks_the_producer(self):
        for version in self.each_interpreter():
            _, rec, _ = record(version, "bounded_queue")
            v = rec.variants[0]
            self.assertEqual(v.objects[1][0], 2)  # a queue
            self.assertEqual(v.objects[1][2], 2)  # of two slots
            waits = [(t, task, text) for t, kind, task, text in interesting(v, ("TaskSuspended",))
                     if "queue" in text]
            self.assertEqual(waits, [
                (0, "Task-2", "QueuePut put into queue 1"),
                (0, "Task-2", "QueuePut put into queue 1"),
                (1 * SECOND, "Task-2", "QueuePut put into queue 1"),
            ])
            sizes = [(t, text) for t, kind, task, text, _ in rows(v) if kind == "Counter"]
            self.assertEqual(sizes[:3], [(0, "queue 1=1"), (0, "queue 1=2"), (0, "queue 1=1")])
            self.assertEqual(sizes[-1], (4 * SECOND, "queue 1=0"))
            self.assertFalse([r for r in rows(v) if r[1] == "PrimitiveState"])
            prints = [(t, text) for t, kind, _, text in interesting(v, ("Print",))]
            self.assertEqual(prints[-1], (4 * SECOND, "delivered 3"))

    def test_failing_task_fails_the_program(self):
        for version in self.each_interpreter():
            proc, rec, _ = record(version, "failing_task")
            v = rec.variants[0]
            self.assertEqual(proc.returncode, 1)
            self.assertIn("ValueError", proc.stderr)
            self.assertEqual(v.error, "ValueError: invalid literal for int() with base 10: 'twelve'")
            self.assertEqual(v.result, "")
            self.assertEqual(interesting(v, ("TaskFinished",)), [
                (SECOND // 2, "TaskFinished", "parser", "Failed ValueError: invalid literal for int() with base 10: 'twelve'"),
                (SECOND // 2, "TaskFinished", "Task-1", "Failed ValueError: invalid literal for int() with base 10: 'twelve'"),
            ])
            self.assertIn((0, "TaskSuspended", "Task-1", "Task task parser"), interesting(v))
            # The traceback is the program's, as Python alone prints it: no recorder or runpy frames.
            self.assertIn('failing_task.py", line 15, in <module>', proc.stderr)
            self.assertNotIn("loopscope_recorder", proc.stderr)
            self.assertNotIn("runpy", proc.stderr)
            printed = "".join(text for _, kind, _, text, _ in rows(v) if kind == "Print")
            self.assertIn("ValueError", printed)
            self.assertNotIn("loopscope_recorder", printed)

    def test_unretrieved_exception_is_warned(self):
        for version in self.each_interpreter():
            proc, rec, _ = record(version, "forgotten_failure")
            v = rec.variants[0]
            self.assertEqual(proc.returncode, 0)
            self.assertEqual(v.result, "'finished anyway'")
            # When the task is collected (at once, or by the cycle collector) varies by version.
            warnings = [row[1:] for row in interesting(v, ("Warning",))]
            self.assertEqual(warnings, [("Warning", "doomed",
                                         "ExceptionNeverRetrieved Task exception was never retrieved: KeyError: 'missing'")])

    def test_cancellation_is_requested_and_delivered(self):
        for version in self.each_interpreter():
            proc, rec, _ = record(version, "cancelled_task")
            v = rec.variants[0]
            self.assertEqual(v.result, "True")
            got = interesting(v, ("CancelRequested", "CancelDelivered", "TaskFinished", "Print", "TimerCancelled"))
            self.assertEqual(got, [
                (SECOND, "CancelRequested", "download", "by Task-1"),
                (SECOND, "CancelDelivered", "download", ""),
                (SECOND, "TimerCancelled", "download", "timer 2"),
                (SECOND, "Print", "download", "download stopped"),
                (SECOND, "TaskFinished", "download", "Cancelled"),
                (SECOND, "CancelDelivered", "Task-1", ""),  # awaiting the cancelled task throws in main too
                (SECOND, "Print", "Task-1", "main saw the cancellation"),
                (SECOND, "TaskFinished", "Task-1", "Done"),
                (SECOND, "Print", "loop", "True"),
            ])
            wakes = [(task, text) for _, kind, task, text, _ in rows(v) if kind == "StepScheduled" and text != "Created"]
            self.assertEqual(wakes, [("Task-1", "Timer"), ("download", "Cancel"), ("Task-1", "TaskDone")])

    def test_a_worker_threads_prints_are_recorded_in_order(self):
        # Printed on a pool's thread, between virtual sleeps: recorded at the time of printing,
        # on the line that printed, as printed by the task that submitted the job.
        for version in self.each_interpreter():
            _, rec, _ = record(version, "worker_prints")
            prints = [(t, task, text, line) for t, kind, task, text, line in rows(rec.variants[0]) if kind == "Print"]
            self.assertEqual(prints, [
                (SECOND // 2, "Task-1", "counter: step 1 of 3", 10),
                (SECOND, "Task-1", "counter: step 2 of 3", 10),
                (3 * SECOND // 2, "Task-1", "counter: step 3 of 3", 10),
                (3 * SECOND // 2, "Task-1", "main got 3", 17),
            ], version)

    def test_time_sleep_is_a_stall_on_the_virtual_clock(self):
        for version in self.each_interpreter():
            proc, rec, _ = record(version, "blocking_sleep")
            v = rec.variants[0]
            self.assertEqual(proc.stdout.splitlines(), ["tick at 0.5", "tick at 0.75", "tick at 1.0", "1.0"])
            self.assertEqual(v.result, "1.0")
            got = interesting(v, ("BlockingBegin", "BlockingEnd", "Warning", "TaskYielded"))
            self.assertEqual(got, [
                (0, "TaskYielded", "Task-1", ""),
                (0, "BlockingBegin", "Task-1", "Sleep time.sleep(0.5)"),
                (SECOND // 2, "BlockingEnd", "Task-1", ""),
                (SECOND // 2, "Warning", "Task-1", "SlowCallback task Task-1 held the loop for 0.500 s"),
            ])
            late = [text for _, kind, _, text, _ in rows(v) if kind == "TimerFired"]
            self.assertEqual(late[0], "timer 1 late 250000us")
            begin = [e for e in v.events if e.kind == 19][0]
            self.assertEqual(begin.line, 16)

    def test_deadlock_ends_the_run(self):
        for version in self.each_interpreter():
            proc, rec, _ = record(version, "lock_deadlock")
            v = rec.variants[0]
            self.assertEqual(proc.returncode, 1)
            self.assertTrue(v.deadlocked)
            self.assertTrue(v.error.startswith("DeadlockError: deadlock"), v.error)
            self.assertEqual(v.total, SECOND // 10)
            tail = [r[1:4] for r in rows(v)][-3:]
            self.assertEqual(tail[0], ("LoopPhase", "loop", "Deadlock"))
            self.assertEqual(tail[1], ("Warning", "loop",
                                       "Deadlock deadlock: nothing can ever run again, but 3 tasks wait; waiting: "
                                       "Task-1 waits for gather of 2 tasks, Task-2 waits for lock 2 (held by Task-3), "
                                       "Task-3 waits for lock 1 (held by Task-2)"))
            self.assertEqual(tail[-1], ("LoopPhase", "loop", "Closed"))
            self.assertNotIn("done", proc.stdout)

    def test_sleep_zero_yields_and_argv_is_passed(self):
        for version in self.each_interpreter():
            proc, rec, _ = record(version, "yield_and_argv", "--flag", "x")
            v = rec.variants[0]
            self.assertEqual(proc.stdout.splitlines()[0], "args ['--flag', 'x']")
            got = interesting(v, ("Print", "TaskYielded"))
            self.assertEqual([(task, kind, text) for _, kind, task, text in got], [
                ("Task-1", "Print", "args ['--flag', 'x']"),
                ("Task-2", "Print", "ping"), ("Task-2", "TaskYielded", ""),
                ("Task-3", "Print", "pong"), ("Task-3", "TaskYielded", ""),
                ("Task-2", "Print", "ping"), ("Task-2", "TaskYielded", ""),
                ("Task-3", "Print", "pong"), ("Task-3", "TaskYielded", ""),
            ])
            self.assertEqual(v.total, 0)

    def test_hundred_seconds_records_quickly_and_identically(self):
        for version in self.each_interpreter():
            proc, rec, first = record(version, "hundred_seconds")
            started = time.monotonic()
            self.assertEqual(proc.stdout.strip(), "100")
            self.assertEqual(rec.variants[0].total, 100 * SECOND)
            self.assertEqual(rec.variants[0].result, "100")
            _, _, second = record(version, "hundred_seconds", tag="-again")
            took = time.monotonic() - started
            self.assertEqual(first, second)
            sys.stderr.write("[%s: 100 s program recorded in %.2f s] " % (version, took))

    def test_same_program_gives_identical_bytes(self):
        for version in self.each_interpreter():
            for program in ("lock_two_waiters", "bounded_queue", "cancelled_task"):
                _, _, first = record(version, program)
                _, _, second = record(version, program, tag="-again")
                self.assertEqual(first, second, program)

    def test_real_time_clock(self):
        for version in self.each_interpreter():
            proc, rec, _ = record(version, "yield_and_argv", tag="-real", extra=("--real-time",))
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(rec.clock, 1)


class ProgramTests(RecorderTestCase):
    """The syllabus programs: every one is summarised exactly, and the waits that name a task or
    an object are checked to name the right one."""

    def test_every_program_is_expected(self):
        on_disk = {os.path.splitext(os.path.basename(p))[0] for p in glob.glob(os.path.join(PROGRAMS, "*.py"))}
        self.assertGreaterEqual(len(on_disk), 30)
        older = {"blocking_sleep", "bounded_queue", "cancelled_task", "failing_task", "forgotten_failure",
                 "gather_sleepers", "hundred_seconds", "lock_deadlock", "lock_two_waiters", "yield_and_argv"}
        self.assertEqual(on_disk - older, set(EXPECTED))

    def test_summaries_and_totals(self):
        for version in self.each_interpreter():
            for program in sorted(EXPECTED):
                proc, rec, _ = record(version, program)
                v = rec.variants[0]
                self.assertEqual(proc.returncode, 0, "%s: %s" % (program, proc.stderr))
                self.assertEqual(v.total, round(EXPECTED[program]["total"] * SECOND), program)
                self.assertEqual(summary(v, SUMMARY_ONLY.get(program)), expected_summary(program, version), program)

    def wait_events(self, v, kind):
        return [e for e in v.events if e.kind == 7 and e.sub == kind]

    def task_named(self, v, name):
        return [i for i, (n, _) in enumerate(v.tasks) if v.strings[n] == name][0]

    def object_named(self, v, name):
        return [i for i, o in enumerate(v.objects) if v.strings[o[1]] == name][0]

    def test_wait_for_names_its_inner_task_on_3_11(self):
        for version in self.each_interpreter():
            _, rec, _ = record(version, "wait_for_timeout")
            v = rec.variants[0]
            waits = self.wait_events(v, 13)
            if version == "3.11":
                # asyncio.wait_for wraps the query in a task of its own (Task-2) and waits on it.
                self.assertEqual([(e.t, e.a, e.line) for e in waits], [(0, 2, 16), (2 * SECOND, 2, 16)])
            else:
                # 3.12+: the query runs in main's own task, so main waits on the query's sleep.
                self.assertEqual(waits, [])
                self.assertEqual([(e.t, e.task, e.line) for e in self.wait_events(v, 0)], [(0, 1, 8)])

    def test_shield_names_the_shielded_task(self):
        for version in self.each_interpreter():
            _, rec, _ = record(version, "shield_inner")
            v = rec.variants[0]
            shields = self.wait_events(v, 12)
            self.assertEqual(len(shields), 1)
            self.assertEqual((shields[0].a, shields[0].line), (self.task_named(v, "payment"), 13))
            wakes = [(t, task, text) for t, kind, task, text, _ in rows(v) if kind == "StepScheduled" and text == "TaskDone"]
            self.assertIn((2 * SECOND, "Task-1", "TaskDone"), wakes)

    def test_task_group_and_wait_and_condition_and_future(self):
        for version in self.each_interpreter():
            v = record(version, "nested_task_groups")[1].variants[0]
            self.assertEqual([(e.task, e.a, e.line) for e in self.wait_events(v, 11)],
                             [(1, 0, 19), (self.task_named(v, "branch"), 0, 12)])
            v = record(version, "wait_first_completed")[1].variants[0]
            self.assertEqual([(e.t, e.a, e.line) for e in self.wait_events(v, 2)], [(0, 0, 13), (SECOND, 0, 17)])
            v = record(version, "condition_notify")[1].variants[0]
            condition = self.object_named(v, "condition 1")
            self.assertEqual(v.objects[condition][0], 3)  # recorded as an Event: a signal to wait for
            self.assertEqual([(e.task, e.a, e.line) for e in self.wait_events(v, 8)], [(2, condition, 10), (3, condition, 10)])
            v = record(version, "bare_future")[1].variants[0]
            future = self.object_named(v, "future 1")
            self.assertEqual(v.objects[future][0], 7)
            self.assertEqual([(e.t, e.a, e.line) for e in self.wait_events(v, 8)], [(0, future, 11)])
            wakes = [(t, text) for t, kind, task, text, _ in rows(v) if kind == "StepScheduled" and text != "Created"]
            self.assertEqual(wakes, [(SECOND * 3 // 2, "EventSet")])

    def test_wait_for_and_shield_take_any_future(self):
        # Handed a future rather than a coroutine (shield's, a thread-pool job's, one from
        # create_future, a gather's), wait_for used to stop the recording with an AttributeError.
        for version in self.each_interpreter():
            proc, rec, _ = record(version, "wait_for_futures")
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(proc.stdout.splitlines(), [
                "report", "16", "filled by a timer", "['a', 'b']", "no value in time; the future was cancelled: True",
                "9"])
            v = rec.variants[0]
            pool = self.object_named(v, "executor 1")
            filled, empty = self.object_named(v, "future 1"), self.object_named(v, "future 2")
            waits = [(e.sub, e.a, v.strings[e.b]) for e in v.events if e.kind == 7 and e.task == 1]
            self.assertEqual(waits[:5], [
                (12, self.task_named(v, "report"), "wait_for(shield(task report))"),
                (9, pool, "wait_for(run square in a thread)"),
                (8, filled, "wait_for(future 1)"),
                (2, 0, "wait_for(gather of 2 tasks)"),
                (8, empty, "wait_for(future 2)")])
            self.assertEqual(waits[-1], (9, pool, "shield(run square in a thread)"))
            wakes = [text for _, kind, task, text, _ in rows(v) if kind == "StepScheduled" and task == "Task-1"]
            self.assertEqual(wakes[:5], ["Created", "TaskDone", "Job", "EventSet", "Gather"])

    def test_a_job_waits_on_the_loop_in_virtual_time(self):
        # A job blocked on run_coroutine_threadsafe's answer is parked: the loop runs the
        # coroutine meanwhile, and the job's own timeout counts on the recording's clock.
        for version in self.each_interpreter():
            proc, rec, _ = record(version, "loop_answers_a_worker")
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(proc.stdout.splitlines(), ["ABC", "no answer for xyz"])
            v = rec.variants[0]
            self.assertEqual([parent for _, parent in v.tasks], [0, 0, 0, 0])  # made by the loop's callbacks
            self.assertEqual(v.total, 7 * SECOND // 10)

    def test_what_a_program_prints_is_what_python_prints(self):
        # Run alone on the same interpreter, these programs print the same bytes, stdout and
        # stderr, as under the recorder: reprs of the loop, tasks and futures, tracebacks, warnings.
        import concurrent.futures
        import re
        programs = ("printed_reprs", "failing_task", "nested_run", "never_awaited", "surrogate_text")

        def alone(job):
            version, program = job
            return subprocess.run([INTERPRETERS[version], os.path.join(PROGRAMS, program + ".py")], cwd=WORKDIR,
                                  env=dict(os.environ, PYTHONHASHSEED="0"), capture_output=True, text=True,
                                  timeout=60)

        def same(text):
            return re.sub(r"0x[0-9a-f]+", "0x?", text)

        jobs = [(version, program) for version in sorted(INTERPRETERS) for program in programs]
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            plain = dict(zip(jobs, pool.map(alone, jobs)))
        for version in self.each_interpreter():
            for program in programs:
                proc, _, _ = record(version, program)
                stderr = "".join(line for line in proc.stderr.splitlines(True) if not line.startswith("loopscope-recorder: "))
                self.assertEqual(proc.returncode, plain[(version, program)].returncode, program)
                self.assertEqual(same(proc.stdout), same(plain[(version, program)].stdout), program)
                self.assertEqual(same(stderr), same(plain[(version, program)].stderr), program)
                for internal in ("loopscope_recorder", "RecordingLoop"):
                    self.assertNotIn(internal, proc.stdout + stderr, program)

    def test_a_job_starts_when_handed_over(self):
        # A job used to start only when the loop next waited: a loop blocked in time.sleep
        # printed first, and the job's own sleep began (and ended) late. Plain CPython's order
        # is the reference; the loop's blocks are long enough for it to be the same every run.
        for version in self.each_interpreter():
            proc, rec, _ = record(version, "job_starts_at_once")
            plain = subprocess.run([INTERPRETERS[version], os.path.join(PROGRAMS, "job_starts_at_once.py")],
                                   cwd=WORKDIR, capture_output=True, text=True, timeout=60)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            lines = proc.stdout.splitlines()
            self.assertEqual(lines[:-1], plain.stdout.splitlines()[:-1])
            self.assertEqual(lines, ["notes.txt: copying", "notes.txt: copied", "loop unblocked", "notes.txt is there",
                                     "photo.png: copying", "loop unblocked again", "photo.png: copied",
                                     "photo.png is there at 1.50"])
            printed = [(t, text) for t, kind, _, text, _ in rows(rec.variants[0]) if kind == "Print"]
            self.assertEqual([t for t, _ in printed], [0, SECOND // 5, SECOND // 2, SECOND // 2, SECOND // 2,
                                                       SECOND * 3 // 4, SECOND * 3 // 2, SECOND * 3 // 2])

    def test_streams_wait_on_connections(self):
        for version in self.each_interpreter():
            v = record(version, "echo_streams")[1].variants[0]
            io = self.wait_events(v, 10)
            self.assertTrue(io)
            self.assertTrue(all(v.objects[e.a][0] == 5 for e in io))  # I/O clients: one per socket
            reads = [(e.t, e.task, e.line, v.strings[e.b]) for e in io if v.strings[e.b].startswith("read")]
            self.assertEqual(reads, [
                (0, 4, 7, "read from connection 2"), (0, 1, 20, "read from connection 1"),
                (0, 4, 7, "read from connection 2"), (SECOND // 2, 1, 20, "read from connection 1"),
                (SECOND // 2, 4, 7, "read from connection 2")])
            io_wakes = [t for t, kind, task, text, _ in rows(v) if kind == "StepScheduled" and text == "Io"]
            self.assertGreaterEqual(len(io_wakes), 4)

    def test_thread_pool_jobs_run_on_worker_lanes(self):
        for version in self.each_interpreter():
            v = record(version, "thread_pool_jobs")[1].variants[0]
            pool = self.object_named(v, "executor 1")
            self.assertEqual(v.objects[pool], (4, v.strings.index("executor 1"), 2))
            jobs = [(e.t, e.kind, e.sub, e.a, e.b) for e in v.events if e.kind in (21, 22, 24)]
            # A job starts as it is handed over while the pool has a free worker; the other two
            # wait in the queue for one.
            self.assertEqual(jobs, [
                (0, 21, 0, pool, 1), (0, 22, 0, pool, 1), (0, 21, 0, pool, 2), (0, 22, 1, pool, 2),
                (0, 21, 0, pool, 3), (0, 21, 0, pool, 4),
                (SECOND, 24, 0, pool, 1), (SECOND, 24, 1, pool, 2),
                (SECOND, 22, 0, pool, 3), (SECOND, 22, 1, pool, 4),
                (2 * SECOND, 24, 0, pool, 3), (2 * SECOND, 24, 1, pool, 4)])
            self.assertEqual(v.strings[[e for e in v.events if e.kind == 25][0].a], "[0, 10, 20, 30] at 2.0")

    def test_to_thread_frees_the_loop(self):
        for version in self.each_interpreter():
            v = record(version, "blocking_the_loop_fix")[1].variants[0]
            jobs = self.wait_events(v, 9)
            self.assertEqual([(e.t, e.task, e.line, v.strings[e.b]) for e in jobs], [(0, 1, 20, "run read_disk in a thread")])
            self.assertEqual(v.objects[jobs[0].a][0], 4)
            wakes = [(t, task) for t, kind, task, text, _ in rows(v) if kind == "StepScheduled" and text == "Job"]
            self.assertEqual(wakes, [(SECOND * 3 // 2, "Task-1")])
            self.assertFalse([e for e in v.events if e.kind == 19])  # no stall: the loop never blocked

    def test_threads_and_sockets_record_the_same_bytes_twice(self):
        for version in self.each_interpreter():
            for program in ("thread_pool_jobs", "blocking_the_loop_fix", "fetch_many_urls", "requests_with_limit"):
                _, _, first = record(version, program)
                _, _, second = record(version, program, tag="-again")
                self.assertEqual(first, second, program)

    def test_never_awaited_coroutines_are_warned(self):
        for version in self.each_interpreter():
            proc, rec, _ = record(version, "never_awaited")
            self.assertIn("RuntimeWarning: coroutine 'save' was never awaited", proc.stderr)
            v = rec.variants[0]
            warned = [(e.t, e.task, e.sub, e.line, v.strings[e.a]) for e in v.events if e.kind == 26]
            self.assertEqual(warned, [(0, 1, 1, 12, "coroutine 'save' was never awaited")])


def setUpModule():
    prefetch(sorted(os.path.splitext(os.path.basename(p))[0] for p in glob.glob(os.path.join(PROGRAMS, "*.py"))))


def load_tests(loader, tests, pattern):
    return tests


class LoaderTests(RecorderTestCase):
    """The C++ loader opens what the recorder writes (given `--loopscope EXE`)."""

    def test_loopscope_reads_every_recording(self):
        if not LOOPSCOPE:
            self.skipTest("no --loopscope EXE given")
        import json
        for version in self.each_interpreter():
            for path in sorted(glob.glob(os.path.join(PROGRAMS, "*.py"))):
                program = os.path.splitext(os.path.basename(path))[0]
                if program == "hundred_seconds":
                    continue
                proc, recording, data = record(version, program)
                out = os.path.join(WORKDIR, "%s-%s.loopscope" % (version, program))
                shown = subprocess.run([LOOPSCOPE, "show", out, "--json"], capture_output=True, text=True,
                                       timeout=60, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
                self.assertEqual(shown.returncode, 0, "%s: %s" % (program, shown.stderr))
                report = json.loads(shown.stdout)
                self.assertIsNone(report["lesson"])
                self.assertEqual(report["program"], program + ".py")
                variant = report["variants"][0]
                self.assertEqual(variant["name"], "main")
                self.assertEqual(round(variant["total_s"] * SECOND), recording.variants[0].total)
                printed = [e for e in recording.variants[0].events if e.kind == 25]
                self.assertEqual(len(variant["console"]), len(printed), program)


LOOPSCOPE = None

if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--loopscope":
        LOOPSCOPE = sys.argv[2]
        del sys.argv[1:3]
    print(describe(INTERPRETERS, MISSING))
    try:
        unittest.main(verbosity=2)
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
