#!/usr/bin/env bash
# Quick start: install what is missing, build, and run the built-in default scenario.
# Writes results/default.h5 and prints the summary table. Extra arguments go to `rehabsim run`.
set -euo pipefail
cd "$(dirname "$0")"
cmake/install-deps.sh --run
cmake/build.sh --app
exec build/release/app/rehabsim run -o results/default.h5 --force "$@"
