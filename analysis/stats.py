"""Small statistics helpers for the plots and the report."""
from __future__ import annotations

import math

import numpy as np
from scipy import stats as _stats


def t975(df: int) -> float:
    """The 0.975 quantile of Student's t with `df` degrees of freedom (NaN below 1)."""
    if df < 1:
        return math.nan
    return float(_stats.t.ppf(0.975, df))


def mean_ci(values) -> tuple[float, float]:
    """Mean and the half-width of its Student-t 95% confidence interval (NaN values skipped)."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    n = len(values)
    if n == 0:
        return math.nan, math.nan
    if n == 1:
        return float(values[0]), math.nan
    return float(values.mean()), t975(n - 1) * float(values.std(ddof=1)) / math.sqrt(n)
