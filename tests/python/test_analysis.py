"""The reader library and plot script in analysis/."""
import subprocess
import sys

import h5py
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "analysis"))
from rehabsim_results import ResultFormatError, open_results  # noqa: E402


def test_reader_returns_tables_with_units_and_decoded_labels(small_result):
    with open_results(small_result) as r:
        assert r.attributes["format_version"] == 1
        patients = r.table("patients")
        assert len(patients) == 600
        assert list(patients["surgery"].cat.categories) == ["discectomy", "fusion", "decompression"]
        assert r.units("patients")["odi_12m"] == "ODI points 0-100"
        assert r.table("patients", decode=False)["surgery"].dtype.kind == "i"
        assert set(r.tables()) >= {"points", "patients", "replications", "summary"}


def test_reader_refuses_other_files(tmp_path):
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as f:
        f.attrs["format"] = "something-else"
    with pytest.raises(ResultFormatError, match="not a rehabsim result file"):
        open_results(other)
    newer = tmp_path / "newer.h5"
    with h5py.File(newer, "w") as f:
        f.attrs["format"] = "rehabsim-results"
        f.attrs["format_version"] = 99
    with pytest.raises(ResultFormatError, match="version 99 is not supported"):
        open_results(newer)


def test_plot_writes_png_and_svg(small_result, tmp_path):
    result = subprocess.run(["/usr/bin/python3", str(ROOT / "analysis" / "plot.py"), str(small_result), "-o", str(tmp_path)],
                            capture_output=True, text=True, check=True)
    for name in ("recovery_curves", "responders"):
        for ext in ("png", "svg"):
            assert (tmp_path / f"{name}.{ext}").stat().st_size > 1000
    assert "wrote" in result.stdout


def test_plot_recovery_curves_has_one_series_per_cohort(small_result, tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import plot
    captured = {}
    original = plot.save
    plot.save = lambda fig, stem: captured.setdefault(stem.name, [ax.get_lines() for ax in fig.axes]) and original(fig, stem)
    try:
        with open_results(small_result) as r:
            plot.recovery_curves(r, tmp_path)
    finally:
        plot.save = original
        plt.close("all")
    assert len(captured["recovery_curves"][0]) == 3


def test_plot_rejects_a_non_result_file(tmp_path):
    bad = tmp_path / "bad.h5"
    with h5py.File(bad, "w") as f:
        f.attrs["format"] = "x"
    result = subprocess.run(["/usr/bin/python3", str(ROOT / "analysis" / "plot.py"), str(bad), "-o", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "not a rehabsim result file" in result.stderr
