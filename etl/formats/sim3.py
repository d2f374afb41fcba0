"""Format ``sim3_assessment``: filled SIM3 self-assessment templates (CSV or XLSX) -> table sim3_assessments.

One row per team, assessment date and SIM3 parameter (data/templates/sim3_assessment_template.*).
Rules, each reported as ``file:row:column: rule`` (nothing is loaded when any fails):
- columns team, economy, assessment_date, parameter_id, level, confidence, source_id are present;
- team and assessment_date are filled; the date is a real date written YYYY-MM-DD;
- economy is one of the six codes (XK accepted for Kosovo*);
- parameter_id is a SIM3 v1 parameter of indicators/topics/sim3_model.yaml;
- level is an integer 0-4, or blank for "not assessed" (never read as 0);
- a parameter appears once per team and date; a team and date has one economy;
- confidence is verified, secondary or synthetic; source_id is listed in the folder's source.yaml.

"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from indicators.topics.sim3 import TABLE, TABLE_COLUMNS, load_model

from ..contracts import Problem, check_economy, check_provenance, parse_date, read_table, require_columns
from ..extract import Extracted, data_files, register_adapter, source_rows

FORMAT = "sim3_assessment"
REQUIRED = ("team", "economy", "assessment_date", "parameter_id", "level", "confidence", "source_id")
OPTIONAL = ("parameter_name", "assessor", "note", "internal_note")  # any other column is refused


def parse_level(text: str, label: str, line: int, problems: list[Problem]) -> int | None:
    if not re.fullmatch(r"[+-]?\d+", text):
        problems.append(
            Problem(label, line, "level", f"level must be a whole number 0-4 (or blank for not assessed), got '{text}'")
        )
        return None
    value = int(text)
    if not 0 <= value <= 4:
        problems.append(Problem(label, line, "level", f"level {value} is outside the SIM3 scale 0-4"))
        return None
    return value


def extract_sim3(folder: Path, meta: dict, catalog, root: Path, problems: list[Problem]) -> Extracted:
    model = load_model()
    params = {p.id: p for p in model.parameters}
    out = Extracted(meta=meta, sources=source_rows(meta))
    known_sources = {s["source_id"] for s in out.sources}
    records: list[dict] = []
    for path, label in data_files(folder, meta, root, problems):
        table = read_table(path, label, problems, sheet="assessment", allowed=REQUIRED + OPTIONAL)
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
            economy = check_economy(r["economy"], label, line, problems)
            pid = r["parameter_id"].upper().replace(" ", "")
            param = params.get(pid)
            if param is None:
                hint = " (O-6 does not exist in SIM3 v1)" if pid == "O-6" else ""
                problems.append(
                    Problem(
                        label,
                        line,
                        "parameter_id",
                        f"unknown SIM3 parameter '{r['parameter_id']}'"
                        f"{hint}; expected one of O-1..O-11, H-1..H-7, "
                        "T-1..T-10, P-1..P-17",
                    )
                )
            level = parse_level(r["level"], label, line, problems) if r["level"] != "" else None
            check_provenance(r, known_sources, label, line, problems)
            if team and date and param is not None:
                key = (team, date, param.id)
                if key in seen:
                    problems.append(
                        Problem(
                            label,
                            line,
                            "parameter_id",
                            f"{param.id} is listed twice for team '{team}' on {date} (also row {seen[key]})",
                        )
                    )
                else:
                    seen[key] = line
            if team and date and economy is not None:
                first = economy_of.setdefault((team, date), (economy, line))
                if first[0] != economy:
                    problems.append(
                        Problem(
                            label,
                            line,
                            "economy",
                            f"team '{team}' on {date} is given economy {first[0]} on row {first[1]}",
                        )
                    )
            if len(problems) > before:
                continue
            records.append(
                {
                    "team": team,
                    "economy": economy,
                    "assessment_date": date,
                    "parameter_id": param.id,
                    "category": param.category,
                    "parameter_name": param.name,
                    "level": level,
                    "status": "not_assessed" if level is None else "observed",
                    "assessor": r.get("assessor", ""),
                    "note": r.get("note", ""),
                    "confidence": r["confidence"],
                    "source_id": r["source_id"],
                    "dataset": meta["dataset"],
                }
            )
    frame = pd.DataFrame(records, columns=TABLE_COLUMNS).astype(
        {c: "Int64" if c == "level" else "str" for c in TABLE_COLUMNS}
    )
    out.tables[TABLE] = frame
    return out


register_adapter(FORMAT, extract_sim3)
