"""Provenance that reproduces (issue 13, item 7): the scenario stored in any result file, written out
by `rehabsim extract` and rerun, gives the same datasets; a test per command."""
import tomllib

import h5py
import pytest

from conftest import ROOT, datasets, run_rehabsim

SMALL = ["-r", "2", "--set", "run.patients=150", "--quiet"]


def rerun_matches(original, tmp_path, command, *options):
    out_dir = tmp_path / "extracted"
    text = run_rehabsim("extract", original, "-o", out_dir).stdout
    files = sorted(out_dir.glob("*.toml"))
    assert files and f"{command} " in text
    for f in files:
        tomllib.loads(f.read_text())  # every stored scenario is a valid TOML document
    again = tmp_path / "again.h5"
    args = [command, *([str(p) for p in files] if command == "compare" else [str(files[0])])]
    # compare labels scenarios by file name: extract wrote them under the stored names, in order
    if command == "compare":
        with h5py.File(original, "r") as f:
            args = ["compare", *[str(out_dir / f"{n}.toml") for n in f.attrs["compared_scenario_names"]]]
    run_rehabsim(*args, *options, "-o", again, "--quiet")
    first, second = datasets(original), datasets(again)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_run_reproduces(tmp_path):
    out = tmp_path / "run.h5"
    run_rehabsim("run", "-o", out, "--output", "replications", *SMALL, "--set", "protocol.start_day_fusion=84")
    rerun_matches(out, tmp_path, "run", "--output", "replications")


def test_grid_sweep_reproduces(tmp_path):
    out = tmp_path / "sweep.h5"
    run_rehabsim("run", "-o", out, "--output", "replications", *SMALL, "--sweep", "protocol.start_day_discectomy=14,42")
    rerun_matches(out, tmp_path, "run", "--output", "replications")


def test_preset_sweep_reproduces_every_point(tmp_path):
    out = tmp_path / "presets.h5"
    run_rehabsim("run", "-o", out, "--output", "replications", *SMALL, "--sweep", "protocol.preset=standard,early_intensive,none")
    with h5py.File(out, "r") as f:
        odi = f["summary/mean"][()]
        assert len(set(odi.round(9))) > len(odi) // 3  # the points differ (not three copies of point 0)
    rerun_matches(out, tmp_path, "run", "--output", "replications")


def test_compare_reproduces_and_stores_valid_toml(tmp_path):
    out = tmp_path / "compare.h5"
    protocols = ROOT / "scenarios" / "protocols"
    run_rehabsim("compare", protocols / "standard.toml", protocols / "home_based.toml", "-o", out, *SMALL)
    with h5py.File(out, "r") as f:
        tomllib.loads(str(f.attrs["scenario_toml"]))
        assert list(f.attrs["compared_scenario_names"]) == ["standard", "home_based"]
    rerun_matches(out, tmp_path, "compare")


def test_extract_refuses_to_overwrite(tmp_path):
    out = tmp_path / "r.h5"
    run_rehabsim("run", "-o", out, "--output", "summary", *SMALL)
    run_rehabsim("extract", out, "-o", tmp_path)
    again = run_rehabsim("extract", out, "-o", tmp_path, check=False)
    assert again.returncode == 2 and "--force" in again.stderr
    missing = run_rehabsim("extract", tmp_path / "none.h5", check=False)
    assert missing.returncode == 2 and "none.h5" in missing.stderr
