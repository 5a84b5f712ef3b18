#!/usr/bin/python3
"""Plots from a rehabsim result file.

    analysis/plot.py results/default.h5 -o plots/

Writes PNG and SVG for each plot the file has data for, and says which it skipped.
"""
from __future__ import annotations

import argparse
import pathlib
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from rehabsim_results import ResultFormatError, open_results  # noqa: E402

FOLLOW_UPS = [("baseline_odi", 0), ("odi_6w", 6), ("odi_3m", 13), ("odi_6m", 26), ("odi_12m", 52)]
T_975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
         12: 2.179, 15: 2.131, 20: 2.086, 25: 2.060, 30: 2.042, 40: 2.021, 60: 2.000, 120: 1.980}


def t_quantile(df: int) -> float:
    """Student t 0.975 quantile (table, rounded down in df: conservative); 1.96 beyond 120."""
    if df < 1:
        return float("nan")
    keys = [k for k in T_975 if k <= df]
    return T_975[max(keys)] if df <= 120 else 1.96


def mean_ci(values: np.ndarray) -> tuple[float, float]:
    """Mean and 95% CI half-width over replications."""
    values = values[~np.isnan(values)]
    n = len(values)
    if n < 2:
        return (float(values.mean()) if n else float("nan"), float("nan"))
    return float(values.mean()), t_quantile(n - 1) * float(values.std(ddof=1)) / np.sqrt(n)


def footer(fig, attrs):
    fig.text(0.01, 0.01, f"rehabsim {attrs.get('software_version', '?')} · seed {attrs.get('seed', '?')} · "
             f"{attrs.get('command_line', '')}", fontsize=7, color="0.4")


def recovery_curves(results, out: pathlib.Path) -> list[pathlib.Path]:
    """Mean ODI over follow-ups per cohort, with the 95% CI of the cohort mean over replications."""
    patients = results.table("patients")
    attrs = results.attributes
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for point, by_point in patients.groupby("point"):
        for cohort, group in by_point.groupby("cohort", observed=True):
            per_rep = group.groupby("replication")[[c for c, _ in FOLLOW_UPS]].mean()
            stats = [mean_ci(per_rep[c].to_numpy()) for c, _ in FOLLOW_UPS]
            weeks = [w for _, w in FOLLOW_UPS]
            mean = np.array([s[0] for s in stats])
            half = np.array([s[1] for s in stats])
            label = f"{cohort}" if patients["point"].nunique() == 1 else f"point {point}: {cohort}"
            line, = ax.plot(weeks, mean, marker="o", label=label)
            ax.fill_between(weeks, mean - half, mean + half, color=line.get_color(), alpha=0.25)
    ax.set_title("Recovery of disability after lumbar surgery")
    ax.set_xlabel("time since surgery (weeks)")
    ax.set_ylabel("Oswestry Disability Index (points, 0-100)")
    ax.set_ylim(bottom=0)
    ax.legend(title="cohort (mean, 95% CI band)")
    ax.grid(alpha=0.3)
    footer(fig, attrs)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return save(fig, out / "recovery_curves")


def responders(results, out: pathlib.Path) -> list[pathlib.Path]:
    """Share of responders at 12 months per cohort, with 95% CIs over replications."""
    patients = results.table("patients")
    patients["responder"] = (patients["responder_12m"] == "yes").astype(float)
    per_rep = patients.groupby(["cohort", "replication"], observed=True)["responder"].mean().reset_index()
    cohorts = list(per_rep["cohort"].cat.categories)
    stats = [mean_ci(per_rep.loc[per_rep["cohort"] == c, "responder"].to_numpy()) for c in cohorts]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.bar(cohorts, [100 * s[0] for s in stats], yerr=[100 * s[1] for s in stats], capsize=6, color="tab:blue",
           label="mean over replications, 95% CI")
    ax.set_title("Responders at 12 months (ODI improved by at least 30%)")
    ax.set_xlabel("cohort")
    ax.set_ylabel("responders (% of patients)")
    ax.set_ylim(0, 100)
    ax.legend(loc="lower right")
    footer(fig, results.attributes)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return save(fig, out / "responders")


def save(fig, stem: pathlib.Path) -> list[pathlib.Path]:
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    for p in paths:
        fig.savefig(p, dpi=130)
    plt.close(fig)
    return paths


PLOTS = {"recovery_curves": (recovery_curves, ["patients"]), "responders": (responders, ["patients"])}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", help="rehabsim result file (.h5)")
    parser.add_argument("-o", "--output", default="plots", help="directory for the figures (default: plots)")
    args = parser.parse_args(argv)
    out = pathlib.Path(args.output)
    try:
        results = open_results(args.results)
    except (OSError, ResultFormatError) as e:
        print(f"plot.py: {e}", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    with results:
        for name, (function, needs) in PLOTS.items():
            missing = [t for t in needs if not results.has_table(t)]
            if missing:
                print(f"skipped {name}: the file has no {', '.join('/' + t for t in missing)}")
                continue
            for path in function(results, out):
                print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
