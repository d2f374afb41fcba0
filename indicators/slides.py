"""Forum presentation deck: which slides, in which order, and what each economy slide says.

Pure functions over the warehouse's observations; the page (pages/present.py) only renders them.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .catalog import PILLAR_IDS, Catalog
from .economies import ECONOMY_CODES, display_name
from .i18n import _
from .profile import key_facts
from .scoring import gap_table, status_counts, status_matrix, strengths_and_gaps
from .sensitivity import band_text, ordinal

FOCUS_CHOICES = ("overview", *PILLAR_IDS)
SLIDE_FACTS = ("gci_2024_overall", "gci_2024_tier", "ncsi_score", "national_strategy", "cyber_law",
               "national_csirt")


def slide_ranking(values: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """The map slide's ranking from :func:`indicators.maps.pillar_map_values` (with bands): the ranked
    economies, best first, each with its score, coverage "n/m" and rank band ("1st Serbia: 91.9 (1/1;
    band 1st)"); and the economies left
    out of the ranking (below the coverage rule or without data) with the reason."""
    ranked = values[values["rank"].notna()].copy()
    ranked["rank_int"] = ranked["rank"].astype(int)
    ranked = ranked.sort_values(["rank_int", "name"])
    shown = [{"economy": r.economy, "name": r.name, "rank": int(r.rank_int), "score": float(r.score),
              "coverage": r.coverage, "band": r.band,
              "text": f"{ordinal(int(r.rank_int))} {r.name}: {r.score:.1f} ({r.coverage.replace(' of ', '/')}"
                      + (f"; band {r.band}" if r.band else "") + ")"}
             for r in ranked.itertuples()]
    left_out = [{"economy": r.economy, "name": r.name, "text": f"{r.name}: {r.short_text}"
                 + (f" ({r.coverage})" if r.status != "insufficient_data" and r.coverage else "")}
                for r in values[values["rank"].isna()].itertuples()]
    return shown, left_out


def compare_cell(row) -> str:
    """A cell of the comparison slide: '72 (2/2) · band 1st-2nd', 'insufficient (1/3)' or '— (0/2)'."""
    n, m = int(row["n"]), int(row["m"])
    if bool(row["meets_rule"]) and pd.notna(row["score"]):
        band = row.get("band") or ""
        return f"{row['score']:.0f} ({n}/{m})" + (f" · band {band}" if band else "")
    return f"insufficient ({n}/{m})" if n else f"— (0/{m})"


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
        Slide("compare", f"{_('Side by side')}: {', '.join(display_name(c) for c in economies)}"),
        Slide("closing", _("Sources and how to read this")),
    ]
    return deck


def default_economies() -> list[str]:
    return list(ECONOMY_CODES)


def _line(row) -> str:
    text = f"{row['indicator']}: {row['value']}"
    return text


def economy_summary(obs: pd.DataFrame, catalog: Catalog, economy: str, k: int = 3) -> dict:
    """Top strengths, top gaps (to the WB6 best) and the key facts shown on an economy slide."""
    gaps = gap_table(obs, catalog, economy)
    strengths, biggest = strengths_and_gaps(gaps, k)
    facts = [f for f in key_facts(obs, catalog, economy) if f["indicator_id"] in SLIDE_FACTS]
    return {
        "strengths": [{"text": _line(r), "score": r["score"], "confidence": r["confidence"]}
                      for _i, r in strengths.iterrows()],
        "gaps": [{"text": _line(r), "gap": r["gap_to_best"],
                  "best": ", ".join(display_name(e) for e in r["best_economies"]), "confidence": r["confidence"]}
                 for _i, r in biggest.iterrows()],
        "facts": facts,
        "status": status_counts(status_matrix(obs, catalog, [economy])).iloc[0]["text"].split(" (")[0],
        "no_data": [r["indicator"] for _i, r in gaps.iterrows() if pd.isna(r["score"])],
    }


def datasets_used(obs: pd.DataFrame) -> pd.DataFrame:
    """One row per source dataset with its confidence mix, for the closing slide."""
    grouped = obs.groupby("dataset").agg(rows=("indicator_id", "size"),
                                         verified=("confidence", lambda c: int((c == "verified").sum())),
                                         secondary=("confidence", lambda c: int((c == "secondary").sum())),
                                         synthetic=("confidence", lambda c: int((c == "synthetic").sum())))
    return grouped.reset_index()
