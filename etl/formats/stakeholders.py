"""Format ``stakeholder_register_csv``: the stakeholder register, loaded into the tables ``stakeholders`` (one
body a row) and ``stakeholder_links`` (one link a row), never as observations.

Every row is checked: known economy code (or WB6 for a regional body, INT for an international one), known
sector and relation, a source of the sidecar, confidence verified or secondary (the register holds real entries
only), a date as YYYY, YYYY-MM or YYYY-MM-DD, an http(s) website, and links between bodies that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from indicators.model.catalog import Catalog
from indicators.model.economies import ECONOMY_CODES
from indicators.model.vocabulary import LINK_COLUMNS, LINK_RELATIONS, STAKEHOLDER_COLUMNS, STAKEHOLDER_SECTORS

from ..contracts import Problem, read_csv, require_columns
from ..extract import Extracted, data_files, register_adapter, source_rows

FORMAT = "stakeholder_register_csv"
AREAS = (*ECONOMY_CODES, "WB6", "INT")
DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
ENTITY_ID = re.compile(r"[a-z][a-z0-9_]*")


def _common(r: dict, label: str, line: int, source_ids: set[str], problems: list[Problem]) -> None:
    if r["source_id"] not in source_ids:
        problems.append(
            Problem(label, line, "source_id", f"'{r['source_id']}' is not a source of this dataset's sidecar")
        )
    if r["confidence"] not in ("verified", "secondary"):
        problems.append(
            Problem(
                label, line, "confidence", f"must be verified or secondary (real entries only), got '{r['confidence']}'"
            )
        )
    if r["last_checked"] and not DATE.fullmatch(r["last_checked"]):
        problems.append(Problem(label, line, "last_checked", f"not a date: '{r['last_checked']}'"))


def extract_stakeholders(folder: Path, meta: dict, catalog: Catalog, root: Path, problems: list[Problem]) -> Extracted:
    out = Extracted(meta=meta, sources=source_rows(meta))
    source_ids = {s["id"] for s in meta.get("sources") or []}
    entities: list[dict] = []
    links: list[tuple[str, int, dict]] = []
    for path, label in data_files(folder, meta, root, problems):
        table = read_csv(path, label, problems, allowed=set(STAKEHOLDER_COLUMNS) | set(LINK_COLUMNS))
        if table is None:
            continue
        is_links = "from_id" in table.header
        if not require_columns(table, tuple(LINK_COLUMNS if is_links else STAKEHOLDER_COLUMNS), label, problems):
            continue
        out.input_rows[label] = len(table.rows)
        for line, r in table.rows:
            before = len(problems)
            _common(r, label, line, source_ids, problems)
            if is_links:
                if r["relation"] not in LINK_RELATIONS:
                    problems.append(Problem(label, line, "relation", f"unknown relation '{r['relation']}'"))
                if r["since"] and not DATE.fullmatch(r["since"]):
                    problems.append(Problem(label, line, "since", f"not a date: '{r['since']}'"))
                if len(problems) == before:
                    links.append((label, line, {k: r[k] for k in LINK_COLUMNS}))
                continue
            if not ENTITY_ID.fullmatch(r["entity_id"]):
                problems.append(
                    Problem(label, line, "entity_id", f"must be lowercase snake_case, got '{r['entity_id']}'")
                )
            if r["area"] not in AREAS:
                problems.append(Problem(label, line, "area", f"unknown economy code '{r['area']}' (or WB6, INT)"))
            if r["sector"] not in STAKEHOLDER_SECTORS:
                problems.append(Problem(label, line, "sector", f"unknown sector '{r['sector']}'"))
            if not r["name"]:
                problems.append(Problem(label, line, "name", "a body needs a name"))
            if r["founded"] and not DATE.fullmatch(r["founded"]):
                problems.append(Problem(label, line, "founded", f"not a date: '{r['founded']}'"))
            if r["website"] and not r["website"].startswith(("http://", "https://")):
                problems.append(Problem(label, line, "website", f"not a web address: '{r['website']}'"))
            if any(e["entity_id"] == r["entity_id"] for e in entities):
                problems.append(Problem(label, line, "entity_id", f"'{r['entity_id']}' appears twice"))
            if len(problems) == before:
                entities.append({k: r[k] for k in STAKEHOLDER_COLUMNS})
    known = {e["entity_id"] for e in entities}
    kept = []
    for label, line, link in links:
        before = len(problems)
        if link["from_id"] not in known:
            problems.append(Problem(label, line, "from_id", f"no body '{link['from_id']}' in the register"))
        if link["to"] not in known and link["to"] not in ECONOMY_CODES:
            problems.append(
                Problem(label, line, "to", f"'{link['to']}' is neither a body of the register nor an economy code")
            )
        if len(problems) == before:
            kept.append(link)
    if entities:
        out.tables["stakeholders"] = pd.DataFrame(entities, columns=STAKEHOLDER_COLUMNS)
    if kept:
        out.tables["stakeholder_links"] = pd.DataFrame(kept, columns=LINK_COLUMNS)
    return out


register_adapter(FORMAT, extract_stakeholders)
