#!/usr/bin/python3
"""Are two runs' outcome distributions the same within Monte Carlo error?

For a change that alters results on purpose without meaning to alter the model (a different but
equally exact numerical method, another order of random draws), run the same scenario and seed
before and after and compare:

    tests/golden/distribution_check.py BEFORE.h5 AFTER.h5 [--z 3]

For every Float64 metric of /replications it prints the two means, their difference in units of
the Monte Carlo standard error of a mean over the replications (sd / sqrt(R), the larger of the two
runs'), and the largest change of a single replication. Exit status 1 when any |difference| / SE
exceeds --z (default 3: with ~60 metrics, a 3-SE miss of the same distribution happens in about
15% of checks of independent runs; a paired run - same seed - differs far less).
"""
import argparse
import math
import sys

import h5py
import numpy as np


def metrics(path):
    with h5py.File(path, "r") as f:
        table = f["replications"]
        return {name: np.asarray(table[name][()], dtype=float) for name in table
                if table[name].dtype.kind == "f" and table[name].ndim == 1}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--z", type=float, default=3.0, help="largest |difference of means| / SE accepted")
    args = parser.parse_args()
    before, after = metrics(args.before), metrics(args.after)
    if before.keys() != after.keys():
        print(f"the files have different metrics: {sorted(before.keys() ^ after.keys())}")
        return 1
    worst = 0.0
    print(f"{'metric':<36} {'before':>12} {'after':>12} {'diff/SE':>8} {'max |change| of a replication':>30}")
    for name in sorted(before):
        a, b = before[name], after[name]
        if len(a) != len(b):
            print(f"{name}: {len(a)} vs {len(b)} replications")
            return 1
        ok = ~(np.isnan(a) | np.isnan(b))
        if ok.sum() < 2:
            continue
        se = max(np.std(a[ok], ddof=1), np.std(b[ok], ddof=1)) / math.sqrt(ok.sum())
        diff = float(np.mean(b[ok]) - np.mean(a[ok]))
        z = 0.0 if diff == 0 else (math.inf if se == 0 else abs(diff) / se)
        worst = max(worst, z)
        print(f"{name:<36} {np.mean(a[ok]):>12.6g} {np.mean(b[ok]):>12.6g} {z:>8.3f} {float(np.max(np.abs(b[ok] - a[ok]))):>30.3g}")
    print(f"largest |difference of means| / SE: {worst:.3f} (limit {args.z})")
    return 0 if worst <= args.z else 1


if __name__ == "__main__":
    sys.exit(main())
