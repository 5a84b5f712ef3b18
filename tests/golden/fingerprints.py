#!/usr/bin/env python3
"""Golden fingerprints: content hashes of every dataset of a handful of small runs.

A refactor must not change results; a model change must change them on purpose. This script runs
each case below with the built rehabsim, hashes every dataset of the result file (dtype, shape and
the raw values) and compares the hashes with tests/golden/fingerprints.json.

    tests/golden/fingerprints.py --check  BIN   # CTest "golden": exit 1 and list what changed
    tests/golden/fingerprints.py --update BIN   # rewrite fingerprints.json, listing what changed

Update only in a commit of its own that says why the results changed.
"""
import argparse
import hashlib
import json
import pathlib
import subprocess
import sys
import tempfile

import h5py
import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
STORE = HERE / "fingerprints.json"

# name -> rehabsim arguments after the output file. Small, so the whole check takes seconds; each
# exercises a different path: the default model with trajectories, a limited clinic, a grid sweep,
# a PSA with derived tables, and a compare.
CASES = {
    "default": ["run", "--set", "run.patients=300", "-r", "3", "--trajectories", "--output", "patients"],
    "clinic": ["run", "scenarios/staffing/a_four_therapists.toml", "--set", "run.patients=400", "-r", "2",
               "--output", "patients"],
    "sweep": ["run", "scenarios/sweeps/start_delay_by_frequency.toml", "--set", "run.patients=100", "-r", "2",
              "--output", "patients"],
    "psa": ["run", "scenarios/sweeps/psa_standard.toml", "--set", "run.patients=100", "-r", "4",
            "--output", "replications"],
    "compare": ["compare", "scenarios/protocols/standard.toml", "scenarios/protocols/early_intensive.toml",
                "scenarios/protocols/no_formal_pt.toml", "--set", "run.patients=150", "-r", "3",
                "--output", "patients"],
}


def dataset_hash(ds) -> str:
    data = ds[()]
    h = hashlib.sha256()
    arr = np.asarray(data)
    h.update(str(arr.dtype.str if arr.dtype.kind != "O" else "object").encode())
    h.update(str(arr.shape).encode())
    if arr.dtype.kind == "O":  # variable-length strings
        for item in arr.reshape(-1):
            h.update(item if isinstance(item, bytes) else str(item).encode())
            h.update(b"\0")
    else:
        h.update(np.ascontiguousarray(arr).tobytes())
    return h.hexdigest()[:16]


def fingerprint(path: pathlib.Path) -> dict:
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                out[name] = dataset_hash(obj)
        f.visititems(visit)
    return dict(sorted(out.items()))


def run_case(binary: str, args: list, workdir: pathlib.Path) -> dict:
    out = workdir / "result.h5"
    command = [binary, args[0], "-o", str(out), "--force", "--quiet", "-j", "2", *args[1:]]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"golden: `{' '.join(command)}` exited {result.returncode}:\n{result.stderr}")
    fp = fingerprint(out)
    out.unlink()
    return fp


def differences(old: dict, new: dict) -> list:
    lines = []
    for case in sorted(set(old) | set(new)):
        a, b = old.get(case, {}), new.get(case, {})
        if not a or not b:
            lines.append(f"{case}: case {'added' if not a else 'removed'} ({len(a or b)} datasets)")
            continue
        for name in sorted(set(a) | set(b)):
            if name not in a:
                lines.append(f"{case}: /{name} is new")
            elif name not in b:
                lines.append(f"{case}: /{name} is gone")
            elif a[name] != b[name]:
                lines.append(f"{case}: /{name} changed")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="compare with fingerprints.json")
    mode.add_argument("--update", action="store_true", help="rewrite fingerprints.json")
    parser.add_argument("binary", nargs="?", default=str(ROOT / "build/release/app/rehabsim"))
    parser.add_argument("--case", action="append", help="only these cases (repeatable)")
    args = parser.parse_args()

    old = json.loads(STORE.read_text()) if STORE.exists() else {}
    names = args.case or list(CASES)
    new = dict(old)
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            new[name] = run_case(args.binary, CASES[name], pathlib.Path(tmp))
    changed = differences({n: old.get(n, {}) for n in names}, {n: new[n] for n in names})
    if args.update:
        STORE.write_text(json.dumps(new, indent=1, sort_keys=True) + "\n")
        print("\n".join(changed) if changed else "golden: no dataset changed")
        print(f"golden: wrote {STORE.relative_to(ROOT)}")
        return 0
    if changed:
        print("golden: results differ from tests/golden/fingerprints.json:")
        print("\n".join("  " + line for line in changed))
        print("If the change is intended, run tests/golden/fingerprints.py --update and commit it on its own, saying why.")
        return 1
    print(f"golden: {sum(len(new[n]) for n in names)} datasets of {len(names)} cases unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
