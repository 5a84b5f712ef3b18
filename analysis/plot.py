#!/usr/bin/python3
"""Plots from a rehabsim result file.

    analysis/plot.py results/default.h5 -o plots/

Writes PNG and SVG for each plot the file has data for, and says which it skipped and why.
Every figure has a title, axis labels with units, a legend, and the scenario name and seed in a
footer.
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
from rehabsim_results import DAMAGED_FILE_ERRORS, Results, damaged, open_for_command  # noqa: E402
from stats import mean_ci  # noqa: E402

FOLLOW_UPS = [("baseline_odi", 0), ("odi_6w", 6), ("odi_3m", 13), ("odi_6m", 26), ("odi_12m", 52)]
INDIVIDUAL_SAMPLE = 30  # individual trajectories drawn per panel when the file has them


class Skip(Exception):
    """The file has no data for this plot."""


def footer(fig, results: Results):
    a = results.attributes
    fig.text(0.01, 0.01, f"scenario: {results.scenario_name()} · seed {a.get('seed', '?')} · rehabsim {a.get('software_version', '?')}"
             + ("" if a.get("complete", 1) == 1 else " · INCOMPLETE RUN"), fontsize=7, color="0.35")


def finish(fig, results):
    footer(fig, results)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


def groups(patients: pd.DataFrame):
    """(label, rows) per point and cohort."""
    several_points = patients["point"].nunique() > 1
    for (point, cohort), rows in patients.groupby(["point", "cohort"], observed=True):
        yield (f"point {point}: {cohort}" if several_points else str(cohort)), rows


def recovery_curves(results: Results):
    """ODI and pain over follow-ups per point and cohort: mean with 95% CI band over replications;
    a sample of individual weekly trajectories (thin lines) when the file has them."""
    if not results.has_table("patients"):
        raise Skip("the file has no /patients")
    patients = results.table("patients")
    fig, (ax_odi, ax_pain) = plt.subplots(1, 2, figsize=(11, 4.5))
    traj = results.trajectories()
    if traj is not None:
        ids, arrays = traj
        weeks = np.arange(arrays["odi"].shape[1])
        rows = np.linspace(0, len(ids) - 1, min(INDIVIDUAL_SAMPLE, len(ids))).astype(int)
        for i, r in enumerate(rows):
            kw = dict(color="0.6", lw=0.5, alpha=0.5, label="individual patients (expected, weekly)" if i == 0 else None)
            ax_odi.plot(weeks, arrays["odi"][r], **kw)
            ax_pain.plot(weeks, arrays["pain"][r], **kw)
    for label, rows in groups(patients):
        per_rep = rows.groupby("replication")[[c for c, _ in FOLLOW_UPS] + ["baseline_pain", "pain_12m"]].mean()
        weeks = [w for _, w in FOLLOW_UPS]
        stats = [mean_ci(per_rep[c].to_numpy()) for c, _ in FOLLOW_UPS]
        mean, half = np.array([s[0] for s in stats]), np.array([s[1] for s in stats])
        line, = ax_odi.plot(weeks, mean, marker="o", label=label)
        ax_odi.fill_between(weeks, mean - half, mean + half, color=line.get_color(), alpha=0.25)
        pain = [mean_ci(per_rep[c].to_numpy()) for c in ("baseline_pain", "pain_12m")]
        ax_pain.errorbar([0, 52], [p[0] for p in pain], yerr=[p[1] for p in pain], marker="o", ls="none", capsize=4, color=line.get_color(),
                         label=label)
    ax_odi.set_title("Disability after surgery")
    ax_odi.set_xlabel("time since surgery (weeks)")
    ax_odi.set_ylabel("Oswestry Disability Index (points, 0-100)")
    ax_pain.set_title("Pain (worse of back and leg)")
    ax_pain.set_xlabel("time since surgery (weeks)")
    ax_pain.set_ylabel("pain (NRS 0-10)")
    for ax in (ax_odi, ax_pain):
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, title="cohort: mean, 95% CI")
    fig.suptitle("Recovery curves")
    return finish(fig, results)


def responders(results: Results):
    """Responders at 12 months per point and cohort (bars with 95% CIs over replications) and the
    distribution of ODI at 12 months (violins)."""
    if not results.has_table("patients"):
        raise Skip("the file has no /patients")
    patients = results.table("patients")
    patients["responder"] = (patients["responder_12m"] == "yes").astype(float)
    labels, stats, odi = [], [], []
    for label, rows in groups(patients):
        labels.append(label)
        stats.append(mean_ci(rows.groupby("replication")["responder"].mean().to_numpy()))
        odi.append(rows["odi_12m"].to_numpy())
    fig, (ax_bar, ax_violin) = plt.subplots(1, 2, figsize=(11, 4.5))
    x = np.arange(len(labels))
    ax_bar.bar(x, [100 * s[0] for s in stats], yerr=[100 * s[1] for s in stats], capsize=6, color="tab:blue",
               label="mean over replications, 95% CI")
    ax_bar.set_xticks(x, labels, rotation=20)
    ax_bar.set_title("Responders at 12 months (ODI improved by at least 30%)")
    ax_bar.set_xlabel("cohort")
    ax_bar.set_ylabel("responders (% of patients)")
    ax_bar.set_ylim(0, 100)
    ax_bar.legend(loc="lower right")
    parts = ax_violin.violinplot(odi, positions=x, showmedians=True)
    parts["bodies"][0].set_label("distribution over patients (median marked)")
    ax_violin.set_xticks(x, labels, rotation=20)
    ax_violin.set_title("ODI at 12 months")
    ax_violin.set_xlabel("cohort")
    ax_violin.set_ylabel("Oswestry Disability Index (points, 0-100)")
    ax_violin.legend(loc="upper right", fontsize=8)
    return finish(fig, results)


def fusion_incidence(results: Results):
    """Cumulative incidence of solid fusion by smoking and by vitamin D status (fusion patients).
    Every patient is followed to the horizon, so the curve is the share fused by each day."""
    if not results.has_table("patients"):
        raise Skip("the file has no /patients")
    patients = results.table("patients")
    if "fusion_day" not in patients or not (patients["surgery"] == "fusion").any():
        raise Skip("the file has no fusion patients")
    fusion = patients[patients["surgery"] == "fusion"]
    horizon = int(results.scenario().get("run", {}).get("horizon_days", 365))
    days = np.arange(0, horizon + 1)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.5), sharey=True)
    for ax, column, title in ((axes[0], "smoker", "by smoking"), (axes[1], "vitamin_d_deficient", "by vitamin D status")):
        names = {"smoker": {"yes": "smokers", "no": "non-smokers"}, "vitamin_d_deficient": {"yes": "vitamin D deficient", "no": "vitamin D replete"}}
        for value, rows in fusion.groupby(column, observed=True):
            fused = np.sort(rows["fusion_day"].dropna().to_numpy())
            share = np.searchsorted(fused, days, side="right") / len(rows)
            ax.step(days, 100 * share, where="post", label=f"{names[column][value]} (n = {len(rows)})")
        ax.axvline(365, color="0.5", ls=":", lw=1)
        ax.set_title(f"Time to solid fusion, {title}")
        ax.set_xlabel("time since surgery (days)")
        ax.set_ylabel("fused (% of fusion patients)")
        ax.set_ylim(0, 100)
        ax.grid(alpha=0.3)
        ax.legend(loc="lower right")
    return finish(fig, results)


def sweep_heatmap(results: Results):
    """Mean of an outcome (ODI at 12 months) over the first two swept keys."""
    if not results.has_table("points") or not results.has_table("summary"):
        raise Skip("the file has no /points or /summary")
    points = results.table("points", decode=False)
    swept = [c for c in points.columns if c != "point"]
    if len(swept) < 2:
        raise Skip("fewer than two swept keys in /points")
    summary = results.table("summary")
    metric = "odi_12m"
    means = summary[summary["metric"] == metric].set_index("point")["mean"]
    x_key, y_key = swept[:2]
    table = points.assign(value=points["point"].map(means)).pivot_table(index=y_key, columns=x_key, values="value")
    units = results.units("points")
    fig, ax = plt.subplots(figsize=(7, 5))
    image = ax.imshow(table.to_numpy(), origin="lower", aspect="auto", cmap="viridis")
    ax.set_xticks(range(len(table.columns)), [f"{v:g}" for v in table.columns])
    ax.set_yticks(range(len(table.index)), [f"{v:g}" for v in table.index])
    ax.set_xlabel(f"{x_key} ({units.get(x_key, '')})")
    ax.set_ylabel(f"{y_key} ({units.get(y_key, '')})")
    ax.set_title(f"Mean {metric} over the sweep")
    fig.colorbar(image, ax=ax, label=f"{metric} ({results.units('replications').get(metric, '')})")
    ax.plot([], [], " ", label="cell: mean over replications")
    ax.legend(loc="upper right", fontsize=8)
    return finish(fig, results)


def sensitivity(results: Results):
    """Tornado chart of partial rank correlation coefficients with 95% CIs, for one metric."""
    if not results.has_table("sensitivity"):
        raise Skip("the file has no /sensitivity (run an LHS or random sweep)")
    s = results.table("sensitivity")
    metric = "odi_12m" if (s["metric"] == "odi_12m").any() else s["metric"].iloc[0]
    rows = s[s["metric"] == metric].sort_values("prcc", key=np.abs)
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(rows) + 2))
    y = np.arange(len(rows))
    ax.barh(y, rows["prcc"], color=np.where(rows["prcc"] >= 0, "tab:red", "tab:blue"), label="PRCC")
    ax.errorbar(rows["prcc"], y, xerr=[rows["prcc"] - rows["ci95_low"], rows["ci95_high"] - rows["prcc"]], fmt="none", ecolor="k",
                capsize=3, label="95% CI")
    ax.set_yticks(y, rows["parameter"].astype(str))
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_xlim(-1, 1)
    ax.set_xlabel(f"partial rank correlation with {metric} (-1 to 1)")
    ax.set_ylabel("parameter")
    ax.set_title(f"Sensitivity of {metric}")
    ax.legend(loc="lower right")
    return finish(fig, results)


def acceptability(results: Results):
    """Cost-effectiveness acceptability curves: the probability that each point is the most
    cost-effective, over willingness to pay per QALY."""
    if not results.has_table("cost_effectiveness"):
        raise Skip("the file has no /cost_effectiveness (needs two or more points)")
    ce = results.table("cost_effectiveness", decode=False)
    names = point_names(results)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for point, rows in ce.groupby("point"):
        ax.plot(rows["wtp_usd_per_qaly"] / 1000, 100 * rows["probability_cost_effective"], marker=".", label=names.get(point, f"point {point}"))
    ax.set_title("Cost-effectiveness acceptability")
    ax.set_xlabel("willingness to pay (thousand USD per QALY)")
    ax.set_ylabel("probability most cost-effective (%)")
    ax.set_ylim(-2, 102)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, title="point")
    return finish(fig, results)


def point_names(results: Results) -> dict[int, str]:
    """A readable name per point: the compared scenario, or the swept values."""
    points = results.table("points")
    columns = [c for c in points.columns if c != "point"]
    if columns == ["scenario"]:  # rehabsim compare: the file names say it all
        return {int(row["point"]): str(row["scenario"]) for _, row in points.iterrows()}
    return {int(row["point"]): ", ".join(f"{c} = {row[c]}" for c in columns) or f"point {int(row['point'])}"
            for _, row in points.iterrows()}


def _clinic_waiting_list(ax, weekly, points, colours, names):
    """Waiting-list length over the weeks per policy, mean with a 95% band, warm-up shaded."""
    for point in points:
        rows = weekly[weekly["point"] == point]
        by_week = rows.groupby("week")["waiting_list_mean"]
        stats = [mean_ci(v.to_numpy()) for _, v in by_week]
        weeks = np.array(sorted(rows["week"].unique()))
        mean, half = np.array([m for m, _ in stats]), np.nan_to_num(np.array([h for _, h in stats]))
        ax.plot(weeks, mean, color=colours[point], label=names.get(point, f"point {point}"))
        ax.fill_between(weeks, mean - half, mean + half, color=colours[point], alpha=0.2)
    kpi = weekly[weekly["kpi_week"] == 1]["week"]
    if not kpi.empty:
        ax.axvspan(weekly["week"].min(), kpi.min(), color="0.85", alpha=0.5, label="warm-up (not in the KPIs)")
    ax.set_title("Waiting list (referred, not yet seen)")
    ax.set_xlabel("week since day 0 (weeks)")
    ax.set_ylabel("patients waiting (weekly time average)")
    ax.legend(fontsize=7, title="mean, 95% CI")


def _clinic_waits(ax, patients, reps, points, colours, names):
    """The distribution of waits (from /patients), else their percentiles (from /replications)."""
    if patients is not None:
        for point in points:
            rows = patients[(patients["point"] == point) & (patients["in_warmup"] == 0)]
            waits = np.sort(rows["wait_days"].dropna().to_numpy())
            referred = rows["referral_day"].notna().sum()
            if waits.size and referred:
                ax.step(waits, 100 * np.arange(1, waits.size + 1) / referred, where="post", color=colours[point],
                             label=names.get(point, f"point {point}"))
        ax.axvline(14, color="0.4", lw=0.8, ls="--", label="14 days")
        ax.set_title("Wait from referral to the first visit")
        ax.set_xlabel("wait (days)")
        ax.set_ylabel("referred patients seen by then (%)")
        ax.set_ylim(0, 102)
    else:  # only /replications: the wait's median, mean and 90th percentile per policy
        width = 0.8 / 3
        for k, (column, label) in enumerate([("wait_p50_days", "median"), ("wait_mean_days", "mean"), ("wait_p90_days", "90th percentile")]):
            stats = [mean_ci(reps[reps["point"] == p][column].to_numpy()) for p in points]
            ax.bar(np.arange(len(points)) + (k - 1) * width, [m for m, _ in stats], width, yerr=[h for _, h in stats], capsize=3,
                        label=label)
        ax.set_xticks(np.arange(len(points)), [names.get(p, f"point {p}") for p in points], rotation=20, fontsize=7)
        ax.set_title("Wait from referral to the first visit (95% CIs)")
        ax.set_xlabel("policy")
        ax.set_ylabel("wait (days)")
    ax.legend(fontsize=7)


def _clinic_utilisation(ax, reps, points, colours, names):
    """Therapist utilisation per policy with 95% CIs."""
    x = np.arange(len(points))
    util = [mean_ci(reps[reps["point"] == p]["utilisation"].to_numpy()) for p in points]
    ax.bar(x, [100 * m for m, _ in util], yerr=[100 * h for _, h in util], capsize=5, color=[colours[p] for p in points],
                label="mean over replications, 95% CI")
    ax.set_xticks(x, [names.get(p, f"point {p}") for p in points], rotation=20, fontsize=7)
    ax.set_title("Therapist utilisation (KPI weeks)")
    ax.set_xlabel("policy")
    ax.set_ylabel("attended appointment time / time on duty (%)")
    ax.set_ylim(0, 100)
    ax.legend(fontsize=7, loc="lower right")


def _clinic_cost_and_outcome(ax, reps, points, colours, names):
    """Staff cost per patient against responders per 1,000, 95% CIs on both."""
    for point in points:
        rows = reps[reps["point"] == point]
        cost, cost_half = mean_ci(rows["cost_per_patient_usd"].to_numpy())
        resp, resp_half = mean_ci(1000 * rows["responder_12m"].to_numpy())
        ax.errorbar(cost, resp, xerr=cost_half, yerr=resp_half, fmt="o", capsize=4, color=colours[point],
                          label=names.get(point, f"point {point}"))
    ax.set_title("Staff cost against outcome")
    ax.set_xlabel("staff cost per patient (USD)")
    ax.set_ylabel("responders at 12 months (per 1,000 patients)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, title="mean, 95% CI")


def clinic(results: Results):
    """The clinic per point (policy): waiting-list length over the weeks (mean over replications with
    a 95% band), the distribution of waits (share seen within x days), therapist utilisation, and
    staff cost per patient against responders per 1,000 patients (95% CIs on both)."""
    if not results.has_table("clinic_weekly"):
        raise Skip("the file has no /clinic_weekly (a clinic with clinic.capacity = \"therapists\" writes it)")
    weekly = results.table("clinic_weekly", decode=False)
    if weekly.empty:
        raise Skip("/clinic_weekly has no rows (no point had a clinic with limited capacity)")
    reps = results.table("replications", decode=False)
    patients = results.table("patients", decode=False) if results.has_table("patients") else None
    names = point_names(results)
    points = sorted(weekly["point"].unique())
    fig, axes = plt.subplots(2, 2, figsize=(12, 8.5))
    ax_list, ax_wait, ax_util, ax_trade = axes.ravel()
    colours = {p: f"C{i % 10}" for i, p in enumerate(points)}
    _clinic_waiting_list(ax_list, weekly, points, colours, names)
    _clinic_waits(ax_wait, patients, reps, points, colours, names)
    _clinic_utilisation(ax_util, reps, points, colours, names)
    _clinic_cost_and_outcome(ax_trade, reps, points, colours, names)
    for ax in (ax_list, ax_wait):
        ax.grid(alpha=0.3)
    fig.suptitle("Clinic: waiting, capacity and cost by policy")
    return finish(fig, results)


FOREST_METRICS = ["odi_3m", "odi_12m", "responder_12m", "sessions_attended", "total_cost_usd", "qaly"]


def compare(results: Results):
    """Forest plot: each scenario's paired difference from the first, with 95% CIs, per outcome."""
    if not results.has_table("compare"):
        raise Skip("the file has no /compare (written by `rehabsim compare`)")
    c = results.table("compare")
    units = results.units("replications") if results.has_table("replications") else {}
    metrics = [m for m in FOREST_METRICS if (c["metric"] == m).any()]
    scenarios = list(c["scenario"].cat.categories)
    fig, axes = plt.subplots(1, len(metrics), figsize=(3.2 * len(metrics), 0.6 * len(scenarios) + 2.5), sharey=True, squeeze=False)
    for ax, metric in zip(axes[0], metrics):
        rows = c[(c["metric"] == metric) & (c["scenario"] != scenarios[0])]
        y = np.arange(len(rows))
        ax.errorbar(rows["difference"], y, xerr=[rows["difference"] - rows["difference_ci95_low"], rows["difference_ci95_high"] - rows["difference"]],
                    fmt="o", capsize=4, label="paired difference, 95% CI")
        ax.axvline(0, color="0.4", lw=0.8)
        ax.set_yticks(y, [str(v) for v in rows["scenario"]])
        ax.set_title(metric, fontsize=10)
        ax.set_xlabel(f"difference ({units.get(metric, 'units of the metric')})")
        ax.grid(alpha=0.3)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower right", fontsize=8)
    axes[0][0].set_ylabel(f"scenario (vs {scenarios[0]})")
    fig.suptitle(f"Differences from {scenarios[0]}, on the same patients")
    return finish(fig, results)


PLOTS = {"recovery_curves": recovery_curves, "responders": responders, "fusion_incidence": fusion_incidence,
         "sweep_heatmap": sweep_heatmap, "sensitivity": sensitivity, "acceptability": acceptability, "clinic": clinic,
         "compare": compare}


def save(fig, stem: pathlib.Path) -> list[pathlib.Path]:
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    for p in paths:
        fig.savefig(p, dpi=120)
    plt.close(fig)
    return paths


def make_all(results: Results, out: pathlib.Path, log=print) -> dict[str, list[pathlib.Path]]:
    """Writes every plot the file has data for; returns name -> files."""
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, function in PLOTS.items():
        try:
            fig = function(results)
        except Skip as reason:
            log(f"skipped {name}: {reason}")
            continue
        written[name] = save(fig, out / name)
        for path in written[name]:
            log(f"wrote {path}")
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", help="rehabsim result file (.h5)")
    parser.add_argument("-o", "--output", default="plots", help="directory for the figures (default: plots)")
    args = parser.parse_args(argv)
    results = open_for_command(args.results, "plot.py")
    if results is None:
        return 2
    try:
        with results:
            make_all(results, pathlib.Path(args.output))
    except DAMAGED_FILE_ERRORS as error:
        return damaged("plot.py", args.results, error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
