#!/usr/bin/env bash
# Peak memory and time of a big sweep with --output replications: 10,000 LHS points x 20
# replications. Memory is bounded by the output chosen, not by points x replications x patients:
# per-item patient rows are transient, so a few patients per replication measure the same
# structure quickly (PATIENTS=500 gives the full-size run, about an hour on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
PATIENTS=${PATIENTS:-5}
out=$(mktemp -d)/sweep.h5
/usr/bin/time -v build/release/app/rehabsim run -o "$out" -q -j "$(nproc)" --output replications -r 20 \
  --set run.patients="$PATIENTS" --sweep muscle.atrophy_rate_per_day=0.01:0.03 \
  --sweep adherence.home_adherence_mean=0.2:0.8 --samples 10000 2> "$out.time" | tail -1
grep -E "Maximum resident set size|Elapsed" "$out.time"
rm -rf "$(dirname "$out")"
