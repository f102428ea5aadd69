"""`loopscope record PROGRAM.py` and `loopscope export --program`: a user's program recorded on
CPython through the recorder in a child process, reported like `loopscope run` reports a lesson.

    python3 tests/cli/test_record.py build/dev/app/loopscope
"""

import glob
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

EXE = None
ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen")
WORK = tempfile.mkdtemp(prefix="loopscope-record-tests-")


def program(name, text):
    path = os.path.join(WORK, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(textwrap.dedent(text).lstrip())
    return path


def run(*args, timeout=120):
    return subprocess.run([EXE, *args], capture_output=True, env=ENV, timeout=timeout, text=True)


def python_version(exe):
    out = subprocess.run([exe, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                         capture_output=True, text=True).stdout.strip()
    return out


TWO_SLEEPERS = """\
    import asyncio

    async def nap(name, seconds):
        print(f"{name} lies down")
        await asyncio.sleep(seconds)
        print(f"{name} wakes up")
        return seconds

    async def main():
        total = sum(await asyncio.gather(nap("ada", 2.0), nap("bob", 0.5)))
        print(f"slept {total} s in all")

    asyncio.run(main())
    """


class RecordTest(unittest.TestCase):
    def test_json_report_has_the_programs_prints_at_their_virtual_times(self):
        path = program("two_sleepers.py", TWO_SLEEPERS)
        done = run("record", path, "--json")
        self.assertEqual(done.returncode, 0, done.stderr)
        report = json.loads(done.stdout)
        self.assertIsNone(report["lesson"])
        self.assertEqual(report["program"], "two_sleepers.py")
        self.assertEqual(report["clock"], "virtual")
        self.assertEqual(report["python"], python_version("python3"))
        self.assertEqual(report["params"], {})
        [variant] = report["variants"]
        self.assertEqual(variant["name"], "main")
        self.assertAlmostEqual(variant["total_s"], 2.0, places=6)
        self.assertEqual([(line["t_s"], line["text"]) for line in variant["console"]],
                         [(0.0, "ada lies down"), (0.0, "bob lies down"), (0.5, "bob wakes up"),
                          (2.0, "ada wakes up"), (2.0, "slept 2.5 s in all")])
        self.assertNotIn("predictions", report)

    def test_text_report_matches_run_shape_and_same_program_same_report(self):
        path = program("two_sleepers_text.py", TWO_SLEEPERS)
        first, second = run("record", path), run("record", path)
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertEqual(first.stdout, second.stdout)
        self.assertTrue(first.stdout.startswith("== two_sleepers_text.py / main: 2.000 s\n"), first.stdout)
        self.assertIn("   0.500  bob wakes up\n", first.stdout)

    def test_saved_recording_shows_the_same_and_exports(self):
        path = program("saved.py", TWO_SLEEPERS)
        saved = os.path.join(WORK, "saved.loopscope")
        recorded = run("record", path, "--json", "--save", saved)
        self.assertEqual(recorded.returncode, 0, recorded.stderr)
        shown = run("show", saved, "--json")
        self.assertEqual(shown.returncode, 0, shown.stderr)
        a, b = json.loads(recorded.stdout), json.loads(shown.stdout)
        a.pop("python")
        self.assertEqual(a, b)
        png = os.path.join(WORK, "saved.png")
        exported = run("export", "--program", path, "--format", "png", "--out", png, "--width", "800", "--height", "400")
        self.assertEqual(exported.returncode, 0, exported.stderr)
        with open(png, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")

    def test_program_arguments_follow_the_double_dash(self):
        path = program("echo_args.py", """\
            import asyncio, sys

            async def main():
                await asyncio.sleep(0)
                print("args:", " ".join(sys.argv[1:]))

            asyncio.run(main())
            """)
        done = run("record", path, "--json", "--", "--json", "two words")
        self.assertEqual(done.returncode, 0, done.stderr)
        console = json.loads(done.stdout)["variants"][0]["console"]
        self.assertEqual([line["text"] for line in console], ["args: --json two words"])

    def test_a_failing_program_reports_its_error_and_traceback_and_exits_1(self):
        path = program("divides.py", """\
            import asyncio

            async def main():
                await asyncio.sleep(1)
                return 1 / 0

            asyncio.run(main())
            """)
        done = run("record", path, "--json")
        self.assertEqual(done.returncode, 1, done.stderr)
        variant = json.loads(done.stdout)["variants"][0]
        self.assertEqual(variant["error"], "ZeroDivisionError: division by zero")
        texts = [line["text"] for line in variant["console"]]
        self.assertIn('  File "%s", line 5, in main' % path, texts)
        self.assertEqual(texts[-1], "ZeroDivisionError: division by zero")

    def test_exit_status_is_the_programs_own(self):
        path = program("exits.py", """\
            import asyncio, sys

            async def main():
                await asyncio.sleep(0.25)
                print("leaving with 3")
                sys.exit(3)

            asyncio.run(main())
            """)
        done = run("record", path, "--json")
        self.assertEqual(done.returncode, 3, done.stderr)
        variant = json.loads(done.stdout)["variants"][0]
        self.assertEqual([line["text"] for line in variant["console"]], ["leaving with 3"])

    def test_bad_input_is_one_line_and_exit_2(self):
        cases = [
            (["record"], "no program given"),
            (["record", os.path.join(WORK, "missing.py")], "no such program"),
            (["record", WORK], "is a folder"),
            (["record", program("fine.py", TWO_SLEEPERS), "--python", "/nonexistent/python3"], "cannot start Python"),
            (["record", program("fine2.py", TWO_SLEEPERS), "--max-wall", "-1"], "--max-wall wants a number"),
            (["record", program("fine3.py", TWO_SLEEPERS), "--max-events", "2.5"], "--max-events wants a whole number"),
            (["record", program("fine4.py", TWO_SLEEPERS), "--bogus"], "unexpected argument '--bogus'"),
            (["record", program("fine5.py", TWO_SLEEPERS), "--json", "--save", "-"], "would both write to standard output"),
            (["export", "--program", os.path.join(WORK, "missing.py"), "--format", "png", "--out",
              os.path.join(WORK, "x.png")], "no such program"),
        ]
        for args, expected in cases:
            with self.subTest(args=args):
                done = run(*args)
                self.assertEqual(done.returncode, 2, done.stderr)
                lines = done.stderr.strip().splitlines()
                self.assertEqual(len(lines), 1, done.stderr)
                self.assertTrue(lines[0].startswith("loopscope: "), lines[0])
                self.assertIn(expected, lines[0])
                self.assertEqual(done.stdout, "")

    def test_an_older_python_is_refused_by_name(self):
        root = subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip() if _has("pyenv") else ""
        old = sorted(glob.glob(os.path.join(root, "versions", "3.10.*", "bin", "python3"))) if root else []
        if not old:
            self.skipTest("no CPython 3.10 under pyenv to try")
        done = run("record", program("old.py", TWO_SLEEPERS), "--python", old[-1])
        self.assertEqual(done.returncode, 2)
        self.assertIn("recording needs CPython 3.11 or later", done.stderr)

    def test_ctrl_c_stops_the_program_and_reports_what_was_recorded(self):
        path = program("forever.py", """\
            import asyncio

            async def main():
                print("ticking")
                while True:
                    await asyncio.sleep(0)

            asyncio.run(main())
            """)
        proc = subprocess.Popen([EXE, "record", path, "--json", "--real-time"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=ENV, text=True)
        # Time for CPython to start and the recorder to install its handler, even on a loaded
        # machine; the program ticks forever, so waiting longer costs nothing but the wait.
        time.sleep(4.0)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 130, err)
        variant = json.loads(out)["variants"][0]
        self.assertEqual(variant["console"][0]["text"], "ticking")
        self.assertGreater(variant["total_s"], 0.0)


def _has(tool):
    return any(os.access(os.path.join(d, tool), os.X_OK) for d in os.environ.get("PATH", "").split(os.pathsep))


if __name__ == "__main__":
    EXE = os.path.abspath(sys.argv.pop(1))
    unittest.main()
