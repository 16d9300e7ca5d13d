#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Pictures of Magpie for README and review: the main window, the composer and the settings
# dialog, taken under Xvfb (a virtual screen, so they look the same on every machine) from the
# demo mailbox in a fresh temporary profile.
#
#   scripts/screenshots.sh [DIR]     default DIR: docs/screenshots
#
# Writes DIR/main-window.png, DIR/composer.png and DIR/settings.png.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
scripts/deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --target magpie
magpie="$PWD/build/dev/src/app/magpie"

profile="$(mktemp -d -t magpie-screenshots.XXXXXX)"
trap 'rm -rf "$profile"' EXIT
mkdir -p "$out"
# English, the Fusion style and a fixed screen: screenshots that differ only when Magpie does.
export LANG=C.UTF-8 LANGUAGE=en LC_ALL=C.UTF-8 QT_QPA_PLATFORM=xcb QT_STYLE_OVERRIDE=Fusion
unset DISPLAY WAYLAND_DISPLAY
xvfb-run -a -s "-screen 0 1280x800x24" \
    "$magpie" --demo --profile "$profile" --screenshots "$out"
echo "screenshots.sh: wrote $out/main-window.png, $out/composer.png and $out/settings.png"
