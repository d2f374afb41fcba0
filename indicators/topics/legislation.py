"""Legislation tracker: one row per economy, one column per legal or institutional fact.

Facts are dated (one row per economy and change), so ``as_of`` shows what was true in a given year: the
latest preferred row whose period is not after it. ``last_checked`` is the day a fact was last read in a
source; a fact not checked for 12 months is flagged ``stale``.

Dates say what they are (:func:`date_text`): a treaty is signed, ratified and in force (the dates read in the
note, e.g. "Signed 23/11/2001, ratified 20/06/2002, in force 01/07/2004"); a CSIRT is established, or only
known to exist by a year when its establishment year was not found; a FIRST membership has its own date; a
strategy has its period ("2021-2026") and reads "expired" after its end unless a successor is recorded.
A row that is not observed (not assessed, not applicable) carries no confidence: there is no value to be
confident about.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from indicators.method.scoring import expired_end, fact_value_text, status_year, strategy_period
from indicators.model.catalog import Catalog
from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.text.i18n import N_, _

TRACKED = (
    "budapest_convention",
    "national_strategy",
    "cyber_law",
    "data_protection_law",
    "national_csirt",
    "first_membership",
)
STALE_DAYS = 365

# What the period (year) of each fact means, in words (English message ids: translate where shown).
DATE_MEANING = {
    "budapest_convention": N_("in force {year}"),
    "national_strategy": N_("adopted {year}"),
    "cyber_law": N_("adopted or in force {year}"),
    "data_protection_law": N_("adopted {year}"),
    "national_csirt": N_("established {year}"),
    "first_membership": N_("FIRST member since {year}"),
}
_TREATY = {
    "signed": re.compile(r"\bsigned\s+(?:[0-9/.]*?)?((?:19|20)\d\d)\b", re.I),
    "ratified": re.compile(r"\bratified\b[^0-9;]*?(?:[0-9/.]*?)?((?:19|20)\d\d)\b", re.I),
    "in_force": re.compile(r"\b(?:in force|entered into force)\s+(?:[0-9/.]*?)?((?:19|20)\d\d)\b", re.I),
}
_NOT_ESTABLISHED = re.compile(r"establishment year not (?:found|read)", re.I)


def treaty_dates(note: str | None) -> dict[str, int]:
    """The years a treaty was signed, ratified and entered into force, as the note states them
    ('Signed 23/11/2001, ratified 20/06/2002, in force 01/07/2004'); only what the note says."""
    out = {}
    for key, pattern in _TREATY.items():
        m = pattern.search(str(note or ""))
        if m:
            out[key] = int(m.group(1))
    return out


def date_text(indicator_id: str, period, note: str | None) -> str:
    """What the fact's date is: 'signed 2001 · ratified 2002 · in force 2004', 'established 2012',
    'exists by 2013 (establishment year not found)', 'FIRST member since 2013', 'adopted 2021 · period
    2021-2026'. Empty without a period."""
    if period is None or pd.isna(period):
        return ""
    year = int(period)
    if indicator_id == "budapest_convention":
        dates = treaty_dates(note)
        if dates:
            words = {
                "signed": N_("signed {year}"),
                "ratified": N_("ratified {year}"),
                "in_force": N_("in force {year}"),
            }
            return " · ".join(_(words[k]).format(year=y) for k, y in dates.items())
    if indicator_id == "national_csirt" and _NOT_ESTABLISHED.search(str(note or "")):
        return _("exists by {year} (establishment year not found)").format(year=year)
    meaning = DATE_MEANING.get(indicator_id)
    text = _(meaning).format(year=year) if meaning else str(year)
    if indicator_id == "national_strategy":
        span = strategy_period(note)
        if span:
            text += " · " + _("period {start}-{end}").format(start=span[0], end=span[1])
    return text


def short_date(indicator_id: str, period, note: str | None) -> str:
    """The date of a fact in a matrix cell: 'ratified 2002, in force 2004' for a treaty, the period
    '2021-2026' for a strategy, 'by 2013' when only a date the thing existed by is known, else the year."""
    if period is None or pd.isna(period):
        return ""
    year = int(period)
    if indicator_id == "budapest_convention":
        dates = treaty_dates(note)
        parts = []
        if "ratified" in dates:
            parts.append(_("ratified {year}").format(year=dates["ratified"]))
        if "in_force" in dates:
            parts.append(_("in force {year}").format(year=dates["in_force"]))
        if parts:
            return ", ".join(parts)
    if indicator_id == "national_strategy":
        span = strategy_period(note)
        if span:
            return f"{span[0]}-{span[1]}"
    if indicator_id == "national_csirt" and _NOT_ESTABLISHED.search(str(note or "")):
        return _("by {year}").format(year=year)
    return str(year)


def strategy_expired(value_text, note: str | None, today_year: int) -> bool:
    """True when a 'current' strategy's period ended before ``today_year`` (the one rule:
    :func:`indicators.method.scoring.expired_end`)."""
    row = {"status": "observed", "value_text": value_text, "note": note}
    return expired_end("national_strategy", row, today_year) is not None


def is_stale(last_checked, today: dt.date) -> bool:
    """True when a fact was never checked or not in the last 12 months."""
    if last_checked is None or (isinstance(last_checked, float) and last_checked != last_checked):
        return True
    try:
        checked = dt.date.fromisoformat(str(last_checked)[:10])
    except ValueError:
        return True
    return (today - checked).days > STALE_DAYS


def tracker(
    obs: pd.DataFrame, catalog: Catalog, as_of: int | None = None, today: dt.date | None = None
) -> pd.DataFrame:
    """Long table: economy x fact with the displayed value, normalised score, period, status, source and
    when it was last checked, as of the end of year ``as_of`` (default: the latest facts)."""
    today = today or dt.date.today()
    if as_of is not None:
        obs = obs[obs["period"] <= as_of]
    rows = []
    for ind_id in TRACKED:
        ind = catalog.get(ind_id)
        for eco in ECONOMY_CODES:
            cur = obs[(obs["economy"] == eco) & (obs["indicator_id"] == ind_id) & obs["preferred"]]
            cur = cur.sort_values("period")
            row = cur.iloc[-1] if len(cur) else None
            observed = row is not None and row["status"] == "observed"
            value = fact_value_text(ind, row, status_year(as_of, today))  # a strategy past its end: expired
            rows.append(
                {
                    "economy": eco,
                    "economy_name": display_name(eco),
                    "indicator_id": ind_id,
                    "fact": ind.name,
                    "value": value,
                    "date": date_text(ind_id, row["period"], row["note"]) if observed else "",
                    "short_date": short_date(ind_id, row["period"], row["note"]) if observed else "",
                    "score": None if row is None else row["score"],
                    "status": "no_data" if row is None else row["status"],
                    "period": None if row is None else int(row["period"]),
                    "confidence": row["confidence"] if observed else None,
                    "note": "" if row is None else row["note"],
                    "source_id": None if row is None else row["source_id"],
                    "source_title": None if row is None else row.get("source_title"),
                    "source_url": None if row is None else row.get("source_url"),
                    "last_checked": None
                    if row is None or pd.isna(row.get("last_checked"))
                    else str(row["last_checked"]),
                    "stale": row is not None and is_stale(row.get("last_checked"), today),
                }
            )
    return pd.DataFrame(rows)


def tracker_matrix(long: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Wide view for display: economies as rows, facts as columns, 'value (date)' in each cell, the date as
    :func:`short_date` writes it ('Party (ratified 2002, in force 2004)', 'Current strategy (2021-2026)')."""
    dates = long["short_date"] if "short_date" in long else [str(int(p)) if pd.notna(p) else "" for p in long["period"]]
    cell = long.assign(
        cell=[f"{v} ({d})" if s == "observed" and d else v for v, d, s in zip(long["value"], dates, long["status"])]
    )
    wide = cell.pivot(index="economy_name", columns="fact", values="cell")
    order = [catalog.get(i).name for i in TRACKED]
    wide = wide.reindex(index=[display_name(c) for c in ECONOMY_CODES], columns=order)
    wide.index.name = _("Economy")
    wide.columns.name = None
    return wide
