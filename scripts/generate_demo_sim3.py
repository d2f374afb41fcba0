"""Generate the DEMONSTRATION SIM3 self-assessments and the blank SIM3 templates.

    python scripts/generate_demo_sim3.py            # writes both (deterministic: same bytes every run)

Outputs
- data/raw/demo_sim3_assessments/demo_sim3_assessments.csv + source.yaml: made-up assessments of
  made-up teams ("Demo national CSIRT (Albania)", ...), confidence 'synthetic' on every row. No
  per-parameter SIM3 result of a Western Balkan team is public; these rows only show how the CERT page
  works. They are NOT a measurement of any real team.
- data/templates/sim3_assessment_template.csv and .xlsx: every SIM3 v1 parameter of
  indicators/topics/sim3_model.yaml, ready to fill (see data/templates/README.md).

The generator is seeded (SEED) and uses no clock, so running it twice gives identical files.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indicators.model.economies import ECONOMY_CODES, ECONOMY_NAMES  # noqa: E402
from indicators.topics.sim3 import TEMPLATE_COLUMNS, load_model  # noqa: E402
from scripts.demo_util import save_stable_xlsx, write_demo_dataset  # noqa: E402

SEED = 20260505
DATASET = "demo_sim3_assessments"
SOURCE_ID = "demo_sim3.s01"
OUT = ROOT / "data" / "raw" / DATASET
TEMPLATES = ROOT / "data" / "templates"

# Per team: the economy, a kind, and the "floor" level of each successive assessment (year, floor).
# The floor is the lowest level any parameter may have in that assessment, so it steers the tier the
# project rule derives (Below basic / Basic / Intermediate / Advanced) and gives visible trends.
TEAMS = [
    ("ALB", "national", [(2023, 1), (2024, 1), (2025, 2)]),
    ("ALB", "government", [(2025, 0)]),
    ("BIH", "entity", [(2024, 0), (2025, 1)]),
    ("BIH", "government", [(2025, 0)]),
    ("XKX", "national", [(2023, 0), (2024, 1), (2025, 1)]),
    ("XKX", "government", [(2024, 0), (2025, 0)]),
    ("MNE", "national", [(2023, 1), (2024, 2), (2025, 2)]),
    ("MNE", "government", [(2024, 0), (2025, 1)]),
    ("MKD", "national", [(2024, 1), (2025, 1)]),
    ("MKD", "government", [(2025, 0)]),
    ("SRB", "national", [(2023, 2), (2024, 2), (2025, 3)]),
    ("SRB", "government", [(2024, 1), (2025, 1)]),
]
KINDS = {"national": "Demo national CSIRT", "entity": "Demo entity-level CERT", "government": "Demo government CERT"}
# The latest assessment of this team leaves two parameters blank ("not assessed") to show that a tier is
# not derived from an incomplete assessment and that a blank is never read as 0.
INCOMPLETE = ("XKX", "government", 2025, ("T-3", "P-16"))


def team_name(economy: str, kind: str) -> str:
    return f"{KINDS[kind]} ({ECONOMY_NAMES[economy]})"


def generate(seed: int = SEED) -> list[dict]:
    model = load_model()
    rng = random.Random(seed)
    rows: list[dict] = []
    for economy, kind, schedule in TEAMS:
        assert economy in ECONOMY_CODES
        team = team_name(economy, kind)
        previous: dict[str, int] = {}
        for n, (year, floor) in enumerate(schedule):
            date = f"{year}-{rng.randint(3, 11):02d}-{rng.randint(1, 28):02d}"
            levels: dict[str, int] = {}
            for p in model.parameters:
                extra = rng.choices([0, 1, 2], weights=[45, 35, 20])[0]
                level = max(previous.get(p.id, 0), floor + extra)
                if previous and rng.random() < 0.2:
                    level += 1
                levels[p.id] = min(4, level)
            if min(levels.values()) > floor:  # some parameter sits at the floor, so the floor sets the tier
                levels[rng.choice(model.ids)] = floor
            previous = levels
            blank = INCOMPLETE[3] if (economy, kind, year) == INCOMPLETE[:3] else ()
            assessor = "Demo self-assessment" if n % 2 == 0 else "Demo peer review"
            for p in model.parameters:
                rows.append(
                    {
                        "team": team,
                        "economy": economy,
                        "assessment_date": date,
                        "parameter_id": p.id,
                        "parameter_name": p.name,
                        "level": "" if p.id in blank else levels[p.id],
                        "assessor": assessor,
                        "confidence": "synthetic",
                        "source_id": SOURCE_ID,
                        "note": "not assessed in this demonstration round" if p.id in blank else "",
                    }
                )
    return rows


SIDECAR = {
    "dataset": DATASET,
    "title": "DEMONSTRATION DATA: SIM3 self-assessments of made-up CERT teams",
    "publisher": "WB6 Cyber Maturity Dashboard project (generated, not published by any team)",
    "url": "scripts/generate_demo_sim3.py",
    "licence": "CC0 (generated demonstration data)",
    "as_of": "2026-11-27",
    "demonstration": True,
    "description": (
        "Demonstration data, not a measurement. No per-parameter SIM3 results of Western Balkan CSIRTs are "
        "public, so scripts/generate_demo_sim3.py (seed " + str(SEED) + ") makes up assessments of made-up "
        "teams named 'Demo ...' to show how the CERT maturity page works. Every row has confidence "
        "'synthetic'. Real assessments are added by filling data/templates/sim3_assessment_template.* "
        "into a new folder under data/raw/."
    ),
    "format": "sim3_assessment",
    "files": [f"{DATASET}.csv"],
    "sources": [
        {
            "id": SOURCE_ID,
            "title": f"Demonstration data generated by scripts/generate_demo_sim3.py (seed {SEED})",
            "url": "scripts/generate_demo_sim3.py",
            "where_found": "generated in this repository",
        }
    ],
}


def write_demo(out: Path = OUT) -> Path:
    return write_demo_dataset(out, DATASET, SIDECAR, TEMPLATE_COLUMNS, generate(), "scripts/generate_demo_sim3.py")


def template_rows() -> list[dict]:
    return [
        {c: "" for c in TEMPLATE_COLUMNS} | {"parameter_id": p.id, "parameter_name": p.name}
        for p in load_model().parameters
    ]


def write_templates(folder: Path = TEMPLATES) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    model = load_model()
    folder.mkdir(parents=True, exist_ok=True)
    rows = template_rows()
    with open(folder / "sim3_assessment_template.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=TEMPLATE_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)

    wb = Workbook()
    ws = wb.active
    ws.title = "assessment"
    ws.append(TEMPLATE_COLUMNS)
    for r in rows:
        ws.append([r[c] for c in TEMPLATE_COLUMNS])
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    widths = {
        "team": 30,
        "economy": 10,
        "assessment_date": 16,
        "parameter_id": 12,
        "parameter_name": 38,
        "level": 8,
        "assessor": 22,
        "confidence": 12,
        "source_id": 16,
        "note": 40,
    }
    for i, col in enumerate(TEMPLATE_COLUMNS, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = widths[col]
    ws.freeze_panes = "A2"
    last = len(rows) + 1
    col = {c: ws.cell(1, i + 1).column_letter for i, c in enumerate(TEMPLATE_COLUMNS)}
    dv_level = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="4",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="SIM3 level",
        error="A whole number 0-4, or blank for not assessed.",
    )
    dv_level.add(f"{col['level']}2:{col['level']}{last}")
    dv_eco = DataValidation(type="list", formula1='"' + ",".join(ECONOMY_CODES) + '"', allow_blank=False)
    dv_eco.add(f"{col['economy']}2:{col['economy']}{last}")
    dv_conf = DataValidation(type="list", formula1='"verified,secondary,synthetic"', allow_blank=False)
    dv_conf.add(f"{col['confidence']}2:{col['confidence']}{last}")
    for dv in (dv_level, dv_eco, dv_conf):
        ws.add_data_validation(dv)

    lv = wb.create_sheet("levels")
    lv.append(["level", "label", "official wording (sim3.dk, reference and copyright OpenCSIRT.org)"])
    for level in model.levels:
        lv.append([level.level, level.label, level.wording])
    pr = wb.create_sheet("parameters")
    pr.append(["parameter_id", "category", "name", "name_provisional", "evidence (A/B/U)", "note"])
    for p in model.parameters:
        pr.append([p.id, model.categories[p.category], p.name, "yes" if p.provisional else "no", p.evidence, p.note])
    info = wb.create_sheet("instructions")
    for line in [
        "SIM3 v1 self-assessment template (WB6 Cyber Maturity Dashboard). Fill the 'assessment' sheet only.",
        "One row per parameter. team, economy (ALB, BIH, XKX, MNE, MKD, SRB; XK accepted), assessment_date (YYYY-MM-DD),",
        "level 0-4 (blank = not assessed, never read as 0), confidence (verified / secondary / synthetic) and source_id",
        "(an id listed in the folder's source.yaml) are required on every row. Do not list a parameter twice for one team and date.",
        "Levels (sim3.dk): 0 not available / undefined / unaware; 1 implicit; 2 explicit, internal; "
        "3 explicit, formalised on authority of the CSIRT head or above; 4 explicit, audited on authority of governance levels above the CSIRT head.",
        model.names_note,
        "Model: Stikvoort, D. (2015), SIM3 mkXVIII; https://opencsirt.org/csirt-maturity/sim3-and-references/",
        "See data/templates/README.md for the columns and for how to add the filled file to data/raw/.",
    ]:
        info.append([line])
    info.column_dimensions["A"].width = 160
    for sheet in (lv, pr):
        for cell in sheet[1]:
            cell.font = bold
        sheet.column_dimensions["C"].width = 60
    for row in info.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=False)
    save_stable_xlsx(wb, folder / "sim3_assessment_template.xlsx")


def main() -> int:
    path = write_demo()
    write_templates()
    print(f"wrote {path.relative_to(ROOT)} and data/templates/sim3_assessment_template.csv/.xlsx")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
