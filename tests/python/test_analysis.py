"""analysis/: the reader library, the plots and the HTML report."""
import json
import os
import re
import subprocess
import sys
import tempfile

import h5py
import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from conftest import ROOT, run_rehabsim  # noqa: E402

sys.path.insert(0, str(ROOT / "analysis"))
import plot  # noqa: E402
import report  # noqa: E402
from rehabsim_results import ResultFormatError, open_results  # noqa: E402


@pytest.fixture(scope="module")
def traj_result(tmp_path_factory):
    out = tmp_path_factory.mktemp("traj") / "traj.h5"
    run_rehabsim("run", "-o", out, "-r", "3", "--set", "run.patients=150", "--trajectories", "--quiet")
    return out


def test_reader_returns_every_table_with_units_and_decoded_labels(traj_result):
    with open_results(traj_result) as r:
        assert r.attributes["format_version"] == 2
        for name in ("points", "patients", "replications", "summary"):
            frame, units = r.table(name), r.units(name)
            assert set(frame.columns) == set(units) and all(isinstance(u, str) and u for u in units.values()), name
        patients = r.table("patients")
        assert len(patients) == 450
        assert list(patients["surgery"].cat.categories) == ["discectomy", "fusion", "decompression"]
        assert r.units("patients")["odi_12m"] == "ODI points"
        assert r.display_units("patients")["odi_12m"] == "ODI points 0-100"
        assert r.display_units("replications")["responder_fraction_12m"] == "fraction 0-1"
        assert r.table("patients", decode=False)["surgery"].dtype.kind == "i"
        ids, arrays = r.trajectories()
        assert len(ids) == 450 and set(arrays) == {"muscle", "scar", "healing", "fusion", "balance", "pain", "odi", "motivation", "conditioning", "mobility", "relief", "sensitisation", "fear", "overload", "habit"}
        assert arrays["odi"].shape == (450, 53)
        assert r.scenario()["run"]["patients"] == 150
        assert r.scenario_name() == "default scenario (standard protocol)"


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


def labelled(fig):
    """Every axes has a title, both axis labels with units (parentheses) and a legend; the footer names the seed."""
    for ax in fig.axes:
        if ax.get_label() == "<colorbar>":
            continue
        assert ax.get_title() and (ax.get_legend() is not None or fig.legends)
        assert re.search(r"\(.+\)", ax.get_xlabel()) or ax.get_xlabel() in ("cohort", "policy"), ax.get_xlabel()
        assert re.search(r"\(.+\)", ax.get_ylabel()) or ax.get_ylabel() in ("parameter", ""), ax.get_ylabel()
    assert any("seed" in t.get_text() and "scenario" in t.get_text() for t in fig.texts)


def test_recovery_curves_have_one_series_per_cohort_plus_individuals(small_result, traj_result):
    with open_results(small_result) as r:
        fig = plot.recovery_curves(r)
    labelled(fig)
    assert len(fig.axes[0].get_lines()) == 3  # one mean line per cohort, no trajectories in this file
    plt.close(fig)
    with open_results(traj_result) as r:
        fig = plot.recovery_curves(r)
    assert len(fig.axes[0].get_lines()) == 3 + 3 + plot.INDIVIDUAL_SAMPLE  # follow-up means, weekly means, individuals
    assert len(fig.axes[0].collections) == 3  # the 95% bands
    plt.close(fig)


def test_responders_and_fusion_plots(small_result):
    with open_results(small_result) as r:
        fig = plot.responders(r)
        labelled(fig)
        assert len(fig.axes[0].patches) == 3 and len(fig.axes[1].collections) >= 3
        plt.close(fig)
        fig = plot.fusion_incidence(r)
        labelled(fig)
        assert [len(ax.get_lines()) for ax in fig.axes] == [3, 3]  # two groups and the 12-month marker per panel
        plt.close(fig)


def synthetic_sweep(path):
    """A file in the documented layout with two swept keys and a /sensitivity table."""
    strings = h5py.string_dtype()
    with h5py.File(path, "w") as f:
        f.attrs.update({"format": "rehabsim-results", "format_version": 1, "seed": 1, "software_version": "test",
                        "command_line": "rehabsim run sweep.toml", "complete": 1, "scenario_toml": "[run]\nseed = 1\n"})
        def column(group, name, values, units, labels=None):
            d = f.require_group(group).create_dataset(name, data=values)
            d.attrs["units"], d.attrs["description"] = units, name
            if labels is not None:
                d.attrs.create("labels", labels, dtype=strings)
        grid = [(a, b) for a in (14, 28, 56) for b in (1, 2, 3)]
        column("points", "point", np.arange(9, dtype=np.int32), "1")
        column("points", "protocol.start_day_discectomy", np.array([g[0] for g in grid]), "days")
        column("points", "protocol.phases[0].sessions_per_week", np.array([g[1] for g in grid]), "sessions/week")
        column("replications", "odi_12m", np.zeros(9), "ODI points 0-100")
        column("summary", "point", np.arange(9, dtype=np.int32), "1")
        column("summary", "metric", np.zeros(9, dtype=np.int32), "1", labels=["odi_12m"])
        for name in ("mean", "sd", "ci95_low", "ci95_high"):
            column("summary", name, np.array([20 + g[0] / 14 - g[1] for g in grid], dtype=float), "units of the metric")
        column("summary", "n", np.full(9, 20), "1")
        column("sensitivity", "parameter", np.arange(3, dtype=np.int32), "1", labels=["muscle.atrophy_rate_per_day", "scar.mobilisation_effect", "adherence.home_adherence_mean"])
        column("sensitivity", "metric", np.zeros(3, dtype=np.int32), "1", labels=["odi_12m"])
        column("sensitivity", "prcc", np.array([0.8, 0.02, -0.4]), "1")
        column("sensitivity", "ci95_low", np.array([0.75, -0.05, -0.5]), "1")
        column("sensitivity", "ci95_high", np.array([0.85, 0.09, -0.3]), "1")
        column("sensitivity", "p_value", np.array([0.0, 0.6, 0.001]), "1")


def test_sweep_heatmap_and_tornado_from_the_documented_layout(tmp_path):
    path = tmp_path / "sweep.h5"
    synthetic_sweep(path)
    with open_results(path) as r:
        fig = plot.sweep_heatmap(r)
        labelled(fig)
        image = fig.axes[0].get_images()[0].get_array()
        assert image.shape == (3, 3) and image[0, 0] == pytest.approx(20 + 1 - 1)
        plt.close(fig)
        fig = plot.sensitivity(r)
        labelled(fig)
        assert len(fig.axes[0].patches) == 3
        plt.close(fig)


def test_compare_forest_plot(tmp_path):
    out = tmp_path / "compare.h5"
    protocols = ROOT / "scenarios" / "protocols"
    run_rehabsim("compare", protocols / "standard.toml", protocols / "no_formal_pt.toml", protocols / "early_intensive.toml", "-o", out,
                 "-r", "4", "--set", "run.patients=60", "--quiet")
    with open_results(out) as r:
        fig = plot.compare(r)
    labelled(fig)
    assert len(fig.axes) == len(plot.FOREST_METRICS)
    for ax in fig.axes:
        assert len(ax.get_yticks()) == 2  # two scenarios against the first
        assert ax.containers  # one error-bar series per panel
    plt.close(fig)


def test_acceptability_curves_one_per_point_only_with_psa(tmp_path):
    out = tmp_path / "psa.h5"
    run_rehabsim("run", ROOT / "scenarios" / "sweeps" / "psa_standard.toml", "-o", out, "-r", "4", "--set", "run.patients=60",
                 "--output", "replications", "--quiet")
    with open_results(out) as r:
        fig = plot.acceptability(r)
        names = list(plot.point_names(r).values())
    labelled(fig)
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == names and len(names) == 3
    total = sum(np.asarray(line.get_ydata()) for line in lines)
    assert np.allclose(total, 100)  # at each willingness to pay exactly one point is most cost-effective
    plt.close(fig)
    # Without [uncertainty] the curve would show Monte Carlo noise only: skipped, saying so.
    plain = tmp_path / "plain.h5"
    protocols = ROOT / "scenarios" / "protocols"
    run_rehabsim("compare", protocols / "standard.toml", protocols / "no_formal_pt.toml", "-o", plain, "-r", "3",
                 "--set", "run.patients=60", "--quiet")
    with open_results(plain) as r:
        with pytest.raises(plot.Skip, match="Monte Carlo noise"):
            plot.acceptability(r)
        fig = plot.ce_plane(r)
    labelled(fig)
    plt.close(fig)


def test_sweep_curves_against_the_swept_value(tmp_path):
    out = tmp_path / "staff.h5"
    run_rehabsim("run", ROOT / "scenarios" / "staffing" / "a_four_therapists.toml", "--sweep", "clinic.therapists[0].count=3,5,7",
                 "-o", out, "-r", "3", "--output", "replications", "--quiet")
    with open_results(out) as r:
        fig = plot.sweep_curves(r)
        summary = r.table("summary")
    labelled(fig)
    assert [ax.get_title() for ax in fig.axes] == [plot.metric_title(m).split(" (")[0] for m in plot.CLINIC_CURVES]
    wait = fig.axes[0].containers[0].lines[0]
    assert list(wait.get_xdata()) == [3, 5, 7]
    expected = summary[summary["metric"] == "wait_mean_days"].sort_values("point")["mean"].to_numpy()
    assert np.allclose(np.asarray(wait.get_ydata(), dtype=float), expected)
    plt.close(fig)
    cli = subprocess.run(["/usr/bin/python3", str(ROOT / "analysis" / "plot.py"), str(out), "-o", str(tmp_path / "p"), "--figures",
                          "sweep_curves", "--metrics", "odi_3m,qaly", "--formats", "png", "--dpi", "50"], capture_output=True, text=True)
    assert cli.returncode == 0, cli.stderr
    assert sorted(p.name for p in (tmp_path / "p").iterdir()) == ["sweep_curves.png"]
    bad = subprocess.run(["/usr/bin/python3", str(ROOT / "analysis" / "plot.py"), str(out), "--metrics", "odi_99"], capture_output=True, text=True)
    assert bad.returncode == 2 and "odi_99" in bad.stderr


@pytest.fixture(scope="module")
def staffing_result(tmp_path_factory):
    out = tmp_path_factory.mktemp("staffing") / "staffing.h5"
    files = sorted((ROOT / "scenarios" / "staffing").glob("*.toml"))[:3]
    run_rehabsim("compare", *files, "-o", out, "-r", "3", "--set", "run.patients=300", "--output", "patients", "--quiet")
    return out


def test_clinic_plot_one_series_per_policy(staffing_result, tmp_path):
    with open_results(staffing_result) as r:
        fig = plot.clinic(r)
        names = list(plot.point_names(r).values())
    labelled(fig)
    waiting, waits, utilisation, trade = fig.axes
    assert [line.get_label() for line in waiting.get_lines()] == names  # a mean line per policy (and its band)
    assert len(waiting.collections) >= 3
    assert [line.get_label() for line in waits.get_lines()][:3] == names  # one wait distribution per policy, then 14 days
    assert len(utilisation.patches) == 3
    assert len(trade.containers) == 3  # cost vs responders per 1,000, one error-bar point per policy
    assert "compare of a_four_therapists" in " ".join(t.get_text() for t in fig.texts)
    plt.close(fig)
    page = tmp_path / "clinic.html"
    subprocess.run(["/usr/bin/python3", str(ROOT / "analysis" / "report.py"), str(staffing_result), "-o", str(page)], check=True,
                   capture_output=True)
    text = page.read_text()
    assert 'id="clinic"' in text and "b_five_therapists" in text and "utilisation" in text
    assert 'alt="clinic"' in text


def test_plots_without_data_are_skipped_with_a_message(small_result, tmp_path):
    messages = []
    with open_results(small_result) as r:
        written = plot.make_all(r, tmp_path, log=messages.append)
    assert set(written) == {"recovery_curves", "responders", "fusion_incidence"}
    skipped = [m for m in messages if m.startswith("skipped")]
    assert {m.split(":")[0] for m in skipped} == {"skipped sweep_heatmap", "skipped sensitivity", "skipped acceptability",
                                                  "skipped clinic", "skipped compare", "skipped mechanisms", "skipped sweep_curves",
                                                  "skipped ce_plane"}
    assert not (tmp_path / "clinic.png").exists()
    for name in written:
        assert (tmp_path / f"{name}.png").stat().st_size > 10000 and (tmp_path / f"{name}.svg").stat().st_size > 10000


def test_plot_command_line(small_result, tmp_path):
    result = subprocess.run(["/usr/bin/python3", str(ROOT / "analysis" / "plot.py"), str(small_result), "-o", str(tmp_path)],
                            capture_output=True, text=True, check=True)
    assert "wrote" in result.stdout and "skipped clinic" in result.stdout
    bad = tmp_path / "bad.h5"
    with h5py.File(bad, "w") as f:
        f.attrs["format"] = "x"
    result = subprocess.run(["/usr/bin/python3", str(ROOT / "analysis" / "plot.py"), str(bad), "-o", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "not a rehabsim result file" in result.stderr


@pytest.fixture(scope="module")
def report_page(traj_result, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    subprocess.run(["/usr/bin/python3", str(ROOT / "analysis" / "report.py"), str(traj_result), "-o", str(out)], check=True,
                   capture_output=True)
    return out


def test_report_holds_every_section_and_is_self_contained(report_page):
    page = report_page.read_text()
    for section in report.SECTIONS:
        assert f'id="{section}"' in page, section
    assert page.count("data:image/png;base64,") == 4  # recovery, responders, fusion, mechanisms (trajectories)
    assert not re.search(r'(src|href)="(http|//)', page)  # no external resources
    assert "20261122" in page and "default scenario (standard protocol)" in page


def test_report_renders_in_headless_chromium(report_page, tmp_path):
    chromium = "/usr/bin/chromium"
    assert os.path.exists(chromium), "chromium is installed by cmake/install-deps.sh"
    flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tempfile.mkdtemp()}", "--enable-logging=stderr", "--v=0"]
    url = report_page.as_uri()
    dom = subprocess.run(flags + ["--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0
    for section in report.SECTIONS:
        assert f'id="{section}"' in dom.stdout  # the page loaded and parsed
    assert "CONSOLE" not in dom.stderr and "Uncaught" not in dom.stderr, dom.stderr
    png = tmp_path / "report.png"
    shot = subprocess.run(flags + [f"--screenshot={png}", "--window-size=1200,2400", url], capture_output=True, text=True, timeout=120)
    assert shot.returncode == 0 and png.stat().st_size > 50000


def chromium_dom(page, fragment=""):
    flags = ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tempfile.mkdtemp()}", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000"]
    return subprocess.run(flags + ["--dump-dom", page.as_uri() + fragment], capture_output=True, text=True, timeout=120)


def test_report_of_a_sweep_names_policies_and_its_interactive_view_works(tmp_path):
    out = tmp_path / "staff.h5"
    run_rehabsim("run", ROOT / "scenarios" / "staffing" / "a_four_therapists.toml", "--sweep", "clinic.therapists[0].count=3,4,5",
                 "-o", out, "-r", "3", "--output", "replications", "--quiet")
    page = tmp_path / "staff.html"
    subprocess.run(["/usr/bin/python3", str(ROOT / "analysis" / "report.py"), str(out), "-o", str(page)], check=True, capture_output=True)
    text = page.read_text()
    assert "<title>rehabsim report: a_four_therapists, sweep of clinic.therapists[0].count</title>" in text
    assert "therapists[0].count = 3" in text and "skipped" not in text  # names, and no developer messages
    assert "the queue is unstable" in text  # three therapists: the waiting list grows all run
    assert "dominated by" in text or "per QALY" in text  # the cost-effectiveness table
    with h5py.File(out, "r") as f:
        labels = [str(m) for m in f["summary/metric"].attrs["labels"]]
        k = labels.index("wait_mean_days")
        means = f["summary/mean"][()].reshape(3, len(labels))[:, k]
    for point in (0, 2):  # the view, opened at a point, shows that point's KPIs
        dom = chromium_dom(page, f"#point={point}")
        assert dom.returncode == 0 and "Uncaught" not in dom.stderr, dom.stderr
        shown = re.search(r'data-metric="wait_mean_days" data-mean="([^"]+)"', dom.stdout)
        assert shown and float(shown.group(1)) == pytest.approx(means[point], rel=1e-12)
        assert f'<h3 id="explore-name">therapists[0].count = {point + 3}</h3>' in dom.stdout


DAMAGES = ["a column gone", "a short column", "a table gone", "no format version", "a format version in words",
           "a format version as an array", "a link that loops", "a link to another file that is not there",
           "a column that declares 8 TiB"]


@pytest.mark.parametrize("damage", DAMAGES)
def test_scripts_on_a_damaged_file_never_print_a_traceback(small_result, tmp_path, damage):
    # once printed tracebacks on malformed rehabsim files (a missing or textual format_version, looping
    # or dangling links, huge declared columns): now a plot is skipped with its reason, or the script
    # stops with exit 2 naming the file; the same for every script that reads a result file
    import shutil
    damaged = tmp_path / "damaged.h5"
    shutil.copy(small_result, damaged)
    with h5py.File(damaged, "r+") as f:
        if damage == "a column gone":
            del f["replications/odi_12m"]
        elif damage == "a short column":
            del f["replications/odi_3m"]
            f["replications/odi_3m"] = np.zeros(1)
        elif damage == "a table gone":
            del f["points"]
        elif damage == "no format version":
            del f.attrs["format_version"]
        elif damage == "a format version in words":
            f.attrs["format_version"] = "two"
        elif damage == "a format version as an array":
            f.attrs["format_version"] = np.array([2, 2])
        elif damage == "a link that loops":
            f["replications/loop"] = h5py.SoftLink("/replications/loop")
        elif damage == "a link to another file that is not there":
            f["replications/elsewhere"] = h5py.ExternalLink("no_such_file.h5", "/x")
        else:
            del f["replications/odi_6w"]
            f.create_dataset("replications/odi_6w", shape=(2**40,), dtype="f8", chunks=(4096,))
    assert damaged.stat().st_size < 50_000_000  # the declared size is not on disk
    for script, out in (("plot.py", tmp_path / "plots"), ("report.py", tmp_path / "r.html"), ("export.py", tmp_path / "x.xlsx")):
        result = subprocess.run(["/usr/bin/python3", str(ROOT / "analysis" / script), str(damaged), "-o", str(out)],
                                capture_output=True, text=True, cwd=ROOT)
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode in (0, 2), result.stderr
        if result.returncode == 2:
            assert "not a complete rehabsim result file" in result.stderr or "is not supported" in result.stderr, result.stderr
            assert str(damaged) in result.stderr


def test_export_to_spreadsheet_and_csv(traj_result, tmp_path):
    script = str(ROOT / "analysis" / "export.py")
    book = tmp_path / "r.xlsx"
    done = subprocess.run(["/usr/bin/python3", script, str(traj_result), "-o", str(book), "--tables", "summary,replications,trajectories"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    sheets = pd.read_excel(book, sheet_name=None)
    assert list(sheets) == ["summary_wide", "summary", "replications", "trajectories", "columns", "about"]
    with open_results(traj_result) as r:
        summary = r.table("summary")
        ids, arrays = r.trajectories()
    odi = summary[summary["metric"] == "odi_12m"]["mean"].iloc[0]
    assert sheets["summary_wide"]["odi_12m"].iloc[0] == pytest.approx(odi, rel=1e-12)
    assert set(sheets["summary"]["metric"]) == set(summary["metric"].astype(str))  # labels, not codes
    long = sheets["trajectories"]
    assert len(long) == len(ids) * arrays["odi"].shape[1]
    row = long[(long["patient"] == ids["patient"].iloc[1]) & (long["replication"] == ids["replication"].iloc[1]) & (long["week"] == 10)]
    assert row["odi"].iloc[0] == pytest.approx(arrays["odi"][1, 10], rel=1e-12) and row["day"].iloc[0] == 70
    units = sheets["columns"].set_index(["table", "column"])["units"]
    assert units[("replications", "wait_mean_days")] == "days"
    # The columns sheet round trip: every column's units and bounds as the file states them (the
    # bounds were once written swapped).
    described = sheets["columns"].set_index(["table", "column"])
    bounded = 0
    with h5py.File(traj_result, "r") as f:
        for table in ("summary", "replications"):
            for name, d in f[table].items():
                row = described.loc[(table, name)]
                assert row["units"] == d.attrs["units"], (table, name)
                for bound in ("valid_min", "valid_max"):
                    want, got = float(d.attrs.get(bound, np.nan)), float(row[bound])
                    assert got == want or (np.isnan(want) and np.isnan(got)), (table, name, bound, got, want)
                bounded += "valid_min" in d.attrs and d.attrs["valid_min"] != d.attrs.get("valid_max")
    assert bounded >= 5
    again = subprocess.run(["/usr/bin/python3", script, str(traj_result), "-o", str(book)], capture_output=True, text=True)
    assert again.returncode == 2 and "--force" in again.stderr
    folder = tmp_path / "csv"
    subprocess.run(["/usr/bin/python3", script, str(traj_result), "--format", "csv", "-o", str(folder)], check=True, capture_output=True)
    assert pd.read_csv(folder / "summary_wide.csv")["odi_12m"].iloc[0] == pytest.approx(odi, rel=1e-12)
    assert (folder / "patients.csv").exists() and not (folder / "trajectories.csv").exists()
    bad = subprocess.run(["/usr/bin/python3", script, str(traj_result), "--tables", "nope"], capture_output=True, text=True)
    assert bad.returncode == 2 and "no table nope" in bad.stderr


def compare_under_names(tmp_path, first_name, second_name):
    """A small compare of standard against no formal PT, the two scenario files named as given (names
    from a result file reach reports and spreadsheets)."""
    first, second = tmp_path / first_name, tmp_path / second_name
    first.write_text((ROOT / "scenarios/protocols/standard.toml").read_text())
    second.write_text((ROOT / "scenarios/protocols/no_formal_pt.toml").read_text())
    out = tmp_path / "c.h5"
    run_rehabsim("compare", first, second, "-o", out, "-r", "2", "--set", "run.patients=50", "--output", "replications", "--quiet")
    return out


def test_names_from_the_file_never_run_as_script_in_the_report(tmp_path):
    # A compared scenario's file name reaches the interactive view's chart ticks; it once went into
    # svg.innerHTML unescaped and ran as script (confirmed in headless Chromium, issue 24).
    out = compare_under_names(tmp_path, "<img src=x onerror=document.body.setAttribute('data-pwned',1)>.toml", "b.toml")
    page = tmp_path / "c.html"
    subprocess.run(["/usr/bin/python3", str(ROOT / "analysis" / "report.py"), str(out), "-o", str(page)], check=True, capture_output=True)
    dom = chromium_dom(page)
    assert dom.returncode == 0 and 'id="explore-trend"' in dom.stdout
    assert "data-pwned" not in dom.stdout.split("<body", 1)[1].split(">", 1)[0]  # the payload never ran
    assert "&lt;img src=x onerror=" in dom.stdout  # it is shown as text


def test_exported_text_never_becomes_a_spreadsheet_formula(tmp_path):
    # Names from a result file were written as live formulas (xlsx) and unescaped (csv), issue 24.
    out = compare_under_names(tmp_path, "=1+2.toml", "@SUM(3).toml")
    export = ["/usr/bin/python3", str(ROOT / "analysis" / "export.py"), str(out)]
    subprocess.run([*export, "-o", str(tmp_path / "c.xlsx")], check=True, capture_output=True)
    subprocess.run([*export, "--format", "csv", "-o", str(tmp_path / "csv")], check=True, capture_output=True)
    import openpyxl
    book = openpyxl.load_workbook(tmp_path / "c.xlsx")
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert "'=1+2" in texts and "'@SUM(3)" in texts  # shown as text, quoted
    import csv
    for path in (tmp_path / "csv").glob("*.csv"):
        for row in csv.reader(path.open()):
            for field in row:
                try:
                    float(field)
                except ValueError:
                    assert not field.startswith(("=", "+", "-", "@", "\t", "\r")), f"{path.name}: {field!r}"


@pytest.mark.parametrize("version", [1, 2])
def test_trajectories_long_gives_days_in_every_format_version(tmp_path, version):
    """Week w is day 7 w: version 2 stores the days as each column's column_axis, version 1 did not
    store them (a reader once gave version 1's week numbers as days)."""
    path = tmp_path / f"v{version}.h5"
    weeks, patients = 5, 3
    with h5py.File(path, "w") as f:
        f.attrs.update({"format": "rehabsim-results", "format_version": version, "complete": 1, "scenario_toml": ""})
        g = f.create_group("trajectories")
        for name in ("point", "replication", "patient"):
            g.create_dataset(name, data=np.arange(patients, dtype=np.int32) if name == "patient" else np.zeros(patients, dtype=np.int32))
        muscle = g.create_dataset("muscle", data=np.arange(patients * weeks, dtype=float).reshape(patients, weeks))
        if version >= 2:
            muscle.attrs["column_axis"] = 7.0 * np.arange(weeks)
    with open_results(path) as r:
        long = r.trajectories_long()
    assert len(long) == patients * weeks
    assert list(long["week"][:weeks]) == list(range(weeks))
    assert list(long["day"][:weeks]) == [0, 7, 14, 21, 28]
    assert (long["day"] == 7 * long["week"]).all()
    assert list(long["muscle"][weeks:2 * weeks]) == [5.0, 6.0, 7.0, 8.0, 9.0]  # patient 1's row, week by week


def test_trajectories_long_of_a_real_run_matches_its_stored_axis(tmp_path):
    out = tmp_path / "t.h5"
    run_rehabsim("run", "-o", out, "-r", "1", "--set", "run.patients=4", "--trajectories", "--quiet")
    with open_results(out) as r:
        long = r.trajectories_long()
        assert r.attributes["format_version"] == 2
    assert (long["day"] == 7 * long["week"]).all() and long["week"].max() == 52


def test_names_from_the_file_never_close_the_reports_data_block(tmp_path):
    # The report embeds its data as JSON in a <script> element: a name holding "</script>" (another
    # tool may write any attribute) must not end that element early and start a script of its own.
    out = compare_under_names(tmp_path, "a.toml", "b.toml")
    hostile = "</script><script>document.body.setAttribute('data-pwned',1)</script><!--"
    with h5py.File(out, "r+") as f:  # the compared scenarios' names, as the report reads them
        labels = f["points/scenario"].attrs
        labels.create("labels", [hostile, *[str(n) for n in labels["labels"][1:]]], dtype=h5py.string_dtype())
    page = tmp_path / "c.html"
    subprocess.run(["/usr/bin/python3", str(ROOT / "analysis" / "report.py"), str(out), "-o", str(page)], check=True, capture_output=True)
    html = page.read_text()
    block = html.split('id="explore-data">', 1)[1].split("</script>", 1)[0]
    assert hostile in json.dumps(json.loads(block), ensure_ascii=False)  # the whole name is data, inside the block
    assert html.count("<script") == 2  # the data block and the view's own script, nothing more
