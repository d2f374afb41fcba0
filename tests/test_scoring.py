"""Normalisation, pillar scores and gaps on small fixture data with hand-computed answers."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators.scoring import gap_table, normalise, pillar_scores, select_indicators, wb6_average


def frame(rows):
    base = {"sex": "total", "group": "all", "status": "observed", "confidence": "verified",
            "source_id": "s", "preferred": True, "value": float("nan"), "value_text": None, "note": ""}
    return pd.DataFrame([{**base, **r} for r in rows])


def scored(catalog, rows):
    df = frame(rows)
    df["score"] = [normalise(catalog.get(i), v, t) if s == "observed" else None
                   for i, v, t, s in zip(df["indicator_id"], df["value"], df["value_text"], df["status"])]
    return df


def test_normalise_numeric_categorical_and_direction(catalog):
    assert normalise(catalog.get("gci_2024_legal"), 15.0, None) == 75.0
    assert normalise(catalog.get("gci_2017_overall"), 0.517, None) == pytest.approx(51.7)
    assert normalise(catalog.get("tfvaw_lifetime_share"), 41.0, None) == 59.0  # lower is better
    assert normalise(catalog.get("budapest_convention"), None, "party") == 100.0
    assert normalise(catalog.get("cyber_law"), None, "entity_level_only") == 25.0
    assert normalise(catalog.get("gci_2024_legal"), None, None) is None
    assert normalise(catalog.get("data_protection_law"), None, None) is None


def test_edition_choice_never_mixes_editions(catalog):
    ids_2020 = {i.id for i in select_indicators(catalog, 2020)}
    ids_latest = {i.id for i in select_indicators(catalog, None)}
    assert "gci_2020_legal" in ids_2020 and "gci_2024_legal" not in ids_2020
    assert "gci_2024_legal" in ids_latest and "gci_2020_legal" not in ids_latest


def test_pillar_score_mean_coverage_and_no_data(catalog):
    obs = scored(catalog, [
        {"economy": "ALB", "indicator_id": "gci_2024_legal", "period": 2024, "value": 20.0},
        {"economy": "ALB", "indicator_id": "budapest_convention", "period": 2004, "value_text": "party"},
        {"economy": "ALB", "indicator_id": "cyber_law", "period": 2024, "value_text": "national_law"},
        {"economy": "SRB", "indicator_id": "gci_2024_legal", "period": 2024, "value": 10.0},
        {"economy": "XKX", "indicator_id": "gci_2024_legal", "period": 2024, "status": "not_covered"},
    ])
    s = pillar_scores(obs, catalog).set_index(["economy", "pillar"])
    assert s.loc[("ALB", "legal"), "score"] == pytest.approx((100 + 100 + 75) / 3, abs=0.01)
    assert s.loc[("ALB", "legal"), "n"] == 3 and s.loc[("ALB", "legal"), "m"] == 4
    assert s.loc[("SRB", "legal"), "score"] == 50.0
    assert math.isnan(s.loc[("XKX", "legal"), "score"]) and s.loc[("XKX", "legal"), "n"] == 0
    assert math.isnan(s.loc[("ALB", "inclusion"), "score"])
    avg = wb6_average(pillar_scores(obs, catalog)).set_index("pillar")
    assert avg.loc["legal", "score"] == pytest.approx((91.67 + 50) / 2, abs=0.01)
    assert avg.loc["legal", "economies"] == 2
    assert math.isnan(avg.loc["inclusion", "score"])


def test_latest_observation_and_as_of(catalog):
    obs = scored(catalog, [
        {"economy": "ALB", "indicator_id": "national_strategy", "period": 2020, "value_text": "expired"},
        {"economy": "ALB", "indicator_id": "national_strategy", "period": 2025, "value_text": "current"},
    ])
    latest = pillar_scores(obs, catalog).set_index(["economy", "pillar"])
    assert latest.loc[("ALB", "organisational"), "score"] == 100.0
    in_2020 = pillar_scores(obs, catalog, as_of=2020).set_index(["economy", "pillar"])
    assert in_2020.loc[("ALB", "organisational"), "score"] == 30.0


def test_non_preferred_values_are_not_scored(catalog):
    obs = scored(catalog, [
        {"economy": "BIH", "indicator_id": "gci_2024_legal", "period": 2024, "value": 12.0},
        {"economy": "BIH", "indicator_id": "gci_2024_legal", "period": 2024, "value": 2.0,
         "preferred": False, "source_id": "alt"},
    ])
    s = pillar_scores(obs, catalog).set_index(["economy", "pillar"])
    assert s.loc[("BIH", "legal"), "score"] == 60.0


def test_gap_table_best_median_and_priority(catalog):
    obs = scored(catalog, [
        {"economy": "ALB", "indicator_id": "gci_2024_technical", "period": 2024, "value": 18.0},
        {"economy": "SRB", "indicator_id": "gci_2024_technical", "period": 2024, "value": 18.0},
        {"economy": "BIH", "indicator_id": "gci_2024_technical", "period": 2024, "value": 4.0},
        {"economy": "BIH", "indicator_id": "budapest_convention", "period": 2006, "value_text": "party"},
        {"economy": "ALB", "indicator_id": "budapest_convention", "period": 2004, "value_text": "party"},
        {"economy": "BIH", "indicator_id": "national_strategy", "period": 2019, "value_text": "guidelines_only"},
        {"economy": "SRB", "indicator_id": "national_strategy", "period": 2021, "value_text": "current"},
        {"economy": "BIH", "indicator_id": "gci_2024_legal", "period": 2024, "value": 16.0},
        {"economy": "SRB", "indicator_id": "gci_2024_legal", "period": 2024, "value": 20.0},
    ])
    g = gap_table(obs, catalog, "BIH").set_index("indicator_id")
    tech = g.loc["gci_2024_technical"]
    assert tech["score"] == 20.0 and tech["best_score"] == 90.0
    assert tech["best_economies"] == ["ALB", "SRB"] and tech["gap_to_best"] == 70.0
    assert tech["wb6_median"] == 90.0 and tech["priority"] == "High"
    assert tech["target_score"] == 100.0 and tech["gap_to_target"] == 80.0
    assert g.loc["national_strategy", "gap_to_best"] == 80.0
    assert g.loc["gci_2024_legal", "priority"] == "Medium"  # 80 vs 100: 20 points
    assert g.loc["budapest_convention", "priority"] == "At WB6 best"
    assert g.loc["data_protection_law", "priority"] == "No data: collect evidence"
    order = list(g.index)
    assert order.index("national_strategy") < order.index("gci_2024_technical") < order.index("gci_2024_legal")
    assert order[-1] in {i for i in g.index if g.loc[i, "score"] is None or pd.isna(g.loc[i, "score"])}
    assert list(g["priority_rank"].dropna()) == [1, 2, 3, 4]


def test_gap_table_on_real_data_shows_kosovo_not_covered(bundled_obs, catalog):
    g = gap_table(bundled_obs, catalog, "XKX").set_index("indicator_id")
    assert g.loc["gci_2024_overall", "value"] == "not covered by the source"
    assert pd.isna(g.loc["gci_2024_overall", "score"])
    assert g.loc["gci_2024_overall", "best_economies"] == ["SRB"]
    assert g.loc["gci_2024_overall", "priority"] == "Not covered by the source"
    assert g.loc["budapest_convention", "priority"] == "Not applicable"
    assert g.loc["first_membership", "priority"] == "Not assessed: collect evidence"


def test_demonstration_only_indicators_leave_real_coverage_alone(catalog):
    obs = scored(catalog, [
        {"economy": "ALB", "indicator_id": "eurostat_i_maps_women", "period": 2023, "value": 35.63},
        {"economy": "ALB", "indicator_id": "gci_2024_legal", "period": 2024, "value": 20.0},
    ])
    demo_ids = [i.id for i in catalog.scored_in("inclusion") if "demo_hygiene_survey" in i.sources]
    assert demo_ids, "the survey catalog defines demonstration-fed Inclusion indicators"
    demo = scored(catalog, [{"economy": "ALB", "indicator_id": d, "period": 2025, "value": 1.0,
                             "confidence": "synthetic"} for d in demo_ids])
    both = pd.concat([obs, demo], ignore_index=True)
    real = pillar_scores(both, catalog).set_index(["economy", "pillar"])
    assert real.loc[("ALB", "inclusion"), "score"] == 35.63
    assert (real.loc[("ALB", "inclusion"), "n"], real.loc[("ALB", "inclusion"), "m"]) == (1, 3)
    with_demo = pillar_scores(both, catalog, include_synthetic=True).set_index(["economy", "pillar"])
    assert with_demo.loc[("ALB", "inclusion"), "n"] == 1 + len(demo_ids)
    assert not set(demo_ids) & set(gap_table(both, catalog, "ALB")["indicator_id"])
