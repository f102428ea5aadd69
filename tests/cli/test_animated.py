"""`loopscope export ID --format gif|mp4|webm`: animations of the timeline made with ffmpeg. Bad
values exit 2 with one line; a GIF has the frames its range, speed and frame rate ask for; a
missing ffmpeg is one line and leaves an existing file alone. ffmpeg is a dependency (dev.sh
installs it), so without it these tests fail rather than skip.

    python3 tests/cli/test_animated.py build/dev/app/loopscope
"""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

EXE = None
ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen")
ENV.pop("LOOPSCOPE_FFMPEG", None)
WORK = tempfile.mkdtemp(prefix="loopscope-animated-tests-")


def run(*args, env=ENV, timeout=300):
    return subprocess.run([EXE, *args], capture_output=True, env=env, timeout=timeout, text=True)


def probe(path):
    """(width, height, frames) as ffprobe decodes them."""
    out = subprocess.run(["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                          "stream=width,height,nb_read_frames", "-of", "csv=p=0", path],
                         capture_output=True, text=True, check=True).stdout
    return tuple(int(x) for x in out.strip().split(","))


class AnimatedExportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        missing = [tool for tool in ("ffmpeg", "ffprobe") if shutil.which(tool) is None]
        if missing:
            raise AssertionError("%s missing: ffmpeg is a dependency; run ./dev.sh or apt install ffmpeg"
                                 % " and ".join(missing))

    def out(self, name):
        return os.path.join(WORK, name)

    def assertRefused(self, done, *words):
        self.assertEqual(done.returncode, 2, done.stderr)
        lines = done.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, done.stderr)
        for word in words:
            self.assertIn(word, lines[0])

    def test_gif_has_the_frames_of_its_range_speed_and_rate(self):
        path = self.out("range.gif")
        done = run("export", "semaphores", "--format", "gif", "--out", path, "--from", "0.5", "--to", "2.5",
                   "--fps", "8", "--speed", "1.5", "--width", "320")
        self.assertEqual(done.returncode, 0, done.stderr)
        # 2 virtual seconds at 1.5 real seconds each, 8 frames a second; 320 wide keeps 16:9.
        self.assertEqual(probe(path), (320, 180, 24))
        self.assertEqual([n for n in os.listdir(WORK) if n.startswith(".")], [])

    def test_default_gif_is_800_by_450_at_10_fps_and_small(self):
        path = self.out("semaphores.gif")
        done = run("export", "semaphores", "--format", "gif", "--out", path)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(probe(path), (800, 450, 30))  # the 3 s run at a second a second
        self.assertLess(os.path.getsize(path), 5 * 1024 * 1024)

    def test_bad_fps_is_one_line_and_exit_2(self):
        for fps in ("0", "61", "2.5", "ten", "nan"):
            with self.subTest(fps=fps):
                self.assertRefused(run("export", "semaphores", "--format", "gif", "--out", self.out("x.gif"),
                                       "--fps", fps), "--fps")

    def test_bad_speed_is_one_line_and_exit_2(self):
        for speed in ("0", "-1", "1e9", "inf"):
            with self.subTest(speed=speed):
                self.assertRefused(run("export", "semaphores", "--format", "mp4", "--out", self.out("x.mp4"),
                                       "--speed", speed), "--speed")

    def test_standard_output_is_refused(self):
        self.assertRefused(run("export", "semaphores", "--format", "webm", "--out", "-"), "--out -", "animations")

    def test_wrong_extension_is_refused(self):
        self.assertRefused(run("export", "semaphores", "--format", "gif", "--out", self.out("x.mp4")), "mp4", "gif")
        self.assertFalse(os.path.exists(self.out("x.mp4")))

    def test_animation_only_options_and_still_only_options(self):
        self.assertRefused(run("export", "semaphores", "--format", "png", "--out", self.out("x.png"), "--fps", "10"),
                           "--fps")
        self.assertRefused(run("export", "semaphores", "--format", "gif", "--out", self.out("x.gif"), "--at", "1"),
                           "--at")
        self.assertRefused(run("export", "semaphores", "--format", "gif", "--out", self.out("x.gif"),
                               "--speed", "1000", "--fps", "60"), "frames")

    def test_missing_ffmpeg_is_one_line_and_keeps_the_file(self):
        path = self.out("kept.gif")
        with open(path, "wb") as f:
            f.write(b"precious")
        done = run("export", "semaphores", "--format", "gif", "--out", path,
                   env=dict(ENV, LOOPSCOPE_FFMPEG="/nonexistent"))
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertEqual(len(done.stderr.strip().splitlines()), 1, done.stderr)
        self.assertIn("apt install ffmpeg", done.stderr)
        with open(path, "rb") as f:
            self.assertEqual(f.read(), b"precious")

    def test_help_names_the_animation_formats(self):
        done = run("export", "--help")
        self.assertEqual(done.returncode, 0)
        for word in ("gif|mp4|webm", "--fps", "--speed"):
            self.assertIn(word, done.stdout)


if __name__ == "__main__":
    EXE = os.path.abspath(sys.argv.pop(1))
    try:
        unittest.main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
