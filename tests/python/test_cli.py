"""Command-line behaviour: exit codes, error messages for each class of bad input, no partial files."""
import os
import signal
import subprocess
import time

import h5py
import numpy as np
import pytest

from conftest import ROOT, SMALL, rehabsim_binary, run_rehabsim


def write(path, text):
    path.write_text(text)
    return path


def assert_bad_input(result, *fragments):
    assert result.returncode == 2, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, f"{fragment!r} not in:\n{result.stderr}"


@pytest.mark.parametrize("text, fragments", [
    # misspelt key: file, line, column, key path and a suggestion
    ("[run]\nreplicatons = 3\n", ["x.toml:2:15: run.replicatons: unknown key", 'did you mean "run.replications"?']),
    # out of range
    ("[run]\n\nreplications = -2\n", ["x.toml:3:16: run.replications: expected integer 1..100000, got -2"]),
    # wrong type
    ("[muscle]\natrophy_rate_per_day = \"fast\"\n", ["x.toml:2:24: muscle.atrophy_rate_per_day: expected number 0..1, got string"]),
    # a choice outside the allowed values, inside an array of tables
    ("[[cohorts]]\nsurgery = \"knee\"\n", ["x.toml:2:11: cohorts[0].surgery: expected one of \"discectomy\", \"fusion\", \"decompression\""]),
    # TOML syntax
    ("[run\nseed = 1\n", ["x.toml:1:", "invalid TOML"]),
    # cross-field consistency
    ("[[cohorts]]\nshare = 0.5\n", ["cohorts[].share: expected shares summing to 1, got 0.5"]),
    # a therapist's weekly schedule that does not parse: the line of the schedule key and why
    ("[clinic]\ncapacity = \"therapists\"\n[[clinic.therapists]]\nschedule = \"Mon-Fry 08:00-12:00\"\n",
     ["x.toml:4:12: clinic.therapists[0].schedule: in \"Mon-Fry 08:00-12:00\": unknown day \"Fry\""]),
    # a limited clinic without staff
    ("[clinic]\ncapacity = \"therapists\"\n", ["clinic.capacity: expected at least one [[clinic.therapists]] entry"]),
    # an absence of somebody who is not on the roster
    ("[clinic]\ncapacity = \"therapists\"\n[[clinic.therapists]]\nname = \"ann\"\n[[clinic.absences]]\ntherapist = \"bob\"\n",
     ["x.toml:6:13: clinic.absences[0].therapist: expected the name of a [[clinic.therapists]] entry, got \"bob\""]),
])
def test_bad_scenario_exits_2_naming_file_line_and_key(tmp_path, text, fragments):
    scenario = write(tmp_path / "x.toml", text)
    out = tmp_path / "out.h5"
    result = run_rehabsim("run", scenario, "-o", out, "--quiet", check=False)
    assert_bad_input(result, *fragments)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [scenario]  # no partial or temporary file either


def test_missing_scenario_file(tmp_path):
    result = run_rehabsim("run", tmp_path / "nope.toml", "-o", tmp_path / "o.h5", check=False)
    assert_bad_input(result, "nope.toml: cannot read scenario file: No such file or directory")


def test_bad_override(tmp_path):
    result = run_rehabsim("run", "-o", tmp_path / "o.h5", "--set", "run.patients=0", check=False)
    assert_bad_input(result, "--set run.patients=0: run.patients: expected integer 1..10000000, got 0")
    result = run_rehabsim("run", "-o", tmp_path / "o.h5", "--set", "muscle.atrophy_rat=0.1", check=False)
    assert_bad_input(result, 'did you mean "muscle.atrophy_rate_per_day"?')
    assert not (tmp_path / "o.h5").exists()


@pytest.mark.parametrize("key", ["cohorts[]", "cohorts[99999999999999999999]", "cohorts[1e3]", "cohorts[0x1]", "cohorts[-1]",
                                 "clinic.therapists[]"])
def test_bad_array_indexes_exit_2_with_the_index_as_written(tmp_path, key):
    # once "internal error: stoul", or silently another element ([1e3] meant [1], [0x1] meant [0])
    inside = key[key.index("[") + 1:key.index("]")]
    leaf = "count" if key.startswith("clinic") else "share"
    for option in ("--set", "--sweep"):
        result = run_rehabsim("run", "-o", tmp_path / "o.h5", option, f"{key}.{leaf}=1", check=False)
        assert_bad_input(result, f'expected an array index of decimal digits (0..999999999) inside [], got "{inside}"')
        assert "internal error" not in result.stderr
    assert not (tmp_path / "o.h5").exists()


def test_correlations_that_cannot_hold_are_reported_where_they_were_set(tmp_path):
    scenario = write(tmp_path / "c.toml", "[correlation]\nage_diabetic = 0.95\nbmi_diabetic = 0.95\n")
    assert_bad_input(run_rehabsim("validate", scenario, check=False), "c.toml:2:16: correlation: expected correlations that form a positive-definite")
    result = run_rehabsim("validate", ROOT / "scenarios" / "default.toml", "--set", "correlation.bmi_diabetic=0.95",
                          "--set", "correlation.age_diabetic=0.95", check=False)
    assert_bad_input(result, "--set correlation.")
    assert "default:" not in result.stderr


def test_unwritable_output(tmp_path):
    blocker = write(tmp_path / "file", "x")
    result = run_rehabsim("run", "-o", blocker / "o.h5", *SMALL, check=False)
    assert_bad_input(result, "o.h5", "output")


def test_existing_output_needs_force(tmp_path):
    out = write(tmp_path / "o.h5", "precious")
    result = run_rehabsim("run", "-o", out, *SMALL, check=False)
    assert_bad_input(result, "output file exists; pass --force to overwrite it")
    assert out.read_text() == "precious"
    run_rehabsim("run", "-o", out, "--force", *SMALL)
    with h5py.File(out, "r") as f:
        assert f.attrs["complete"] == 1


@pytest.mark.parametrize("args, fragment", [
    (["run", "--bogus"], "unrecognised option '--bogus'"),
    (["run", "-j", "0"], "-j/--threads: expected integer 1..1024, got 0"),
    (["run", "-r", "many"], "the argument ('many') for option '--replications' is invalid"),
    (["frobnicate"], 'unknown command "frobnicate"'),
    # a negative seed once printed as 18446744073709551615
    (["run", "-s", "-1"], "-s/--seed: expected integer 0..9007199254740991, got -1"),
    (["run", "-s", "12x"], "-s/--seed: expected integer 0..9007199254740991, got 12x"),
    ([], "Usage: rehabsim COMMAND"),
])
def test_usage_errors_exit_2(args, fragment):
    assert_bad_input(run_rehabsim(*args, check=False), fragment)


def test_version_and_help():
    assert run_rehabsim("--version").stdout.startswith("rehabsim ")
    for command in ("run", "validate", "schema"):
        result = run_rehabsim(command, "--help")
        assert "Usage: rehabsim " + command in result.stdout


def test_validate_every_shipped_scenario():
    # scenarios/calibration/ holds the search's priors, not scenarios (test_calibration_search.py reads them)
    files = sorted(f for f in (ROOT / "scenarios").rglob("*.toml") if f.parent.name != "calibration")
    assert files
    result = run_rehabsim("validate", *files)
    assert result.stdout.count(": ok") == len(files)


def test_validate_reports_bad_files_and_exits_2(tmp_path):
    good = write(tmp_path / "good.toml", "[run]\nseed = 3\n")
    bad = write(tmp_path / "bad.toml", "[run]\nsed = 3\n")
    result = run_rehabsim("validate", good, bad, check=False)
    assert result.returncode == 2
    assert "good.toml: ok" in result.stdout
    assert "bad.toml:2:7: run.sed: unknown key" in result.stderr


def test_schema_lists_every_key_and_the_doc_is_in_sync():
    text = run_rehabsim("schema").stdout
    assert "run.replications" in text and "cohorts[].surgery" in text and "default: 20" in text
    markdown = run_rehabsim("schema", "--format", "markdown").stdout
    doc = (ROOT / "docs" / "scenario-reference.md").read_text()
    assert markdown == doc, "docs/scenario-reference.md is stale: regenerate with `rehabsim schema --format markdown`"


def test_summary_printed(tmp_path):
    result = run_rehabsim("run", "-o", tmp_path / "o.h5", *SMALL)
    assert "odi_12m" in result.stdout and "95% CI" in result.stdout
    assert f"wrote {tmp_path / 'o.h5'}" in result.stdout
    assert result.stderr == ""  # --quiet, and stderr is not a terminal anyway


def test_interrupt_leaves_a_valid_incomplete_file(tmp_path):
    out = tmp_path / "o.h5"
    process = subprocess.Popen([str(rehabsim_binary()), "run", "-o", str(out), "-r", "100000", "-j", "2", "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    time.sleep(2.0)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "interrupted" in stdout
    with h5py.File(out, "r") as f:
        assert f.attrs["complete"] == 0
        done = len(f["replications/replication"])
        assert 0 < done < 100000
        assert len(f["patients/patient"]) == done * 1000
        assert sorted(f["replications/replication"][:]) == list(f["replications/replication"][:])
    # The journal stays beside it, so that `--resume` can finish the run.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".o.h5.journal", "o.h5"]


def test_duplicate_labels_are_refused(tmp_path):
    # once accepted, after which plot.py, report.py and the reader failed on the file
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "s.toml").write_text((ROOT / "scenarios" / "protocols" / "standard.toml").read_text())
    out = tmp_path / "c.h5"
    result = run_rehabsim("compare", tmp_path / "x" / "s.toml", tmp_path / "y" / "s.toml", "-o", out, check=False)
    assert_bad_input(result, 'is also "s"; give the files different names')
    result = run_rehabsim("run", "-o", out, "--sweep", "protocol.preset=standard,standard", check=False)
    assert_bad_input(result, 'sweep values of protocol.preset: expected distinct values, got "standard" twice')
    result = run_rehabsim("run", "-o", out, "--set", "cohorts[1].name=discectomy", check=False)
    assert_bad_input(result, 'cohorts[1].name: expected a name no other entry has, got "discectomy" (also cohorts[0])')
    result = run_rehabsim("run", "-o", out, "--set", "protocol.phases[1].name=pain_management_and_mobility", check=False)
    assert result.returncode == 2 and "expected a name no other entry has" in result.stderr
    assert not out.exists()


def test_a_run_that_cannot_fit_in_memory_is_refused_at_once(tmp_path):
    # run.patients = 10^7 (the documented maximum) once ended in bad_alloc after 83 s. Independent
    # patients now stream (a replication holds the blocks in flight), but a clinic with limited
    # capacity couples them and holds every patient of a replication at once.
    out = tmp_path / "big.h5"
    result = run_rehabsim("run", ROOT / "scenarios/staffing/a_four_therapists.toml", "-o", out, "--set", "run.patients=10000000",
                          "-r", "100", "-j", "64", check=False, timeout=60)
    assert_bad_input(result, "this run needs about", "of memory", "100 work items in flight with -j 64", "lower run.patients")
    assert not out.exists() and not list(tmp_path.iterdir())


@pytest.mark.parametrize("damage", ["short column", "text column", "missing column", "point out of range"])
def test_summary_of_a_damaged_file_exits_2(tmp_path, damage):
    # once a heap-buffer-overflow (garbage with exit 0 in release) or "internal error"
    path = tmp_path / "r.h5"
    run_rehabsim("run", "-o", path, "-r", "2", "--set", "run.patients=20", "--quiet")
    with h5py.File(path, "r+") as f:
        rows = len(f["summary/mean"])
        if damage != "point out of range":
            del f["summary/mean"]
        if damage == "short column":
            f["summary/mean"] = np.zeros(3)
        elif damage == "text column":
            f["summary/mean"] = np.array([b"x"] * rows)
        elif damage == "point out of range":
            f["summary/point"][0] = 7
    result = run_rehabsim("summary", path, check=False)
    assert_bad_input(result, str(path), "not a complete rehabsim result file")


@pytest.mark.parametrize("args, fragments", [
    (["run", "--output", "y.h5"], ["--output chooses what to write; the result file is -o/--output-file FILE"]),
    (["run", "a.toml", "b.toml"], ["`run` takes one scenario file", "rehabsim compare A.toml B.toml"]),
    (["compare", "scenarios/default.toml"], ["expected at least two scenario files, got one", "rehabsim run scenarios/default.toml"]),
    (["run", "--sweep", "clinic.therapists=3,4"], ['did you mean "clinic.therapists[0].count"?']),
    (["run", "--set", "clinic.therapist=3"], ['did you mean "clinic.therapists[0].count"?']),
    # a share override that breaks the sum: located at the override, every share named, the fix said
    (["run", "--set", "cohorts[0].share=0.6"], ["--set cohorts[0].share=0.6: cohorts[].share: expected shares summing to 1, got 1.1",
                                                "discectomy 0.6", "fusion 0.3 (scenarios/default.toml", "set every cohort's share"]),
])
def test_messages_say_the_fix(tmp_path, args, fragments):
    result = run_rehabsim(*args, "-o", tmp_path / "r.h5", check=False) if args[0] == "run" and "-o" not in args else run_rehabsim(*args, check=False)
    assert_bad_input(result, *fragments)
    assert not (tmp_path / "r.h5").exists()


def test_stats_report_the_events_by_kind_and_the_patient_years(tmp_path):
    """--stats: the kinds add up to the total, the patient-years are patients x horizon, and the rates
    are those totals per CPU-second."""
    import re
    out = run_rehabsim("run", "-o", tmp_path / "s.h5", "-r", "2", "--set", "run.patients=150", "--quiet", "--stats", "-j", "1")
    lines = [l for l in out.stderr.splitlines() if l.startswith("stats:")]
    assert len(lines) == 4, out.stderr
    text = "\n".join(lines)
    years = float(re.search(r"patient-years ([\d.]+) \((\d+) per cpu-second", text).group(1))
    assert abs(years - 2 * 150 * 365 / 365.25) < 0.1
    events = int(re.search(r"events (\d+) \(", text).group(1))
    kinds = dict((k, int(v)) for k, v in re.findall(r" ([a-z_]+) (\d+)", lines[3].split(":", 2)[2]))
    assert sum(kinds.values()) == events
    assert kinds["follow_up"] == 2 * 150 * 4  # four follow-ups a patient
    assert kinds["referral"] == 2 * 150
    cpu = float(re.search(r"cpu ([\d.]+) s", text).group(1))
    rate = int(re.search(r"events \d+ \((\d+) per cpu-second", text).group(1))
    assert cpu > 0 and abs(rate * cpu - events) <= 0.05 * events  # cpu is printed to the millisecond
