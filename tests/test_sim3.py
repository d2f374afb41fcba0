"""SIM3: the model, category scores, tier derivation, trends, figures, template ingestion (CSV and XLSX,
every bad-input case -> exit 2 with file:row:column), the templates and the demonstration generator."""

from __future__ import annotations

import csv
import dataclasses
import importlib.util
import re

import pandas as pd
import pytest

from etl.build import build
from etl.cli import main
from etl.contracts import ValidationFailed
from indicators.topics import sim3
from tests.conftest import ROOT, write_dataset

LINE = re.compile(r"^  (?P<file>[^:]+):(?P<row>\d+):(?P<col>[^:]+): (?P<rule>.+)$")
MODEL = sim3.load_model()


# ---------------------------------------------------------------------------------------------------
# helpers


def assessment(
    levels: dict[str, int | None] | None = None,
    default: int | None = 2,
    team: str = "Team A",
    date: str = "2025-01-15",
    economy: str = "MNE",
    confidence: str = "verified",
    dataset: str = "fixture",
) -> pd.DataFrame:
    """One assessment as the warehouse holds it: every model parameter, `default` unless overridden."""
    levels = levels or {}
    rows = []
    for p in MODEL.parameters:
        lvl = levels.get(p.id, default)
        rows.append(
            {
                "team": team,
                "economy": economy,
                "assessment_date": date,
                "parameter_id": p.id,
                "category": p.category,
                "parameter_name": p.name,
                "level": lvl,
                "status": "observed" if lvl is not None else "not_assessed",
                "assessor": "me",
                "note": "",
                "confidence": confidence,
                "source_id": "fx.s01",
                "dataset": dataset,
            }
        )
    return pd.DataFrame(rows, columns=sim3.TABLE_COLUMNS).astype({"level": "Int64"})


def template_rows(
    team="Fixture CSIRT", economy="MNE", date="2025-03-01", level="2", confidence="verified", source_id="demo.s01"
) -> list[dict]:
    return [
        {
            "team": team,
            "economy": economy,
            "assessment_date": date,
            "parameter_id": p.id,
            "parameter_name": p.name,
            "level": level,
            "assessor": "steward",
            "confidence": confidence,
            "source_id": source_id,
            "note": "",
        }
        for p in MODEL.parameters
    ]


def write_sim3(data_dir, rows, name="sim3_fixture", header=None):
    return write_dataset(
        data_dir, name, rows, header=header or sim3.TEMPLATE_COLUMNS, sidecar={"format": "sim3_assessment"}
    )


def check(data_dir, capsys):
    code = main(["--data-dir", str(data_dir), "check", str(data_dir / "raw")])
    err = capsys.readouterr().err
    return code, [LINE.match(line).groupdict() for line in err.splitlines() if LINE.match(line)]


def rcr(problems):
    return [(p["row"], p["col"], p["rule"]) for p in problems]


# ---------------------------------------------------------------------------------------------------
# the model


def test_model_lists_the_44_sim3_v1_parameters_in_four_categories():
    assert len(MODEL.parameters) == 44
    counts = {c: len(MODEL.in_category(c)) for c in MODEL.categories}
    assert counts == {"O": 10, "H": 7, "T": 10, "P": 17}
    assert list(MODEL.categories.values()) == ["Organisation", "Human", "Tools", "Processes"]
    assert "O-6" not in MODEL.ids  # empty in v1
    assert MODEL.ids[:3] == ["O-1", "O-2", "O-3"] and MODEL.ids[-1] == "P-17"
    assert all(p.provisional for p in MODEL.parameters) and MODEL.names_provisional
    assert {p.evidence for p in MODEL.parameters} == {"A", "B", "U"}
    assert [p.id for p in MODEL.parameters if p.evidence == "U"] == ["T-3", "P-7", "P-9", "P-10", "P-12", "P-16"]


def test_level_scale_uses_the_official_wording():
    assert [lv.level for lv in MODEL.levels] == [0, 1, 2, 3, 4]
    assert MODEL.levels[0].wording == "not available / undefined / unaware"
    assert "formalised on authority of the CSIRT head or above" in MODEL.levels[3].wording
    assert "audited on authority of governance levels above the CSIRT head" in MODEL.levels[4].wording


def test_tier_rule_is_labelled_as_the_projects_rule_with_enisa_sources():
    assert [t.id for t in MODEL.tiers] == ["basic", "intermediate", "advanced"]
    assert MODEL.rule["status"] == "project_rule_pending_confirmation"
    assert "pending confirmation" in MODEL.rule["statement"]
    assert any("enisa.europa.eu" in s["url"] for s in MODEL.rule["sources"])
    thresholds = sim3.tier_thresholds(MODEL)
    assert len(thresholds) == 44
    assert set(thresholds["basic_min"]) == {1} and set(thresholds["intermediate_min"]) == {2}
    assert set(thresholds["advanced_min"]) == {3}


# ---------------------------------------------------------------------------------------------------
# category scores and tiers


def test_category_scores_leave_unassessed_parameters_out():
    a = assessment({"O-1": 4, "H-1": None, "T-1": 0}, default=2)
    scores = sim3.category_scores(a, MODEL).set_index("category")
    assert scores.loc["O", "mean"] == 2.2 and scores.loc["O", "n"] == 10  # (4 + 9 * 2) / 10
    assert scores.loc["H", "mean"] == 2.0 and scores.loc["H", "n"] == 6 and scores.loc["H", "m"] == 7
    assert scores.loc["T", "mean"] == 1.8  # a true 0 counts: (0 + 9 * 2) / 10
    empty = sim3.category_scores(assessment({p.id: None for p in MODEL.in_category("P")}), MODEL).set_index("category")
    assert pd.isna(empty.loc["P", "mean"]) and empty.loc["P", "n"] == 0


@pytest.mark.parametrize(
    "levels, default, tier, next_tier, blockers",
    [
        ({}, 3, "advanced", None, []),
        ({}, 4, "advanced", None, []),
        ({"P-17": 4}, 2, "intermediate", "advanced", 43),
        ({}, 1, "basic", "intermediate", 44),
        ({"T-4": 1}, 2, "basic", "intermediate", [("T-4", 1, 2)]),
        ({"O-1": 0}, 3, "below_basic", "basic", [("O-1", 0, 1)]),
    ],
)
def test_derive_tier(levels, default, tier, next_tier, blockers):
    result = sim3.derive_tier(assessment(levels, default), MODEL)
    assert result.tier == tier and result.next_tier == next_tier and result.not_assessed == []
    if isinstance(blockers, int):
        assert len(result.blockers) == blockers
    else:
        assert [(b["parameter_id"], b["level"], b["required"]) for b in result.blockers] == blockers


def test_incomplete_assessment_has_no_tier():
    result = sim3.derive_tier(assessment({"T-3": None, "P-16": None}, default=4), MODEL)
    assert result.tier == sim3.NOT_DERIVABLE and result.name == "Not derivable"
    assert result.not_assessed == ["T-3", "P-16"] and result.blockers == []


def test_tier_thresholds_are_data_category_and_parameter_overrides():
    tiers = list(MODEL.tiers)
    tiers[1] = dataclasses.replace(tiers[1], category_min={"O": 3})
    tiers[0] = dataclasses.replace(tiers[0], parameter_min={"O-1": 2})
    model = dataclasses.replace(MODEL, tiers=tuple(tiers))
    assert sim3.derive_tier(assessment({}, 2), model).tier == "basic"  # O must be 3 for intermediate
    assert sim3.derive_tier(assessment({p.id: 3 for p in model.in_category("O")}, 2), model).tier == "intermediate"
    assert sim3.derive_tier(assessment({"O-1": 1}, 3), model).tier == "below_basic"  # O-1 needs 2 for basic
    t = sim3.tier_thresholds(model).set_index("parameter_id")
    assert (
        t.loc["O-1", "basic_min"] == 2
        and t.loc["O-5", "intermediate_min"] == 3
        and t.loc["H-1", "intermediate_min"] == 2
    )


def test_team_summary_latest_and_trend():
    df = pd.concat(
        [
            assessment({}, 1, team="A", date="2023-05-01", economy="SRB"),
            assessment({}, 2, team="A", date="2024-05-01", economy="SRB"),
            assessment(
                {"O-1": None}, 3, team="B", date="2024-02-01", economy="ALB", confidence="synthetic", dataset="demo_x"
            ),
        ],
        ignore_index=True,
    )
    summary = sim3.team_summary(df, MODEL)
    assert list(summary["team"]) == ["B", "A", "A"]  # economy order ALB ... SRB
    a = sim3.trend(summary, "A")
    assert list(a["assessment_date"]) == ["2023-05-01", "2024-05-01"]
    assert list(a["overall"]) == [1.0, 2.0] and list(a["tier"]) == ["basic", "intermediate"]
    b = summary[summary["team"] == "B"].iloc[0]
    assert b["tier"] == sim3.NOT_DERIVABLE and b["assessed"] == 43 and b["O"] == 3.0 and b["confidence"] == "synthetic"
    latest = sim3.latest_per_team(summary)
    assert list(zip(latest["team"], latest["assessment_date"])) == [("B", "2024-02-01"), ("A", "2024-05-01")]


def test_real_assessment_wins_over_demo_on_the_same_team_and_date():
    df = pd.concat(
        [
            assessment({}, 1, team="A", confidence="synthetic", dataset="demo_x"),
            assessment({}, 3, team="A", confidence="verified", dataset="real"),
        ],
        ignore_index=True,
    )
    rows = sim3.select_assessment(df, "A", "2025-01-15")
    assert set(rows["dataset"]) == {"real"} and len(rows) == 44


def test_assessment_export_keeps_confidence_and_blanks():
    text = sim3.assessment_export(assessment({"T-3": None, "O-1": 4}, 2, confidence="synthetic"), MODEL)
    rows = list(csv.DictReader(text.decode("utf-8-sig").splitlines()))
    assert len(rows) == 44 and list(rows[0]) == sim3.TEMPLATE_COLUMNS
    by = {r["parameter_id"]: r for r in rows}
    assert by["O-1"]["level"] == "4" and by["T-3"]["level"] == "" and by["H-1"]["level"] == "2"
    assert {r["confidence"] for r in rows} == {"synthetic"}


# ---------------------------------------------------------------------------------------------------
# figures


def test_heatmap_fills_cells_up_to_the_level_and_never_draws_missing_as_zero():
    fig = sim3.heatmap(assessment({"O-1": 3, "O-2": 0, "O-3": None}, 2), MODEL)
    hm = fig.data[0]
    assert len(hm.y) == 44 and hm.y[0] == "O-1 Mandate" and hm.y[2] == "O-3 Authority (not assessed)"
    assert list(hm.z[0]) == [0, 1, 2, 3, None] and list(hm.text[0]) == ["", "", "", "3", ""]
    assert list(hm.z[1]) == [0, None, None, None, None] and hm.text[1][0] == "0"
    assert list(hm.z[2]) == [None] * 5 and list(hm.text[2]) == [""] * 5
    assert hm.x[0].startswith("<b>0</b>") and hm.zmin == 0 and hm.zmax == 4
    assert [a.text for a in fig.layout.annotations] == [
        "<b>O</b> Organisation",
        "<b>H</b> Human",
        "<b>T</b> Tools",
        "<b>P</b> Processes",
    ]


def test_radar_on_the_0_4_scale_with_gaps_for_empty_categories():
    a = assessment({**{p.id: None for p in MODEL.in_category("H")}, "O-1": 4}, 2)
    fig = sim3.radar([("Team", sim3.category_scores(a, MODEL), "#000", "solid")], MODEL)
    tr = fig.data[0]
    assert list(tr.r) == [2.2, None, 2.0, 2.0, 2.2]
    assert tr.theta[1] == "H<br>Human<br>(no data)" and tr.theta[0] == "O<br>Organisation<br>(10 of 10)"
    assert fig.layout.polar.radialaxis.range == (0, 4)


def test_trend_and_comparison_figures_values():
    df = pd.concat(
        [
            assessment({}, 1, team="A", date="2023-05-01", economy="XKX"),
            assessment({"O-1": 4}, 2, team="A", date="2024-05-01", economy="XKX"),
        ],
        ignore_index=True,
    )
    summary = sim3.team_summary(df, MODEL)
    fig = sim3.trend_figure(sim3.trend(summary, "A"), MODEL)
    assert [t.name for t in fig.data] == ["O Organisation", "H Human", "T Tools", "P Processes"]
    assert list(fig.data[0].y) == [1.0, 2.2] and list(fig.data[0].x) == ["2023-05-01", "2024-05-01"]
    comp = sim3.comparison_heatmap(sim3.latest_per_team(summary), MODEL)
    assert list(comp.data[0].z[0]) == [2.2, 2.0, 2.0, 2.0, 2.05] and comp.data[0].y[0] == "A · Kosovo*"


# ---------------------------------------------------------------------------------------------------
# template ingestion: valid CSV and XLSX load; every bad input ends with exit 2 and file:row:column


def test_valid_template_loads_into_the_warehouse(data_dir, capsys):
    rows = template_rows()
    rows[5]["level"] = ""  # not assessed
    write_sim3(data_dir, rows)
    code, problems = check(data_dir, capsys)
    assert code == 0 and problems == []
    result = build(data_dir)
    from indicators.model.warehouse import Warehouse

    w = Warehouse(data_dir)
    try:
        table = w.table("sim3_assessments")
    finally:
        w.close()
    assert result.manifest["tables"]["sim3_assessments"] == 44
    assert len(table) == 44 and set(table["economy"]) == {"MNE"} and set(table["confidence"]) == {"verified"}
    row = table.set_index("parameter_id")
    assert pd.isna(row.loc[MODEL.ids[5], "level"]) and row.loc[MODEL.ids[5], "status"] == "not_assessed"
    assert row.loc["O-1", "level"] == 2 and row.loc["O-1", "category"] == "O"


def _xlsx(path, rows, header=None, sheet="assessment"):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    header = header or sim3.TEMPLATE_COLUMNS
    ws.append(header)
    for r in rows:
        ws.append([r.get(c) for c in header])
    wb.save(path)


def test_xlsx_template_loads_and_reports_excel_row_numbers(data_dir, capsys):
    import datetime as dt

    rows = template_rows()
    for r in rows:
        r["level"] = 3  # numbers, as Excel stores them
        r["assessment_date"] = dt.datetime(2025, 3, 1)  # a date cell
    folder = write_sim3(data_dir, [], name="sim3_xlsx")
    (folder / "sim3_xlsx.csv").unlink()
    meta = (folder / "source.yaml").read_text().replace("sim3_xlsx.csv", "assessment.xlsx")
    (folder / "source.yaml").write_text(meta)
    _xlsx(folder / "assessment.xlsx", rows)
    code, problems = check(data_dir, capsys)
    assert code == 0 and problems == []
    rows[9]["level"] = 7
    rows[20]["level"] = 2.5
    _xlsx(folder / "assessment.xlsx", rows)
    code, problems = check(data_dir, capsys)
    assert code == 2
    assert rcr(problems) == [
        ("11", "level", "level 7 is outside the SIM3 scale 0-4"),
        ("22", "level", "level must be a whole number 0-4 (or blank for not assessed), got '2.5'"),
    ]
    assert {p["file"] for p in problems} == {"raw/sim3_xlsx/assessment.xlsx"}


def test_the_shipped_xlsx_template_filled_in_is_accepted(data_dir, capsys):
    from openpyxl import load_workbook

    folder = write_sim3(data_dir, [], name="steward")
    (folder / "steward.csv").unlink()
    (folder / "source.yaml").write_text((folder / "source.yaml").read_text().replace("steward.csv", "filled.xlsx"))
    wb = load_workbook(ROOT / "data" / "templates" / "sim3_assessment_template.xlsx")
    ws = wb["assessment"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        cells = dict(zip(header, row))
        cells["team"].value, cells["economy"].value = "Filled in Excel", "XK"
        cells["assessment_date"].value, cells["level"].value = "2025-06-01", 1
        cells["confidence"].value, cells["source_id"].value = "verified", "demo.s01"
    wb.save(folder / "filled.xlsx")
    code, problems = check(data_dir, capsys)
    assert code == 0 and problems == []


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda rows: rows[0].update(parameter_id="O-6"),
            (
                "2",
                "parameter_id",
                "unknown SIM3 parameter 'O-6' (O-6 does not exist in SIM3 v1); expected one of O-1..O-11, "
                "H-1..H-7, T-1..T-10, P-1..P-17",
            ),
        ),
        (
            lambda rows: rows[3].update(parameter_id="X-9"),
            (
                "5",
                "parameter_id",
                "unknown SIM3 parameter 'X-9'; expected one of O-1..O-11, H-1..H-7, T-1..T-10, P-1..P-17",
            ),
        ),
        (lambda rows: rows[1].update(level="5"), ("3", "level", "level 5 is outside the SIM3 scale 0-4")),
        (lambda rows: rows[1].update(level="-1"), ("3", "level", "level -1 is outside the SIM3 scale 0-4")),
        (
            lambda rows: rows[2].update(level="2.5"),
            ("4", "level", "level must be a whole number 0-4 (or blank for not assessed), got '2.5'"),
        ),
        (
            lambda rows: rows[2].update(level="high"),
            ("4", "level", "level must be a whole number 0-4 (or blank for not assessed), got 'high'"),
        ),
        (
            lambda rows: rows[10].update(parameter_id="O-1"),
            ("12", "parameter_id", "O-1 is listed twice for team 'Fixture CSIRT' on 2025-03-01 (also row 2)"),
        ),
        (lambda rows: rows[4].update(team=""), ("6", "team", "missing team: name the team that was assessed")),
        (
            lambda rows: rows[4].update(assessment_date=""),
            ("6", "assessment_date", "missing date: write it as YYYY-MM-DD"),
        ),
        (
            lambda rows: rows[4].update(assessment_date="01/03/2025"),
            ("6", "assessment_date", "not a date in the form YYYY-MM-DD: '01/03/2025'"),
        ),
        (
            lambda rows: rows[4].update(assessment_date="2025-02-30"),
            ("6", "assessment_date", "not a calendar date: '2025-02-30'"),
        ),
        (
            lambda rows: rows[7].update(economy="HRV"),
            (
                "9",
                "economy",
                "unknown economy code 'HRV' (expected ALB, BIH, XKX, MNE, MKD, SRB; XK is accepted for XKX)",
            ),
        ),
        (
            lambda rows: rows[7].update(confidence="sure"),
            ("9", "confidence", "unknown confidence 'sure' (expected verified, secondary, synthetic)"),
        ),
        (
            lambda rows: rows[7].update(source_id="nowhere"),
            ("9", "source_id", "source 'nowhere' is not listed in the folder's source.yaml"),
        ),
    ],
)
def test_bad_input_exits_2_with_file_row_column(data_dir, capsys, change, expected):
    rows = template_rows()
    change(rows)
    write_sim3(data_dir, rows)
    code, problems = check(data_dir, capsys)
    assert code == 2
    assert rcr(problems) == [expected]
    assert problems[0]["file"] == "raw/sim3_fixture/sim3_fixture.csv"


def test_missing_column_and_every_problem_at_once(data_dir, capsys):
    write_sim3(data_dir, template_rows(), header=[c for c in sim3.TEMPLATE_COLUMNS if c != "level"])
    code, problems = check(data_dir, capsys)
    assert code == 2 and rcr(problems) == [("1", "level", "required column missing")]
    rows = template_rows()
    rows[0]["level"], rows[1]["team"], rows[2]["parameter_id"] = "9", "", "H-8"
    write_sim3(data_dir, rows)
    code, problems = check(data_dir, capsys)
    assert code == 2 and [(p["row"], p["col"]) for p in problems] == [
        ("2", "level"),
        ("3", "team"),
        ("4", "parameter_id"),
    ]


def test_one_team_and_date_has_one_economy(data_dir, capsys):
    rows = template_rows()
    rows[3]["economy"] = "SRB"
    write_sim3(data_dir, rows)
    code, problems = check(data_dir, capsys)
    assert code == 2 and rcr(problems) == [
        ("5", "economy", "team 'Fixture CSIRT' on 2025-03-01 is given economy MNE on row 2")
    ]


def test_bad_assessment_loads_nothing_and_keeps_the_previous_warehouse(data_dir, capsys):
    write_sim3(data_dir, template_rows())
    first = build(data_dir)
    before = (data_dir / "warehouse").resolve()
    rows = template_rows()
    rows[0]["level"] = "5"
    write_sim3(data_dir, rows)
    with pytest.raises(ValidationFailed) as err:
        build(data_dir)
    assert [str(p) for p in err.value.problems] == [
        "raw/sim3_fixture/sim3_fixture.csv:2:level: level 5 is outside the SIM3 scale 0-4"
    ]
    assert (data_dir / "warehouse").resolve() == before and before.name == first.build_id
    assert main(["--data-dir", str(data_dir), "build"]) == 2
    assert "nothing was loaded" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------------
# templates and the demonstration generator


def test_csv_and_xlsx_templates_list_every_model_parameter():
    from openpyxl import load_workbook

    with open(ROOT / "data" / "templates" / "sim3_assessment_template.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == sim3.TEMPLATE_COLUMNS
    assert [r["parameter_id"] for r in rows] == MODEL.ids
    assert [r["parameter_name"] for r in rows] == [p.name for p in MODEL.parameters]
    assert all(r["level"] == "" and r["team"] == "" for r in rows)
    wb = load_workbook(ROOT / "data" / "templates" / "sim3_assessment_template.xlsx", read_only=True)
    sheet = [[("" if v is None else str(v)) for v in row] for row in wb["assessment"].iter_rows(values_only=True)]
    assert sheet[0] == sim3.TEMPLATE_COLUMNS and sheet[1:] == [[r[c] for c in sim3.TEMPLATE_COLUMNS] for r in rows]
    levels = list(wb["levels"].iter_rows(values_only=True))[1:]
    assert [(lv[0], lv[2]) for lv in levels] == [(lv.level, lv.wording) for lv in MODEL.levels]
    readme = (ROOT / "data" / "templates" / "README.md").read_text(encoding="utf-8")
    assert all(f"`{c}`" in readme for c in sim3.TEMPLATE_COLUMNS)


def _generator():
    spec = importlib.util.spec_from_file_location("generate_demo_sim3", ROOT / "scripts" / "generate_demo_sim3.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_demo_generator_is_deterministic_and_matches_the_committed_data(tmp_path):
    gen = _generator()
    assert gen.generate() == gen.generate()
    gen.write_demo(tmp_path / "demo")
    committed = ROOT / "data" / "raw" / gen.DATASET
    for name in ("source.yaml", f"{gen.DATASET}.csv"):
        assert (tmp_path / "demo" / name).read_bytes() == (committed / name).read_bytes(), name
    rows = gen.generate()
    assert gen.DATASET.startswith("demo_") and {r["confidence"] for r in rows} == {"synthetic"}
    assert all(r["team"].startswith("Demo ") for r in rows)
    assert "DEMONSTRATION DATA" in (committed / "source.yaml").read_text(encoding="utf-8")


def test_bundled_demo_assessments_in_the_warehouse(bundled_data_dir):
    from indicators.model.warehouse import Warehouse

    w = Warehouse(bundled_data_dir)
    try:
        table = w.table("sim3_assessments")
    finally:
        w.close()
    assert set(table["confidence"]) == {"synthetic"} and set(table["dataset"]) == {"demo_sim3_assessments"}
    assert set(table["economy"]) == {"ALB", "BIH", "XKX", "MNE", "MKD", "SRB"}
    summary = sim3.team_summary(table, MODEL)
    assert {"below_basic", "basic", "intermediate", "advanced", sim3.NOT_DERIVABLE} <= set(summary["tier"])
    assert summary.groupby("team").size().max() >= 3  # trends to show


def test_templates_are_regenerated_byte_for_byte(tmp_path):
    _generator().write_templates(tmp_path)
    for name in ("sim3_assessment_template.csv", "sim3_assessment_template.xlsx"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / "templates" / name).read_bytes(), name
