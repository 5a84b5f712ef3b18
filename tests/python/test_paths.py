"""Every kind of path the program reads or creates (issue 24, the class "every kind of path"): links
planted at the names rehabsim writes are never followed, what is not a regular file is refused
before any work, and names read from a result file cannot leave the directory they are written to."""
import os
import time

import h5py
import pytest

from conftest import ROOT, run_rehabsim

TINY = ["-r", "1", "--set", "run.patients=20", "--quiet"]


def assert_refused(result, *fragments, seconds=None):
    assert result.returncode == 2, (result.returncode, result.stderr)
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


@pytest.fixture
def victim(tmp_path):
    v = tmp_path / "victim.txt"
    v.write_text("precious")
    return v


@pytest.mark.parametrize("force", [False, True])
def test_a_link_at_the_journals_name_is_never_followed(tmp_path, victim, force):
    # `run -o NAME --force` once truncated the target of a link at .NAME.journal with journal bytes
    out = tmp_path / "r.h5"
    (tmp_path / ".r.h5.journal").symlink_to(victim)
    result = run_rehabsim("run", "-o", out, *TINY, *(["--force"] if force else []), check=False)
    assert victim.read_text() == "precious"
    if force:  # the link is discarded like an interrupted run's journal, the run completes
        assert result.returncode == 0, result.stderr
        assert out.exists() and not (tmp_path / ".r.h5.journal").exists()
    else:
        assert_refused(result, "an interrupted run's journal is here")


def test_a_dangling_link_at_the_journals_or_locks_name_creates_nothing_elsewhere(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for name in [".r.h5.journal", ".r.h5.lock"]:
        link = tmp_path / name
        link.symlink_to(elsewhere / "created")
        result = run_rehabsim("run", "-o", tmp_path / "r.h5", *TINY, check=False)
        assert_refused(result, name)
        assert not (elsewhere / "created").exists()
        link.unlink()


def test_a_link_at_the_locks_name_is_refused(tmp_path, victim):
    (tmp_path / ".r.h5.lock").symlink_to(victim)
    result = run_rehabsim("run", "-o", tmp_path / "r.h5", *TINY, check=False)
    assert_refused(result, ".r.h5.lock is a symbolic link")
    assert victim.read_text() == "precious"


def test_a_dangling_link_at_the_output_is_an_existing_file(tmp_path):
    # once passed the start-up check; the run was simulated, then "a file of this name appeared"
    out = tmp_path / "r.h5"
    out.symlink_to(tmp_path / "nowhere" / "r.h5")
    started = time.time()
    refused = run_rehabsim("run", "-o", out, "--set", "run.patients=100000", "--quiet", check=False)
    assert_refused(refused, "output file exists (a symbolic link)", "--force")
    assert time.time() - started < 10  # refused before the run
    replaced = run_rehabsim("run", "-o", out, *TINY, "--force")
    assert replaced.returncode == 0 and out.is_file() and not out.is_symlink()
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("kind", ["empty", "directory", "fifo", "device", "huge"])
def test_a_scenario_that_is_not_a_readable_file_is_refused_at_once(tmp_path, kind):
    # a directory or "" once ran the built-in defaults; /dev/zero read until memory ran out; a FIFO blocked
    path = {"empty": "", "directory": str(tmp_path), "fifo": str(tmp_path / "s.toml"), "device": "/dev/zero",
            "huge": str(tmp_path / "huge.toml")}[kind]
    if kind == "fifo":
        os.mkfifo(path)
    if kind == "huge":
        with open(path, "wb") as f:
            f.truncate(17 << 20)
    started = time.time()
    for command in ["run", "validate"]:
        result = run_rehabsim(command, path, *(["-o", tmp_path / "x.h5"] if command == "run" else []), check=False, timeout=30)
        expected = {"empty": "the scenario file path is empty", "directory": "it is a directory, expected a regular file",
                    "fifo": "it is a FIFO, expected a regular file", "device": "it is a device, expected a regular file",
                    "huge": "expected at most 16777216"}[kind]
        assert_refused(result, expected)
    assert time.time() - started < 20
    assert not (tmp_path / "x.h5").exists()


@pytest.fixture(scope="module")
def compare_file(tmp_path_factory):
    out = tmp_path_factory.mktemp("compare") / "c.h5"
    run_rehabsim("compare", ROOT / "scenarios/staffing/a_four_therapists.toml", ROOT / "scenarios/staffing/b_five_therapists.toml",
                 "-o", out, "-r", "1", "--set", "run.patients=300", "--output", "replications", "--quiet")
    return out


def with_names(compare_file, tmp_path, names):
    crafted = tmp_path / "crafted.h5"
    crafted.write_bytes(compare_file.read_bytes())
    with h5py.File(crafted, "r+") as f:
        f.attrs.modify("compared_scenario_names", names)
    return crafted


@pytest.mark.parametrize("names,expected", [
    (["../escaped", "b"], "is not a plain file name"),
    ([str("/tmp/rehabsim_abs_escape"), "b"], "is not a plain file name"),
    (["..", "b"], "is not a plain file name"),
    (["a\nb", "b"], "is not a plain file name"),
    (["-rf", "b"], "is not a plain file name"),
    (["", "b"], "is not a plain file name"),
    (["same", "same"], "two stored scenarios are named same"),
])
def test_extract_writes_only_plain_distinct_names_inside_its_directory(compare_file, tmp_path, names, expected):
    crafted = with_names(compare_file, tmp_path, names)
    out_dir = tmp_path / "out" / "inner"
    result = run_rehabsim("extract", crafted, "-o", out_dir, "--force", check=False)
    assert_refused(result, expected)
    assert not (tmp_path / "out" / "escaped.toml").exists() and not os.path.exists("/tmp/rehabsim_abs_escape.toml")
    assert not out_dir.exists() or list(out_dir.iterdir()) == []


def test_extract_never_writes_through_a_link_and_quotes_its_command(compare_file, tmp_path, victim):
    odd = tmp_path / "b$(touch pwned) 'x'.h5"
    odd.write_bytes(compare_file.read_bytes())
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with h5py.File(odd, "r") as f:
        first = f.attrs["compared_scenario_names"][0]
    first = first.decode() if isinstance(first, bytes) else first
    (out_dir / f"{first}.toml").symlink_to(victim)
    refused = run_rehabsim("extract", odd, "-o", out_dir, check=False)
    assert_refused(refused, "exists")
    text = run_rehabsim("extract", odd, "-o", out_dir, "--force").stdout
    assert victim.read_text() == "precious" and not (out_dir / f"{first}.toml").is_symlink()
    assert "'" + str(odd).replace("'", "'\\''") + "'" in text, text  # one shell word, nothing runs when pasted


@pytest.mark.parametrize("kind", ["directory", "fifo", "device"])
def test_a_result_file_that_is_not_a_regular_file_is_refused_at_once(tmp_path, kind):
    path = {"directory": tmp_path, "fifo": tmp_path / "r.h5", "device": "/dev/zero"}[kind]
    if kind == "fifo":
        os.mkfifo(path)
    for command in (["summary", path], ["extract", path, "-o", tmp_path / "x"]):
        result = run_rehabsim(*command, check=False, timeout=30)
        assert_refused(result, "expected a result file (a regular file)")
