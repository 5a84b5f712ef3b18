"""docs/model.md cannot drift from the program (issue 20, item 7): every default the page states is
written as `KEY` VALUE, and this test compares each such value with the program's default (the
schema's, or for an element of an array of tables, scenarios/default.toml's)."""
import re
import tomllib

import pytest

from conftest import ROOT, run_rehabsim

# `key.path` or `cohorts[1].key` (no [] or *: those name families, not one value), then the number.
PAIR = re.compile(r"`([a-z_]+(?:\[\d+\])?(?:\.[a-z0-9_]+(?:\[\d+\])?)+)`[ \t]*=?[ \t]*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(?![\d.])")


def schema_defaults():
    out, key = {}, None
    for line in run_rehabsim("schema").stdout.splitlines():
        if line and not line.startswith(" "):
            key = line.strip()
        elif key and line.strip().startswith("default:"):
            out[key] = line.split("default:", 1)[1].strip()
    return out


def default_of(key, schema, scenario):
    if "[" not in key:
        return schema.get(key)
    node = scenario
    for part in key.split("."):
        m = re.fullmatch(r"([a-z_0-9]+)\[(\d+)\]", part)
        try:
            node = node[m.group(1)][int(m.group(2))] if m else node[part]
        except (KeyError, IndexError, TypeError):
            node = None
            break
    if node is not None:
        return str(node)
    return schema.get(re.sub(r"\[\d+\]", "[]", key))  # an element without the key takes the schema default


def mismatches(text, schema, scenario):
    found, wrong = 0, []
    for line_no, line in enumerate(text.splitlines(), 1):
        for key, number in PAIR.findall(line):
            found += 1
            default = default_of(key, schema, scenario)
            try:
                expected = float(default)
            except (TypeError, ValueError):
                wrong.append(f"docs/model.md:{line_no}: `{key}` {number}: not a numeric scenario key (default {default!r})")
                continue
            if abs(float(number) - expected) > 1e-9 * max(1.0, abs(expected)):
                wrong.append(f"docs/model.md:{line_no}: `{key}` {number}, the program's default is {default}")
    return found, wrong


@pytest.fixture(scope="module")
def defaults():
    return schema_defaults(), tomllib.loads((ROOT / "scenarios/default.toml").read_text())


def test_every_default_the_model_page_states_is_the_programs(defaults):
    found, wrong = mismatches((ROOT / "docs/model.md").read_text(), *defaults)
    assert not wrong, "\n".join(wrong)
    assert found >= 40, f"only {found} defaults are stated as `key` value: the check would prove little"


def test_the_check_catches_a_stale_number_an_unknown_key_and_reads_both_forms(defaults):
    schema, scenario = defaults
    assert "fear.weight" in schema
    right = f"the weight `fear.weight` {schema['fear.weight']} and `cohorts[1].name` is fusion"
    assert mismatches(right, schema, scenario) == (1, [])
    found, wrong = mismatches("`fear.weight` = 0.123456 and `fear.nope` 3 and `healing.*` 5 and `cohorts[].share` 1", schema, scenario)
    assert found == 2 and len(wrong) == 2 and "0.123456" in wrong[0] and "not a numeric scenario key" in wrong[1]
    share = scenario["cohorts"][1]["share"]
    assert mismatches(f"`cohorts[1].share` {share}", schema, scenario) == (1, [])
    assert mismatches(f"`cohorts[1].share` {share + 0.5}", schema, scenario)[1]
