"""A tiny file system for tests of what happens when the disk is full."""

import contextlib
import os
import shutil
import subprocess
import tempfile
import unittest


@contextlib.contextmanager
def small_tmpfs(test, size):
    """Mounts a tmpfs of `size` (e.g. "64k") and yields its path; skips `test` where that needs
    privileges this run does not have."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        raise unittest.SkipTest("mounting a small file system needs root")
    folder = tempfile.mkdtemp()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", folder]).returncode != 0:
        os.rmdir(folder)
        raise unittest.SkipTest("cannot mount a small tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", folder])
        os.rmdir(folder)
