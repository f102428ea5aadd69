"""Recordings on the command line: `run --save`, `show`, `export --recording` and `open`.

For every lesson, at its defaults and at one other setting, the saved recording reports the same
JSON as the run that made it and exports the same PNG, byte for byte. Damaged files are refused
with one line and exit status 2, and a failed save leaves the file that was there.

    python3 tests/cli/test_recording.py build/dev/app/loopscope
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

from smallfs import small_tmpfs

EXE = None
ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen")


def run(*args, timeout=300):
    return subprocess.run([EXE, *args], capture_output=True, env=ENV, timeout=timeout)


def other_setting(param):
    """The lesson's first parameter moved one notch from its default (tests/lessons/othersetting.h)."""
    d = param["default"]
    kind = param["type"]
    if kind == "int":
        v = int(d)
        return f"{param['name']}={v + 1 if v + 1 <= param['max'] else v - 1}"
    if kind == "float":
        v = float(d)
        w = v * 2 if v * 2 <= param["max"] else (v + param["min"]) / 2
        return f"{param['name']}={w!r}"
    if kind == "bool":
        return f"{param['name']}={'false' if d == 'true' else 'true'}"
    if kind == "choice":
        choices = param["choices"]
        return f"{param['name']}={choices[-1] if choices[0] == d else choices[0]}"
    parts = d.split(",")
    return f"{param['name']}={','.join(parts[1:]) if len(parts) > 1 else d + ',' + d}"


class RoundTripTest(unittest.TestCase):
    def test_every_lesson_reports_and_exports_the_same_after_saving(self):
        lessons = json.loads(run("list", "--json").stdout)
        self.assertEqual(len(lessons), 22)
        with tempfile.TemporaryDirectory() as tmp:
            for lesson in lessons:
                settings = [[]]
                if lesson["params"]:
                    settings.append(["--set", other_setting(lesson["params"][0])])
                for extra in settings:
                    with self.subTest(lesson=lesson["id"], setting=extra):
                        saved = os.path.join(tmp, lesson["id"] + ".loopscope")
                        made = run("run", lesson["id"], *extra, "--json", "--save", saved)
                        self.assertEqual(made.returncode, 0, made.stderr)
                        shown = run("show", saved, "--json")
                        self.assertEqual(shown.returncode, 0, shown.stderr)
                        self.assertEqual(shown.stdout, made.stdout)
                        text_made = run("run", lesson["id"], *extra)
                        text_shown = run("show", saved)
                        self.assertEqual(text_shown.stdout, text_made.stdout)
                        fresh = os.path.join(tmp, "fresh.png")
                        again = os.path.join(tmp, "again.png")
                        picture = ["--format", "png", "--width", "800", "--height", "500"]
                        self.assertEqual(run("export", lesson["id"], *extra, *picture, "--out", fresh).returncode, 0)
                        done = run("export", "--recording", saved, *picture, "--out", again)
                        self.assertEqual(done.returncode, 0, done.stderr)
                        with open(fresh, "rb") as a, open(again, "rb") as b:
                            self.assertEqual(a.read(), b.read())

    def test_one_variant_saves_alone_and_has_no_answers(self):
        with tempfile.TemporaryDirectory() as tmp:
            saved = os.path.join(tmp, "one.loopscope")
            made = run("run", "blocking-vs-async", "--variant", "concurrent", "--json", "--save", saved)
            self.assertEqual(made.returncode, 0, made.stderr)
            report = json.loads(run("show", saved, "--json").stdout)
            self.assertEqual([v["name"] for v in report["variants"]], ["concurrent"])
            self.assertNotIn("predictions", report)
            self.assertEqual(run("export", "--recording", saved, "--variant", "nope", "--format", "png",
                                 "--out", os.path.join(tmp, "x.png")).returncode, 2)


class RefusalTest(unittest.TestCase):
    def refused(self, path):
        done = run("show", path)
        self.assertEqual(done.returncode, 2)
        lines = done.stderr.decode().splitlines()
        self.assertEqual(len(lines), 1, lines)
        self.assertEqual(done.stdout, b"")
        return lines[0]

    def test_damaged_truncated_newer_and_foreign_files_are_refused_with_the_reason(self):
        with tempfile.TemporaryDirectory() as tmp:
            good = os.path.join(tmp, "good.loopscope")
            self.assertEqual(run("run", "semaphores", "--save", good).returncode, 0)
            with open(good, "rb") as f:
                data = f.read()

            def write(name, content):
                path = os.path.join(tmp, name)
                with open(path, "wb") as f:
                    f.write(content)
                return path

            self.assertIn("truncated: ", self.refused(write("cut.loopscope", data[: len(data) // 2])))
            flipped = bytearray(data)
            flipped[len(data) - 7] ^= 0x10
            self.assertIn("damaged: ", self.refused(write("flip.loopscope", bytes(flipped))))
            self.assertIn("not a Loopscope recording", self.refused(write("zip.loopscope", b"PK\x03\x04" + data)))
            self.assertIn("no such file", self.refused(os.path.join(tmp, "missing.loopscope")))
            self.assertIn("it is a folder", self.refused(tmp))
            self.assertIn("not a Loopscope recording", self.refused(write("empty.loopscope", b"")))

    def test_a_failed_save_keeps_the_old_file_and_says_why(self):
        # A full file system: 64 KiB cannot hold real-world-io's recording (about 150 KiB).
        with small_tmpfs(self, "64k") as d:
            target = os.path.join(d, "keep.loopscope")
            with open(target, "wb") as f:
                f.write(b"old contents")
            done = run("run", "real-world-io", "--save", target)
            self.assertEqual(done.returncode, 1)
            lines = done.stderr.decode().splitlines()
            self.assertEqual(len(lines), 1, lines)
            self.assertIn("the recording was not saved", lines[0])
            self.assertIn("No space left on device", lines[0])
            with open(target, "rb") as f:
                self.assertEqual(f.read(), b"old contents")
            self.assertEqual(os.listdir(d), ["keep.loopscope"])  # no temporary file left behind

    def test_save_checks_the_target_before_running(self):
        done = run("run", "semaphores", "--save", "/no/such/folder/x.loopscope")
        self.assertEqual(done.returncode, 2)
        self.assertEqual(done.stdout, b"")
        self.assertEqual(len(done.stderr.decode().splitlines()), 1)

    def test_open_refuses_a_bad_file_before_any_window(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "bad.loopscope")
            with open(path, "wb") as f:
                f.write(b"nothing here")
            done = run("open", path)
            self.assertEqual(done.returncode, 2)
            self.assertEqual(len(done.stderr.decode().splitlines()), 1, done.stderr)


if __name__ == "__main__":
    EXE = sys.argv.pop(1)
    unittest.main(verbosity=2)
