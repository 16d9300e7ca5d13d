#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# README's run command: installs what is missing, builds Magpie (dev preset) and starts it.
# Arguments go to magpie (try --help). With no display (a server, a container), it runs under
# Xvfb; add --screenshot FILE to see what it shows there.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --target magpie
magpie=build/dev/src/app/magpie
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "run.sh: no display found; starting Magpie under Xvfb (a virtual screen)." >&2
    exec xvfb-run -a -s "-screen 0 1280x800x24" "$magpie" "$@"
fi
exec "$magpie" "$@"
