"""Every numeric scenario key at either end of its documented range: the run ends with exit 0, or
exit 2 naming a cross-field rule, never an internal error or a crash (sigma_log = 0.05 once gave
"internal error: normal_quantile")."""
import re

import pytest

from conftest import run_rehabsim

RANGE = re.compile(r"^\| `([^`]+)` \| (number|integer) (-?[0-9.e+]+)\.\.(-?[0-9.e+]+) \|")


def numeric_keys():
    keys = []
    for line in run_rehabsim("schema", "--format", "markdown").stdout.splitlines():
        m = RANGE.match(line)
        if m and "[]" not in m.group(1) and not m.group(1).startswith(("run.", "sweep.", "uncertainty.")):
            keys.append((m.group(1), m.group(2), m.group(3), m.group(4)))
    return keys


KEYS = numeric_keys()


def test_the_schema_has_the_numeric_keys():
    assert len(KEYS) > 120


@pytest.mark.parametrize("end", ["min", "max"])
def test_every_key_at_each_end_of_its_range(tmp_path, end):
    failures = []
    for key, kind, lo, hi in KEYS:
        value = lo if end == "min" else hi
        if kind == "integer":
            value = str(int(float(value)))
        result = run_rehabsim("run", "-o", tmp_path / "x.h5", "--force", "--quiet", "-r", "1", "-j", "1",
                              "--set", "run.patients=12", "--set", f"{key}={value}", check=False)
        if result.returncode not in (0, 2) or "internal error" in result.stderr:
            failures.append(f"{key}={value}: exit {result.returncode}: {result.stderr.strip()[-200:]}")
    assert not failures, "\n".join(failures)
