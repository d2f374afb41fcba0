"""Legislation tracker: one row per economy, one column per legal or institutional fact.

Facts are dated (one row per economy and change), so ``as_of`` shows what was true in a given year: the
latest preferred row whose period is not after it. ``last_checked`` is the day a fact was last read in a
source; a fact not checked for 12 months is flagged ``stale``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .catalog import Catalog
from .economies import ECONOMY_CODES, display_name
from .i18n import _
from .scoring import display_value

TRACKED = (
    "budapest_convention",
    "national_strategy",
    "cyber_law",
    "data_protection_law",
    "national_csirt",
    "first_membership",
)
STALE_DAYS = 365


def is_stale(last_checked, today: dt.date) -> bool:
    """True when a fact was never checked or not in the last 12 months."""
    if last_checked is None or (isinstance(last_checked, float) and last_checked != last_checked):
        return True
    try:
        checked = dt.date.fromisoformat(str(last_checked)[:10])
    except ValueError:
        return True
    return (today - checked).days > STALE_DAYS


def tracker(
    obs: pd.DataFrame, catalog: Catalog, as_of: int | None = None, today: dt.date | None = None
) -> pd.DataFrame:
    """Long table: economy x fact with the displayed value, normalised score, period, status, source and
    when it was last checked, as of the end of year ``as_of`` (default: the latest facts)."""
    today = today or dt.date.today()
    if as_of is not None:
        obs = obs[obs["period"] <= as_of]
    rows = []
    for ind_id in TRACKED:
        ind = catalog.get(ind_id)
        for eco in ECONOMY_CODES:
            cur = obs[(obs["economy"] == eco) & (obs["indicator_id"] == ind_id) & obs["preferred"]]
            cur = cur.sort_values("period")
            row = cur.iloc[-1] if len(cur) else None
            rows.append(
                {
                    "economy": eco,
                    "economy_name": display_name(eco),
                    "indicator_id": ind_id,
                    "fact": ind.name,
                    "value": display_value(ind, row),
                    "score": None if row is None else row["score"],
                    "status": "no_data" if row is None else row["status"],
                    "period": None if row is None else int(row["period"]),
                    "confidence": None if row is None else row["confidence"],
                    "note": "" if row is None else row["note"],
                    "source_id": None if row is None else row["source_id"],
                    "source_title": None if row is None else row.get("source_title"),
                    "source_url": None if row is None else row.get("source_url"),
                    "last_checked": None
                    if row is None or pd.isna(row.get("last_checked"))
                    else str(row["last_checked"]),
                    "stale": row is not None and is_stale(row.get("last_checked"), today),
                }
            )
    return pd.DataFrame(rows)


def tracker_matrix(long: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Wide view for display: economies as rows, facts as columns, 'value (period)' in each cell."""
    cell = long.assign(
        cell=[
            f"{v} ({int(p)})" if s == "observed" else v
            for v, p, s in zip(long["value"], long["period"], long["status"])
        ]
    )
    wide = cell.pivot(index="economy_name", columns="fact", values="cell")
    order = [catalog.get(i).name for i in TRACKED]
    wide = wide.reindex(index=[display_name(c) for c in ECONOMY_CODES], columns=order)
    wide.index.name = _("Economy")
    wide.columns.name = None
    return wide
