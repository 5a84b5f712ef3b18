"""The calibration search's command (issue 20, item 5): deterministic for any thread count, resumed
bit-identically from a cut-short file, refusing another search's files and bad priors with file:line."""
import re
import subprocess

import pytest

from conftest import ROOT

TRIAL = ["--trial", str(ROOT / "scenarios/trials/responders_discectomy.toml")]
PRIORS = """[[parameters]]
key = "fear.weight"
low = 0.2
high = 1.0
default = 1.0
reasoning = "test"

[[parameters]]
key = "relief.exercise_effect"
low = 0.2
high = 3.0
scale = "log"
reasoning = "test"
"""


def calibrate(*args, check=True):
    binary = ROOT / "build/release/app/rehabsim_calibrate"
    import os
    if "REHABSIM_BIN" in os.environ:
        binary = __import__("pathlib").Path(os.environ["REHABSIM_BIN"]).parent / "rehabsim_calibrate"
    result = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"rehabsim_calibrate {' '.join(map(str, args))} exited {result.returncode}:\n{result.stderr}")
    return result


@pytest.fixture
def priors(tmp_path):
    p = tmp_path / "priors.toml"
    p.write_text(PRIORS)
    return p


def search(priors, out, *extra, check=True):
    return calibrate("--search", priors, "--points", "6", "--waves", "2", "--replications", "2", "-o", out, "--quiet", *TRIAL, *extra,
                     check=check)


def test_the_search_writes_its_files_and_is_identical_for_any_thread_count(priors, tmp_path):
    one = search(priors, tmp_path / "one", "-j", "1")
    two = search(priors, tmp_path / "two", "-j", "2")
    rows = [l for l in (tmp_path / "one/evaluations.csv").read_text().splitlines() if l and l[0].isdigit()]
    assert len(rows) == 12  # 6 points x 2 waves
    assert (tmp_path / "one/evaluations.csv").read_bytes() == (tmp_path / "two/evaluations.csv").read_bytes()
    assert (tmp_path / "one/ensemble.toml").read_text() == (tmp_path / "two/ensemble.toml").read_text()
    assert "| wave | scored | not ruled out |" in one.stdout and "`fear.weight`" in one.stdout
    # every value lies in its prior, and the second wave's points are drawn around the first's
    for row in rows:
        fields = row.split(",")
        assert 0.2 <= float(fields[4]) <= 1.0 and 0.2 <= float(fields[5]) <= 3.0


def test_a_cut_short_search_is_resumed_bit_identically(priors, tmp_path):
    search(priors, tmp_path / "whole", "-j", "2")
    whole = (tmp_path / "whole/evaluations.csv").read_text()
    lines = whole.splitlines(keepends=True)
    cut = "".join(lines[:-4]) + lines[-4][:10]  # three rows lost, the fourth cut mid-line (a killed run)
    (tmp_path / "part").mkdir()
    (tmp_path / "part/evaluations.csv").write_text(cut)
    again = search(priors, tmp_path / "part", "-j", "2", check=False)
    assert again.returncode == 2 and "--resume" in again.stderr  # never overwritten by accident
    search(priors, tmp_path / "part", "-j", "2", "--resume")
    assert (tmp_path / "part/evaluations.csv").read_text() == whole


def test_another_search_or_bad_priors_are_refused(priors, tmp_path):
    search(priors, tmp_path / "s", "-j", "1")
    other = search(priors, tmp_path / "s", "-j", "1", "--seed", "5", "--resume", check=False)
    assert other.returncode == 2 and "belongs to another search" in other.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text(PRIORS.replace("high = 1.0", "high = 7.0"))
    refused = search(bad, tmp_path / "b", check=False)
    assert refused.returncode == 2 and f"{bad}:1:1: parameters[0]: fear.weight = 7 is refused: outside the key's allowed range" in refused.stderr
    assert calibrate("--points", "3", check=False).returncode == 2  # a search option without --search
    assert calibrate("--search", priors, "--points", "x", check=False).returncode == 2


def test_the_shipped_priors_load_and_give_reasons(tmp_path):
    text = (ROOT / "scenarios/calibration/priors.toml").read_text()
    import tomllib
    parameters = tomllib.loads(text)["parameters"]
    assert len(parameters) >= 20 and all(p["reasoning"].strip() and p.get("evidence", "").strip() for p in parameters)
    result = calibrate("--search", ROOT / "scenarios/calibration/priors.toml", "--points", "4", "--waves", "1", "--replications", "1",
                       "-o", tmp_path / "s", "--quiet", *TRIAL)
    assert f"{len(parameters)} parameters" in result.stdout


def test_leave_one_trial_out_predicts_each_trial_from_a_search_without_it(priors, tmp_path):
    trials = ["--trial", str(ROOT / "scenarios/trials/responders_discectomy.toml"),
              "--trial", str(ROOT / "scenarios/trials/smoking_nonunion.toml")]
    args = ["--search", priors, "--leave-one-out", "--points", "4", "--waves", "2", "--replications", "2", "-o", tmp_path / "loo",
            "--quiet", "-j", "2", *trials]
    first = calibrate(*args)
    table = (tmp_path / "loo/out_of_sample.md").read_text()
    assert sorted(p.name for p in (tmp_path / "loo").iterdir()) == [
        "all", "out_of_sample.md", "without_responders_discectomy", "without_smoking_nonunion"]
    rows = [l for l in table.splitlines() if l.startswith("| responders") or l.startswith("| smoking")]
    assert len(rows) == 3  # two responder targets, one nonunion target
    assert "targets hold in sample" in table and table in first.stdout
    # the search without a trial never scored that trial's targets
    header = (tmp_path / "loo/without_smoking_nonunion/evaluations.csv").read_text()
    assert "smoking_nonunion" not in header and "responders_discectomy" in header
    # resumed, every search is complete already: the same table
    again = calibrate(*args, "--resume")
    assert (tmp_path / "loo/out_of_sample.md").read_text() == table and again.returncode == 0


def test_one_wave_leave_one_out_is_the_full_search_scored_without_each_trial(priors, tmp_path):
    # One wave is a Latin hypercube no target steers: the search without a trial is the full search's
    # points judged without that trial's targets, so no search a trial is run; a separate search on the
    # other trial alone must find the same best point and the same count not ruled out.
    responders, nonunion = str(ROOT / "scenarios/trials/responders_discectomy.toml"), str(ROOT / "scenarios/trials/smoking_nonunion.toml")
    common = ["--points", "8", "--waves", "1", "--replications", "2", "--quiet", "-j", "2", "--cutoff", "4"]
    calibrate("--search", priors, "--leave-one-out", "-o", tmp_path / "loo", *common, "--trial", responders, "--trial", nonunion)
    assert sorted(p.name for p in (tmp_path / "loo").iterdir()) == ["all", "out_of_sample.md"]
    table = (tmp_path / "loo/out_of_sample.md").read_text()
    line = next(l for l in table.splitlines() if l.startswith("- without smoking_nonunion:"))
    calibrate("--search", priors, "-o", tmp_path / "alone", *common, "--trial", responders)
    summary = (tmp_path / "alone/summary.md").read_text()
    best = re.search(r"The best point \(wave (\d+), point (\d+)\)", summary)
    kept = re.search(r"(\d+) of (\d+) points are not ruled out", summary)
    assert best and kept, summary
    assert f"best point wave {best.group(1)}, point {best.group(2)}; {kept.group(1)} of {kept.group(2)} points not ruled out" in line, (line, summary)


def test_the_ensemble_pastes_into_a_scenario_as_its_uncertainty(priors, tmp_path):
    search(priors, tmp_path / "s", "-j", "2", "--cutoff", "100")  # every point kept: a known ensemble
    ensemble = (tmp_path / "s/ensemble.toml").read_text()
    members = ensemble.count("[[uncertainty.ensemble]]")
    assert members == 12
    scenario = tmp_path / "psa.toml"
    scenario.write_text("[run]\npatients = 40\n\n" + ensemble)
    import h5py
    from conftest import run_rehabsim
    out = tmp_path / "psa.h5"
    run_rehabsim("run", scenario, "-o", out, "-r", "5", "--output", "replications", "--quiet")
    import tomllib
    values = {round(m["fear.weight"], 12) for m in tomllib.loads(ensemble)["uncertainty"]["ensemble"]}
    with h5py.File(out, "r") as f:
        drawn = [round(float(v), 12) for v in f["replications/fear.weight"][()]]
    assert len(drawn) == 5 and all(v in values for v in drawn)  # each replication took a member's value


def test_points_the_models_rules_refuse_are_replaced_before_they_cost_a_run(tmp_path):
    # healing + muscle weights drawn independently would break "the deficit weights sum to at most 1" half the time
    priors = tmp_path / "weights.toml"
    priors.write_text("""[[parameters]]
key = "outcomes.weight_healing"
low = 0.3
high = 0.8
reasoning = "test"

[[parameters]]
key = "outcomes.weight_muscle"
low = 0.05
high = 0.3
reasoning = "test"
""")
    calibrate("--search", priors, "--points", "8", "--waves", "2", "--replications", "2", "-o", tmp_path / "w", "--quiet", "-j", "2", *TRIAL)
    rows = [l.split(",") for l in (tmp_path / "w/evaluations.csv").read_text().splitlines() if l and l[0].isdigit()]
    assert len(rows) == 16
    for r in rows:
        assert float(r[4]) + float(r[5]) <= 0.7 + 1e-9  # with conditioning and mobility at 0.15 each
        assert "inf" not in r
