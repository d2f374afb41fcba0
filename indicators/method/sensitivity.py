"""Rank uncertainty of the index-lens pillar scores: a seeded sensitivity analysis (OECD/JRC Handbook on
Constructing Composite Indicators, step 7). Pure numpy/pandas, no Streamlit.

Each draw changes three modelling choices at once and recomputes every pillar's ranking:
- category scores: every intermediate category score of a categorical index indicator moves by up to
  ``CATEGORY_SWING`` points (uniform), kept between its neighbours (the top and bottom categories stay);
- normalisation: min-max on the catalog scale (the published method) or the rank among the economies
  with a value (0 = lowest, 100 = highest), each with probability 1/2;
- weights: equal weights, or (probability 1/2, when the pillar has at least two indicators) one
  indicator of the pillar, chosen at random, left out.
Only economies whose pillar score meets the coverage rule take part (an unranked economy gets no band).
The rank band is the 5th-95th percentile of an economy's ranks over the draws, widened if needed so that
it always contains the published rank. The run is deterministic for a given seed.

Besides the draws, two scenarios test what can really change a rank (issue 19), and the band is widened
to contain the rank each of them gives:
- leave one publisher out: the pillar scored without the indicators of one publisher, for each publisher
  (an economy left without any value in a scenario takes no part in it);
- shared indicators: the pillar scored only on the indicators every ranked economy has a value for (when
  that is fewer than all and at least one).
A pillar whose indicators come from a single publisher cannot be tested that way: its band is "not
tested" (``tested`` False, no band bounds), never a certain rank.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.method.comparability import ordinal, too_old_notes  # noqa: F401 - re-exported
from indicators.method.scoring import indicators_for, latest_observations, pillar_scores
from indicators.model.catalog import PILLAR_IDS, Catalog
from indicators.model.vocabulary import N_, _

NOT_TESTED = N_("not tested: single source")  # the band of a single-publisher pillar
SCENARIOS_TEXT = N_(
    "Besides the draws, the band always contains the rank when one publisher is left out (each in turn) "
    "and when only the indicators every ranked economy shares are scored. A pillar with a single "
    "publisher cannot be tested this way: its band reads 'not tested'."
)

DRAWS = 500
SEED = 20261130
CATEGORY_SWING = 15.0
PERCENTILES = (5, 95)


@dataclass(frozen=True)
class Setup:
    draws: int = DRAWS
    seed: int = SEED
    category_swing: float = CATEGORY_SWING
    percentiles: tuple[int, int] = PERCENTILES

    def text(self) -> str:
        lo, hi = self.percentiles
        return _(
            "{draws} draws (seed {seed}); in each draw: intermediate category scores move by "
            "up to ±{swing} points (kept between their neighbours); normalisation is "
            "min-max on the catalog scale or the rank among the economies with a value (half the draws "
            "each); weights are equal or, in half the draws, one indicator of the pillar is left out. "
            "Rank band: the {low}th-{high}th percentile of the ranks over the draws, always including "
            "the published rank."
        ).format(draws=self.draws, seed=self.seed, swing=f"{self.category_swing:g}", low=lo, high=hi)


def band_cell(row) -> str:
    """The band of a row of :func:`rank_bands` in the current language: '2nd-4th', 'not tested: single
    source' for a single-publisher pillar, '' when there is none."""
    tested = row.get("tested") if hasattr(row, "get") else getattr(row, "tested", True)
    if tested is False or tested is np.False_:
        return _(NOT_TESTED)
    lo = row.get("band_lo") if hasattr(row, "get") else getattr(row, "band_lo", None)
    hi = row.get("band_hi") if hasattr(row, "get") else getattr(row, "band_hi", None)
    return band_text(lo, hi)


def band_text(lo, hi) -> str:
    """'2nd-4th', or '1st' when the band is one rank; '' when there is no band."""
    if lo is None or hi is None or pd.isna(lo) or pd.isna(hi):
        return ""
    return ordinal(lo) if int(lo) == int(hi) else f"{ordinal(lo)}-{ordinal(hi)}"


def scenario_scores(mat: np.ndarray, publishers: list[str]) -> np.ndarray:
    """Pillar scores (scenarios x economies) under leave-one-publisher-out, one scenario per publisher, and
    under the indicators every economy of ``mat`` shares (when those are fewer than all and at least one).
    ``mat``: economies x indicators (NaN when missing); ``publishers``: the publisher of each indicator.
    Empty (0 x economies) when there is one publisher."""
    out = []
    pubs = sorted(set(publishers))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an economy without a value in a scenario: NaN
        if len(pubs) >= 2:
            for pub in pubs:
                keep = [j for j, p in enumerate(publishers) if p != pub]
                out.append(np.nanmean(mat[:, keep], axis=1))
            shared = [j for j in range(mat.shape[1]) if not np.isnan(mat[:, j]).any()]
            if 0 < len(shared) < mat.shape[1]:
                out.append(np.nanmean(mat[:, shared], axis=1))
    return np.array(out).reshape(len(out), mat.shape[0])


def _ranks(p: np.ndarray) -> np.ndarray:
    """Rank per draw (1 = highest, ties share the best rank); NaN where the score is NaN. p: draws x economies."""
    higher = (p[:, None, :] > p[:, :, None]).sum(axis=2).astype(float) + 1.0
    higher[np.isnan(p)] = np.nan
    return higher


def _rank_normalise(s: np.ndarray) -> np.ndarray:
    """Per draw and indicator, the average rank among economies with a value scaled to 0-100.
    s: draws x economies x indicators. An indicator with fewer than two values keeps its score."""
    valid = ~np.isnan(s)
    less = (s[:, None, :, :] < s[:, :, None, :]).sum(axis=2)  # how many are strictly lower
    equal = (s[:, None, :, :] == s[:, :, None, :]).sum(axis=2) - 1  # ties, excluding itself
    k = valid.sum(axis=1, keepdims=True)  # values per draw and indicator
    avg_rank = less + equal / 2.0  # 0-based average rank
    with np.errstate(invalid="ignore", divide="ignore"):
        out = 100.0 * avg_rank / (k - 1)
    out = np.where(k >= 2, out, s)
    out[~valid] = np.nan
    return out


def pillar_draws(
    scores: np.ndarray,
    codes: list[list[str] | None],
    categories: list[dict | None],
    rng: np.random.Generator,
    setup: Setup,
) -> np.ndarray:
    """Pillar scores per draw for one pillar. ``scores``: economies x indicators (published min-max
    scores, NaN when missing); ``codes``/``categories``: per indicator, the category code of each economy
    and the catalog's category scores (None for numeric indicators). Returns draws x economies."""
    d = setup.draws
    n_eco, n_ind = scores.shape
    s = np.broadcast_to(scores, (d, n_eco, n_ind)).copy()
    # 1. category scores within their stated range, order kept
    for j, cats in enumerate(categories):
        if not cats:
            continue
        names = sorted(cats, key=lambda c: cats[c])
        base = np.array([cats[c] for c in names], dtype=float)
        drawn = np.tile(base, (d, 1))
        for k in range(1, len(names) - 1):
            lo, hi = base[k - 1], base[k + 1]
            drawn[:, k] = np.clip(base[k] + rng.uniform(-setup.category_swing, setup.category_swing, d), lo, hi)
        for e, code in enumerate(codes[j]):
            if code in names and not np.isnan(scores[e, j]):
                s[:, e, j] = drawn[:, names.index(code)]
    # 2. normalisation: min-max (as published) or rank, half the draws each
    use_rank = rng.random(d) < 0.5
    if use_rank.any():
        s[use_rank] = _rank_normalise(s[use_rank])
    # 3. weights: equal, or one indicator left out (half the draws, when there are at least two)
    w = np.ones((d, n_ind))
    if n_ind >= 2:
        drop = rng.random(d) < 0.5
        which = rng.integers(0, n_ind, d)
        w[np.arange(d)[drop], which[drop]] = 0.0
    present = ~np.isnan(s)
    num = np.where(present, s, 0.0) * w[:, None, :]
    den = present * w[:, None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        return num.sum(axis=2) / den.sum(axis=2)


def rank_bands(
    obs: pd.DataFrame,
    catalog: Catalog,
    as_of: int | None = None,
    setup: Setup = Setup(),
    include_synthetic: bool = False,
) -> pd.DataFrame:
    """One row per economy and pillar: published ``rank`` and its band ``band_lo``-``band_hi`` (NA when
    the economy is not ranked), the share of draws that reproduce the published rank, and ``band``
    text such as '2nd-4th'."""
    base = pillar_scores(obs, catalog, as_of, include_synthetic)
    chosen = indicators_for(obs, catalog, as_of, include_synthetic=include_synthetic)
    latest = latest_observations(obs, [i.id for i in chosen], as_of, include_synthetic)
    # plain lookups instead of a MultiIndex .loc per economy and indicator (issue 25): the same values
    cells = {
        key: (score, text)
        for key, score, text in zip(
            zip(latest["economy"].tolist(), latest["indicator_id"].tolist()),
            latest["score"].tolist(),
            latest["value_text"].tolist(),
        )
    }
    rows = []
    for p_index, pillar in enumerate(PILLAR_IDS):
        mine = base[base["pillar"] == pillar]
        rank_of = dict(zip(mine["economy"], mine["rank"]))
        ranked = mine[mine["rank"].notna()]
        ecos = list(ranked["economy"])
        points = [int(r) for r in ranked["rank"]]
        members = [i for i in chosen if i.pillar == pillar]
        out = {e: (pd.NA, pd.NA, float("nan")) for e in mine["economy"]}
        tested = len({i.publisher for i in members}) >= 2
        if ecos and members and tested:
            mat = np.full((len(ecos), len(members)), np.nan)
            codes: list[list[str] | None] = []
            for j, ind in enumerate(members):
                col = []
                for e, eco in enumerate(ecos):
                    if (eco, ind.id) in cells:
                        score, text = cells[(eco, ind.id)]
                        if pd.notna(score):
                            mat[e, j] = float(score)
                        col.append(str(text) if pd.notna(text) else "")
                    else:
                        col.append("")
                codes.append(col)
            rng = np.random.default_rng([setup.seed, p_index])
            draws = pillar_draws(mat, codes, [dict(i.categories) or None for i in members], rng, setup)
            ranks = _ranks(draws)
            scenario_ranks = _ranks(scenario_scores(mat, [i.publisher for i in members]))
            lo_p, hi_p = setup.percentiles
            for e, eco in enumerate(ecos):
                point = points[e]
                r = ranks[:, e][~np.isnan(ranks[:, e])]
                if not len(r):
                    out[eco] = (point, point, 1.0)
                    continue
                lo = int(np.percentile(r, lo_p, method="lower"))
                hi = int(np.percentile(r, hi_p, method="higher"))
                sc = scenario_ranks[:, e][~np.isnan(scenario_ranks[:, e])]
                lo, hi = (min(lo, int(sc.min())), max(hi, int(sc.max()))) if len(sc) else (lo, hi)
                out[eco] = (min(lo, point), max(hi, point), float((r == point).mean()))
        for eco, (lo, hi, share) in out.items():
            rows.append(
                {
                    "economy": eco,
                    "pillar": pillar,
                    "rank": rank_of[eco],
                    "band_lo": lo,
                    "band_hi": hi,
                    "same_rank_share": share,
                    "tested": tested,
                    "band": band_text(lo, hi)
                    if lo is not pd.NA
                    else ("" if tested or pd.isna(rank_of[eco]) else NOT_TESTED),
                }
            )
    out = pd.DataFrame(rows)
    for col in ("rank", "band_lo", "band_hi"):
        out[col] = out[col].astype("Int64")
    return out


def with_bands(scores: pd.DataFrame, bands: pd.DataFrame) -> pd.DataFrame:
    """Pillar scores with the band columns joined (band '' where the economy is not ranked)."""
    keep = bands[["economy", "pillar", "band_lo", "band_hi", "band", "same_rank_share", "tested"]]
    out = scores.merge(keep, on=["economy", "pillar"], how="left")
    out["band"] = out["band"].fillna("")
    return out


def rank_text(row) -> str:
    """'1st (band 1st-3rd)'; for a score too old to rank 'not ranked: data from 2020; the others
    2023-2025'; '' for any other unranked economy."""
    if pd.isna(row.get("rank")):
        if pd.notna(row.get("others_from", pd.NA)):
            return too_old_notes(int(row["period_to"]), int(row["others_from"]), int(row["others_to"]))[0]
        return ""
    text = ordinal(int(row["rank"]))
    if row.get("tested") is False or row.get("tested") is np.False_:
        return _("{rank} (band {band})").format(rank=text, band=_(NOT_TESTED))
    lo, hi = row.get("band_lo"), row.get("band_hi")
    # the band from its bounds in the current language (the cached "band" column is English)
    band = band_text(lo, hi) if lo is not None and hi is not None else (row.get("band") or "")
    return _("{rank} (band {band})").format(rank=text, band=band) if band else text
