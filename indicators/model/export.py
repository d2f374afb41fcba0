"""Filtering and exports: the ONE implementation behind the data explorer's downloads and
``python -m etl export``. No Streamlit.

- :func:`filter_observations` applies :class:`indicators.model.explore.Filters` to the warehouse's
  observations (``Warehouse.observations()``, i.e. with indicator and source columns joined).
- :func:`export_table` turns them into the analyst table: one row per value, stable snake_case
  columns, numbers as numbers, the provenance of every row (source title, URL, publisher, licence,
  as-of date, confidence, status, note) and the economy's display name (``Kosovo*``) with the
  designation footnote in ``economy_footnote``.
- :func:`to_csv_bytes` writes it as UTF-8 CSV with one header row, safe to open in a spreadsheet:
  a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed
  with a single quote (OWASP, "CSV Injection"). Numeric columns are never touched, so ``-3.5``
  stays the number -3.5.
- :func:`to_parquet_bytes` writes the same table as Parquet (exact values, provenance in the
  file's key-value metadata).
- :func:`datapackage_bytes` writes the whole warehouse as a Frictionless Data Package (zip):
  ``datapackage.json`` with a table schema per resource and the sources, one CSV per table, and a
  README with how to cite, the licences and the Kosovo* footnote.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from indicators.model.catalog import PILLAR_IDS, Catalog
from indicators.model.economies import ECONOMY_CODES, KOSOVO_FOOTNOTE, display_name
from indicators.model.explore import Filters
from indicators.model.vocabulary import flag_label

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_PACKAGE_ROWS = 250_000  # larger warehouse tables are left out of the zip (and listed in its README)
PACKAGE_NAME = "wb6-cyber-maturity"
CORE_TABLES = ("observations", "economies", "indicators", "sources", "datasets")

# Column -> (frictionless type, description). The export table's columns, in order.
EXPORT_COLUMNS: dict[str, tuple[str, str]] = {
    "economy": ("string", "Economy code: ALB, BIH, XKX (Kosovo*), MNE, MKD, SRB"),
    "economy_name": ("string", "Economy name as displayed (Kosovo is always 'Kosovo*')"),
    "indicator_id": ("string", "Indicator id in the catalog (see indicators.csv)"),
    "indicator_name": ("string", "Indicator name"),
    "pillar": (
        "string",
        "Pillar: legal, technical, organisational, capacity, cooperation, inclusion or headline (overall index)",
    ),
    "unit": ("string", "Unit of the value"),
    "period": ("integer", "Year or edition the value refers to"),
    "value": ("number", "Numeric value (empty for categorical indicators and for missing values)"),
    "value_text": ("string", "Category code of a categorical value (see indicators.csv)"),
    "value_label": ("string", "The value as displayed: the number, or the category label; empty when missing"),
    "sex": ("string", "total, female or male"),
    "group": ("string", "Population group ('all' or an age band / vulnerable group)"),
    "status": (
        "string",
        "observed, not_covered (by the source), not_assessed, suppressed (sample too "
        "small) or not_applicable. Missing is never zero.",
    ),
    "confidence": (
        "string",
        "verified (read in the publisher's own text), secondary (read in a source "
        "that reports it) or synthetic (demonstration data, not a measurement)",
    ),
    "score": ("number", "Normalised score 0-100 used for pillar scores (empty when not observed)"),
    "preferred": ("boolean", "Whether this value is the one shown when sources disagree"),
    "source_id": ("string", "Source id (see sources.csv)"),
    "source_title": ("string", "Title of the source the value was read in"),
    "source_publisher": ("string", "Publisher of the source"),
    "source_url": ("string", "Address of the source"),
    "source_as_of": ("string", "As-of date of the source's dataset"),
    "source_licence": ("string", "Licence or terms of the source"),
    "dataset": ("string", "Dataset folder in data/raw the row came from"),
    "note": ("string", "Note on the value (dates, caveats, alternative values)"),
    "economy_footnote": ("string", "Designation footnote, on every Kosovo* row"),
    "flag": (
        "string",
        "The publisher's observation flags (Eurostat OBS_FLAG letters: b break in time series, u low "
        "reliability, p provisional, e estimated, ...); empty when none. A value flagged u is not ranked.",
    ),
    "flag_meaning": ("string", "What the flags mean, e.g. 'u: low reliability'"),
}

# Descriptions of the other warehouse tables' columns (used in the data package's schemas).
FIELD_DESCRIPTIONS = {
    "economies": {
        "economy": "Economy code",
        "name": "Display name",
        "colour": "Colour used in charts",
        "footnote": "Designation footnote (Kosovo*)",
    },
    "indicators": {
        "indicator_id": "Indicator id",
        "name": "Name",
        "description": "Definition",
        "pillar": "Pillar",
        "unit": "Unit",
        "scale": "Scale, or category = score (0-100)",
        "direction": "higher_is_better or lower_is_better",
        "categories": "Category codes and their 0-100 scores (JSON)",
        "gci_pillar": "Crosswalk: ITU GCI pillar",
        "cmm_dimension": "Crosswalk: Oxford CMM dimension",
        "ncsi_area": "Crosswalk: NCSI capacity area",
        "sim3_category": "Crosswalk: SIM3 category",
        "nis2_article": "Crosswalk: NIS2 article",
    },
    "sources": {
        "source_id": "Source id",
        "title": "Title",
        "publisher": "Publisher",
        "url": "Address",
        "licence": "Licence or terms",
        "as_of": "As-of date",
        "where_found": "Where it was read",
    },
    "datasets": {
        "dataset": "Dataset folder in data/raw",
        "title": "Title",
        "publisher": "Publisher",
        "licence": "Licence or terms",
        "as_of": "As-of date",
    },
}


class ExportError(ValueError):
    """Filters or inputs that cannot be exported (reported to the user, exit code 2 on the CLI)."""


# ---------------------------------------------------------------------------------------------
# Filtering and the analyst table


def filter_observations(obs: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Rows of ``obs`` that pass every filter (an empty filter keeps everything)."""
    keep = pd.Series(True, index=obs.index)
    for key, column in (
        ("economy", "economy"),
        ("pillar", "pillar"),
        ("indicator", "indicator_id"),
        ("confidence", "confidence"),
        ("status", "status"),
        ("sex", "sex"),
        ("group", "group"),
    ):
        wanted = getattr(filters, key)
        if wanted:
            keep &= obs[column].isin(wanted)
    if filters.source:
        keep &= obs["source_id"].isin(filters.source) | obs["dataset"].isin(filters.source)
    if filters.period is not None:
        keep &= obs["period"].between(filters.period[0], filters.period[1])
    return obs[keep]


def _sort(obs: pd.DataFrame) -> pd.DataFrame:
    eco = {c: i for i, c in enumerate(ECONOMY_CODES)}
    pil = {p: i for i, p in enumerate(("headline", *PILLAR_IDS))}
    keyed = obs.assign(
        _e=obs["economy"].map(eco).fillna(99),
        _p=obs["pillar"].map(pil).fillna(99),
        _pref=~obs["preferred"].astype(bool),
    )
    keyed = keyed.sort_values(
        ["_e", "_p", "indicator_id", "period", "sex", "group", "_pref", "source_id"], kind="stable"
    )
    return keyed.drop(columns=["_e", "_p", "_pref"])


def format_number(value) -> str:
    """A number as shown in the explorer and in ``value_label``: shortest exact form (33.76, 45, 0.5)."""
    if value is None or pd.isna(value):
        return ""
    return format(float(value), ".15g")


def export_table(
    obs: pd.DataFrame, catalog: Catalog, filters: Filters | None = None, sources: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The analyst table (columns :data:`EXPORT_COLUMNS`) of the observations that pass ``filters``.

    ``obs`` is ``Warehouse.observations()``; ``sources`` (the warehouse's sources table) adds the
    licence column. The row order is stable: economy, pillar, indicator, period, preferred first.
    """
    cur = filter_observations(obs, filters or Filters())
    cur = _sort(cur)
    licence = {}
    if sources is not None and len(sources):
        licence = dict(zip(sources["source_id"], sources["licence"]))

    flags = (cur["flag"] if "flag" in cur else pd.Series(pd.NA, index=cur.index)).astype("string")
    out = pd.DataFrame(
        {
            "economy": cur["economy"].astype("string"),
            "economy_name": _per_distinct(cur["economy"], display_name),
            "indicator_id": cur["indicator_id"].astype("string"),
            "indicator_name": cur["indicator_name"].astype("string"),
            "pillar": cur["pillar"].astype("string"),
            "unit": cur["unit"].astype("string"),
            "period": cur["period"].astype("int64"),
            "value": cur["value"].astype("float64"),
            "value_text": cur["value_text"].astype("string"),
            "value_label": _value_labels(cur, catalog),
            "sex": cur["sex"].astype("string"),
            "group": cur["group"].astype("string"),
            "status": cur["status"].astype("string"),
            "confidence": cur["confidence"].astype("string"),
            "score": cur["score"].astype("float64"),
            "preferred": cur["preferred"].astype(bool),
            "source_id": cur["source_id"].astype("string"),
            "source_title": cur["source_title"].astype("string"),
            "source_publisher": cur["source_publisher"].astype("string"),
            "source_url": cur["source_url"].astype("string"),
            "source_as_of": cur["source_as_of"].astype("string"),
            "source_licence": cur["source_id"].map(licence).astype("string"),
            "dataset": cur["dataset"].astype("string"),
            "note": cur["note"].astype("string"),
            "economy_footnote": _per_distinct(cur["economy"], lambda c: KOSOVO_FOOTNOTE if c == "XKX" else ""),
            "flag": flags,
            "flag_meaning": _per_distinct(flags, lambda f: pd.NA if f is pd.NA else flag_label(f, translate=False)),
        }
    )
    # Empty text is "nothing to say", not a value: keep it as a missing cell so CSV round-trips cleanly.
    for col in out.columns:
        if out[col].dtype == "string":
            out[col] = out[col].mask(out[col] == "")
    return out.reset_index(drop=True)


def _per_distinct(values: pd.Series, fn) -> pd.arrays.StringArray:
    """``values.map(fn)`` as a "string" array, ``fn`` called once per distinct value (six economies, a few
    flags), not once per row."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    return pd.array([fn(v) for v in distinct], dtype="string").take(codes)


def _value_labels(cur: pd.DataFrame, catalog: Catalog) -> pd.arrays.StringArray:
    """The value as shown: "" unless observed; a categorical indicator's category label; else the number
    (:func:`format_number`, formatted once per distinct number)."""
    observed = (cur["status"] == "observed").to_numpy(dtype=bool)
    categorical_ids = [i.id for i in catalog.indicators.values() if i.is_categorical]
    categorical = observed & cur["indicator_id"].isin(categorical_ids).to_numpy(dtype=bool)
    numeric = observed & ~categorical
    labels = np.full(len(cur), "", dtype=object)
    values = cur["value"][numeric]
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    labels[numeric] = np.array([format_number(v) for v in distinct] or [""], dtype=object)[codes]
    zeros = np.flatnonzero(numeric & (cur["value"] == 0).to_numpy(dtype=bool))  # 0 and -0 are one distinct value
    labels[zeros] = [format_number(v) for v in cur["value"].iloc[zeros]]
    rows = np.flatnonzero(categorical)
    labels[rows] = [
        catalog.get(i).label_for(t) if isinstance(t, str) else ""
        for i, t in zip(cur["indicator_id"].iloc[rows], cur["value_text"].iloc[rows])
    ]
    return pd.array(labels, dtype="string")


# ---------------------------------------------------------------------------------------------
# CSV, Parquet


PLAIN_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def neutralise(text):
    """OWASP CSV-injection defence for one text cell: prefix a formula trigger with a single quote.

    A cell that is just a number (``-3.7408``, ``+1``, ``-2e-3``) is left as it is: a spreadsheet reads
    it as that number, never as a formula, and the quote would corrupt it.
    """
    if isinstance(text, str) and text.startswith(FORMULA_TRIGGERS) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def _is_text(series: pd.Series) -> bool:
    return not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series))


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy in which every text cell is neutralised; numeric and boolean columns are untouched."""
    out = df.copy()
    for col in out.columns:
        if _is_text(out[col]):
            values = out[col]
            text = values.astype(str)
            hit = (values.notna() & text.str.startswith(FORMULA_TRIGGERS)).to_numpy(dtype=bool, copy=True)
            if hit.any():  # a plain number is left as it is (matched only where a trigger starts the cell)
                hit[hit] = ~text[hit].str.match(PLAIN_NUMBER.pattern).to_numpy(dtype=bool)
            if hit.any():
                if values.dtype == "string":
                    out[col] = values.mask(hit, "'" + values.astype("string"))
                else:
                    out.loc[hit, col] = ["'" + str(v) for v in values[hit]]
    return out


def csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    """The frame :func:`to_csv_bytes` writes: text cells and column names neutralised, booleans as true/false
    (etl/publish.py writes the public tables' CSVs from it with DuckDB, byte for byte the same)."""
    safe = spreadsheet_safe(df)
    for col in safe.columns:
        if pd.api.types.is_bool_dtype(safe[col]):
            safe[col] = safe[col].map({True: "true", False: "false"})
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe


def to_csv_bytes(df: pd.DataFrame, bom: bool = True) -> bytes:
    """The protected CSV writer: every CSV download and export calls this one function.

    UTF-8 CSV with a byte-order mark (so Excel on Windows reads ć, ë and Cyrillic as they are; pandas,
    Python's ``utf-8-sig`` and LibreOffice skip it), one header row, numbers as numbers (negative ones included, also when they sit in a
    text column), booleans as true/false, and every other text cell (and column name) starting with
    ``= + - @``, a tab or a carriage return prefixed with ``'`` so no spreadsheet runs it as a formula.
    ``bom=False`` for the tables published at stable URLs: scripts (pandas, R, DuckDB) read them as plain UTF-8.
    """
    safe = csv_ready(df)
    buf = io.StringIO()
    safe.to_csv(buf, index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    # with the BOM for people (Excel otherwise guesses the Windows code page), without it for scripts
    return buf.getvalue().encode("utf-8-sig" if bom else "utf-8")


def to_parquet_bytes(df: pd.DataFrame, metadata: dict | None = None) -> bytes:
    """Parquet with exact values; ``metadata`` (provenance, filters, footnote) goes in the file's metadata."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[b"wb6.provenance"] = json.dumps(metadata or {}, ensure_ascii=False).encode("utf-8")
    table = table.replace_schema_metadata(meta)
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


def provenance(filters: Filters, build_id: str | None, rows: int, confidence: pd.Series | None = None) -> dict:
    """What every export says about itself."""
    counts = {} if confidence is None else {k: int(v) for k, v in confidence.value_counts().items()}
    return {
        "title": "WB6 Cyber Maturity Dashboard: data export",
        "build_id": build_id,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "filters": filters.describe(),
        "rows": rows,
        "rows_by_confidence": counts,
        "synthetic_rows_note": (
            "rows with confidence 'synthetic' are demonstration data, not measurements"
            if counts.get("synthetic")
            else ""
        ),
        "kosovo_footnote": KOSOVO_FOOTNOTE,
    }


def export_bytes(
    fmt: str,
    obs: pd.DataFrame,
    catalog: Catalog,
    filters: Filters | None = None,
    *,
    tables: dict[str, pd.DataFrame] | None = None,
    build_id: str | None = None,
    skipped: dict[str, int] | None = None,
) -> bytes:
    """The bytes of one export: ``csv`` or ``parquet`` (the filtered table), or ``datapackage`` (zip)."""
    filters = filters or Filters()
    tables = tables or {}
    if fmt == "datapackage":
        return datapackage_bytes(obs, catalog, tables, filters=filters, build_id=build_id, skipped=skipped)
    table = export_table(obs, catalog, filters, tables.get("sources"))
    if fmt == "csv":
        return to_csv_bytes(table)
    if fmt == "parquet":
        return to_parquet_bytes(table, provenance(filters, build_id, len(table), table["confidence"]))
    raise ExportError(f"unknown format '{fmt}' (csv, parquet or datapackage)")


# ---------------------------------------------------------------------------------------------
# Frictionless Data Package


def _field_type(series: pd.Series, declared: str | None = None) -> str:
    if declared:
        return declared
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_numeric_dtype(series):
        return "number"
    return "string"


def _schema(name: str, df: pd.DataFrame) -> dict:
    declared = EXPORT_COLUMNS if name == "observations" else {}
    described = FIELD_DESCRIPTIONS.get(name, {})
    fields_ = []
    for col in df.columns:
        ftype = _field_type(df[col], declared.get(col, (None,))[0])
        entry = {"name": str(col), "type": ftype}
        desc = declared.get(col, (None, None))[1] or described.get(col)
        if desc:
            entry["description"] = desc
        if ftype == "boolean":
            entry["trueValues"] = ["true"]
            entry["falseValues"] = ["false"]
        fields_.append(entry)
    schema: dict = {"fields": fields_, "missingValues": [""]}
    keys = {
        "economies": ["economy"],
        "indicators": ["indicator_id"],
        "sources": ["source_id"],
        "datasets": ["dataset"],
        "observations": ["economy", "indicator_id", "period", "sex", "group", "source_id"],
    }
    if name in keys and all(k in df.columns for k in keys[name]):
        schema["primaryKey"] = keys[name]
    return schema


# Columns of a table that carry the publisher's own numbering under a shared name, not the catalog's codes:
# ncsi_points.indicator_id is NCSI's "1.1", "2.3" (its indicator numbers), so it is no foreign key into indicators.
OWN_NUMBERING = {"ncsi_points": ("indicator_id",)}


def _foreign_keys(present: set[str]) -> list[dict]:
    links = [
        ("economy", "economies", "economy"),
        ("indicator_id", "indicators", "indicator_id"),
        ("source_id", "sources", "source_id"),
        ("dataset", "datasets", "dataset"),
    ]
    return [{"fields": f, "reference": {"resource": r, "fields": rf}} for f, r, rf in links if r in present]


def _frictionless_name(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in name.lower())


def package_descriptor(
    frames: dict[str, pd.DataFrame],
    sources: pd.DataFrame | None,
    *,
    build_id: str | None,
    paths: dict[str, str],
    filters: Filters | None = None,
    skipped: dict[str, int] | None = None,
    descriptions: dict[str, str] | None = None,
) -> dict:
    """The Frictionless ``datapackage.json`` of ``frames`` (name -> table), one CSV resource per table
    at ``paths[name]``: a table schema (types, descriptions, keys, foreign keys) and every source."""
    filters = filters or Filters()
    descriptions = {**_RESOURCE_DESCRIPTIONS, **(descriptions or {})}
    resources = []
    for name, df in frames.items():
        schema = _schema(name, df)
        if name not in CORE_TABLES[1:]:  # observations and any other table that cites economies/sources
            fks = [
                fk
                for fk in _foreign_keys(set(frames) - {name})
                if fk["fields"] in df.columns and fk["fields"] not in OWN_NUMBERING.get(name, ())
            ]
            if fks:
                schema["foreignKeys"] = fks
        resources.append(
            {
                "name": _frictionless_name(name),
                "path": paths[name],
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
                "description": descriptions.get(name, f"Warehouse table '{name}'."),
            }
        )
    obs_table = frames["observations"]
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "WB6 Cyber Maturity Dashboard: data package",
        "description": (
            "Cybersecurity maturity indicators of the six Western Balkan economies (Albania, "
            "Bosnia and Herzegovina, Kosovo*, Montenegro, North Macedonia, Serbia), one row per "
            "value with its source, period, confidence and status. " + KOSOVO_FOOTNOTE
        ),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "keywords": ["cybersecurity", "Western Balkans", "ITU GCI", "NCSI", "CSIRT", "maturity"],
        "sources": _package_sources(sources),
        "resources": resources,
        "wb6": {
            "build_id": build_id,
            "filters": filters.describe(),
            "kosovo_footnote": KOSOVO_FOOTNOTE,
            "rows_by_confidence": {k: int(v) for k, v in obs_table["confidence"].value_counts().items()},
            "tables_left_out": skipped or {},
        },
    }


def datapackage_bytes(
    obs: pd.DataFrame,
    catalog: Catalog,
    tables: dict[str, pd.DataFrame],
    *,
    filters: Filters | None = None,
    build_id: str | None = None,
    skipped: dict[str, int] | None = None,
) -> bytes:
    """The whole dataset as a zipped Frictionless Data Package.

    ``tables`` are the warehouse tables by name (``economies``, ``indicators``, ``sources``,
    ``datasets`` and any other); ``observations`` is written as the analyst table of ``obs``
    (filtered by ``filters`` when given). ``skipped`` names tables too large to include.
    """
    filters = filters or Filters()
    sources = tables.get("sources")
    frames: dict[str, pd.DataFrame] = {"observations": export_table(obs, catalog, filters, sources)}
    for name in CORE_TABLES[1:]:
        if name in tables:
            frames[name] = tables[name]
    for name, df in sorted(tables.items()):
        if name not in frames and name != "observations":
            frames[name] = df
    files: dict[str, bytes] = {}
    for name in list(frames):
        frames[name] = frames[name].drop(columns=["internal_note"], errors="ignore")  # research notes never leave
        files[f"data/{name}.csv"] = to_csv_bytes(frames[name])
    descriptor = package_descriptor(
        frames,
        sources,
        build_id=build_id,
        paths={name: f"data/{name}.csv" for name in frames},
        filters=filters,
        skipped=skipped,
    )
    created = descriptor["created"]
    readme = _readme(frames, sources, filters, build_id, created, skipped or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("datapackage.json", json.dumps(descriptor, indent=2, ensure_ascii=False))
        zf.writestr("README.md", readme)
        for path, data in files.items():
            zf.writestr(path, data)
    return buf.getvalue()


_RESOURCE_DESCRIPTIONS = {
    "observations": "One row per value: economy, indicator, period, value, status, confidence and the "
    "provenance of the value (source title, URL, publisher, licence, as-of date, note).",
    "economies": "The six economies, their codes and display names (Kosovo*, with its footnote).",
    "indicators": "The indicator catalog: definition, pillar, unit, scale, direction and the crosswalk to "
    "ITU GCI pillars, Oxford CMM dimensions, NCSI areas, SIM3 categories and NIS2 articles.",
    "sources": "Every source the values were read in: publisher, URL, licence, as-of date, where it was read.",
    "datasets": "The raw datasets (data/raw folders) and their publishers, licences and as-of dates.",
}


def _package_sources(sources: pd.DataFrame | None) -> list[dict]:
    if sources is None or not len(sources):
        return []
    out = []
    for _i, s in sources.iterrows():
        entry = {"title": f"{s['source_id']}: {s['title']}"}
        if isinstance(s.get("url"), str) and s["url"]:
            entry["path"] = s["url"]
        out.append(entry)
    return out


def _readme(
    frames: dict[str, pd.DataFrame],
    sources: pd.DataFrame | None,
    filters: Filters,
    build_id: str | None,
    created: str,
    skipped: dict[str, int],
) -> str:
    obs = frames["observations"]
    counts = obs["confidence"].value_counts()
    lines = [
        "# WB6 Cyber Maturity Dashboard: data package",
        "",
        "Cybersecurity maturity indicators of the six Western Balkan economies: Albania, Bosnia and "
        "Herzegovina, Kosovo*, Montenegro, North Macedonia and Serbia.",
        "",
        "\\" + KOSOVO_FOOTNOTE,
        "",
        f"- Build: `{build_id or 'unknown'}`",
        f"- Exported: {created}",
        f"- Rows in observations.csv: {len(obs)} ({filters.describe()})",
        "- By confidence: " + (", ".join(f"{k} {int(v)}" for k, v in counts.items()) or "none"),
        "",
        "## Files",
        "",
        "| file | rows | what |",
        "|---|---|---|",
    ]
    for name, df in frames.items():
        lines.append(f"| `data/{name}.csv` | {len(df)} | {_RESOURCE_DESCRIPTIONS.get(name, 'warehouse table')} |")
    lines += [
        "| `datapackage.json` | | Frictionless Data Package descriptor: a table schema per file, "
        "keys, and every source |",
        "",
    ]
    if skipped:
        lines += [
            "Tables left out because of their size (read them from the warehouse's Parquet files): "
            + ", ".join(f"`{k}` ({v} rows)" for k, v in skipped.items())
            + ".",
            "",
        ]
    lines += [
        "## How to read it",
        "",
        "- `status` says whether a value was observed or why it is missing: `not_covered` (the source does "
        "not cover the economy, e.g. Kosovo* in the ITU GCI), `not_assessed`, `suppressed` (sample too small), "
        "`not_applicable`. Missing is never zero: a missing value has an empty `value`.",
        "- `confidence`: `verified` = read in the publisher's own text; `secondary` = read in a source that "
        "reports it; `synthetic` = demonstration data made by a seeded script, not a measurement.",
        "- `preferred`: where two sources disagree both values are kept; the preferred one is shown in the dashboard.",
        "- Editions of an index with different methodologies (ITU GCI 2014/2017/2018 on 0-1, 2020 on "
        "0-100, 2024 tiers; NCSI legacy and current) are separate indicators, never one series.",
        "- Text cells that begin with =, +, -, @, a tab or a carriage return are prefixed with a single "
        "quote (') so that spreadsheets do not run them as formulas (OWASP CSV-injection guidance).",
        "",
        "## How to cite",
        "",
        f"WB6 Cyber Maturity Dashboard, data package (build {build_id or 'unknown'}), exported {created[:10]}. "
        "Cite also the original source of every figure you use: its title, publisher and URL are in the "
        "`source_title`, `source_publisher` and `source_url` columns of `observations.csv` and in "
        "`sources.csv`.",
        "",
        "## Licences",
        "",
        "Each figure stays under the terms of its original source. The terms by source:",
        "",
    ]
    if sources is not None and len(sources):
        for lic, grp in sources.groupby("licence", sort=True):
            ids = ", ".join(grp["source_id"].astype(str))
            lines.append(f"- **{lic or 'not stated'}**: {ids}")
    lines += ["", "## Sources", ""]
    if sources is not None and len(sources):
        for _i, s in sources.iterrows():
            lines.append(
                f"- `{s['source_id']}` {s['title']} ({s.get('publisher') or ''}), {s.get('url') or ''}, "
                f"as of {s.get('as_of') or ''}"
            )
    lines += ["", "---", "", "\\" + KOSOVO_FOOTNOTE, ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Reading the warehouse for an export


def warehouse_tables(wh, max_rows: int = MAX_PACKAGE_ROWS) -> tuple[dict[str, pd.DataFrame], dict[str, int]]:
    """Every table of a :class:`indicators.model.warehouse.Warehouse` except observations (read separately),
    and the tables left out because they have more than ``max_rows`` rows."""
    names = wh.query("SELECT table_name FROM information_schema.tables ORDER BY table_name")["table_name"]
    tables: dict[str, pd.DataFrame] = {}
    skipped: dict[str, int] = {}
    for name in names:
        if name == "observations" or not str(name).isidentifier():
            continue
        rows = int(wh.query(f'SELECT count(*) AS n FROM "{name}"')["n"].iloc[0])
        if rows > max_rows:
            skipped[str(name)] = rows
            continue
        tables[str(name)] = wh.table(str(name))
    return tables, skipped


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so a failed export never leaves half a file."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
