"""Tests of the recorder's limits and of programs that end badly, standard library only.

Each program under bad_programs/ is recorded in a subprocess on every CPython 3.11-3.15 found
(interpreters.py). The runs go on in parallel, three at a time, started once; each test then checks its runs: the exit
status, the recorder's exact last lines on stderr, and the recording file (valid, and its error
field) where one can be written.

    python3 tests/recorder/test_limits.py [--loopscope EXE]
"""

import concurrent.futures
import glob
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
RECORDER = os.path.join(REPO, "recorder")
BAD = os.path.join(HERE, "bad_programs")
sys.path.insert(0, RECORDER)
sys.path.insert(0, HERE)

from loopscope_recorder.describe import rows  # noqa: E402
from loopscope_recorder.verify import decode_file  # noqa: E402

PREFIX = "loopscope-recorder: "
PRINT = 25


from interpreters import WANTED_VERSIONS, describe, find_interpreters  # noqa: E402

INTERPRETERS, MISSING = find_interpreters()
OWN_VERSION = "%d.%d" % sys.version_info[:2]
WORKDIR = tempfile.mkdtemp(prefix="loopscope-limits-tests-")
ENV = dict(os.environ, PYTHONPATH=RECORDER, PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8",
           PYTHONDONTWRITEBYTECODE="1")
LOOPSCOPE = None


class Run:
    """One recorder run: status, output, the recorder's lines, and the recording if written."""

    def __init__(self, version, out, returncode, stdout, stderr, elapsed):
        self.version, self.out = version, out
        self.returncode, self.stdout, self.stderr, self.elapsed = returncode, stdout, stderr, elapsed
        self.recorder_lines = [line[len(PREFIX):] for line in stderr.splitlines() if line.startswith(PREFIX)]
        self.recording = decode_file(out) if os.path.exists(out) else None
        self.leftovers = glob.glob(out + ".*")

    @property
    def variant(self):
        return self.recording.variants[0]

    def printed(self):
        return [text for _, kind, _, text, _ in rows(self.variant) if kind == "Print"]


def _out_path(version, name):
    return os.path.join(WORKDIR, "%s-%s.loopscope" % (version, name))


def record(version, name, program, *options, args=()):
    out = _out_path(version, name)
    command = [INTERPRETERS[version], "-m", "loopscope_recorder", "-o", out] + list(options)
    command += [os.path.join(BAD, program + ".py")] + list(args)
    started = time.monotonic()
    proc = subprocess.run(command, cwd=WORKDIR, env=ENV, capture_output=True, text=True, timeout=180,
                          stdin=subprocess.DEVNULL)
    return Run(version, out, proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started)


def record_then_terminate(version, name, whole_group):
    """Records ticking.py on the real clock and sends SIGTERM after its third tick: to the whole
    process group as the app's Stop does, or to the recorder alone."""
    out = _out_path(version, name)
    command = [INTERPRETERS[version], "-m", "loopscope_recorder", "-o", out, "--real-time",
               os.path.join(BAD, "ticking.py")]
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=WORKDIR, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, text=True, start_new_session=True)
    lines = []
    try:
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("tick 3"):
                break
        if whole_group:
            os.killpg(proc.pid, signal.SIGTERM)
        else:
            proc.send_signal(signal.SIGTERM)
        rest, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return Run(version, out, proc.returncode, "".join(lines) + rest, err, time.monotonic() - started)


# name: (how, arguments[, keyword arguments]); each runs on every interpreter.
CASES = {
    "syntax": (record, ("bad_syntax",)),
    "spin": (record, ("spin_forever", "--max-wall", "2")),
    "spin_cpu": (record, ("spin_forever", "--max-cpu", "1", "--max-wall", "120")),
    "stubborn": (record, ("stubborn_spin", "--max-wall", "1")),
    "memory": (record, ("huge_allocation",)),
    "deadlock": (record, ("lock_cycle",)),
    "flood_small": (record, ("print_flood", "--max-output", "100000")),
    # Ten million lines of a thousand characters: the default cap, 10 MB, within ten thousand.
    "flood_default": (record, ("print_flood",), {"args": ("10000000", "1000")}),
    "fork": (record, ("fork_child",)),
    "exit3": (record, ("exit_three",)),
    "os_exit4": (record, ("hard_exit",)),
    "events": (record, ("task_storm", "--max-events", "1000")),
    "never_idle": (record, ("never_idle", "--max-wall", "5")),
    "never_idle_real": (record, ("never_idle", "--real-time")),
    "no_asyncio": (record, ("no_asyncio",)),
    "crash": (record, ("crash",)),
    "sigterm_group": (record_then_terminate, (True,)),
    "sigterm_recorder": (record_then_terminate, (False,)),
}
_POOL = None
_FUTURES = {}


def start_all():
    """Starts every run, three at a time."""
    global _POOL
    if _POOL is not None:
        return
    _POOL = concurrent.futures.ThreadPoolExecutor(max_workers=3)
    for name, (how, arguments, *keywords) in CASES.items():
        for version in sorted(INTERPRETERS):
            _FUTURES[(name, version)] = _POOL.submit(how, version, name, *arguments, **(keywords[0] if keywords else {}))


def runs(name):
    start_all()
    return [future.result() for (n, _), future in sorted(_FUTURES.items()) if n == name]


def flood_bytes_and_lines(cap, width=0):
    """What print_flood.py gets out before a cap of `cap` bytes: the write that would pass the cap
    (a number or its newline) is refused."""
    total, lines, i = 0, 0, 0
    while True:
        for piece in (str(i).rjust(width), "\n"):
            if total + len(piece) > cap:
                return total, lines
            total += len(piece)
        lines += 1
        i += 1


class LimitTestCase(unittest.TestCase):
    def each(self, name):
        if not INTERPRETERS:
            self.skipTest("no CPython 3.11-3.15 found (see interpreters.py)")
        for run in runs(name):
            with self.subTest(python=run.version):
                yield run

    def assertEndsWith(self, run, message, wrote=None, status=None):
        """The recorder's last lines: `message` (exactly, or matching a compiled pattern), then
        the summary of the file it wrote (pattern `wrote`), if one was written."""
        lines = run.recorder_lines
        if wrote is not None:
            self.assertRegex(lines[-1], "^wrote %s \\(%s\\); exit status %d$" % (re.escape(run.out), wrote, status),
                             run.stderr)
            lines = lines[:-1]
        if isinstance(message, re.Pattern):
            self.assertRegex(lines[-1], message, run.stderr)
        else:
            self.assertEqual(lines[-1], message, run.stderr)
        self.assertEqual(len(lines), 1, run.stderr)  # one line says why

    def assertValidRecording(self, run):
        self.assertIsNotNone(run.recording, run.stderr)
        self.assertEqual(run.leftovers, [])
        if LOOPSCOPE:
            shown = subprocess.run([LOOPSCOPE, "show", run.out, "--json"], capture_output=True, text=True,
                                   timeout=60, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
            self.assertEqual(shown.returncode, 0, shown.stderr)


class BadInputTests(unittest.TestCase):
    def test_bad_limit_values_are_one_line_and_status_2(self):
        program = os.path.join(BAD, "no_asyncio.py")
        for arguments, message in (
                (["--max-wall", "soon", program], "--max-wall wants a number from 0 (no limit) to 86400; got 'soon'"),
                (["--max-cpu=-1", program], "--max-cpu wants a number from 0 (no limit) to 86400; got '-1'"),
                (["--max-memory", "1.5", program],
                 "--max-memory wants a whole number from 0 (no limit) to 16777216; got '1.5'"),
                (["--max-events", "nan", program],
                 "--max-events wants a whole number from 0 (no limit) to 10000000000; got 'nan'"),
                (["--max-output", "1e14", program],
                 "--max-output wants a whole number from 0 (no limit) to 10000000000000; got '1e14'"),
                (["--max-wall"], "--max-wall needs a value"),
        ):
            proc = subprocess.run([sys.executable, "-m", "loopscope_recorder"] + arguments,
                                  cwd=WORKDIR, env=ENV, capture_output=True, text=True, timeout=60)
            self.assertEqual(proc.returncode, 2, proc.stderr)
            self.assertEqual(proc.stderr, PREFIX + message + "\n")

    def test_limits_of_zero_are_off(self):
        out = os.path.join(WORKDIR, "zero.loopscope")
        proc = subprocess.run([sys.executable, "-m", "loopscope_recorder", "-o", out, "--max-wall", "0", "--max-cpu", "0",
                               "--max-memory=0", "--max-events", "0", "--max-output", "0",
                               os.path.join(BAD, "exit_three.py")],
                              cwd=WORKDIR, env=ENV, capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertEqual(decode_file(out).variants[0].error, "SystemExit: 3")


class LimitTests(LimitTestCase):
    def test_syntax_error_is_the_programs_failure_recorded_with_its_traceback(self):
        # As Python reports it (status 1, the traceback on stderr), and recorded, so a viewer can
        # mark the line; nothing of the program ran.
        path = os.path.join(BAD, "bad_syntax.py")
        for run in self.each("syntax"):
            self.assertEqual(run.returncode, 1, run.stderr)
            self.assertEndsWith(run, "syntax error in %s, line 7: expected ':'" % path, r"\d+ events, 0\.000 s", 1)
            self.assertValidRecording(run)
            self.assertEqual(run.variant.error, "SyntaxError: expected ':' (bad_syntax.py, line 7)")
            printed = run.printed()
            self.assertEqual(printed[0], '  File "%s", line 7' % path)
            self.assertEqual(printed[-1], "SyntaxError: expected ':'")
            self.assertNotIn("TaskCreated", [kind for _, kind, _, _, _ in rows(run.variant)])

    def test_spinning_task_is_stopped_at_the_wall_time(self):
        for run in self.each("spin"):
            self.assertEqual(run.returncode, 3, run.stderr)
            self.assertEqual(run.stdout, "beat\nspinning\n")  # `except Exception` did not catch the stop
            self.assertEndsWith(run, "wall time limit reached: the program ran for 2 s of real time (--max-wall 2) "
                                     "and was stopped", r"\d+ events, 0\.000 s, stopped part way", 3)
            self.assertEqual(len(run.stderr.splitlines()), 2, run.stderr)  # no traceback, no warnings
            self.assertValidRecording(run)
            self.assertEqual(run.variant.error, "LimitReached: wall time 2 s")
            self.assertTrue(run.variant.stopped)
            self.assertEqual(run.printed(), ["beat", "spinning"])
            self.assertLess(run.elapsed, 30)

    def test_spinning_task_is_stopped_at_the_cpu_time(self):
        for run in self.each("spin_cpu"):
            self.assertEqual(run.returncode, 3, run.stderr)
            self.assertEndsWith(run, "CPU time limit reached: the program used 1 s of CPU time (--max-cpu 1) "
                                     "and was stopped", r"\d+ events, 0\.000 s, stopped part way", 3)
            self.assertValidRecording(run)
            self.assertEqual(run.variant.error, "LimitReached: CPU time 1 s")
            self.assertLess(run.elapsed, 60)

    def test_loop_that_never_waits_is_said_so_early(self):
        # A timeout around a task looping on sleep(0) never fires on the virtual clock, which
        # moves only while the loop waits: the user used to see nothing for the whole 30 s.
        for run in self.each("never_idle"):
            self.assertEqual(run.returncode, 3, run.stderr)
            self.assertEqual(run.stdout, "spinning inside a timeout\n")
            self.assertEqual(len(run.recorder_lines), 3, run.stderr)
            self.assertRegex(run.recorder_lines[0], r"^the event loop has not waited once in 2 s of real time: .* "
                                                    r"stands still at 0\.000 s .*--real-time runs the program on real time\.$")
            self.assertEqual(run.recorder_lines[1], "wall time limit reached: the program ran for 5 s of real time "
                                                    "(--max-wall 5) and was stopped")
            self.assertValidRecording(run)
            self.assertEqual(run.printed(), ["spinning inside a timeout"])  # the notice is not the program's
        for run in self.each("never_idle_real"):
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertEqual(run.stdout, "spinning inside a timeout\ntimed out\n")
            self.assertEqual(len(run.recorder_lines), 1, run.stderr)

    def test_program_that_swallows_the_stop_is_written_from_where_it_is(self):
        for run in self.each("stubborn"):
            self.assertEqual(run.returncode, 3, run.stderr)
            self.assertEndsWith(run, "wall time limit reached: the program ran for 1 s of real time (--max-wall 1) "
                                     "and was stopped (it did not end when stopped: written from where it was)",
                                r"\d+ events, 0\.000 s, stopped part way", 3)
            self.assertValidRecording(run)
            self.assertEqual(run.variant.error, "LimitReached: wall time 1 s")
            self.assertEqual(run.printed(), ["spinning for good"])
            self.assertLess(run.elapsed, 30)

    def test_two_gigabytes_is_a_memory_error_of_the_program(self):
        for run in self.each("memory"):
            self.assertEqual(run.returncode, 1, run.stderr)
            self.assertEqual(run.stdout, "allocating\n")
            self.assertIn('huge_allocation.py", line 8, in load', run.stderr)
            self.assertEqual(run.stderr.splitlines()[-3], "MemoryError")
            self.assertEndsWith(run, "the program ran out of memory (--max-memory 1024 MiB): MemoryError",
                                r"\d+ events, 0\.500 s", 1)
            self.assertValidRecording(run)
            self.assertEqual(run.variant.error, "MemoryError")
            self.assertFalse(run.variant.stopped)
            finished = [(task, text) for _, kind, task, text, _ in rows(run.variant) if kind == "TaskFinished"]
            self.assertEqual(finished, [("Task-1", "Failed MemoryError")])

    def test_deadlock_is_reported_in_one_line(self):
        for run in self.each("deadlock"):
            self.assertEqual(run.returncode, 1, run.stderr)
            why = ("deadlock: nothing can ever run again, but 3 tasks wait; waiting: Task-1 waits for gather of 2 "
                   "tasks, Task-2 waits for lock 2 (held by Task-3), Task-3 waits for lock 1 (held by Task-2)")
            self.assertEndsWith(run, why, r"\d+ events, 0\.200 s, deadlocked", 1)
            self.assertEqual(run.stderr.count("\n"), 2, run.stderr)
            self.assertValidRecording(run)
            self.assertTrue(run.variant.deadlocked)
            self.assertEqual(run.variant.error, "DeadlockError: " + why)

    def test_ten_million_prints_hit_a_small_output_cap(self):
        # Ten million short lines take the recorder about 20 us each: the default cap (10 MB,
        # 1.4 million lines) would take half a minute, so a smaller one stands in for it here.
        expected_bytes, expected_lines = flood_bytes_and_lines(100000)
        self.assertEqual((expected_bytes, expected_lines), (99998, 18518))
        for run in self.each("flood_small"):
            self.assertEqual(run.returncode, 3, run.stderr)
            self.assertEqual(len(run.stdout), expected_bytes)
            self.assertTrue(run.stdout.endswith("\n18516\n18517\n"))
            self.assertEndsWith(run, "output limit reached: the program tried to print more than 100000 bytes "
                                     "(--max-output 100000) and was stopped",
                                r"\d+ events, 0\.000 s, stopped part way", 3)
            self.assertValidRecording(run)
            self.assertEqual(run.variant.error, "LimitReached: output 100000 bytes")
            printed = run.printed()
            self.assertEqual(len(printed), expected_lines)
            self.assertEqual(printed[-1], "18517")

    def test_long_lines_hit_the_default_output_cap(self):
        expected_bytes, expected_lines = flood_bytes_and_lines(10_000_000, 1000)
        self.assertEqual((expected_bytes, expected_lines), (9_999_990, 9990))
        for run in self.each("flood_default"):
            self.assertEqual(run.returncode, 3, run.stderr)
            self.assertEqual(len(run.stdout), expected_bytes)
            self.assertEndsWith(run, "output limit reached: the program tried to print more than 10000000 bytes "
                                     "(--max-output 10000000) and was stopped",
                                r"\d+ events, 0\.000 s, stopped part way", 3)
            self.assertValidRecording(run)
            self.assertEqual(run.variant.error, "LimitReached: output 10000000 bytes")
            self.assertEqual(len(run.printed()), expected_lines)
            self.assertEqual(run.printed()[-1], "9989".rjust(1000))

    def test_fork_records_the_parent_only(self):
        for run in self.each("fork"):
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertEqual(run.stdout.splitlines(),
                             ["child says hello", "parent saw its child end with status 7", "parent"])
            self.assertEndsWith(run, "the program forked 1 child process; only the parent was recorded",
                                r"\d+ events, 2\.000 s", 0)
            self.assertValidRecording(run)
            self.assertEqual(run.variant.error, "")
            self.assertEqual(run.variant.result, "'parent'")
            self.assertEqual(run.printed(), [
                "[loopscope-recorder] the program forked: only this process (the parent) is recorded",
                "parent saw its child end with status 7", "parent"])
            note = [e for e in run.variant.events if e.kind == PRINT][0]
            self.assertEqual(note.line, 8)

    def test_sys_exit_3_is_the_exit_status(self):
        for run in self.each("exit3"):
            self.assertEqual(run.returncode, 3, run.stderr)
            self.assertEqual(run.stdout, "giving up\n")
            self.assertEndsWith(run, "the program exited with status 3 (sys.exit)", r"\d+ events, 0\.250 s", 3)
            self.assertValidRecording(run)
            self.assertEqual(run.variant.error, "SystemExit: 3")
            self.assertFalse(run.variant.stopped)

    def test_os_exit_writes_the_recording_first(self):
        for run in self.each("os_exit4"):
            self.assertEqual(run.returncode, 4, run.stderr)
            self.assertEqual(run.stdout, "leaving now\n")  # no finally ran
            self.assertEndsWith(run, "the program called os._exit(4)", r"\d+ events, 0\.500 s", 4)
            self.assertValidRecording(run)
            self.assertEqual(run.variant.error, "os._exit(4)")
            self.assertEqual(run.printed(), ["leaving now"])

    def test_event_cap_stops_a_task_storm(self):
        for run in self.each("events"):
            self.assertEqual(run.returncode, 3, run.stderr)
            self.assertEndsWith(run, "event limit reached: 1000 events recorded (--max-events 1000); "
                                     "the program was stopped", r"1001 events, 0\.000 s, stopped part way", 3)
            self.assertEqual(len(run.stderr.splitlines()), 2, run.stderr)  # no "never awaited" noise
            self.assertValidRecording(run)
            self.assertEqual(run.variant.error, "LimitReached: 1000 events")
            self.assertEqual(len(run.variant.events), 1001)  # the cap, and the loop's closing
            self.assertEqual(rows(run.variant)[-1][1:4], ("LoopPhase", "loop", "Closed"))

    def test_program_without_asyncio_is_said_so(self):
        for run in self.each("no_asyncio"):
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertEndsWith(run, "the program never started an asyncio event loop; only its output was recorded",
                                r"1 events, 0\.000 s", 0)
            self.assertValidRecording(run)
            self.assertEqual(run.printed(), ["total 45"])

    def test_interpreter_crash_says_nothing_was_saved(self):
        for run in self.each("crash"):
            self.assertEqual(run.returncode, 1, run.stderr)
            self.assertEqual(run.stdout, "about to crash\n")
            self.assertEqual(run.recorder_lines,
                             ["the Python interpreter crashed (SIGSEGV, Segmentation fault); nothing was recorded"])
            self.assertIsNone(run.recording)
            self.assertEqual(run.leftovers, [])

    def test_sigterm_writes_what_was_recorded(self):
        for name in ("sigterm_group", "sigterm_recorder"):
            for run in self.each(name):
                self.assertEqual(run.returncode, 143, run.stderr)
                self.assertEndsWith(run, re.compile(r"^stopped by SIGTERM after \d+\.\d s; what was recorded until "
                                                    r"then was written$"),
                                    r"\d+ events, \d+\.\d{3} s, stopped part way", 143)
                self.assertValidRecording(run)
                self.assertEqual(run.recording.clock, 1)
                self.assertEqual(run.variant.error, "Stopped: SIGTERM")
                self.assertTrue(run.variant.stopped)
                self.assertEqual(run.printed()[:3], ["tick 1", "tick 2", "tick 3"])
                self.assertLess(run.elapsed, 30)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--loopscope":
        LOOPSCOPE = sys.argv[2]
        del sys.argv[1:3]
    print(describe(INTERPRETERS, MISSING))
    started = time.monotonic()
    start_all()  # every run starts now, in parallel with the tests that wait for none
    try:
        result = unittest.main(verbosity=2, exit=False).result
    finally:
        if _POOL is not None:
            _POOL.shutdown(wait=True)
        shutil.rmtree(WORKDIR, ignore_errors=True)
        done = sorted(((f.result().elapsed, "%s %s" % key) for key, f in _FUTURES.items()
                       if f.done() and not f.exception()), reverse=True)
        print("took %.1f s; longest runs: %s" % (time.monotonic() - started,
                                                  ", ".join("%s %.1f s" % (name, t) for t, name in done[:6])))
    sys.exit(0 if result.wasSuccessful() else 1)
