"""Lenses, coverage rule, like-for-like averages, gaps and rank bands on a small FIXTURE catalog
(tests/fixture_catalog.py), with hand-computed answers. Adding indicators to the production catalog
changes nothing here."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators.method.scoring import (
    average_text,
    gap_table,
    normalise,
    pillar_cell_text,
    pillar_scores,
    pillar_scores_export,
    select_indicators,
    status_counts,
    status_matrix,
    wb6_average,
)
from indicators.method.sensitivity import Setup, band_text, rank_bands
from indicators.model.catalog import CatalogError, CoverageRule
from tests.fixture_catalog import INDICATORS, make_catalog, scored


@pytest.fixture
def cat(tmp_path):
    return make_catalog(tmp_path)


def test_lens_defaults_to_index_and_status_facts_leave_pillar_scores(cat):
    assert cat.get("idx_legal_a").lens == "index" and cat.get("fact_csirt").lens == "status"
    assert [i.id for i in cat.scored_in("technical")] == ["idx_tech_2020", "idx_tech_2024"]
    assert "fact_law" not in {i.id for i in select_indicators(cat, None)}
    assert {i.id for i in select_indicators(cat, None, purpose="status")} == {"fact_csirt", "fact_law"}


def test_bad_lens_and_bad_rule_are_catalog_errors(tmp_path):
    with pytest.raises(CatalogError, match="lens"):
        make_catalog(tmp_path, extra=[{**INDICATORS[0], "id": "x", "lens": "mixed"}])
    with pytest.raises(CatalogError, match="coverage_rule"):
        make_catalog(tmp_path / "b" if (tmp_path / "b").mkdir() is None else tmp_path, rule={"min_shares": 0.5})


def test_coverage_rule_values_and_pillar_override(tmp_path):
    rule = CoverageRule(0.667, 1)
    assert [rule.met(n, 3) for n in range(4)] == [False, False, True, True]
    assert rule.needed(3) == 2 and rule.needed(1) == 1 and not rule.met(0, 0)
    cat = make_catalog(tmp_path, pillar_rules={"cooperation": {"min_share": 1.0}})
    assert cat.rule_for("cooperation") == CoverageRule(1.0, 1) and cat.rule_for("legal") == rule


def test_normalise_numeric_categorical_and_direction(cat):
    assert normalise(cat.get("idx_legal_a"), 15.0, None) == 75.0
    assert normalise(cat.get("idx_incl"), 41.0, None) == 59.0
    assert normalise(cat.get("idx_legal_c"), None, "mid") == 50.0
    assert normalise(cat.get("idx_legal_a"), None, None) is None


def test_kosovo_like_case_only_status_facts_gives_no_score_and_no_rank(cat):
    obs = scored(
        cat,
        [
            {"economy": "XKX", "indicator_id": "fact_csirt", "value_text": "national"},
            {"economy": "XKX", "indicator_id": "idx_tech_2024", "status": "not_covered"},
            {"economy": "ALB", "indicator_id": "fact_csirt", "value_text": "national"},
            {"economy": "ALB", "indicator_id": "idx_tech_2024", "value": 9.0},
        ],
    )
    s = pillar_scores(obs, cat).set_index(["economy", "pillar"])
    xkx, alb = s.loc[("XKX", "technical")], s.loc[("ALB", "technical")]
    assert math.isnan(xkx["score"]) and xkx["n"] == 0 and xkx["m"] == 1 and pd.isna(xkx["rank"])
    assert alb["score"] == 45.0 and alb["rank"] == 1  # the fact (100) is not averaged in
    m = status_matrix(obs, cat, ["XKX"]).set_index("indicator_id")
    assert m.loc["fact_csirt", "state"] == "in_place" and m.loc["fact_law", "state"] == "not_assessed"
    assert status_counts(m.reset_index()).iloc[0]["text"] == "1 of 2 in place (1 not assessed)"


def test_pillar_below_the_rule_is_insufficient_and_unranked(cat):
    obs = scored(
        cat,
        [
            {"economy": "ALB", "indicator_id": "idx_legal_a", "value": 20.0},
            {"economy": "ALB", "indicator_id": "idx_legal_b", "value": 40.0},
            {"economy": "ALB", "indicator_id": "idx_legal_c", "value_text": "mid"},
            {"economy": "SRB", "indicator_id": "idx_legal_a", "value": 10.0},
            {"economy": "SRB", "indicator_id": "idx_legal_b", "value": 90.0},
            {"economy": "BIH", "indicator_id": "idx_legal_a", "value": 20.0},  # 1 of 3: below two thirds
            {"economy": "BIH", "indicator_id": "fact_law", "value_text": "aligned"},
        ],
    )
    s = pillar_scores(obs, cat).set_index(["economy", "pillar"])
    assert s.loc[("ALB", "legal"), "score"] == pytest.approx((100 + 40 + 50) / 3, abs=0.01)
    assert s.loc[("SRB", "legal"), "score"] == 70.0 and s.loc[("SRB", "legal"), "n"] == 2
    bih = s.loc[("BIH", "legal")]
    assert math.isnan(bih["score"]) and bih["mean_available"] == 100.0 and not bih["meets_rule"]
    assert pd.isna(bih["rank"]) and bih["needed"] == 2
    assert [s.loc[(e, "legal"), "rank"] for e in ("SRB", "ALB")] == [1, 2]
    assert pillar_cell_text(bih) == "insufficient data (1 of 3)"
    assert pillar_cell_text(s.loc[("SRB", "legal")]) == "70.0 (2 of 3)"
    assert pillar_cell_text(s.loc[("XKX", "legal")]) == "no data (0 of 3)"


def test_average_needs_four_economies_and_says_how_many(cat):
    rows = [
        {"economy": e, "indicator_id": "idx_tech_2024", "value": v}
        for e, v in (("ALB", 20.0), ("SRB", 10.0), ("BIH", 4.0))
    ]
    three = wb6_average(pillar_scores(scored(cat, rows), cat)).set_index("pillar")
    assert math.isnan(three.loc["technical", "score"]) and three.loc["technical", "economies"] == 3
    assert three.loc["technical", "best"] == 100.0 and three.loc["technical", "best_economies"] == ["ALB"]
    assert average_text(three.loc["technical"]) == "none (only 3 with data; needs 4)"
    rows.append({"economy": "MNE", "indicator_id": "idx_tech_2024", "value": 6.0})
    four = wb6_average(pillar_scores(scored(cat, rows), cat)).set_index("pillar")
    assert four.loc["technical", "score"] == pytest.approx((100 + 50 + 20 + 30) / 4)
    assert four.loc["technical", "members"] == ["ALB", "BIH", "MNE", "SRB"]
    assert average_text(four.loc["technical"]) == "50.0 (average of 4)"
    assert math.isnan(four.loc["legal", "score"]) and four.loc["legal", "economies"] == 0


def test_edition_choice_and_as_of(cat):
    obs = scored(
        cat,
        [
            {"economy": "ALB", "indicator_id": "idx_tech_2020", "value": 4.0, "period": 2020},
            {"economy": "ALB", "indicator_id": "idx_tech_2024", "value": 18.0, "period": 2024},
        ],
    )
    assert pillar_scores(obs, cat).set_index(["economy", "pillar"]).loc[("ALB", "technical"), "score"] == 90.0
    assert pillar_scores(obs, cat, 2020).set_index(["economy", "pillar"]).loc[("ALB", "technical"), "score"] == 20.0


def test_gap_priority_only_against_a_best_of_four_and_no_median_below_three(cat):
    two = scored(
        cat,
        [
            {"economy": "ALB", "indicator_id": "idx_tech_2024", "value": 18.0},
            {"economy": "BIH", "indicator_id": "idx_tech_2024", "value": 4.0},
        ],
    )
    g = gap_table(two, cat, "BIH").set_index("indicator_id").loc["idx_tech_2024"]
    assert g["best_score"] == 90.0 and g["economies_with_data"] == 2
    assert g["gap_to_best"] is None and g["wb6_median"] is None
    assert g["priority"] == "Too few to compare (best of 2; needs 4)" and pd.isna(g["priority_rank"])
    four = scored(
        cat,
        [
            {"economy": e, "indicator_id": "idx_tech_2024", "value": v}
            for e, v in (("ALB", 18.0), ("SRB", 18.0), ("MNE", 10.0), ("BIH", 4.0))
        ],
    )
    g = gap_table(four, cat, "BIH").set_index("indicator_id").loc["idx_tech_2024"]
    assert g["gap_to_best"] == 70.0 and g["priority"] == "High" and g["wb6_median"] == 70.0
    assert g["best_economies"] == ["ALB", "SRB"] and g["gap_to_target"] == 80.0


def _ranked_obs(cat):
    vals = {
        "ALB": (20, 40, "mid"),
        "SRB": (10, 90, "high"),
        "BIH": (5, 50, "low"),
        "MNE": (12, 60, "mid"),
        "MKD": (15, 30, "high"),
    }
    rows = []
    for e, (a, b, c) in vals.items():
        rows += [
            {"economy": e, "indicator_id": "idx_legal_a", "value": float(a)},
            {"economy": e, "indicator_id": "idx_legal_b", "value": float(b)},
            {"economy": e, "indicator_id": "idx_legal_c", "value_text": c},
        ]
    rows.append({"economy": "XKX", "indicator_id": "idx_legal_a", "value": 20.0})  # 1 of 3: unranked
    return scored(cat, rows)


def test_rank_band_contains_the_rank_and_is_deterministic(cat):
    obs = _ranked_obs(cat)
    a = rank_bands(obs, cat, setup=Setup(draws=300, seed=7))
    b = rank_bands(obs, cat, setup=Setup(draws=300, seed=7))
    pd.testing.assert_frame_equal(a, b)
    legal = a[a["pillar"] == "legal"].set_index("economy")
    ranked = legal[legal["rank"].notna()]
    assert len(ranked) == 5
    assert ((ranked["band_lo"] <= ranked["rank"]) & (ranked["rank"] <= ranked["band_hi"])).all()
    assert (ranked["band_hi"] > ranked["band_lo"]).any()  # the choices do move some ranks
    assert pd.isna(legal.loc["XKX", "rank"]) and pd.isna(legal.loc["XKX", "band_lo"]) and legal.loc["XKX", "band"] == ""
    assert band_text(2, 4) == "2nd-4th" and band_text(1, 1) == "1st" and band_text(11, 13) == "11th-13th"


def test_status_matrix_states_from_category_order(cat):
    obs = scored(
        cat,
        [
            {"economy": "ALB", "indicator_id": "fact_law", "value_text": "law", "period": 2021},
            {"economy": "SRB", "indicator_id": "fact_law", "value_text": "none"},
            {"economy": "MNE", "indicator_id": "fact_law", "status": "not_assessed"},
            {"economy": "XKX", "indicator_id": "fact_law", "status": "not_applicable"},
        ],
    )
    m = status_matrix(obs, cat, ["ALB", "SRB", "MNE", "XKX"]).set_index(["indicator_id", "economy"])
    assert m.loc[("fact_law", "XKX"), "state"] == "not_applicable"
    counts = status_counts(m.reset_index()).set_index("economy")
    assert counts.loc["ALB", "text"] == "0 of 2 in place (1 partly in place, 1 not assessed)"
    assert counts.loc["XKX", "not_applicable"] == 1
    assert m.loc[("fact_law", "ALB"), "state"] == "partly" and m.loc[("fact_law", "ALB"), "period"] == 2021
    assert m.loc[("fact_law", "SRB"), "state"] == "missing"
    assert m.loc[("fact_law", "MNE"), "state"] == "not_assessed"


def test_export_carries_coverage_and_leaves_scores_below_the_rule_empty(cat):
    obs = _ranked_obs(cat)
    bands = rank_bands(obs, cat, setup=Setup(draws=50, seed=3))
    ex = pillar_scores_export(obs, cat, bands=bands).set_index(["economy", "pillar"])
    xkx, alb = ex.loc[("XKX", "legal")], ex.loc[("ALB", "legal")]
    assert xkx["coverage"] == "1 of 3" and not xkx["meets_coverage_rule"] and math.isnan(xkx["score"])
    assert xkx["status"] == "insufficient data" and pd.isna(xkx["rank"]) and pd.isna(xkx["rank_band_low"])
    assert alb["coverage"] == "3 of 3" and alb["score"] == pytest.approx((100 + 40 + 50) / 3, abs=0.01)
    assert alb["rank_band_low"] <= alb["rank"] <= alb["rank_band_high"]
    assert alb["sources"] == "s" and alb["confidence"] == "3 verified" and alb["periods"] == "2024"
    assert ex.loc[("ALB", "technical"), "status"] == "no data"
    assert xkx["not_ranked_because"] == "below the coverage rule" and alb["not_ranked_because"] == ""


def test_a_value_too_old_for_its_indicator_leaves_the_pillar_score(cat):
    """Each contributing value passes the comparison rule: BIH's 2019 values are 5 years older than the newest
    of their indicators (2024), more than MAX_PERIOD_GAP (3), so they leave BIH's Legal score like missing ones;
    the coverage rule (2 of 3) then fails and BIH is not scored, and says why. MNE's 2021 (3 years) counts."""
    from indicators.method.scoring import MAX_PERIOD_GAP, out_of_time, pillar_inputs
    from indicators.render import map_values

    assert MAX_PERIOD_GAP == 3
    rows = []
    for eco, a, b, year in (("ALB", 20.0, 40.0, 2024), ("SRB", 20.0, 90.0, 2023), ("MNE", 5.0, 30.0, 2021)):
        rows += [
            {"economy": eco, "indicator_id": "idx_legal_a", "value": a, "period": year},
            {"economy": eco, "indicator_id": "idx_legal_b", "value": b, "period": year},
        ]
    rows += [
        {"economy": "BIH", "indicator_id": "idx_legal_a", "value": 20.0, "period": 2019},
        {"economy": "BIH", "indicator_id": "idx_legal_b", "value": 100.0, "period": 2019},
    ]
    obs = scored(cat, rows)
    s = pillar_scores(obs, cat)
    legal = s[s["pillar"] == "legal"].set_index("economy")
    assert pd.isna(legal.loc["BIH", "score"]) and not legal.loc["BIH", "meets_rule"]
    assert (legal.loc["BIH", "n"], legal.loc["BIH", "not_compared"]) == (0, 2)
    assert legal.loc["BIH", "not_compared_why"] == "data from 2019; the others 2021-2024"
    assert pd.isna(legal.loc["BIH", "rank"])
    assert [legal.loc[e, "rank"] for e in ("ALB", "SRB", "MNE")] == [2, 1, 3]
    assert out_of_time(s) == {}
    assert pillar_cell_text(legal.loc["BIH"]) == (
        "insufficient data (0 of 3; 2 values not compared: data from 2019; the others 2021-2024)"
    )
    inputs = pillar_inputs(obs, cat)
    assert "BIH" not in set(inputs["economy"])  # the sources of the scores are the values they use
    values = map_values.pillar_map_values(obs, cat, "legal").set_index("economy")
    assert values.loc["BIH", "status"] == "insufficient_data"
    assert "2 values not compared: data from 2019; the others 2021-2024" in values.loc["BIH", "value_text"]
    assert values.loc["SRB", "value_text"].split(" · ")[2] == "rank 1st of 3"


def test_a_score_far_older_than_the_others_is_shown_but_not_ranked(tmp_path):
    """Like with like in time between pillar scores: BIH's only Legal value (2019, an indicator nobody else
    has, so comparable on its own) makes a score 5 years older than the newest (2024), more than
    MAX_PERIOD_GAP (3): its score stays, it is not ranked and the ranks close up; MNE's 2021 is still ranked."""
    from indicators.method.scoring import out_of_time
    from indicators.method.sensitivity import rank_bands as bands_of
    from indicators.render import map_ranking, map_values
    from indicators.render.slides import slide_ranking

    cat = make_catalog(tmp_path, pillar_rules={"legal": {"min_share": 0.3, "min_index_indicators": 1}})
    rows = [
        {"economy": eco, "indicator_id": "idx_legal_a", "value": a, "period": year}
        for eco, a, year in (("ALB", 8.0, 2024), ("SRB", 18.0, 2023), ("MNE", 6.0, 2021))
    ]
    rows.append({"economy": "BIH", "indicator_id": "idx_legal_c", "value_text": "high", "period": 2019})
    obs = scored(cat, rows)
    s = pillar_scores(obs, cat)
    legal = s[s["pillar"] == "legal"].set_index("economy")
    assert legal.loc["BIH", "score"] == 100.0 and legal.loc["BIH", "meets_rule"]
    assert not legal.loc["BIH", "in_time"] and pd.isna(legal.loc["BIH", "rank"])
    assert legal.loc["MNE", "in_time"] and legal.loc["BIH", "period_to"] == 2019
    assert [legal.loc[e, "rank"] for e in ("ALB", "SRB", "MNE")] == [2, 1, 3]
    assert out_of_time(s) == {("BIH", "legal"): (2019, 2021, 2024)}
    exported = pillar_scores_export(obs, cat).set_index(["economy", "pillar"])
    assert exported.loc[("BIH", "legal"), "not_ranked_because"] == "data from 2019; the others 2021-2024"
    assert exported.loc[("BIH", "legal"), "score"] == 100.0 and pd.isna(exported.loc[("BIH", "legal"), "rank"])
    assert exported.loc[("ALB", "legal"), "not_ranked_because"] == ""
    assert pd.isna(bands_of(obs, cat).set_index(["economy", "pillar"]).loc[("BIH", "legal"), "band_lo"])

    values = map_values.pillar_map_values(obs, cat, "legal").set_index("economy")
    assert values.loc["BIH", "rank_note"] == "not ranked: data from 2019; the others 2021-2024"
    assert values.loc["BIH", "rank_note"] in values.loc["BIH", "value_text"]
    assert values.loc["ALB", "rank_note"] == ""
    order = list(map_ranking.ranking_order(values.reset_index())["economy"])
    assert order[:4] == ["SRB", "ALB", "MNE", "BIH"]  # ranked first, then the too-old score, then missing
    fig = map_ranking.ranking_bar(values.reset_index())
    assert "2019: not ranked" in fig.data[0].text[3]
    shown, left_out = slide_ranking(values.reset_index())
    assert [r["economy"] for r in shown] == ["SRB", "ALB", "MNE"]
    assert any(r["economy"] == "BIH" and "data from 2019" in r["text"] for r in left_out)
    assert "Bosnia and Herzegovina 100.0 (1 of 3; 2019: not ranked)" in map_ranking.text_summary(
        values.reset_index(), "Legal"
    )


def test_too_old_notes_name_one_year_or_a_span():
    from indicators.method.sensitivity import too_old_notes

    assert too_old_notes(2018, 2023, 2023) == ("not ranked: data from 2018; the others 2023", "2018: not ranked")
    assert too_old_notes(2020, 2023, 2025)[0] == "not ranked: data from 2020; the others 2023-2025"


def test_one_indicator_map_ranks_like_with_like_in_time_but_not_for_status_facts(cat):
    from indicators.render import map_ranking, map_values

    obs = scored(
        cat,
        [
            {"economy": "ALB", "indicator_id": "idx_legal_b", "value": 40.0, "period": 2024},
            {"economy": "SRB", "indicator_id": "idx_legal_b", "value": 60.0, "period": 2023},
            {"economy": "BIH", "indicator_id": "idx_legal_b", "value": 90.0, "period": 2019},
            {"economy": "ALB", "indicator_id": "fact_law", "value_text": "aligned", "period": 2024},
            {"economy": "BIH", "indicator_id": "fact_law", "value_text": "aligned", "period": 2009},
        ],
    )
    values = map_values.indicator_map_values(obs, cat, "idx_legal_b").set_index("economy")
    assert values.loc["BIH", "rank_note"] == "not ranked: data from 2019; the others 2023-2024"
    assert values.loc["ALB", "rank_note"] == values.loc["SRB", "rank_note"] == ""
    assert list(map_ranking.ranking_order(values.reset_index())["economy"])[:3] == ["SRB", "ALB", "BIH"]
    facts = map_values.indicator_map_values(obs, cat, "fact_law")
    assert set(facts["rank_note"]) == {""}  # a law passed in 2009 still holds: its year is not its age


def test_profile_and_compare_tables_say_why_a_score_is_not_ranked(tmp_path):
    from indicators.method.compare import pillar_table
    from indicators.method.sensitivity import rank_text

    cat = make_catalog(tmp_path, pillar_rules={"legal": {"min_share": 0.3, "min_index_indicators": 1}})
    rows = [
        {"economy": e, "indicator_id": "idx_legal_a", "value": v, "period": y}
        for e, v, y in (("ALB", 20.0, 2024), ("SRB", 10.0, 2024), ("MNE", 8.0, 2023))
    ]
    rows.append({"economy": "BIH", "indicator_id": "idx_legal_c", "value_text": "mid", "period": 2020})
    scores = pillar_scores(scored(cat, rows), cat)
    bih = scores[(scores["economy"] == "BIH") & (scores["pillar"] == "legal")].iloc[0]
    assert rank_text(bih) == "not ranked: data from 2020; the others 2023-2024"
    table = pillar_table(scores, wb6_average(scores), cat, ["BIH", "ALB"]).set_index("Pillar")
    assert table.loc["Legal", "Bosnia and Herzegovina"].endswith("· not ranked: data from 2020; the others 2023-2024")
