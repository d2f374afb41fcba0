"""Research library: publications on cybersecurity, gender and vulnerable groups in the Western Balkans.

Pure functions (no Streamlit). The table ``research_library`` (one row per publication, loaded unchanged
by the ETL) is filtered by economy, topic and year; catalog indicators and dashboard views link to the
publications that inform them through the topic map below (one place defines it).
"""

from __future__ import annotations

import pandas as pd

from indicators.model.catalog import Indicator
from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.text.i18n import N_, _

# The library's filter topics and the reference topics each one gathers.
# The library's publication types (a closed list in the data) -> English message id, translated where shown.
TYPES = {"report": N_("Report"), "article": N_("Article"), "policy brief": N_("Policy brief"), "survey": N_("Survey")}


def type_label(kind: object) -> str:
    """A publication type in the current language (an unknown type as written in the data)."""
    text = str(kind or "")
    return _(TYPES[text]) if text in TYPES else text.capitalize()


TOPICS = {
    "gender": (N_("Gender"), ("gender", "online_violence")),
    "vulnerable_groups": (N_("Vulnerable groups"), ("vulnerable_groups",)),
    "hygiene": (N_("Cyber hygiene and awareness"), ("cyber_hygiene", "awareness")),
    "cert_capacity": (N_("CERT capacity"), ("cert_capacity", "critical_infrastructure")),
    "policy": (N_("Policy and legislation"), ("policy", "legislation", "multistakeholder", "cybercrime")),
}
# Which filter topics inform an indicator, by catalog family (and the Inclusion pillar).
FAMILY_TOPICS = {
    "legislation": ("policy",),
    "gci": ("policy",),
    "ncsi": ("policy",),
    "cmm": ("policy",),
    "csirt": ("cert_capacity",),
    "sim3": ("cert_capacity",),
    "hygiene": ("hygiene",),
    "hygiene_survey": ("hygiene", "gender"),
    "eurostat_individuals": ("hygiene",),
    "eurostat_enterprises": ("hygiene",),
    "gender": ("gender",),
}
# Which filter topics inform each dashboard view (page url path).
VIEW_TOPICS = {
    "hygiene": ("hygiene", "gender", "vulnerable_groups"),
    "legislation": ("policy",),
    "cert": ("cert_capacity",),
    "plans": ("cert_capacity", "policy"),
}
COLUMNS = [
    "item_id",
    "title",
    "authors",
    "year",
    "economies",
    "topics",
    "filter_topics",
    "type",
    "url",
    "summary",
    "where_found",
    "confidence",
]


def filter_topics_of(topics: str) -> str:
    """';'-joined filter topics for a reference topic list like 'policy;gender'."""
    have = {t.strip() for t in str(topics or "").split(";") if t.strip()}
    return ";".join(k for k, (_label, members) in TOPICS.items() if have & set(members))


def topics_for_indicator(ind: Indicator) -> tuple[str, ...]:
    family = FAMILY_TOPICS.get(ind.family, ())
    family = family or next((v for k, v in FAMILY_TOPICS.items() if ind.family.startswith(k)), ())
    extra = ("gender", "vulnerable_groups") if ind.pillar == "inclusion" else ()
    return tuple(dict.fromkeys(family + extra))


def covers(economies: str, economy: str) -> bool:
    """A publication covers an economy when it names it or the whole region (WB6)."""
    codes = {c.strip() for c in str(economies or "").split(";")}
    return economy in codes or "WB6" in codes


def filter_library(
    lib: pd.DataFrame,
    economy: str | None = None,
    topics=(),
    years: tuple[int, int] | None = None,
    include_undated: bool = True,
) -> pd.DataFrame:
    """Publications for an economy (its own or region-wide), any of ``topics``, within ``years``."""
    out = lib
    if economy:
        out = out[[covers(e, economy) for e in out["economies"]]]
    if topics:
        out = out[[bool(set(str(t).split(";")) & set(topics)) for t in out["filter_topics"]]]
    if years:
        lo, hi = years
        yr = pd.to_numeric(out["year"], errors="coerce")
        out = out[yr.between(lo, hi) | (yr.isna() & include_undated)]
    return out.sort_values(["year", "title"], ascending=[False, True], na_position="last").reset_index(drop=True)


def economies_text(economies: str) -> str:
    codes = [c.strip() for c in str(economies or "").split(";") if c.strip()]
    return ", ".join(
        _("Western Balkans (all six)") if c == "WB6" else display_name(c) if c in ECONOMY_CODES else c for c in codes
    )


def citation(row) -> str:
    """'Authors (year). Title. Type.' with 'year not stated' when the record has none."""
    year = str(int(row["year"])) if pd.notna(row["year"]) else _("year not stated")
    return f"{row['authors']} ({year}). {row['title']}. {str(row['type']).capitalize()}."
