#!/usr/bin/python3
"""Plots from a rehabsim result file.

    analysis/plot.py results/default.h5 -o plots/
    analysis/plot.py results/sweep.h5 --figures sweep_curves,clinic --metrics wait_mean_days,utilisation
    analysis/plot.py --list

Writes PNG (200 dpi) and SVG for each figure the file has data for, and says which it skipped and
why. Every figure has a title, axis labels with units, a legend outside the data, and the scenario
name and seed in a footer. Points are named by what differs (the compared scenario, or the swept
keys' values), never by number alone.
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


DPI = 200
FORMATS = ("png", "svg")
OPTIONS = {"metrics": None}  # --metrics: chosen per run of make_all (None: each figure's own)

# Readable titles of the /replications metrics (units from the file are added where these lack them).
METRIC_TITLES = {
    "odi_6w": "ODI at 6 weeks (points, 0-100)", "odi_3m": "ODI at 3 months (points, 0-100)", "odi_6m": "ODI at 6 months (points, 0-100)",
    "odi_12m": "ODI at 12 months (points, 0-100)", "odi_change_12m": "ODI change by 12 months (points)",
    "responder_fraction_12m": "responders at 12 months (fraction)", "pain_12m": "pain at 12 months (NRS 0-10)",
    "sessions_attended": "supervised sessions attended (sessions)", "total_cost_usd": "total cost per patient (USD)",
    "pt_cost_usd": "physical-therapy cost per patient (USD)", "qaly": "QALYs per patient (QALY)",
    "wait_mean_days": "mean wait to the first visit (days)", "wait_p50_days": "median wait (days)",
    "wait_p90_days": "90th percentile of the wait (days)", "seen_within_14d": "seen within 14 days (fraction)",
    "utilisation": "therapist utilisation (fraction)", "waiting_list_mean": "waiting list (patients)",
    "waiting_list_growth_per_week": "waiting-list growth (patients/week)", "staff_cost_usd": "staff cost, KPI weeks (USD)",
    "staff_cost_per_year_usd": "staff cost per year (USD)", "staff_cost_per_fte_year_usd": "staff cost per FTE-year (USD)",
    "cost_per_patient_usd": "staff cost per patient (USD)", "cost_per_responder_usd": "staff cost per responder (USD)",
    "fused_fraction_12m": "fused by 12 months (fraction of fusions)", "dropped_out_fraction": "dropped out of supervised care (fraction)",
    "no_show_rate": "no-shows per appointment (fraction)", "muscle_12m": "muscle at 12 months (fraction of norm)",
}
CLINIC_CURVES = ["wait_mean_days", "wait_p90_days", "utilisation", "cost_per_patient_usd", "responder_fraction_12m"]
OUTCOME_CURVES = ["odi_3m", "odi_12m", "responder_fraction_12m", "total_cost_usd", "qaly"]


def metric_title(metric: str, units: dict | None = None) -> str:
    """`ODI at 12 months (points, 0-100)`: the metric's name in words with its units."""
    if metric in METRIC_TITLES:
        return METRIC_TITLES[metric]
    unit = (units or {}).get(metric, "")
    return f"{metric.replace('_', ' ')} ({unit})" if unit else metric.replace("_", " ")


def chosen_metrics(default: list[str], available) -> list[str]:
    """--metrics when given (those the file has), else the figure's defaults the file has."""
    wanted = OPTIONS["metrics"] or default
    return [m for m in wanted if m in set(available)]


def legend_outside(ax, **kw):
    """A legend to the right of the axes, never over the data."""
    return ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, fontsize=kw.pop("fontsize", 8), **kw)


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


def has_psa(results: Results) -> bool:
    """True when the run drew parameters per replication ([uncertainty] with parameters)."""
    try:
        return bool(results.scenario().get("uncertainty", {}).get("parameters"))
    except (KeyError, ValueError):
        return False


def groups(patients: pd.DataFrame, names: dict[int, str] | None = None):
    """(label, rows): one series per point, named, when the file has several points (all cohorts
    together); one per cohort otherwise."""
    if patients["point"].nunique() > 1:
        for point, rows in patients.groupby("point", observed=True):
            yield (names or {}).get(int(point), f"point {point}"), rows
        return
    for cohort, rows in patients.groupby("cohort", observed=True):
        yield str(cohort), rows


def group_title(patients: pd.DataFrame) -> str:
    return "policy: mean, 95% CI" if patients["point"].nunique() > 1 else "cohort: mean, 95% CI"


def trajectory_frame(results: Results) -> pd.DataFrame | None:
    """/trajectories in long form (Results.trajectories_long) with each row's cohort: read once per
    figure, every state variable a column. None without /trajectories."""
    long = results.trajectories_long()
    if long is None:
        return None
    if results.has_table("patients"):
        patients = results.table("patients")[["point", "replication", "patient", "cohort"]]
        long = long.merge(patients, on=["point", "replication", "patient"], how="left")
    else:
        long["cohort"] = "all"
    long["point"] = long["point"].astype(int)
    return long


def recovery_curves(results: Results):
    """ODI and pain over time, per policy (or per cohort for a single scenario): the mean over
    replications with a 95% CI band at the follow-ups, the weekly expected ODI from /trajectories
    when the file has them (dashed), and a sample of individual weekly trajectories (thin grey)."""
    if not results.has_table("patients"):
        raise Skip("the file has no /patients")
    patients = results.table("patients")
    names = point_names(results)
    fig, (ax_odi, ax_pain) = plt.subplots(1, 2, figsize=(12, 4.8))
    traj = results.trajectories()
    weekly = trajectory_frame(results) if traj is not None else None
    if traj is not None:
        ids, arrays = traj
        weeks = np.arange(arrays["odi"].shape[1])
        rows = np.linspace(0, len(ids) - 1, min(INDIVIDUAL_SAMPLE, len(ids))).astype(int)
        for i, r in enumerate(rows):
            kw = dict(color="0.6", lw=0.5, alpha=0.5, label="individual patients (expected, weekly)" if i == 0 else None)
            ax_odi.plot(weeks, arrays["odi"][r], **kw)
            ax_pain.plot(weeks, arrays["pain"][r], **kw)
    several = patients["point"].nunique() > 1
    for label, rows in groups(patients, names):
        per_rep = rows.groupby("replication")[[c for c, _ in FOLLOW_UPS] + ["baseline_pain", "pain_12m"]].mean()
        weeks = [w for _, w in FOLLOW_UPS]
        stats = [mean_ci(per_rep[c].to_numpy()) for c, _ in FOLLOW_UPS]
        mean, half = np.array([s[0] for s in stats]), np.array([s[1] for s in stats])
        line, = ax_odi.plot(weeks, mean, marker="o", label=label)
        ax_odi.fill_between(weeks, mean - half, mean + half, color=line.get_color(), alpha=0.25)
        if weekly is not None:
            key = ("point", int(rows["point"].iloc[0])) if several else ("cohort", str(rows["cohort"].iloc[0]))
            sel = weekly[weekly[key[0]].astype(type(key[1])) == key[1]]
            for ax, variable in ((ax_odi, "odi"), (ax_pain, "pain")):
                curve = sel.groupby("week")[variable].mean()
                ax.plot(curve.index, curve.to_numpy(), ls="--", lw=1, color=line.get_color(),
                        label=f"{label}, weekly (expected)" if ax is ax_odi else None)
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
    handles, labels = ax_odi.get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.0, 0.92), fontsize=8, title=group_title(patients))
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
    axis = "policy" if patients["point"].nunique() > 1 else "cohort"
    for label, rows in groups(patients, point_names(results)):
        labels.append(label)
        stats.append(mean_ci(rows.groupby("replication")["responder"].mean().to_numpy()))
        odi.append(rows["odi_12m"].to_numpy())
    fig, (ax_bar, ax_violin) = plt.subplots(1, 2, figsize=(11, 4.5))
    x = np.arange(len(labels))
    ax_bar.bar(x, [100 * s[0] for s in stats], yerr=[100 * s[1] for s in stats], capsize=6, color="tab:blue",
               label="mean over replications, 95% CI")
    ax_bar.set_xticks(x, labels, rotation=25, ha="right", fontsize=8)
    ax_bar.set_title("Responders at 12 months (ODI improved by at least 30%)")
    ax_bar.set_xlabel(axis)
    ax_bar.set_ylabel("responders (% of patients)")
    ax_bar.set_ylim(0, 100)
    ax_bar.legend(loc="lower right")
    parts = ax_violin.violinplot(odi, positions=x, showmedians=True)
    parts["bodies"][0].set_label("distribution over patients (median marked)")
    ax_violin.set_xticks(x, labels, rotation=25, ha="right", fontsize=8)
    ax_violin.set_title("ODI at 12 months")
    ax_violin.set_xlabel(axis)
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
    if len(swept) > 2 or len(points) != points[swept[0]].nunique() * points[swept[1]].nunique():
        raise Skip("not a grid over two keys (an LHS or random sweep: see the sensitivity figure)")
    summary = results.table("summary")
    metric = (chosen_metrics(["odi_12m"], summary["metric"].astype(str).unique()) or ["odi_12m"])[0]
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
    title = metric_title(metric, results.display_units("replications") if results.has_table("replications") else {})
    ax.set_title(f"{title[0].upper() + title[1:]}, mean over the sweep")
    fig.colorbar(image, ax=ax, label=title)
    for (i, j), v in np.ndenumerate(table.to_numpy()):
        ax.text(j, i, f"{v:.3g}", ha="center", va="center", fontsize=7, color="white")
    ax.plot([], [], " ", label="cell: mean over replications")
    legend_outside(ax)
    return finish(fig, results)


def sensitivity(results: Results):
    """Tornado chart of partial rank correlation coefficients with 95% CIs, for one metric."""
    if not results.has_table("sensitivity"):
        raise Skip("the file has no /sensitivity (run an LHS or random sweep)")
    s = results.table("sensitivity")
    available = s["metric"].astype(str).unique()
    metric = (chosen_metrics(["odi_12m"], available) or [str(s["metric"].iloc[0])])[0]
    rows = s[s["metric"] == metric].sort_values("prcc", key=np.abs)
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(rows) + 2))
    y = np.arange(len(rows))
    ax.barh(y, rows["prcc"], color=np.where(rows["prcc"] >= 0, "tab:red", "tab:blue"), label="PRCC")
    ax.errorbar(rows["prcc"], y, xerr=[rows["prcc"] - rows["ci95_low"], rows["ci95_high"] - rows["prcc"]], fmt="none", ecolor="k",
                capsize=3, label="95% CI")
    ax.set_yticks(y, rows["parameter"].astype(str))
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_xlim(-1, 1)
    title = metric_title(metric, results.display_units("replications") if results.has_table("replications") else {})
    ax.set_xlabel(f"partial rank correlation (-1 to 1)")
    ax.set_ylabel("parameter")
    ax.set_title(f"Sensitivity of {title.split(' (')[0]}")
    ax.text(0.99, 0.01, "red: a higher value raises the metric", transform=ax.transAxes, ha="right", va="bottom", fontsize=7, color="0.3")
    legend_outside(ax)
    return finish(fig, results)


def acceptability(results: Results):
    """Cost-effectiveness acceptability curves: the probability that each option is the most
    cost-effective over the replications' parameter draws, against the willingness to pay per QALY.
    Drawn for runs with [uncertainty] (probabilistic sensitivity analysis) only."""
    if not results.has_table("cost_effectiveness"):
        raise Skip("the file has no /cost_effectiveness (needs two or more points)")
    if not has_psa(results):
        raise Skip("no [uncertainty] in this run: across replications the probability shows only Monte Carlo noise, not "
                   "parameter uncertainty (add [uncertainty], see docs/sweeps.md)")
    ce = results.table("cost_effectiveness", decode=False)
    names = point_names(results)
    top = ce.groupby("point")["probability_cost_effective"].max()
    shown = top[top >= 0.05].index if len(top) > 10 else top.index  # many options: those ever at least 5% likely
    fig, ax = plt.subplots(figsize=(8, 4.5))
    wtp = [c for c in ce.columns if c.startswith("wtp_")][0]
    for point, rows in ce.groupby("point"):
        if point in shown:
            ax.plot(rows[wtp] / 1000, 100 * rows["probability_cost_effective"], marker=".", label=names.get(point, f"point {point}"))
    ax.set_title("Cost-effectiveness acceptability (probabilistic sensitivity analysis)")
    ax.set_xlabel("willingness to pay (thousand USD per QALY)")
    ax.set_ylabel("probability most cost-effective (%)")
    ax.set_ylim(-2, 102)
    ax.grid(alpha=0.3)
    hidden = len(top) - len(shown)
    legend_outside(ax, title="option" + (f" ({hidden} below 5% not shown)" if hidden else ""))
    return finish(fig, results)


def ce_plane(results: Results):
    """Cost-effectiveness plane: each option's incremental cost against its incremental QALYs
    versus the reference, paired by replication (95% CIs on both), with willingness-to-pay lines
    and the efficiency frontier of /incremental_analysis; dominated options hollow."""
    if not results.has_table("cost_effectiveness"):
        raise Skip("the file has no /cost_effectiveness (needs two or more points)")
    ce = results.table("cost_effectiveness", decode=False)
    first = ce.groupby("point").head(1).set_index("point")
    names = point_names(results)
    reference = int(first["reference_point"].iloc[0])
    cost, qaly = "incremental_cost_usd", "incremental_qaly"
    fig, ax = plt.subplots(figsize=(8.5, 5.5))
    status = {}
    if results.has_table("incremental_analysis"):
        inc = results.table("incremental_analysis")
        status = dict(zip(inc["point"].astype(int), inc["status"].astype(str)))
        frontier = inc[inc["status"].isin(["least costly", "on the frontier"])].sort_values("cost_usd")
        ref = inc.set_index("point").loc[reference]
        ax.plot(frontier["qaly"] - ref["qaly"], frontier["cost_usd"] - ref["cost_usd"], color="0.3", lw=1, zorder=1,
                label="efficiency frontier")
    for i, (point, row) in enumerate(first.iterrows()):
        hollow = status.get(int(point), "") in ("dominated", "extendedly dominated")
        colour = f"C{i % 10}"
        ax.errorbar(row[qaly], row[cost], xerr=[[row[qaly] - row[qaly + "_ci95_low"]], [row[qaly + "_ci95_high"] - row[qaly]]],
                    yerr=[[row[cost] - row["incremental_cost_ci95_low"]], [row["incremental_cost_ci95_high"] - row[cost]]],
                    fmt="o", mfc="white" if hollow else colour, color=colour, capsize=3, zorder=3,
                    label=names.get(int(point), f"point {point}") + (f" ({status[int(point)]})" if hollow else ""))
    lim = max(abs(first[qaly]).max() * 1.4, 1e-4)
    xs = np.linspace(-lim, lim, 2)
    for wtp, style in ((50000, ":"), (100000, "--"), (150000, "-.")):
        ax.plot(xs, wtp * xs, ls=style, color="0.55", lw=0.8, label=f"{wtp // 1000}k USD per QALY")
    ax.set_xlim(-lim, lim)
    ax.axhline(0, color="0.3", lw=0.6)
    ax.axvline(0, color="0.3", lw=0.6)
    ax.set_title(f"Cost-effectiveness plane, against {names.get(reference, 'the reference')}")
    ax.set_xlabel("incremental QALYs per patient (QALY)")
    ax.set_ylabel("incremental cost per patient (USD)")
    ax.grid(alpha=0.3)
    legend_outside(ax, title="option: mean, 95% CI")
    return finish(fig, results)


def sweep_curves(results: Results):
    """KPIs against the value of the one numeric key a grid sweep varies (e.g. the therapist count):
    the mean over replications with its 95% CI per value. Clinic KPIs (waits, utilisation, staff
    cost per patient, responders) for clinic scenarios, outcomes otherwise; --metrics chooses."""
    if not results.has_table("points") or not results.has_table("summary"):
        raise Skip("the file has no /points or /summary")
    points = results.table("points", decode=False)
    swept = [c for c in points.columns if c != "point"]
    if len(swept) != 1 or results.table("points")[swept[0]].dtype.name == "category" or len(points) < 2:
        raise Skip("not a sweep of one numeric key")
    key = swept[0]
    summary = results.table("summary")
    defined = summary[summary["n"] > 0]["metric"].astype(str).unique()
    default = CLINIC_CURVES if "wait_mean_days" in set(defined) else OUTCOME_CURVES
    metrics = chosen_metrics(default, defined)
    if not metrics:
        raise Skip("none of the chosen metrics is defined in this file")
    units = results.display_units("replications") if results.has_table("replications") else {}
    key_units = results.units("points").get(key, "")
    x = points.set_index("point")[key]
    fig, axes = plt.subplots(1, len(metrics), figsize=(3.4 * len(metrics), 3.8), squeeze=False)
    for ax, metric in zip(axes[0], metrics):
        rows = summary[summary["metric"] == metric].set_index("point").loc[x.index]
        ax.errorbar(x.to_numpy(), rows["mean"], yerr=[rows["mean"] - rows["ci95_low"], rows["ci95_high"] - rows["mean"]], fmt="o-",
                    capsize=4, label="mean, 95% CI")
        title = metric_title(metric, units)
        ax.set_title(title.split(" (")[0], fontsize=10)
        ax.set_ylabel(title[title.find("("):] if "(" in title else "(value)")
        ax.set_xlabel(f"{key.split('.', 1)[-1]} ({key_units or 'value'})")
        ax.grid(alpha=0.3)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.0, 0.9), fontsize=8)
    fig.suptitle(f"What {key} changes")
    return finish(fig, results)


MECHANISMS = [("muscle", "muscle (fraction of norm)"), ("scar", "epidural scar (fraction)"), ("healing", "tissue healing (fraction)"),
              ("fusion", "fusion maturity (fraction)"), ("motivation", "motivation (fraction)"), ("relief", "pain relief (fraction)"),
              ("sensitisation", "sensitisation (fraction)"), ("fear", "fear of movement (fraction)"),
              ("habit", "exercise habit (share of days)")]


def mechanisms(results: Results):
    """The model's mechanisms over time: weekly means of the state variables (muscle, scar, healing,
    fusion maturity, motivation, relief, sensitisation, fear, habit) per policy, or per cohort for a single
    scenario, from /trajectories (written with --trajectories)."""
    traj = results.trajectories()
    if traj is None:
        raise Skip("the file has no /trajectories (run with --trajectories)")
    names = point_names(results)
    panels = [(v, t) for v, t in MECHANISMS if v in traj[1]]
    fig, axes = plt.subplots(3, 3, figsize=(12, 9), squeeze=False)
    several = traj[0]["point"].nunique() > 1
    frame = trajectory_frame(results)
    by = "point" if several else "cohort"
    for ax, (variable, title) in zip(axes.ravel(), panels):
        for i, (group, rows) in enumerate(frame.groupby(by, observed=True)):
            curve = rows.groupby("week")[variable].mean()
            ax.plot(curve.index, curve.to_numpy(), color=f"C{i % 10}", label=names.get(int(group), str(group)) if several else str(group))
        ax.set_title(title.split(" (")[0], fontsize=10)
        ax.set_xlabel("time since surgery (weeks)")
        ax.set_ylabel(title[title.find("("):])
        ax.grid(alpha=0.3)
    for ax in axes.ravel()[len(panels):]:
        ax.set_visible(False)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.0, 0.92), fontsize=8,
               title=("policy" if several else "cohort") + ": mean over patients")
    fig.suptitle("Mechanisms over time (expected states, weekly)")
    return finish(fig, results)


def point_names(results: Results) -> dict[int, str]:
    """A readable name per point: the compared scenario, or the swept values."""
    points = results.table("points")
    columns = [c for c in points.columns if c != "point"]
    if columns == ["scenario"]:  # rehabsim compare: the file names say it all
        return {int(row["point"]): str(row["scenario"]) for _, row in points.iterrows()}
    def short(key):  # "clinic.therapists[0].count" -> "therapists[0].count"
        return key.split(".", 1)[-1]
    def text(v):
        return f"{v:g}" if isinstance(v, (int, float, np.integer, np.floating)) else str(v)
    return {int(row["point"]): ", ".join(f"{short(c)} = {text(row[c])}" for c in columns) or f"point {int(row['point'])}"
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
    legend_outside(ax, fontsize=7, title="mean, 95% CI")


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
        ax.set_xticks(np.arange(len(points)), [names.get(p, f"point {p}") for p in points], rotation=25, ha="right", fontsize=7)
        ax.set_title("Wait from referral to the first visit (95% CIs)")
        ax.set_xlabel("policy")
        ax.set_ylabel("wait (days)")
    legend_outside(ax, fontsize=7)


def _clinic_utilisation(ax, reps, points, colours, names):
    """Therapist utilisation per policy with 95% CIs."""
    x = np.arange(len(points))
    util = [mean_ci(reps[reps["point"] == p]["utilisation"].to_numpy()) for p in points]
    ax.bar(x, [100 * m for m, _ in util], yerr=[100 * h for _, h in util], capsize=5, color=[colours[p] for p in points],
                label="mean over replications, 95% CI")
    ax.set_xticks(x, [names.get(p, f"point {p}") for p in points], rotation=25, ha="right", fontsize=7)
    ax.set_title("Therapist utilisation (KPI weeks)")
    ax.set_xlabel("policy")
    ax.set_ylabel("attended appointment time / time on duty (%)")
    ax.set_ylim(0, 100)
    legend_outside(ax, fontsize=7)


def _clinic_cost_and_outcome(ax, reps, points, colours, names):
    """Staff cost per patient against responders per 1,000, 95% CIs on both."""
    for point in points:
        rows = reps[reps["point"] == point]
        cost, cost_half = mean_ci(rows["cost_per_patient_usd"].to_numpy())
        resp, resp_half = mean_ci(1000 * rows["responder_fraction_12m"].to_numpy())
        ax.errorbar(cost, resp, xerr=cost_half, yerr=resp_half, fmt="o", capsize=4, color=colours[point],
                          label=names.get(point, f"point {point}"))
    ax.set_title("Staff cost against outcome")
    ax.set_xlabel("staff cost per patient (USD)")
    ax.set_ylabel("responders at 12 months (per 1,000 patients)")
    ax.grid(alpha=0.3)
    legend_outside(ax, fontsize=7, title="mean, 95% CI")


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
    fig, axes = plt.subplots(2, 2, figsize=(14, 9))
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


FOREST_METRICS = ["odi_3m", "odi_12m", "responder_fraction_12m", "sessions_attended", "total_cost_usd", "qaly"]


def compare(results: Results):
    """Forest plot: each scenario's paired difference from the first, with 95% CIs, per outcome."""
    if not results.has_table("compare"):
        raise Skip("the file has no /compare (written by `rehabsim compare`)")
    c = results.table("compare")
    units = results.display_units("replications") if results.has_table("replications") else {}
    metrics = chosen_metrics(FOREST_METRICS, c["metric"].astype(str).unique())
    if not metrics:
        raise Skip("none of the chosen metrics is in /compare")
    scenarios = list(c["scenario"].cat.categories)
    fig, axes = plt.subplots(1, len(metrics), figsize=(3.2 * len(metrics), 0.6 * len(scenarios) + 2.5), sharey=True, squeeze=False)
    for ax, metric in zip(axes[0], metrics):
        rows = c[(c["metric"] == metric) & (c["scenario"] != scenarios[0])]
        y = np.arange(len(rows))
        ax.errorbar(rows["difference"], y, xerr=[rows["difference"] - rows["difference_ci95_low"], rows["difference_ci95_high"] - rows["difference"]],
                    fmt="o", capsize=4, label="paired difference, 95% CI")
        ax.axvline(0, color="0.4", lw=0.8)
        ax.set_yticks(y, [str(v) for v in rows["scenario"]])
        title = metric_title(metric, units)
        ax.set_title(title.split(" (")[0], fontsize=10)
        ax.set_xlabel(f"difference {title[title.find('('):] if '(' in title else '(' + units.get(metric, 'units of the metric') + ')'}")
        ax.grid(alpha=0.3)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.0, 0.9), fontsize=8)
    axes[0][0].set_ylabel(f"scenario (vs {scenarios[0]})")
    fig.suptitle(f"Differences from {scenarios[0]}, on the same patients")
    return finish(fig, results)


PLOTS = {"recovery_curves": recovery_curves, "responders": responders, "fusion_incidence": fusion_incidence,
         "mechanisms": mechanisms, "sweep_curves": sweep_curves, "sweep_heatmap": sweep_heatmap, "sensitivity": sensitivity,
         "ce_plane": ce_plane, "acceptability": acceptability, "clinic": clinic, "compare": compare}


def caption(name: str) -> str:
    """A figure's caption: its function's docstring, whole, as one paragraph."""
    return " ".join((PLOTS[name].__doc__ or name).split())


def save(fig, stem: pathlib.Path, formats=None, dpi=None) -> list[pathlib.Path]:
    """The figure in each format; the bounding box takes in legends placed outside the axes."""
    paths = [stem.with_suffix("." + f) for f in (formats or FORMATS)]
    for p in paths:
        fig.savefig(p, dpi=dpi or DPI, bbox_inches="tight")
    plt.close(fig)
    return paths


def make_all(results: Results, out: pathlib.Path, log=print, figures=None, metrics=None, formats=None, dpi=None) -> dict[str, list[pathlib.Path]]:
    """Writes every figure (or those named in `figures`) the file has data for; returns name -> files.
    `metrics` replaces the metrics of the figures that show a choice of them (sweep curves, forest,
    sensitivity, heat map)."""
    out.mkdir(parents=True, exist_ok=True)
    OPTIONS["metrics"] = list(metrics) if metrics else None
    written = {}
    try:
        for name, function in PLOTS.items():
            if figures and name not in figures:
                continue
            try:
                fig = function(results)
            except Skip as reason:
                log(f"skipped {name}: {reason}")
                continue
            written[name] = save(fig, out / name, formats, dpi)
            for path in written[name]:
                log(f"wrote {path}")
    finally:
        OPTIONS["metrics"] = None
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", nargs="?", help="rehabsim result file (.h5)")
    parser.add_argument("-o", "--output", default="plots", help="directory for the figures (default: plots)")
    parser.add_argument("--figures", help="comma-separated figures to draw (default: all the file has data for; see --list)")
    parser.add_argument("--metrics", help="comma-separated /replications metrics for the sweep curves, forest plot, sensitivity and heat map")
    parser.add_argument("--formats", default="png,svg", help="comma-separated image formats (default: png,svg)")
    parser.add_argument("--dpi", type=int, default=DPI, help=f"resolution of raster formats (default: {DPI})")
    parser.add_argument("--list", action="store_true", help="list the figures and what each shows, then exit")
    args = parser.parse_args(argv)
    if args.list:
        for name in PLOTS:
            print(f"{name}: {caption(name)}")
        return 0
    if not args.results:
        parser.error("the results file is required (or --list)")
    figures = [f.strip() for f in args.figures.split(",")] if args.figures else None
    unknown = [f for f in figures or [] if f not in PLOTS]
    if unknown:
        print(f"plot.py: unknown figure {', '.join(unknown)}; expected some of {', '.join(PLOTS)}", file=sys.stderr)
        return 2
    if args.dpi < 10 or args.dpi > 2000:
        print(f"plot.py: --dpi: expected 10-2000, got {args.dpi}", file=sys.stderr)
        return 2
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    bad = [f for f in formats if f not in ("png", "svg", "pdf")]
    if bad or not formats:
        print(f"plot.py: --formats: expected png, svg or pdf, got {args.formats}", file=sys.stderr)
        return 2
    results = open_for_command(args.results, "plot.py")
    if results is None:
        return 2
    metrics = [m.strip() for m in args.metrics.split(",")] if args.metrics else None
    try:
        with results:
            if metrics and results.has_table("summary"):
                known = set(results.table("summary")["metric"].astype(str))
                missing = [m for m in metrics if m not in known]
                if missing:
                    print(f"plot.py: unknown metric {', '.join(missing)}; the file has {', '.join(sorted(known))}", file=sys.stderr)
                    return 2
            make_all(results, pathlib.Path(args.output), figures=figures, metrics=metrics, formats=formats, dpi=args.dpi)
    except DAMAGED_FILE_ERRORS as error:
        return damaged("plot.py", args.results, error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
