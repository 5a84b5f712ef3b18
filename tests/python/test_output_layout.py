"""The HDF5 result layout, format version 1, as documented in docs/output-format.md."""
import os
import re
import sys
import tomllib

import h5py
import numpy as np

from conftest import ROOT, datasets, run_rehabsim

ROOT_ATTRIBUTES = {"format", "format_version", "software_version", "git_commit", "created_utc", "command_line",
                   "seed", "replications", "complete", "scenario_toml"}

PATIENT_COLUMNS = ["point", "replication", "patient", "cohort", "age_years", "sex", "bmi", "smoker", "diabetic",
                   "protein_g_per_kg", "vitamin_d_deficient", "surgery", "approach", "baseline_odi", "baseline_pain",
                   "pt_start_day", "sessions_attended", "sessions_missed", "odi_6w", "odi_3m", "odi_6m", "odi_12m",
                   "pain_12m", "muscle_12m", "responder_12m",
                   # added with the recovery physiology
                   "levels", "employed", "baseline_back_pain", "baseline_leg_pain", "back_pain_12m", "leg_pain_12m",
                   "scar_12m", "healing_12m", "fused_12m", "fusion_day", "balance_12m", "falls_12m", "reoperation_day",
                   "dropped_out", "dropout_day", "home_adherence", "last_phase", "return_to_work_day", "pt_cost_usd",
                   "total_cost_usd", "qaly",
                   # added with the clinic
                   "surgery_day", "in_warmup", "referral_day", "first_visit_day", "wait_days", "sessions_prescribed",
                   "sessions_telehealth", "no_shows", "late_cancellations"]


def test_root_attributes(small_result):
    with h5py.File(small_result, "r") as f:
        assert ROOT_ATTRIBUTES <= set(f.attrs)
        assert f.attrs["format"] == "rehabsim-results"
        assert f.attrs["format_version"] == 2
        assert f.attrs["complete"] == 1
        assert f.attrs["replications"] == 3
        assert f.attrs["seed"] == 20261122
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", f.attrs["created_utc"])
        assert "run" in f.attrs["command_line"]
        scenario = tomllib.loads(f.attrs["scenario_toml"])
        assert scenario["run"]["patients"] == 200  # the override is in the stored scenario
        assert scenario["run"]["replications"] == 3
        assert len(scenario["cohorts"]) == 3
        assert scenario["muscle"]["atrophy_rate_per_day"] == 0.019  # defaults are filled in


def test_tables_are_columnar_with_units_and_compression(small_result):
    with h5py.File(small_result, "r") as f:
        assert {"points", "patients", "replications", "summary"} <= set(f)
        for name in ("points", "patients", "replications", "summary"):
            group = f[name]
            lengths = {len(d) for d in group.values()}
            assert len(lengths) == 1, f"/{name}: columns of unequal length"
            for column, d in group.items():
                assert d.ndim == 1
                assert "units" in d.attrs and "description" in d.attrs, f"/{name}/{column}"
                assert d.chunks is not None and d.compression == "gzip" and d.shuffle, f"/{name}/{column}"


def test_patients_table(small_result):
    with h5py.File(small_result, "r") as f:
        p = f["patients"]
        assert set(p) == set(PATIENT_COLUMNS)
        assert len(p["patient"]) == 3 * 200
        assert np.array_equal(p["replication"][:], np.repeat(np.arange(3), 200))
        assert np.array_equal(p["patient"][:], np.tile(np.arange(200), 3))
        assert list(p["surgery"].attrs["labels"]) == ["discectomy", "fusion", "decompression"]
        assert list(p["cohort"].attrs["labels"]) == ["discectomy", "fusion", "decompression"]
        assert list(p["sex"].attrs["labels"]) == ["male", "female"]
        for col in ("odi_6w", "odi_3m", "odi_6m", "odi_12m"):
            values = p[col][:]
            assert np.all((values >= 0) & (values <= 100)), col
        assert p["odi_12m"].attrs["units"] == "ODI points"
        assert (p["odi_12m"].attrs["valid_min"], p["odi_12m"].attrs["valid_max"]) == (0, 100)
        assert np.all(p["muscle_12m"][:] > 0.5)
        assert list(p["approach"].attrs["labels"]) == ["open", "minimally_invasive", "endoscopic"]
        assert list(p["last_phase"].attrs["labels"])[0] == "none"
        # NaN marks events that did not happen: fusion only for fusion patients.
        fusion = p["surgery"][:] == 1
        assert np.all(np.isnan(p["fusion_day"][:][~fusion]))
        assert np.all(p["fused_12m"][:][~fusion] == 0)
        fused = p["fused_12m"][:] == 1
        assert np.all(p["fusion_day"][:][fused] <= 365)
        assert np.array_equal(np.isnan(p["dropout_day"][:]), p["dropped_out"][:] == 0)
        assert np.all(np.isnan(p["return_to_work_day"][:][p["employed"][:] == 0]))
        assert np.allclose(p["pain_12m"][:], np.maximum(p["back_pain_12m"][:], p["leg_pain_12m"][:]))
        assert np.all((p["qaly"][:] > 0) & (p["qaly"][:] < 1))
        assert np.all(p["total_cost_usd"][:] >= p["pt_cost_usd"][:])
        # responder_12m follows its documented definition: improvement >= 30% of baseline.
        base, odi12 = p["baseline_odi"][:], p["odi_12m"][:]
        assert np.array_equal(p["responder_12m"][:] == 1, base - odi12 >= 0.3 * base)


def test_replications_hold_cohort_means(small_result):
    with h5py.File(small_result, "r") as f:
        p, r = f["patients"], f["replications"]
        assert len(r["replication"]) == 3
        for rep in range(3):
            rows = p["replication"][:] == rep
            assert np.isclose(r["odi_12m"][rep], p["odi_12m"][rows].mean(), rtol=1e-12)
            assert np.isclose(r["responder_fraction_12m"][rep], p["responder_12m"][rows].mean(), rtol=1e-12)
            # Unlimited capacity: no evaluation appointments, every missed session is a no-show or a late cancellation.
            missed, attended = p["sessions_missed"][rows].sum(), p["sessions_attended"][rows].sum()
            no_shows, late = p["no_shows"][rows].sum(), p["late_cancellations"][rows].sum()
            assert no_shows + late == missed
            assert np.isclose(r["no_show_rate"][rep], no_shows / (missed + attended), rtol=1e-12)
            assert np.isclose(r["late_cancellation_rate"][rep], late / (missed + attended), rtol=1e-12)
            assert r["wait_mean_days"][rep] == 0 and np.isnan(r["utilisation"][rep])


# /replications columns that are plain cohort means of the /patients column of the same name.
COHORT_MEANS = ["odi_6w", "odi_3m", "odi_6m", "odi_12m", "pain_12m", "muscle_12m", "sessions_attended",
                "back_pain_12m", "leg_pain_12m", "scar_12m", "balance_12m", "falls_12m", "pt_cost_usd", "total_cost_usd", "qaly"]
# /replications shares of a /patients yes/no column (format version 2: a name has one meaning in every table).
COHORT_SHARES = {"responder_fraction_12m": "responder_12m", "dropped_out_fraction": "dropped_out"}


def test_every_cohort_mean_column_is_the_mean_of_its_patients(small_result):
    with h5py.File(small_result, "r") as f:
        p, r = f["patients"], f["replications"]
        described = [name for name in r if r[name].attrs["description"].startswith("cohort mean")]
        assert set(described) - {"odi_change_12m"} <= set(COHORT_MEANS), "a new cohort-mean column: add it to COHORT_MEANS"
        assert not set(r) & set(p) - {"point", "replication", "patients"} - set(COHORT_MEANS), "one meaning per column name"
        for rep in range(len(r["replication"])):
            rows = p["replication"][:] == rep
            assert r["patients"][rep] == rows.sum()
            for name in COHORT_MEANS:
                assert np.isclose(r[name][rep], p[name][rows].mean(), rtol=1e-12, atol=0), name
            for share, code in COHORT_SHARES.items():
                assert np.isclose(r[share][rep], (p[code][rows] == 1).mean(), rtol=1e-12, atol=0), share
            assert np.isclose(r["odi_change_12m"][rep], (p["odi_12m"][rows] - p["baseline_odi"][rows]).mean(), rtol=1e-12)
            assert np.isclose(r["reoperated"][rep], (~np.isnan(p["reoperation_day"][rows])).mean(), rtol=1e-12)
            fusion = rows & (p["surgery"][:] == list(p["surgery"].attrs["labels"]).index("fusion"))
            assert np.isclose(r["fused_fraction_12m"][rep], p["fused_12m"][fusion].mean(), rtol=1e-12)


def test_summary_matches_replications(small_result):
    t_975_2df = 4.302652729911275  # Student t quantile, 2 degrees of freedom
    with h5py.File(small_result, "r") as f:
        s, r = f["summary"], f["replications"]
        labels = list(s["metric"].attrs["labels"])
        assert "odi_12m" in labels and "no_show_rate" in labels
        assert len(s["metric"]) == len(labels)  # one point
        for i, name in enumerate(labels):
            values = r[name][:]
            row = list(s["metric"][:]).index(i)
            if np.isnan(values).all():  # a clinic KPI without a limited clinic: undefined, n = 0
                assert s["n"][row] == 0 and np.isnan(s["mean"][row])
                continue
            assert np.isclose(s["mean"][row], values.mean(), rtol=1e-12)
            assert np.isclose(s["sd"][row], values.std(ddof=1), rtol=1e-9)
            half = t_975_2df * values.std(ddof=1) / np.sqrt(3)
            assert np.isclose(s["ci95_high"][row] - s["mean"][row], half, rtol=1e-6)
            assert s["n"][row] == 3


def test_trajectories_are_weekly_2d_datasets(tmp_path):
    out = tmp_path / "t.h5"
    run_rehabsim("run", "-o", out, "-r", "2", "--set", "run.patients=40", "--trajectories", "--quiet")
    with h5py.File(out, "r") as f:
        t = f["trajectories"]
        assert set(t) == {"point", "replication", "patient", "muscle", "scar", "healing", "fusion", "balance", "pain", "odi", "motivation", "conditioning", "mobility", "relief", "sensitisation", "fear", "overload", "habit"}
        for name in ("muscle", "odi", "motivation"):
            assert t[name].shape == (80, 53)
            assert t[name].chunks is not None and t[name].compression == "gzip"
        # Rows line up with /patients; week 0 is surgery day, the last week is day 364.
        assert np.array_equal(t["patient"][:], f["patients/patient"][:])
        assert np.all(t["healing"][:, 0] == 0)
        assert np.all(np.isnan(t["fusion"][:][f["patients/surgery"][:] != 1]))


def test_longer_horizon(tmp_path):
    out = tmp_path / "h.h5"
    run_rehabsim("run", "-o", out, "-r", "1", "--set", "run.patients=30", "--set", "run.horizon_days=730", "--trajectories", "--quiet")
    with h5py.File(out, "r") as f:
        assert f["trajectories/odi"].shape == (30, 105)


def test_every_column_is_documented(small_result, tmp_path):
    doc = (ROOT / "docs" / "output-format.md").read_text()
    traj = tmp_path / "t.h5"
    run_rehabsim("run", "-o", traj, "-r", "1", "--set", "run.patients=5", "--trajectories", "--quiet")
    with h5py.File(traj, "r") as f:
        for column in f["trajectories"]:
            assert f"`{column}`" in doc, f"/trajectories/{column} is not documented"
    with h5py.File(small_result, "r") as f:
        for group in ("points", "patients", "replications", "summary"):
            assert f"/{group}" in doc
            for column in f[group]:
                assert f"`{column}`" in doc, f"/{group}/{column} is not documented in docs/output-format.md"


def test_one_and_two_threads_give_bit_identical_datasets(tmp_path):
    one, two = tmp_path / "j1.h5", tmp_path / "j2.h5"
    run_rehabsim("run", "-o", one, "-j", "1", "-r", "5", "--set", "run.patients=150", "--quiet")
    run_rehabsim("run", "-o", two, "-j", "2", "-r", "5", "--set", "run.patients=150", "--quiet")
    a, b = datasets(one), datasets(two)
    assert a.keys() == b.keys() and len(a) > 30
    for name in a:
        assert a[name] == b[name], name


def test_builtin_default_is_scenarios_default_toml(tmp_path):
    builtin, from_file = tmp_path / "builtin.h5", tmp_path / "file.h5"
    run_rehabsim("run", "-o", builtin, "-r", "2", "--set", "run.patients=100", "--quiet")
    run_rehabsim("run", ROOT / "scenarios" / "default.toml", "-o", from_file, "-r", "2", "--set", "run.patients=100", "--quiet")
    assert datasets(builtin) == datasets(from_file)
    with h5py.File(builtin, "r") as f, h5py.File(from_file, "r") as g:
        assert f.attrs["scenario_toml"] == g.attrs["scenario_toml"]


def test_seed_changes_results_and_is_recorded(tmp_path):
    a, b = tmp_path / "a.h5", tmp_path / "b.h5"
    run_rehabsim("run", "-o", a, "-r", "1", "--set", "run.patients=50", "-s", "1", "--quiet")
    run_rehabsim("run", "-o", b, "-r", "1", "--set", "run.patients=50", "-s", "2", "--quiet")
    with h5py.File(a, "r") as f, h5py.File(b, "r") as g:
        assert f.attrs["seed"] == 1 and g.attrs["seed"] == 2
        assert not np.array_equal(f["patients/age_years"][:], g["patients/age_years"][:])


def test_the_reading_examples_of_the_docs_run(tmp_path):
    # docs/output-format.md's two Python examples, against files made as the comments say
    import re
    results = tmp_path / "results"
    run_rehabsim("run", "-o", results / "default.h5", "-r", "2", "--set", "run.patients=60", "--quiet")
    run_rehabsim("run", "-o", results / "weekly.h5", "-r", "1", "--set", "run.patients=20", "--trajectories", "--quiet")
    doc = (ROOT / "docs" / "output-format.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", doc, flags=re.S)[-2:]
    assert len(blocks) == 2
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        sys.path.insert(0, str(ROOT / "analysis"))
        for block in blocks:
            exec(compile(block.replace('"analysis"', repr(str(ROOT / "analysis"))), "output-format.md", "exec"), {})
    finally:
        os.chdir(cwd)


# The units vocabulary of format version 2 (docs/output-format.md, "Units"); /points columns carry
# the scenario keys' own units (rehabsim schema) and are not in it.
UNITS_VOCABULARY = {"1", "metric", "days", "weeks", "years", "hours", "USD", "USD/QALY", "QALY", "ODI points", "NRS points",
                    "patients", "patients/week", "sessions", "appointments", "falls", "levels", "therapists", "kg/m^2", "g/kg/day"}


def test_every_units_attribute_is_in_the_vocabulary_and_ranges_hold(tmp_path):
    out = tmp_path / "v.h5"
    run_rehabsim("run", ROOT / "scenarios" / "staffing" / "a_four_therapists.toml", "-o", out, "-r", "2", "--trajectories",
                 "--sweep", "clinic.therapists[0].count=4,5", "--quiet")
    seen = set()
    with h5py.File(out, "r") as f:
        for table in f:
            if table == "points":
                continue
            for name, d in f[table].items():
                unit = str(d.attrs["units"])
                assert unit in UNITS_VOCABULARY, f"/{table}/{name}: units {unit!r}"
                seen.add(unit)
                values = d[()].astype(float)
                if "valid_min" in d.attrs:
                    assert np.all(np.isnan(values) | (values >= d.attrs["valid_min"])), f"/{table}/{name}"
                if "valid_max" in d.attrs:
                    assert np.all(np.isnan(values) | (values <= d.attrs["valid_max"])), f"/{table}/{name}"
        # /summary names each row's units, so a --output summary file is self-describing
        s = f["summary"]
        labels, units = list(s["metric"].attrs["labels"]), list(s["units"].attrs["labels"])
        wait = labels.index("wait_mean_days")
        assert units[s["units"][wait]] == "days" and units[s["units"][labels.index("qaly")]] == "QALY"
        assert str(f["patients/muscle_12m"].attrs["description"]).endswith("(fraction of pre-operative norm)")
    assert {"1", "ODI points", "NRS points", "USD", "days"} <= seen


def test_trajectories_carry_their_week_axis(tmp_path):
    out = tmp_path / "t.h5"
    run_rehabsim("run", "-o", out, "-r", "1", "--set", "run.patients=10", "--trajectories", "--quiet")
    with h5py.File(out, "r") as f:
        for name, d in f["trajectories"].items():
            if d.ndim == 2:
                assert d.attrs["column_axis_name"] == "day", name
                assert list(d.attrs["column_axis"]) == [7.0 * w for w in range(d.shape[1])], name
