"""Survey estimates, the method: constants, the ``Query`` callable and a reference implementation in plain
Python (weighted share, Wilson interval on Kish n_eff, Newcombe difference) that documents the method and that
the unit tests compare the SQL of :mod:`indicators.topics.hygiene.queries` with. The method in full:
:mod:`indicators.topics.hygiene`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pandas as pd

Z95 = 1.959963984540054


DEFAULT_MIN_N = 30


SEXES = ("female", "male", "other", "not_stated")


DEFAULT_AGE_BANDS = ("16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+")


AREAS = ("urban", "rural", "unknown")


CELL_COLUMNS = ("dataset", "economy", "year", "sex", "dim", "value", "question", "n", "sw", "sw2", "swy")


DEMO_NOTE = "DEMONSTRATION DATA: synthetic respondents, not a measurement of any economy."


Query = Callable[[str, list], pd.DataFrame]


def duckdb_query(con) -> Query:
    """A ``query`` callable over a DuckDB connection (each call on its own cursor, fully fetched)."""

    def run(sql: str, params: list | None = None) -> pd.DataFrame:
        cur = con.cursor()
        try:
            return cur.execute(sql, params or []).df()
        finally:
            cur.close()

    return run


def wilson_interval(p: float, n_eff: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion ``p`` (0-1) with effective sample size ``n_eff``."""
    z2 = z * z
    denom = 1.0 + z2 / n_eff
    centre = (p + z2 / (2.0 * n_eff)) / denom
    half = z * math.sqrt(p * (1.0 - p) / n_eff + z2 / (4.0 * n_eff * n_eff)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def weighted_share(
    answers: Sequence[bool | None], weights: Sequence[float], min_n: int = DEFAULT_MIN_N, z: float = Z95
) -> dict:
    """Weighted share of ``True`` among the answered items, with n, Kish n_eff and a Wilson interval.

    Returns shares in percent (0-100). ``None`` answers are not answered and are left out.
    """
    pairs = [(a, w) for a, w in zip(answers, weights) if a is not None]
    n = len(pairs)
    if n == 0:
        return {"n": 0, "status": "no_data", "share": None, "ci_low": None, "ci_high": None, "n_eff": None}
    sw = sum(w for _a, w in pairs)
    sw2 = sum(w * w for _a, w in pairs)
    swy = sum(w for a, w in pairs if a)
    if n < min_n:
        return {"n": n, "status": "suppressed", "share": None, "ci_low": None, "ci_high": None, "n_eff": None}
    p = swy / sw
    n_eff = sw * sw / sw2
    lo, hi = wilson_interval(p, n_eff, z)
    return {"n": n, "status": "observed", "share": 100 * p, "ci_low": 100 * lo, "ci_high": 100 * hi, "n_eff": n_eff}


def newcombe_difference(p1: float, l1: float, u1: float, p2: float, l2: float, u2: float) -> tuple[float, float, float]:
    """Difference p1 - p2 with Newcombe's hybrid score interval from the two Wilson intervals (any unit)."""
    d = p1 - p2
    return d, d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
