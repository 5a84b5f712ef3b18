"""Small statistics helpers for the plots and the report."""
from __future__ import annotations

import math

import numpy as np

# Student t 0.975 quantiles for 1-30 degrees of freedom; beyond 30 the normal approximation with a
# first-order correction (Abramowitz and Stegun 26.7.5) is used.
_T975 = [12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281, 2.2010, 2.1788, 2.1604, 2.1448,
         2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484,
         2.0452, 2.0423]


def t975(df: int) -> float:
    if df < 1:
        return math.nan
    if df <= 30:
        return _T975[df - 1]
    z = 1.959964
    return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)


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
