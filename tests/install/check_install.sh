#!/usr/bin/env bash
# Installs a built Loopscope into a temporary folder and checks that the installed copy works on
# its own: the binary's commands, a recording through the installed recorder, and the desktop
# entry and metainfo through their validators. Lists what was installed.
#
#   tests/install/check_install.sh BUILD_DIR        (e.g. build/release, after cmake --build)
#
# Needs cmake, python3 (CPython 3.11 or later), desktop-file-validate (desktop-file-utils) and
# appstreamcli (appstream). Exits 0 when everything passed, otherwise 1 with one line saying why.
# KEEP=1 keeps the temporary folders for a look afterwards.
set -uo pipefail

fail() {
    echo "check_install: FAIL: $*" >&2
    exit 1
}
step() { echo "== $*"; }

[ $# -eq 1 ] || fail "usage: $0 BUILD_DIR"
build=$1
[ -f "$build/cmake_install.cmake" ] || fail "$build is not a configured CMake build folder (no cmake_install.cmake)"
for tool in cmake python3 desktop-file-validate appstreamcli; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed (desktop-file-utils, appstream: see dev.sh)"
done

dest=$(mktemp -d) || fail "cannot make a temporary folder"
work=$(mktemp -d) || fail "cannot make a temporary folder"
if [ "${KEEP:-0}" = 1 ]; then
    echo "keeping $dest (installed files) and $work (outputs)"
else
    trap 'rm -rf "$dest" "$work"' EXIT
fi

export QT_QPA_PLATFORM=offscreen
unset LOOPSCOPE_RECORDER_DIR # the installed binary must find the installed recorder by itself

step "cmake --install $build --prefix /usr (DESTDIR=$dest)"
DESTDIR=$dest cmake --install "$build" --prefix /usr >"$work/install.log" 2>&1 ||
    fail "cmake --install failed: $(tail -n 1 "$work/install.log")"

usr=$dest/usr
bin=$usr/bin/loopscope
id=io.github.loopscope.Loopscope
desktop=$usr/share/applications/$id.desktop
metainfo=$usr/share/metainfo/$id.metainfo.xml
recorder=$usr/share/loopscope/recorder/loopscope_recorder

step "installed files are where they belong"
for f in "$bin" "$desktop" "$metainfo" "$recorder/__main__.py" \
    "$usr/share/icons/hicolor/scalable/apps/$id.svg" \
    "$usr/share/bash-completion/completions/loopscope"; do
    [ -f "$f" ] || fail "not installed: ${f#"$dest"}"
done
for n in 16 22 24 32 48 64 128 256 512; do
    [ -f "$usr/share/icons/hicolor/${n}x${n}/apps/$id.png" ] || fail "not installed: the ${n}x${n} icon"
done
man=$(find "$usr/share/man/man1" -name 'loopscope.1*' 2>/dev/null | head -n 1)
[ -n "$man" ] || fail "not installed: the manual page in share/man/man1"
[ -x "$bin" ] || fail "${bin#"$dest"} is not executable"
if find "$recorder" -name '__pycache__' -o -name '*.pyc' | grep -q .; then
    fail "compiled Python files were installed with the recorder"
fi
case $man in
    *.gz) gzip -t "$man" 2>/dev/null || fail "the manual page ${man#"$dest"} is not valid gzip" ;;
esac
bash -n "$usr/share/bash-completion/completions/loopscope" 2>/dev/null || fail "the bash completion has a syntax error"

step "loopscope --help"
"$bin" --help >"$work/help.txt" 2>&1 || fail "loopscope --help exited $?"
grep -q '^usage: loopscope' "$work/help.txt" || fail "loopscope --help printed no usage"

step "loopscope --version"
if "$bin" --version >"$work/version.txt" 2>&1; then
    head -n 1 "$work/version.txt"
else
    echo "skipped: --version exited $? (not implemented in this build)"
fi

step "loopscope run semaphores --json"
"$bin" run semaphores --json >"$work/run.json" 2>"$work/run.err" || fail "run semaphores --json exited $?: $(head -n 1 "$work/run.err")"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(d.get("lesson") != "semaphores")' "$work/run.json" ||
    fail "run semaphores --json did not print a JSON report for the lesson semaphores"

step "loopscope export semaphores --format svg --out FILE"
"$bin" export semaphores --format svg --out "$work/semaphores.svg" 2>"$work/export.err" ||
    fail "export semaphores --format svg exited $?: $(head -n 1 "$work/export.err")"
[ -s "$work/semaphores.svg" ] || fail "export wrote no SVG file"
grep -q '<svg' "$work/semaphores.svg" || fail "export's output is not SVG"

step "loopscope record (LOOPSCOPE_RECORDER_DIR unset: the installed recorder)"
cat >"$work/where.py" <<'EOF'
import asyncio
import sys


async def main():
    await asyncio.sleep(0.5)
    print("recorder:", sys.modules["loopscope_recorder"].__file__)


asyncio.run(main())
EOF
"$bin" record "$work/where.py" --max-wall 60 >"$work/record.txt" 2>"$work/record.err" ||
    fail "record exited $?: $(head -n 1 "$work/record.err")"
# The program prints which loopscope_recorder it runs under: it must be the installed one, not a
# source tree the binary may also know about.
grep -q "recorder: $recorder/__init__.py" "$work/record.txt" ||
    fail "record did not use the installed recorder: $(grep -m 1 'recorder:' "$work/record.txt" || echo 'no recorder line printed')"
"$bin" record "$work/where.py" --save "$work/where.loopscope" >/dev/null 2>&1 || fail "record --save exited $?"
"$bin" show "$work/where.loopscope" >/dev/null 2>&1 || fail "show could not read back the saved recording (exit $?)"

step "with the source and build trees out of reach"
# In a private mount namespace, empty folders cover both trees: whatever the installed binary
# needs at run time must come from the install. Needs root (CI runs as root); skipped otherwise.
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=$(cd "$build" && pwd)
empty=$(mktemp -d) || fail "cannot make a temporary folder"
cat >"$work/unreachable.sh" <<'INNER'
set -e
cd "$WORK" # a working folder inside a hidden tree would vanish under the command
mount --bind "$EMPTY" "$BUILD_DIR"
mount --bind "$EMPTY" "$SOURCE_DIR"
[ ! -e "$SOURCE_DIR/CMakeLists.txt" ]
"$BIN" --version >/dev/null
"$BIN" run semaphores --json >"$WORK/hidden-run.json"
"$BIN" export semaphores --format png --out "$WORK/hidden.png" >/dev/null
"$BIN" record "$WORK/where.py" >"$WORK/hidden-record.txt"
INNER
if [ "$(id -u)" -eq 0 ] && unshare --mount true 2>/dev/null; then
    EMPTY=$empty BUILD_DIR=$build_dir SOURCE_DIR=$source_dir BIN=$bin WORK=$work \
        unshare --mount bash "$work/unreachable.sh" >"$work/unreachable.log" 2>&1 ||
        fail "the installed binary needs the source or build tree: $(tail -n 1 "$work/unreachable.log")"
    grep -q "recorder: $recorder/__init__.py" "$work/hidden-record.txt" ||
        fail "with the trees hidden, record did not use the installed recorder"
    [ -s "$work/hidden.png" ] || fail "with the trees hidden, the export wrote nothing"
else
    echo "   skipped: hiding the trees needs root and unshare --mount"
fi
rmdir "$empty" 2>/dev/null || true

step "desktop-file-validate"
out=$(desktop-file-validate "$desktop" 2>&1) || fail "desktop-file-validate: $(echo "$out" | head -n 1)"
# Hints are advice (Education;Development; are two main categories, as intended); errors and
# warnings fail.
problems=$(echo "$out" | grep -v -e '^$' -e ': hint: ' || true)
[ -z "$problems" ] || fail "desktop-file-validate: $(echo "$problems" | head -n 1)"

step "appstreamcli validate --no-net"
out=$(appstreamcli validate --no-net "$metainfo" 2>&1) || fail "appstreamcli validate: $(echo "$out" | grep -m 1 -E '^[EW]:' || echo "$out" | tail -n 1)"
echo "$out" | tail -n 1

step "the Debian package (cpack -G DEB)"
if command -v cpack >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 && [ -f "$build/CPackConfig.cmake" ]; then
    cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/deb" >"$work/cpack.log" 2>&1 ||
        fail "cpack failed: $(tail -n 1 "$work/cpack.log")"
    deb=$(find "$work/deb" -maxdepth 1 -name 'loopscope_*.deb' | head -n 1)
    [ -n "$deb" ] || fail "cpack wrote no loopscope_*.deb"
    dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' | sort >"$work/deb-files.txt"
    # Every installed file is in the package.
    (cd "$dest" && find . -type f -printf '/%P\n' | sort) >"$work/installed-files.txt"
    missing=$(comm -23 "$work/installed-files.txt" "$work/deb-files.txt" | head -n 1)
    [ -z "$missing" ] || fail "the .deb lacks an installed file: $missing"
    dpkg-deb -f "$deb" Depends | grep -q libqt6widgets6 || fail "the .deb does not depend on Qt 6 Widgets"
    echo "   $(basename "$deb"): $(wc -l <"$work/deb-files.txt") entries, every installed file among them"
else
    echo "   skipped: cpack or dpkg-deb missing, or $build has no CPackConfig.cmake"
fi

step "installed files"
(cd "$dest" && find . \( -type f -o -type l \) -printf '%10s  /%P\n' | sort -k2)

echo "check_install: OK"
