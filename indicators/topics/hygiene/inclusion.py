"""The Inclusion pillar as :mod:`indicators.method.scoring` computes it, the hygiene figures read in published
sources, and the context figures on technology-facilitated violence against women (not in the pillar score).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from indicators.method.scoring import STATUS_LABELS, pillar_scores
from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.text.i18n import _, format_number, format_trimmed, note_text

MISSING_TEXT = {
    "suppressed": "suppressed",
    "not_assessed": "not available",
    "not_applicable": "not applicable",
    "not_covered": "not covered by the source",
}


def _eco_order(frame: pd.DataFrame) -> pd.Series:
    return frame["economy"].map(lambda e: ECONOMY_CODES.index(e) if e in ECONOMY_CODES else 99)


def context_indicators(catalog) -> list[str]:
    """The Inclusion pillar's context figures (prevalence of online violence against women): catalog
    indicators of the gender family that are not in the pillar score, in catalog order."""
    return [
        i.id
        for i in catalog.indicators.values()
        if i.family == "gender" and i.pillar == "inclusion" and not i.in_pillar_score
    ]


@dataclass(frozen=True)
class TfvawFigures:
    panels: tuple  # (indicator_id, bars frame: label, value, confidence, kind, period)
    table: pd.DataFrame
    sources: pd.DataFrame  # source_id, confidence, source_title, source_url of every figure shown


def tfvaw_figures(obs: pd.DataFrame, catalog, sources: pd.DataFrame, refs: pd.DataFrame | None) -> TfvawFigures:
    """The real (non-synthetic) figures on technology-facilitated violence against women: economies'
    own values and regional reference averages, per context indicator."""
    ids = context_indicators(catalog)
    real = obs[obs["indicator_id"].isin(ids) & (obs["confidence"] != "synthetic")]
    if refs is None:
        refs = pd.DataFrame(
            columns=[
                "area",
                "area_label",
                "indicator_id",
                "label",
                "period",
                "value",
                "confidence",
                "source_id",
                "note",
            ]
        )
    refs = refs[refs["indicator_id"].isin(ids)]
    titles = sources.set_index("source_id")["title"].to_dict()
    panels = []
    for ind_id in ids:
        bars = [
            {
                "label": display_name(r.economy),
                "value": r.value,
                "confidence": r.confidence,
                "kind": "economy",
                "period": r.period,
            }
            for r in real[real["indicator_id"] == ind_id].itertuples()
        ]
        bars += [
            {
                "label": r.area_label,
                "value": r.value,
                "confidence": r.confidence,
                "kind": "reference",
                "period": r.period,
            }
            for r in refs[refs["indicator_id"] == ind_id].itertuples()
        ]
        if bars:
            panels.append((ind_id, pd.DataFrame(bars)))
    rows = [
        {
            _("Area"): display_name(r.economy),
            _("Figure"): catalog.get(r.indicator_id).name,
            _("Year"): r.period,
            _("Value"): f"{format_trimmed(r.value, 2)} %",
            _("Confidence"): _(r.confidence),
            _("Source"): r.source_title,
            _("Note"): r.note,
        }
        for r in real.itertuples()
    ]
    rows += [
        {
            _("Area"): r.area_label,
            _("Figure"): r.label,
            _("Year"): r.period,
            _("Value"): f"{format_trimmed(r.value, 2)} %",
            _("Confidence"): _(r.confidence),
            _("Source"): titles.get(r.source_id, r.source_id),
            _("Note"): r.note,
        }
        for r in refs.itertuples()
    ]
    used = pd.concat([real[["source_id", "confidence"]], refs[["source_id", "confidence"]]], ignore_index=True)
    used = used.merge(
        sources[["source_id", "title", "url"]].rename(columns={"title": "source_title", "url": "source_url"}),
        on="source_id",
        how="left",
    )
    table = pd.DataFrame(
        rows, columns=[_("Area"), _("Figure"), _("Year"), _("Value"), _("Confidence"), _("Source"), _("Note")]
    ).fillna("")
    return TfvawFigures(tuple(panels), table, used)


@dataclass(frozen=True)
class InclusionPillar:
    scores: pd.DataFrame  # per economy: real data only, and with the demonstration survey when there is one
    indicators: pd.DataFrame  # every Inclusion indicator row shown, with value, unit, score, year, confidence
    rows: pd.DataFrame  # the observations behind it (for the sources line)
    has_demo: bool


def _pillar_cell(row) -> str:
    if row["n"] == 0:
        return _("no data")
    if not row["meets_rule"] or pd.isna(row["score"]):
        return _("insufficient data ({n} of {m})").format(n=row["n"], m=row["m"])
    return _("{score} of 100 ({n} of {m} indicators)").format(
        score=format_number(row["score"], 1), n=row["n"], m=row["m"]
    )


def inclusion_pillar(obs: pd.DataFrame, catalog) -> InclusionPillar:
    """The Inclusion pillar as indicators.method.scoring computes it (one call per data choice: real data only,
    and with the demonstration survey only when one feeds the pillar), and its indicator rows."""
    ids = [i.id for i in catalog.scored_in("inclusion")]
    mine = obs[obs["indicator_id"].isin(ids)]
    has_demo = bool((mine["confidence"] == "synthetic").any())
    scores = pd.DataFrame({_("Economy"): [display_name(e) for e in ECONOMY_CODES]})
    for title, synthetic in (
        (_("Real data only (score, coverage)"), False),
        (_("With the demonstration survey (score, coverage)"), True),
    ):
        if synthetic and not has_demo:
            continue
        got = pillar_scores(mine, catalog, include_synthetic=synthetic)
        got = got[got["pillar"] == "inclusion"].set_index("economy")
        scores[title] = [_pillar_cell(got.loc[e]) for e in ECONOMY_CODES]
    rows = (
        mine.assign(_i=mine["indicator_id"].map(ids.index), _e=_eco_order(mine))
        .sort_values(["_i", "_e", "period"])
        .drop(columns=["_i", "_e"])
    )
    indicators = pd.DataFrame(
        [
            {
                _("Economy"): display_name(r.economy),
                _("Indicator"): catalog.get(r.indicator_id).name,
                _("Value"): format_number(r.value, 1)
                if r.status == "observed"
                else _(STATUS_LABELS.get(r.status, r.status)),
                _("Unit"): catalog.get(r.indicator_id).unit,
                _("Score (0-100)"): None if pd.isna(r.score) else round(r.score, 1),
                _("Year"): r.period,
                _("Confidence"): _(r.confidence),
            }
            for r in rows.itertuples()
        ]
    )
    return InclusionPillar(scores, indicators, rows, has_demo)


def published_hygiene(obs: pd.DataFrame, catalog) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hygiene figures read in published sources (real rows of the hygiene family) and their display table."""
    fam = {i.id for i in catalog.indicators.values() if i.family == "hygiene"}
    pub = obs[obs["indicator_id"].isin(fam) & (obs["confidence"] != "synthetic")]
    pub = pub.assign(_e=_eco_order(pub)).sort_values(["indicator_id", "period", "_e"]).drop(columns="_e")
    table = pd.DataFrame(
        [
            {
                _("Economy"): display_name(r.economy),
                _("Figure"): catalog.get(r.indicator_id).name,
                _("Year"): r.period,
                _("Value"): f"{format_trimmed(r.value, 2)} %"
                if r.status == "observed"
                else _(MISSING_TEXT.get(r.status, r.status)),
                _("Confidence"): _(r.confidence),
                _("Source"): r.source_title,
                _("Note"): note_text(r.note),  # data text: the notes domain (issue 23)
            }
            for r in pub.itertuples()
        ],
        columns=[_("Economy"), _("Figure"), _("Year"), _("Value"), _("Confidence"), _("Source"), _("Note")],
    ).fillna("")
    return pub, table
