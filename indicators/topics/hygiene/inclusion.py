"""The Inclusion pillar as :mod:`indicators.method.scoring` computes it, the hygiene figures read in published
sources, and the context figures on technology-facilitated violence against women (not in the pillar score).
"""

from __future__ import annotations

import hashlib
import pickle
import weakref
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


# The two score frames of the view, by catalog (identity, checked alive) and the content of the Inclusion rows:
# {id(catalog): (weak reference to it, {(rows fingerprint, include_synthetic): scores})}. A score depends only
# on those rows and the catalog, so every language and URL state of the page, and every caller handed its own
# copy of the same observations, share one computation per build (two pillar_scores calls, about 100 ms at
# idle, where the fingerprint costs about 3 ms). Bounded: a few catalogs, a few builds each.
_SCORES: dict[int, tuple[weakref.ref, dict]] = {}
_MAX_KEYS = 8
SCORE_COLUMNS = ["score", "n", "m", "meets_rule"]


def _fingerprint(rows: pd.DataFrame) -> str:
    """The content of ``rows`` (columns, dtypes, every value), as one digest."""
    payload = (list(rows.columns), [str(t) for t in rows.dtypes], rows.to_numpy(dtype=object).tolist())
    return hashlib.sha256(pickle.dumps(payload, protocol=5)).hexdigest()


def _inclusion_scores(mine: pd.DataFrame, catalog, synthetic: bool, fingerprint: str | None = None) -> pd.DataFrame:
    """The Inclusion pillar's score, n, m and rule per economy (index: economy), as pillar_scores gives them
    for ``mine`` (the Inclusion indicators' rows), memoised (see :data:`_SCORES`). The columns kept carry no
    translated text, so the memo holds for every language. ``fingerprint``: ``_fingerprint(mine)`` when the
    caller has it already."""
    ref, memo = _SCORES.get(id(catalog), (None, None))
    if ref is None or ref() is not catalog:
        for key in [k for k, (r, _m) in _SCORES.items() if r() is None]:
            del _SCORES[key]
        memo = {}
        _SCORES[id(catalog)] = (weakref.ref(catalog), memo)
    key = (fingerprint or _fingerprint(mine), bool(synthetic))
    if key not in memo:
        got = pillar_scores(mine, catalog, include_synthetic=synthetic)
        got = got.loc[got["pillar"] == "inclusion", ["economy", *SCORE_COLUMNS]].set_index("economy")
        if len(memo) >= _MAX_KEYS:
            memo.pop(next(iter(memo)))
        memo[key] = got
    return memo[key]


def inclusion_pillar(obs: pd.DataFrame, catalog) -> InclusionPillar:
    """The Inclusion pillar as indicators.method.scoring computes it (one call per data choice: real data only,
    and with the demonstration survey only when one feeds the pillar), and its indicator rows."""
    ids = [i.id for i in catalog.scored_in("inclusion")]
    mine = obs[obs["indicator_id"].isin(ids)]
    has_demo = bool((mine["confidence"] == "synthetic").any())
    scores = pd.DataFrame({_("Economy"): [display_name(e) for e in ECONOMY_CODES]})
    fingerprint = _fingerprint(mine)  # once for both score frames
    for title, synthetic in (
        (_("Real data only (score, coverage)"), False),
        (_("With the demonstration survey (score, coverage)"), True),
    ):
        if synthetic and not has_demo:
            continue
        got = _inclusion_scores(mine, catalog, synthetic, fingerprint).to_dict(
            "index"
        )  # economy -> {score, n, m, meets_rule}
        scores[title] = [_pillar_cell(got[e]) for e in ECONOMY_CODES]
    # the rows in the catalog's indicator order, then economy, then year (a stable sort, as sort_values on the
    # three keys), taken from the frame once; the table read from plain column lists (issue 25: pandas' cost
    # per selection and per itertuples row was most of this view's work on its 81 rows)
    rank = {e: k for k, e in enumerate(ECONOMY_CODES)}
    where = {i: k for k, i in enumerate(ids)}
    keys = zip(mine["indicator_id"].tolist(), mine["economy"].tolist(), mine["period"].tolist())
    order = sorted(range(len(mine)), key=[(where[i], rank.get(e, 99), p) for i, e, p in keys].__getitem__)
    rows = mine.take(order)
    meta = {i: catalog.get(i) for i in set(rows["indicator_id"])}
    columns = ["economy", "indicator_id", "value", "status", "score", "period", "confidence"]
    indicators = pd.DataFrame(
        [
            {
                _("Economy"): display_name(economy),
                _("Indicator"): meta[ind].name,
                _("Value"): format_number(value, 1) if status == "observed" else _(STATUS_LABELS.get(status, status)),
                _("Unit"): meta[ind].unit,
                _("Score (0-100)"): None if pd.isna(score) else round(score, 1),
                _("Year"): period,
                _("Confidence"): _(confidence),
            }
            for economy, ind, value, status, score, period, confidence in zip(*(rows[c].tolist() for c in columns))
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
