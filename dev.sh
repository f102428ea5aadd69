#!/usr/bin/env bash
# Loopscope's two entry points on a fresh Debian 12 machine (as root, or a user with sudo):
#   ./dev.sh app    install what is missing, build, start the app
#   ./dev.sh test   install what is missing, build, run the test suite in three passes, each on
#                   what it protects (CTest labels, tests/CMakeLists.txt):
#                     1. every test, on the dev build;
#                     2. what reads or writes numbers (labels numbers, fuzz), again under a
#                        comma-decimal locale;
#                     3. every C++ test program and the fuzzers (labels cpp, fuzz), built with
#                        AddressSanitizer and UndefinedBehaviorSanitizer.
#                   The CPython fidelity, the recorder on each interpreter and the install check
#                   run once, in the first pass. Tests run as many at a time as there are cores.
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(cmake ninja-build g++ python3 qt6-base-dev qt6-svg-dev libgl-dev qcoro-qt6-dev zlib1g-dev
          fonts-dejavu-core xvfb xauth locales desktop-file-utils appstream ffmpeg
          qt6-l10n-tools)

# The locale the tests run under once more: a comma for the decimal point, as a German user has.
COMMA_LOCALE=de_DE.UTF-8

install_missing() {
    local missing=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Makes the comma-decimal locale if the C library does not have it yet.
make_comma_locale() {
    locale -a 2>/dev/null | grep -qix 'de_DE.utf-\?8' && return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Generating the $COMMA_LOCALE locale for the tests"
    $sudo localedef -i de_DE -f UTF-8 "$COMMA_LOCALE"
}

# Each step says how long it took, so the log shows where a run's time goes.
step_done() { echo "-- $1: $SECONDS s since the start"; }

build() {
    cmake --preset "$1" -G Ninja >/dev/null
    cmake --build --preset "$1"
    step_done "build/$1 built"
    # What the tree takes on disk, said in the log: a full disk fails a link with a bare message.
    echo "build/$1 takes $(du -sh "build/$1" | cut -f1); $(df -h --output=avail . | tail -1 | tr -d ' ') left on this disk"
}

case "${1:-}" in
app)
    install_missing
    build dev
    shift
    exec ./build/dev/app/loopscope "$@"
    ;;
test)
    install_missing
    make_comma_locale
    jobs=$(nproc)
    build dev
    echo "== pass 1 of 3: every test, on the dev build"
    QT_QPA_PLATFORM=offscreen ctest --preset dev -j "$jobs"
    step_done "pass 1"
    # Where "2.5" is written "2,5": nothing parsed or written may follow it.
    echo "== pass 2 of 3: what reads or writes numbers (labels numbers, fuzz), under LC_ALL=$COMMA_LOCALE"
    FUZZ_CASES=1000 LC_ALL=$COMMA_LOCALE LANG=$COMMA_LOCALE QT_QPA_PLATFORM=offscreen \
        ctest --preset dev -j "$jobs" -L 'numbers|fuzz'
    step_done "pass 2"
    build asan
    echo "== pass 3 of 3: every C++ test program and the fuzzers (labels cpp, fuzz), under ASan and UBSan"
    FUZZ_CASES=1000 ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 QT_QPA_PLATFORM=offscreen \
        ctest --preset asan -j "$jobs" -L 'cpp|fuzz'
    step_done "pass 3"
    ;;
*)
    echo "usage: ./dev.sh app|test" >&2
    exit 2
    ;;
esac
