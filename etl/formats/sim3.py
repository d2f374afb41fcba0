"""Format ``sim3_assessment``: filled SIM3 self-assessment templates (CSV or XLSX) -> table sim3_assessments.

One row per team, assessment date and SIM3 parameter (data/templates/sim3_assessment_template.*).
Rules, each reported as ``file:row:column: rule`` (nothing is loaded when any fails):
- columns team, economy, assessment_date, parameter_id, level, confidence, source_id are present;
- team and assessment_date are filled; the date is a real date written YYYY-MM-DD;
- economy is one of the six codes (XK accepted for Kosovo*);
- parameter_id is a SIM3 v1 parameter of indicators/sim3_model.yaml;
- level is an integer 0-4, or blank for "not assessed" (never read as 0);
- a parameter appears once per team and date; a team and date has one economy;
- confidence is verified, secondary or synthetic; source_id is listed in the folder's source.yaml.

This module also holds the small XLSX reader used by the plan-items format.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from indicators.economies import ECONOMY_CODES, normalise_code
from indicators.sim3 import TABLE, TABLE_COLUMNS, load_model

from ..contracts import VALID_CONFIDENCE, CsvTable, Problem, read_csv, require_columns
from ..extract import SIDECAR, Extracted, register_adapter, rel, source_rows

FORMAT = "sim3_assessment"
REQUIRED = ("team", "economy", "assessment_date", "parameter_id", "level", "confidence", "source_id")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(path: Path, label: str, problems: list[Problem], sheet: str | None = None) -> CsvTable | None:
    """Read one sheet of a workbook like read_csv: header on row 1, row numbers as Excel shows them.

    The sheet named ``sheet`` is used when it exists, otherwise the first sheet. Dates become
    YYYY-MM-DD and whole numbers lose their '.0', so the same checks apply as to a CSV.
    """
    try:
        from openpyxl import load_workbook
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # a corrupt or non-XLSX file is a data problem, not a crash
        problems.append(Problem(label, 0, "-", f"cannot read the workbook: {type(err).__name__}"))
        return None
    try:
        ws = wb[sheet] if sheet and sheet in wb.sheetnames else wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        first = next(it, None)
        if first is None or not any(_cell(v) for v in first):
            problems.append(Problem(label, 0, "-", "empty sheet: expected a header row and data rows"))
            return None
        header = [_cell(h) for h in first]
        while header and not header[-1]:
            header.pop()
        rows = []
        for line, values in enumerate(it, start=2):
            cells = [_cell(v) for v in values]
            if not any(cells):
                continue
            extra = [c for c in cells[len(header):] if c]
            if extra:
                problems.append(Problem(label, line, "-", f"row has values beyond the {len(header)} header columns"))
                continue
            cells += [""] * (len(header) - len(cells))
            rows.append((line, dict(zip(header, cells[:len(header)]))))
    finally:
        wb.close()
    if not rows:
        problems.append(Problem(label, 1, "-", "header only: the sheet has no data rows"))
    return CsvTable(header, rows)


def read_table(path: Path, label: str, problems: list[Problem], sheet: str | None = None) -> CsvTable | None:
    """A CSV or XLSX data file, by extension."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(path, label, problems, sheet)
    if path.suffix.lower() == ".csv":
        return read_csv(path, label, problems)
    problems.append(Problem(label, 0, "-", "unsupported file type: use .csv or .xlsx"))
    return None


def parse_date(text: str, label: str, line: int, column: str, problems: list[Problem]) -> str | None:
    """A calendar date written YYYY-MM-DD (as ISO text)."""
    if not text:
        problems.append(Problem(label, line, column, "missing date: write it as YYYY-MM-DD"))
        return None
    if not DATE.match(text):
        problems.append(Problem(label, line, column, f"not a date in the form YYYY-MM-DD: '{text}'"))
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        problems.append(Problem(label, line, column, f"not a calendar date: '{text}'"))
        return None


def parse_level(text: str, label: str, line: int, problems: list[Problem]) -> int | None:
    if not re.fullmatch(r"[+-]?\d+", text):
        problems.append(Problem(label, line, "level", f"level must be a whole number 0-4 (or blank for not "
                                                      f"assessed), got '{text}'"))
        return None
    value = int(text)
    if not 0 <= value <= 4:
        problems.append(Problem(label, line, "level", f"level {value} is outside the SIM3 scale 0-4"))
        return None
    return value


def data_files(folder: Path, meta: dict, root: Path, problems: list[Problem]) -> list[tuple[Path, str]]:
    out = []
    for name in meta.get("files") or []:
        path = folder / name
        if not path.exists():
            problems.append(Problem(rel(folder / SIDECAR, root), 0, "files", f"listed file '{name}' does not exist"))
            continue
        out.append((path, rel(path, root)))
    return out


def extract_sim3(folder: Path, meta: dict, catalog, root: Path, problems: list[Problem]) -> Extracted:
    model = load_model()
    params = {p.id: p for p in model.parameters}
    out = Extracted(meta=meta, sources=source_rows(meta))
    known_sources = {s["source_id"] for s in out.sources}
    records: list[dict] = []
    for path, label in data_files(folder, meta, root, problems):
        table = read_table(path, label, problems, sheet="assessment")
        if table is None or not require_columns(table, REQUIRED, label, problems):
            continue
        out.input_rows[label] = len(table.rows)
        seen: dict[tuple, int] = {}
        economy_of: dict[tuple, tuple[str, int]] = {}
        for line, r in table.rows:
            before = len(problems)
            team = r["team"]
            if not team:
                problems.append(Problem(label, line, "team", "missing team: name the team that was assessed"))
            date = parse_date(r["assessment_date"], label, line, "assessment_date", problems)
            economy = normalise_code(r["economy"])
            if economy is None:
                problems.append(Problem(label, line, "economy", f"unknown economy code '{r['economy']}' (expected "
                                                                f"{', '.join(ECONOMY_CODES)}; XK is accepted for XKX)"))
            pid = r["parameter_id"].upper().replace(" ", "")
            param = params.get(pid)
            if param is None:
                hint = " (O-6 does not exist in SIM3 v1)" if pid == "O-6" else ""
                problems.append(Problem(label, line, "parameter_id", f"unknown SIM3 parameter '{r['parameter_id']}'"
                                                                     f"{hint}; expected one of O-1..O-11, H-1..H-7, "
                                                                     "T-1..T-10, P-1..P-17"))
            level = parse_level(r["level"], label, line, problems) if r["level"] != "" else None
            if r["confidence"] not in VALID_CONFIDENCE:
                problems.append(Problem(label, line, "confidence", f"unknown confidence '{r['confidence']}' "
                                                                   f"(expected {', '.join(VALID_CONFIDENCE)})"))
            if r["source_id"] not in known_sources:
                problems.append(Problem(label, line, "source_id", f"source '{r['source_id']}' is not listed in "
                                                                  "the folder's source.yaml"))
            if team and date and param is not None:
                key = (team, date, param.id)
                if key in seen:
                    problems.append(Problem(label, line, "parameter_id", f"{param.id} is listed twice for team "
                                                                         f"'{team}' on {date} (also row {seen[key]})"))
                else:
                    seen[key] = line
            if team and date and economy is not None:
                first = economy_of.setdefault((team, date), (economy, line))
                if first[0] != economy:
                    problems.append(Problem(label, line, "economy", f"team '{team}' on {date} is given economy "
                                                                    f"{first[0]} on row {first[1]}"))
            if len(problems) > before:
                continue
            records.append({
                "team": team, "economy": economy, "assessment_date": date, "parameter_id": param.id,
                "category": param.category, "parameter_name": param.name, "level": level,
                "status": "not_assessed" if level is None else "observed",
                "assessor": r.get("assessor", ""), "note": r.get("note", ""), "confidence": r["confidence"],
                "source_id": r["source_id"], "dataset": meta["dataset"],
            })
    frame = pd.DataFrame(records, columns=TABLE_COLUMNS).astype(
        {c: "Int64" if c == "level" else "str" for c in TABLE_COLUMNS})
    out.tables[TABLE] = frame
    return out


register_adapter(FORMAT, extract_sim3)
