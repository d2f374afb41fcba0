"""Generate the DEMONSTRATION capacity-building plan items and the blank plan-items templates.

    python scripts/generate_demo_plans.py           # writes both (deterministic: same bytes every run)

Outputs
- data/raw/demo_capacity_plans/demo_capacity_plans.csv + source.yaml: made-up plan items of made-up
  institutions ("Demo ..."), confidence 'synthetic' on every row. Real plans are internal documents;
  these rows only show how the plans page and the profile's gap links work.
- data/templates/plan_items_template.csv and .xlsx (see data/templates/README.md).

Statuses and progress are set against a fixed review date (REVIEW_DATE), never the clock, so running
the script twice gives identical files.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indicators.model.economies import ECONOMY_CODES, ECONOMY_NAMES  # noqa: E402
from indicators.topics.plans import STATUSES, TARGET_GROUPS, TEMPLATE_COLUMNS  # noqa: E402
from scripts.demo_util import save_stable_xlsx, write_demo_dataset  # noqa: E402

SEED = 20260506
DATASET = "demo_capacity_plans"
SOURCE_ID = "demo_plans.s01"
REVIEW_DATE = dt.date(2026, 6, 30)
OUT = ROOT / "data" / "raw" / DATASET
TEMPLATES = ROOT / "data" / "templates"

# (target group, institution kind, action, linked indicator, linked SIM3 parameter, baseline, target).
# Indicators are catalog ids that appear in the economy profile's gap table. GCI-linked actions are not
# given to Kosovo* (not covered by the ITU GCI); the NCSI-linked alternative is used there instead.
ACTIONS = [
    (
        "general_public",
        "authority",
        "National cyber-hygiene awareness campaign (online safety month)",
        "gci_2024_capacity",
        "",
        "no national campaign",
        "yearly campaign reaching 30 % of adults",
    ),
    (
        "general_public",
        "authority",
        "Online-safety module in the secondary-school curriculum",
        "ncsi_score",
        "",
        "pilot in 5 schools",
        "module in all secondary schools",
    ),
    (
        "general_public",
        "ngo",
        "Awareness and reporting channel on technology-facilitated violence against women",
        "tfvaw_lifetime_share",
        "",
        "no dedicated channel",
        "channel live; yearly awareness campaign",
    ),
    (
        "critical_infrastructure",
        "authority",
        "Transpose NIS2-aligned obligations for operators of essential services",
        "cyber_law",
        "",
        "draft law",
        "law adopted and secondary acts in force",
    ),
    (
        "critical_infrastructure",
        "national_cert",
        "Incident-reporting exercise with energy and telecom operators",
        "gci_2024_technical",
        "",
        "no joint exercise",
        "yearly exercise with all designated operators",
    ),
    (
        "critical_infrastructure",
        "regulator",
        "Designate incident-response contact points in critical-infrastructure operators",
        "cyber_law",
        "",
        "informal contacts",
        "contact point registered for every operator",
    ),
    (
        "public_sector_staff",
        "school",
        "Mandatory cyber-hygiene e-learning for civil servants",
        "gci_2024_capacity",
        "",
        "0 % of civil servants trained",
        "80 % of civil servants trained",
    ),
    (
        "public_sector_staff",
        "gov_cert",
        "Phishing simulation programme across ministries",
        "ncsi_score",
        "",
        "no simulations",
        "quarterly simulations; click rate below 10 %",
    ),
    (
        "public_sector_staff",
        "school",
        "Secure-configuration course for ministries' IT administrators",
        "national_strategy",
        "",
        "ad-hoc courses",
        "every ministry has two trained administrators",
    ),
    (
        "cert_staff",
        "gov_cert",
        "Formalise the mandate of the CERT protecting ministries' networks",
        "national_csirt",
        "O-1",
        "mandate implicit",
        "mandate adopted by government decision",
    ),
    (
        "cert_staff",
        "national_cert",
        "Roll out an incident tracking system",
        "",
        "T-4",
        "spreadsheets",
        "ticketing system with audit trail",
    ),
    (
        "cert_staff",
        "national_cert",
        "Internal training plan for incident handlers",
        "",
        "H-4",
        "no written plan",
        "written plan, 5 training days per analyst per year",
    ),
    (
        "cert_staff",
        "national_cert",
        "Prepare the application for FIRST membership",
        "first_membership",
        "H-7",
        "not a member",
        "FIRST membership",
    ),
    (
        "cert_staff",
        "gov_cert",
        "Written incident classification shared with ministries",
        "",
        "O-8",
        "implicit classification",
        "classification formalised and published",
    ),
]
INSTITUTIONS = {
    "authority": "Demo national cyber-security authority",
    "national_cert": "Demo national CSIRT",
    "gov_cert": "Demo government CERT",
    "regulator": "Demo communications regulator",
    "school": "Demo public-administration training school",
    "ngo": "Demo civil-society partner",
}
GCI_FOR_KOSOVO = {"gci_2024_capacity": "ncsi_score", "gci_2024_technical": "ncsi_score"}


def _deadline(rng: random.Random) -> dt.date:
    year = rng.choice([2025, 2026, 2026, 2027, 2027])
    month = rng.choice([3, 6, 9, 12])
    return dt.date(year, month, 30 if month in (6, 9) else 31)


def generate(seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    rows: list[dict] = []
    for economy in ECONOMY_CODES:
        chosen = sorted(rng.sample(range(len(ACTIONS)), k=rng.randint(8, 11)))
        for n, idx in enumerate(chosen, start=1):
            group, inst, action, indicator, param, baseline, target = ACTIONS[idx]
            if economy == "XKX":
                indicator = GCI_FOR_KOSOVO.get(indicator, indicator)
            if economy in ("MNE", "SRB") and indicator == "first_membership":  # already full FIRST members
                indicator = ""
            deadline = _deadline(rng)
            if deadline < REVIEW_DATE:
                status = rng.choices(["done", "delayed", "in_progress", "cancelled"], weights=[55, 25, 15, 5])[0]
            else:
                status = rng.choices(["planned", "in_progress", "delayed"], weights=[45, 45, 10])[0]
            progress = {
                "done": 100,
                "planned": rng.choice([0, 0, ""]),  # blank = not reported, never read as 0
                "in_progress": rng.choice([20, 30, 40, 50, 60, 70, 80]),
                "delayed": rng.choice([10, 20, 30, 40, 50]),
                "cancelled": "",
            }[status]
            institution = f"{INSTITUTIONS[inst]} ({ECONOMY_NAMES[economy]})"
            rows.append(
                {
                    "item_id": f"{economy}-{n:02d}",
                    "economy": economy,
                    "institution": institution,
                    "target_group": group,
                    "action": action,
                    "linked_indicator": indicator,
                    "linked_sim3_parameter": param,
                    "baseline": baseline,
                    "target": target,
                    "deadline": deadline.isoformat(),
                    "status": status,
                    "progress": progress,
                    "confidence": "synthetic",
                    "source_id": SOURCE_ID,
                    "note": "cancelled after a change of ministry" if status == "cancelled" else "",
                }
            )
    assert {r["target_group"] for r in rows} <= set(TARGET_GROUPS) and {r["status"] for r in rows} <= set(STATUSES)
    return rows


SIDECAR = {
    "dataset": DATASET,
    "title": "DEMONSTRATION DATA: capacity-building plan items of made-up institutions",
    "publisher": "WB6 Cyber Maturity Dashboard project (generated, not published by any institution)",
    "url": "scripts/generate_demo_plans.py",
    "licence": "CC0 (generated demonstration data)",
    "as_of": REVIEW_DATE.isoformat(),
    "demonstration": True,
    "description": (
        "Demonstration data, not real plans. Capacity-building plans are internal documents, so "
        "scripts/generate_demo_plans.py (seed " + str(SEED) + ") makes up plan items of made-up institutions "
        "named 'Demo ...' to show how the plans page works. Every row has confidence 'synthetic'. Real items are "
        "added by filling data/templates/plan_items_template.* into a new folder under data/raw/."
    ),
    "format": "plan_items",
    "files": [f"{DATASET}.csv"],
    "sources": [
        {
            "id": SOURCE_ID,
            "title": f"Demonstration data generated by scripts/generate_demo_plans.py (seed {SEED})",
            "url": "scripts/generate_demo_plans.py",
            "where_found": "generated in this repository",
        }
    ],
}


def write_demo(out: Path = OUT) -> Path:
    return write_demo_dataset(out, DATASET, SIDECAR, TEMPLATE_COLUMNS, generate(), "scripts/generate_demo_plans.py")


EXAMPLE = {
    "item_id": "ALB-01",
    "economy": "ALB",
    "institution": "(institution responsible)",
    "target_group": "public_sector_staff",
    "action": "Mandatory cyber-hygiene e-learning for civil servants",
    "linked_indicator": "gci_2024_capacity",
    "linked_sim3_parameter": "",
    "baseline": "0 % trained",
    "target": "80 % trained",
    "deadline": "2027-12-31",
    "status": "in_progress",
    "progress": 40,
    "confidence": "verified",
    "source_id": "plans.s01",
    "note": "(optional)",
}


def write_templates(folder: Path = TEMPLATES) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "plan_items_template.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerow(TEMPLATE_COLUMNS)
    wb = Workbook()
    ws = wb.active
    ws.title = "plan_items"
    ws.append(TEMPLATE_COLUMNS)
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for i, _c in enumerate(TEMPLATE_COLUMNS, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = 22
    ws.freeze_panes = "A2"
    col = {c: ws.cell(1, i + 1).column_letter for i, c in enumerate(TEMPLATE_COLUMNS)}
    rows = "2:1000"
    lo, hi = rows.split(":")
    validations = [
        ("economy", DataValidation(type="list", formula1='"' + ",".join(ECONOMY_CODES) + '"')),
        ("target_group", DataValidation(type="list", formula1='"' + ",".join(TARGET_GROUPS) + '"')),
        ("status", DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"')),
        ("confidence", DataValidation(type="list", formula1='"verified,secondary,synthetic"')),
        (
            "progress",
            DataValidation(
                type="decimal",
                operator="between",
                formula1="0",
                formula2="100",
                allow_blank=True,
                showErrorMessage=True,
                error="0-100, or blank if not reported",
            ),
        ),
    ]
    for name, dv in validations:
        dv.add(f"{col[name]}{lo}:{col[name]}{hi}")
        ws.add_data_validation(dv)
    ex = wb.create_sheet("example")
    ex.append(TEMPLATE_COLUMNS)
    ex.append([EXAMPLE[c] for c in TEMPLATE_COLUMNS])
    for cell in ex[1]:
        cell.font = bold
    info = wb.create_sheet("instructions")
    for line in [
        "Capacity-building plan items (WB6 Cyber Maturity Dashboard). Fill the 'plan_items' sheet only; "
        "the 'example' sheet is not read.",
        "item_id: unique id. economy: ALB, BIH, XKX, MNE, MKD, SRB (XK accepted). target_group: "
        + ", ".join(TARGET_GROUPS)
        + ".",
        "linked_indicator: a catalog indicator id (the gap-table row the item addresses) and/or linked_sim3_parameter "
        "(e.g. O-1). deadline: YYYY-MM-DD.",
        "status: "
        + ", ".join(STATUSES)
        + ". progress: 0-100 (blank = not reported, never read as 0; a done item has 100).",
        "confidence: verified / secondary / synthetic. source_id: an id listed in the folder's source.yaml.",
        "See data/templates/README.md for every column and for how to add the filled file to data/raw/.",
    ]:
        info.append([line])
    info.column_dimensions["A"].width = 160
    save_stable_xlsx(wb, folder / "plan_items_template.xlsx")


def main() -> int:
    path = write_demo()
    write_templates()
    print(f"wrote {path.relative_to(ROOT)} and data/templates/plan_items_template.csv/.xlsx")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
