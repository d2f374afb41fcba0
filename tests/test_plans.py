"""Capacity-building plans: progress, overdue items (injected 'today'), items addressing a gap, figures,
plan-items ingestion (every bad-input case -> exit 2 with file:row:column), templates and generator."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import re

import pandas as pd
import pytest

from etl.cli import main
from indicators.topics import plans
from tests.conftest import ROOT, write_dataset

LINE = re.compile(r"^  (?P<file>[^:]+):(?P<row>\d+):(?P<col>[^:]+): (?P<rule>.+)$")
TODAY = dt.date(2026, 6, 30)


def item(
    item_id,
    economy="ALB",
    group="public_sector_staff",
    status="in_progress",
    progress=50.0,
    deadline="2026-12-31",
    indicator="gci_2024_capacity",
    parameter=None,
    confidence="synthetic",
) -> dict:
    return {
        "item_id": item_id,
        "economy": economy,
        "institution": "Inst",
        "target_group": group,
        "action": "Act",
        "linked_indicator": indicator,
        "linked_sim3_parameter": parameter,
        "baseline": "",
        "target": "",
        "deadline": deadline,
        "status": status,
        "progress": progress,
        "confidence": confidence,
        "source_id": "fx.s01",
        "note": "",
        "dataset": "fixture",
    }


@pytest.fixture
def items() -> pd.DataFrame:
    return pd.DataFrame(
        [
            item("A1", status="done", progress=100, deadline="2025-12-31"),
            item("A2", status="in_progress", progress=40, deadline="2026-03-31"),  # overdue 91 days
            item("A3", status="delayed", progress=20, deadline="2026-06-29"),  # overdue 1 day
            item("A4", status="planned", progress=None, deadline="2026-06-30"),  # due today: not overdue
            item("A5", status="cancelled", progress=10, deadline="2025-01-31"),  # cancelled: never overdue
            item(
                "A6",
                group="cert_staff",
                status="planned",
                progress=0,
                deadline="2027-06-30",
                indicator=None,
                parameter="T-4",
            ),
            item(
                "S1",
                economy="SRB",
                group="general_public",
                status="planned",
                progress=None,
                deadline="2027-01-31",
                indicator="nis2_alignment",
            ),
        ],
        columns=plans.TABLE_COLUMNS,
    )


def test_progress_per_economy_and_target_group(items):
    s = plans.progress_summary(items, ("economy", "target_group"), TODAY).set_index(["economy", "target_group"])
    alb = s.loc[("ALB", "public_sector_staff")]
    assert alb["items"] == 5 and alb["active"] == 4 and alb["with_progress"] == 3
    assert alb["mean_progress"] == pytest.approx((100 + 40 + 20) / 3, abs=0.05)  # cancelled and blank left out
    assert (alb["done"], alb["in_progress"], alb["delayed"], alb["planned"], alb["cancelled"]) == (1, 1, 1, 1, 1)
    assert alb["overdue"] == 2
    assert s.loc[("ALB", "cert_staff"), "mean_progress"] == 0.0  # a reported 0 is a real 0
    srb = s.loc[("SRB", "general_public")]
    assert pd.isna(srb["mean_progress"]) and srb["with_progress"] == 0  # nothing reported is not 0
    by_eco = plans.progress_summary(items, ("economy",), TODAY).set_index("economy")
    assert by_eco.loc["ALB", "items"] == 6 and by_eco.loc["ALB", "mean_progress"] == 40.0  # (100+40+20+0)/4


def test_overdue_uses_the_injected_today(items):
    late = plans.overdue(items, TODAY)
    assert list(late["item_id"]) == ["A2", "A3"] and list(late["days_overdue"]) == [91, 1]
    assert list(plans.overdue(items, "2026-07-01")["item_id"]) == ["A2", "A3", "A4"]
    assert list(plans.overdue(items, dt.date(2030, 1, 1))["item_id"]) == ["A2", "A3", "A4", "S1", "A6"]
    assert len(plans.overdue(items, "2025-01-01")) == 0


def test_items_addressing_a_gap_and_a_parameter(items):
    assert list(plans.items_for_gap(items, "ALB", "gci_2024_capacity")["item_id"]) == ["A1", "A2", "A3", "A4", "A5"]
    assert list(plans.items_for_gap(items, "ALB", "gci_2024_capacity", include_cancelled=False)["item_id"]) == [
        "A1",
        "A2",
        "A3",
        "A4",
    ]
    assert len(plans.items_for_gap(items, "ALB", "nis2_alignment")) == 0
    assert plans.gap_counts(items, "ALB", ["gci_2024_capacity", "nis2_alignment", "national_csirt"]) == {
        "gci_2024_capacity": 4,
        "nis2_alignment": 0,
        "national_csirt": 0,
    }
    assert plans.gap_counts(items, "SRB", ["nis2_alignment"]) == {"nis2_alignment": 1}
    assert list(plans.items_for_parameter(items, "ALB", "T-4")["item_id"]) == ["A6"]
    assert len(plans.items_for_parameter(items, "SRB", "T-4")) == 0


def test_export_keeps_confidence_and_marks_overdue(items):
    rows = list(csv.DictReader(io.StringIO(plans.export_csv(items, TODAY).decode("utf-8-sig"))))
    assert len(rows) == 7 and {r["confidence"] for r in rows} == {"synthetic"}
    assert [r["overdue_as_of_2026-06-30"] for r in rows] == [
        "false",
        "true",
        "true",
        "false",
        "false",
        "false",
        "false",
    ]
    assert rows[3]["progress"] == ""  # not reported stays empty


def test_progress_heatmap_values(items):
    fig = plans.progress_heatmap(plans.progress_summary(items, ("economy", "target_group"), TODAY))
    hm = fig.data[0]
    assert list(hm.y) == ["Albania", "Serbia"]
    assert list(hm.x) == ["General public", "Critical infrastructure", "Public-sector staff", "CERT staff"]
    assert hm.z[0][0] is None and hm.text[0][0] == "no items"
    assert hm.z[0][2] == pytest.approx(53.3) and hm.text[0][2] == "53%<br>5 items · 2 overdue"
    assert hm.z[0][3] == 0.0 and hm.text[0][3] == "0%<br>1 item"
    assert hm.z[1][0] is None and hm.text[1][0] == "no progress reported<br>1 item"


def test_status_bars_values(items):
    fig = plans.status_bars(plans.progress_summary(items, ("economy",), TODAY))
    by = {t.name: list(t.x) for t in fig.data}
    assert by == {"Planned": [2, 1], "In progress": [1, 0], "Done": [1, 0], "Delayed": [1, 0], "Cancelled": [1, 0]}


# ---------------------------------------------------------------------------------------------------
# ingestion


def plan_rows() -> list[dict]:
    base = {
        "item_id": "ALB-01",
        "economy": "ALB",
        "institution": "School for civil servants",
        "target_group": "public_sector_staff",
        "action": "E-learning",
        "linked_indicator": "gci_2024_capacity",
        "linked_sim3_parameter": "",
        "baseline": "0 %",
        "target": "80 %",
        "deadline": "2027-12-31",
        "status": "in_progress",
        "progress": "40",
        "confidence": "verified",
        "source_id": "demo.s01",
        "note": "",
    }
    return [
        base,
        {
            **base,
            "item_id": "XK-02",
            "economy": "XK",
            "target_group": "cert_staff",
            "linked_indicator": "",
            "linked_sim3_parameter": "o-1",
            "status": "done",
            "progress": "100",
        },
        {**base, "item_id": "ALB-03", "status": "planned", "progress": ""},
    ]


def write_plans(data_dir, rows, header=None):
    return write_dataset(
        data_dir, "plans_fixture", rows, header=header or plans.TEMPLATE_COLUMNS, sidecar={"format": "plan_items"}
    )


def check(data_dir, capsys):
    code = main(["--data-dir", str(data_dir), "check", str(data_dir / "raw")])
    err = capsys.readouterr().err
    return code, [(m["row"], m["col"], m["rule"]) for m in (LINE.match(x) for x in err.splitlines()) if m]


def test_valid_plan_items_load(data_dir, capsys):
    from etl.build import build
    from indicators.model.warehouse import Warehouse

    write_plans(data_dir, plan_rows())
    assert check(data_dir, capsys) == (0, [])
    build(data_dir)
    w = Warehouse(data_dir)
    try:
        table = w.table("plan_items").set_index("item_id")
    finally:
        w.close()
    assert table.loc["XK-02", "economy"] == "XKX" and table.loc["XK-02", "linked_sim3_parameter"] == "O-1"
    assert pd.isna(table.loc["XK-02", "linked_indicator"]) and pd.isna(table.loc["ALB-03", "progress"])
    assert table.loc["ALB-01", "progress"] == 40.0 and table.loc["ALB-01", "deadline"] == "2027-12-31"


def test_plan_items_from_xlsx(data_dir, capsys):
    from openpyxl import Workbook

    folder = write_plans(data_dir, [])
    (folder / "plans_fixture.csv").unlink()
    (folder / "source.yaml").write_text((folder / "source.yaml").read_text().replace("plans_fixture.csv", "plan.xlsx"))
    wb = Workbook()
    ws = wb.active
    ws.title = "plan_items"
    ws.append(plans.TEMPLATE_COLUMNS)
    for r in plan_rows():
        ws.append(
            [
                dt.datetime(2027, 12, 31) if c == "deadline" else (float(r[c]) if c == "progress" and r[c] else r[c])
                for c in plans.TEMPLATE_COLUMNS
            ]
        )
    ws.append(
        ["ALB-09", "ALB", "x", "pupils", "y", "", "", "", "", "2027-01-01", "planned", 0, "verified", "demo.s01", ""]
    )
    wb.create_sheet("example").append(["not", "read"])
    wb.save(folder / "plan.xlsx")
    assert check(data_dir, capsys) == (
        2,
        [
            (
                "5",
                "target_group",
                "unknown target group 'pupils' (expected "
                "general_public, critical_infrastructure, public_sector_staff, cert_staff)",
            )
        ],
    )


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda r: r[0].update(target_group="students"),
            (
                "2",
                "target_group",
                "unknown target group 'students' (expected general_public, critical_infrastructure, "
                "public_sector_staff, cert_staff)",
            ),
        ),
        (
            lambda r: r[0].update(linked_indicator="gdp"),
            ("2", "linked_indicator", "indicator 'gdp' is not in the catalog (indicators/catalog/*.yaml)"),
        ),
        (
            lambda r: r[1].update(linked_sim3_parameter="O-6"),
            ("3", "linked_sim3_parameter", "unknown SIM3 parameter 'O-6'"),
        ),
        (
            lambda r: r[0].update(deadline="31.12.2027"),
            ("2", "deadline", "not a date in the form YYYY-MM-DD: '31.12.2027'"),
        ),
        (lambda r: r[0].update(deadline=""), ("2", "deadline", "missing date: write it as YYYY-MM-DD")),
        (
            lambda r: r[0].update(status="ongoing"),
            ("2", "status", "unknown status 'ongoing' (expected planned, in_progress, done, delayed, cancelled)"),
        ),
        (lambda r: r[0].update(progress="120"), ("2", "progress", "progress 120 is outside 0-100")),
        (lambda r: r[0].update(progress="half"), ("2", "progress", "not a number: 'half'")),
        (
            lambda r: r[0].update(progress="40,5"),
            ("2", "progress", "decimal comma in '40,5': write '40.5' (decimal point)"),
        ),
        (lambda r: r[1].update(progress="90"), ("3", "progress", "a done item has progress 100, got '90'")),
        (lambda r: r[2].update(item_id="ALB-01"), ("4", "item_id", "item_id 'ALB-01' is used twice (also row 2)")),
        (lambda r: r[2].update(item_id=""), ("4", "item_id", "missing item_id: give every plan item a unique id")),
        (lambda r: r[2].update(institution=""), ("4", "institution", "missing institution")),
        (
            lambda r: r[2].update(economy="GRC"),
            (
                "4",
                "economy",
                "unknown economy code 'GRC' (expected ALB, BIH, XKX, MNE, MKD, SRB; XK is accepted for XKX)",
            ),
        ),
        (
            lambda r: r[2].update(confidence="likely"),
            ("4", "confidence", "unknown confidence 'likely' (expected verified, secondary, synthetic)"),
        ),
    ],
)
def test_bad_plan_items_exit_2_with_file_row_column(data_dir, capsys, change, expected):
    rows = plan_rows()
    change(rows)
    write_plans(data_dir, rows)
    assert check(data_dir, capsys) == (2, [expected])


def test_missing_plan_column(data_dir, capsys):
    write_plans(data_dir, plan_rows(), header=[c for c in plans.TEMPLATE_COLUMNS if c != "status"])
    assert check(data_dir, capsys) == (2, [("1", "status", "required column missing")])


# ---------------------------------------------------------------------------------------------------
# templates and generator


def _generator():
    spec = importlib.util.spec_from_file_location("generate_demo_plans", ROOT / "scripts" / "generate_demo_plans.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_plan_templates_have_the_template_columns():
    from openpyxl import load_workbook

    header = (ROOT / "data" / "templates" / "plan_items_template.csv").read_text(encoding="utf-8").splitlines()
    assert header == [",".join(plans.TEMPLATE_COLUMNS)]
    wb = load_workbook(ROOT / "data" / "templates" / "plan_items_template.xlsx", read_only=True)
    assert wb.sheetnames[0] == "plan_items"
    assert [c for c in next(wb["plan_items"].iter_rows(values_only=True))] == plans.TEMPLATE_COLUMNS


def test_demo_plans_are_deterministic_synthetic_and_committed(tmp_path, catalog):
    gen = _generator()
    assert gen.generate() == gen.generate()
    gen.write_demo(tmp_path / "demo")
    committed = ROOT / "data" / "raw" / gen.DATASET
    for name in ("source.yaml", f"{gen.DATASET}.csv"):
        assert (tmp_path / "demo" / name).read_bytes() == (committed / name).read_bytes(), name
    rows = gen.generate()
    assert gen.DATASET.startswith("demo_") and {r["confidence"] for r in rows} == {"synthetic"}
    assert {r["economy"] for r in rows} == {"ALB", "BIH", "XKX", "MNE", "MKD", "SRB"}
    assert {r["target_group"] for r in rows} == set(plans.TARGET_GROUPS)
    linked = {r["linked_indicator"] for r in rows if r["linked_indicator"]}
    assert linked <= set(catalog.indicators) and all(catalog.get(i).in_gap_table for i in linked)
    assert not any(r["economy"] == "XKX" and r["linked_indicator"].startswith("gci_") for r in rows)


def test_plan_templates_are_regenerated_byte_for_byte(tmp_path):
    _generator().write_templates(tmp_path)
    for name in ("plan_items_template.csv", "plan_items_template.xlsx"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / "templates" / name).read_bytes(), name
