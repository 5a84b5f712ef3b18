"""What the printed tables and the derived tables tell a reader (issue 13): names, groups,
money, clipped intervals, notes, the incremental analysis and the willingness-to-pay grid."""
import re

import h5py
import numpy as np

from conftest import ROOT, run_rehabsim

STAFFING = ROOT / "scenarios" / "staffing"
FEW = ["-r", "3", "--quiet"]


def test_compare_puts_clinic_kpis_first_formats_money_and_clips_intervals(tmp_path):
    out = tmp_path / "c.h5"
    text = run_rehabsim("compare", STAFFING / "a_four_therapists.toml", STAFFING / "b_five_therapists.toml", "-o", out, *FEW).stdout
    sections = re.findall(r"^== (.+) ==$", text, flags=re.MULTILINE)
    assert sections[0] == "clinic" and "outcomes" in sections
    assert text.index("wait_mean_days") < text.index("odi_12m")
    # Money: thousands separators, no decimals.
    staff = re.search(r"^  a_four_therapists\s+([\d,]+) \[", text.split("staff_cost_usd (USD)")[1], flags=re.MULTILINE)
    assert staff and "," in staff.group(1) and "." not in staff.group(1)
    # No interval leaves the possible range of a fraction (levels in [0, 1], differences in [-1, 1]).
    block = text.split("seen_within_14d (fraction 0-1)\n")[1].split("\n")[:2]
    ends = [float(v) for line in block for v in re.findall(r"[-+]?\d+\.\d+", line)]
    assert len(ends) == 3 + 3 + 3 and all(-1.0 <= v <= 1.0 for v in ends)
    assert "3 replications" in text and "Monte Carlo precision" in text
    # A metric the policy cannot move is on one line, not a block of +0.000 rows.
    assert "the same in every scenario:" in text and "referrals_per_week" in text.split("the same in every scenario:")[1].split("\n")[0]
    # The stored /compare still holds every metric.
    with h5py.File(out, "r") as f:
        assert "referrals_per_week" in [m.decode() if isinstance(m, bytes) else m for m in f["compare/metric"].attrs["labels"]]


def test_unstable_queue_is_named(tmp_path):
    # Three therapists for the demand of four: the list grows all run.
    text = run_rehabsim("run", STAFFING / "a_four_therapists.toml", "--set", "clinic.therapists[0].count=3", "-o", tmp_path / "u.h5",
                        *FEW).stdout
    assert "the queue is unstable" in text
    with h5py.File(tmp_path / "u.h5", "r") as f:
        assert np.all(f["replications/waiting_list_growth_per_week"][()] > 0)
    stable = run_rehabsim("run", STAFFING / "b_five_therapists.toml", "-o", tmp_path / "s.h5", *FEW).stdout
    assert "the queue is unstable" not in stable


def test_metrics_option_selects_and_refuses_unknown_names(tmp_path):
    out = tmp_path / "m.h5"
    text = run_rehabsim("run", "-o", out, "--set", "run.patients=100", "--metrics", "odi_12m,qaly", *FEW).stdout
    rows = re.findall(r"^  (\w+)\s+-?[\d,.]+\s+\[", text, flags=re.MULTILINE)
    assert rows == ["odi_12m", "qaly"]
    bad = run_rehabsim("run", "-o", tmp_path / "x.h5", "--metrics", "odi_12", *FEW, check=False)
    assert bad.returncode == 2 and 'unknown metric "odi_12"' in bad.stderr and "odi_12m" in bad.stderr
    assert not (tmp_path / "x.h5").exists()
    summary = run_rehabsim("summary", out, "--metrics", "outcomes").stdout
    assert "odi_12m" in summary and "total_cost_usd" not in summary


def test_incremental_analysis_names_dominance_and_the_grid_is_configurable(tmp_path):
    out = tmp_path / "p.h5"
    protocols = ROOT / "scenarios" / "protocols"
    text = run_rehabsim("compare", protocols / "no_formal_pt.toml", protocols / "standard.toml", protocols / "early_intensive.toml",
                        "-o", out, "--set", "run.patients=300", "--set", "costs.willingness_to_pay_max_usd_per_qaly=50000",
                        "--set", "costs.willingness_to_pay_step_usd_per_qaly=20000", *FEW).stdout
    assert "cost-effectiveness" in text and "least costly" in text
    with h5py.File(out, "r") as f:
        wtp = f["cost_effectiveness/wtp_usd_per_qaly"][()]
        assert sorted(set(wtp)) == [0, 20000, 40000, 50000]
        inc = f["incremental_analysis"]
        cost, qaly, status = inc["cost_usd"][()], inc["qaly"][()], inc["status"][()]
        labels = list(inc["status"].attrs["labels"])
        # Each dominated option has a cheaper-or-equal option at least as effective.
        for i, s in enumerate(status):
            if labels[s] == "dominated":
                j = inc["compared_with"][i]
                assert cost[j] <= cost[i] and qaly[j] >= qaly[i]
            if labels[s] == "least costly":
                assert cost[i] == min(cost[k] for k in range(len(cost)) if labels[status[k]] != "dominated")
    again = run_rehabsim("summary", out).stdout
    assert text.split("cost-effectiveness")[1].split("wrote")[0].strip() == again.split("cost-effectiveness")[1].strip()
    too_fine = run_rehabsim("run", "-o", tmp_path / "f.h5", "--set", "costs.willingness_to_pay_step_usd_per_qaly=1", *FEW, check=False)
    assert too_fine.returncode == 2 and "costs.willingness_to_pay_step_usd_per_qaly" in too_fine.stderr


def test_summary_points_filter(tmp_path):
    out = tmp_path / "g.h5"
    run_rehabsim("run", "-o", out, "--set", "run.patients=100", "--sweep", "protocol.start_day_discectomy=7,14,28,56", *FEW)
    text = run_rehabsim("summary", out, "--points", "1-2", "--metrics", "odi_12m").stdout
    assert re.findall(r"^point (\d+):", text, flags=re.MULTILINE) == ["1", "2"]
    bad = run_rehabsim("summary", out, "--points", "7", check=False)
    assert bad.returncode == 2 and "points 0..3" in bad.stderr
