"""The command line where an adversarial round found holes: comma-decimal locales, device files and
links as export targets, ranges far past the run, live runs stopped by signals, values that used to
validate and then fail, targets checked before work, and messages that stay one line.

    python3 tests/cli/test_hardening.py build/dev/app/loopscope
"""

import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import unittest

from smallfs import small_tmpfs

EXE = None
ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen")
HANG = 60  # seconds: a guard against hanging, not a speed target


def comma_locale():
    """A comma-decimal locale the C library knows, or None."""
    import locale
    for name in ("de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8"):
        try:
            locale.setlocale(locale.LC_NUMERIC, name)
            point = locale.localeconv()["decimal_point"]
            locale.setlocale(locale.LC_NUMERIC, "C")
            if point == ",":
                return name
        except locale.Error:
            pass
    return None


SCRATCH = tempfile.mkdtemp(prefix="loopscope-hardening-")  # where relative names land, if any


def run(*args, env=None, timeout=HANG, **kw):
    return subprocess.run([EXE, *args], capture_output=True, env=env or ENV, timeout=timeout, cwd=SCRATCH, **kw)


class Refusal(unittest.TestCase):
    def refused(self, args, *fragments, status=2):
        done = run(*args)
        err = done.stderr.decode("utf-8", "replace")
        self.assertEqual(done.returncode, status, err + done.stdout.decode("utf-8", "replace"))
        self.assertEqual(done.stdout, b"")
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertTrue(err.startswith("loopscope: "), err)
        for f in fragments:
            self.assertIn(f, err)
        return err


class LocaleTest(unittest.TestCase):
    def setUp(self):
        self.locale = comma_locale()
        if not self.locale:
            if os.environ.get("CI"):
                self.fail("no comma-decimal locale on this CI machine: dev.sh should make de_DE.UTF-8")
            self.skipTest("no comma-decimal locale installed (localedef -i de_DE -f UTF-8 de_DE.UTF-8)")
        self.env = dict(ENV, LC_ALL=self.locale, LANG=self.locale)

    def test_values_parse_and_print_with_a_point(self):
        done = run("run", "loop-cycle", "--set", "delays=2.5,1.5,0.5", env=self.env)
        out = done.stdout.decode()
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("== loop-cycle / main: 2.500 s", out)
        self.assertIn("task 1: sleeping 2.50 s", out)
        self.assertNotIn(",00 s", out)

    def test_answers_are_the_same_as_in_the_c_locale(self):
        for lesson in ("semaphores", "blocking-the-loop", "backpressure", "loop-cycle"):
            with self.subTest(lesson=lesson):
                german = json.loads(run("run", lesson, "--json", env=self.env).stdout)
                plain = json.loads(run("run", lesson, "--json", env=dict(ENV, LC_ALL="C")).stdout)
                self.assertEqual(german, plain)

    def test_exported_trace_is_the_same(self):
        with tempfile.TemporaryDirectory() as d:
            a, b = os.path.join(d, "a.json"), os.path.join(d, "b.json")
            self.assertEqual(run("export", "gather", "--format", "trace", "--out", a, env=self.env).returncode, 0)
            self.assertEqual(run("export", "gather", "--format", "trace", "--out", b, env=dict(ENV, LC_ALL="C")).returncode, 0)
            with open(a, "rb") as fa, open(b, "rb") as fb:
                self.assertEqual(fa.read(), fb.read())


class ExportTargetTest(Refusal):
    def test_device_files_are_refused_and_left_alone(self):
        for device in ("/dev/null", "/dev/full"):
            with self.subTest(device=device):
                self.refused(["export", "gather", "--format", "png", "--out", device], "not a regular file")
                self.assertTrue(stat.S_ISCHR(os.stat(device).st_mode))

    def test_fifo_and_folder_are_refused(self):
        with tempfile.TemporaryDirectory() as d:
            fifo = os.path.join(d, "pipe.png")
            os.mkfifo(fifo)
            self.refused(["export", "gather", "--format", "png", "--out", fifo], "not a regular file")
            self.assertTrue(stat.S_ISFIFO(os.stat(fifo).st_mode))
            folder = os.path.join(d, "folder.png")
            os.mkdir(folder)
            self.refused(["export", "gather", "--format", "png", "--out", folder], "not a regular file")
            self.assertTrue(os.path.isdir(folder))

    def test_a_link_is_written_through_and_stays_a_link(self):
        with tempfile.TemporaryDirectory() as d:
            target = os.path.join(d, "real.svg")
            with open(target, "w") as f:
                f.write("old")
            link = os.path.join(d, "link.svg")
            os.symlink(target, link)
            done = run("export", "gather", "--format", "svg", "--out", link)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertTrue(os.path.islink(link))
            with open(target) as f:
                self.assertIn("<svg", f.read())
            # A link whose target does not exist yet: the target is created.
            dangling = os.path.join(d, "later.svg")
            os.symlink(os.path.join(d, "made.svg"), dangling)
            self.assertEqual(run("export", "gather", "--format", "svg", "--out", dangling).returncode, 0)
            self.assertTrue(os.path.islink(dangling))
            self.assertTrue(os.path.isfile(os.path.join(d, "made.svg")))

    def test_dash_is_standard_output(self):
        for fmt, start in (("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF"), ("trace", b"{")):
            with self.subTest(format=fmt):
                done = run("export", "gather", "--format", fmt, "--out", "-")
                self.assertEqual(done.returncode, 0, done.stderr)
                self.assertTrue(done.stdout.startswith(start), done.stdout[:20])
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "t.json")
            run("export", "semaphores", "--format", "trace", "--out", path)
            with open(path, "rb") as f:
                self.assertEqual(f.read(), run("export", "semaphores", "--format", "trace", "--out", "-").stdout)

    def test_a_missing_folder_is_refused_before_the_lesson_runs(self):
        # 100,000 requests would take seconds and gigabytes to export; the check comes first.
        began = time.monotonic()
        self.refused(["export", "real-world-io", "--set", "n=100000", "--format", "trace", "--out",
                      "/no/such/folder/t.json"], "does not exist")
        self.assertLess(time.monotonic() - began, HANG)

    def test_name_and_format_must_agree(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "x.svg")
            self.refused(["export", "gather", "--format", "png", "--out", path], "names a svg file", "--format is png")
            self.assertFalse(os.path.exists(path))
            # A name without a known ending is taken as it is.
            self.assertEqual(run("export", "gather", "--format", "png", "--out", os.path.join(d, "figure")).returncode, 0)

    def test_full_disk_says_so(self):
        with open("/dev/full", "wb") as full:
            done = subprocess.run([EXE, "export", "gather", "--format", "png", "--out", "-"], stdout=full,
                                  stderr=subprocess.PIPE, env=ENV, timeout=HANG)
        self.assertEqual(done.returncode, 1)
        self.assertIn(b"No space left on device", done.stderr)
        self.assertEqual(len(done.stderr.strip().splitlines()), 1)

    def test_full_disk_keeps_the_existing_file(self):
        with small_tmpfs(self, "128k") as d:
            path = os.path.join(d, "big.json")
            with open(path, "wb") as f:
                f.write(b"precious")
            # A thousand requests' trace is megabytes: far more than the 128 KiB there is.
            done = run("export", "real-world-io", "--format", "trace", "--out", path)
            self.assertEqual(done.returncode, 1, done.stderr)
            self.assertIn(b"No space left on device", done.stderr)
            with open(path, "rb") as f:
                self.assertEqual(f.read(), b"precious")
            self.assertEqual(os.listdir(d), ["big.json"])  # no temporary file left behind

    def test_a_name_that_is_not_utf8_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(os.fsencode(d), b"caf\xe9.png")
            done = subprocess.run([EXE, "export", "gather", "--format", "png", "--out", path], capture_output=True,
                                  env=ENV, timeout=HANG)
            self.assertEqual(done.returncode, 2)
            self.assertIn(b"not UTF-8", done.stderr)
            self.assertEqual(os.listdir(d), [])

    def test_all_creates_its_folder(self):
        with tempfile.TemporaryDirectory() as d:
            folder = os.path.join(d, "new", "figures")
            done = run("export", "--all", "--format", "trace", "--dir", folder, timeout=300)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertIn("gather.json", os.listdir(folder))


class RangeTest(Refusal):
    def test_a_range_far_past_the_run_is_refused_in_bounded_time(self):
        with tempfile.TemporaryDirectory() as d:
            for fmt in ("png", "svg", "pdf"):
                with self.subTest(format=fmt):
                    path = os.path.join(d, "far." + fmt)
                    self.refused(["export", "gather", "--format", fmt, "--out", path, "--from", "8e7"], "--from", "end")
                    self.assertFalse(os.path.exists(path))

    def test_a_wide_range_paints_in_bounded_time_and_size(self):
        with tempfile.TemporaryDirectory() as d:
            for fmt in ("png", "svg", "pdf"):
                with self.subTest(format=fmt):
                    path = os.path.join(d, "wide." + fmt)
                    done = run("export", "gather", "--format", fmt, "--out", path, "--from", "0.5", "--to", "1e9")
                    self.assertEqual(done.returncode, 0, done.stderr)
                    self.assertLess(os.path.getsize(path), 5_000_000)


class ValueTest(Refusal):
    def test_values_that_used_to_validate_then_fail(self):
        for value in ("1e-310", "nan", "inf", "-inf", "1e400", "2;5", "1,nan"):
            with self.subTest(value=value):
                self.refused(["run", "loop-cycle", "--set", "delays=" + value], "invalid value", "delays")

    def test_times_must_be_finite(self):
        for value in ("nan", "inf", "-1", "1e400"):
            with self.subTest(value=value):
                self.refused(["--at", value], "--at")
                self.refused(["export", "gather", "--format", "png", "--out", "x.png", "--from", value], "--from")


class MessageTest(Refusal):
    def test_export_alone_is_one_line_on_stderr(self):
        self.refused(["export"], "export --help")

    def test_unexpected_arguments_are_one_line(self):
        self.refused(["export", "gather", "--format", "png", "--out", "x.png", "--bogus"], "'--bogus'")
        self.refused(["export", "--all", "--format", "png", "--dir", "d", "--bogus"], "'--bogus'")

    def test_sizes_are_whole_and_checked_before_the_run(self):
        self.refused(["export", "gather", "--format", "png", "--out", "x.png", "--width", "16", "--height", "16",
                      "--scale", "0.25"], "16 to 16000")
        self.refused(["export", "gather", "--format", "png", "--out", "x.png", "--width", "16.9"], "whole number")
        self.refused(["export", "gather", "--format", "png", "--out", "x.png", "--width", "20000"], "16 to 16000")

    def test_top_level_usage_names_every_command(self):
        err = self.refused(["--bogus"])
        for command in ("list", "run", "export"):
            self.assertIn(command, err)

    def test_help_goes_to_stdout(self):
        done = run("export", "--help")
        self.assertEqual(done.returncode, 0)
        self.assertIn(b"usage: loopscope export", done.stdout)


class LiveStopTest(unittest.TestCase):
    ARGS = ["run", "real-world-io", "--live", "--set", "n=100000", "--set", "latency=10", "--variant", "concurrent"]

    def start(self, *extra):
        return subprocess.Popen([EXE, *self.ARGS, *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)

    def stop_with(self, sig, status, name):
        proc = self.start()
        # The first round is on the wire: making 100,000 tasks takes about 0.4 s, several seconds
        # on a loaded machine, and replies take 10 s.
        time.sleep(5)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=HANG)
        self.assertEqual(proc.returncode, status, err)
        lines = out.decode().splitlines()
        # At most the first round went on the wire (16 connections x 6): nothing new is sent once
        # a stop is asked for, where each aborted reply used to send the next of 100,000.
        match = re.search(r"live, (\d+) requests sent, the local server answered 0", lines[0])
        self.assertTrue(match, lines[0])
        self.assertTrue(1 <= int(match.group(1)) <= 96, lines[0])
        self.assertEqual(lines[-1], f"stopped part way ({name}); the report above is what was recorded")

    def test_ctrl_c(self):
        self.stop_with(signal.SIGINT, 130, "Ctrl+C")

    def test_sigterm(self):
        self.stop_with(signal.SIGTERM, 143, "SIGTERM")

    def test_sighup(self):
        self.stop_with(signal.SIGHUP, 129, "SIGHUP")

    def test_a_second_signal_ends_at_once(self):
        proc = self.start("--json")
        time.sleep(3)
        proc.send_signal(signal.SIGINT)
        time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=HANG)
        self.assertEqual(proc.returncode, 130)
        self.assertIn(b"stopped at once", err)


if __name__ == "__main__":
    EXE = os.path.abspath(sys.argv.pop(1))
    try:
        unittest.main(verbosity=2)
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
