"""AppTest of the CERT maturity (SIM3) page, and the data steward's path: fill the template, build, find it."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
import yaml

from indicators.model.economies import KOSOVO_FOOTNOTE
from indicators.model.warehouse import Warehouse
from indicators.topics import sim3
from tests.apptest_helpers import all_text, plotly_figures, run_page
from tests.conftest import ROOT

MODEL = sim3.load_model()
DEMO_BADGE = "Demonstration data"


@pytest.fixture(scope="module")
def table(bundled_data_dir):
    w = Warehouse(bundled_data_dir)
    try:
        yield w.table(sim3.TABLE)
    finally:
        w.close()


def heatmap_of(at):
    return next(
        f
        for f in plotly_figures(at)
        if f["data"][0]["type"] == "heatmap" and len(f["data"][0]["y"]) == len(MODEL.parameters)
    )


def test_default_view_shows_real_record_beside_demo_assessment(bundled_data_dir, table):
    at = run_page(bundled_data_dir, "cert")
    assert not at.exception
    assert at.title[0].value == "CERT maturity (SIM3)"
    text = all_text(at)
    assert "Public record (real data)" in text and "ALCIRT set up by DCM No. 766/2011" in text  # real note, ALB
    assert DEMO_BADGE in text and "made-up team and levels" in text
    team = at.selectbox(key="cert_team_ALB").value
    assert team == "Demo national CSIRT (Albania)"  # the most assessed team first
    kinds = [f["data"][0]["type"] for f in plotly_figures(at)]
    assert kinds == ["heatmap", "scatterpolar", "scatter", "heatmap"]  # levels, radar, trend, comparison
    latest = sorted(set(table[table["team"] == team]["assessment_date"]))[-1]
    rows = sim3.select_assessment(table, team, latest)
    hm = heatmap_of(at)["data"][0]
    levels = sim3.levels_by_parameter(rows)
    assert [sum(v is not None for v in row) - 1 for row in hm["z"]] == [levels[p] for p in MODEL.ids]
    tier = sim3.derive_tier(rows, MODEL)
    assert any(m.label == "Derived tier (project rule)" and m.value == tier.name for m in at.metric)
    assert "Project rule, pending confirmation" in text and "enisa.europa.eu" in text
    assert "Parameter names are provisional" in text
    assert KOSOVO_FOOTNOTE in text  # the comparison includes Kosovo*
    assert at.query_params["economy"] == "ALB" and at.query_params["team"] == team


def test_team_and_date_from_the_url_with_radar_and_trend(bundled_data_dir, table):
    team = "Demo national CSIRT (Serbia)"
    dates = sorted(set(table[table["team"] == team]["assessment_date"]))
    at = run_page(bundled_data_dir, "cert", {"team": team, "date": dates[1]})
    assert not at.exception and not at.info[:-1]  # only the standing 'names are provisional' note
    assert at.selectbox(key="cert_economy").value == "SRB"  # the team's economy
    assert at.selectbox(key=f"cert_date_{team}").value == dates[1]
    radar = next(f for f in plotly_figures(at) if f["data"][0]["type"] == "scatterpolar")
    cats = sim3.category_scores(sim3.select_assessment(table, team, dates[1]), MODEL)
    assert radar["data"][0]["r"][:4] == pytest.approx(list(cats["mean"]))
    assert radar["data"][1]["name"].startswith("Previous assessment · " + dates[0])
    trend = next(f for f in plotly_figures(at) if f["data"][0]["type"] == "scatter")
    assert trend["data"][0]["x"] == dates
    summary = sim3.trend(sim3.team_summary(table, MODEL), team)
    assert trend["data"][0]["y"] == pytest.approx(list(summary["O"]))
    assert at.query_params["date"] == dates[1]


def test_incomplete_assessment_says_not_derivable(bundled_data_dir):
    at = run_page(bundled_data_dir, "cert", {"team": "Demo government CERT (Kosovo*)"})
    assert not at.exception
    assert any(m.value == "Not derivable" for m in at.metric)
    assert any("T-3, P-16" in w.value and "never read as level 0" in w.value for w in at.warning)
    hm = heatmap_of(at)["data"][0]
    assert "T-3 Consolidated E-mail System (not assessed)" in hm["y"]
    assert KOSOVO_FOOTNOTE in all_text(at)


def test_comparison_table_puts_real_facts_beside_demo_tiers(bundled_data_dir):
    at = run_page(bundled_data_dir, "cert", {"economy": "MNE"})
    comp = next(df.value for df in at.dataframe if "SIM3 team" in df.value.columns)
    assert {
        "National CSIRT (public record)",
        "FIRST membership (public record)",
        "Tier (project rule)",
        "SIM3 data",
    } <= set(comp.columns)
    mne = comp[comp["Economy"] == "Montenegro"]
    assert set(mne["FIRST membership (public record)"]) == {"Full member (verified)"}
    assert set(mne["SIM3 data"]) == {"demonstration data (synthetic)"}
    bih = comp[comp["Economy"] == "Bosnia and Herzegovina"]
    assert set(bih["National CSIRT (public record)"]) == {"Entity-level CSIRT only (verified)"}
    assert set(comp[comp["Economy"] == "North Macedonia"]["FIRST membership (public record)"]) == {"not assessed"}


@pytest.mark.parametrize(
    "params, message",
    [
        ({"economy": "ZZZ"}, "Unknown economy code 'ZZZ'"),
        ({"economy": "MNE", "team": "<script>x</script>"}, "Unknown team '?script?x?/script?'"),
        (
            {"team": "Demo national CSIRT (Serbia)", "date": "1999-99-99"},
            "No assessment of this team dated '1999-99-99'",
        ),
    ],
)
def test_bad_url_parameters_give_a_message_and_the_default(bundled_data_dir, params, message):
    at = run_page(bundled_data_dir, "cert", params)
    assert not at.exception
    assert any(message in i.value for i in at.info)
    assert at.title[0].value == "CERT maturity (SIM3)"


def test_a_steward_adds_a_real_assessment_without_code_change(tmp_path):
    """Fill the shipped template, drop it into a copy of data/raw with a sidecar, build, find it on the page."""
    from etl.build import build

    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "raw", data_dir / "raw")
    folder = data_dir / "raw" / "sim3_fixture_csirt_2026"
    folder.mkdir()
    with open(ROOT / "data" / "templates" / "sim3_assessment_template.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for i, r in enumerate(rows):
        r.update(
            team="Fixture national CSIRT",
            economy="ME",
            assessment_date="2026-03-02",
            assessor="Peer review",
            level="3" if i else "2",
            confidence="verified",
            source_id="sim3_fixture.s01",
        )
    with open(folder / "assessment.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    (folder / "source.yaml").write_text(
        yaml.safe_dump(
            {
                "dataset": "sim3_fixture_csirt_2026",
                "title": "SIM3 peer review of the fixture national CSIRT",
                "publisher": "Fixture peer-review team",
                "url": "https://example.org/sim3-review",
                "licence": "CC BY 4.0",
                "as_of": "2026-03-02",
                "format": "sim3_assessment",
                "files": ["assessment.csv"],
                "sources": [
                    {
                        "id": "sim3_fixture.s01",
                        "title": "SIM3 peer review report, March 2026",
                        "url": "https://example.org/sim3-review.pdf",
                    }
                ],
            },
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    result = build(data_dir)
    assert result.manifest["tables"]["sim3_assessments"] == 1100 + 44

    at = run_page(data_dir, "cert", {"economy": "MNE"})
    assert not at.exception
    assert at.selectbox(key="cert_team_MNE").value == "Fixture national CSIRT"  # real assessments come first
    text = all_text(at)
    assert "Real assessment: verified" in text
    assert any(m.label == "Derived tier (project rule)" and m.value == "Intermediate" for m in at.metric)
    assert "**To reach Advanced**, 1 parameter must rise:" in text and "O-1 Mandate (2 → 3)" in text  # O-1 at 2
    assert "SIM3 peer review report, March 2026" in text  # its source under the heatmap
    comp = next(df.value for df in at.dataframe if "SIM3 team" in df.value.columns).set_index("SIM3 team")
    assert comp.loc["Fixture national CSIRT", "SIM3 data"] == "verified"
    assert comp.loc["Fixture national CSIRT", "Tier (project rule)"] == "Intermediate"
    assert comp.loc["Demo national CSIRT (Montenegro)", "SIM3 data"] == "demonstration data (synthetic)"
    manifest = json.loads((data_dir / "warehouse" / "manifest.json").read_text())
    assert any(
        i["path"].endswith("sim3_fixture_csirt_2026/assessment.csv") and i["rows"] == 44 for i in manifest["inputs"]
    )
