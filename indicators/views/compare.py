"""View model of the compare page: pillar radar and table against the WB6 average, the status matrix, the
side-by-side indicator table with the best and lowest value marked, and the heatmap of normalised scores.

:func:`build` returns :class:`CompareView` for two to six economies and a reference period; each sources frame
holds exactly the observations behind the numbers next to it (same edition choice and latest-value rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from indicators.method import compare as cmp
from indicators.method.scoring import (
    MIN_FOR_AVERAGE,
    pillar_inputs,
    pillar_scores,
    pillar_scores_export,
    rows_behind,
    state_legend,
    status_counts,
    status_matrix,
    status_table,
    wb6_average,
)
from indicators.method.sensitivity import with_bands
from indicators.model.catalog import Catalog
from indicators.model.economies import display_name, mentions_kosovo
from indicators.model.export import to_csv_bytes
from indicators.render import flags as fl
from indicators.render.figures import radar
from indicators.text.i18n import _
from indicators.text.markup import md
from indicators.views import Table

PERIODS = cmp.REFERENCE_PERIODS


@dataclass(frozen=True)
class CompareView:
    economies: tuple[str, ...]
    period: str
    radar: Any
    pillar_table: Table
    radar_summary: str
    pillar_method: str
    pillar_csv: bytes
    pillar_sources: pd.DataFrame
    status_caption: str
    status_table: Table
    status_sources: pd.DataFrame
    table: pd.DataFrame
    styles: pd.DataFrame  # CSS per cell of ``table`` (best / lowest marks)
    table_height: int
    table_summary: str
    table_sources: pd.DataFrame
    heatmap: Any
    demo: bool
    kosovo_footnote: bool


def pillar_sources(
    obs: pd.DataFrame,
    catalog: Catalog,
    scores: pd.DataFrame,
    average: pd.DataFrame,
    economies: list[str],
    as_of: int | None,
) -> pd.DataFrame:
    """The observations behind the pillar scores shown for ``economies`` and behind the WB6 averages shown."""
    inputs = pillar_inputs(obs, catalog, as_of)
    ok = scores[scores["meets_rule"] & scores["economy"].isin(economies)]
    pairs = set(zip(ok["economy"], ok["pillar"]))
    for p, score, members in zip(average["pillar"], average["score"], average["members"]):
        if pd.notna(score):
            pairs |= {(e, p) for e in members}
    return rows_behind(obs, inputs[[(e, p) in pairs for e, p in zip(inputs["economy"], inputs["pillar"])]])


def build(
    obs: pd.DataFrame, catalog: Catalog, bands: pd.DataFrame | None, economies: list[str], period: str = "latest"
) -> CompareView:
    """Everything below the compare page's controls, for two to six economies (in WB6 order)."""

    selected = cmp.order_economies(economies)
    as_of = PERIODS[period]
    scores = pillar_scores(obs, catalog, as_of)
    scores = with_bands(scores, bands) if bands is not None else scores
    scores = cmp.with_missing_reasons(scores, obs, catalog, as_of)
    average = wb6_average(scores)
    fig = radar(scores, average, catalog, selected, compact=True)
    method = _(
        "A pillar score is the mean of the pillar's available index indicators, normalised to 0-100; "
        "in brackets: indicators with a value of the pillar's index indicators. It is shown and ranked "
        "only when {rule}; otherwise 'insufficient data'. Rank: among the economies that meet the rule, "
        "with its band (5th-95th percentile when the method varies). The WB6 average is taken over the "
        "economies with a score ('average of n') and not given below {k}. 'No data' is not zero."
    ).format(rule=_(catalog.coverage_rule.text()), k=MIN_FOR_AVERAGE)
    export = pillar_scores_export(obs, catalog, as_of, bands)

    facts = status_matrix(obs, catalog, selected, as_of)
    status_caption = (
        _(
            "What is in place, partly in place, missing or not assessed, with the year; never averaged "
            "into a score. Counts"
        )
        + ": "
        + "; ".join(f"{md(display_name(r.economy))} – {_(r.text)}" for r in status_counts(facts).itertuples())
        + "."
    )

    long = cmp.comparison_long(obs, catalog, selected, as_of)
    table = cmp.comparison_table(long, catalog, selected)
    styles = cmp.comparison_styles(long, selected)
    for col in table.columns:
        if col not in styles.columns:
            styles[col] = ""
    return CompareView(
        economies=tuple(selected),
        period=period,
        radar=fig,
        pillar_table=Table(cmp.pillar_table(scores, average, catalog, selected)),
        radar_summary=md(cmp.radar_summary(scores, catalog, selected)),
        pillar_method=method,
        pillar_csv=to_csv_bytes(export[export["economy"].isin(selected)]),
        pillar_sources=pillar_sources(obs, catalog, scores, average, selected, as_of),
        status_caption=status_caption,
        status_table=Table(status_table(facts, catalog, selected, display_name)),
        status_sources=rows_behind(obs, facts.dropna(subset=["period"])),
        table=table,
        styles=styles[table.columns],
        table_height=min(38 * (len(table) + 1) + 4, 720),
        table_summary=fl.with_legend(md(cmp.table_summary(long, selected, catalog)), long["flag"]),
        table_sources=rows_behind(obs, long.dropna(subset=["period"])),
        heatmap=cmp.heatmap(long, selected),
        demo=bool((long["confidence"] == "synthetic").any()),
        kosovo_footnote=mentions_kosovo(selected),
    )


def marks_caption() -> str:
    """The key under the side-by-side table: what the best and lowest marks mean, and when they are set."""
    return (
        f"{cmp.BEST_MARK} "
        + _("best among the compared economies")
        + f" · {cmp.WORST_MARK} "
        + _("lowest among them")
        + " · "
        + _(
            "marked only when at least two have a value and the values "
            "differ. Missing values say why: not covered by the source, "
            "not assessed, not applicable, or no data."
        )
    )


def heatmap_caption() -> str:
    """Under the heatmap: grey is missing, never low, and the key of the status marks (a status cell shows its
    mark alone when more than three economies are compared, issue 22)."""
    return (
        _(
            "Grey cells are missing values, never low scores; each says why (not covered by the source, "
            "not assessed, suppressed, not applicable, or no data recorded). The table above is the text "
            "alternative to this heatmap."
        )
        + " "
        + _("Key")
        + ": "
        + state_legend()
        + "."
    )
