"""Format ``ncsi_points_csv``: NCSI points per indicator (and capacity totals) as printed on ncsi.ega.ee pages,
loaded into the table ``ncsi_points`` for the reform planner's exact projections, never as observations.

Every row is checked: a known economy, a methodology (legacy or current), a date YYYY-MM-DD or empty, a capacity
number, an indicator id like 1.4 under its capacity (or empty for the capacity total), whole points between 0
and the maximum, a source of the sidecar, confidence verified or secondary (real values only), and no row twice."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from indicators.model.catalog import Catalog
from indicators.model.economies import ECONOMY_CODES
from indicators.model.vocabulary import NCSI_METHODOLOGIES, NCSI_POINT_COLUMNS

from ..contracts import Problem, read_csv, require_columns
from ..extract import Extracted, data_files, register_adapter, source_rows

FORMAT = "ncsi_points_csv"
TABLE = "ncsi_points"
DATE = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")
CAPACITY = re.compile(r"[1-9]\d?")
INDICATOR = re.compile(r"([1-9]\d?)\.[1-9]\d?")
REQUIRED = tuple(c for c in NCSI_POINT_COLUMNS if c not in ("last_checked", "excerpt"))


def _whole(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def extract_ncsi_points(folder: Path, meta: dict, catalog: Catalog, root: Path, problems: list[Problem]) -> Extracted:
    out = Extracted(meta=meta, sources=source_rows(meta))
    source_ids = {s["id"] for s in meta.get("sources") or []}
    rows: list[dict] = []
    seen: set[tuple] = set()
    for path, label in data_files(folder, meta, root, problems):
        table = read_csv(path, label, problems, allowed=set(NCSI_POINT_COLUMNS))
        if table is None or not require_columns(table, REQUIRED, label, problems):
            continue
        out.input_rows[label] = len(table.rows)
        for line, r in table.rows:
            before = len(problems)

            def bad(column: str, why: str, label: str = label, line: int = line) -> None:
                problems.append(Problem(label, line, column, why))

            if r["economy"] not in ECONOMY_CODES:
                bad("economy", f"unknown economy code '{r['economy']}'")
            if r["methodology"] not in NCSI_METHODOLOGIES:
                bad("methodology", f"must be one of {', '.join(NCSI_METHODOLOGIES)}, got '{r['methodology']}'")
            for col in ("version_date", "last_checked"):
                if r.get(col) and not DATE.fullmatch(r[col]):
                    bad(col, f"not a date YYYY-MM-DD: '{r[col]}'")
            if not CAPACITY.fullmatch(r["capacity_id"]):
                bad("capacity_id", f"not a capacity number: '{r['capacity_id']}'")
            ind = r["indicator_id"]
            match = INDICATOR.fullmatch(ind) if ind else None
            if ind and (match is None or match.group(1) != r["capacity_id"]):
                bad("indicator_id", f"'{ind}' is not an indicator of capacity {r['capacity_id']} (like 1.4)")
            points, most = _whole(r["points"]), _whole(r["max_points"])
            if points is None or most is None or not most or points > most:
                bad("points", f"points must be whole, 0 to max_points: '{r['points']}' of '{r['max_points']}'")
            if r["source_id"] not in source_ids:
                bad("source_id", f"'{r['source_id']}' is not a source of this dataset's sidecar")
            if r["confidence"] not in ("verified", "secondary"):
                bad("confidence", f"must be verified or secondary (real values only), got '{r['confidence']}'")
            key = (r["economy"], r["methodology"], r["version_date"], r["source_id"], r["capacity_id"], ind)
            if key in seen:
                bad("indicator_id", f"row appears twice: {key}")
            seen.add(key)
            if len(problems) == before:
                rows.append({**{c: r.get(c, "") for c in NCSI_POINT_COLUMNS}, "points": points, "max_points": most})
    if rows:
        out.tables[TABLE] = pd.DataFrame(rows, columns=NCSI_POINT_COLUMNS)
    return out


register_adapter(FORMAT, extract_ncsi_points)
