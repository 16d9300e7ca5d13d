#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# run-fuzzer.sh FUZZER SEED_DIR WORK_DIR SECONDS
# Replays every kept input (regressions first), then fuzzes for SECONDS from a copy of them.
# New interesting inputs stay in WORK_DIR (the build tree); a crash leaves crash-* there and fails.
set -euo pipefail
fuzzer=$1 seeds=$2 work=$3 seconds=$4
mkdir -p "$work"
if compgen -G "$seeds/*" >/dev/null; then
    "$fuzzer" -runs=0 "$seeds"
    cp -n "$seeds"/* "$work"/ 2>/dev/null || true
fi
cd "$work"
"$fuzzer" -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1 "$work"
