"""Tests of the Python recorder (recorder/loopscope_recorder), standard library only.

Each example program under programs/ is recorded once per interpreter (CPython 3.11, 3.12 and
3.13 from pyenv, when present) in a subprocess; the files are then decoded and checked by the
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
PROGRAMS = os.path.join(HERE, "programs")
sys.path.insert(0, RECORDER)

from loopscope_recorder.describe import rows  # noqa: E402
from loopscope_recorder.verify import RecordingError, decode, decode_file  # noqa: E402

WANTED_VERSIONS = ("3.11", "3.12", "3.13")
SECOND = 1_000_000_000


def find_interpreters():
    """{"3.11": path, ...} for the wanted versions pyenv has, and the list of absent ones."""
    found, roots = {}, []
    try:
        roots.append(subprocess.run(["pyenv", "root"], capture_output=True, text=True, timeout=10).stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    roots.append(os.path.expanduser("~/.pyenv"))
    for version in WANTED_VERSIONS:
        for root in roots:
            candidates = sorted(glob.glob(os.path.join(root, "versions", version + ".*", "bin", "python3")))
            if candidates:
                found[version] = candidates[-1]
                break
    # Without pyenv, the interpreter running the tests counts for its own version.
    own = "%d.%d" % sys.version_info[:2]
    if own in WANTED_VERSIONS and own not in found:
        found[own] = sys.executable
    missing = [v for v in WANTED_VERSIONS if v not in found]
    return found, missing


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


class RecorderTestCase(unittest.TestCase):
    version = None

    def _formatMessage(self, msg, standardMsg):
        text = super()._formatMessage(msg, standardMsg)
        return "[python %s] %s" % (self.version, text) if self.version else text

    def each_interpreter(self):
        if not INTERPRETERS:
            self.skipTest("no CPython 3.11-3.13 found through pyenv")
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
                with open(path, encoding="utf-8") as f:
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
                (0, "TaskSuspended", "Task-1", "Gather wait"),
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
                (SECOND, "Print", "Task-1", "main saw the cancellation"),
                (SECOND, "TaskFinished", "Task-1", "Done"),
                (SECOND, "Print", "loop", "True"),
            ])
            wakes = [(task, text) for _, kind, task, text, _ in rows(v) if kind == "StepScheduled" and text != "Created"]
            self.assertEqual(wakes, [("Task-1", "Timer"), ("download", "Cancel"), ("Task-1", "TaskDone")])

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
    print("interpreters: %s; skipped (absent): %s" % (
        ", ".join("%s (%s)" % item for item in sorted(INTERPRETERS.items())) or "none",
        ", ".join(MISSING) or "none"))
    try:
        unittest.main(verbosity=2)
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
