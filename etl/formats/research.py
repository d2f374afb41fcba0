"""Format ``research_library_csv``: the team's research library, one publication a row, loaded unchanged
into the ``research_library`` table (never observations). Each row is checked: a title, a link (http or
https), a year (four digits) or empty, known economy codes (or WB6), confidence verified or secondary."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from indicators.model.catalog import Catalog
from indicators.model.economies import ECONOMY_CODES
from indicators.topics.research import COLUMNS, filter_topics_of

from ..contracts import Problem, read_csv, require_columns
from ..extract import Extracted, data_files, register_adapter, source_rows

FORMAT = "research_library_csv"
REQUIRED = (
    "title",
    "authors_or_publisher",
    "year",
    "economies",
    "topics",
    "type",
    "url",
    "summary",
    "where_found",
    "confidence",
)


def extract_research(folder: Path, meta: dict, catalog: Catalog, root: Path, problems: list[Problem]) -> Extracted:
    out = Extracted(meta=meta, sources=source_rows(meta))
    rows = []
    for path, label in data_files(folder, meta, root, problems):
        table = read_csv(path, label, problems)
        if table is None or not require_columns(table, REQUIRED, label, problems):
            continue
        out.input_rows[label] = len(table.rows)
        for line, r in table.rows:
            before = len(problems)
            if not r["title"]:
                problems.append(Problem(label, line, "title", "a publication needs a title"))
            if not r["url"].startswith(("http://", "https://")):
                problems.append(Problem(label, line, "url", f"not a web address: '{r['url']}'"))
            if r["year"] and not (r["year"].isdigit() and len(r["year"]) == 4):
                problems.append(Problem(label, line, "year", f"must be a year or empty, got '{r['year']}'"))
            for code in [c.strip() for c in r["economies"].split(";") if c.strip()]:
                if code != "WB6" and code not in ECONOMY_CODES:
                    problems.append(Problem(label, line, "economies", f"unknown economy code '{code}'"))
            if r["confidence"] not in ("verified", "secondary"):
                problems.append(
                    Problem(label, line, "confidence", f"must be verified or secondary, got '{r['confidence']}'")
                )
            if len(problems) > before:
                continue
            rows.append(
                {
                    "item_id": f"{meta['dataset']}.{line - 1:03d}",
                    "title": r["title"],
                    "authors": r["authors_or_publisher"],
                    "year": int(r["year"]) if r["year"] else None,
                    "economies": r["economies"],
                    "topics": r["topics"],
                    "filter_topics": filter_topics_of(r["topics"]),
                    "type": r["type"],
                    "url": r["url"],
                    "summary": r["summary"],
                    "where_found": r["where_found"],
                    "confidence": r["confidence"],
                }
            )
    if rows:
        out.tables["research_library"] = pd.DataFrame(rows, columns=COLUMNS).astype({"year": "Int64"})
    return out


register_adapter(FORMAT, extract_research)


PUBLISHED_FORMAT = "published_figures_csv"
PUBLISHED_REQUIRED = (
    "economy",
    "topic",
    "indicator",
    "period",
    "value",
    "unit",
    "sex",
    "group",
    "source_title",
    "source_url",
    "confidence",
    "note",
)
PUBLISHED_COLUMNS = [
    "dataset",
    "area",
    "topic",
    "figure",
    "period",
    "value",
    "value_text",
    "unit",
    "sex",
    "population",
    "source_title",
    "source_url",
    "confidence",
    "note",
]


def extract_published(folder: Path, meta: dict, catalog: Catalog, root: Path, problems: list[Problem]) -> Extracted:
    """Figures read in published surveys and studies that are not comparable across economies (each its own
    question and sample): kept as they were read in the table ``published_figures``, never scored. A value
    given in words ("one in four") stays words in ``value_text``; ``value`` is filled only when the source
    gives a plain number. ``area`` is an economy code or WB6 (a regional survey average, never an economy). Only rows whose ``topic`` is listed in the sidecar's ``topics`` are loaded."""
    out = Extracted(meta=meta, sources=source_rows(meta))
    topics = set(meta.get("topics") or [])
    rows = []
    for path, label in data_files(folder, meta, root, problems):
        table = read_csv(path, label, problems)
        if table is None or not require_columns(table, PUBLISHED_REQUIRED, label, problems):
            continue
        out.input_rows[label] = len(table.rows)
        for line, r in table.rows:
            if topics and r["topic"] not in topics:
                continue
            before = len(problems)
            if r["economy"] != "WB6" and r["economy"] not in ECONOMY_CODES:
                problems.append(Problem(label, line, "economy", f"unknown economy code '{r['economy']}'"))
            if r["confidence"] not in ("verified", "secondary"):
                problems.append(
                    Problem(label, line, "confidence", f"must be verified or secondary, got '{r['confidence']}'")
                )
            if not r["source_url"].startswith(("http://", "https://")):
                problems.append(Problem(label, line, "source_url", f"not a web address: '{r['source_url']}'"))
            if not r["value"]:
                problems.append(Problem(label, line, "value", "a published figure needs its value as read"))
            if len(problems) > before:
                continue
            try:
                number = float(r["value"])
            except ValueError:
                number = None  # words stay words
            rows.append(
                {
                    "dataset": meta["dataset"],
                    "area": r["economy"],
                    "topic": r["topic"],
                    "figure": r["indicator"],
                    "period": r["period"],
                    "value": number,
                    "value_text": r["value"],
                    "unit": r["unit"],
                    "sex": r["sex"] or "total",
                    "population": r["group"],
                    "source_title": r["source_title"],
                    "source_url": r["source_url"],
                    "confidence": r["confidence"],
                    "note": r["note"],
                }
            )
    if rows:
        out.tables["published_figures"] = pd.DataFrame(rows, columns=PUBLISHED_COLUMNS)
    return out


register_adapter(PUBLISHED_FORMAT, extract_published)
