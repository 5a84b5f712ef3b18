#!/usr/bin/python3
"""Runs the benchmark workloads and prints one table (called by bench/run.sh after the build).

Each rehabsim run is `rehabsim run SCENARIO --stats` under /usr/bin/time -v; the rates are per
CPU-second of the process (user + system), i.e. per core busy, so 1- and 2-thread runs compare.
"""
import argparse
import os
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
BIN = ROOT / "build" / "release" / "app" / "rehabsim"
CALIBRATE = ROOT / "build" / "release" / "app" / "rehabsim_calibrate"
MICRO = ROOT / "build" / "release" / "bench" / "rehabsim_micro"
SIMPY = ROOT / "bench" / "peers" / "clinic_2y_simpy.py"

# name -> (scenario, extra arguments, quick-run extra arguments)
WORKLOADS = {
    "cohort_100k": ("scenarios/bench/cohort_1m.toml", ["--set", "run.patients=100000", "--output", "patients"],
                    ["--set", "run.patients=20000", "--output", "patients"]),
    "cohort_1m": ("scenarios/bench/cohort_1m.toml", ["--output", "patients"], ["--set", "run.patients=100000", "--output", "patients"]),
    "clinic_2y": ("scenarios/bench/clinic_2y.toml", [], ["-r", "6"]),
    "sweep_lhs": ("scenarios/bench/sweep_lhs.toml", ["--output", "replications"], ["--output", "replications", "--samples", "100"]),
}


def time_v(command):
    """Runs a command under /usr/bin/time -v; returns (stderr text, time's numbers)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        done = subprocess.run(["/usr/bin/time", "-v", "-o", t.name, *map(str, command)], capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"failed ({done.returncode}): {' '.join(map(str, command))}\n{done.stderr[-2000:]}")
        text = t.read()
    def number(label):
        m = re.search(rf"{re.escape(label)}: ([\d.:]+)", text)
        return m.group(1) if m else "0"
    wall = number("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60 ** (len(parts) - 1 - i) for i, p in enumerate(parts))
    return done.stdout + done.stderr, {"wall": seconds, "cpu": float(number("User time (seconds)")) + float(number("System time (seconds)")),
                                       "rss_mb": float(number("Maximum resident set size (kbytes)")) / 1024}


def stats_of(text):
    def find(pattern):
        m = re.search(pattern, text)
        return float(m.group(1)) if m else float("nan")
    return {"years": find(r"patient-years ([\d.]+)"), "events": find(r"events (\d+) \("),
            "output_mb": find(r"output ([\d.]+) MB")}


def run_workload(name, quick, threads):
    scenario, extra, quick_extra = WORKLOADS[name]
    with tempfile.TemporaryDirectory() as tmp:
        text, t = time_v([BIN, "run", ROOT / scenario, "-o", pathlib.Path(tmp) / "out.h5", "--force", "-q", "--stats",
                          "-j", threads, *(quick_extra if quick else extra)])
    s = stats_of(text)
    return {"name": name, "threads": threads, **t, **s,
            "years_per_core": s["years"] / t["cpu"] if t["cpu"] else float("nan"),
            "events_per_core": s["events"] / t["cpu"] if t["cpu"] else float("nan"),
            "output_mb_s": s["output_mb"] / t["wall"] if t["wall"] > 0 else float("nan")}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", choices=[*WORKLOADS, "calibration", "simpy"])
    parser.add_argument("--no-micro", action="store_true")
    args = parser.parse_args()
    names = [args.only] if args.only else [*WORKLOADS, "calibration", "simpy"]
    rows = []
    peer = None
    for name in names:
        if name in WORKLOADS:
            for threads in (1, 2):
                rows.append(run_workload(name, args.quick, threads))
                print(f"  ran {name} on {threads} thread(s): {rows[-1]['wall']:.2f} s", file=sys.stderr)
        elif name == "calibration":
            _, t = time_v([CALIBRATE, "--check", "--scenarios", ROOT / "scenarios"])
            rows.append({"name": "calibration", "threads": 1, **t, "years_per_core": float("nan"), "events_per_core": float("nan"),
                         "output_mb_s": float("nan")})
        elif name == "simpy":
            reps = "6" if args.quick else "50"
            text, t = time_v(["/usr/bin/python3", SIMPY, "--replications", reps])
            peer = {"wall": t["wall"], "cpu": t["cpu"], "text": text.strip(), "replications": reps}
    header = f"{'workload':<12} {'thr':>3} {'wall s':>8} {'cpu s':>8} {'pt-yr/s/core':>13} {'events/s/core':>14} {'peak MB':>8} {'out MB/s':>9} {'1->2':>6}"
    print(header)
    print("-" * len(header))
    by = {(r["name"], r["threads"]): r for r in rows}
    for r in rows:
        one = by.get((r["name"], 1))
        speedup = one["wall"] / r["wall"] if r["threads"] == 2 and one and r["wall"] > 0 else float("nan")
        print(f"{r['name']:<12} {r['threads']:>3} {r['wall']:>8.2f} {r['cpu']:>8.2f} {r['years_per_core']:>13,.0f} "
              f"{r['events_per_core']:>14,.0f} {r['rss_mb']:>8.1f} {r['output_mb_s']:>9.1f} {speedup:>6.2f}")
    if peer:
        print(f"\n{peer['text']} (cpu {peer['cpu']:.2f} s)")
        own = by.get(("clinic_2y", 1))
        if own and own["cpu"] > 0:
            print(f"clinic_2y per core: rehabsim {own['cpu']:.2f} cpu-s vs SimPy {peer['cpu']:.2f} cpu-s: {peer['cpu'] / own['cpu']:.2f}x "
                  f"(same replications: {peer['replications']})" if not args.quick else
                  f"clinic_2y per core (quick: rehabsim 6 replications, SimPy {peer['replications']}): {peer['cpu'] / own['cpu']:.2f}x")
    if not args.no_micro and not args.only and MICRO.exists():
        print("\nGoogle Benchmark (bench/micro):", flush=True)
        subprocess.run([MICRO, "--benchmark_min_time=0.2" if not args.quick else "--benchmark_min_time=0.02"], check=True)


if __name__ == "__main__":
    main()
