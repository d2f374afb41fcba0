"""View model of the regional overview: the map of the six economies coloured by a pillar score or by one
indicator, the ranking of the same values, the table of the values and (for a pillar) its status facts.

- :func:`period_options` lists the reference periods of a selection ("latest", "2020" or an indicator's years).
- :func:`build` returns :class:`OverviewView`; its sources frames hold exactly the observations behind the
  values on the map (the same edition choice and latest-value rule) and behind the status facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from indicators.method.comparability import ordinal, rank_of
from indicators.method.compare import REFERENCE_PERIODS
from indicators.method.scoring import (
    latest_observations,
    pillar_inputs,
    rows_behind,
    status_counts,
    status_matrix,
    status_table,
)
from indicators.model.catalog import PILLAR_IDS, Catalog
from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.render.map_ranking import ranking_bar, text_summary
from indicators.render.map_values import indicator_map_values, indicator_periods, pillar_map_values, status_label
from indicators.render.maps import choropleth_deck, legend_html
from indicators.text.formatting import score_with_scale
from indicators.text.i18n import _
from indicators.text.markup import md
from indicators.views import Table

BY = ("pillar", "indicator")
DEFAULT_INDICATOR = "gci_2024_overall"


@dataclass(frozen=True)
class Status:
    heading: str
    caption: str | None  # None: no status fact belongs to the pillar
    table: Table | None
    sources: pd.DataFrame


@dataclass(frozen=True)
class OverviewView:
    by: str
    heading: str  # escaped for markdown
    rule_caption: str | None
    deck: Any
    legend_html: str
    map_alt: str
    ranking: Any
    summary: str  # escaped for markdown
    table: Table
    sources: pd.DataFrame
    demo: bool
    status: Status | None


def period_options(obs: pd.DataFrame, by: str, indicator: str) -> list[str]:
    return (
        list(REFERENCE_PERIODS) if by == "pillar" else ["latest"] + [str(p) for p in indicator_periods(obs, indicator)]
    )


def _status(obs: pd.DataFrame, catalog: Catalog, pillar: str, as_of: int | None) -> Status:
    facts = status_matrix(obs, catalog, list(ECONOMY_CODES), as_of)
    facts = facts[facts["pillar"] == pillar]
    heading = _("Status lens: {pillar} facts").format(pillar=_(catalog.pillar_name(pillar)))
    if not len(facts):
        return Status(heading, None, None, obs.iloc[0:0])
    caption = (
        _("Legal and institutional facts, shown as what is in place, never averaged into the score above. Counts")
        + ": "
        + "; ".join(f"{md(display_name(r.economy))} – {r.text}" for r in status_counts(facts).itertuples())
        + "."
    )
    return Status(
        heading,
        caption,
        Table(status_table(facts, catalog, list(ECONOMY_CODES), display_name)),
        rows_behind(obs, facts.dropna(subset=["period"])),
    )


def status_section(obs: pd.DataFrame, catalog: Catalog, pillar: str, period: str = "latest") -> Status:
    """The status facts of ``pillar`` under the map (a pillar selection only): built apart from the map and the
    ranking so that the page draws its first chart before the status matrix is read (issue 25)."""
    return _status(obs, catalog, pillar, REFERENCE_PERIODS[period])


def build(
    obs: pd.DataFrame,
    catalog: Catalog,
    bands: pd.DataFrame | None,
    by: str,
    pillar: str,
    indicator: str,
    period: str = "latest",
    with_status: bool = True,
) -> OverviewView:
    """Everything the overview shows below its controls for one selection (``with_status=False``: without the
    status facts, which :func:`status_section` then builds)."""
    if by == "pillar":
        as_of = REFERENCE_PERIODS[period]
        values = pillar_map_values(obs, catalog, pillar, as_of, bands=bands)
        what = _("{pillar} pillar score").format(pillar=_(catalog.pillar_name(pillar)))
        inputs = pillar_inputs(obs, catalog, as_of)
        shown = set(values.loc[values["score"].notna(), "economy"])
        used = rows_behind(obs, inputs[(inputs["pillar"] == pillar) & inputs["economy"].isin(shown)])
        rule = catalog.rule_for(pillar)
        rule_caption = _(
            "Index lens: graded external measurements only, 0-100, with coverage n of m. Shown and "
            "ranked only when {rule}; below that: insufficient data (hatched, unranked)."
        ).format(rule=_(rule.text()))
    else:
        as_of = None if period == "latest" else int(period)
        values = indicator_map_values(obs, catalog, indicator, as_of)
        what = catalog.get(indicator).name
        used = rows_behind(obs, latest_observations(obs, [indicator], as_of, include_synthetic=True))
        rule_caption = None
    period_text = _("latest") if period == "latest" else _("as of {year}").format(year=period)
    table = pd.DataFrame(
        {
            _("Economy"): values["name"],
            _("Value"): values["value_text"],
            _("Score"): [score_with_scale(s, missing="—") for s in values["score"]],
            _("Status"): [status_label(s) for s in values["status"]],
            _("Period"): values["period_text"],
            _("Source"): values["source_text"],
            _("Confidence"): values["confidence_text"],
        }
    )
    # every shown rank says of how many ('2nd of 5'; comparability.rank_of): the ranked values only
    n_ranked = int(values["rank"].notna().sum())
    ranks = [None if pd.isna(r) or n_ranked < 2 else rank_of(ordinal(int(r)), n_ranked) for r in values["rank"]]
    if by == "pillar":
        table.insert(3, _("Coverage"), values["coverage"])
        table.insert(4, _("Rank"), ranks)
        table.insert(5, _("Rank band"), values["band"])
    else:
        table.insert(3, _("Rank"), ranks)
    summary = text_summary(values, what)  # the map's text alternative and the summary under the ranking
    return OverviewView(
        by=by,
        heading=md(f"{what} ({period_text})"),
        rule_caption=rule_caption,
        deck=choropleth_deck(values),
        legend_html=legend_html(_("Colour: {what}").format(what=what)),
        map_alt=summary,
        ranking=ranking_bar(values),
        summary=md(summary),
        table=Table(table),
        sources=used,
        demo=bool(values["synthetic"].any()),
        status=status_section(obs, catalog, pillar, period) if by == "pillar" and with_status else None,
    )


PILLARS = PILLAR_IDS


def period_label(by: str, period: str) -> str:
    """A reference period in the picker: pillar scores take editions, one indicator takes a year."""
    if by == "pillar":
        return _("Latest editions") if period == "latest" else _("As of 2020 (GCI 2020)")
    return _("Latest value") if period == "latest" else _("As of {year}").format(year=period)


def bands_caption() -> str:
    """Under the pillar ranking: what the brackets hold (coverage, rank band)."""
    return _(
        "In brackets: indicators with a value of the pillar's index indicators, and the rank band: "
        "the 5th-95th percentile of the rank when category scores, normalisation and weights vary "
        "(see Methodology)."
    )
