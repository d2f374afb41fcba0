"""The one rule that decides whether values may be compared ("like with like"), used by every best, lowest,
gap, tally and one-indicator map, and the "of n" wording of ranks and averages.

Two values of an indicator may be compared when
- they are values of the same indicator (one series edition on one scale: editions are separate indicators),
- both are graded measurements (index lens) with a normalised score: a status fact (a law, a treaty, a CSIRT)
  is a state, never a number on 0-100, so it is never a best, a lowest, a point gap or a tally item,
- the source covers both (a row that is not covered, not assessed, suppressed or not applicable has no score),
- neither is flagged anomalous (an ``anomalous`` boolean column when the data carries one; absent = not anomalous),
- and neither is too old against the newest comparable value of the indicator (:func:`indicators.method.scoring.too_old`,
  the same 3-year time rule as pillar ranks).

A value that fails the time rule is still shown with its year; it is never the best, the reference of a gap or
counted in a tally. Pure functions over pandas DataFrames; no Streamlit.
"""

from __future__ import annotations

import pandas as pd

from indicators.text.i18n import _

MAX_PERIOD_GAP = 3  # a value more than this many years older than the newest comparable one is not compared

# Column names a dataset may use to flag a value as anomalous (issue 19 adds the flag).
ANOMALY_COLUMNS = ("anomalous", "anomaly", "is_anomalous")

# Why a value is not compared (codes; :data:`REASON_LABELS` has the words).
OK, NO_SCORE, STATUS_FACT, ANOMALOUS, TOO_OLD = "ok", "no_score", "status_fact", "anomalous", "too_old"


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
    optionally ``status``, ``lens`` and an anomaly flag): :data:`OK` when it may be compared with the other rows
    of its indicator, else why not (:data:`NO_SCORE`, :data:`STATUS_FACT`, :data:`ANOMALOUS`, :data:`TOO_OLD`).

    The time rule is applied per indicator among the rows that pass the other tests, so an anomalous or
    unscored row never sets the newest year."""
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


# --- "of n" ----------------------------------------------------------------------------------------


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
