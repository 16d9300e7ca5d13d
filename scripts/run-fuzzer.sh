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
# A fixed seed (MAGPIE_FUZZ_SEED, default 1) makes a CI run repeatable: what it finds, a developer
# finds again with the same command. Longer local runs use other seeds to explore further.
"$fuzzer" -seed="${MAGPIE_FUZZ_SEED:-1}" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
    -rss_limit_mb=4096 -print_final_stats=1 "$work"
