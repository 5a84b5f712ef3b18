"""Shared fixtures: the rehabsim binary and small result files made once per session."""
import os
import pathlib
import subprocess

import h5py
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def rehabsim_binary() -> pathlib.Path:
    path = pathlib.Path(os.environ.get("REHABSIM_BIN", ROOT / "build" / "release" / "app" / "rehabsim"))
    if not path.exists():
        pytest.exit(f"rehabsim binary not found at {path}: build first (./test.sh) or set REHABSIM_BIN", returncode=2)
    return path


def run_rehabsim(*args, check=True, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(rehabsim_binary()), *map(str, args)], capture_output=True, text=True,
                            cwd=kwargs.pop("cwd", ROOT), **kwargs)
    if check and result.returncode != 0:
        raise AssertionError(f"rehabsim {' '.join(map(str, args))} exited {result.returncode}:\n{result.stderr}")
    return result


def datasets(path) -> dict:
    """Every dataset of a result file as raw bytes, by path: for bit-identity checks."""
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: out.__setitem__(name, obj[()].tobytes()) if isinstance(obj, h5py.Dataset) else None)
    return out


SMALL = ["-r", "3", "--set", "run.patients=200", "--quiet"]


@pytest.fixture(scope="session")
def small_result(tmp_path_factory) -> pathlib.Path:
    """The default scenario, 3 replications of 200 patients, on 2 threads."""
    out = tmp_path_factory.mktemp("run") / "small.h5"
    run_rehabsim("run", "-o", out, "-j", "2", *SMALL)
    return out
