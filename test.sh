#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the C++ suites (CTest) and the Python
# suite (pytest, with Debian's /usr/bin/python3, against the freshly built program; its tests
# spread over the cores with pytest-xdist).
#
#   ./test.sh               the tests (a few minutes)
#   ./test.sh --hardening   the house style (clang-format), then the same suites against an AddressSanitizer + UndefinedBehaviorSanitizer
#                           build, the threaded tests under ThreadSanitizer, then each libFuzzer
#                           target (tests/fuzz) for 60 s seeded with scenarios/
set -euo pipefail
cd "$(dirname "$0")"

if [[ "${1:-}" != "--hardening" ]]; then
  cmake/install-deps.sh
  cmake/build.sh
  ctest --preset release -j "$(nproc)" -LE python
  REHABSIM_BIN="$PWD/build/release/app/rehabsim" /usr/bin/python3 -m pytest -q -n "$(nproc)" tests/python
  exit 0
fi

cmake/install-deps.sh --hardening
# 0. The house style (docs/style.md): every tracked C++ file as clang-format writes it.
find sim models app tests bench \( -name '*.cpp' -o -name '*.hpp' \) -print0 | xargs -0 clang-format --dry-run --Werror
# 1. Sanitizers: every C++ test (the calibration check and the install test aside: slow and
#    unchanged by instrumentation) and the Python suite against the sanitized program.
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$(nproc)"
ctest --preset asan -j "$(nproc)" -LE "python|calibration|consumer"
REHABSIM_BIN="$PWD/build/asan/app/rehabsim" /usr/bin/python3 -m pytest -q -n "$(nproc)" tests/python

# 2. ThreadSanitizer: the C++ suites and the Python tests that run threads (resume, compare, thread-count
#    identity) against a TSan build whose work items run on std::thread (Debian's libtbb is not
#    instrumented, so TSan cannot follow its synchronisation; see sim/exec/runner.cpp).
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j "$(nproc)"
ctest --preset tsan -j "$(nproc)" -LE "python|calibration|consumer"
REHABSIM_BIN="$PWD/build/tsan/app/rehabsim" /usr/bin/python3 -m pytest -q -n "$(nproc)" tests/python/test_resume.py tests/python/test_compare.py \
  tests/python/test_output_layout.py::test_one_and_two_threads_give_bit_identical_datasets \
  tests/python/test_clinic.py::test_clinic_results_are_identical_for_any_thread_count

# 3. Fuzzing: the scenario loader and the --set/--sweep parser, 60 s each. A crash leaves its input
#    in build/fuzz/crashes/ (add it as a regression test) and fails the pass.
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"
corpus=build/fuzz/corpus
rm -rf "$corpus" build/fuzz/crashes
mkdir -p "$corpus/scenario_loader" "$corpus/overrides" build/fuzz/crashes
n=0
for f in scenarios/*.toml scenarios/*/*.toml; do cp "$f" "$corpus/scenario_loader/seed$((n++)).toml"; done
cp tests/fuzz/overrides_seeds/* "$corpus/overrides/"
for target in scenario_loader overrides; do
  echo "fuzzing $target for 60 s"
  "build/fuzz/tests/fuzz/${target}_fuzz" "$corpus/$target" -max_total_time=60 -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix="build/fuzz/crashes/$target-" -print_final_stats=1 2>"build/fuzz/$target.log" || {
    tail -40 "build/fuzz/$target.log"
    echo "fuzzing $target found a failure: see build/fuzz/crashes/" >&2
    exit 1
  }
  grep -E "^(stat::number_of_executed_units|Done)" "build/fuzz/$target.log" || true
done
echo "hardening: sanitizers (address, undefined, thread) and fuzzing passed"
