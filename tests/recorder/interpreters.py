"""Which CPython interpreters the recorder's tests run on.

3.11, 3.12 and 3.13 come from pyenv where present, else from `pythonX.Y` on PATH, else the
interpreter running the tests stands for its own version. 3.14 and 3.15 come from the same
places, or from the bundles of Debian's CPython kept outside the project (../shared/python beside
the repository, or the folder $LOOPSCOPE_PYTHON_BUNDLES names): each bundle is unpacked once into
a cache folder ($XDG_CACHE_HOME/loopscope, ~/.cache/loopscope, or /tmp) and used from there. No
interpreter is required: the tests run on those found and name the versions they skipped.
"""

import contextlib
import glob
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

WANTED_VERSIONS = ("3.11", "3.12", "3.13", "3.14", "3.15")

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# Why a version was not found, for the line the tests print: {"3.14": "no bundle in ..."}.
REASONS = {}


def _bundle_folder():
    return os.environ.get("LOOPSCOPE_PYTHON_BUNDLES") or os.path.join(os.path.dirname(REPO), "shared", "python")


def _cache_roots():
    """Where unpacked bundles may live, best first; never inside the source tree."""
    roots = []
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        roots.append(os.path.join(xdg, "loopscope", "python-bundles"))
    home = os.path.expanduser("~")
    if home and home != "~":
        roots.append(os.path.join(home, ".cache", "loopscope", "python-bundles"))
    roots.append(os.path.join(tempfile.gettempdir(), "loopscope-python-bundles-%d" % getattr(os, "getuid", lambda: 0)()))
    return [root for root in roots if not os.path.abspath(root).startswith(REPO + os.sep)]


def _reports_version(python, version):
    try:
        out = subprocess.run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return out.returncode == 0 and out.stdout.strip() == version


def _skip_outside_links(member, path):
    """tarfile's extraction filter: the bundles hold one absolute link (to a sitecustomize.py in
    /etc that is not there), which the safe "data" filter refuses; it is left out, as useless."""
    if member.issym() and os.path.isabs(member.linkname):
        return None
    data_filter = getattr(tarfile, "data_filter", None)
    return data_filter(member, path) if data_filter is not None else member


@contextlib.contextmanager
def _locked(folder):
    """Held while a bundle is unpacked: test files run side by side must not unpack it twice."""
    try:
        import fcntl
    except ImportError:  # not POSIX: one test file at a time
        yield
        return
    with open(os.path.join(folder, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _unpacked_bundle(version):
    """bin/pythonX.Y of the bundle for `version`, unpacked on first use; None (and a reason in
    REASONS) when there is no bundle or it cannot be used here."""
    archive = os.path.join(_bundle_folder(), "cpython-%s-debian.tar.xz" % version)
    if not os.path.isfile(archive):
        REASONS[version] = "not found through pyenv or PATH, and no bundle at %s" % archive
        return None
    stat = os.stat(archive)
    # Named after the archive's size and time: a rebuilt bundle is unpacked afresh.
    name = "cpython-%s-%d-%d" % (version, stat.st_size, int(stat.st_mtime))
    problems = []
    for root in _cache_roots():
        python = os.path.join(root, name, "python" + version, "bin", "python" + version)
        try:
            os.makedirs(root, exist_ok=True)
            with _locked(root):
                if not os.path.exists(python):
                    scratch = tempfile.mkdtemp(prefix=name + ".", dir=root)
                    try:
                        with tarfile.open(archive, "r:xz") as tar:
                            if hasattr(tarfile, "data_filter"):
                                tar.extractall(scratch, filter=_skip_outside_links)
                            else:
                                tar.extractall(scratch, members=[m for m in tar.getmembers()
                                                                  if _skip_outside_links(m, scratch) is not None])
                        os.rename(scratch, os.path.join(root, name))
                    finally:
                        shutil.rmtree(scratch, ignore_errors=True)
                _compile_once(python, os.path.join(root, name))
        except (OSError, tarfile.TarError) as problem:
            problems.append("%s: %s" % (root, problem))
            continue
        if _reports_version(python, version):
            return python
        problems.append("%s does not run here" % python)
    REASONS[version] = "bundle %s unusable (%s)" % (archive, "; ".join(problems))
    return None


def _compile_once(python, folder):
    """The bundles come without compiled modules, and the tests run with PYTHONDONTWRITEBYTECODE
    set: every recording would compile asyncio afresh (about half a second each). The unpacked
    standard library is compiled once instead; a failure only costs that time."""
    marker = os.path.join(folder, ".compiled")
    if os.path.exists(marker):
        return
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    library = os.path.join(os.path.dirname(os.path.dirname(python)), "lib")
    try:
        subprocess.run([python, "-m", "compileall", "-q", "-j", "1", library], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
        open(marker, "w").close()
    except (OSError, subprocess.SubprocessError):
        pass


def find_interpreters():
    """({"3.11": path, ...} for the wanted versions found, [versions absent]). Why each absent
    version is absent is in REASONS."""
    found, roots = {}, []
    try:
        roots.append(subprocess.run(["pyenv", "root"], capture_output=True, text=True, timeout=10).stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    roots.append(os.path.expanduser("~/.pyenv"))
    own = "%d.%d" % sys.version_info[:2]
    for version in WANTED_VERSIONS:
        for root in roots:
            candidates = sorted(glob.glob(os.path.join(root, "versions", version + ".*", "bin", "python3")),
                                key=_patch_level)
            if candidates:
                found[version] = candidates[-1]
                break
        if version not in found and own == version:
            found[version] = sys.executable
        if version not in found:
            on_path = shutil.which("python" + version)
            if on_path and _reports_version(on_path, version):
                found[version] = on_path
        if version not in found and version in ("3.14", "3.15"):
            bundled = _unpacked_bundle(version)
            if bundled:
                found[version] = bundled
        if version not in found:
            REASONS.setdefault(version, "not found through pyenv or PATH")
    missing = [v for v in WANTED_VERSIONS if v not in found]
    return found, missing


def _patch_level(path):
    """3.13.10 after 3.13.9: the version folder's numbers, compared as numbers."""
    folder = os.path.basename(os.path.dirname(os.path.dirname(path)))
    return tuple(int(part) if part.isdigit() else -1 for part in folder.split("."))


def describe(found, missing):
    """The line the tests print first: what they run on, what they skip and why."""
    return "interpreters: %s; skipped (absent): %s" % (
        ", ".join("%s (%s)" % item for item in sorted(found.items())) or "none",
        "; ".join("%s: %s" % (v, REASONS.get(v, "absent")) for v in missing) or "none")
