"""Legislation tracker: one row per economy, one column per legal or institutional fact."""
from __future__ import annotations

import pandas as pd

from .catalog import Catalog
from .economies import ECONOMY_CODES, display_name
from .i18n import _
from .scoring import display_value

TRACKED = ("budapest_convention", "national_strategy", "cyber_law", "nis2_alignment", "data_protection_law",
           "national_csirt", "first_membership")


def tracker(obs: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Long table: economy x fact with the displayed value, normalised score, period, status, source."""
    rows = []
    for ind_id in TRACKED:
        ind = catalog.get(ind_id)
        for eco in ECONOMY_CODES:
            cur = obs[(obs["economy"] == eco) & (obs["indicator_id"] == ind_id) & obs["preferred"]]
            cur = cur.sort_values("period")
            row = cur.iloc[-1] if len(cur) else None
            rows.append({
                "economy": eco, "economy_name": display_name(eco), "indicator_id": ind_id, "fact": ind.name,
                "value": display_value(ind, row), "score": None if row is None else row["score"],
                "status": "no_data" if row is None else row["status"],
                "period": None if row is None else int(row["period"]),
                "confidence": None if row is None else row["confidence"],
                "note": "" if row is None else row["note"],
                "source_id": None if row is None else row["source_id"],
                "source_title": None if row is None else row.get("source_title"),
                "source_url": None if row is None else row.get("source_url"),
            })
    return pd.DataFrame(rows)


def tracker_matrix(long: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Wide view for display: economies as rows, facts as columns, 'value (period)' in each cell."""
    cell = long.assign(cell=[f"{v} ({int(p)})" if s == "observed" else v
                             for v, p, s in zip(long["value"], long["period"], long["status"])])
    wide = cell.pivot(index="economy_name", columns="fact", values="cell")
    order = [catalog.get(i).name for i in TRACKED]
    wide = wide.reindex(index=[display_name(c) for c in ECONOMY_CODES], columns=order)
    wide.index.name = _("Economy")
    wide.columns.name = None
    return wide
