#!/usr/bin/python3
"""The test suite's strength, measured: applies one-line mutants to a scratch copy of the tree,
runs the tests against each, and reports which were caught, by what, and which survived.

    tests/mutation/run.py                   # every mutant of tests/mutation/mutants.toml (about 30 min on 2 cores)
    tests/mutation/run.py --only 3 --only journal   # by number, or by a word of its file or description
    tests/mutation/run.py --list
    tests/mutation/run.py --check           # every mutant still applies (code moved on): the CTest "mutants"

A C++ mutant is rebuilt and run against the C++ tests (`ctest -LE python`); if none fails, and for
a Python mutant, the Python tests run too. A mutant caught only by the golden fingerprints is
counted apart: a snapshot says that something changed, not what is wrong. The score is the share of
mutants caught by a test of behaviour; `--min-score` makes the run fail below it (the goal: 0.9).
The working tree is never touched: the copy is made from the files git knows (committed or not).
"""
import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]
MUTANTS = pathlib.Path(__file__).with_name("mutants.toml")
SNAPSHOT_TESTS = {"golden"}


def load_mutants(path=MUTANTS):
    mutants = tomllib.loads(path.read_text())["mutant"]
    for number, m in enumerate(mutants, 1):
        missing = {"file", "find", "replace", "why"} - set(m)
        if missing:
            raise SystemExit(f"{path}: mutant {number}: missing {', '.join(sorted(missing))}")
        m["number"] = number
    return mutants


def check_applies(root, m):
    """The mutant's line occurs exactly once in its file; returns the file's text."""
    path = root / m["file"]
    if not path.is_file():
        raise SystemExit(f"mutant {m['number']}: no file {m['file']}")
    text = path.read_text()
    count = text.count(m["find"])
    if count != 1:
        raise SystemExit(f"mutant {m['number']} ({m['file']}): the text to change occurs {count} times, expected once: {m['find']!r}")
    return text


def scratch_copy(target):
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, check=True,
                           capture_output=True).stdout.split(b"\0")
    for name in filter(None, files):
        source = ROOT / os.fsdecode(name)
        if source.is_file():
            (target / os.fsdecode(name)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / os.fsdecode(name))


def run(cmd, cwd, timeout, env=None):
    try:
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
        return done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired as e:
        return -1, f"timed out after {timeout} s\n" + str(e.stdout or "")


def build(root):
    return run(["cmake", "--build", "build/release", "-j", str(os.cpu_count() or 2)], root, 3600)


def cpp_failures(root):
    code, out = run(["ctest", "-LE", "python", "-j", str(os.cpu_count() or 2), "--timeout", "300"], root / "build/release", 3600)
    failed = re.findall(r"^\s*\d+ - (\S+) \((?:Failed|Timeout|SEGFAULT|Subprocess aborted|Exception|Child aborted)", out, re.MULTILINE)
    if code != 0 and not failed:
        failed = ["ctest (see its output)"]
    return failed


def python_failures(root):
    env = dict(os.environ, REHABSIM_BIN=str(root / "build/release/app/rehabsim"))
    cmd = ["/usr/bin/python3", "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "tests/python"]
    if subprocess.run(["/usr/bin/python3", "-c", "import xdist"], capture_output=True).returncode == 0:
        cmd[4:4] = ["-n", str(os.cpu_count() or 2)]
    code, out = run(cmd, root, 3600, env)
    failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", out, re.MULTILINE)
    if code not in (0, 5) and not failed:
        failed = ["pytest (see its output)"]
    return failed


def verdict(failed):
    if not failed:
        return "SURVIVED"
    return "snapshot only" if set(failed) <= SNAPSHOT_TESTS else "caught"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], help="a mutant's number, or a word of its file or description (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--check", action="store_true", help="only check that every mutant applies to the tree (the CTest \"mutants\")")
    parser.add_argument("--min-score", type=float, default=0.0, help="fail when the share caught by a test of behaviour is below this")
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy (its path is printed)")
    args = parser.parse_args(argv)
    mutants = load_mutants()
    if args.only:
        mutants = [m for m in mutants if any(o == str(m["number"]) or (not o.isdigit() and (o in m["file"] or o in m["why"])) for o in args.only)]
    if args.list:
        for m in mutants:
            print(f"{m['number']:>3}  {m['file']}: {m['why']}")
        return 0
    if not mutants:
        raise SystemExit("no mutant matches --only")
    for m in mutants:
        check_applies(ROOT, m)
    if args.check:
        print(f"{len(mutants)} mutants apply")
        return 0
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="rehabsim-mutation-"))
    try:
        print(f"scratch copy: {scratch}", flush=True)
        scratch_copy(scratch)
        code, out = run(["cmake", "--preset", "release", "-DBUILD_TESTING=ON"], scratch, 600)
        if code != 0:
            raise SystemExit("configure failed:\n" + out[-3000:])
        code, out = build(scratch)
        if code != 0:
            raise SystemExit("the unmutated tree does not build:\n" + out[-3000:])
        baseline = cpp_failures(scratch)
        if baseline:
            raise SystemExit(f"the unmutated tree fails its C++ tests ({', '.join(baseline)}): fix that first")
        rows = []
        for m in mutants:
            start = time.monotonic()
            path = scratch / m["file"]
            original = check_applies(scratch, m)
            path.write_text(original.replace(m["find"], m["replace"]))
            try:
                python_only = m["file"].endswith(".py")
                failed = []
                if not python_only:
                    code, out = build(scratch)
                    if code != 0:
                        rows.append((m, "did not compile", [], time.monotonic() - start))
                        print(f"  {m['number']:>3} did not compile: fix the mutant", flush=True)
                        continue
                    failed = cpp_failures(scratch)
                if not failed or set(failed) <= SNAPSHOT_TESTS:
                    failed += python_failures(scratch)
            finally:
                path.write_text(original)
            rows.append((m, verdict(failed), failed, time.monotonic() - start))
            print(f"  {m['number']:>3} {verdict(failed):<15} {m['file']}: {m['why']}"
                  + (f"  [{', '.join(failed[:3])}{', ...' if len(failed) > 3 else ''}]" if failed else ""), flush=True)
        build(scratch)  # leave the copy unmutated (for --keep)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    counted = [r for r in rows if r[1] != "did not compile"]
    caught = sum(r[1] == "caught" for r in counted)
    snapshot = sum(r[1] == "snapshot only" for r in counted)
    survived = [r for r in counted if r[1] == "SURVIVED"]
    score = caught / len(counted) if counted else float("nan")
    print(f"\n{len(counted)} mutants: {caught} caught by a test of behaviour, {snapshot} only by the golden fingerprints, "
          f"{len(survived)} survived; score {score:.2f}")
    for m, *_ in survived:
        print(f"  survived: {m['number']} {m['file']}: {m['why']}")
    return 1 if score < args.min_score else 0


if __name__ == "__main__":
    sys.exit(main())
