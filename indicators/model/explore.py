"""The data explorer's filter model, shared by the explorer page and ``python -m etl export``.

Pure functions, no Streamlit. A :class:`Filters` value says which observations to keep; each field
is a tuple of allowed values (empty = no restriction) except ``period``, an inclusive year range.
:func:`parse_filters` turns URL parameters or command-line options into ``Filters`` and a list of
messages for every value it could not use: the page shows the messages and carries on with the
usable values; the command line refuses to run (exit 2).

The methodology page's reference tables (what each source contributed, conflicting values, rows
left out) are computed here too, so that they can be unit-tested without Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

import pandas as pd

from indicators.model import vocabulary
from indicators.model.catalog import PILLAR_IDS, Catalog
from indicators.model.economies import ECONOMY_CODES, normalise_code
from indicators.model.urlstate import shown

VALID_CONFIDENCE = vocabulary.CONFIDENCE_LEVELS
VALID_STATUSES = vocabulary.STATUSES
VALID_SEX = vocabulary.SEXES
PILLAR_CHOICES = (*PILLAR_IDS, "headline")
LIST_KEYS = ("economy", "pillar", "indicator", "source", "confidence", "status", "sex", "group")
FILTER_KEYS = ("economy", "pillar", "indicator", "source", "period", "confidence", "status", "sex", "group")
PERIOD_RE = re.compile(r"^\s*(\d{4})\s*(?:(?:-|\.\.|:|–)\s*(\d{4})\s*)?$")


@dataclass(frozen=True)
class Filters:
    """Which observations to keep. Empty tuples and ``period=None`` mean "all"."""

    economy: tuple[str, ...] = ()
    pillar: tuple[str, ...] = ()
    indicator: tuple[str, ...] = ()
    source: tuple[str, ...] = ()  # dataset names and/or source ids
    period: tuple[int, int] | None = None  # inclusive (from, to)
    confidence: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    sex: tuple[str, ...] = ()
    group: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return all(not getattr(self, f.name) for f in fields(self))

    def to_params(self) -> dict[str, str | None]:
        """One string per key (comma-separated lists, ``from-to`` periods), None for "all": URL and CLI form."""
        out: dict[str, str | None] = {}
        for key in FILTER_KEYS:
            value = getattr(self, key)
            if key == "period":
                out[key] = (
                    None if value is None else (str(value[0]) if value[0] == value[1] else f"{value[0]}-{value[1]}")
                )
            else:
                out[key] = ",".join(value) if value else None
        return out

    def describe(self) -> str:
        """``economy=ALB,SRB; pillar=legal`` or ``all rows``: written into every export."""
        parts = [f"{k}={v}" for k, v in self.to_params().items() if v]
        return "; ".join(parts) if parts else "all rows"


@dataclass(frozen=True)
class Choices:
    """The values each filter accepts, taken from the catalog and the data."""

    economy: tuple[str, ...] = ECONOMY_CODES
    pillar: tuple[str, ...] = PILLAR_CHOICES
    indicator: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    confidence: tuple[str, ...] = VALID_CONFIDENCE
    status: tuple[str, ...] = VALID_STATUSES
    sex: tuple[str, ...] = VALID_SEX
    group: tuple[str, ...] = ("all",)
    periods: tuple[int, ...] = ()
    labels: dict = field(default_factory=dict)  # per key: {value: human label}

    @property
    def period_range(self) -> tuple[int, int] | None:
        return (min(self.periods), max(self.periods)) if self.periods else None


def choices(
    obs: pd.DataFrame, catalog: Catalog, sources: pd.DataFrame | None = None, datasets: pd.DataFrame | None = None
) -> Choices:
    """Allowed filter values: every catalog indicator, every dataset and source id, the groups present."""
    dataset_ids = sorted(set(obs["dataset"].dropna()) | set(() if datasets is None else datasets["dataset"]))
    source_ids = sorted(set(obs["source_id"].dropna()) | set(() if sources is None else sources["source_id"]))
    groups = ["all"] + sorted(set(obs["group"].dropna()) - {"all"}) if "group" in obs else ["all"]
    labels = {
        "indicator": {i.id: i.name for i in catalog.indicators.values()},
        "pillar": {p.id: p.name for p in catalog.pillars} | {"headline": "Headline index"},
        "source": {},
    }
    if datasets is not None:
        labels["source"].update({d: t for d, t in zip(datasets["dataset"], datasets["title"])})
    if sources is not None:
        labels["source"].update({s: t for s, t in zip(sources["source_id"], sources["title"])})
    return Choices(
        indicator=tuple(catalog.indicators),
        source=tuple(dataset_ids + source_ids),
        group=tuple(groups),
        periods=tuple(sorted(int(p) for p in obs["period"].dropna().unique())),
        labels=labels,
    )


def _split(values: Sequence[str] | str | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for v in values:
        out.extend(p.strip() for p in str(v).split(",") if p.strip())
    return out


def parse_period(raw: str) -> tuple[int, int] | None:
    """``2024`` -> (2024, 2024); ``2018-2024`` (or ``2018..2024``) -> (2018, 2024); None if unusable."""
    m = PERIOD_RE.match(str(raw))
    if not m:
        return None
    lo = int(m.group(1))
    hi = int(m.group(2) or m.group(1))
    return (lo, hi) if lo <= hi else None


def _match(raw: str, allowed: Sequence[str], key: str) -> str | None:
    if key == "economy":
        code = normalise_code(raw)
        return code if code in allowed else None
    if raw in allowed:
        return raw
    lowered = {a.lower(): a for a in allowed}
    return lowered.get(raw.lower())


def parse_filters(params: Mapping[str, Sequence[str] | str | None], allowed: Choices) -> tuple[Filters, list[str]]:
    """Filters from ``{key: [values]}`` (URL params or CLI options). Lists may repeat or be comma-separated.

    Returns the usable filters and one message per problem; unknown values are dropped, never guessed.
    """
    messages: list[str] = []
    kwargs: dict = {}
    for key in LIST_KEYS:
        good: list[str] = []
        bad: list[str] = []
        for raw in _split(params.get(key)):
            value = _match(raw, getattr(allowed, key), key)
            if value is None:
                bad.append(shown(raw))
            elif value not in good:
                good.append(value)
        if bad:
            valid = getattr(allowed, key)
            hint = ", ".join(valid[:12]) + (", …" if len(valid) > 12 else "")
            messages.append(f"Unknown {key} value(s): {', '.join(bad[:5])}. Valid values: {hint}.")
        kwargs[key] = tuple(good)
    raw_periods = _split(params.get("period"))
    if raw_periods:
        period = parse_period(raw_periods[-1])
        if period is None or len(raw_periods) > 1:
            messages.append(
                f"Unusable period '{shown(','.join(raw_periods))}': give one year (2024) or a range (2018-2024)."
            )
        kwargs["period"] = period if len(raw_periods) == 1 else None
    return Filters(**kwargs), messages


# ---------------------------------------------------------------------------------------------
# Reference tables for the methodology page


def source_usage(obs: pd.DataFrame) -> pd.DataFrame:
    """Per source id: how many rows it gave, for which indicators (ids) and economies."""
    if not len(obs):
        return pd.DataFrame(columns=["source_id", "rows", "indicators", "economies"])
    order = {c: i for i, c in enumerate(ECONOMY_CODES)}
    rows = []
    for sid, grp in obs.groupby("source_id", sort=True):
        rows.append(
            {
                "source_id": sid,
                "rows": int(len(grp)),
                "indicators": tuple(sorted(grp["indicator_id"].unique())),
                "economies": tuple(sorted(grp["economy"].unique(), key=lambda c: order.get(c, 99))),
            }
        )
    return pd.DataFrame(rows)


def conflicts(obs: pd.DataFrame) -> pd.DataFrame:
    """Values kept beside a preferred value from another source: what is shown and what is not."""
    alt = obs[~obs["preferred"].astype(bool)]
    keys = ["economy", "indicator_id", "period", "sex", "group"]
    pref = obs[obs["preferred"].astype(bool)]
    merged = alt.merge(pref, on=keys, how="left", suffixes=("_other", "_shown"))
    return merged.reset_index(drop=True)


def excluded_notes(raw: Path) -> dict[str, str]:
    """The text of each ``data/raw/<dataset>/EXCLUDED.md`` (rows that were read but not loaded)."""
    out: dict[str, str] = {}
    if not Path(raw).exists():
        return out
    for path in sorted(Path(raw).glob("*/EXCLUDED.md")):
        try:
            out[path.parent.name] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
    return out


def excluded_items(text: str) -> list[str]:
    """The bullet items of an EXCLUDED.md file."""
    return [line[2:].strip() for line in text.splitlines() if line.startswith(("- ", "* "))]


def entity_level_rows(obs: pd.DataFrame) -> pd.DataFrame:
    """Bosnia and Herzegovina rows that describe an entity-level (not state-level) arrangement."""
    bih = obs[obs["economy"] == "BIH"]
    text = (bih["value_text"].fillna("") + " " + bih["note"].fillna("")).str.lower()
    hit = text.str.contains("entity") | text.str.contains("republika srpska") | text.str.contains("federation of")
    return bih[hit].reset_index(drop=True)


def coverage_counts(obs: pd.DataFrame, catalog: Catalog) -> dict[str, int]:
    """Rows per status, plus ``no_data``: economy-indicator pairs of the catalog with no row at all."""
    counts = {s: int((obs["status"] == s).sum()) for s in VALID_STATUSES}
    have = set(zip(obs["economy"], obs["indicator_id"]))
    counts["no_data"] = sum(1 for e in ECONOMY_CODES for i in catalog.indicators if (e, i) not in have)
    counts["pairs"] = len(ECONOMY_CODES) * len(catalog.indicators)
    return counts


def indicator_reference(catalog: Catalog) -> pd.DataFrame:
    """Every catalog indicator with its definition, scale and crosswalk (the methodology page's table)."""
    rows = []
    order = {p: i for i, p in enumerate(("headline", *PILLAR_IDS))}
    for ind in sorted(catalog.indicators.values(), key=lambda i: (order.get(i.pillar, 99), i.id)):
        rows.append(
            {
                "indicator_id": ind.id,
                "name": ind.name,
                "pillar": ind.pillar,
                "unit": ind.unit,
                "scale": ind.scale_text(),
                "direction": ind.direction.replace("_", " "),
                "in_pillar_score": ind.in_pillar_score,
                "definition": ind.description,
                "gci_pillar": ind.crosswalk.get("gci_pillar", ""),
                "cmm_dimension": ind.crosswalk.get("cmm_dimension", ""),
                "ncsi_area": ind.crosswalk.get("ncsi_area", ""),
                "sim3_category": ind.crosswalk.get("sim3_category", ""),
                "nis2_article": ind.crosswalk.get("nis2_article", ""),
                "target": (ind.target or {}).get("label", ""),
                "sources": ", ".join(ind.sources),
            }
        )
    return pd.DataFrame(rows)


def rows_by_source_in_tables(query, skip=("observations", "sources")) -> pd.DataFrame:
    """Rows per source id in every other warehouse table that cites sources (plan items, SIM3 assessments…).

    ``query`` runs read-only SQL and returns a DataFrame (``Warehouse.query``). Columns: table,
    source_id, rows, synthetic (how many of those rows have confidence 'synthetic').
    """
    frames = []
    cols = query(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE column_name IN ('source_id', 'confidence')"
    )
    by_table = cols.groupby("table_name")["column_name"].apply(set).to_dict()
    for name in sorted(by_table):
        if name in skip or "source_id" not in by_table[name] or not str(name).isidentifier():
            continue
        synthetic = "count(*) FILTER (WHERE confidence = 'synthetic')" if "confidence" in by_table[name] else "0"
        got = query(f'SELECT source_id, count(*) AS rows, {synthetic} AS synthetic FROM "{name}" GROUP BY source_id')
        got.insert(0, "table", str(name))
        frames.append(got)
    if not frames:
        return pd.DataFrame(
            {
                "table": pd.Series(dtype="str"),
                "source_id": pd.Series(dtype="str"),
                "rows": pd.Series(dtype="int64"),
                "synthetic": pd.Series(dtype="int64"),
            }
        )
    out = pd.concat(frames, ignore_index=True)
    return out.astype({"rows": "int64", "synthetic": "int64"})
