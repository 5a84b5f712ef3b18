"""analysis/stats.py against hand-computed values."""
import math
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "analysis"))
import stats  # noqa: E402


def test_mean_ci_uses_students_t():
    # 1, 2, 3, 4: mean 2.5, sd sqrt(5/3) = 1.290994; t(0.975, 3 df) = 3.182446 (tables);
    # half-width 3.182446 x 1.290994 / sqrt(4) = 2.054260. The normal 1.96 would give 1.265.
    mean, half = stats.mean_ci([1, 2, 3, 4])
    assert mean == 2.5
    assert math.isclose(half, 2.054260, rel_tol=1e-6)


def test_t_quantiles_match_tables():
    for df, table in [(1, 12.7062), (2, 4.3027), (10, 2.2281), (30, 2.0423), (120, 1.9799)]:
        assert math.isclose(stats.t975(df), table, abs_tol=5e-5)
    assert math.isnan(stats.t975(0))


def test_mean_ci_skips_nan_and_needs_two_values():
    mean, half = stats.mean_ci([float("nan"), 3.0])
    assert mean == 3.0 and math.isnan(half)
    assert all(math.isnan(x) for x in stats.mean_ci([]))
