"""Normalisation, pillar scores and gap analysis. Pure functions over pandas DataFrames.

Method (also shown on the methodology page):
- Normalisation: a numeric value v on a scale [min, max] becomes 100 * (v - min) / (max - min);
  when lower is better it becomes 100 minus that. A categorical value takes the score the catalog
  assigns to its category. Rows that are not observed (not covered, not assessed, suppressed,
  not applicable) have no score: missing is never zero.
- Edition choice: for a reference year Y, each series uses its latest edition published in or before
  Y, and each economy its latest observation dated in or before Y.
- Two lenses, never averaged together. Index lens: graded external measurements (catalog ``lens: index``).
  Status lens: legal and institutional facts (``lens: status``), shown as a status matrix
  (in place / partly / missing / not assessed) with counts, never as a 0-100 mean.
- Pillar score (index lens only): the mean of the available normalised scores of the pillar's index
  indicators, with its coverage n of m. It is shown and ranked only when the catalog's coverage rule
  holds (default: n/m at least two thirds and n at least 1); below it the pillar reads
  "insufficient data (n of m)" and is ranked nowhere. A mean of the available values treats each
  missing indicator as if it equalled the mean of the others (mean imputation); the rule limits that.
- Each value of a pillar first passes the comparison rule (indicators.method.comparability): a value more
  than MAX_PERIOD_GAP years older than the newest of its indicator, flagged u (low reliability) or anomalous
  is left out like a missing one; the coverage rule then decides whether the pillar is scored.
- Like-for-like in time: a pillar score is ranked only against scores of about the same time. An
  economy whose newest scored value is more than MAX_PERIOD_GAP years older than the newest among
  the economies that meet the coverage rule keeps its score (with its year) but is not ranked
  ("not ranked: data from 2020; the others 2023-2025").
- Like-for-like: the WB6 average of a pillar is taken over the economies whose score meets the rule,
  labelled "average of n", and not given when n < 4. "Best of n" names how many had a value; no median
  when n < 3; gap priorities only against a best of at least 4 economies.
- Gap: for each indicator, the economy's score against the WB6 best (and who holds it), the WB6
  median and, where the catalog defines one, a target.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import pandas as pd

from indicators.method.comparability import (  # noqa: F401 - the one time rule (re-exported)
    ANOMALOUS,
    ANOMALY_COLUMNS,
    LOW_RELIABILITY,
    MAX_PERIOD_GAP,
    NO_SCORE,
    OK,
    STATUS_FACT,
    TOO_OLD,
    low_reliability_text,
    not_compared_notes,
    too_old,
    too_old_text,
)
from indicators.method.comparability import reasons as comparability_reasons
from indicators.model.catalog import PILLAR_IDS, Catalog, Indicator
from indicators.model.economies import ECONOMY_CODES
from indicators.model.vocabulary import (  # noqa: F401 - re-exported for callers
    CONFIDENCE_LEVELS,
    INSUFFICIENT,
    MISSING_STATUSES,
    N_,
    STATUS_LABELS,
    _,
    publisher_label,
    unranked_flag,
)
from indicators.text.formatting import _is_year_scale, indicator_value
from indicators.text.i18n import format_number, format_trimmed, ngettext

# Like-for-like thresholds (stated on the methodology page and in the README).
MIN_FOR_AVERAGE = 4  # a WB6 average needs at least this many economies with a score
MIN_FOR_MEDIAN = 3  # a WB6 median needs at least this many
MIN_FOR_GAP = 4  # a gap priority needs a WB6 best over at least this many
# INSUFFICIENT ("insufficient_data"): a pillar whose coverage is below the rule (indicators.model.vocabulary).
MISSING_PRIORITY = {  # what a reader can do about a row without a score
    "no_data": N_("No data: collect evidence"),
    "not_assessed": N_("Not assessed: collect evidence"),
    "not_covered": N_("Not covered by the source"),
    "not_applicable": N_("Not applicable"),
    "suppressed": N_("Suppressed: sample too small"),
}
# English message id: translate where it is shown (_(PRIORITY_RULE)).
PRIORITY_RULE = N_(
    "Priority orders indicators by the gap to the WB6 best (in normalised points, largest first), "
    "then by the gap to the target. High: 30 points or more behind the best; Medium: 10 to 30; "
    "Low: under 10; 'At WB6 best' when the economy holds the best value. A gap is prioritised only "
    "when the best is taken over at least 4 economies with a comparable value ('best of n'); otherwise it "
    "reads 'Too few to compare'. A value more than 3 years older than the newest of the others is shown "
    "with its year but is never the best, never the reference of a gap and gets no gap itself ('Not "
    "compared'). Status facts (laws, treaties, strategies, CSIRTs) are never given points: they read as "
    "their state (in place, partly in place, missing, not assessed, not applicable) with how many of the "
    "six have the fact in place, after the index gaps. Indicators without a score "
    "come last: where data is missing or not assessed the first step is to collect the evidence; "
    "'not covered' and 'not applicable' are facts, not gaps."
)
# English message ids: the fact-state coding rule and the comparability rule, as the methodology page states them.
FACT_STATE_RULE = N_(
    "The status lens holds legal and institutional facts (Budapest Convention, strategy, cyber law, data "
    "protection, national CSIRT, FIRST membership, CMM review); they are shown as a status matrix with the "
    "year and the source, counted ('5 of 8 in place') and never turned into a 0-100 mean, a point gap or a "
    "best. Coding rule, the same for every economy: the catalog's top category is 'in place'; 'missing' only "
    "when the category says the thing does not exist (no law, no strategy, no CSIRT, not a party, not a "
    "member); any other category means something exists but falls short of the top one and is 'partly in "
    "place' (a law in force but not or only partly aligned, an entity-level law or CSIRT, an expired "
    "strategy, guidelines only, a bill, a treaty signed but not ratified, a liaison membership). A fact "
    "nobody has established is 'not assessed' (not 'no'), and one that cannot apply is 'not applicable'. "
    "The same evidence gets the same category everywhere: a data-protection law that a law-firm summary "
    "calls harmonised with, modelled on or transposing the GDPR is 'GDPR-aligned'. Each indicator's lens "
    "is declared in the catalog."
)
COMPARABILITY_RULE = N_(
    "One rule decides whether two values may be compared, everywhere a value is compared (pillar ranks, "
    "one-indicator maps, 'best' and 'lowest' marks, gap priorities, 'best on N of M' tallies, slide "
    "strengths and gaps, the country brief): the same indicator (one edition on one scale), both graded "
    "measurements with a score, both covered by the source, neither flagged as an anomaly, and neither more "
    "than 3 years older than the newest. A value that fails the time rule is shown with its year and "
    "'not compared'. Tallies count each source once: a headline index or its pillars, not both. Ranks "
    "read '2nd of 5' and averages 'average of n'; where a publisher does not assess an economy the page "
    "says 'not covered by' that source, not 'no data'."
)


def normalise(ind: Indicator, value: float | None, value_text: str | None) -> float | None:
    """Score 0-100 for one value of an indicator, or None when there is nothing to score."""
    if ind.is_categorical:
        if value_text is None or (isinstance(value_text, float) and math.isnan(value_text)):
            return None
        score = ind.categories.get(str(value_text))
        return None if score is None else float(score)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    share = (float(value) - ind.min) / (ind.max - ind.min)
    share = min(max(share, 0.0), 1.0)
    return round(100.0 * (1.0 - share if ind.direction == "lower_is_better" else share), 4)


def target_score(ind: Indicator) -> float | None:
    if not ind.target:
        return None
    return normalise(ind, ind.target.get("value"), ind.target.get("value_text"))


def demonstration_only(obs: pd.DataFrame) -> set[str]:
    """Indicators whose every observation is demonstration (synthetic) data."""
    synthetic = obs["confidence"].eq("synthetic").to_numpy(dtype=bool)
    ids = obs["indicator_id"]
    # every row synthetic = seen in a synthetic row and in no other (no groupby over the 35k rows: issue 25)
    return set(ids[synthetic].unique()) - set(ids[~synthetic].unique())


def select_indicators(
    catalog: Catalog, as_of: int | None, *, purpose: str = "pillar", exclude: set[str] = frozenset()
) -> list[Indicator]:
    """Indicators used for a reference year: per series, the latest edition published by ``as_of``.

    ``exclude`` drops indicators entirely (e.g. demonstration-only ones when real scores are asked for),
    so they count neither as data nor in the coverage "n of m".
    """

    def wanted_for(i: Indicator) -> bool:
        if purpose == "pillar":  # pillar scores: index lens only
            return i.in_pillar_score and i.lens == "index"
        if purpose == "status":
            return i.lens == "status"
        return i.in_gap_table

    wanted = [i for i in catalog.indicators.values() if wanted_for(i) and i.id not in exclude]
    by_series: dict[str, list[Indicator]] = {}
    for ind in wanted:
        by_series.setdefault(ind.series, []).append(ind)
    chosen = []
    for members in by_series.values():
        editions = [m for m in members if m.edition is None or as_of is None or m.edition <= as_of]
        if not editions:
            continue
        chosen.append(max(editions, key=lambda m: m.edition or 0))
    return sorted(chosen, key=lambda i: (PILLAR_IDS.index(i.pillar) if i.pillar in PILLAR_IDS else -1, i.id))


def indicators_for(
    obs: pd.DataFrame, catalog: Catalog, as_of: int | None, *, purpose: str = "pillar", include_synthetic: bool = False
) -> list[Indicator]:
    """The indicators a pillar score (or gap table) uses: edition choice by ``as_of`` and, for real scores,
    without the indicators that only demonstration data feeds."""
    return select_indicators(
        catalog, as_of, purpose=purpose, exclude=set() if include_synthetic else demonstration_only(obs)
    )


def latest_observations(
    obs: pd.DataFrame, indicator_ids: list[str], as_of: int | None, include_synthetic: bool = False
) -> pd.DataFrame:
    """The latest preferred observation per economy and indicator dated by ``as_of`` (whole population first).

    Demonstration (synthetic) rows are left out unless ``include_synthetic`` is set, so real scores are
    never mixed with demonstration data by accident; a view that includes them must carry the badge.
    """
    mask = obs["indicator_id"].isin(indicator_ids) & obs["preferred"].astype(bool) & (obs["group"] == "all")
    if not include_synthetic:
        mask &= obs["confidence"] != "synthetic"
    if as_of is not None:
        mask &= obs["period"] <= as_of
    # Latest period first; within it the whole population (sex "total") wins over a single-sex row,
    # which is used only for indicators measured on one sex (e.g. violence against women).
    # Not-assessed rule: a row without a value (not assessed, not covered, suppressed ...) never hides
    # an observed value. The latest observed row is used, and the newest row after it that has no value
    # is carried beside it (``newer_status``/``newer_period``/``newer_note``), to be shown next to it.
    # The choice is made on the few columns it reads (with each row's position), and the chosen rows are
    # taken from every column once: the same rows, order and dtypes as sorting the whole rows (issue 25).
    keys = ["economy", "indicator_id"]
    narrow = [*keys, "period", "sex", "status", *(["note"] if "note" in obs else [])]
    cur = obs.loc[mask, narrow].assign(_pos=np.flatnonzero(mask.to_numpy(dtype=bool)))
    cur = cur.assign(_total=(cur["sex"] == "total"), _obs=(cur["status"] == "observed"))
    cur = cur.sort_values(["economy", "indicator_id", "_obs", "period", "_total"])
    chosen = cur.groupby(keys, as_index=False).tail(1)
    newest = cur.sort_values(["economy", "indicator_id", "period", "_total"]).groupby(keys, as_index=False).tail(1)
    newer = newest.merge(chosen[[*keys, "period"]], on=keys, suffixes=("", "_used"))
    newer = newer[newer["period"] > newer["period_used"]]
    newer = newer[[*keys, "status", "period", *(["note"] if "note" in newer else [])]].rename(
        columns={"status": "newer_status", "period": "newer_period", "note": "newer_note"}
    )
    out = obs.take(chosen["_pos"].to_numpy()).merge(newer, on=keys, how="left")
    out["newer_period"] = out["newer_period"].astype("Int64")
    return out.reset_index(drop=True)


def _mean(values: np.ndarray) -> float:
    """The mean of float values as pandas' ``Series.mean`` takes it (NaN skipped: the sum of the others, in order,
    over their count), so that a score is the same to the last bit as before (issue 25)."""
    present = ~np.isnan(values)
    count = int(present.sum())
    if not count:
        return float("nan")
    return float(np.where(present, values, 0.0).sum() / count)


# Below this many rows pillar_scores reads the rows in plain Python (:func:`_small_latest`): on the Inclusion
# view's 81 rows pandas' fixed cost per operation (sorts, merges, group-bys: about 50 ms a call) was nearly all
# the work. The same rows, order, means to the last bit, years and texts as the frame path
# (tests/test_scoring_fast.py runs both on every variant; issue 25).
SMALL_INPUT = 2000


def _small_input(obs: pd.DataFrame) -> bool:
    """Whether ``obs`` is small and plainly typed enough for :func:`_small_latest` (numpy integer years, float
    scores, boolean ``preferred``, no missing economy or indicator); otherwise the frame path is taken."""
    if len(obs) > SMALL_INPUT:
        return False
    period, score, preferred = obs["period"].dtype, obs["score"].dtype, obs["preferred"].dtype
    if not (isinstance(period, np.dtype) and period.kind in "iu"):
        return False
    if not (isinstance(score, np.dtype) and score == np.float64) or not (
        isinstance(preferred, np.dtype) and preferred == np.bool_
    ):
        return False
    return not (obs["economy"].isna().any() or obs["indicator_id"].isna().any())


def _small_latest(obs: pd.DataFrame, indicator_ids: list[str], as_of: int | None, include_synthetic: bool, catalog):
    """:func:`latest_observations` and the comparison rule (``comparability.reasons`` and
    ``not_compared_notes``) for a small ``obs`` (:func:`_small_input`), in plain Python: per chosen row, in
    latest_observations' order (economy, then indicator), its economy, indicator, score, year, status, reason
    and note, as the lists and arrays pillar_scores reads."""
    wanted = set(indicator_ids)
    columns = ["economy", "indicator_id", "period", "sex", "status", "preferred", "group", "confidence"]
    best: dict[tuple[str, str], tuple[tuple, int]] = {}
    for pos, (eco, ind, period, sex, status, preferred, group, conf) in enumerate(
        zip(*(obs[c].tolist() for c in columns))
    ):
        if ind not in wanted or not preferred or group != "all":
            continue
        if (not include_synthetic and conf == "synthetic") or (as_of is not None and not period <= as_of):
            continue
        # latest_observations' stable sort on (observed, period, whole population) keeps the last of equals
        key = (status == "observed", period, sex == "total", pos)
        if (eco, ind) not in best or key > best[(eco, ind)][0]:
            best[(eco, ind)] = (key, pos)
    rows = [best[k][1] for k in sorted(best)]

    def take(col: str) -> list:
        values = obs[col].tolist()
        return [values[p] for p in rows]

    eco_of, ids, period_of, status_of = take("economy"), take("indicator_id"), take("period"), take("status")
    score_of = np.array(take("score"), dtype="float64")
    # comparability.reasons, row by row: no score, status fact, anomalous, low reliability, then too old
    # against the newest comparable year of the indicator
    if "lens" in obs.columns:
        index = [bool(pd.isna(lens)) or lens == "index" for lens in take("lens")]
    else:
        lens_of = {i: catalog is None or catalog.get(i) is None or catalog.get(i).lens == "index" for i in set(ids)}
        index = [lens_of[i] for i in ids]
    flagged = [False] * len(rows)
    for col in ANOMALY_COLUMNS:
        if col in obs.columns:
            marks = [bool(v) if isinstance(v, bool) else str(v).strip().lower() == "true" for v in take(col)]
            flagged = [a or b for a, b in zip(flagged, marks)]
    unranked = [unranked_flag(v) for v in take("flag")] if "flag" in obs.columns else [False] * len(rows)
    why_of = []
    for k in range(len(rows)):
        why = OK if not math.isnan(score_of[k]) and status_of[k] == "observed" else NO_SCORE
        if not index[k]:
            why = STATUS_FACT
        elif why == OK and flagged[k]:
            why = ANOMALOUS
        elif why == OK and unranked[k]:
            why = LOW_RELIABILITY
        why_of.append(why)
    newest: dict[str, int] = {}
    for i, p, w in zip(ids, period_of, why_of):
        if w == OK:
            newest[i] = max(newest.get(i, p), p)
    why_of = [TOO_OLD if w == OK and p < newest[i] - MAX_PERIOD_GAP else w for i, p, w in zip(ids, period_of, why_of)]
    years: dict[str, tuple[int, int]] = {}
    for i, p, w in zip(ids, period_of, why_of):
        if w == OK:
            lo, hi = years.get(i, (p, p))
            years[i] = (min(lo, p), max(hi, p))
    note_of = [
        too_old_text(int(p), int(years[i][0]), int(years[i][1]))
        if w == TOO_OLD and i in years
        else (low_reliability_text() if w == LOW_RELIABILITY else "")
        for i, p, w in zip(ids, period_of, why_of)
    ]
    return (
        eco_of,
        np.array(ids, dtype=object),
        score_of,
        np.array(period_of),
        np.array(status_of, dtype=object),
        np.array(why_of, dtype=object),
        np.array(note_of, dtype=object),
    )


def pillar_scores(
    obs: pd.DataFrame, catalog: Catalog, as_of: int | None = None, include_synthetic: bool = False
) -> pd.DataFrame:
    """One row per economy and pillar (index lens only).

    Columns: ``score`` (the mean of the available normalised index scores, NaN when the coverage rule
    does not hold), ``mean_available`` (that mean whatever the coverage, for the worked example only),
    ``n`` available, ``m`` index indicators, ``needed`` (the n the rule asks for), ``meets_rule``,
    ``period_from``/``period_to`` (the years of the scored values, <NA> without any), ``in_time``
    (meets the rule and ``period_to`` is at most :data:`MAX_PERIOD_GAP` years older than the newest
    ``period_to`` among the economies that meet the rule) and ``rank`` (1 = best among the economies
    in time; <NA> otherwise; ties share a rank).
    """
    chosen = indicators_for(obs, catalog, as_of, include_synthetic=include_synthetic)
    if _small_input(obs):  # e.g. the Inclusion view's 81 rows: the same choice and rule in plain Python
        eco_of, ids, score_of, period_of, status_of, why_of, note_of = _small_latest(
            obs, [i.id for i in chosen], as_of, include_synthetic, catalog
        )
    else:
        latest = latest_observations(obs, [i.id for i in chosen], as_of, include_synthetic)
        # Each contributing value passes the one comparison rule first (comparability.reasons, per indicator
        # across the economies): a value too old against the newest of its indicator, of low reliability or
        # anomalous is left out like a missing one, and the coverage rule then decides whether the pillar is
        # scored.
        latest = latest.assign(_why=comparability_reasons(latest, catalog))
        latest = latest.assign(_note=not_compared_notes(latest, latest["_why"]))
        eco_of = latest["economy"].tolist()
        ids = latest["indicator_id"].to_numpy(dtype=object)
        score_of = latest["score"].to_numpy(dtype="float64")
        period_of = latest["period"].to_numpy()
        status_of = latest["status"].to_numpy(dtype=object)
        why_of = latest["_why"].to_numpy(dtype=object)
        note_of = latest["_note"].to_numpy(dtype=object)
    # The loop reads plain arrays grouped once per economy and pillar, in the rows' order: the same n, means
    # (numpy's sum of the same values in the same order, as pandas' mean), years and texts as selecting each
    # group from the frame, without some 250k Python calls of pandas selections per call (issue 25).
    pillar_of = {i.id: i.pillar for i in chosen}
    publisher_of = {i.id: i.publisher for i in chosen}
    groups: dict[tuple[str, str], list[int]] = {}
    for pos, (eco, ind) in enumerate(zip(eco_of, ids)):
        if ind in pillar_of:
            groups.setdefault((eco, pillar_of[ind]), []).append(pos)
    members_of = {p: [i for i in chosen if i.pillar == p] for p in PILLAR_IDS}
    rows = []
    for eco in ECONOMY_CODES:
        for pillar in PILLAR_IDS:
            members = members_of[pillar]
            here = groups.get((eco, pillar), [])
            scored = [k for k in here if why_of[k] == "ok"]
            left_out = [k for k in here if note_of[k] != ""]
            rule = catalog.rule_for(pillar)
            n, m = len(scored), len(members)
            mean = round(_mean(score_of[scored]), 2) if n else float("nan")
            ok = rule.met(n, m)
            uncovered = {publisher_of[ids[k]] for k in here if status_of[k] == "not_covered"}
            years = [int(period_of[k]) for k in scored]
            rows.append(
                {
                    "economy": eco,
                    "pillar": pillar,
                    "score": mean if ok else float("nan"),
                    "mean_available": mean,
                    "n": n,
                    "m": m,
                    "needed": rule.needed(m),
                    "meets_rule": ok,
                    "period_from": min(years) if n else pd.NA,
                    "period_to": max(years) if n else pd.NA,
                    # evidence depth: the publishers of the pillar's indicators (catalog), of the values
                    # this economy has, and of the indicators whose publisher does not cover it
                    "publishers": ";".join(sorted({i.publisher for i in members})),
                    "single_source": len({i.publisher for i in members}) == 1,
                    "publishers_used": ";".join(sorted({publisher_of[ids[k]] for k in scored})),
                    "not_covered_by": ";".join(sorted(p for p in uncovered if isinstance(p, str))),
                    # values with a score left out by the comparison rule, and why ('data from 2020; ...')
                    "not_compared": len(left_out),
                    "not_compared_ids": ";".join(ids[k] for k in left_out),
                    "not_compared_why": "; ".join(dict.fromkeys(note_of[k] for k in left_out)),
                    "not_compared_years": ";".join(sorted({str(int(period_of[k])) for k in left_out})),
                }
            )
    out = pd.DataFrame(rows)
    for col in ("period_from", "period_to"):
        out[col] = out[col].astype("Int64")
    # In time, rank and the others' years, per pillar over the 6 x pillars rows in plain Python (the same values
    # as the group-bys they replaced, which cost about 10 ms a call at idle: issue 25): in time = meets the rule
    # and its newest year at most MAX_PERIOD_GAP older than the newest of the pillar's ruled scores (too_old);
    # rank = pandas' rank(method="min", ascending=False) of the scores in time; for a ruled score out of time,
    # the first and newest year of the scores in time.
    meets = [bool(r["meets_rule"]) for r in rows]
    newest: dict[str, int] = {}
    for r, ok in zip(rows, meets):
        if ok and r["n"]:
            newest[r["pillar"]] = max(newest.get(r["pillar"], r["period_to"]), r["period_to"])
    in_time = [
        ok and not (r["n"] and r["period_to"] < newest[r["pillar"]] - MAX_PERIOD_GAP) for r, ok in zip(rows, meets)
    ]
    ranked: dict[str, list[float]] = {}
    years: dict[str, tuple[int, int]] = {}
    for r, t in zip(rows, in_time):
        if t and not math.isnan(r["score"]):
            ranked.setdefault(r["pillar"], []).append(r["score"])
        if t and r["n"]:
            lo, hi = years.get(r["pillar"], (r["period_from"], r["period_to"]))
            years[r["pillar"]] = (min(lo, r["period_from"]), max(hi, r["period_to"]))
    out["in_time"] = np.array(in_time, dtype=bool)
    out["rank"] = pd.array(
        [
            1 + sum(v > r["score"] for v in ranked[r["pillar"]]) if t and not math.isnan(r["score"]) else None
            for r, t in zip(rows, in_time)
        ],
        dtype="Int64",
    )
    # for a score too old to rank: the years of the scores it is not ranked against
    old = [ok and not t and r["pillar"] in years for r, ok, t in zip(rows, meets, in_time)]
    out["others_from"] = pd.array([years[r["pillar"]][0] if o else None for r, o in zip(rows, old)], dtype="Int64")
    out["others_to"] = pd.array([years[r["pillar"]][1] if o else None for r, o in zip(rows, old)], dtype="Int64")
    return out


def out_of_time(scores: pd.DataFrame) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(economy, pillar) -> (its newest year, the others' first and newest year) for every score that
    meets the coverage rule but is too old to rank (see :data:`MAX_PERIOD_GAP`)."""
    rows = scores[scores["others_from"].notna()]
    return {(r.economy, r.pillar): (int(r.period_to), int(r.others_from), int(r.others_to)) for r in rows.itertuples()}


def coverage_text(n: int, m: int) -> str:
    """'2 of 3' in the current language."""
    return _("{n} of {m}").format(n=n, m=m)


def _field(row, key: str, default=""):
    value = row.get(key, default) if hasattr(row, "get") else getattr(row, key, default)
    return default if value is None or (isinstance(value, float) and math.isnan(value)) else value


def single_source_text(row) -> str:
    """'single source: ITU GCI 2024' for a pillar whose indicators all come from one publisher; ''
    otherwise. Shown wherever such a pillar's score is shown."""
    if not bool(_field(row, "single_source", False)):
        return ""
    publisher = publisher_label(str(_field(row, "publishers")))
    year = _field(row, "period_to", pd.NA)
    if year is pd.NA or pd.isna(year):
        return _("single source: {publisher}").format(publisher=publisher)
    return _("single source: {publisher} {year}").format(publisher=publisher, year=int(year))


def not_covered_text(row) -> str:
    """'not covered by ITU GCI' when a publisher of the pillar does not cover the economy; '' otherwise."""
    codes = [c for c in str(_field(row, "not_covered_by")).split(";") if c]
    if not codes:
        return ""
    return _("not covered by {publishers}").format(publishers=", ".join(publisher_label(c) for c in codes))


def not_compared_text(row) -> str:
    """'2 values not compared: data from 2020; the others 2023-2025' for a pillar whose values the comparison
    rule left out of the score; '' otherwise."""
    k = int(_field(row, "not_compared", 0) or 0)
    if not k:
        return ""
    return ngettext("{k} value not compared: {why}", "{k} values not compared: {why}", k).format(
        k=k, why=_field(row, "not_compared_why")
    )


def pillar_cell_text(row, digits: int = 1) -> str:
    """'72.2 (2 of 2)', 'insufficient data (1 of 2)' or 'no data (0 of 2)': never a bare number. A
    single-publisher pillar says so ('91.9 (1 of 1; single source: ITU GCI 2024)'), and a pillar a
    publisher does not cover names it ('insufficient data (1 of 2; not covered by ITU GCI)'; without any
    value 'not covered by the ITU GCI (0 of 1; single source: ITU GCI)', never 'no data')."""
    n, m = int(row["n"]), int(row["m"])
    notes = "".join(f"; {t}" for t in (single_source_text(row), not_covered_text(row), not_compared_text(row)) if t)
    coverage = coverage_text(n, m) + notes
    if bool(row["meets_rule"]) and pd.notna(row["score"]):
        return f"{format_number(float(row['score']), digits)} ({coverage})"
    if n == 0 and not int(_field(row, "not_compared", 0) or 0):
        codes = [c for c in str(_field(row, "not_covered_by")).split(";") if c]
        if codes:  # the publisher does not assess the economy: said as such (the profile's words), never "no data"
            uncovered = _("not covered by the {index}").format(index=", ".join(publisher_label(c) for c in codes))
            single = single_source_text(row)
            return f"{uncovered} ({coverage_text(n, m)}{'; ' + single if single else ''})"
        return _("no data ({coverage})").format(coverage=coverage)
    return _("insufficient data ({coverage})").format(coverage=coverage)


def wb6_average(scores: pd.DataFrame, min_economies: int = MIN_FOR_AVERAGE) -> pd.DataFrame:
    """Per pillar: the mean over the economies whose score meets the coverage rule ("average of n"),
    NaN when fewer than ``min_economies`` have one; and the best of those n with who holds it. Like with
    like in time: where ``scores`` says which are ranked (``in_time``), a score too old to rank is left out."""
    rows = []
    for pillar in PILLAR_IDS:
        have = scores[(scores["pillar"] == pillar)].dropna(subset=["score"])
        if "in_time" in have.columns:
            have = have[have["in_time"].astype(bool)]
        n = int(len(have))
        best = float(have["score"].max()) if n else float("nan")
        rows.append(
            {
                "pillar": pillar,
                "score": round(float(have["score"].mean()), 2) if n >= min_economies else float("nan"),
                "economies": n,
                "members": sorted(have["economy"]),
                "best": best,
                "best_economies": sorted(have.loc[have["score"] == best, "economy"]) if n else [],
            }
        )
    return pd.DataFrame(rows)


def average_text(row, digits: int = 1) -> str:
    """'61.3 (average of 5)', or why there is none: 'none (only 3 with data; needs 4)'."""
    n = int(row["economies"])
    if pd.notna(row["score"]):
        return _("{score} (average of {n})").format(score=format_number(float(row["score"]), digits), n=n)
    return _("none (only {n} with data; needs {k})").format(n=n, k=MIN_FOR_AVERAGE)


def newer_text(row) -> str:
    """What stands beside an observed value that a newer row without a value did not replace (see the
    not-assessed rule in :func:`latest_observations`): ' (2025; 2026: not assessed)'; '' otherwise."""
    if row is None or row["status"] != "observed":
        return ""
    newer = row.get("newer_status") if hasattr(row, "get") else None
    if newer is None or (isinstance(newer, float) and math.isnan(newer)) or pd.isna(newer):
        return ""
    return _(" ({period}; {newer_period}: {status})").format(
        period=int(row["period"]), newer_period=int(row["newer_period"]), status=_(STATUS_LABELS.get(newer, newer))
    )


def anomaly_text(row) -> str:
    """The data's own anomaly note of an observed value that is shown but not scored (the anomaly
    rule, column ``anomaly``): ' (not scored: <note>)'; '' otherwise."""
    if row is None or not hasattr(row, "get"):
        return ""
    note = row.get("anomaly")
    if note is None or (isinstance(note, float) and math.isnan(note)) or not str(note).strip():
        return ""
    return _(" (not scored: {note})").format(note=str(note).strip())


def display_value(ind: Indicator, row) -> str:
    """Human-readable value of an observation row (or a status label when it is missing), with a newer
    row without a value beside it and, for a flagged value, why it is not scored."""
    if row is None:
        return _(STATUS_LABELS["no_data"])
    status = row["status"]
    if status != "observed":
        return _(STATUS_LABELS.get(status, status))
    if ind.is_categorical:
        return ind.label_for(row["value_text"]) + newer_text(row) + anomaly_text(row)
    value = row["value"]
    year = ind.unit in ("rank", "year") or _is_year_scale(ind.min, ind.max)  # the unit may arrive translated
    text = f"{value:.0f}" if year else format_trimmed(value, 2)
    return text + newer_text(row) + anomaly_text(row)


def _scaled(ind: Indicator, row) -> str:
    """The value of an observation row with its scale ("12.08 / 20"), or its status label."""

    if row is None:
        return _(STATUS_LABELS["no_data"])
    return indicator_value(ind, row["value"], row["value_text"], row["status"]) + newer_text(row) + anomaly_text(row)


def pillar_inputs(obs: pd.DataFrame, catalog: Catalog, as_of: int | None = None) -> pd.DataFrame:
    """The observations that make the index-lens pillar scores for ``as_of`` (the same edition choice and
    latest-value rule as :func:`pillar_scores`), one per economy and indicator, with a ``pillar`` column.
    Their sources are exactly the sources of the pillar scores."""
    chosen = indicators_for(obs, catalog, as_of)
    latest = latest_observations(obs, [i.id for i in chosen], as_of)
    latest = latest[comparability_reasons(latest, catalog).eq("ok")]  # the values the scores use
    pillar_of = {i.id: i.pillar for i in chosen}
    return latest.assign(pillar=latest["indicator_id"].map(pillar_of))


def rows_behind(obs: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """The observations of ``obs`` matching the (economy, indicator_id, period, source_id) of ``keys`` (rows of
    a pillar, gap, status or comparison table): the very rows behind the numbers shown, for the sources line."""
    cols = ["economy", "indicator_id", "period", "source_id"]
    if keys is None or not len(keys):
        return obs.iloc[0:0]
    k = keys[cols].dropna().drop_duplicates()
    # matched on the four key columns with each row's position, then the matching rows of every column taken
    # once, in the order of ``obs`` (what an inner merge of the whole rows gives, without copying them: issue 25)
    found = obs[cols].assign(_pos=np.arange(len(obs))).merge(k.assign(period=k["period"].astype(int)), on=cols)
    return obs.take(np.sort(found["_pos"].to_numpy())).reset_index(drop=True)


def _priority_label(gap: float) -> str:
    """English message id of the priority (translate where shown)."""
    if gap <= 0:
        return N_("At WB6 best")
    if gap >= 30:
        return N_("High")
    if gap >= 10:
        return N_("Medium")
    return N_("Low")


def gap_table(
    obs: pd.DataFrame,
    catalog: Catalog,
    economy: str,
    as_of: int | None = None,
    include_synthetic: bool = False,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Gap rows for one economy, in priority order (see PRIORITY_RULE).

    Two kinds of gap, never mixed. Index indicators: a gap in normalised points against the WB6 best of the
    values that may be compared (:mod:`indicators.method.comparability`: same indicator, scored, not anomalous, within
    the time rule); a value too old against the newest is shown with its year but is never the best, never the
    reference of a gap, and gets no gap itself. Status facts: a state (``state``: in place / partly / missing /
    not assessed / not applicable) and how many of the economies have it in place (``status_gap``); never a
    0-100 score, a point gap or a priority rank."""
    chosen = indicators_for(obs, catalog, as_of, purpose="gap", include_synthetic=include_synthetic)
    latest = latest_observations(obs, [i.id for i in chosen], as_of, include_synthetic)
    latest = latest.assign(_why=comparability_reasons(latest, catalog))
    no_data = _(STATUS_LABELS["no_data"])
    year = status_year(as_of, today)  # status facts are read in this year (a strategy past its end is expired)
    # the rows of each indicator as plain records, split once (not a pandas selection per indicator: issue 25);
    # a record reads like the row it was (row["..."], row.get(...)), in the same order
    by_indicator: dict[str, list[dict]] = {}
    for record in latest.to_dict("records"):
        by_indicator.setdefault(record["indicator_id"], []).append(record)
    rows = []
    for ind in chosen:
        here = by_indicator.get(ind.id, [])
        mine_row = next((r for r in here if r["economy"] == economy), None)
        base = {
            "indicator_id": ind.id,
            "indicator": ind.name,
            "pillar": ind.pillar,
            "value": display_value(ind, mine_row),
            "value_scaled": _scaled(ind, mine_row),
            "period": None if mine_row is None else int(mine_row["period"]),
            "status": "no_data" if mine_row is None else mine_row["status"],
            # a row without a value (not assessed, not covered, ...) carries no confidence
            "confidence": None if mine_row is None or mine_row["status"] != "observed" else mine_row["confidence"],
            "source_id": None if mine_row is None else mine_row["source_id"],
            "flag": None if mine_row is None else mine_row.get("flag"),  # publisher's flags (render/flags.py)
            "lens": ind.lens,
            "target": ind.target.get("label") if ind.target else None,
        }
        if ind.lens == "status":
            states = [fact_state(ind, r, year) for r in here]
            states += ["not_assessed"] * (len(ECONOMY_CODES) - len(states))
            n_in = states.count("in_place")
            rows.append(
                {
                    **base,
                    "value": fact_value_text(ind, mine_row, year),
                    "value_scaled": fact_value_text(ind, mine_row, year),
                    "score": None,
                    "state": fact_state(ind, mine_row, year),
                    "status_gap": _("{n} of {m} have it in place").format(n=n_in, m=len(ECONOMY_CODES)),
                    "best_value_scaled": "—",
                    "best_value": "—",
                    "best_period": None,
                    "best_score": None,
                    "best_economies": [],
                    "gap_to_best": None,
                    "wb6_median": None,
                    "economies_with_data": 0,
                    "comparable": "status_fact",
                    "not_compared": "",
                    "target_score": None,
                    "gap_to_target": None,
                }
            )
            continue
        scored = [r for r in here if r["_why"] == "ok"]
        my_why = "no_score" if mine_row is None else str(mine_row["_why"])
        my_score = None if mine_row is None or pd.isna(mine_row["score"]) else float(mine_row["score"])
        best = float(max(r["score"] for r in scored)) if scored else None
        at_best = [r for r in scored if r["score"] == best]
        leaders = sorted(r["economy"] for r in at_best) if best is not None else []
        best_row = at_best[0] if leaders else None
        note = ""
        if my_why == "too_old" and scored:
            yrs = [int(r["period"]) for r in scored]
            note = too_old_text(int(mine_row["period"]), min(yrs), max(yrs))
        elif my_why == "low_reliability":
            note = low_reliability_text()
        tgt = target_score(ind)
        compared = my_why == "ok"
        rows.append(
            {
                **base,
                "score": my_score,
                "state": None,
                "status_gap": "",
                "best_value_scaled": _scaled(ind, best_row) if best_row is not None else no_data,
                "best_value": display_value(ind, best_row) if best_row is not None else no_data,
                "best_period": None if best_row is None else int(best_row["period"]),
                "best_score": best,
                "best_economies": leaders,
                "gap_to_best": None
                if not compared or best is None or len(scored) < MIN_FOR_GAP
                else round(best - my_score, 2),
                "wb6_median": round(float(np.median([r["score"] for r in scored])), 2)
                if len(scored) >= MIN_FOR_MEDIAN
                else None,
                "economies_with_data": len(scored),
                "comparable": my_why,
                "not_compared": note,
                "target_score": tgt,
                "gap_to_target": None if my_score is None or tgt is None else round(max(tgt - my_score, 0.0), 2),
            }
        )
    table = pd.DataFrame(rows)
    table["_g"] = table["gap_to_best"].fillna(-1)
    table["_t"] = table["gap_to_target"].fillna(-1)
    table["_s"] = (table["lens"] == "status").astype(int)
    table = table.sort_values(["_s", "_g", "_t", "indicator_id"], ascending=[True, False, False, True], kind="stable")
    table = table.drop(columns=["_g", "_t", "_s"]).reset_index(drop=True)
    table["priority"] = [_gap_priority(r) for _i, r in table.iterrows()]
    table["priority_rank"] = range(1, len(table) + 1)
    table.loc[~table["gap_to_best"].notna(), "priority_rank"] = None
    return table


def _gap_priority(r) -> str:
    """The priority cell of a gap row (translated)."""
    if r["lens"] == "status":
        label = STATE_LABELS[r["state"]]
        return _("Status fact: {state} ({count})").format(state=_(label), count=r["status_gap"])
    if pd.notna(r["gap_to_best"]):
        return _priority_label(r["gap_to_best"])
    if r["comparable"] in ("too_old", "low_reliability"):
        return _("Not compared: {why}").format(why=r["not_compared"]) if r["not_compared"] else _("Not compared")
    if r["comparable"] == "anomalous":
        return _("Not compared: flagged as an anomaly")
    if pd.notna(r["score"]):
        return _("Too few to compare (best of {k}; needs {needed})").format(
            k=r["economies_with_data"], needed=MIN_FOR_GAP
        )
    return _(MISSING_PRIORITY.get(r["status"], MISSING_PRIORITY["no_data"]))


def strengths_and_gaps(gaps: pd.DataFrame, k: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Top-k strengths (highest scores) and top-k gaps (largest gap to the WB6 best), chosen from the
    normalised scores of index-lens indicators only (status facts belong to the status matrix), and of the
    values that may be compared (:mod:`indicators.method.comparability`: a value too old against the newest is
    neither a strength nor a gap)."""
    scored = gaps.dropna(subset=["score"])
    if "lens" in scored:
        scored = scored[scored["lens"] == "index"]
    if "comparable" in scored:
        scored = scored[scored["comparable"] == "ok"]
    strengths = scored.sort_values(["score", "indicator_id"], ascending=[False, True]).head(k)
    biggest = scored[scored["gap_to_best"] > 0].head(k)
    return strengths, biggest


# --- status lens ---------------------------------------------------------------------------------

STATES = ("in_place", "partly", "missing", "not_assessed", "not_applicable")
STATE_LABELS = {  # English message ids: translate where shown
    "in_place": N_("in place"),
    "partly": N_("partly in place"),
    "missing": N_("missing"),
    "not_assessed": N_("not assessed"),
    "not_applicable": N_("not applicable"),
}
STATE_MARKS = {"in_place": "●", "partly": "◐", "missing": "○", "not_assessed": "?", "not_applicable": "–"}
STATE_LEGEND = " · ".join(f"{STATE_MARKS[s]} {STATE_LABELS[s]}" for s in STATES)  # English


def state_legend() -> str:
    """:data:`STATE_LEGEND` in the current language."""
    return " · ".join(f"{STATE_MARKS[s]} {_(STATE_LABELS[s])}" for s in STATES)


# The fact-state coding rule (the methodology states it; tests check it on the bundled facts): a category
# is 'missing' only when it says the thing does not exist; the catalog's top category is 'in place'; any
# other category means something exists but falls short of the top one (a law not or partly aligned, an
# entity-level law or CSIRT, an expired strategy, guidelines only, a bill, a signed treaty not ratified,
# a liaison membership) and is 'partly'.
ABSENT_CODES = frozenset({"none", "not_party", "not_member", "no_law", "no_strategy"})


_STRATEGY_PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")
EXPIRED_TEXT = N_("Expired strategy (ended {end}; no successor recorded)")


def strategy_period(note) -> tuple[int, int] | None:
    """The period of a strategy as its note names it ('Strategy 2021-2026' -> (2021, 2026))."""
    m = _STRATEGY_PERIOD.search(str(note or "")) if note is not None and not pd.isna(note) else None
    return (int(m.group(1)), int(m.group(2))) if m else None


def status_year(as_of: int | None, today: dt.date | None = None) -> int:
    """The year a status fact is read in: the reference year ``as_of``, else this year."""
    return as_of if as_of is not None else (today or dt.date.today()).year


def expired_end(ind, row, year: int | None) -> int | None:
    """The one rule for strategy expiry: the end year of a fact recorded as a *current* strategy whose
    period (named in its note) ended before ``year``; None otherwise. The latest row is the current one, so
    a recorded successor is a later row and the strategy is then current again. A 'current' strategy past
    its end reads 'expired' (category ``expired``, *partly in place*) in the legislation tracker, the status
    matrix, the compare table and the gap table alike."""
    ind_id = ind if isinstance(ind, str) else getattr(ind, "id", "")
    if year is None or row is None or ind_id != "national_strategy" or row["status"] != "observed":
        return None
    if str(row["value_text"]) != "current":
        return None
    note = row.get("note") if hasattr(row, "get") else None
    span = strategy_period(note)
    return span[1] if span is not None and span[1] < year else None


def fact_value_text(ind: Indicator, row, year: int | None = None) -> str:
    """The displayed value of a status fact read in ``year``: 'Expired strategy (ended 2026; no successor
    recorded)' for a current strategy past its end (:func:`expired_end`), else :func:`display_value`."""
    end = expired_end(ind, row, year)
    if end is not None:
        return _(EXPIRED_TEXT).format(end=end)
    return display_value(ind, row)


def fact_state(ind: Indicator, row, year: int | None = None) -> str:
    """Where a status-lens fact stands (see :data:`ABSENT_CODES`): the catalog's top category is 'in place',
    a category saying the thing does not exist 'missing', any other category 'partly'; a dated
    non-categorical fact (e.g. a review year) is 'in place'; a fact that does not apply (e.g. a treaty the
    economy cannot join) is 'not applicable'; no row or any other row without a value is 'not assessed'.
    Read in ``year``, a current strategy past its end is an expired one (:func:`expired_end`)."""
    if row is not None and row["status"] == "not_applicable":
        return "not_applicable"
    if row is None or row["status"] != "observed":
        return "not_assessed"
    if not ind.is_categorical:
        return "in_place"
    code = "expired" if expired_end(ind, row, year) is not None else str(row["value_text"])
    score = ind.categories.get(code)
    if score is None:
        return "not_assessed"
    if score >= max(ind.categories.values()):
        return "in_place"
    if code in ABSENT_CODES:
        return "missing"
    return "partly"


def status_matrix(
    obs: pd.DataFrame,
    catalog: Catalog,
    economies: list[str] | None = None,
    as_of: int | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """The status lens: one row per status fact and economy with its state, value, date and source, read in
    ``as_of`` (default: this year, so a strategy past its end reads expired: :func:`expired_end`)."""
    economies = list(economies or ECONOMY_CODES)
    year = status_year(as_of, today)
    chosen = select_indicators(catalog, as_of, purpose="status")
    latest = latest_observations(obs, [i.id for i in chosen], as_of)
    # one record per (indicator, economy), read like the row it was (no MultiIndex .loc per cell: issue 25)
    cells = {(r["indicator_id"], r["economy"]): r for r in latest.to_dict("records")}
    rows = []
    for ind in chosen:
        for eco in economies:
            row = cells.get((ind.id, eco))
            state = fact_state(ind, row, year)
            rows.append(
                {
                    "indicator_id": ind.id,
                    "indicator": ind.name,
                    "pillar": ind.pillar,
                    "economy": eco,
                    "state": state,
                    "value": fact_value_text(ind, row, year),
                    "period": None if row is None else int(row["period"]),
                    "confidence": None if row is None or row["status"] != "observed" else row["confidence"],
                    "source_id": None if row is None else row["source_id"],
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "indicator_id",
            "indicator",
            "pillar",
            "economy",
            "state",
            "value",
            "period",
            "confidence",
            "source_id",
        ],
    )


def status_counts(matrix: pd.DataFrame) -> pd.DataFrame:
    """Per economy: how many facts are in place, partly, missing, not assessed, of m; plus a text
    like '5 of 7 in place'. Counts only: the status lens is never turned into a 0-100 mean."""
    rows = []
    for eco, grp in matrix.groupby("economy", sort=False):
        counts = {s: int((grp["state"] == s).sum()) for s in STATES}
        m = int(len(grp))
        text = _("{n} of {m} in place").format(n=counts["in_place"], m=m)
        extra = [_("{n} {state}").format(n=counts[s], state=_(STATE_LABELS[s])) for s in STATES[1:] if counts[s]]
        rows.append({"economy": eco, **counts, "m": m, "text": text + (f" ({', '.join(extra)})" if extra else "")})
    return pd.DataFrame(rows, columns=["economy", *STATES, "m", "text"])


def status_table(matrix: pd.DataFrame, catalog: Catalog, economies: list[str], display) -> pd.DataFrame:
    """The status matrix as a table: one row per fact, one column per economy, cells like
    '● National CSIRT (2024)' (the mark is the state, see :data:`STATE_LEGEND`). ``display`` maps an
    economy code to its display name."""
    cells = matrix.set_index(["indicator_id", "economy"])
    rows = []
    for ind_id in dict.fromkeys(matrix["indicator_id"]):
        ind = catalog.get(ind_id)
        row = {_("Fact"): ind.name if ind else ind_id}
        for eco in economies:
            c = cells.loc[(ind_id, eco)]
            if c["state"] in ("not_assessed", "not_applicable"):
                text = f"{STATE_MARKS[c['state']]} {_(STATE_LABELS[c['state']])}"
            else:
                text = f"{STATE_MARKS[c['state']]} {c['value']}"
            if c["period"] is not None and pd.notna(c["period"]):
                text += f" ({int(c['period'])})"
            row[display(eco)] = text
        rows.append(row)
    return pd.DataFrame(rows)


# --- export ----------------------------------------------------------------------------------------


def pillar_scores_export(
    obs: pd.DataFrame, catalog: Catalog, as_of: int | None = None, bands: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Index-lens pillar scores as a download: every row carries its coverage ("n of m"), whether the
    coverage rule holds, the rank and rank band (when ``bands`` is given), the periods, sources and
    confidence of the values used, and the scale. Below the rule the score column is empty."""
    scores = pillar_scores(obs, catalog, as_of)
    latest = pillar_inputs(obs, catalog, as_of)
    band_of = {} if bands is None else {(r.economy, r.pillar): (r.band_lo, r.band_hi) for r in bands.itertuples()}
    rows = []
    for r in scores.itertuples():
        used = latest[(latest["economy"] == r.economy) & (latest["pillar"] == r.pillar)]
        lo, hi = band_of.get((r.economy, r.pillar), (pd.NA, pd.NA))
        conf = used["confidence"].value_counts()
        rows.append(
            {
                "economy": r.economy,
                "pillar": r.pillar,
                "lens": "index",
                "reference_period": "latest" if as_of is None else str(as_of),
                "score": r.score if r.meets_rule else float("nan"),
                "scale": "0-100 (normalised)",
                "indicators_with_value": r.n,
                "indicators_in_pillar": r.m,
                "coverage": f"{r.n} of {r.m}",
                "meets_coverage_rule": bool(r.meets_rule),
                "status": "scored" if r.meets_rule else ("insufficient data" if r.n else "no data"),
                "rank": r.rank,
                "not_ranked_because": (
                    f"data from {int(r.period_to)}; the others {int(r.others_from)}-{int(r.others_to)}"
                    if pd.notna(r.others_from)
                    else ("" if r.meets_rule else "below the coverage rule")
                ),
                "rank_band_low": lo if r.meets_rule else pd.NA,
                "rank_band_high": hi if r.meets_rule else pd.NA,
                "publishers": r.publishers,
                "single_source": bool(r.single_source),
                "not_covered_by": r.not_covered_by,
                "indicators_used": ";".join(sorted(used["indicator_id"])),
                "periods": ";".join(str(int(p)) for p in sorted(used["period"].unique())),
                "sources": ";".join(sorted(used["source_id"].dropna().unique())),
                "confidence": ", ".join(f"{conf[c]} {c}" for c in CONFIDENCE_LEVELS if c in conf),
            }
        )
    out = pd.DataFrame(rows)
    for col in ("rank", "rank_band_low", "rank_band_high"):
        out[col] = out[col].astype("Int64")
    return out
