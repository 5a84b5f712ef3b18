#!/usr/bin/python3
"""One self-contained HTML report of a rehabsim result file, for readers who never open a terminal.

    analysis/report.py results/default.h5 -o report.html

Sections: provenance, notes (unstable queues and the like), key results per policy, cost-effectiveness
(dominance and ICERs), the clinic by policy (waits, utilisation, costs), an interactive view of a
sweep or comparison (pick the swept values, see the KPIs and the recovery curve; no server), outcomes
by cohort, the summary table, figures (embedded PNG with full captions) and the full scenario.
"""
from __future__ import annotations

import argparse
import base64
import html
import json
import math
import pathlib
import sys
import tempfile


sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import plot  # noqa: E402
from rehabsim_results import DAMAGED_FILE_ERRORS, Results, damaged, open_for_command  # noqa: E402
from stats import mean_ci  # noqa: E402

SECTIONS = ["provenance", "notes", "key-results", "cost-effectiveness", "clinic", "explore", "cohorts", "summary", "figures", "scenario"]

CSS = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; color: #222; line-height: 1.45; }
h1 { border-bottom: 2px solid #246; padding-bottom: .3em; } h2 { color: #246; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 0; font-size: 0.92em; display: block; overflow-x: auto; max-width: 100%; }
th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: right; } th { background: #eef2f7; }
td:first-child, th:first-child { text-align: left; }
.cards { display: flex; gap: 1em; flex-wrap: wrap; } .card { background: #f4f7fb; border-radius: 8px; padding: .8em 1.2em; min-width: 180px; }
.card .v { font-size: 1.6em; font-weight: 600; color: #246; } .card .l { font-size: .85em; color: #555; }
figure { margin: 1.5em 0; } figure img { max-width: 100%; border: 1px solid #ddd; } figcaption { color: #555; font-size: .9em; }
#provenance td { text-align: left; }
pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: .85em; } .warn { color: #a00; font-weight: 600; }
.note { background: #fff7e6; border-left: 4px solid #e0a000; padding: .5em 1em; margin: .5em 0; }
#explore select { margin: 0 1em .5em .3em; } #explore svg { border: 1px solid #ddd; background: #fff; }
"""

KEY_METRICS = [("odi_12m", "ODI at 12 months (0-100, lower is better)"), ("responder_fraction_12m", "responders at 12 months"),
               ("sessions_attended", "supervised sessions attended"), ("no_show_rate", "no-show rate"),
               ("total_cost_usd", "cost per patient (USD)"), ("qaly", "QALYs per patient")]


PERCENT = ("responder_12m", "responder_fraction_12m", "no_show_rate", "fused_fraction_12m", "dropped_out_fraction", "seen_within_14d",
           "utilisation", "sessions_delivered_fraction")
CLINIC_METRICS = [("wait_mean_days", "mean wait (days)"), ("wait_p90_days", "90% seen within (days)"),
                  ("seen_within_14d", "seen within 14 days"), ("waiting_list_mean", "waiting list (patients)"),
                  ("utilisation", "utilisation"), ("sessions_delivered_fraction", "sessions delivered / prescribed"),
                  ("staff_fte", "staff (FTE)"), ("staff_cost_per_year_usd", "staff cost per year"),
                  ("staff_cost_per_fte_year_usd", "staff cost per FTE-year"), ("cost_per_patient_usd", "staff cost per patient"),
                  ("cost_per_responder_usd", "staff cost per responder"), ("responder_fraction_12m", "responders at 12 months")]


def fmt(value: float, ci: float, metric: str) -> str:
    if metric in PERCENT and not (isinstance(value, float) and math.isnan(value)):
        return f"{100 * value:.1f}%" + ("" if isinstance(ci, float) and math.isnan(ci) else f" <small>± {100 * ci:.1f}</small>")
    if isinstance(value, float) and math.isnan(value):
        return "-"
    ci_text = "" if isinstance(ci, float) and math.isnan(ci) else None
    if metric.endswith("_usd"):
        return f"${value:,.0f}" + (ci_text if ci_text is not None else f" <small>± {ci:,.0f}</small>")
    return f"{value:.2f}" + (ci_text if ci_text is not None else f" <small>± {ci:.2f}</small>")


def provenance(r: Results) -> str:
    a = r.attributes
    rows = [("scenario", r.scenario_name()), ("protocol", r.scenario().get("protocol", {}).get("name", "?")),
            ("seed", a.get("seed")), ("replications", a.get("replications")), ("created (UTC)", a.get("created_utc")),
            ("rehabsim version", f"{a.get('software_version')} (commit {str(a.get('git_commit'))[:12]})"),
            ("command", f"<code>{html.escape(str(a.get('command_line')))}</code>"), ("file", html.escape(r.path))]
    warn = "" if a.get("complete", 1) == 1 else '<p class="warn">This run was interrupted: the file holds only the finished replications.</p>'
    body = "".join(f"<tr><th>{k}</th><td>{v if k == 'command' else html.escape(str(v))}</td></tr>" for k, v in rows)
    return f'<section id="provenance"><h2>Where these numbers come from</h2>{warn}<table>{body}</table></section>'


def point_label(r: Results) -> dict[int, str]:
    return plot.point_names(r) if r.has_table("points") else {0: "results"}


def key_results(r: Results) -> str:
    summary = r.table("summary")
    points = sorted(int(p) for p in summary["point"].unique())
    names = point_label(r)
    available = [(m, label) for m, label in KEY_METRICS if (summary["metric"] == m).any()]
    if len(points) == 1:
        cards = []
        for metric, label in available:
            row = summary[(summary["metric"] == metric) & (summary["point"] == points[0])].iloc[0]
            cards.append(f'<div class="card"><div class="v">{fmt(row["mean"], row["ci95_high"] - row["mean"], metric)}</div>'
                         f'<div class="l">{label}</div></div>')
        return ('<section id="key-results"><h2>Key results</h2><p>Means over replications with the half-width of the 95% '
                f'confidence interval.</p><div class="cards">{"".join(cards)}</div></section>')
    head = "".join(f"<th>{html.escape(label)}</th>" for _, label in available)
    body = []
    for point in points:
        cells = []
        for metric, _ in available:
            m = summary[(summary["point"] == point) & (summary["metric"] == metric)]
            cells.append(f"<td>{fmt(m.iloc[0]['mean'], m.iloc[0]['ci95_high'] - m.iloc[0]['mean'], metric)}</td>" if not m.empty else "<td>-</td>")
        body.append(f"<tr><td>{html.escape(names.get(point, f'point {point}'))}</td>{''.join(cells)}</tr>")
    return ('<section id="key-results"><h2>Key results, by policy</h2><p>Means over replications with the half-width of the 95% '
            'confidence interval. The intervals measure Monte Carlo precision (how well the simulation pins down the model\'s '
            'mean), not the spread between patients or parameter uncertainty.</p>'
            f'<table><tr><th>policy</th>{head}</tr>{"".join(body)}</table></section>')


def notes(r: Results) -> str:
    items = r.attributes.get("notes") or []
    if isinstance(items, str):
        items = [items]
    if not items:
        return '<section id="notes"><h2>Notes</h2><p>Nothing in these results calls for a warning (no unstable queue, no idle time beside long waits).</p></section>'
    body = "".join(f'<p class="note">{html.escape(str(n))}</p>' for n in items)
    return f'<section id="notes"><h2>Notes</h2>{body}</section>'


def money(v: float) -> str:
    return "-" if v is None or (isinstance(v, float) and math.isnan(v)) else f"${v:,.0f}"


def cost_effectiveness(r: Results) -> str:
    head = '<section id="cost-effectiveness"><h2>Cost-effectiveness</h2>'
    if not r.has_table("incremental_analysis"):
        return head + "<p>One option only: nothing to compare.</p></section>"
    inc = r.table("incremental_analysis").sort_values("cost_usd")
    names = point_label(r)
    body = []
    for row in inc.itertuples():
        vs = names.get(int(row.compared_with), "-") if row.compared_with >= 0 else "-"
        status = str(row.status)
        verdict = {"least costly": "least costly (start of the frontier)", "on the frontier": f"{money(row.icer_usd_per_qaly)} per QALY",
                   "dominated": f"dominated by {vs}",
                   "extendedly dominated": f"extendedly dominated ({money(row.icer_usd_per_qaly)} per QALY vs {vs})"}[status]
        inc_cost = money(row.incremental_cost_usd) if row.compared_with >= 0 else "-"
        inc_qaly = f"{row.incremental_qaly:+.4f}" if row.compared_with >= 0 else "-"
        body.append(f"<tr><td>{html.escape(names.get(int(row.point), str(row.point)))}</td><td>{money(row.cost_usd)}</td><td>{row.qaly:.4f}</td>"
                    f"<td>{html.escape(vs)}</td><td>{inc_cost}</td><td>{inc_qaly}</td><td>{html.escape(verdict)}</td></tr>")
    psa = plot.has_psa(r)
    return (head + '<p>Per patient, means over replications, in order of cost. An option is <em>dominated</em> when another costs no more '
            'and gains at least as many QALYs, and <em>extendedly dominated</em> when a mix of its two neighbours on the frontier would do '
            'better; the ICERs are between neighbours on the frontier (Drummond et al. 2015, ch. 4). '
            + ("The acceptability curve among the figures shows the probability of each option being the most cost-effective under the "
               "parameter uncertainty of [uncertainty]." if psa else
               "This run has no [uncertainty]: the probability of being cost-effective is not shown, since across replications it "
               "would reflect Monte Carlo noise only.") +
            '</p><table><tr><th>option</th><th>cost (USD)</th><th>QALYs</th><th>compared with</th><th>+ cost</th><th>+ QALYs</th>'
            f'<th>result</th></tr>{"".join(body)}</table></section>')


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


EXPLORE_METRICS = ["odi_3m", "odi_12m", "responder_fraction_12m", "pain_12m", "sessions_attended", "total_cost_usd", "qaly", "wait_mean_days",
                   "wait_p90_days", "seen_within_14d", "utilisation", "waiting_list_growth_per_week", "staff_fte",
                   "staff_cost_per_year_usd", "cost_per_patient_usd"]
FOLLOW_UP_WEEKS = [("odi_6w", 6), ("odi_3m", 13), ("odi_6m", 26), ("odi_12m", 52)]

EXPLORE_JS = r"""
(function () {
  const data = JSON.parse(document.getElementById('explore-data').textContent);
  const controls = document.getElementById('explore-controls'), table = document.getElementById('explore-kpis');
  const curve = document.getElementById('explore-curve'), trend = document.getElementById('explore-trend');
  const kpiPick = document.getElementById('explore-kpi');
  const selects = {};
  const fmt = (v, units) => v === null ? '-' : units === 'USD' ? Math.round(v).toLocaleString('en-US') :
    (units.startsWith('fraction 0-1') ? (100 * v).toFixed(1) + '%' : Number(v.toPrecision(4)).toString());
  // Every string the file supplies (names of points and keys, swept values, titles, units) is text:
  // escaped before it joins markup given to innerHTML (elements and attributes alike).
  const esc = v => String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  if (data.grid) {
    data.keys.forEach((key, k) => {
      const label = document.createElement('label'); label.textContent = key + ' ';
      const sel = document.createElement('select'); sel.id = 'explore-key-' + k;
      data.values[k].forEach(v => { const o = document.createElement('option'); o.value = v; o.textContent = v; sel.appendChild(o); });
      sel.addEventListener('change', render); label.appendChild(sel); controls.appendChild(label); selects[key] = sel;
    });
  } else {
    const label = document.createElement('label'); label.textContent = 'point ';
    const sel = document.createElement('select'); sel.id = 'explore-point';
    data.points.forEach((p, i) => { const o = document.createElement('option'); o.value = i; o.textContent = p.name; sel.appendChild(o); });
    sel.addEventListener('change', render); label.appendChild(sel); controls.appendChild(label); selects.point = sel;
  }
  data.metrics.forEach(m => { const o = document.createElement('option'); o.value = m.name; o.textContent = m.title; kpiPick.appendChild(o); });
  kpiPick.value = data.default_metric;
  kpiPick.addEventListener('change', render);
  function chosen() {
    if (!data.grid) return Number(selects.point.value);
    return data.points.findIndex(p => data.keys.every(key => p.values[key] === selects[key].value));
  }
  function svgLine(svg, xs, ys, opts) {
    const W = svg.width.baseVal.value, H = svg.height.baseVal.value, pad = 45;
    const ok = ys.map((y, i) => [xs[i], y]).filter(p => p[1] !== null);
    if (!ok.length) { svg.innerHTML = ''; return; }
    const xmin = Math.min(...xs), xmax = Math.max(...xs), ylo = Math.min(0, ...ok.map(p => p[1])), yhi = Math.max(...ok.map(p => p[1])) * 1.1 || 1;
    const X = x => pad + (x - xmin) / ((xmax - xmin) || 1) * (W - 2 * pad), Y = y => H - pad + (ylo - y) / ((yhi - ylo) || 1) * (H - 2 * pad);
    let out = `<line x1="${pad}" y1="${H - pad}" x2="${W - pad}" y2="${H - pad}" stroke="#888"/><line x1="${pad}" y1="${pad}" x2="${pad}" y2="${H - pad}" stroke="#888"/>`;
    out += `<text x="${W / 2}" y="${H - 8}" text-anchor="middle" font-size="12">${esc(opts.xlabel)}</text>`;
    out += `<text x="12" y="${H / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 12 ${H / 2})">${esc(opts.ylabel)}</text>`;
    [ylo, (ylo + yhi) / 2, yhi].forEach(t => { out += `<text x="${pad - 4}" y="${Y(t) + 4}" text-anchor="end" font-size="10">${Number(t.toPrecision(3))}</text>`; });
    xs.forEach((x, i) => { if (opts.ticks) out += `<text x="${X(x)}" y="${H - pad + 14}" text-anchor="middle" font-size="10">${esc(opts.ticks[i])}</text>`; });
    out += `<polyline fill="none" stroke="#246" stroke-width="2" points="${ok.map(p => X(p[0]) + ',' + Y(p[1])).join(' ')}"/>`;
    ok.forEach((p, i) => { out += `<circle cx="${X(p[0])}" cy="${Y(p[1])}" r="${opts.highlight === i ? 6 : 3.5}" fill="${opts.highlight === i ? '#c33' : '#246'}"/>`; });
    svg.innerHTML = out;
  }
  function render() {
    const i = chosen();
    if (i < 0) { table.innerHTML = '<tr><td>No point of the sweep has these values.</td></tr>'; curve.innerHTML = ''; return; }
    const p = data.points[i];
    document.getElementById('explore-name').textContent = p.name;
    table.innerHTML = '<tr><th>metric</th><th>mean</th><th>95% CI</th><th>units</th></tr>' + data.metrics.map(m => {
      const v = p.metrics[m.name]; if (!v) return '';
      return `<tr><td>${esc(m.title)}</td><td data-metric="${esc(m.name)}" data-mean="${esc(v[0])}">${esc(fmt(v[0], m.units))}</td>` +
             `<td>[${esc(fmt(v[1], m.units))}, ${esc(fmt(v[2], m.units))}]</td><td>${esc(m.units)}</td></tr>`;
    }).join('');
    svgLine(curve, data.weeks, p.odi, {xlabel: 'weeks since surgery', ylabel: 'ODI (points, 0-100)', ticks: data.weeks});
    const metric = kpiPick.value, units = (data.metrics.find(m => m.name === metric) || {}).units || '';
    // along the first swept key (the other keys as chosen); an LHS or random design: every point, by that key's value
    const key0 = data.keys[0], numeric = data.points.every(q => !isNaN(Number(q.values[key0])));
    const along = data.points.map((q, j) => ({q, j})).filter(({q}) => !data.grid || data.keys.slice(1).every(key => q.values[key] === p.values[key]))
      .sort((a, b) => numeric ? Number(a.q.values[key0]) - Number(b.q.values[key0]) : 0);
    const many = along.length > 12;
    svgLine(trend, along.map(({q}, k) => numeric ? Number(q.values[key0]) : k), along.map(({q}) => q.metrics[metric] ? q.metrics[metric][0] : null),
            {xlabel: key0, ylabel: metric + ' (' + units + ')', highlight: along.findIndex(({j}) => j === i),
             ticks: many ? null : along.map(({q}) => q.values[key0])});
  }
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.has('point')) {
    const p = data.points[Number(hash.get('point'))];
    if (p) { if (data.grid) data.keys.forEach(key => { selects[key].value = p.values[key]; }); else selects.point.value = hash.get('point'); }
  }
  render();
})();
"""


def explore_data(r: Results) -> dict | None:
    """The data of the interactive view: per point its name, swept values and KPIs (mean, CI)."""
    if not r.has_table("points") or not r.has_table("summary"):
        return None
    points = r.table("points")
    if len(points) < 2:
        return None
    keys = [c for c in points.columns if c != "point"]
    summary = r.table("summary")
    units = r.display_units("replications") if r.has_table("replications") else {}
    defined = set(summary[summary["n"] > 0]["metric"].astype(str))
    clinic = "utilisation" in defined  # a clinic with limited capacity (waits are 0, not informative, without one)
    clinic_only = {"wait_mean_days", "wait_p90_days", "seen_within_14d", "utilisation", "waiting_list_growth_per_week", "staff_fte",
                   "staff_cost_per_year_usd", "cost_per_patient_usd"}
    metrics = [m for m in EXPLORE_METRICS if m in defined and (clinic or m not in clinic_only)]

    def text(v):
        return f"{v:g}" if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v)

    def number(v):
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)

    names = plot.point_names(r)
    rows = []
    by = {(int(row.point), str(row.metric)): row for row in summary.itertuples()}
    for _, p in points.iterrows():
        point = int(p["point"])
        rows.append({"index": point, "name": names.get(point, f"point {point}"), "values": {k: text(p[k]) for k in keys},
                     "metrics": {m: [number(by[(point, m)].mean), number(by[(point, m)].ci95_low), number(by[(point, m)].ci95_high)]
                                 for m in metrics if (point, m) in by},
                     "odi": [number(by[(point, m)].mean) if (point, m) in by else None for m, _ in FOLLOW_UP_WEEKS]})
    values = [sorted({row["values"][k] for row in rows}, key=lambda v: (float(v) if v.replace(".", "", 1).replace("-", "", 1).isdigit() else math.inf, v))
              for k in keys]
    grid = math.prod(len(v) for v in values) == len(rows)
    return {"keys": keys, "values": values, "grid": grid, "points": rows, "weeks": [w for _, w in FOLLOW_UP_WEEKS],
            "default_metric": "wait_mean_days" if clinic else (metrics[0] if metrics else ""),
            "metrics": [{"name": m, "title": plot.metric_title(m, units), "units": units.get(m, "")} for m in metrics]}


def explore(r: Results) -> str:
    head = '<section id="explore"><h2>Explore the options</h2>'
    data = explore_data(r)
    if data is None:
        return head + "<p>This file holds one scenario: nothing to choose between.</p></section>"
    how = ("Pick a value of each swept key" if data["grid"] else "Pick a point of the sweep") + \
        ": the table shows that option's key results and the chart its mean ODI at the follow-ups; the second chart shows the chosen " \
        "metric along the first key (the chosen option in red). Everything is in this page: no server, no network."
    # Inside <script> only "</script" ends the element, but "<!--" then "<script" switches the HTML
    # parser to a state where it no longer does: no <, > or & may reach the element raw (JSON reads
    # the escapes back as the same characters).
    payload = json.dumps(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (head + f'<p>{how}</p><div id="explore-controls"></div><h3 id="explore-name"></h3><table id="explore-kpis"></table>'
            '<p><svg id="explore-curve" width="640" height="280"></svg></p>'
            '<p><label>metric <select id="explore-kpi"></select></label></p><p><svg id="explore-trend" width="640" height="280"></svg></p>'
            f'<script type="application/json" id="explore-data">{payload}</script><script>{EXPLORE_JS}</script></section>')


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
    names = point_label(r)
    for (point, cohort), rows in p.groupby(["point", "cohort"], observed=True):
        per_rep = rows.groupby("replication")[[c for c, _ in columns]].mean()
        cells = "".join(f"<td>{fmt(*mean_ci(per_rep[c].to_numpy()), 'responder_12m' if c == 'responder' else c)}</td>" for c, _ in columns)
        body.append(f"<tr><td>{html.escape(names.get(int(point), str(point)))}</td><td>{html.escape(str(cohort))}</td><td>{len(rows) // max(1, rows['replication'].nunique())}</td>{cells}</tr>")
    return ('<section id="cohorts"><h2>Outcomes by cohort</h2><p>Mean per patient with the 95% confidence interval over '
            f'replications.</p><table><tr><th>policy</th><th>cohort</th><th>patients</th>{head}</tr>{"".join(body)}</table></section>')


def plain_number(v: float, units: str) -> str:
    if isinstance(v, float) and math.isnan(v):
        return "-"
    return f"{v:,.0f}" if units == "USD" else f"{v:.4g}"


def summary_table(r: Results) -> str:
    s = r.table("summary")
    s = s[s["n"] > 0]
    units = r.display_units("replications") if r.has_table("replications") else {}
    names = point_label(r)
    body = "".join(f"<tr><td>{html.escape(names.get(int(row.point), str(row.point)))}</td><td>{html.escape(str(row.metric))}</td>"
                   f"<td>{plain_number(row.mean, units.get(str(row.metric), ''))}</td>"
                   f"<td>[{plain_number(row.ci95_low, units.get(str(row.metric), ''))}, {plain_number(row.ci95_high, units.get(str(row.metric), ''))}]</td>"
                   f"<td>{row.n}</td><td>{html.escape(units.get(str(row.metric), ''))}</td></tr>"
                   for row in s.itertuples())
    return ('<section id="summary"><h2>All summary metrics</h2><details><summary>Every metric of every policy (mean, 95% CI, '
            'replications)</summary><table><tr><th>policy</th><th>metric</th><th>mean</th>'
            f'<th>95% CI</th><th>replications</th><th>units</th></tr>{body}</table></details></section>')


def figures(r: Results) -> str:
    parts = []
    with tempfile.TemporaryDirectory() as tmp:
        written = plot.make_all(r, pathlib.Path(tmp), log=lambda message: None, formats=["png"], dpi=110)
        for name, paths in written.items():
            data = base64.b64encode(paths[0].read_bytes()).decode()
            parts.append(f'<figure><img alt="{name}" src="data:image/png;base64,{data}"><figcaption>{html.escape(plot.caption(name))}'
                         '</figcaption></figure>')
    return f'<section id="figures"><h2>Figures</h2>{"".join(parts)}</section>'


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
    body = (provenance(r) + notes(r) + key_results(r) + cost_effectiveness(r) + clinic(r) + explore(r) + cohorts(r) + summary_table(r)
            + figures(r) + scenario(r))
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
