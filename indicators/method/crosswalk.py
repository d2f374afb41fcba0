"""The crosswalk: which publisher's measurement feeds which pillar, derived from the catalog only.

Each index-lens indicator in a pillar score belongs to exactly one pillar (the catalog's ``pillar``) and
names its ``publisher``. The measurement it reports is its *fact*: the publisher's own reference for it -
the ITU GCI pillar (``crosswalk.gci_pillar``), the OECD indicator (``crosswalk.oecd_indicator``), the NCSI
capacity (``crosswalk.ncsi_area``), the CMM factor (``crosswalk.cmm_dimension`` of a CMM indicator) - or,
for any other publisher, the indicator's own series (a Eurostat indicator and its group breakdowns are
different populations, each its own fact). Editions of one series are one fact: a pillar score uses one
edition per series. :func:`double_counted` lists any fact that would feed two scored indicators; the tests
require none. Shown on the methodology page and in docs/evidence.md (kept in step by tests/test_docs_sync.py).
"""

from __future__ import annotations

import pandas as pd

from indicators.method.scoring import select_indicators
from indicators.model.catalog import PILLAR_IDS, Catalog, Indicator
from indicators.model.vocabulary import PUBLISHERS

# the crosswalk key that names a publisher's own measurement
FACT_KEY = {"itu": "gci_pillar", "oecd": "oecd_indicator", "ega": "ncsi_area", "gcscc": "cmm_dimension"}
COLUMNS = {  # crosswalk column -> the publisher whose indicators fill it
    "gci_pillar": "itu",
    "oecd_indicator": "oecd",
    "ncsi_area": "ega",
    "cmm_dimension": "gcscc",
}


def fact_of(ind: Indicator) -> tuple[str, str]:
    """(publisher, the publisher's reference of the measurement) of a pillar-scoring indicator."""
    key = FACT_KEY.get(ind.publisher)
    ref = ind.crosswalk.get(key) if key else None
    return ind.publisher, str(ref or ind.series)


def scored_indicators(catalog: Catalog, as_of: int | None = None) -> list[Indicator]:
    """The catalog's pillar-scoring indicators for ``as_of`` (latest edition per series), real data only:
    the demonstration survey's indicators are left out, as real scores leave them out."""
    return [i for i in select_indicators(catalog, as_of) if i.publisher != "demo"]


def double_counted(catalog: Catalog, as_of: int | None = None) -> dict[tuple[str, str], list[str]]:
    """Facts that feed more than one scored indicator (must be empty)."""
    seen: dict[tuple[str, str], list[str]] = {}
    for ind in scored_indicators(catalog, as_of):
        seen.setdefault(fact_of(ind), []).append(ind.id)
    return {fact: ids for fact, ids in seen.items() if len(ids) > 1}


def crosswalk_rows(catalog: Catalog, as_of: int | None = None) -> pd.DataFrame:
    """One row per scored indicator: pillar, indicator, publisher and its fact under each publisher's
    column (GCI pillar, OECD indicator, NCSI capacity, CMM factor; 'other' for the rest)."""
    rows = []
    for ind in scored_indicators(catalog, as_of):
        publisher, ref = fact_of(ind)
        row = {"pillar": ind.pillar, "indicator_id": ind.id, "name": ind.name, "publisher": publisher}
        for col, pub in COLUMNS.items():
            row[col] = ref if pub == publisher else ""
        row["other"] = "" if publisher in COLUMNS.values() else ind.name
        rows.append(row)
    return pd.DataFrame(rows, columns=["pillar", "indicator_id", "name", "publisher", *COLUMNS, "other"])


def pillar_publishers(catalog: Catalog, as_of: int | None = None) -> pd.DataFrame:
    """Per pillar: its publishers (codes), how many, and its scored indicators."""
    inds = scored_indicators(catalog, as_of)
    rows = []
    for pillar in PILLAR_IDS:
        members = [i for i in inds if i.pillar == pillar]
        pubs = sorted({i.publisher for i in members}, key=list(PUBLISHERS).index)
        rows.append(
            {
                "pillar": pillar,
                "publishers": pubs,
                "n_publishers": len(pubs),
                "indicators": [i.id for i in members],
            }
        )
    return pd.DataFrame(rows)


def crosswalk_markdown(catalog: Catalog, as_of: int | None = None) -> str:
    """The per-pillar crosswalk as a Markdown table (English; docs/evidence.md carries it verbatim)."""
    head = "| Pillar | Publishers | ITU GCI pillar | OECD CO indicator | NCSI capacity | CMM factor | Other |"
    lines = [head, "|---|---|---|---|---|---|---|"]
    rows = crosswalk_rows(catalog, as_of)
    for p in pillar_publishers(catalog, as_of).itertuples():
        mine = rows[rows["pillar"] == p.pillar]
        cells = [
            "<br>".join(f"{v} (`{i}`)" for v, i in zip(mine[col], mine["indicator_id"]) if v) or "-"
            for col in (*COLUMNS, "other")
        ]
        pubs = ", ".join(PUBLISHERS[c] for c in p.publishers) or "-"
        label = catalog.pillar_name(p.pillar)
        lines.append(f"| {label} | {p.n_publishers}: {pubs} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
