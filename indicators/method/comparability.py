"""The one rule that decides whether values may be compared ("like with like"), used by every best, lowest,
gap, tally and one-indicator map, and the "of n" wording of ranks and averages.

Two values of an indicator may be compared when
- they are values of the same indicator (one series edition on one scale: editions are separate indicators),
- both are graded measurements (index lens) with a normalised score: a status fact (a law, a treaty, a CSIRT)
  is a state, never a number on 0-100, so it is never a best, a lowest, a point gap or a tally item,
- the source covers both (a row that is not covered, not assessed, suppressed or not applicable has no score),
- neither is flagged anomalous (an ``anomalous`` boolean column when the data carries one; absent = not anomalous),
- neither is flagged by its publisher as of low reliability (Eurostat flag ``u`` in the ``flag`` column: shown
  with the flag, never ranked, never a best or the reference of a gap, never in a pillar score),
- and neither is too old against the newest comparable value of the indicator (:func:`indicators.method.scoring.too_old`,
  the same 3-year time rule as pillar ranks).

A value that fails the time rule is still shown with its year; it is never the best, the reference of a gap or
counted in a tally. Pure functions over pandas DataFrames; no Streamlit.
"""

from __future__ import annotations

import pandas as pd

from indicators.model.vocabulary import unranked_flag
from indicators.text.i18n import _

MAX_PERIOD_GAP = 3  # a value more than this many years older than the newest comparable one is not compared

# Column names a dataset may use to flag a value as anomalous (issue 19 adds the flag).
ANOMALY_COLUMNS = ("anomalous", "anomaly", "is_anomalous")

# Why a value is not compared (codes; :data:`REASON_LABELS` has the words).
OK, NO_SCORE, STATUS_FACT, ANOMALOUS, TOO_OLD = "ok", "no_score", "status_fact", "anomalous", "too_old"
LOW_RELIABILITY = "low_reliability"  # the publisher flags the value u (low reliability): shown, never compared


def too_old(periods: pd.Series) -> pd.Series:
    """True where a year is more than :data:`MAX_PERIOD_GAP` years older than the newest of ``periods``
    (a missing year: False). The one test of "like with like in time", for pillar scores and for the
    values of one indicator."""
    years = pd.to_numeric(periods, errors="coerce")
    return (years < years.max() - MAX_PERIOD_GAP).fillna(False).astype(bool)


def anomalous(rows: pd.DataFrame) -> pd.Series:
    """True where a row is flagged anomalous (any of :data:`ANOMALY_COLUMNS` true); False when the data carries
    no such flag."""
    flag = pd.Series(False, index=rows.index)
    for col in ANOMALY_COLUMNS:
        if col in rows.columns:
            flag |= rows[col].map(lambda v: bool(v) if isinstance(v, bool) else str(v).strip().lower() == "true")
    return flag


def low_reliability(rows: pd.DataFrame) -> pd.Series:
    """True where the publisher flags a value as of low reliability (a ``u`` in the ``flag`` column,
    :func:`indicators.model.vocabulary.unranked_flag`); False when the data carries no flags."""
    if "flag" not in rows.columns:
        return pd.Series(False, index=rows.index)
    return rows["flag"].map(unranked_flag).astype(bool)


def _index_lens(rows: pd.DataFrame, catalog) -> pd.Series:
    if "lens" in rows.columns:
        return rows["lens"].fillna("index").eq("index")
    if catalog is None:
        return pd.Series(True, index=rows.index)
    lens = {}
    for i in rows["indicator_id"].unique():
        ind = catalog.get(i)
        lens[i] = ind is None or ind.lens == "index"
    return rows["indicator_id"].map(lens).astype(bool)


def reasons(rows: pd.DataFrame, catalog=None) -> pd.Series:
    """Per row of ``rows`` (one value per economy and indicator, with ``indicator_id``, ``score``, ``period`` and
    optionally ``status``, ``lens``, ``flag`` and an anomaly flag): :data:`OK` when it may be compared with the
    other rows of its indicator, else why not (:data:`NO_SCORE`, :data:`STATUS_FACT`, :data:`ANOMALOUS`,
    :data:`LOW_RELIABILITY`, :data:`TOO_OLD`).

    The time rule is applied per indicator among the rows that pass the other tests, so an anomalous,
    unreliable or unscored row never sets the newest year."""
    out = pd.Series(OK, index=rows.index, dtype=object)
    if not len(rows):
        return out
    scored = pd.to_numeric(rows["score"], errors="coerce").notna()
    if "status" in rows.columns:
        scored &= rows["status"].eq("observed")
    out[~scored] = NO_SCORE
    index = _index_lens(rows, catalog)
    out[~index] = STATUS_FACT
    flagged = anomalous(rows) & out.eq(OK)
    out[flagged] = ANOMALOUS
    out[low_reliability(rows) & out.eq(OK)] = LOW_RELIABILITY
    live = out.eq(OK)
    if live.any():
        old = rows.loc[live].groupby("indicator_id")["period"].transform(too_old).astype(bool)
        out[old[old].index] = TOO_OLD
    return out


def comparable(rows: pd.DataFrame, catalog=None) -> pd.Series:
    """True where a row may be compared with the others of its indicator (see :func:`reasons`)."""
    return reasons(rows, catalog).eq(OK)


def fresh_years(rows: pd.DataFrame, ok: pd.Series) -> dict[str, tuple[int, int]]:
    """indicator_id -> (first, newest) year of its comparable rows."""
    live = rows[ok]
    if not len(live):
        return {}
    grp = pd.to_numeric(live["period"], errors="coerce").groupby(live["indicator_id"])
    return {i: (int(lo), int(hi)) for i, lo, hi in zip(grp.min().index, grp.min(), grp.max()) if pd.notna(lo)}


def too_old_text(year: int, first: int, last: int) -> str:
    """'data from 2020; the others 2024-2025' (why a value is not compared)."""
    others = str(first) if first == last else f"{first}-{last}"
    return _("data from {year}; the others {others}").format(year=year, others=others)


def too_old_notes(year: int, first: int, last: int) -> tuple[str, str]:
    """Why a value is shown but not ranked (the time rule), in full and in a few words."""
    others = str(first) if first == last else f"{first}-{last}"
    return (
        _("not ranked: data from {year}; the others {others}").format(year=year, others=others),
        _("{year}: not ranked").format(year=year),
    )


def low_reliability_text() -> str:
    """'low reliability (flag u)' (why a value is shown but not compared)."""
    return _("low reliability (flag {flag})").format(flag="u")


def not_compared_notes(rows: pd.DataFrame, why: pd.Series) -> pd.Series:
    """Per row: why it is not compared, in words ('data from 2020; the others 2024-2025', 'low reliability
    (flag u)'), '' for a compared row or one without a score (its status says why)."""
    years = fresh_years(rows, why.eq(OK))
    out = []
    for i, p, w in zip(rows["indicator_id"], rows["period"], why):
        if w == TOO_OLD and i in years:
            out.append(too_old_text(int(p), *years[i]))
        elif w == LOW_RELIABILITY:
            out.append(low_reliability_text())
        else:
            out.append("")
    return pd.Series(out, index=rows.index, dtype=object)


def indicator_ranks(rows: pd.DataFrame, catalog=None) -> pd.DataFrame:
    """Ranks of one indicator's values (one row per economy, e.g. from ``latest_observations``), by the one
    rule: indexed by economy, with ``why`` (:func:`reasons`), ``rank`` (1 = best among the comparable values,
    ties share; <NA> for a value not compared), ``n`` (how many are ranked), ``rank_text`` ('rank 2nd of 5';
    '' when fewer than two are ranked),
    and, for a value shown but not ranked, ``note`` ('not ranked: data from 2020; the others 2024-2025',
    'low reliability (flag u): shown, not ranked') and ``note_short`` ('2020: not ranked', 'u: not ranked')."""
    why = reasons(rows, catalog)
    score = pd.to_numeric(rows["score"], errors="coerce").where(why.eq(OK))
    rank = score.rank(method="min", ascending=False).astype("Int64")
    n = int(why.eq(OK).sum())
    years = fresh_years(rows, why.eq(OK))
    notes, shorts = [], []
    for i, p, w in zip(rows["indicator_id"], rows["period"], why):
        if w == TOO_OLD and i in years:
            note, short = too_old_notes(int(p), *years[i])
            notes.append(note)
            shorts.append(short)
        elif w == LOW_RELIABILITY:
            notes.append(_("low reliability (flag {flag}): shown, not ranked").format(flag="u"))
            shorts.append(_("{flag}: not ranked").format(flag="u"))
        else:
            notes.append("")
            shorts.append("")
    # a rank is worth saying only against another value ('rank 1st of 1' says nothing)
    text = [_("rank {rank}").format(rank=rank_of(ordinal(int(r)), n)) if pd.notna(r) and n > 1 else "" for r in rank]
    out = pd.DataFrame(
        {"why": why, "rank": rank, "n": n, "rank_text": text, "note": notes, "note_short": shorts}, index=rows.index
    )
    return out.set_axis(list(rows["economy"])).rename_axis("economy")


# --- "of n" ----------------------------------------------------------------------------------------


def ordinal(k: int) -> str:
    """'1st', '2nd', '23rd' in English; in the other languages the catalog's form of each English
    suffix class (sq, sr, mk: '1.', '2.'), never an English suffix."""
    k = int(k)
    if 10 <= k % 100 <= 20:
        return _("{n}th").format(n=k)
    forms = {1: _("{n}st"), 2: _("{n}nd"), 3: _("{n}rd")}
    return forms.get(k % 10, _("{n}th")).format(n=k)


def rank_of(rank_words: str, n: int) -> str:
    """'2nd of 5' from an ordinal already in the current language ('2nd') and the number ranked."""
    return _("{rank} of {n}").format(rank=rank_words, n=n)


def average_of(score_text: str, n: int) -> str:
    """'90.2 / 100 (average of 5)'."""
    return _("{score} (average of {n})").format(score=score_text, n=n)


def ranked_counts(scores: pd.DataFrame) -> dict[str, int]:
    """pillar -> how many economies are ranked on it (rank not missing)."""
    if "rank" not in scores.columns:
        return {}
    return {p: int(g["rank"].notna().sum()) for p, g in scores.groupby("pillar")}


# --- not covered -----------------------------------------------------------------------------------

# Short names of the publishers, for "not covered by the ITU GCI" (family of the catalog -> words).
SOURCE_SHORT = {
    "itu_gci": "ITU GCI",
    "ega_ncsi": "NCSI",
    "oxford_cmm": "Oxford CMM",
    "eurostat_enterprises": "Eurostat",
    "eurostat_individuals": "Eurostat",
}


def not_covered_by(obs: pd.DataFrame, catalog, economy: str, indicator_ids) -> str:
    """'not covered by the ITU GCI' when ``economy`` has no observed value among ``indicator_ids`` and the
    publishers of those indicators say they do not assess it (rows with status ``not_covered``); '' when it
    has a value or when nothing says why it is missing (then it is 'no data')."""
    ids = list(indicator_ids)
    mine = obs[(obs["economy"] == economy) & obs["indicator_id"].isin(ids)]
    if not len(mine) or (mine["status"] == "observed").any():
        return ""
    out = mine[mine["status"] == "not_covered"]
    if not len(out):
        return ""
    names = []
    for i in dict.fromkeys(out["indicator_id"]):
        ind = catalog.get(i)
        fam = ind.family if ind is not None else ""
        name = SOURCE_SHORT.get(fam, fam.replace("_", " "))
        if name and name not in names:
            names.append(name)
    return _("not covered by the {index}").format(index=", ".join(names)) if names else ""
