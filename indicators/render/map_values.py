"""Values per economy for the map, the ranking bars and the slides: one row per economy with its status,
normalised score, value as text, period, sources, confidence, coverage, rank and rank band
(:data:`COLUMNS`), for a pillar (:func:`pillar_map_values`) or one indicator (:func:`indicator_map_values`).
Pure functions, no Streamlit.
"""

from __future__ import annotations

import pandas as pd

from indicators.method.comparability import indicator_ranks, rank_of
from indicators.method.scoring import (
    INSUFFICIENT,
    MISSING_STATUSES,
    STATUS_LABELS,
    anomaly_text,
    display_value,
    indicators_for,
    latest_observations,
    newer_text,
    not_compared_text,
    out_of_time,
    pillar_scores,
    single_source_text,
)
from indicators.method.sensitivity import band_cell, ordinal, too_old_notes
from indicators.model.catalog import PILLAR_IDS, Catalog
from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.model.vocabulary import CONFIDENCE_LEVELS, STATUS_SHORT, confidence_count, unranked_flag
from indicators.text.formatting import indicator_value, score_with_scale
from indicators.text.i18n import _, format_number, format_trimmed

MISSING_ORDER = MISSING_STATUSES  # the order in which a missing status wins when economies differ


# Short labels for missing values where space is tight (map labels, heatmap cells).
MISSING_SHORT = STATUS_SHORT


def format_value(ind, row) -> str:
    """A value on its own scale, without losing digits (0.206 stays 0.206); statuses and categories
    as :func:`indicators.method.scoring.display_value` writes them."""
    if (
        ind is None
        or row is None
        or row["status"] != "observed"
        or ind.is_categorical
        or ind.unit in ("rank", "year")
        or pd.isna(row["value"])
    ):
        return display_value(ind, row) if ind is not None else str(row["value"] if row is not None else "")
    return format_trimmed(float(f"{float(row['value']):.6g}"), 6)


def shorten(text: object, n: int = 70) -> str:
    """A title cut to ``n`` characters for tooltips (the full title is in the sources line)."""
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _periods_text(periods) -> str:
    years = sorted({int(p) for p in periods if pd.notna(p)})
    if not years:
        return "—"
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _sources_text(rows: pd.DataFrame, k: int = 2) -> str:
    if not len(rows) or "source_id" not in rows:
        return "—"
    used = rows.dropna(subset=["source_id"]).drop_duplicates("source_id")
    titles = [
        shorten(t if isinstance(t, str) and t else s)
        for t, s in zip(used.get("source_title", used["source_id"]), used["source_id"])
    ]
    text = "; ".join(titles[:k])
    if len(titles) > k:
        text += "; " + _("and {n} more").format(n=len(titles) - k)
    return text or "—"


def _confidence_text(rows: pd.DataFrame) -> str:
    if not len(rows) or "confidence" not in rows:
        return "—"
    counts = rows["confidence"].value_counts()
    return ", ".join(confidence_count(c, counts[c]) for c in CONFIDENCE_LEVELS if c in counts) or "—"


def _combined_missing_status(statuses) -> str:
    counts = pd.Series(list(statuses)).value_counts()
    if not len(counts):
        return "no_data"
    best = max(counts.index, key=lambda s: (counts[s], -MISSING_ORDER.index(s) if s in MISSING_ORDER else -99))
    return best if best in STATUS_LABELS else "no_data"


def status_label(status: str) -> str:
    return _(STATUS_LABELS.get(status, status))


def short_status(status: str) -> str:
    return _(MISSING_SHORT.get(status, STATUS_LABELS.get(status, status)))


def _strings_for_translation() -> None:  # never called: lets Babel extract labels translated at use
    _("not covered"), _("not assessed"), _("suppressed"), _("not applicable"), _("no data")
    _("not covered by the source"), _("suppressed (sample too small)"), _("observed"), _("insufficient data")


COLUMNS = [
    "economy",
    "name",
    "status",
    "score",
    "value_text",
    "short_text",
    "period_text",
    "source_text",
    "confidence_text",
    "source_ids",
    "synthetic",
    "coverage",
    "rank",
    "band",
    "rank_note",  # why an economy with a score is not ranked ('' when ranked or without a score)
    "rank_note_short",  # the same in a few words, for the ranking chart ('2020: not ranked')
]


def pillar_map_values(
    obs: pd.DataFrame,
    catalog: Catalog,
    pillar: str,
    as_of: int | None = None,
    include_synthetic: bool = False,
    bands: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per economy: the index-lens pillar score (NaN when missing or below the coverage rule),
    its coverage "n of m", rank and rank band (from :func:`indicators.method.sensitivity.rank_bands`, if given),
    status and provenance texts. Below the rule the status is ``insufficient_data``: hatched, unranked."""
    scores = pillar_scores(obs, catalog, as_of, include_synthetic)
    too_old = out_of_time(scores)
    scores = scores[scores["pillar"] == pillar].set_index("economy")
    members = [
        i for i in indicators_for(obs, catalog, as_of, include_synthetic=include_synthetic) if i.pillar == pillar
    ]
    latest = latest_observations(obs, [i.id for i in members], as_of, include_synthetic)
    band_of = {} if bands is None else {r.economy: band_cell(r) for r in bands[bands["pillar"] == pillar].itertuples()}
    rows = []
    for eco in ECONOMY_CODES:
        mine = latest[latest["economy"] == eco]
        used = mine.dropna(subset=["score"])
        n, m = int(scores.loc[eco, "n"]), int(scores.loc[eco, "m"])
        ok = bool(scores.loc[eco, "meets_rule"])
        score = float(scores.loc[eco, "score"]) if ok else float("nan")
        rank = scores.loc[eco, "rank"]
        band = band_of.get(eco, "") if ok else ""
        coverage = _("{n} of {m}").format(n=n, m=m)
        rank_note = rank_note_short = ""
        if (eco, pillar) in too_old:
            year, first, last = too_old[(eco, pillar)]
            rank_note, rank_note_short = too_old_notes(year, first, last)
        if ok:
            status = "observed"
            value_text = (
                f"{format_number(score, 1)} / 100 · "
                + _("{n} of {m} indicators").format(n=n, m=m)
                + (
                    " · " + _("rank {rank}").format(rank=rank_of(ordinal(rank), scores["rank"].notna().sum()))
                    if pd.notna(rank)
                    else ""
                )
                + (" (" + _("band {band}").format(band=band) + ")" if band else "")
                + (f" · {rank_note}" if rank_note else "")
                + (f" · {single}" if (single := single_source_text(scores.loc[eco])) else "")
            )
            short = f"{score:.0f} ({n}/{m})"
        elif n or scores.loc[eco, "not_compared"]:  # values left out by the comparison rule: insufficient
            status = INSUFFICIENT
            have = set(used["indicator_id"])
            missing = [catalog.get(i.id).name for i in members if i.id not in have]
            value_text = _("insufficient data ({n} of {m}; the rule needs {k})").format(
                n=n, m=m, k=int(scores.loc[eco, "needed"])
            ) + ("; " + _("missing: {names}").format(names="; ".join(missing)) if missing else "")
            value_text += f"; {nc}" if (nc := not_compared_text(scores.loc[eco])) else ""
            short = _("insufficient ({n}/{m})").format(n=n, m=m)
        else:
            status = _combined_missing_status(mine["status"]) if len(mine) else "no_data"
            details = "; ".join(
                f"{catalog.get(r.indicator_id).name if catalog.get(r.indicator_id) else r.indicator_id}:"
                f" {status_label(r.status)}"
                for r in mine.itertuples()
            )
            value_text = (
                status_label(status)
                + " ("
                + _("{n} of {m}").format(n=0, m=m)
                + ")"
                + (f": {details}" if details else "")
            )
            short = short_status(status)
        provenance = used if n else mine
        rows.append(
            {
                "economy": eco,
                "name": display_name(eco),
                "status": status,
                "score": score,
                "value_text": value_text,
                "short_text": short,
                "period_text": _periods_text(provenance["period"]) if len(provenance) else "—",
                "source_text": _sources_text(provenance),
                "confidence_text": _confidence_text(provenance),
                "source_ids": sorted(provenance["source_id"].dropna().unique().tolist()) if len(provenance) else [],
                "synthetic": bool((provenance["confidence"] == "synthetic").any()) if len(provenance) else False,
                "coverage": coverage,
                "rank": rank if ok else pd.NA,
                "band": band,
                "rank_note": rank_note,
                "rank_note_short": rank_note_short,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def indicator_map_values(
    obs: pd.DataFrame, catalog: Catalog, indicator_id: str, as_of: int | None = None, include_synthetic: bool = True
) -> pd.DataFrame:
    """One row per economy: the latest value of one indicator dated by ``as_of`` and its normalised score."""
    ind = catalog.get(indicator_id)
    latest = latest_observations(obs, [indicator_id], as_of, include_synthetic)
    rows = []
    for eco in ECONOMY_CODES:
        mine = latest[latest["economy"] == eco]
        row = mine.iloc[0] if len(mine) else None
        if row is None:
            status, score = "no_data", float("nan")
        else:
            status = str(row["status"])
            score = float(row["score"]) if pd.notna(row["score"]) else float("nan")
            if status == "observed" and pd.isna(score):
                status = "no_data"
        if status == "observed":
            shown = indicator_value(ind, row["value"], row["value_text"]) if ind else format_value(ind, row)
            value_text = (
                shown
                if shown == score_with_scale(score, decimals=2)
                or (ind and not ind.is_categorical and ind.min == 0 and ind.max == 100)
                else (f"{shown} · " + _("normalised") + f" {score_with_scale(score)}")
            )
            value_text += newer_text(row)  # a newer row without a value, shown beside (not-assessed rule)
            short = f"{score:.0f}"
        else:
            value_text = status_label(status)
            if row is not None and anomaly_text(row):  # shown with the data's own note, never scored
                value_text = format_value(ind, row) + anomaly_text(row)
            short = short_status(status)
        rows.append(
            {
                "economy": eco,
                "name": display_name(eco),
                "status": status,
                "score": score,
                "value_text": value_text,
                "short_text": short,
                "period_text": str(int(row["period"])) if row is not None else "—",
                "source_text": _sources_text(mine),
                "confidence_text": _confidence_text(mine),
                "source_ids": sorted(mine["source_id"].dropna().unique().tolist()),
                "synthetic": bool((mine["confidence"] == "synthetic").any()),
                "coverage": "",
                "rank": pd.NA,
                "rank_note": "",
                "rank_note_short": "",
                "band": "",
                "_period": int(row["period"]) if row is not None and status == "observed" else None,
                "_unranked": status == "observed" and unranked_flag(row.get("flag")),
            }
        )
    out = pd.DataFrame(rows)
    # The one comparison rule (comparability.indicator_ranks): 'rank 2nd of 5' among the comparable values; a
    # value too old or of low reliability (u) is shown with why, not ranked; a status fact is never ranked.
    ranked = indicator_ranks(latest, catalog).reindex(out["economy"]).set_index(out.index)
    out["rank"], out["rank_note"], out["rank_note_short"] = (
        ranked["rank"],
        ranked["note"].fillna(""),
        ranked["note_short"].fillna(""),
    )
    extra = ranked["rank_text"].fillna("").where(out["rank"].notna(), out["rank_note"])
    out["value_text"] = out["value_text"] + [f" · {t}" if t else "" for t in extra]
    return out.drop(columns=["_period", "_unranked"])[COLUMNS]


def map_indicator_options(obs: pd.DataFrame, catalog: Catalog) -> list[str]:
    """Indicators that can colour the map: in the catalog, with at least one normalised score."""
    scored = set(obs.loc[obs["score"].notna(), "indicator_id"])
    ids = [i for i in catalog.indicators if i in scored]
    order = {"headline": -1}
    order.update({p: k for k, p in enumerate(PILLAR_IDS)})
    return sorted(ids, key=lambda i: (order.get(catalog.get(i).pillar, 99), catalog.get(i).name))


def indicator_periods(obs: pd.DataFrame, indicator_id: str) -> list[int]:
    """The periods of an indicator, newest first."""
    return sorted({int(p) for p in obs.loc[obs["indicator_id"] == indicator_id, "period"].dropna()}, reverse=True)
