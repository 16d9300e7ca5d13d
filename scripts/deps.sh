#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what Magpie needs to build, run and test on Debian 12 / Ubuntu, only when missing.
#
#   scripts/deps.sh            build + run + test dependencies
#
# Uses apt-get (through sudo when not root). Safe to run again: packages already installed are
# not fetched twice, so README's commands stay fast after the first time.
set -euo pipefail

packages=(
    # toolchain
    cmake ninja-build g++ clang libclang-rt-14-dev libfuzzer-14-dev ccache pkg-config git
    # Qt 6 and friends (DESIGN.md: Widgets, Network, Sql, Test, LinguistTools; QtKeychain)
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-svg-dev qt6-image-formats-plugins libqt6sql6-sqlite qtkeychain-qt6-dev libgl-dev
    # SQLite's headers: MessageStore's direct insert path (MAGPIE_SQLITE_DIRECT)
    libsqlite3-dev
    qt6-translations-l10n
    # real servers and clients for integration and interop tests (../shared/interop)
    dovecot-imapd dovecot-pop3d openssl python3-aiosmtpd curl python3
    # keychain tests: a real Secret Service in a private D-Bus session
    gnome-keyring dbus libsecret-tools
    # GUI tests, screenshots and the run command on a machine without a display (the demo
    # mailbox has Japanese mail: a small CJK font, so it is not shown as boxes)
    xvfb xauth fonts-dejavu-core fonts-wqy-microhei
    # the MIME benchmark compares against GMime 3 (tests/bench)
    libgmime-3.0-dev
    # packaging (scripts/package.sh: cpack -G DEB uses dpkg-shlibdeps, -G RPM rpmbuild) and the
    # validators it runs on the packages
    dpkg-dev file fakeroot rpm desktop-file-utils appstream lintian
    # "Make Magpie the default mail client" on Linux runs xdg-mime (Settings > General)
    xdg-utils
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "deps.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
fi

echo "deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# A package's service must not start during install (there may be no init system, and
# Dovecot's default ports are not ours): policy-rc.d refuses starts for the install's length.
policy=/usr/sbin/policy-rc.d
made_policy=""
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    made_policy=1
fi
trap '[ -n "$made_policy" ] && $sudo rm -f "$policy"' EXIT
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
