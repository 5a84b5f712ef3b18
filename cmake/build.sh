#!/usr/bin/env bash
# Configures and builds the release preset (build/release). Used by run.sh and test.sh.
#
#   cmake/build.sh            everything: the program, its tools, the tests and the benchmarks
#   cmake/build.sh --app      the rehabsim program only (run.sh: no test framework needed)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--app" ]]; then
  echo "rehabsim: configuring and building the program (the first build takes a few minutes)" >&2
  cmake --preset release -DBUILD_TESTING=OFF >/dev/null
  cmake --build --preset release -j "$(nproc)" --target rehabsim
else
  cmake --preset release -DBUILD_TESTING=ON >/dev/null
  cmake --build --preset release -j "$(nproc)"
fi
