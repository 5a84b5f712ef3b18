"""Nothing lost: a run killed with SIGKILL (or stopped with Ctrl-C) is finished by --resume, and the
result is bit-identical to an uninterrupted run."""
import re
import signal
import subprocess
import time

import h5py
import pytest

from conftest import ROOT, datasets, rehabsim_binary, run_rehabsim

# 4 points x 150 replications of 500 patients: long enough (about 10 s on 2 cores) to be killed mid-sweep.
ARGS = ["-r", "150", "--set", "run.patients=500", "--sweep", "protocol.start_day_discectomy=14,28,42,56",
        "--output", "replications", "--quiet", "-j", "2"]


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    out = tmp_path_factory.mktemp("clean") / "clean.h5"
    run_rehabsim("run", "-o", out, *ARGS)
    return out


def start(out):
    return subprocess.Popen([str(rehabsim_binary()), "run", "-o", str(out), *ARGS], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for_progress(journal, minimum_bytes=3_000, timeout=600):
    """Waits until the journal holds some finished work items (returns as soon as it does: the long
    timeout only matters on a loaded machine, e.g. a sanitizer build with the tests spread over cores)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if journal.exists() and journal.stat().st_size > minimum_bytes:
            return
        time.sleep(0.05)
    raise AssertionError("the run made no progress")


def killed_midway(out):
    """Starts the long run on `out` and SIGKILLs it once its journal holds finished work."""
    process = start(out)
    wait_for_progress(out.parent / f".{out.name}.journal")
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=300)


def test_sigkill_then_resume_is_bit_identical(clean, tmp_path):
    out = tmp_path / "killed.h5"
    killed_midway(out)
    assert not out.exists()  # killed before the end: nothing under the final name
    resumed = run_rehabsim("run", *ARGS, "--resume", out)
    assert "from the interrupted run" in resumed.stdout
    a, b = datasets(clean), datasets(out)
    assert a.keys() == b.keys()
    for name in a:
        assert a[name] == b[name], name
    with h5py.File(out, "r") as f:
        assert f.attrs["complete"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["killed.h5"]  # journal and stale temporary file gone


def test_ctrl_c_then_resume_is_bit_identical(clean, tmp_path):
    out = tmp_path / "stopped.h5"
    process = start(out)
    wait_for_progress(tmp_path / ".stopped.h5.journal")
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=300) == 130
    with h5py.File(out, "r") as f:
        assert f.attrs["complete"] == 0
    run_rehabsim("run", *ARGS, "--resume", out)
    a, b = datasets(clean), datasets(out)
    assert all(a[name] == b[name] for name in a)


def test_resume_with_another_scenario_or_seed_is_refused(tmp_path):
    out = tmp_path / "r.h5"
    killed_midway(out)
    other_seed = run_rehabsim("run", *ARGS, "-s", "7", "--resume", out, check=False)
    assert other_seed.returncode == 2 and "cannot resume: the interrupted run used seed 20261122, this one 7" in other_seed.stderr
    other_scenario = run_rehabsim("run", *ARGS, "--set", "muscle.atrophy_rate_per_day=0.02", "--resume", out, check=False)
    assert other_scenario.returncode == 2 and "cannot resume: the scenario" in other_scenario.stderr
    nothing = run_rehabsim("run", *ARGS, "--resume", tmp_path / "none.h5", check=False)
    assert nothing.returncode == 2 and "no interrupted run to resume" in nothing.stderr


def test_a_rerun_next_to_an_interrupted_runs_journal_is_refused(tmp_path):
    # once silently truncated the killed run's journal (88 MB of finished work)
    out = tmp_path / "k.h5"
    journal = tmp_path / ".k.h5.journal"
    killed_midway(out)
    size = journal.stat().st_size
    again = run_rehabsim("run", "-o", out, *ARGS, check=False)
    assert again.returncode == 2 and "an interrupted run's journal is here" in again.stderr
    # the suggested command names exactly the output (once it carried a stray full stop: a command that fails)
    suggested = re.search(r"finish that run with --resume (.*), or pass --force", again.stderr)
    assert suggested and suggested.group(1) == str(out), again.stderr
    assert journal.stat().st_size == size and not out.exists()
    # --force discards the journal and starts anew
    run_rehabsim("run", "-o", out, "-r", "2", "--set", "run.patients=20", "--quiet", "--force")
    with h5py.File(out, "r") as f:
        assert f.attrs["complete"] == 1
    assert not journal.exists()


def test_two_runs_on_one_output_cannot_mix(tmp_path):
    # once: one exited 0 with a "complete" file of both runs' replications, the other exited 1
    out = tmp_path / "both.h5"
    first = start(out)
    wait_for_progress(tmp_path / ".both.h5.journal")
    second = run_rehabsim("run", "-o", out, *ARGS, "-s", "2", "--force", check=False)
    assert second.returncode == 2 and "another rehabsim run is writing this output now" in second.stderr
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=300)


def test_disk_full_keeps_the_journal_and_resume_finishes(tmp_path):
    # once "internal error: HDF5 error: flush" (exit 1), never saying that --resume works
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(disk)], capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        args = ["-r", "6", "--set", "run.patients=1500", "--quiet", "-j", "1"]
        out = disk / "x.h5"
        full = run_rehabsim("run", "-o", out, *args, check=False)
        assert full.returncode == 2, full.stderr
        assert "the disk is full" in full.stderr and f"finish with --resume {out}" in full.stderr
        assert (disk / ".x.h5.journal").exists() and not out.exists()
        subprocess.run(["mount", "-o", "remount,size=50m", str(disk)], check=True)  # space freed
        run_rehabsim("run", "-o", out, *args, "--resume", out)
        clean = tmp_path / "clean.h5"
        run_rehabsim("run", "-o", clean, *args)
        a, b = datasets(clean), datasets(out)
        assert a.keys() == b.keys() and all(a[name] == b[name] for name in a)
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


# 4 replications of 60,000 patients, every patient's row written: too big to hold side by side, so
# each item runs alone on both threads and its rows stream to the journal and the file block by block.
BIG = ["-r", "4", "--set", "run.patients=60000", "--output", "patients", "--quiet", "-j", "2"]


def test_sigkill_inside_a_streamed_item_then_resume_is_bit_identical(tmp_path):
    clean_out = tmp_path / "clean.h5"
    run_rehabsim("run", "-o", clean_out, *BIG)
    out = tmp_path / "killed.h5"
    process = subprocess.Popen([str(rehabsim_binary()), "run", "-o", str(out), *BIG], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    # An item's journal is about 21 MB: past 30 MB the second item is being streamed.
    wait_for_progress(tmp_path / ".killed.h5.journal", minimum_bytes=30_000_000)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=300)
    assert not out.exists()
    resumed = run_rehabsim("run", *BIG, "--resume", out)
    assert "(4 of 4 work items, 1 from the interrupted run)" in resumed.stdout or "2 from the interrupted run" in resumed.stdout, resumed.stdout
    a, b = datasets(clean_out), datasets(out)
    assert a.keys() == b.keys() and len(b["patients/patient"]) == 4 * 60000 * 4  # int32 bytes
    for name in a:
        assert a[name] == b[name], name


def test_an_input_error_found_while_running_leaves_no_journal_to_refuse_the_corrected_run(tmp_path):
    # once: exit 2, but the journal stayed, and the corrected run was refused as "an interrupted run's journal is here"
    scenario = tmp_path / "psa.toml"
    body = '[[uncertainty.parameters]]\nkey = "outcomes.weight_healing"\ndistribution = "uniform"\nmin = 0.3\nmax = {}\n'
    scenario.write_text(body.format("0.8"))  # some draws break "the deficit weights sum to at most 1"
    out = tmp_path / "out" / "o.h5"
    bad = run_rehabsim("run", scenario, "-o", out, "-r", "4", "--set", "run.patients=20", "--quiet", check=False)
    assert bad.returncode == 2 and "which breaks a rule" in bad.stderr and "correct the scenario" in bad.stderr
    assert list((tmp_path / "out").iterdir()) == []  # no result, no journal, no lock, no temporary file
    scenario.write_text(body.format("0.5"))
    run_rehabsim("run", scenario, "-o", out, "-r", "4", "--set", "run.patients=20", "--quiet")
    assert out.exists()
