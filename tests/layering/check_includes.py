#!/usr/bin/env python3
"""Layering check: every #include "..." points to a folder below the including file's folder.

The folders and their ranks are the table below (docs/architecture.md shows the same tree). A file
may include headers of its own folder and of folders with a lower rank; two folders of the same
rank are siblings and may not include each other. The check also fails on an include that names a
file that does not exist, on a source folder missing from the table, on a kernel test that reaches
into the model, and on a test folder that does not mirror a source folder.

    tests/layering/check_includes.py [--root DIR]     exit 0 when every include follows the rule
"""
import argparse
import pathlib
import re
import sys

# folder -> rank. Lower ranks are further down; the kernel (sim/) knows nothing of the model.
RANKS = {
    "sim/core": 0,          # time, event set, hazards, RNG streams, distributions, errors
    "sim/calendar": 1,      # weekly timetables, one resource-day's bookings, arrival processes
    "sim/stats": 1,         # summary statistics, sensitivity (PRCC)
    "sim/output": 1,        # tables and the HDF5 result file
    "sim/config": 2,        # schema, bindings, loader, sweeps, uncertainty
    "sim/exec": 2,          # experiment interface, runner, journal, interruption
    "models/params": 10,    # plain parameter types, no behaviour
    "models/physiology": 11,  # pure functions of the parameters
    "models/clinic": 11,    # calendars and booking, no patient
    "models/scenario": 12,  # key bindings, the default scenario, protocol presets
    "models/patient": 13,   # state, planner, clinic adapter, cohort, the replication's loop
    "models/outputs": 14,   # result tables' columns, notes
    "models/calibration": 15,  # virtual trials: reading, measures, judging
    "models": 16,           # recovery_experiment: the model as an engine experiment
    "app": 20,              # the executables and commands
}
# Pairs (including folder, included folder) that the ranks would allow but the design forbids:
# the application never reaches into physiology internals.
FORBIDDEN = {("app", "models/physiology")}
SOURCE_ROOTS = ("sim", "models", "app")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
SUFFIXES = {".hpp", ".cpp", ".in"}


def folder_of(relpath: str) -> str | None:
    """The table's folder holding a file (the longest matching prefix), or None."""
    parent = str(pathlib.PurePosixPath(relpath).parent)
    while parent not in RANKS:
        if "/" not in parent:
            return None
        parent = parent.rsplit("/", 1)[0]
    return parent


def check(root: pathlib.Path) -> list[str]:
    problems = []
    sources = [p for r in SOURCE_ROOTS if (root / r).is_dir() for p in sorted((root / r).rglob("*")) if p.suffix in SUFFIXES]
    for path in sources:
        rel = path.relative_to(root).as_posix()
        here = str(pathlib.PurePosixPath(rel).parent)
        if here not in RANKS:
            problems.append(f"{rel}: folder {here}/ is not in the layer table of tests/layering/check_includes.py")
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m or not m.group(1).startswith(tuple(r + "/" for r in SOURCE_ROOTS)):
                continue
            target = m.group(1)
            there = folder_of(target)
            if not (root / target).exists() and not target.startswith("app/version.hpp"):
                problems.append(f"{rel}:{number}: includes {target}, which does not exist")
            elif there is None:
                problems.append(f"{rel}:{number}: includes {target}, whose folder is not in the layer table")
            elif there != here and (RANKS[there] >= RANKS[here] or (here, there) in FORBIDDEN):
                why = "forbidden by design" if (here, there) in FORBIDDEN else \
                    f"rank {RANKS[there]} is not below {here}/'s rank {RANKS[here]}"
                problems.append(f"{rel}:{number}: {here}/ includes {target} from {there}/ ({why})")
    # Tests mirror the sources; the kernel's tests link the kernel alone.
    for suite, allowed in (("sim", ("sim/",)), ("models", ("sim/", "models/"))):
        tests = root / "tests" / suite
        if not tests.is_dir():
            continue
        for path in sorted(tests.rglob("*.cpp")):
            rel = path.relative_to(root).as_posix()
            mirrored = str(pathlib.PurePosixPath(rel).parent)[len("tests/"):]
            if mirrored not in RANKS:
                problems.append(f"{rel}: tests/{mirrored}/ mirrors no source folder of the layer table")
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                m = INCLUDE.match(line)
                if m and m.group(1).startswith(tuple(r + "/" for r in SOURCE_ROOTS)) and not m.group(1).startswith(allowed):
                    problems.append(f"{rel}:{number}: a {suite}/ test includes {m.group(1)}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=pathlib.Path, default=pathlib.Path(__file__).resolve().parents[2])
    problems = check(parser.parse_args().root)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} include(s) break the layering (see docs/architecture.md)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
