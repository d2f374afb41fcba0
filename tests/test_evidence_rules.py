"""Issue 19, scoring rules: a row without a value never hides an observed one (not-assessed rule), and a
value the data flags as anomalous is shown but never scored (anomaly rule). Fixture data only."""

from __future__ import annotations

import pandas as pd
import pytest

from etl.anomalies import apply_anomalies, sidecar_anomalies
from indicators.method.scoring import display_value, gap_table, latest_observations, pillar_scores
from tests.fixture_catalog import make_catalog, scored


@pytest.fixture
def cat(tmp_path):
    return make_catalog(tmp_path)


def test_a_newer_not_assessed_row_never_hides_the_observed_value(cat):
    obs = scored(
        cat,
        [
            {"economy": "ALB", "indicator_id": "idx_legal_b", "period": 2023, "value": 62.34},
            {"economy": "ALB", "indicator_id": "idx_legal_b", "period": 2025, "value": 85.0},
            {"economy": "ALB", "indicator_id": "idx_legal_b", "period": 2026, "status": "not_assessed"},
            {"economy": "SRB", "indicator_id": "idx_legal_b", "period": 2026, "value": 80.83},
        ],
    )
    latest = latest_observations(obs, ["idx_legal_b"], None).set_index("economy")
    alb = latest.loc["ALB"]
    assert (alb["period"], alb["value"], alb["status"]) == (2025, 85.0, "observed")
    assert (alb["newer_status"], alb["newer_period"]) == ("not_assessed", 2026)
    assert pd.isna(latest.loc["SRB", "newer_status"])  # nothing newer for Serbia
    assert display_value(cat.get("idx_legal_b"), alb) == "85 (2025; 2026: not assessed)"
    # the observed value is scored: 85 of 0-100
    gaps = gap_table(obs, cat, "ALB").set_index("indicator_id")
    assert gaps.loc["idx_legal_b", "score"] == 85.0
    assert gaps.loc["idx_legal_b", "period"] == 2025
    assert gaps.loc["idx_legal_b", "status"] == "observed"


def test_only_rows_without_a_value_give_the_missing_status(cat):
    obs = scored(cat, [{"economy": "ALB", "indicator_id": "idx_legal_b", "period": 2026, "status": "not_assessed"}])
    row = latest_observations(obs, ["idx_legal_b"], None).iloc[0]
    assert row["status"] == "not_assessed" and pd.isna(row["newer_status"])


def test_an_older_not_assessed_row_changes_nothing(cat):
    obs = scored(
        cat,
        [
            {"economy": "ALB", "indicator_id": "idx_legal_b", "period": 2020, "status": "not_assessed"},
            {"economy": "ALB", "indicator_id": "idx_legal_b", "period": 2024, "value": 50.0},
        ],
    )
    row = latest_observations(obs, ["idx_legal_b"], None).iloc[0]
    assert (row["period"], row["value"]) == (2024, 50.0) and pd.isna(row["newer_status"])


def test_a_row_flagged_anomalous_keeps_its_value_but_gets_no_score():
    meta = {
        "series": [
            {"indicator_id": "i_maps", "indic_is": "I_MAPS", "unit": "PC_IND"},
            {"indicator_id": "i_maps_women", "indic_is": "I_MAPS", "unit": "PC_IND"},
            {"indicator_id": "e_other", "indic_is": "E_OTHER", "unit": "PC_ENT"},
        ],
        "anomalies": [{"geo": "AL", "period": 2020, "indic_is": ["I_MAPS"], "note": "inconsistent  parts"}],
    }
    assert sidecar_anomalies(meta) == [("ALB", 2020, {"i_maps", "i_maps_women"}, "inconsistent parts")]
    obs = pd.DataFrame(
        [
            {"economy": "ALB", "indicator_id": "i_maps", "period": 2020, "score": 90.0},
            {"economy": "ALB", "indicator_id": "i_maps_women", "period": 2020, "score": 91.0},
            {"economy": "ALB", "indicator_id": "e_other", "period": 2020, "score": 10.0},  # other series
            {"economy": "ALB", "indicator_id": "i_maps", "period": 2023, "score": 40.0},  # other year
            {"economy": "SRB", "indicator_id": "i_maps", "period": 2020, "score": 50.0},  # other economy
        ]
    )
    out = apply_anomalies(meta, obs)
    assert list(out["anomaly"].notna()) == [True, True, False, False, False]
    assert out["score"].isna().tolist() == [True, True, False, False, False]
    assert out.loc[0, "anomaly"] == "inconsistent parts"


def test_an_anomalous_value_is_not_scored_and_cannot_rank_first(cat):
    rows = [
        {"economy": e, "indicator_id": "idx_incl", "period": 2020, "value": v}
        for e, v in (("ALB", 1.0), ("BIH", 40.0), ("MNE", 50.0), ("MKD", 60.0), ("SRB", 70.0))
    ]
    obs = scored(cat, rows)
    first = pillar_scores(obs, cat).set_index(["economy", "pillar"])
    assert first.loc[("ALB", "inclusion"), "rank"] == 1  # 1 % bad behaviour: best, if the value were right
    obs["anomaly"] = [("internally inconsistent" if e == "ALB" else None) for e in obs["economy"]]
    flagged = apply_anomalies({}, obs)
    scores = pillar_scores(flagged, cat).set_index(["economy", "pillar"])
    assert scores.loc[("ALB", "inclusion"), "n"] == 0 and pd.isna(scores.loc[("ALB", "inclusion"), "rank"])
    assert scores.loc[("BIH", "inclusion"), "rank"] == 1
    row = latest_observations(flagged, ["idx_incl"], None).set_index("economy").loc["ALB"]
    assert display_value(cat.get("idx_incl"), row) == "1 (not scored: internally inconsistent)"


def test_an_observations_csv_row_with_an_anomaly_column_is_read_but_not_scored(tmp_path, catalog):
    from etl.extract import extract_observations_csv

    folder = tmp_path / "raw" / "x"
    folder.mkdir(parents=True)
    (folder / "x.csv").write_text(
        "economy,indicator_id,period,value,value_text,status,confidence,source_id,anomaly\n"
        "ALB,gci_2024_legal,2024,20,,observed,secondary,x.s01,internally inconsistent\n"
        "SRB,gci_2024_legal,2024,20,,observed,secondary,x.s01,\n"
    )
    meta = {
        "dataset": "x",
        "title": "x",
        "files": ["x.csv"],
        "sources": [{"id": "x.s01", "title": "t", "publisher": "p", "url": "https://example.org"}],
    }
    problems: list = []
    out = extract_observations_csv(folder, meta, catalog, tmp_path, problems)
    assert not problems
    got = out.observations.set_index("economy")
    assert got.loc["ALB", "anomaly"] == "internally inconsistent" and pd.isna(got.loc["ALB", "score"])
    assert got.loc["SRB", "score"] == 100.0 and pd.isna(got.loc["SRB", "anomaly"])
