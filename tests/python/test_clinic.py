"""The clinic end to end: staffing policies compared on the same patients, /clinic_weekly, Little's
law on the written numbers, and bit-identical results for any thread count."""
import h5py
import numpy as np
import pytest

from conftest import ROOT, run_rehabsim

STAFFING = sorted((ROOT / "scenarios" / "staffing").glob("*.toml"))
SMALL = ["--set", "run.replications=4", "--quiet"]


@pytest.fixture(scope="module")
def staffing(tmp_path_factory):
    out = tmp_path_factory.mktemp("staffing") / "staffing.h5"
    result = run_rehabsim("compare", *STAFFING, "-o", out, "--set", "run.replications=6")
    return out, result.stdout


def test_at_least_four_staffing_policies_validate():
    assert len(STAFFING) >= 4
    assert run_rehabsim("validate", *STAFFING).stdout.count(": ok") == len(STAFFING)


def test_compare_staffing_reports_kpis_with_paired_differences(staffing):
    out, stdout = staffing
    for kpi in ("wait_mean_days (days)", "utilisation (fraction 0-1)", "staff_cost_usd (USD)", "cost_per_responder_usd (USD)"):
        assert kpi in stdout
    with h5py.File(out, "r") as f:
        names = list(f["points/scenario"].attrs["labels"])
        assert names[0] == "a_four_therapists"
        c = f["compare"]
        metrics = list(c["metric"].attrs["labels"])
        rows = {(int(s), metrics[int(m)]): i for i, (s, m) in enumerate(zip(c["scenario"][:], c["metric"][:]))}
        five = names.index("b_five_therapists")
        # A fifth therapist: a shorter wait and a higher staff cost, both clearly (CI excludes 0).
        wait = rows[(five, "wait_mean_days")]
        assert c["difference_ci95_high"][wait] < 0
        cost = rows[(five, "staff_cost_usd")]
        assert c["difference_ci95_low"][cost] > 0
        # The same patients: demand is identical under every policy.
        assert c["difference"][rows[(five, "referrals_per_week")]] == 0
        # Pay is for scheduled hours, booked or idle: five therapists cost exactly 5/4 of four in pay
        # (the same KPI weeks, the same rate); the rest is $5 per attended visit (a_four_therapists.toml).
        w, r = f["clinic_weekly"], f["replications"]
        for rep in range(6):
            pay = []
            for p in (0, five):
                weeks = (w["point"][:] == p) & (w["replication"][:] == rep) & (w["kpi_week"][:] == 1)
                visits = w["evaluations"][weeks].sum() + w["sessions_delivered"][weeks].sum()
                cost = r["staff_cost_usd"][(r["point"][:] == p) & (r["replication"][:] == rep)][0]
                pay.append(cost - 5.0 * visits)
            assert np.isclose(pay[1] / pay[0], 5 / 4, rtol=1e-9)


def test_clinic_weekly_layout_and_littles_law(tmp_path):
    out = tmp_path / "b.h5"
    run_rehabsim("run", STAFFING[1], "-o", out, *SMALL)
    doc = (ROOT / "docs" / "output-format.md").read_text()
    with h5py.File(out, "r") as f:
        w, p, r = f["clinic_weekly"], f["patients"], f["replications"]
        for column in w:
            assert f"`{column}`" in doc, f"/clinic_weekly/{column} is not documented"
            assert "units" in w[column].attrs
        for rep in range(4):
            rows = w["replication"][:] == rep
            # Exact over the whole run: area under the waiting-list length = sum of the waits.
            waits = p["wait_days"][p["replication"][:] == rep]
            assert not np.isnan(waits).any()
            assert np.isclose(w["waiting_list_mean"][rows].sum() * 7, waits.sum(), rtol=1e-9)
            # The replication's KPIs are the KPI weeks' numbers.
            kpi = rows & (w["kpi_week"][:] == 1)
            assert np.isclose(r["waiting_list_mean"][rep], w["waiting_list_mean"][kpi].mean(), rtol=1e-9)
            assert np.isclose(r["utilisation"][rep], w["delivered_hours"][kpi].sum() / w["on_duty_hours"][kpi].sum(), rtol=1e-9)
            assert np.isclose(r["staff_cost_usd"][rep], w["staff_cost_usd"][kpi].sum(), rtol=1e-9)
        # Warm-up patients are simulated but left out of /replications.
        kept = (p["replication"][:] == 0) & (p["in_warmup"][:] == 0)
        assert r["patients"][0] == kept.sum() < (p["replication"][:] == 0).sum()
        assert np.isclose(r["wait_mean_days"][0], p["wait_days"][kept].mean(), rtol=1e-12)


def test_clinic_results_are_identical_for_any_thread_count(tmp_path):
    outs = []
    for threads in ("1", "2"):
        out = tmp_path / f"j{threads}.h5"
        run_rehabsim("run", STAFFING[0], "-o", out, "-j", threads, *SMALL)
        outs.append(out)
    with h5py.File(outs[0], "r") as a, h5py.File(outs[1], "r") as b:
        for table in ("patients", "replications", "clinic_weekly"):
            for column in a[table]:
                assert np.array_equal(a[table][column][:], b[table][column][:], equal_nan=True), f"{table}/{column}"


@pytest.mark.parametrize("override, fragment", [
    # every patient in the warm-up: every KPI NaN, yet exit 0
    ("clinic.arrivals.warmup_weeks=300", "every patient would be in the warm-up"),
    # a specialist rule with no specialist: 29.5% never seen
    ("clinic.booking.spine_specialist_for_fusion=true", "fusion patients could never be evaluated"),
    # every slot kept for evaluations: nobody attends a session
    ("clinic.booking.reserved_new_per_day=12", "no follow-up session booked"),
    # the only therapists hired after the run ends, or away all along: nobody seen, no KPI
    ("clinic.therapists[0].start_week=500", "expected a therapist at work in some week of the run"),
])
def test_clinic_setups_that_answer_nothing_are_refused(tmp_path, override, fragment):
    result = run_rehabsim("run", STAFFING[0], "-o", tmp_path / "x.h5", "--quiet", "--set", override, check=False)
    assert result.returncode == 2 and fragment in result.stderr, result.stderr
    assert not (tmp_path / "x.h5").exists()


def test_a_clinic_whose_therapists_are_away_all_along_is_refused(tmp_path):
    scenario = tmp_path / "away.toml"
    scenario.write_text(STAFFING[0].read_text() + "\n[[clinic.absences]]\ntherapist = \"pt\"\nfrom_week = 0\nto_week = 520\n")
    result = run_rehabsim("run", scenario, "-o", tmp_path / "x.h5", "--quiet", check=False)
    assert result.returncode == 2 and "expected a therapist at work in some week of the run" in result.stderr, result.stderr
    assert not (tmp_path / "x.h5").exists()


def test_a_clinic_without_staff_in_the_kpi_weeks_says_so(tmp_path):
    # Hired in week 40 of a run whose KPIs cover the patients operated in the first weeks: accepted
    # (someone works during the run), but nobody is at work in the KPI weeks, and the console says so.
    result = run_rehabsim("run", STAFFING[0], "-o", tmp_path / "x.h5", "--set", "run.replications=2", "--set", "run.patients=600",
                          "--set", "clinic.therapists[0].end_week=1")
    assert "no therapist worked in the weeks the KPIs cover" in result.stdout, result.stdout

