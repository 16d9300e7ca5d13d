#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# README's run command: installs what is missing, builds Magpie (dev preset) and starts it.
#
#   scripts/run.sh              magpie --demo --profile ~/.local/share/magpie-demo: the local
#                               demo mailbox (a mail server inside Magpie, seeded with example
#                               messages), kept apart from your own profile
#   scripts/run.sh ARGS...      magpie ARGS... (try --help); without --profile the demo
#                               profile above is used, so `scripts/run.sh --screenshot x.png`
#                               shows the demo too
#
# With no display (a server, a container), it runs under Xvfb; add --screenshot FILE to see
# what it shows there.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --target magpie
magpie=build/dev/src/app/magpie

arguments=("$@")
own_profile=""
for argument in "$@"; do
    case "$argument" in
        --profile|--profile=*) own_profile=1 ;;
    esac
done
if [ -z "$own_profile" ]; then
    profile="${XDG_DATA_HOME:-$HOME/.local/share}/magpie-demo"
    if ! mkdir -p "$profile" 2>/dev/null; then
        profile="$(mktemp -d -t magpie-demo.XXXXXX)"
    fi
    arguments=(--demo --profile "$profile" "${arguments[@]}")
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "run.sh: no display found; starting Magpie under Xvfb (a virtual screen)." >&2
    exec xvfb-run -a -s "-screen 0 1280x800x24" "$magpie" "${arguments[@]}"
fi
exec "$magpie" "${arguments[@]}"
