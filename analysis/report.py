#!/usr/bin/python3
"""One self-contained HTML report of a rehabsim result file, for readers who never open a terminal.

    analysis/report.py results/default.h5 -o report.html

Sections: provenance, key results, the clinic by policy (waits, utilisation, costs), outcomes by cohort, the summary table, figures (embedded as
PNG), and the full scenario.
"""
from __future__ import annotations

import argparse
import base64
import html
import pathlib
import sys
import tempfile


sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import plot  # noqa: E402
from rehabsim_results import DAMAGED_FILE_ERRORS, Results, damaged, open_for_command  # noqa: E402
from stats import mean_ci  # noqa: E402

SECTIONS = ["provenance", "key-results", "clinic", "cohorts", "summary", "figures", "scenario"]

CSS = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; color: #222; line-height: 1.45; }
h1 { border-bottom: 2px solid #246; padding-bottom: .3em; } h2 { color: #246; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 0; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: right; } th { background: #eef2f7; }
td:first-child, th:first-child { text-align: left; }
.cards { display: flex; gap: 1em; flex-wrap: wrap; } .card { background: #f4f7fb; border-radius: 8px; padding: .8em 1.2em; min-width: 180px; }
.card .v { font-size: 1.6em; font-weight: 600; color: #246; } .card .l { font-size: .85em; color: #555; }
figure { margin: 1.5em 0; } figure img { max-width: 100%; border: 1px solid #ddd; } figcaption { color: #555; font-size: .9em; }
#provenance td { text-align: left; }
pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: .85em; } .warn { color: #a00; font-weight: 600; }
"""

KEY_METRICS = [("odi_12m", "ODI at 12 months (0-100, lower is better)"), ("responder_12m", "responders at 12 months"),
               ("sessions_attended", "supervised sessions attended"), ("no_show_rate", "no-show rate"),
               ("total_cost_usd", "cost per patient (USD)"), ("qaly", "QALYs per patient")]


PERCENT = ("responder_12m", "no_show_rate", "fused_12m", "seen_within_14d", "utilisation", "sessions_delivered_fraction")
CLINIC_METRICS = [("wait_mean_days", "mean wait (days)"), ("wait_p90_days", "90% seen within (days)"),
                  ("seen_within_14d", "seen within 14 days"), ("waiting_list_mean", "waiting list (patients)"),
                  ("utilisation", "utilisation"), ("sessions_delivered_fraction", "sessions delivered / prescribed"),
                  ("staff_cost_usd", "staff cost (KPI weeks)"), ("cost_per_patient_usd", "staff cost per patient"),
                  ("cost_per_responder_usd", "staff cost per responder"), ("responder_12m", "responders at 12 months")]


def fmt(value: float, ci: float, metric: str) -> str:
    if metric in PERCENT:
        return f"{100 * value:.1f}% <small>± {100 * ci:.1f}</small>"
    if metric.endswith("_usd"):
        return f"${value:,.0f} <small>± {ci:,.0f}</small>"
    return f"{value:.2f} <small>± {ci:.2f}</small>"


def provenance(r: Results) -> str:
    a = r.attributes
    rows = [("scenario", r.scenario_name()), ("protocol", r.scenario().get("protocol", {}).get("name", "?")),
            ("seed", a.get("seed")), ("replications", a.get("replications")), ("created (UTC)", a.get("created_utc")),
            ("rehabsim version", f"{a.get('software_version')} (commit {str(a.get('git_commit'))[:12]})"),
            ("command", f"<code>{html.escape(str(a.get('command_line')))}</code>"), ("file", html.escape(r.path))]
    warn = "" if a.get("complete", 1) == 1 else '<p class="warn">This run was interrupted: the file holds only the finished replications.</p>'
    body = "".join(f"<tr><th>{k}</th><td>{v if k == 'command' else html.escape(str(v))}</td></tr>" for k, v in rows)
    return f'<section id="provenance"><h2>Where these numbers come from</h2>{warn}<table>{body}</table></section>'


def key_results(r: Results) -> str:
    summary = r.table("summary")
    cards = []
    for metric, label in KEY_METRICS:
        rows = summary[(summary["metric"] == metric) & (summary["point"] == 0)]
        if rows.empty:
            continue
        row = rows.iloc[0]
        cards.append(f'<div class="card"><div class="v">{fmt(row["mean"], row["ci95_high"] - row["mean"], metric)}</div>'
                     f'<div class="l">{label}</div></div>')
    return ('<section id="key-results"><h2>Key results</h2><p>Means over replications with the half-width of the 95% '
            f'confidence interval (point 0).</p><div class="cards">{"".join(cards)}</div></section>')


def clinic(r: Results) -> str:
    head = '<section id="clinic"><h2>The clinic, by policy</h2>'
    if not r.has_table("clinic_weekly"):
        return head + '<p>This run has no clinic with limited capacity (<code>clinic.capacity = "unlimited"</code>): every session happened when the protocol asked.</p></section>'
    summary = r.table("summary")
    names = plot.point_names(r)
    cells = "".join(f"<th>{label}</th>" for _, label in CLINIC_METRICS)
    body = []
    for point in sorted(summary["point"].unique()):
        row = []
        for metric, _ in CLINIC_METRICS:
            m = summary[(summary["point"] == point) & (summary["metric"] == metric)]
            row.append(f"<td>{fmt(m.iloc[0]['mean'], m.iloc[0]['ci95_high'] - m.iloc[0]['mean'], metric)}</td>" if not m.empty else "<td>-</td>")
        body.append(f"<tr><td>{html.escape(names.get(int(point), str(point)))}</td>{''.join(row)}</tr>")
    return (head + '<p>Means over replications with the half-width of the 95% confidence interval, over the steady-state weeks '
            '(after the warm-up). A wait runs from the referral to the first visit; utilisation is the therapists\' time in '
            'attended appointments over their time on duty; staff cost counts every paid hour, booked or idle.</p>'
            f'<table><tr><th>policy</th>{cells}</tr>{"".join(body)}</table></section>')


def cohorts(r: Results) -> str:
    if not r.has_table("patients"):
        return ('<section id="cohorts"><h2>Outcomes by cohort</h2><p>This file has no /patients (written with '
                '<code>--output patients</code>).</p></section>')
    p = r.table("patients")
    p["responder"] = (p["responder_12m"] == "yes").astype(float)
    columns = [("baseline_odi", "baseline ODI"), ("odi_3m", "ODI 3 months"), ("odi_12m", "ODI 12 months"), ("responder", "responders"),
               ("sessions_attended", "sessions"), ("total_cost_usd", "cost (USD)"), ("qaly", "QALYs")]
    head = "".join(f"<th>{label}</th>" for _, label in columns)
    body = []
    for (point, cohort), rows in p.groupby(["point", "cohort"], observed=True):
        per_rep = rows.groupby("replication")[[c for c, _ in columns]].mean()
        cells = "".join(f"<td>{fmt(*mean_ci(per_rep[c].to_numpy()), 'responder_12m' if c == 'responder' else c)}</td>" for c, _ in columns)
        body.append(f"<tr><td>{point}</td><td>{html.escape(str(cohort))}</td><td>{len(rows) // max(1, rows['replication'].nunique())}</td>{cells}</tr>")
    return ('<section id="cohorts"><h2>Outcomes by cohort</h2><p>Mean per patient with the 95% confidence interval over '
            f'replications.</p><table><tr><th>point</th><th>cohort</th><th>patients</th>{head}</tr>{"".join(body)}</table></section>')


def summary_table(r: Results) -> str:
    s = r.table("summary")
    units = r.units("replications")
    body = "".join(f"<tr><td>{row.point}</td><td>{html.escape(str(row.metric))}</td><td>{row.mean:.4g}</td>"
                   f"<td>[{row.ci95_low:.4g}, {row.ci95_high:.4g}]</td><td>{row.n}</td><td>{html.escape(units.get(str(row.metric), ''))}</td></tr>"
                   for row in s.itertuples())
    return ('<section id="summary"><h2>All summary metrics</h2><table><tr><th>point</th><th>metric</th><th>mean</th>'
            f'<th>95% CI</th><th>replications</th><th>units</th></tr>{body}</table></section>')


def figures(r: Results) -> str:
    parts, skipped = [], []
    with tempfile.TemporaryDirectory() as tmp:
        written = plot.make_all(r, pathlib.Path(tmp), log=lambda message: skipped.append(message) if message.startswith("skipped") else None)
        for name, paths in written.items():
            png = next(p for p in paths if p.suffix == ".png")
            data = base64.b64encode(png.read_bytes()).decode()
            caption = (plot.PLOTS[name].__doc__ or name).strip().split("\n")[0]
            parts.append(f'<figure><img alt="{name}" src="data:image/png;base64,{data}"><figcaption>{html.escape(caption)}</figcaption></figure>')
    notes = "".join(f"<li>{html.escape(s)}</li>" for s in skipped)
    return f'<section id="figures"><h2>Figures</h2>{"".join(parts)}<p>Not shown (no data in this file):</p><ul>{notes}</ul></section>'


def scenario(r: Results) -> str:
    a = r.attributes
    words = str(a.get("command_line", "")).split()
    compared = len(words) > 1 and words[1] == "compare"
    how = ("<code>rehabsim extract FILE.h5 -o DIR</code> writes each compared scenario as <code>DIR/NAME.toml</code>; "
           "<code>rehabsim compare DIR/A.toml DIR/B.toml ...</code> then reproduces these results" if compared else
           "<code>rehabsim extract FILE.h5 -o DIR</code> writes it as a file; <code>rehabsim run</code> on that file reproduces these results")
    parts = []
    for name, text in stored_tomls(r):
        parts.append(f"<details><summary>{html.escape(name)}</summary><pre>{html.escape(text)}</pre></details>")
    return (f'<section id="scenario"><h2>The full scenario</h2><p>Every parameter of this run (TOML): {how} (with the '
            f'same <code>--output</code> as the command above).</p>{"".join(parts)}</section>')


def stored_tomls(r: Results) -> list[tuple[str, str]]:
    a = r.attributes
    if "compared_scenario_tomls" in a:
        return [(str(n), str(t)) for n, t in zip(a["compared_scenario_names"], a["compared_scenario_tomls"])]
    return [(r.scenario_name(), str(a.get("scenario_toml", "")))]


def build(r: Results) -> str:
    title = f"rehabsim report: {r.scenario_name()}"
    body = provenance(r) + key_results(r) + clinic(r) + cohorts(r) + summary_table(r) + figures(r) + scenario(r)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<style>{CSS}</style></head><body><h1>{html.escape(title)}</h1>{body}</body></html>')


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", help="rehabsim result file (.h5)")
    parser.add_argument("-o", "--output", default="report.html", help="HTML file to write (default: report.html)")
    args = parser.parse_args(argv)
    results = open_for_command(args.results, "report.py")
    if results is None:
        return 2
    try:
        with results:
            page = build(results)
    except DAMAGED_FILE_ERRORS as error:
        return damaged("report.py", args.results, error)
    out = pathlib.Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
