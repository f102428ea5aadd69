"""The command line's contract: `loopscope list`, `loopscope run --json` shape for every lesson, and
bad input refused with one line and exit status 2.

    python3 tests/cli/test_cli.py build/dev/app/loopscope
"""

import json
import os
import signal
import struct
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

EXE = None
ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen")
STATES = {"pending", "done", "failed", "cancelled"}
WARNINGS = {"slow_callback", "never_awaited", "exception_never_retrieved", "deadlock", "swallowed_cancel"}


def run(*args):
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=ENV, timeout=120)


def is_seconds(v, nullable=False):
    return (v is None and nullable) or (isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0)


class ListTest(unittest.TestCase):
    def test_list_names_every_lesson_with_chapter_and_title(self):
        done = run("list")
        self.assertEqual(done.returncode, 0)
        ids = [line.split()[0] for line in done.stdout.splitlines()]
        self.assertEqual(len(ids), 22)
        self.assertEqual(ids[0], "event-loop")
        self.assertEqual(ids[-1], "complexity")

    def test_list_json_has_parameters_and_variants(self):
        lessons = json.loads(run("list", "--json").stdout)
        self.assertEqual(len(lessons), 22)
        for lesson in lessons:
            self.assertTrue(lesson["variants"])
            for p in lesson["params"]:
                self.assertIn(p["type"], {"int", "float", "bool", "choice", "list"})
                self.assertIn("default", p)
                if p["type"] == "choice":
                    self.assertIn(p["default"], p["choices"])
                elif p["type"] != "bool":
                    self.assertLessEqual(p["min"], p["max"])


class RunJsonShapeTest(unittest.TestCase):
    def test_every_lesson_report_has_the_documented_shape(self):
        for lesson in json.loads(run("list", "--json").stdout):
            with self.subTest(lesson=lesson["id"]):
                done = run("run", lesson["id"], "--json")
                self.assertEqual(done.returncode, 0, done.stderr)
                report = json.loads(done.stdout)
                self.assertEqual(report["lesson"], lesson["id"])
                self.assertEqual(report["clock"], "virtual")
                self.assertEqual(set(report["params"]), {p["name"] for p in lesson["params"]})
                self.assertEqual([v["name"] for v in report["variants"]], lesson["variants"])
                for v in report["variants"]:
                    self.assertTrue({"name", "total_s", "result", "error", "tasks", "console", "warnings"} <= set(v))
                    self.assertTrue(is_seconds(v["total_s"]))
                    self.assertTrue(v["error"] is None or isinstance(v["error"], str))
                    self.assertTrue(v["tasks"])
                    for t in v["tasks"]:
                        self.assertEqual(set(t), {"id", "name", "state", "created_s", "started_s", "finished_s", "error"})
                        self.assertIn(t["state"], STATES)
                        self.assertTrue(is_seconds(t["created_s"]))
                        self.assertTrue(is_seconds(t["started_s"], nullable=True))
                        self.assertTrue(is_seconds(t["finished_s"], nullable=True))
                    for c in v["console"]:
                        self.assertEqual(set(c), {"t_s", "task", "text"})
                        self.assertTrue(is_seconds(c["t_s"]))
                    for w in v["warnings"]:
                        self.assertEqual(set(w), {"t_s", "kind", "text"})
                        self.assertIn(w["kind"], WARNINGS)
                for p in report["predictions"]:
                    self.assertTrue(p["question"] and p["answer"])

    def test_one_variant_only(self):
        report = json.loads(run("run", "blocking-vs-async", "--variant", "concurrent", "--json").stdout)
        self.assertEqual([v["name"] for v in report["variants"]], ["concurrent"])
        self.assertEqual(report["variants"][0]["total_s"], 2.0)


class LiveTest(unittest.TestCase):
    """`run --live`: the same report on real time, against the local server on loopback."""

    def test_live_report_has_the_same_shape_and_says_live(self):
        done = run("run", "real-world-io", "--live", "--set", "n=5", "--set", "latency=0.02", "--json")
        self.assertEqual(done.returncode, 0, done.stderr)
        report = json.loads(done.stdout)
        self.assertEqual(report["clock"], "live")
        self.assertEqual([v["name"] for v in report["variants"]], ["sequential", "concurrent"])
        for v in report["variants"]:
            self.assertTrue({"name", "total_s", "result", "error", "tasks", "console", "warnings"} <= set(v))
            self.assertIsNone(v["error"])
            self.assertIn("5 of 5 requests ok", v["console"][-2]["text"])
        # Five replies of 20 ms one after another take at least 0.1 s of real time.
        self.assertGreaterEqual(report["variants"][0]["total_s"], 0.1)
        self.assertNotIn("predictions", report)  # the virtual clock's exact figures are not claimed

    def test_text_report_names_the_server_count(self):
        done = run("run", "real-world-io", "--live", "--variant", "concurrent", "--set", "n=4", "--set", "latency=0.01")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("live, 4 requests sent, the local server answered 4", done.stdout.splitlines()[0])

    def test_lessons_without_live_mode_say_so(self):
        done = run("run", "gather", "--live")
        self.assertEqual(done.returncode, 2)
        self.assertEqual(done.stdout, "")
        self.assertEqual(len(done.stderr.strip().splitlines()), 1)
        self.assertIn("runs on the virtual clock only", done.stderr)
        self.assertIn("real-world-io", done.stderr)

    def test_ctrl_c_stops_part_way_and_keeps_the_record(self):
        proc = subprocess.Popen([EXE, "run", "blocking-the-loop", "--live", "--set", "block=30", "--set", "every=0.05",
                                 "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
        time.sleep(1.0)  # well into the 30 s blocking call
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)  # the block is cut short, not waited out
        self.assertEqual(proc.returncode, 130, err)
        report = json.loads(out)
        self.assertEqual(report["clock"], "live")
        self.assertTrue(report["stopped"])
        variant = report["variants"][0]
        self.assertLess(variant["total_s"], 20)
        self.assertTrue(any(t["state"] == "cancelled" for t in variant["tasks"]))
        self.assertTrue(any(c["text"].startswith("server: accepted request-1") for c in variant["console"]))


class BadInputTest(unittest.TestCase):
    def refused(self, args, *fragments):
        done = run(*args)
        self.assertEqual(done.returncode, 2, done.stdout + done.stderr)
        self.assertEqual(done.stdout, "")
        lines = done.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, done.stderr)
        for f in fragments:
            self.assertIn(f, lines[0])

    def test_export_refuses_bad_input_with_one_line_too(self):
        self.refused(["export", "semaphores", "--format", "bmp", "--out", "x.bmp"], "png, svg, pdf, trace, gif")
        self.refused(["export", "semaphores", "--set", "n=0", "--format", "png", "--out", "x.png"], "n")

    def test_unknown_lesson_names_the_lessons(self):
        self.refused(["run", "no-such"], "no-such", "event-loop")

    def test_unknown_parameter_names_the_parameters(self):
        self.refused(["run", "semaphores", "--set", "x=1"], "'x'", "n, k, t")

    def test_wrong_type_and_out_of_range_name_the_range(self):
        self.refused(["run", "semaphores", "--set", "n=many"], "n")
        self.refused(["run", "semaphores", "--set", "n=0"], "1", "10000")
        self.refused(["run", "blocking-the-loop", "--set", "fix=later"], "none", "await", "to-thread")

    def test_unknown_variant_names_the_variants(self):
        self.refused(["run", "real-world-io", "--variant", "parallel"], "sequential", "concurrent")

    def test_a_missing_file_to_open_is_one_line(self):
        # `loopscope FILE` is how a file manager starts it: a file that is not there is refused
        # before any window appears.
        self.refused(["no-such-run.loopscope"], "no such file", "no-such-run.loopscope")
        self.refused(["no-such-program.py"], "no such file")
        self.refused(["--lesson", "semaphores", "--cpython", "--live"], "--cpython")

    def test_validation_happens_before_anything_runs(self):
        # A valid setting before a bad one: still nothing printed on stdout.
        self.refused(["run", "semaphores", "--set", "n=3", "--set", "k=-1"], "k")


class PlotExportTest(unittest.TestCase):
    """`export ID --plot`: the lesson's plot as PNG, SVG or PDF; lessons without one refused."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def test_plot_exports_in_the_three_formats(self):
        png, svg, pdf = self.path("c.png"), self.path("c.svg"), self.path("c.pdf")
        for fmt, out in (("png", png), ("svg", svg), ("pdf", pdf)):
            done = run("export", "complexity", "--plot", "--format", fmt, "--out", out, "--width", "1000", "--height", "600")
            self.assertEqual(done.returncode, 0, done.stderr)
        with open(png, "rb") as f:
            head = f.read(24)
        self.assertEqual(head[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual(struct.unpack(">II", head[16:24]), (1000, 600))
        texts = [t.text.strip() for t in ET.parse(svg).iter() if t.tag.endswith("text") and t.text]
        for name in ("sequential", "concurrent", "semaphore", "Total time against n"):
            self.assertIn(name, texts)
        with open(pdf, "rb") as f:
            data = f.read()
        self.assertTrue(data.startswith(b"%PDF"))
        self.assertGreater(len(data), 2000)

    def test_backpressure_plot_marks_both_peaks(self):
        done = run("export", "backpressure", "--plot", "--log", "--set", "n=200", "--set", "k=20",
                   "--format", "svg", "--out", "-")
        self.assertEqual(done.returncode, 0, done.stderr)
        texts = [t.text.strip() for t in ET.fromstring(done.stdout).iter() if t.tag.endswith("text") and t.text]
        self.assertIn("bounded peak: 20 at 0.00 s", texts)
        self.assertIn("unbounded peak: 200 at 0.00 s", texts)

    def test_a_lesson_without_a_plot_is_refused_with_one_line(self):
        out = self.path("g.svg")
        done = run("export", "gather", "--plot", "--format", "svg", "--out", out)
        self.assertEqual(done.returncode, 2)
        self.assertEqual(done.stderr.count("\n"), 1, done.stderr)
        self.assertIn("no plot", done.stderr)
        self.assertIn("complexity", done.stderr)
        self.assertFalse(os.path.exists(out))

    def test_plot_options_that_make_no_sense_are_refused(self):
        for args in (["--plot", "--format", "trace", "--out", self.path("t.json")],
                     ["--log", "--format", "png", "--out", self.path("t.png")],
                     ["--plot", "--at", "1", "--format", "png", "--out", self.path("t.png")]):
            done = run("export", "complexity", *args)
            self.assertEqual(done.returncode, 2, args)
            self.assertEqual(done.stderr.count("\n"), 1, done.stderr)


class ExportAllFolderTest(unittest.TestCase):
    """#16: `export --all --dir DIR` makes DIR (and its parents) when it does not exist yet."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def test_a_folder_that_does_not_exist_is_created(self):
        target = os.path.join(self.dir.name, "new", "deeper", "plots")
        done = run("export", "--all", "--format", "svg", "--width", "320", "--height", "180", "--dir", target)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertTrue(os.path.isfile(os.path.join(target, "complexity.svg")))

    def test_a_link_to_a_folder_not_made_yet_is_made_through(self):
        link = os.path.join(self.dir.name, "link")
        os.symlink(os.path.join(self.dir.name, "made", "later"), link)
        done = run("export", "--all", "--format", "svg", "--width", "320", "--height", "180", "--dir", link)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertTrue(os.path.islink(link))
        self.assertTrue(os.path.isfile(os.path.join(self.dir.name, "made", "later", "complexity.svg")))

    def test_all_plots_go_into_a_new_folder(self):
        target = os.path.join(self.dir.name, "plots", "png")
        done = run("export", "--all", "--plot", "--format", "png", "--dir", target)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(sorted(os.listdir(target)), ["backpressure-plot.png", "complexity-plot.png"])

    def test_a_folder_that_cannot_be_made_is_one_line(self):
        blocker = os.path.join(self.dir.name, "file")
        open(blocker, "w").close()
        done = run("export", "--all", "--format", "svg", "--dir", os.path.join(blocker, "sub"))
        self.assertEqual(done.returncode, 2)
        self.assertEqual(done.stdout, "")
        self.assertEqual(done.stderr.count("\n"), 1, done.stderr)
        self.assertIn("cannot create folder", done.stderr)


class VersionTest(unittest.TestCase):
    def test_version_names_loopscope_qt_and_qcoro(self):
        done = run("--version")
        self.assertEqual(done.returncode, 0, done.stderr)
        lines = done.stdout.splitlines()
        self.assertRegex(lines[0], r"^loopscope \d+\.\d+\.\d+$")
        self.assertTrue(any(line.startswith("Qt 6.") for line in lines), lines)
        self.assertTrue(any(line.startswith("QCoro ") for line in lines), lines)
        self.assertIn("Licence: MIT", lines)


if __name__ == "__main__":
    EXE = sys.argv.pop(1)
    unittest.main()
