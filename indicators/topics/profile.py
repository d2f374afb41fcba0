"""Key facts of an economy profile, each with its value, period, source and confidence."""

from __future__ import annotations

import pandas as pd

from indicators.method.scoring import display_value
from indicators.model.catalog import Catalog

# Facts shown on the profile, in order. Each is one catalog indicator.
KEY_FACT_INDICATORS = (
    "gci_2024_overall",
    "gci_2024_tier",
    "ncsi_score",
    "ncsi_rank",
    "budapest_convention",
    "national_strategy",
    "cyber_law",
    "data_protection_law",
    "national_csirt",
    "first_membership",
    "cmm_review_year",
)


def key_facts(obs: pd.DataFrame, catalog: Catalog, economy: str) -> list[dict]:
    """One dict per key fact: the preferred, latest value, plus any alternative values from other sources.

    ``obs`` is the warehouse's observations joined with source columns (Warehouse.observations()).
    """
    facts = []
    # the key facts' rows only (a few dozen, not the economy's thousands of rows of every column: issue 25); each
    # fact then selects the same rows, in the same order, as before
    mine = obs[(obs["economy"] == economy) & (obs["group"] == "all") & obs["indicator_id"].isin(KEY_FACT_INDICATORS)]
    for ind_id in KEY_FACT_INDICATORS:
        ind = catalog.get(ind_id)
        rows = mine[mine["indicator_id"] == ind_id].sort_values("period")
        preferred = rows[rows["preferred"]]
        if ind is None:
            continue
        if not len(preferred):
            facts.append(
                {
                    "indicator_id": ind_id,
                    "label": ind.name,
                    "value": "no data",
                    "status": "no_data",
                    "period": None,
                    "note": "",
                    "confidence": None,
                    "source_title": None,
                    "source_url": None,
                    "alternatives": [],
                }
            )
            continue
        row = preferred.iloc[-1]
        alternatives = [
            {
                "value": display_value(ind, alt),
                "source_title": alt["source_title"],
                "source_url": alt["source_url"],
                "confidence": alt["confidence"],
                "note": alt["note"],
            }
            for _, alt in rows[(~rows["preferred"]) & (rows["period"] == row["period"])].iterrows()
        ]
        value = display_value(ind, row)
        if ind_id == "ncsi_score" and row["status"] == "observed":
            value = f"{value} / 100"
        facts.append(
            {
                "indicator_id": ind_id,
                "label": ind.name,
                "value": value,
                "status": row["status"],
                "period": int(row["period"]),
                "note": row["note"] or "",
                "confidence": row["confidence"],
                "source_title": row["source_title"],
                "source_url": row["source_url"],
                "alternatives": alternatives,
            }
        )
    return facts
