#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the C++ suites (CTest) and the Python
# suite (pytest, with Debian's /usr/bin/python3, against the freshly built program).
set -euo pipefail
cd "$(dirname "$0")"
cmake/install-deps.sh
cmake/build.sh
ctest --preset release -j "$(nproc)" -LE python
REHABSIM_BIN="$PWD/build/release/app/rehabsim" /usr/bin/python3 -m pytest -q tests/python
