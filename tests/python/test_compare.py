"""`rehabsim compare`: scenarios on the same patients, side-by-side with paired differences."""
import h5py
import numpy as np
import pytest

from conftest import ROOT, run_rehabsim

PROTOCOLS = ROOT / "scenarios" / "protocols"
ARGS = ["-r", "12", "--set", "run.patients=250", "--quiet", "-j", "2"]
T_975_11DF = 2.200985160082949


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    out = tmp_path_factory.mktemp("compare") / "compare.h5"
    result = run_rehabsim("compare", PROTOCOLS / "standard.toml", PROTOCOLS / "no_formal_pt.toml", "-o", out, *ARGS)
    return out, result.stdout


def table(f, name):
    return {k: f[name][k][:] for k in f[name]}


def test_compare_table_and_printout(compared):
    out, stdout = compared
    assert "difference vs standard" in stdout and "odi_3m (ODI points 0-100)" in stdout
    assert "utilisation" not in stdout  # undefined without a limited clinic: left out of the printout
    with h5py.File(out, "r") as f:
        assert list(f["points/scenario"].attrs["labels"]) == ["standard", "no_formal_pt"]
        c = table(f, "compare")
        metrics = list(f["compare/metric"].attrs["labels"])
        r = table(f, "replications")
        odi = metrics.index("odi_3m")
        first = (c["scenario"] == 0) & (c["metric"] == odi)
        second = (c["scenario"] == 1) & (c["metric"] == odi)
        assert c["difference"][first][0] == 0
        diffs = r["odi_3m"][r["point"] == 1] - r["odi_3m"][r["point"] == 0]  # rows ordered by replication
        assert np.isclose(c["difference"][second][0], diffs.mean())
        half = T_975_11DF * diffs.std(ddof=1) / np.sqrt(12)
        assert np.isclose(c["difference_ci95_high"][second][0] - c["difference"][second][0], half)
        assert "cost_effectiveness" in f  # two scenarios: cost-effectiveness against the first


def test_paired_difference_is_much_narrower_than_with_independent_streams(compared, tmp_path):
    out, _ = compared
    independent = tmp_path / "independent.h5"
    run_rehabsim("run", PROTOCOLS / "no_formal_pt.toml", "-o", independent, *ARGS, "-s", "99", "--output", "replications")
    with h5py.File(out, "r") as f, h5py.File(independent, "r") as g:
        r = table(f, "replications")
        for metric in ("odi_3m", "odi_12m", "qaly"):
            a = r[metric][r["point"] == 0]
            paired = r[metric][r["point"] == 1] - a
            b = g["replications"][metric][:]  # the same scenario on other patients
            paired_half = T_975_11DF * paired.std(ddof=1) / np.sqrt(12)
            # Welch interval of a difference of two independent means (conservative df = 11).
            independent_half = T_975_11DF * np.sqrt(a.var(ddof=1) / 12 + b.var(ddof=1) / 12)
            # At least a 4x smaller variance. Not more: the path-dependent pathways (sensitisation
            # grows only above a pain threshold) let one patient's two arms diverge by 12 months.
            assert paired_half < 0.5 * independent_half, metric


def test_compare_needs_the_same_run_settings_and_no_sweeps(tmp_path):
    other = tmp_path / "other.toml"
    other.write_text("[run]\nreplications = 3\n")
    bad = run_rehabsim("compare", PROTOCOLS / "standard.toml", other, "-o", tmp_path / "o.h5", "--set", "run.patients=20", check=False)
    assert bad.returncode == 2 and "same run settings" in bad.stderr
    bad = run_rehabsim("compare", PROTOCOLS / "standard.toml", ROOT / "scenarios" / "sweeps" / "physiology_lhs.toml",
                       "-o", tmp_path / "o.h5", check=False)
    assert bad.returncode == 2 and "without [sweep]" in bad.stderr
    assert run_rehabsim("compare", PROTOCOLS / "standard.toml", check=False).returncode == 2  # one scenario is not a comparison


def test_an_interrupted_compare_is_finished_with_compare_resume(tmp_path):
    # compare once said "finish with --resume FILE" and had no --resume, and run --resume refused the file
    import signal
    import subprocess
    import time
    from conftest import datasets, rehabsim_binary
    files = [ROOT / "scenarios" / "protocols" / name for name in ("standard.toml", "no_formal_pt.toml")]
    args = [*files, "-r", "120", "--set", "run.patients=500", "--quiet", "-j", "2"]
    clean = tmp_path / "clean.h5"
    run_rehabsim("compare", *args, "-o", clean)
    out = tmp_path / "c.h5"
    process = subprocess.Popen([str(rehabsim_binary()), "compare", *map(str, args), "-o", str(out)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    journal = tmp_path / ".c.h5.journal"
    deadline = time.time() + 60
    while time.time() < deadline and not (journal.exists() and journal.stat().st_size > 3000):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    stdout, _ = process.communicate(timeout=60)
    assert process.returncode == 130 and f"finish with --resume {out}" in stdout
    resumed = run_rehabsim("compare", *args, "--resume", out)
    assert "from the interrupted run" in resumed.stdout
    a, b = datasets(clean), datasets(out)
    assert a.keys() == b.keys() and all(a[name] == b[name] for name in a)


def test_compare_with_a_sweep_pairs_scenarios_at_each_sweep_point(tmp_path):
    out = tmp_path / "cs.h5"
    staffing = ROOT / "scenarios" / "staffing"
    text = run_rehabsim("compare", staffing / "a_four_therapists.toml", staffing / "d_four_telehealth_30.toml",
                        "--sweep", "clinic.therapists[0].count=4,5", "-o", out, "-r", "3", "--quiet").stdout
    assert "difference vs the first scenario at the same sweep point" in text
    assert "d_four_telehealth_30 @ therapists[0].count=5" in text
    with h5py.File(out, "r") as f:
        pts = f["points"]
        assert list(pts["scenario"][()]) == [0, 1, 0, 1] and list(pts["clinic.therapists[0].count"][()]) == [4, 4, 5, 5]
        r = f["replications"]
        k = list(f["compare/metric"].attrs["labels"]).index("wait_mean_days")
        c = f["compare"]
        for point, reference in ((1, 0), (3, 2), (2, 2)):
            mine = r["wait_mean_days"][()][r["point"][()] == point]
            theirs = r["wait_mean_days"][()][r["point"][()] == reference]
            row = (c["scenario"][()] == point) & (c["metric"][()] == k)
            assert c["difference"][()][row][0] == pytest.approx(np.mean(mine - theirs), rel=1e-12, abs=1e-12)
    again = run_rehabsim("summary", out, "--metrics", "wait_mean_days").stdout
    assert "difference vs the first scenario at the same sweep point" in again
