"""View model of the trends page: one chart per economy of an index's editions (every methodology change a
break), the table of every edition and the sources of exactly the values drawn.

:func:`build` returns :class:`TrendsView` for an index ("gci" or "ncsi") and the economies chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from indicators.method.scoring import rows_behind
from indicators.method.trends import TREND_INDEXES, trend_figure, trend_rows, trend_summary, trend_table
from indicators.model.catalog import Catalog
from indicators.model.economies import ECONOMY_CODES, mentions_kosovo
from indicators.render import flags as fl
from indicators.text.i18n import _
from indicators.text.markup import md
from indicators.views import Table


@dataclass(frozen=True)
class Chart:
    economy: str
    key: str
    figure: Any
    summary: str  # escaped for markdown


@dataclass(frozen=True)
class TrendsView:
    index: str
    economies: tuple[str, ...]
    heading: str
    charts: tuple[Chart, ...]
    scale_caption: str
    table: Table
    sources: pd.DataFrame
    demo: bool
    kosovo_footnote: bool


def build(obs: pd.DataFrame, catalog: Catalog, index: str, economies: list[str]) -> TrendsView:
    shown = [c for c in ECONOMY_CODES if c in set(economies)]
    idx = TREND_INDEXES[index]
    charts, all_rows = [], []
    for eco in shown:
        rows = trend_rows(obs, catalog, index, eco)
        all_rows.append(rows.assign(economy=eco))
        charts.append(
            Chart(
                eco,
                f"trends_{index}_{eco}",
                fl.annotate(trend_figure(rows, index, eco), rows["flag"]),  # flagged values' legend (none for GCI/NCSI)
                md(trend_summary(rows, index, eco)),
            )
        )
    rows = (
        pd.concat(all_rows, ignore_index=True)
        if all_rows
        else pd.DataFrame(columns=["economy", "indicator_id", "period", "source_id", "confidence", "score"])
    )
    drawn = rows[rows["score"].notna()] if len(rows) else rows  # the points on the charts and numbers in the table
    caption = (
        _("Y axis: normalised score 0-100 (the value on the edition's own scale is in the hover and the table).")
        + " "
        + (
            _(
                "GCI 2014, 2017 and 2018 scored 0-1; GCI 2020 and 2024 scored 0-100, and 2024 also grouped countries "
                "in tiers."
            )
            if index == "gci"
            else _("The NCSI changed its methodology in 2023: legacy and current scores are separate series.")
        )
    )
    return TrendsView(
        index=index,
        economies=tuple(shown),
        heading=idx.name,
        charts=tuple(charts),
        scale_caption=caption,
        table=Table(trend_table(obs, catalog, index, shown), note=fl.legend(drawn.get("flag")))
        if shown
        else Table(pd.DataFrame()),
        sources=rows_behind(obs, drawn) if len(drawn) else obs.iloc[0:0],
        demo=bool((drawn["confidence"] == "synthetic").any()) if len(drawn) else False,
        kosovo_footnote=mentions_kosovo(shown),
    )


INDEXES = tuple(TREND_INDEXES)


def index_label(index: str) -> str:
    """The name of an index in the page's picker."""
    return _("ITU GCI (overall)") if index == "gci" else _("NCSI (legacy and current)")
