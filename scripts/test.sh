#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# README's test command: installs what is missing, then builds and runs every test.
#   1. ci preset (warnings are errors): every label (unit, integration, gui, interop) inside a
#      private D-Bus session with a real, unlocked gnome-keyring, so keychain tests use a real
#      Secret Service and never the keyring of the person running them;
#   2. scripts/package.sh --no-build: a .deb and an .rpm from the ci build, checked by
#      desktop-file-validate, appstreamcli and lintian, their dependencies and contents checked;
#   3. scripts/package-proof.sh: that .deb installed with apt into a fresh minimal Debian 12
#      root (debootstrap; needs root or sudo, and deb.debian.org), then run from there;
#   4. asan preset (AddressSanitizer + UndefinedBehaviorSanitizer): the unit tests (only they
#      are built there: the build preset's target is unit_tests);
#   5. fuzz preset (clang, libFuzzer): each fuzz target replays its kept inputs, then fuzzes
#      for MAGPIE_FUZZ_SECONDS (default 20).
# Prints CTest's summary for each; exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh

jobs=$(nproc)
# ccache keys on relative paths below the checkout, so a fresh clone elsewhere (as CI makes)
# reuses what an earlier build of the same sources compiled.
# (Debug information then names the first checkout's paths, which a test run never reads.)
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR=1
step() { printf '\n=== %s ===\n' "$*"; }

step "build (ci preset, warnings are errors)"
cmake --preset ci >/dev/null
cmake --build --preset ci -j "$jobs"

step "tests: unit, integration, gui, interop"
session=$(mktemp -d)
trap 'rm -rf "$session"' EXIT
# The keyring lives in $session, not in the user's home.
mkdir -p "$session/data" "$session/run" && chmod 700 "$session/run"
XDG_DATA_HOME="$session/data" XDG_RUNTIME_DIR="$session/run" \
    dbus-run-session -- bash -c '
        echo -n magpie-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
        ctest --preset ci -j "$1"' _ "$jobs"

step "packages (.deb and .rpm from the ci build, validated)"
scripts/package.sh --no-build
step "the .deb installed into a clean Debian 12 root and run from there"
# The debootstrapped base and apt's downloads are kept outside the clone, so a CI machine that
# keeps its home reuses them (about 1 minute instead of 3).
MAGPIE_PROOF_CACHE="${MAGPIE_PROOF_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/magpie-proof}" \
    scripts/package-proof.sh "$(ls -t build/packages/magpie_*.deb | head -n 1)"

step "build (asan preset)"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
step "unit tests under AddressSanitizer + UndefinedBehaviorSanitizer"
ctest --preset asan -j "$jobs"

step "build (fuzz preset, clang + libFuzzer)"
cmake --preset fuzz -DMAGPIE_FUZZ_SECONDS="${MAGPIE_FUZZ_SECONDS:-20}" >/dev/null
cmake --build --preset fuzz -j "$jobs"
step "fuzz targets"
ctest --preset fuzz -j "$jobs"
