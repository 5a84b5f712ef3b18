#!/usr/bin/env bash
# Installs the Debian packages rehabsim needs, only those missing (idempotent, quiet when all are
# present). --run: only what building and running the program needs (run.sh); by default also the
# test framework, the Python analysis stack and chromium (which renders the HTML report in a
# test); --hardening adds clang for the sanitizer and fuzzing pass; --bench adds what bench/run.sh
# needs. Runs apt-get as root, or
# through sudo when not root.
set -euo pipefail

packages=(
  g++ cmake ninja-build git pkg-config
  libboost-program-options-dev libeigen3-dev libhdf5-dev libtbb-dev
  libtomlplusplus-dev librandom123-dev
)
if [[ "${1:-}" != "--run" ]]; then
  packages+=(libgtest-dev
             python3 python3-numpy python3-scipy python3-h5py python3-pandas python3-matplotlib python3-openpyxl python3-pytest python3-pytest-xdist
             chromium)
fi

# ./test.sh --hardening also needs clang with its sanitizer and libFuzzer runtimes, and clang-format.
if [[ "${1:-}" == "--hardening" ]]; then
  packages+=(clang libclang-rt-14-dev clang-format)
fi
# bench/run.sh: Google Benchmark for bench/micro, GNU time for peak memory, SimPy for the peer model.
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(libbenchmark-dev time python3-simpy3)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "rehabsim: installing missing packages: ${missing[*]}" >&2
as_root=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "rehabsim: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
