"""The layering check (tests/layering/check_includes.py) passes on the sources and fails on each kind
of violation: an include from a higher folder, from a sibling, from a forbidden folder, of a missing
file, from a folder missing from the table, a kernel test reaching into the model, an unmirrored test."""
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHECK = ROOT / "tests" / "layering" / "check_includes.py"


def run_check(root):
    return subprocess.run([sys.executable, str(CHECK), "--root", str(root)], capture_output=True, text=True)


def test_the_sources_follow_the_layering():
    result = run_check(ROOT)
    assert result.returncode == 0, result.stdout


def write(root, rel, text=""):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.mark.parametrize("rel, include, expected", [
    ("sim/core/a.hpp", "sim/exec/b.hpp", "rank 2 is not below sim/core/'s rank 0"),
    ("sim/config/a.cpp", "sim/exec/b.hpp", "rank 2 is not below sim/config/'s rank 2"),
    ("sim/output/a.hpp", "models/params/b.hpp", "rank 10 is not below"),
    ("models/physiology/a.hpp", "models/clinic/b.hpp", "rank 11 is not below"),
    ("models/params/a.hpp", "models/patient/b.hpp", "rank 13 is not below"),
    ("app/a.cpp", "models/physiology/b.hpp", "forbidden by design"),
    ("models/patient/a.cpp", "models/patient/missing.hpp", "does not exist"),
    ("models/newfolder/a.hpp", "sim/core/b.hpp", "not in the layer table"),
    ("tests/sim/core/a_test.cpp", "models/params/b.hpp", "a sim/ test includes"),
    ("tests/models/elsewhere/a_test.cpp", "models/params/b.hpp", "mirrors no source folder"),
])
def test_each_kind_of_violation_fails(tmp_path, rel, include, expected):
    for target in ["sim/exec/b.hpp", "models/params/b.hpp", "models/clinic/b.hpp", "models/patient/b.hpp",
                   "models/physiology/b.hpp", "sim/core/b.hpp"]:
        write(tmp_path, target)
    write(tmp_path, rel, f'#pragma once\n#include <vector>\n#include "{include}"\n')
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert expected in result.stdout, result.stdout
    assert rel in result.stdout


def test_includes_of_lower_folders_pass(tmp_path):
    write(tmp_path, "sim/core/b.hpp")
    write(tmp_path, "models/params/b.hpp", '#include "sim/core/b.hpp"\n')
    write(tmp_path, "models/patient/a.cpp", '#include "models/params/b.hpp"\n#include "sim/core/b.hpp"\n')
    write(tmp_path, "app/a.cpp", '#include "models/patient/a.cpp"\n')
    write(tmp_path, "tests/models/patient/a_test.cpp", '#include "models/params/b.hpp"\n')
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stdout
