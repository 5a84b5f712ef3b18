"""Sweeps: points, common random numbers, output levels, sensitivity, and `rehabsim summary`."""
import h5py
import numpy as np
import pytest

from conftest import ROOT, run_rehabsim

SMALL = ["-r", "2", "--set", "run.patients=60", "--quiet"]


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    out = tmp_path_factory.mktemp("grid") / "grid.h5"
    run_rehabsim("run", "-o", out, *SMALL, "--sweep", "protocol.start_day_discectomy=14,56",
                 "--sweep", "protocol.phases[0].mode=clinic,telehealth", "-j", "2")
    return out


def test_grid_points_table(grid):
    with h5py.File(grid, "r") as f:
        p = f["points"]
        assert set(p) == {"point", "protocol.start_day_discectomy", "protocol.phases[0].mode"}
        assert list(p["point"][:]) == [0, 1, 2, 3]
        assert list(p["protocol.start_day_discectomy"][:]) == [14, 14, 56, 56]
        assert p["protocol.start_day_discectomy"].attrs["units"] == "days"
        assert list(p["protocol.phases[0].mode"].attrs["labels"]) == ["clinic", "telehealth"]
        assert list(p["protocol.phases[0].mode"][:]) == [0, 1, 0, 1]
        assert len(f["replications/point"]) == 8 and len(f["patients/point"]) == 4 * 2 * 60
        assert "[sweep]" in f.attrs["scenario_toml"]


def test_every_point_sees_the_same_patients(grid):
    with h5py.File(grid, "r") as f:
        p = f["patients"]
        point = p["point"][:]
        for column in ("age_years", "baseline_odi", "smoker", "protein_g_per_kg"):
            values = p[column][:]
            for k in range(1, 4):
                assert np.array_equal(values[point == 0], values[point == k]), column
        # ... and the protocol differences show: a later start means later PT.
        start = p["pt_start_day"][:]
        discectomy = p["surgery"][:] == 0
        assert set(start[(point == 0) & discectomy]) == {14} and set(start[(point == 2) & discectomy]) == {56}


def test_output_levels_choose_the_tables(tmp_path):
    # Two points: /cost_effectiveness and /incremental_analysis come with every level.
    derived = {"points", "summary", "cost_effectiveness", "incremental_analysis"}
    for level, tables in (("summary", derived), ("replications", derived | {"replications"}),
                          ("patients", derived | {"replications", "patients"})):
        out = tmp_path / f"{level}.h5"
        run_rehabsim("run", "-o", out, *SMALL, "--output", level, "--sweep", "protocol.start_day_fusion=28,56")
        with h5py.File(out, "r") as f:
            assert set(f) == tables, level
            assert len(f["summary/point"]) == 2 * len(f["summary/metric"].attrs["labels"])


def test_lhs_sweep_writes_sensitivity(tmp_path):
    out = tmp_path / "lhs.h5"
    run_rehabsim("run", "-o", out, *SMALL, "--output", "replications", "--sweep", "adherence.home_adherence_mean=0.2:0.8",
                 "--sweep", "scar.mobilisation_effect=-1:1", "--samples", "12", "-j", "2")
    with h5py.File(out, "r") as f:
        s = f["sensitivity"]
        assert set(s) == {"parameter", "metric", "prcc", "ci95_low", "ci95_high", "p_value"}
        assert list(s["parameter"].attrs["labels"]) == ["adherence.home_adherence_mean", "scar.mobilisation_effect"]
        assert len(s["prcc"]) == 2 * len(s["metric"].attrs["labels"])
        prcc, low, high = s["prcc"][:], s["ci95_low"][:], s["ci95_high"][:]
        ok = ~np.isnan(prcc)
        assert np.all((low[ok] <= prcc[ok]) & (prcc[ok] <= high[ok]) & (np.abs(prcc[ok]) <= 1))
        values = f["points/adherence.home_adherence_mean"][:]
        assert len(values) == 12 and len(set(np.floor((values - 0.2) / 0.05).astype(int))) == 12  # one per stratum


def test_summary_command_prints_points_and_sensitivity(grid, tmp_path):
    text = run_rehabsim("summary", grid).stdout
    assert "point 3: protocol.phases[0].mode = telehealth, protocol.start_day_discectomy = 56" in text
    assert "odi_12m" in text and "ODI points 0-100" in text
    out = tmp_path / "lhs.h5"
    run_rehabsim("run", "-o", out, *SMALL, "--sweep", "adherence.home_adherence_mean=0.2:0.8", "--samples", "8")
    assert "sensitivity (partial rank correlation" in run_rehabsim("summary", out).stdout
    missing = run_rehabsim("summary", tmp_path / "nope.h5", check=False)
    assert missing.returncode == 2 and "no such result file" in missing.stderr
    (tmp_path / "text.h5").write_text("not hdf5")
    assert "not an HDF5 file" in run_rehabsim("summary", tmp_path / "text.h5", check=False).stderr


def test_bad_sweeps_exit_2(tmp_path):
    bad = run_rehabsim("run", "-o", tmp_path / "o.h5", *SMALL, "--sweep", "run.replications=1,2", check=False)
    assert bad.returncode == 2 and "cannot be swept" in bad.stderr
    bad = run_rehabsim("run", "-o", tmp_path / "o.h5", *SMALL, "--sweep", "cohorts[0].share=0.5,0.9", check=False)
    assert bad.returncode == 2 and "sweep point 1: " in bad.stderr and "summing to 1" in bad.stderr  # 0.9 + 0.3 + 0.2
    scenario = tmp_path / "s.toml"
    scenario.write_text("[sweep]\nmode = \"lhs\"\n[[sweep.keys]]\nkey = \"muscle.atrophy_rate_per_day\"\nmin = 0.01\nmax = 0.03\n")
    bad = run_rehabsim("run", scenario, "-o", tmp_path / "o.h5", *SMALL, check=False)
    assert bad.returncode == 2 and "sweep.samples" in bad.stderr
    assert not (tmp_path / "o.h5").exists()


def test_shipped_sweeps_validate():
    files = sorted((ROOT / "scenarios" / "sweeps").glob("*.toml"))
    assert len(files) >= 2
    text = run_rehabsim("validate", *files).stdout
    assert "(12 sweep points)" in text and "(60 sweep points)" in text


def test_psa_records_draws_and_cost_effectiveness_matches_the_replications(tmp_path):
    scenario = tmp_path / "psa.toml"
    scenario.write_text("""
[uncertainty]
[[uncertainty.parameters]]
key = "muscle.atrophy_rate_per_day"
distribution = "lognormal"
mean = 0.019
sd = 0.004
""")
    out = tmp_path / "psa.h5"
    run_rehabsim("run", scenario, "-o", out, "-r", "12", "--set", "run.patients=60", "--quiet", "--output", "replications",
                 "--sweep", "protocol.phases[0].sessions_per_week=2,0", "-j", "2")
    with h5py.File(out, "r") as f:
        r = f["replications"]
        draws, point, rep = r["muscle.atrophy_rate_per_day"][:], r["point"][:], r["replication"][:]
        assert r["muscle.atrophy_rate_per_day"].attrs["units"] == "1/day"
        assert np.array_equal(draws[point == 0], draws[point == 1])  # the same draw at every point
        assert len(set(draws[point == 0])) == 12  # a new draw per replication
        assert "muscle.atrophy_rate_per_day" not in list(f["summary/metric"].attrs["labels"])  # an input, not a metric
        assert "[[uncertainty.parameters]]" in f.attrs["scenario_toml"]
        ce = {k: f["cost_effectiveness"][k][:] for k in f["cost_effectiveness"]}
        cost, qaly = r["total_cost_usd"][:], r["qaly"][:]
        dc = cost[point == 1] - cost[point == 0]
        dq = qaly[point == 1] - qaly[point == 0]
        row = (ce["point"] == 1) & (ce["wtp_usd_per_qaly"] == 50000)
        assert np.isclose(ce["incremental_cost_usd"][row][0], dc.mean())
        assert np.isclose(ce["incremental_qaly"][row][0], dq.mean())
        assert np.isclose(ce["icer_usd_per_qaly"][row][0], dc.mean() / dq.mean())
        nmb = 50000 * np.stack([qaly[point == 0], qaly[point == 1]]) - np.stack([cost[point == 0], cost[point == 1]])
        assert np.isclose(ce["probability_cost_effective"][row][0], np.mean(np.argmax(nmb, axis=0) == 1))
        at = ce["wtp_usd_per_qaly"] == 50000
        assert np.isclose(ce["probability_cost_effective"][at].sum(), 1.0)


def test_shipped_psa_example_validates():
    # validate builds every work item's typed scenario, draws included (it once said ok to a PSA whose
    # draws broke weight_healing + weight_muscle <= 1 from replication 5 on)
    text = run_rehabsim("validate", ROOT / "scenarios" / "sweeps" / "psa_standard.toml").stdout
    assert "(3 sweep points, 100 uncertainty draws each)" in text


def test_uncertainty_draws_that_break_a_rule_are_refused_naming_the_replication(tmp_path):
    bad = tmp_path / "psa.toml"
    bad.write_text("[run]\nreplications = 40\n\n[[uncertainty.parameters]]\nkey = \"outcomes.weight_muscle\"\n"
                   "distribution = \"uniform\"\nmin = 0.3\nmax = 0.6\n")
    for command in (["validate", bad], ["run", bad, "-o", tmp_path / "r.h5", "--quiet", "--set", "run.patients=20"]):
        result = run_rehabsim(*command, check=False)
        assert result.returncode == 2, result.stderr
        assert "replication " in result.stderr and "outcomes.weight_muscle=" in result.stderr
        assert "weight_healing + weight_muscle + weight_conditioning + weight_mobility <= 1" in result.stderr
        # Located at the [[uncertainty.parameters]] entry (line 4), not at "default:".
        assert result.stderr.startswith(f"{bad}:4:"), result.stderr
        assert "default:" not in result.stderr
    assert not (tmp_path / "r.h5").exists()


def test_protocol_presets_select_library_protocols_and_can_be_swept(tmp_path):
    by_file, by_preset = tmp_path / "file.h5", tmp_path / "preset.h5"
    run_rehabsim("run", ROOT / "scenarios" / "protocols" / "early_intensive.toml", "-o", by_file, *SMALL)
    run_rehabsim("run", "-o", by_preset, *SMALL, "--set", "protocol.preset=early_intensive")
    with h5py.File(by_file, "r") as f, h5py.File(by_preset, "r") as g:
        for column in ("sessions_attended", "odi_12m", "qaly"):
            assert np.array_equal(f["patients"][column][:], g["patients"][column][:]), column
    swept = tmp_path / "swept.h5"
    run_rehabsim("run", "-o", swept, *SMALL, "--sweep", "protocol.preset=standard,no_formal_pt,early_intensive")
    with h5py.File(swept, "r") as f:
        assert list(f["points/protocol.preset"].attrs["labels"]) == ["standard", "no_formal_pt", "early_intensive"]
        p = f["patients"]
        sessions = p["sessions_attended"][:]
        assert sessions[p["point"][:] == 1].sum() == 0  # no formal PT
        assert sessions[p["point"][:] == 2].mean() > sessions[p["point"][:] == 0].mean()
        assert np.array_equal(p["age_years"][:][p["point"][:] == 0], p["age_years"][:][p["point"][:] == 2])  # same patients
        # last_phase labels cover every point's phases, and each point's codes name its own phases.
        labels = list(p["last_phase"].attrs["labels"])
        last = [labels[c] for c in p["last_phase"][:]]
        point = p["point"][:]
        assert {last[i] for i in np.flatnonzero(point == 1)} <= {"none", "advice_and_walking"}
        assert "home_programme" in {last[i] for i in np.flatnonzero(point == 0)}
    bad = run_rehabsim("run", "-o", tmp_path / "b.h5", *SMALL, "--set", "protocol.preset=fancy", check=False)
    assert bad.returncode == 2 and 'protocol.preset: expected one of "none", "delayed_start"' in bad.stderr


@pytest.mark.parametrize("form", ["option", "table"])
def test_a_key_both_swept_and_uncertain_is_refused_before_the_run(tmp_path, form):
    # once accepted: each draw replaced the swept value, so every point ran the same values while
    # /points recorded the sweep (issue 24)
    uncertain = '[[uncertainty.parameters]]\nkey = "fear.weight"\ndistribution = "uniform"\nmin = 0.2\nmax = 0.8\n'
    swept = '[sweep]\nmode = "grid"\n\n[[sweep.keys]]\nkey = "fear.weight"\nvalues = [0.3, 0.5]\n' if form == "table" else ""
    scenario = tmp_path / "s.toml"
    scenario.write_text(swept + uncertain)
    extra = ["--sweep", "fear.weight=0.3,0.5"] if form == "option" else []
    for command in (["run", scenario, "-o", tmp_path / "o.h5", "-r", "2", "--set", "run.patients=20", *extra], ["validate", scenario, *extra]):
        result = run_rehabsim(*command, check=False)
        assert result.returncode == 2 and "uncertainty key fear.weight is also swept" in result.stderr, result.stderr
    assert not (tmp_path / "o.h5").exists()
