"""Which CPython interpreters the recorder's tests run on: 3.11, 3.12 and 3.13 from pyenv where
present, else the interpreter running the tests for its own version."""

import glob
import os
import subprocess
import sys

WANTED_VERSIONS = ("3.11", "3.12", "3.13")


def find_interpreters():
    """({"3.11": path, ...} for the wanted versions found, [versions absent])."""
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
    own = "%d.%d" % sys.version_info[:2]
    if own in WANTED_VERSIONS and own not in found:
        found[own] = sys.executable
    missing = [v for v in WANTED_VERSIONS if v not in found]
    return found, missing
