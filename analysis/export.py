#!/usr/bin/python3
"""Export a rehabsim result file for spreadsheets.

    analysis/export.py results/compare.h5 --format xlsx -o compare.xlsx
    analysis/export.py results/default.h5 --format csv -o default_csv/

xlsx: one sheet per table (categorical codes as their labels), a "summary_wide" sheet with one row
per point and one column per metric (means), a "columns" sheet with every column's units and
description, and an "about" sheet with the provenance. csv: the same, one file per sheet, in a
directory. --tables chooses the tables (default: all; /trajectories is 2-D and is written in long
form, one row per patient and week, only when asked for).
"""
from __future__ import annotations

import argparse
import pathlib
import sys

import pandas as pd

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import plot  # noqa: E402
from rehabsim_results import DAMAGED_FILE_ERRORS, Results, damaged, open_for_command  # noqa: E402

EXCEL_MAX_ROWS = 1_048_576 - 1  # a sheet's rows, less the header


# A text cell a spreadsheet would read as a formula (=, +, -, @, or a tab or carriage return first):
# names and notes come from result files, which another tool may have written.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell that a spreadsheet would run as a formula quoted (a leading ')."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v)
    return out


def sheets(r: Results, tables: list[str] | None) -> dict[str, pd.DataFrame]:
    """Every sheet to write, in order."""
    names = tables or [t for t in r.tables() if t != "trajectories"]
    out: dict[str, pd.DataFrame] = {}
    if r.has_table("summary") and (tables is None or "summary" in tables):
        s = r.table("summary")
        wide = s.pivot_table(index="point", columns="metric", values="mean", observed=True, sort=False)
        labels = plot.point_names(r) if r.has_table("points") else {}
        wide.insert(0, "policy", [labels.get(int(p), f"point {p}") for p in wide.index])
        out["summary_wide"] = wide.reset_index()
    for name in names:
        if name == "trajectories":
            out[name] = r.trajectories_long()
        else:
            out[name] = r.table(name)
    columns = []
    for name in names:
        if name == "trajectories":
            continue
        units, shown, ranges, descriptions = r.units(name), r.display_units(name), r.ranges(name), r.descriptions(name)
        columns += [{"table": name, "column": c, "units": units[c], "shown as": shown[c], "valid_min": ranges[c][0],
                     "valid_max": ranges[c][1], "description": descriptions[c]} for c in units]
    out["columns"] = pd.DataFrame(columns)
    a = r.attributes
    about = [("scenario", r.scenario_name())] + [(k, a.get(k)) for k in ("software_version", "git_commit", "created_utc", "command_line",
                                                                         "seed", "replications", "complete")]
    about += [("note", n) for n in (a.get("notes") or [])]
    out["about"] = pd.DataFrame(about, columns=["attribute", "value"])
    return {name: as_text(frame) for name, frame in out.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", help="rehabsim result file (.h5)")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="xlsx", help="xlsx (one workbook) or csv (a directory of files)")
    parser.add_argument("-o", "--output", help="the workbook (xlsx) or directory (csv); default: beside the results")
    parser.add_argument("--tables", help="comma-separated tables (default: every table but /trajectories)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing output")
    args = parser.parse_args(argv)
    results = open_for_command(args.results, "export.py")
    if results is None:
        return 2
    source = pathlib.Path(args.results)
    out = pathlib.Path(args.output) if args.output else source.with_suffix(".xlsx" if args.format == "xlsx" else "")
    if args.format == "csv" and not args.output:
        out = source.parent / (source.stem + "_csv")
    try:
        with results:
            tables = [t.strip() for t in args.tables.split(",")] if args.tables else None
            unknown = [t for t in tables or [] if not results.has_table(t)]
            if unknown:
                print(f"export.py: {args.results} has no table {', '.join(unknown)}; it has {', '.join(results.tables())}", file=sys.stderr)
                return 2
            frames = sheets(results, tables)
    except DAMAGED_FILE_ERRORS as error:
        return damaged("export.py", args.results, error)
    if args.format == "xlsx":
        big = [f"{n} ({len(f):,} rows)" for n, f in frames.items() if len(f) > EXCEL_MAX_ROWS]
        if big:
            print(f"export.py: {', '.join(big)} exceed a spreadsheet's {EXCEL_MAX_ROWS:,} rows: use --format csv, or --tables without them",
                  file=sys.stderr)
            return 2
        if out.exists() and not args.force:
            print(f"export.py: {out} exists; use --force to overwrite it", file=sys.stderr)
            return 2
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(f".{out.name}.partial")
        with pd.ExcelWriter(partial, engine="openpyxl") as writer:
            for name, frame in frames.items():
                frame.to_excel(writer, sheet_name=name[:31], index=False)
        partial.replace(out)  # never a half-written workbook under the final name
        print(f"wrote {out} ({len(frames)} sheets)")
        return 0
    if out.exists() and any(out.iterdir()) and not args.force:
        print(f"export.py: {out} exists and is not empty; use --force to overwrite its files", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        frame.to_csv(out / f"{name}.csv", index=False)
    print(f"wrote {len(frames)} files to {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
