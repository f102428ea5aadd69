#!/usr/bin/env bash
# Loopscope's two entry points on a fresh Debian 12 machine (as root, or a user with sudo):
#   ./dev.sh app    install what is missing, build, start the app
#   ./dev.sh test   install what is missing, build, run every test (then the core again under ASan+UBSan)
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(cmake ninja-build g++ python3 qt6-base-dev qt6-svg-dev libgl-dev qcoro-qt6-dev
          fonts-dejavu-core xvfb xauth)

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

build() {
    cmake --preset "$1" -G Ninja >/dev/null
    cmake --build --preset "$1"
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
    build dev
    QT_QPA_PLATFORM=offscreen ctest --preset dev
    # The core once more with AddressSanitizer and UndefinedBehaviorSanitizer.
    build asan
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 QT_QPA_PLATFORM=offscreen \
        ctest --preset asan -L core
    ;;
*)
    echo "usage: ./dev.sh app|test" >&2
    exit 2
    ;;
esac
