"""Forum presentation deck: which slides, in which order, and what each economy slide says.

Pure functions over the warehouse's observations; the page (pages/present.py) only renders them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.method.comparability import rank_of
from indicators.method.scoring import (
    STATUS_LABELS,
    gap_table,
    latest_observations,
    newer_text,
    status_counts,
    status_matrix,
)
from indicators.method.sensitivity import band_cell, band_text, ordinal
from indicators.model.catalog import PILLAR_IDS, Catalog
from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.render import flags as fl
from indicators.text.formatting import format_number, indicator_value, score_with_scale
from indicators.text.i18n import _
from indicators.text.i18n import format_number as i18n_number  # exactly one decimal, in the language

FOCUS_CHOICES = ("overview", *PILLAR_IDS)
SLIDE_FACTS = ("gci_2024_overall", "gci_2024_tier", "ncsi_score", "national_strategy", "cyber_law", "national_csirt")


def slide_ranking(values: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """The map slide's ranking from :func:`indicators.render.map_values.pillar_map_values` (with bands): the ranked
    economies, best first, each with its score, coverage "n/m" and rank band ("1st Serbia: 91.9 (1/1;
    band 1st)"); and the economies left
    out of the ranking (below the coverage rule or without data) with the reason."""
    ranked = values[values["rank"].notna()].copy()
    ranked["rank_int"] = ranked["rank"].astype(int)
    ranked = ranked.sort_values(["rank_int", "name"])
    shown = [
        {
            "economy": r.economy,
            "name": r.name,
            "rank": int(r.rank_int),
            "score": float(r.score),
            "coverage": r.coverage,
            "band": r.band,
            "text": f"{rank_of(ordinal(int(r.rank_int)), len(ranked))} {r.name}: {i18n_number(r.score, 1)} ({'/'.join(re.findall(r'[0-9]+', str(r.coverage)))}"
            + ("; " + _("band {band}").format(band=r.band) if r.band else "")
            + ")",
        }
        for r in ranked.itertuples()
    ]
    left_out = [
        {
            "economy": r.economy,
            "name": r.name,
            "text": f"{r.name}: {r.short_text}"
            + (f" ({r.coverage})" if r.status not in ("insufficient_data", "observed") and r.coverage else "")
            + (f"; {r.rank_note}" if getattr(r, "rank_note", "") else ""),
        }
        for r in values[values["rank"].isna()].itertuples()
    ]
    return shown, left_out


def cell_band(row) -> str:
    """The rank band of a score row in the current language, from its bounds (the cached "band" column
    of :func:`indicators.method.sensitivity.rank_bands` is English); '' when there is none."""
    if row.get("tested") is False or row.get("tested") is np.False_:  # a single-publisher pillar, in the language
        return band_cell(row)
    lo, hi = row.get("band_lo"), row.get("band_hi")
    if lo is not None and hi is not None and not pd.isna(lo) and not pd.isna(hi):
        return band_text(lo, hi)
    return row.get("band") or ""


def compare_parts(row) -> tuple[str, str]:
    """(score text, rank band) of a cell of the comparison slide: ('72 (2/2)', '1st-2nd'),
    ('insufficient (1/3)', '') or ('— (0/2)', '')."""
    n, m = int(row["n"]), int(row["m"])
    if bool(row["meets_rule"]) and pd.notna(row["score"]):
        return f"{row['score']:.0f} ({n}/{m})", cell_band(row)
    if not n and row.get("missing_reason"):  # the publisher does not assess it: "not covered by the ITU GCI"
        # on a slide the reason alone ("not covered by the ITU GCI"); what else was left out is on the profile
        return f"{str(row['missing_reason']).split(';')[0]} (0/{m})", ""
    return (_("insufficient ({n}/{m})").format(n=n, m=m) if n else f"— (0/{m})"), ""


def compare_cell(row) -> str:
    """A cell of the comparison slide: '72 (2/2) · band 1st-2nd', 'insufficient (1/3)' or '— (0/2)'."""
    score, band = compare_parts(row)
    return score + (" · " + _("band {band}").format(band=band) if band else "")


@dataclass(frozen=True)
class Slide:
    kind: str  # title | map | economy | compare | closing
    title: str
    economy: str | None = None


def build_deck(economies: list[str], focus: str, catalog: Catalog) -> list[Slide]:
    """Title, regional map, one slide per chosen economy (in the chosen order), comparison, closing."""
    focus_name = _("Overview") if focus == "overview" else _(catalog.pillar_name(focus))
    deck = [
        Slide("title", _("Cybersecurity maturity in the Western Balkans")),
        Slide("map", f"{_('The region at a glance')}: {focus_name}"),
    ]
    deck += [Slide("economy", display_name(code), code) for code in economies]
    deck += [
        Slide(
            "compare", _("Side by side: {economies}").format(economies=", ".join(display_name(c) for c in economies))
        ),
        Slide("closing", _("Sources and how to read this")),
    ]
    return deck


def default_economies() -> list[str]:
    return list(ECONOMY_CODES)


STRENGTH_MAX_GAP = 10.0  # a strength is at or within 10 points (of 100) of the WB6 best ...
STRENGTH_MIN_SCORE = 50.0  # ... and at least half-way up the normalised scale


def _latest_rows(obs: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    return latest_observations(obs, ids, None).set_index(["economy", "indicator_id"])


def _value_text(catalog: Catalog, latest: pd.DataFrame, economy: str, indicator_id: str) -> str:
    """The value with its scale ("12.08 / 20"); a status label when it is missing."""
    ind = catalog.get(indicator_id)
    if (economy, indicator_id) not in latest.index or ind is None:
        return _(STATUS_LABELS["no_data"])
    row = latest.loc[(economy, indicator_id)]
    return fl.mark(indicator_value(ind, row["value"], row["value_text"], row["status"]), row.get("flag")) + newer_text(
        row
    )


def economy_summary(obs: pd.DataFrame, catalog: Catalog, economy: str, k: int = 3) -> dict:
    """Strengths, largest gaps and key facts of an economy slide, chosen from normalised index-lens
    scores (0-100) and worded for a minister; every value carries its scale.

    A strength is an index-lens indicator where the economy scores at least STRENGTH_MIN_SCORE and is
    within STRENGTH_MAX_GAP points of the WB6 best; a gap is one where it is behind the best (largest
    first). ``datasets`` lists the datasets of every row the summary reads."""
    gaps = gap_table(obs, catalog, economy)
    index = gaps[(gaps["lens"] == "index") & gaps["score"].notna()]
    latest = _latest_rows(obs, list(index["indicator_id"]) + list(SLIDE_FACTS))
    near = index[
        (index["score"] >= STRENGTH_MIN_SCORE)
        & index["gap_to_best"].notna()
        & (index["gap_to_best"] <= STRENGTH_MAX_GAP)
    ]
    near = near.sort_values(["gap_to_best", "score", "indicator_id"], ascending=[True, False, True]).head(k)
    behind = (
        index[(index["gap_to_best"] > 0) & ~index["indicator_id"].isin(near["indicator_id"])]
        .sort_values(["gap_to_best", "indicator_id"], ascending=[False, True])
        .head(k)
    )

    def flag(iid: str) -> str:  # the publisher's flags of the value shown (render/flags.py)
        return fl.letters(latest.loc[(economy, iid)].get("flag")) if (economy, iid) in latest.index else ""

    def dated(iid: str) -> str:
        """The value with its year: "18.94 / 20 (2024)" (every value on a slide carries its year)."""
        text = _value_text(catalog, latest, economy, iid)
        if (economy, iid) in latest.index and pd.notna(latest.loc[(economy, iid)]["period"]):
            text += f" ({int(latest.loc[(economy, iid)]['period'])})"
        return text

    def strength(r) -> str:
        where = (
            _("the best in the WB6")
            if float(r["gap_to_best"]) <= 0
            else _("{gap} points of 100 behind the best").format(gap=format_number(r["gap_to_best"], 0))
        )
        return _("{indicator}: {value} (score {score}; {where})").format(
            indicator=r["indicator"],
            value=dated(r["indicator_id"]),
            score=score_with_scale(r["score"], 0),
            where=where,
        )

    def gap(r) -> str:
        return _("{indicator}: {value} (score {score}); the best, {best}, scores {best_score}").format(
            indicator=r["indicator"],
            value=dated(r["indicator_id"]),
            score=score_with_scale(r["score"], 0),
            best=", ".join(display_name(e) for e in r["best_economies"]),
            best_score=score_with_scale(r["best_score"], 0),
        )

    facts = []
    for fid in SLIDE_FACTS:
        ind = catalog.get(fid)
        if ind is None:
            continue
        here = (economy, fid) in latest.index
        row = latest.loc[(economy, fid)] if here else None
        facts.append(
            {
                "indicator_id": fid,
                "label": ind.name,
                "status": "no_data" if row is None else row["status"],
                "value": _value_text(catalog, latest, economy, fid),
                "period": None if row is None else int(row["period"]),
                "flag": flag(fid),
            }
        )
    shown_ids = set(near["indicator_id"]) | set(behind["indicator_id"])
    rows = latest.reset_index()
    used = rows[
        (rows["indicator_id"].isin(shown_ids) & rows["score"].notna())
        | ((rows["economy"] == economy) & rows["indicator_id"].isin(SLIDE_FACTS))
    ]
    return {
        "strengths": [
            {
                "text": strength(r),
                "score": r["score"],
                "confidence": r["confidence"],
                "indicator_id": r["indicator_id"],
                "flag": flag(r["indicator_id"]),
            }
            for _i, r in near.iterrows()
        ],
        "gaps": [
            {
                "text": gap(r),
                "gap": r["gap_to_best"],
                "indicator_id": r["indicator_id"],
                "best": ", ".join(display_name(e) for e in r["best_economies"]),
                "confidence": r["confidence"],
                "flag": flag(r["indicator_id"]),
            }
            for _i, r in behind.iterrows()
        ],
        "facts": facts,
        "datasets": sorted(set(used["dataset"].dropna())),
        "status": status_counts(status_matrix(obs, catalog, [economy])).iloc[0]["text"].split(" (")[0],
        "no_data": [r["indicator"] for _i, r in gaps.iterrows() if pd.isna(r["score"]) and r["lens"] == "index"],
    }


def datasets_used(obs: pd.DataFrame) -> pd.DataFrame:
    """One row per source dataset with its confidence mix, for the closing slide."""
    grouped = obs.groupby("dataset").agg(
        rows=("indicator_id", "size"),
        verified=("confidence", lambda c: int((c == "verified").sum())),
        secondary=("confidence", lambda c: int((c == "secondary").sum())),
        synthetic=("confidence", lambda c: int((c == "synthetic").sum())),
    )
    return grouped.reset_index()
