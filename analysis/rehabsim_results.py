"""Read rehabsim result files (format "rehabsim-results", versions 1 and 2; see docs/output-format.md).

    from rehabsim_results import open_results
    with open_results("results/default.h5") as r:
        patients = r.table("patients")                   # pandas DataFrame, categorical columns decoded
        print(r.units("patients")["odi_12m"])            # "ODI points" (the units vocabulary; version 2)
        print(r.display_units("patients")["odi_12m"])    # "ODI points 0-100" (with the range, for labels)
"""
from __future__ import annotations

import pathlib
import re
import sys
import tomllib

import h5py
import numpy as np
import pandas as pd

FORMAT = "rehabsim-results"
# The most one dataset may declare (16 GiB): far above any run's (a million patients' column is 8 MB).
MAX_DATASET_BYTES = 16 * 2**30
SUPPORTED_VERSIONS = {1, 2}  # 2: units in a fixed vocabulary with valid_min/valid_max; compare stores each scenario


class ResultFormatError(ValueError):
    """The file is not a rehabsim result file of a version this reader understands."""


class Results:
    def __init__(self, path):
        self.path = str(path)
        self._file = h5py.File(self.path, "r")
        fmt = self._file.attrs.get("format")
        version = self._file.attrs.get("format_version")
        if isinstance(fmt, bytes):
            fmt = fmt.decode("utf-8", "replace")
        if fmt != FORMAT:
            self._file.close()
            raise ResultFormatError(f"{self.path}: not a rehabsim result file (format attribute {fmt!r})")
        # Any attribute a tool or a hand may have left: missing, text, an array, a float, a bool.
        number = version.item() if isinstance(version, np.ndarray) and version.size == 1 else version
        if isinstance(number, (bool, np.bool_)) or not isinstance(number, (int, np.integer)) or int(number) not in SUPPORTED_VERSIONS:
            self._file.close()
            raise ResultFormatError(f"{self.path}: result format version {version!r} is not supported "
                                    f"(this reader knows {sorted(SUPPORTED_VERSIONS)})")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self._file.close()

    @property
    def attributes(self) -> dict:
        """Root attributes: provenance (version, commit, command, seed, scenario) and completeness."""
        def plain(v):
            if isinstance(v, np.ndarray) and v.ndim > 0:
                return [str(x) for x in v]  # string arrays: compared_scenario_tomls, compared_scenario_names
            return v.item() if hasattr(v, "item") else v
        return {k: plain(v) for k, v in self._file.attrs.items()}

    def tables(self) -> list[str]:
        return [name for name, obj in self._file.items() if isinstance(obj, h5py.Group)]

    def has_table(self, name: str) -> bool:
        return name in self._file and isinstance(self._file[name], h5py.Group)

    def _columns(self, name: str):
        """A table's (column, dataset) pairs; anything else there (a link to nowhere, a group) is damage."""
        for column, obj in self._file[name].items():
            if not isinstance(obj, h5py.Dataset):
                raise ValueError(f"/{name}/{column} is not a column (a dangling link, or another kind of object)")
            yield column, obj

    def _read(self, dataset) -> np.ndarray:
        """A dataset's values, refusing one that declares more than could be real: a damaged or
        crafted header must not make a script allocate terabytes."""
        declared = int(np.prod(dataset.shape, dtype=np.float64)) * dataset.dtype.itemsize if dataset.shape else dataset.dtype.itemsize
        if declared > MAX_DATASET_BYTES:
            raise ValueError(f"{dataset.name} declares {declared:,} bytes, more than this reader accepts ({MAX_DATASET_BYTES:,})")
        return dataset[()]

    def table(self, name: str, decode: bool = True) -> pd.DataFrame:
        """One table as a DataFrame; columns with `labels` become pandas Categoricals when decode."""
        data = {}
        for column, dataset in self._columns(name):
            values = self._read(dataset)
            labels = dataset.attrs.get("labels")
            if decode and labels is not None:
                values = pd.Categorical.from_codes(values, categories=list(labels))
            data[column] = values
        return pd.DataFrame(data)

    def trajectories(self) -> tuple[pd.DataFrame, dict[str, np.ndarray]] | None:
        """(ids, arrays): the row ids (point, replication, patient) and, per state variable, a 2-D
        array [row, week] (week w is day 7 w). None when the file has no /trajectories."""
        if not self.has_table("trajectories"):
            return None
        group = self._file["trajectories"]
        ids = pd.DataFrame({k: self._read(group[k]) for k in ("point", "replication", "patient")})
        arrays = {k: self._read(d) for k, d in self._columns("trajectories") if d.ndim == 2}
        return ids, arrays

    def trajectories_long(self) -> pd.DataFrame | None:
        """/trajectories in long form: one row per (point, replication, patient, week) with the
        week's day (7 w) and one column per state variable. None without /trajectories."""
        traj = self.trajectories()
        if traj is None:
            return None
        ids, arrays = traj
        weeks = next(iter(arrays.values())).shape[1]
        out = ids.loc[ids.index.repeat(weeks)].reset_index(drop=True)
        out["week"] = np.tile(np.arange(weeks), len(ids))
        first = next(d for d in self._file["trajectories"].values() if d.ndim == 2)
        days = first.attrs["column_axis"] if "column_axis" in first.attrs else 7 * np.arange(weeks)  # version 1: day 7 w
        out["day"] = np.tile(np.asarray(days), len(ids))
        for name, values in arrays.items():
            out[name] = values.reshape(-1)
        return out

    def scenario(self) -> dict:
        """The full scenario stored in the file (after overrides), parsed from TOML; for a file
        written by `rehabsim compare`, the first scenario's (see scenarios())."""
        return next(iter(self.scenarios().values()))

    def scenarios(self) -> dict[str, dict]:
        """Every scenario in the file by name: one for `rehabsim run` ("scenario"), one per file for
        `rehabsim compare` (root attributes compared_scenario_tomls and compared_scenario_names;
        files written before them joined the scenarios in scenario_toml after "# ---- FILE" lines)."""
        attrs = self._file.attrs
        if "compared_scenario_tomls" in attrs:
            names = [str(n) for n in attrs["compared_scenario_names"]]
            return {name: tomllib.loads(str(text)) for name, text in zip(names, attrs["compared_scenario_tomls"])}
        text = str(attrs["scenario_toml"])
        parts = re.split(r"^# ---- (.+)$", text, flags=re.MULTILINE)
        if len(parts) == 1:
            return {"scenario": tomllib.loads(text)}
        return {pathlib.Path(name.strip()).stem: tomllib.loads(body) for name, body in zip(parts[1::2], parts[2::2])}

    def scenario_name(self) -> str:
        """A short name: the scenario file named on the command line (or "default scenario"), and
        what a sweep varies ("a_four_therapists, sweep of clinic.therapists[0].count")."""
        words = str(self._file.attrs.get("command_line", "")).split()
        if len(words) > 1 and words[1] == "compare":
            return "compare of " + ", ".join(self.scenarios())
        name = "default scenario"
        for w in words[2:]:
            if w.endswith(".toml") or w.endswith(".toml'"):
                name = pathlib.Path(w.strip("'")).stem
                break
        swept = [c for c in self._file["points"] if c != "point"] if "points" in self._file else []
        if swept:
            return name + ", sweep of " + ", ".join(swept)
        if name == "default scenario":
            return f"default scenario ({self.scenario().get('protocol', {}).get('name', '?')} protocol)"
        return name

    def units(self, name: str) -> dict[str, str]:
        """The `units` attribute of every column: a term of the units vocabulary (version 2), prose
        such as "fraction 0-1" in version-1 files."""
        return {column: str(dataset.attrs["units"]) for column, dataset in self._columns(name)}

    def ranges(self, name: str) -> dict[str, tuple[float, float]]:
        """(valid_min, valid_max) of every column, NaN where unbounded or not recorded."""
        nan = float("nan")
        return {column: (float(d.attrs.get("valid_min", nan)), float(d.attrs.get("valid_max", nan))) for column, d in self._columns(name)}

    def display_units(self, name: str) -> dict[str, str]:
        """Units as people read them: "fraction 0-1" for "1" in [0, 1], "ODI points 0-100", "NRS 0-10";
        other terms (and version-1 prose) unchanged."""
        ranges = self.ranges(name)
        return {column: display_units(unit, *ranges[column]) for column, unit in self.units(name).items()}

    def descriptions(self, name: str) -> dict[str, str]:
        return {column: dataset.attrs["description"] for column, dataset in self._columns(name)}


def display_units(units: str, valid_min: float, valid_max: float) -> str:
    """The printed form of a unit (as `rehabsim` prints it)."""
    if units == "1" and (valid_min, valid_max) == (0.0, 1.0):
        return "fraction 0-1"
    if units == "ODI points" and (valid_min, valid_max) == (0.0, 100.0):
        return "ODI points 0-100"
    if units == "NRS points" and (valid_min, valid_max) == (0.0, 10.0):
        return "NRS 0-10"
    return units


def open_results(path) -> Results:
    return Results(path)


# What reading a damaged or hand-edited result file raises (as opposed to a bug in a script).
# RuntimeError: h5py's for links that loop or point nowhere; MemoryError: what a huge declared
# size that slipped through would give.
DAMAGED_FILE_ERRORS = (KeyError, ValueError, IndexError, TypeError, OSError, RuntimeError, MemoryError)


def damaged(program: str, path, error: Exception) -> int:
    """Prints why a result file could not be used, without a traceback; the exit code 2."""
    print(f"{program}: {path}: not a complete rehabsim result file ({type(error).__name__}: {error})", file=sys.stderr)
    return 2


def open_for_command(path, program: str) -> Results | None:
    """For command-line scripts: the results, or None after printing why the file cannot be read."""
    try:
        return open_results(path)
    except (OSError, ResultFormatError, RuntimeError) as e:
        print(f"{program}: {e}", file=sys.stderr)
        return None
