"""Format ``plan_items``: capacity-building plan items (CSV or XLSX) -> table plan_items.

One row per plan item (data/templates/plan_items_template.*). Rules, each reported as
``file:row:column: rule`` (nothing is loaded when any fails):
- the template's columns are present (baseline, target and note may be left out);
- item_id, institution and action are filled; item_id is unique in the dataset;
- economy is one of the six codes (XK accepted for Kosovo*);
- target_group is general_public, critical_infrastructure, public_sector_staff or cert_staff;
- linked_indicator, when filled, is a catalog indicator id; linked_sim3_parameter, when filled, is a
  SIM3 v1 parameter;
- deadline is a date written YYYY-MM-DD;
- status is planned, in_progress, done, delayed or cancelled;
- progress is a number 0-100, or blank when not reported (never read as 0); a done item has 100;
- confidence is verified, secondary or synthetic; source_id is listed in the folder's source.yaml.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from indicators.topics.plans import STATUSES, TABLE, TABLE_COLUMNS, TARGET_GROUPS
from indicators.topics.sim3 import load_model

from ..contracts import Problem, check_economy, check_provenance, parse_date, parse_number, read_table, require_columns
from ..extract import Extracted, data_files, register_adapter, source_rows

FORMAT = "plan_items"
REQUIRED = (
    "item_id",
    "economy",
    "institution",
    "target_group",
    "action",
    "linked_indicator",
    "linked_sim3_parameter",
    "deadline",
    "status",
    "progress",
    "confidence",
    "source_id",
)
OPTIONAL = ("baseline", "target", "note", "internal_note")  # any other column is refused


def extract_plans(folder: Path, meta: dict, catalog, root: Path, problems: list[Problem]) -> Extracted:
    params = set(load_model().ids)
    out = Extracted(meta=meta, sources=source_rows(meta))
    known_sources = {s["source_id"] for s in out.sources}
    records: list[dict] = []
    seen: dict[str, tuple[str, int]] = {}
    for path, label in data_files(folder, meta, root, problems):
        table = read_table(path, label, problems, sheet="plan_items", allowed=REQUIRED + OPTIONAL)
        if table is None or not require_columns(table, REQUIRED, label, problems):
            continue
        out.input_rows[label] = len(table.rows)
        for line, r in table.rows:
            before = len(problems)
            item_id = r["item_id"]
            if not item_id:
                problems.append(Problem(label, line, "item_id", "missing item_id: give every plan item a unique id"))
            elif item_id in seen:
                where = seen[item_id]
                problems.append(
                    Problem(
                        label,
                        line,
                        "item_id",
                        f"item_id '{item_id}' is used twice (also "
                        f"{'row ' if where[0] == label else where[0] + ':'}"
                        f"{where[1]})",
                    )
                )
            else:
                seen[item_id] = (label, line)
            economy = check_economy(r["economy"], label, line, problems)
            for col in ("institution", "action"):
                if not r[col]:
                    problems.append(Problem(label, line, col, f"missing {col}"))
            if r["target_group"] not in TARGET_GROUPS:
                problems.append(
                    Problem(
                        label,
                        line,
                        "target_group",
                        f"unknown target group '{r['target_group']}' (expected {', '.join(TARGET_GROUPS)})",
                    )
                )
            if r["linked_indicator"] and catalog.get(r["linked_indicator"]) is None:
                problems.append(
                    Problem(
                        label,
                        line,
                        "linked_indicator",
                        f"indicator '{r['linked_indicator']}' is not in the catalog (indicators/catalog/*.yaml)",
                    )
                )
            pid = r["linked_sim3_parameter"].upper().replace(" ", "")
            if pid and pid not in params:
                problems.append(
                    Problem(
                        label, line, "linked_sim3_parameter", f"unknown SIM3 parameter '{r['linked_sim3_parameter']}'"
                    )
                )
            deadline = parse_date(r["deadline"], label, line, "deadline", problems)
            status = r["status"]
            if status not in STATUSES:
                problems.append(
                    Problem(label, line, "status", f"unknown status '{status}' (expected {', '.join(STATUSES)})")
                )
            progress = parse_number(r["progress"], label, line, "progress", problems)
            if progress is not None and not 0 <= progress <= 100:
                problems.append(Problem(label, line, "progress", f"progress {progress:g} is outside 0-100"))
            elif status == "done" and progress != 100:
                problems.append(
                    Problem(label, line, "progress", f"a done item has progress 100, got '{r['progress']}'")
                )
            check_provenance(r, known_sources, label, line, problems)
            if len(problems) > before:
                continue
            records.append(
                {
                    "item_id": item_id,
                    "economy": economy,
                    "institution": r["institution"],
                    "target_group": r["target_group"],
                    "action": r["action"],
                    "linked_indicator": r["linked_indicator"] or None,
                    "linked_sim3_parameter": pid or None,
                    "baseline": r.get("baseline", ""),
                    "target": r.get("target", ""),
                    "deadline": deadline,
                    "status": status,
                    "progress": progress,
                    "confidence": r["confidence"],
                    "source_id": r["source_id"],
                    "note": r.get("note", ""),
                    "dataset": meta["dataset"],
                }
            )
    out.tables[TABLE] = pd.DataFrame(records, columns=TABLE_COLUMNS).astype(
        {c: "float64" if c == "progress" else "str" for c in TABLE_COLUMNS}
    )
    return out


register_adapter(FORMAT, extract_plans)
