#!/usr/bin/env bash
# The performance benchmarks (issue 19; results and their reading in docs/performance.md).
# Builds Release, runs every workload of scenarios/bench/ (and the calibration suite, and the SimPy
# twin of the clinic) under /usr/bin/time -v on 1 and 2 threads, and prints one table: wall and CPU
# time, patient-years/s and events/s per core (per CPU-second), peak RSS, output MB/s, and the
# 1 -> 2 thread speed-up. Then the Google Benchmark cases of bench/micro.
#
#   bench/run.sh                 everything (about 10 minutes on 2 cores)
#   bench/run.sh --quick         the same workloads scaled down (a smoke run, about a minute)
#   bench/run.sh --only NAME     one workload: cohort_1m, cohort_100k, clinic_2y, sweep_lhs, calibration
#   bench/run.sh --no-micro      skip the Google Benchmark cases
set -euo pipefail
cd "$(dirname "$0")/.."
cmake/install-deps.sh --bench
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target rehabsim rehabsim_calibrate rehabsim_micro >/dev/null
exec /usr/bin/python3 bench/run_workloads.py "$@"
