"""Format ``research_library_csv``: the team's research library, one publication a row, loaded unchanged
into the ``research_library`` table (never observations). Each row is checked: a title, a link (http or
https), a year (four digits) or empty, known economy codes (or WB6), confidence verified or secondary."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from indicators.catalog import Catalog
from indicators.economies import ECONOMY_CODES
from indicators.research import COLUMNS, filter_topics_of

from ..contracts import Problem, read_csv, require_columns
from ..extract import Extracted, data_files, register_adapter, source_rows

FORMAT = "research_library_csv"
REQUIRED = ("title", "authors_or_publisher", "year", "economies", "topics", "type", "url", "summary",
            "where_found", "confidence")


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
                problems.append(Problem(label, line, "confidence", f"must be verified or secondary, got "
                                                                   f"'{r['confidence']}'"))
            if len(problems) > before:
                continue
            rows.append({"item_id": f"{meta['dataset']}.{line - 1:03d}", "title": r["title"],
                         "authors": r["authors_or_publisher"], "year": int(r["year"]) if r["year"] else None,
                         "economies": r["economies"], "topics": r["topics"],
                         "filter_topics": filter_topics_of(r["topics"]), "type": r["type"], "url": r["url"],
                         "summary": r["summary"], "where_found": r["where_found"], "confidence": r["confidence"]})
    if rows:
        out.tables["research_library"] = pd.DataFrame(rows, columns=COLUMNS).astype({"year": "Int64"})
    return out


register_adapter(FORMAT, extract_research)
