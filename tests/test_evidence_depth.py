"""Issue 19, evidence depth: the crosswalk (each fact in one pillar, counted once), publishers and coverage
per pillar and economy, single-source pillars said so and never given a certain band, and the
leave-one-publisher-out and shared-indicator scenarios of the rank bands. Fixture data first, then the
bundled warehouse."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.method.crosswalk import crosswalk_rows, double_counted, fact_of, pillar_publishers
from indicators.method.scoring import latest_observations, pillar_cell_text, pillar_scores, pillar_scores_export
from indicators.method.sensitivity import NOT_TESTED, rank_bands, rank_text, scenario_scores, with_bands
from tests.fixture_catalog import _num, make_catalog, scored

ECOS = ("ALB", "BIH", "MNE", "MKD", "SRB")


@pytest.fixture
def cat(tmp_path):
    return make_catalog(tmp_path)


# --- crosswalk --------------------------------------------------------------------------------------


def test_every_scored_indicator_is_in_exactly_one_pillar_and_no_fact_counts_twice(cat):
    table = pillar_publishers(cat)
    ids = [i for members in table["indicators"] for i in members]
    assert len(ids) == len(set(ids))  # no indicator in two pillars
    assert double_counted(cat) == {}
    by_pillar = table.set_index("pillar")
    assert by_pillar.loc["legal", "publishers"] == ["itu", "oecd", "eurostat"]
    assert by_pillar.loc["technical", "publishers"] == ["itu"]  # one series, two editions: one fact
    assert by_pillar.loc["technical", "indicators"] == ["idx_tech_2024"]
    assert list(crosswalk_rows(cat, 2020).query("pillar == 'technical'")["indicator_id"]) == ["idx_tech_2020"]


def test_a_fact_fed_into_two_indicators_is_found(tmp_path):
    twice = [
        {**_num("gci_legal_copy", "legal"), "crosswalk": {"gci_pillar": "Legal measures"}},
        {**_num("gci_legal_again", "organisational"), "crosswalk": {"gci_pillar": "Legal measures"}},
    ]
    cat = make_catalog(tmp_path, extra=twice)
    assert fact_of(cat.get("gci_legal_copy")) == ("itu", "Legal measures")
    assert double_counted(cat) == {("itu", "Legal measures"): ["gci_legal_copy", "gci_legal_again"]}


def test_a_pillar_scoring_indicator_without_a_publisher_is_a_catalog_error(tmp_path):
    from indicators.model.catalog import CatalogError

    bad = {**_num("no_publisher", "legal")}
    del bad["publisher"]
    with pytest.raises(CatalogError, match="needs a publisher"):
        make_catalog(tmp_path, extra=[bad])


# --- coverage and publishers per pillar and economy --------------------------------------------------


def _fixture_obs(cat):
    rows = []
    for k, eco in enumerate(ECOS):
        rows += [
            {"economy": eco, "indicator_id": "idx_legal_a", "value": 4.0 * k},
            {"economy": eco, "indicator_id": "idx_legal_b", "value": 100.0 - 20 * k},
            {"economy": eco, "indicator_id": "idx_legal_c", "value_text": "mid"},
            {"economy": eco, "indicator_id": "idx_tech_2024", "value": 2.0 + 3 * k},
        ]
    rows += [  # Kosovo*-like: one publisher does not cover it
        {"economy": "XKX", "indicator_id": "idx_legal_a", "status": "not_covered"},
        {"economy": "XKX", "indicator_id": "idx_legal_b", "value": 50.0},
        {"economy": "XKX", "indicator_id": "idx_legal_c", "value_text": "high"},
        {"economy": "XKX", "indicator_id": "idx_tech_2024", "status": "not_covered"},
    ]
    return scored(cat, rows)


def test_coverage_publishers_and_who_does_not_cover_an_economy(cat):
    s = pillar_scores(_fixture_obs(cat), cat).set_index(["economy", "pillar"])
    xkx_legal = s.loc[("XKX", "legal")]
    assert (xkx_legal["n"], xkx_legal["m"], bool(xkx_legal["meets_rule"])) == (2, 3, True)
    assert xkx_legal["publishers"] == "eurostat;itu;oecd" and xkx_legal["publishers_used"] == "eurostat;oecd"
    assert xkx_legal["not_covered_by"] == "itu"
    assert pillar_cell_text(xkx_legal) == "75.0 (2 of 3; not covered by ITU GCI)"
    xkx_tech = s.loc[("XKX", "technical")]
    assert bool(xkx_tech["single_source"]) and xkx_tech["n"] == 0
    assert pillar_cell_text(xkx_tech) == "not covered by the ITU GCI (0 of 1; single source: ITU GCI)"
    alb_tech = s.loc[("ALB", "technical")]
    assert pillar_cell_text(alb_tech) == "10.0 (1 of 1; single source: ITU GCI 2024)"
    assert not bool(s.loc[("ALB", "legal"), "single_source"])
    assert "single source" not in pillar_cell_text(s.loc[("ALB", "legal")])


def test_a_single_source_pillar_has_no_certain_band_and_says_not_tested(cat):
    obs = _fixture_obs(cat)
    bands = rank_bands(obs, cat).set_index(["economy", "pillar"])
    tech = bands.loc[("SRB", "technical")]
    assert tech["rank"] == 1 and not bool(tech["tested"])
    assert pd.isna(tech["band_lo"]) and pd.isna(tech["band_hi"]) and tech["band"] == NOT_TESTED
    assert bands.loc[("XKX", "technical"), "band"] == ""  # not ranked: no band at all
    assert bool(bands.loc[("SRB", "legal"), "tested"])
    rows = with_bands(pillar_scores(obs, cat), rank_bands(obs, cat)).set_index(["economy", "pillar"])
    assert rank_text(rows.loc[("SRB", "technical")]) == "1st (band not tested: single source)"
    export = pillar_scores_export(obs, cat, bands=rank_bands(obs, cat)).set_index(["economy", "pillar"])
    assert bool(export.loc[("SRB", "technical"), "single_source"])
    assert pd.isna(export.loc[("SRB", "technical"), "rank_band_low"])


def test_leave_one_publisher_out_and_shared_indicator_scenarios():
    # economies x indicators: a and b from one publisher, c from another; the third economy lacks b
    mat = np.array([[100.0, 100.0, 0.0], [0.0, 0.0, 100.0], [50.0, np.nan, 50.0]])
    got = scenario_scores(mat, ["itu", "itu", "oecd"])
    # without itu: c only; without oecd: mean of a, b; shared (a, c): mean of a and c
    assert got.shape == (3, 3)
    assert got[0].tolist() == [0.0, 100.0, 50.0]
    assert got[1].tolist() == [100.0, 0.0, 50.0]
    assert got[2].tolist() == [50.0, 50.0, 50.0]
    assert scenario_scores(mat, ["itu", "itu", "itu"]).shape == (0, 3)  # one publisher: nothing to test


def test_a_rank_that_one_publisher_decides_gets_a_band_that_shows_it(cat):
    # legal: ALB best on itu, worst on oecd; leaving a publisher out must move its rank
    rows = []
    for k, eco in enumerate(ECOS):
        rows += [
            {"economy": eco, "indicator_id": "idx_legal_a", "value": 20.0 - 4 * k},
            {"economy": eco, "indicator_id": "idx_legal_b", "value": 10.0 + 20 * k},
            {"economy": eco, "indicator_id": "idx_legal_c", "value_text": "mid"},
        ]
    bands = rank_bands(scored(cat, rows), cat).set_index(["economy", "pillar"])
    for eco in ECOS:
        lo, hi = bands.loc[(eco, "legal"), "band_lo"], bands.loc[(eco, "legal"), "band_hi"]
        assert hi - lo >= 1, eco


# --- the bundled warehouse ---------------------------------------------------------------------------

MULTI = ("legal", "organisational", "capacity", "inclusion")


def test_bundled_pillars_publishers_and_coverage(bundled_obs, catalog, capsys):
    scores = pillar_scores(bundled_obs, catalog)
    with capsys.disabled():
        print("\nEvidence depth per pillar and economy (indicators with a value / all: publishers):")
        for pillar, grp in scores.groupby("pillar", sort=False):
            cells = [f"{r.economy} {r.n}/{r.m}: {r.publishers_used or '-'}" for r in grp.itertuples()]
            print(f"  {pillar:15} " + " | ".join(cells))
    table = pillar_publishers(catalog).set_index("pillar")
    for pillar in MULTI:
        assert table.loc[pillar, "n_publishers"] >= 2, pillar
        used = {p for ps in scores[scores["pillar"] == pillar]["publishers_used"] for p in ps.split(";") if p}
        assert len(used) >= 2, (pillar, used)  # with values in the warehouse, not only in the catalog
    assert set(table.loc["legal", "publishers"]) >= {"itu", "oecd"}
    assert set(table.loc["organisational", "publishers"]) >= {"itu", "oecd"}
    assert double_counted(catalog) == {} and double_counted(catalog, 2020) == {}


def test_bundled_single_source_pillars_always_say_so(bundled_obs, catalog):
    from indicators.render.map_values import pillar_map_values

    scores = pillar_scores(bundled_obs, catalog)
    bands = rank_bands(bundled_obs, catalog)
    single = sorted(set(scores[scores["single_source"]]["pillar"]))
    assert single == ["cooperation", "technical"]
    for pillar in single:
        mine = scores[(scores["pillar"] == pillar) & scores["meets_rule"]]
        assert len(mine) == 5
        for r in mine.to_dict("records"):
            assert "single source: ITU GCI 2024" in pillar_cell_text(r)
        b = bands[(bands["pillar"] == pillar) & bands["rank"].notna()]
        assert (~b["tested"]).all() and b["band_lo"].isna().all() and (b["band"] == NOT_TESTED).all()
        shown = pillar_map_values(bundled_obs, catalog, pillar, bands=bands)
        texts = shown[shown["status"] == "observed"]["value_text"]
        assert len(texts) == 5 and texts.str.contains("single source: ITU GCI 2024").all()
        assert texts.str.contains("not tested").all()


def test_bundled_kosovo_is_scored_where_covered_and_told_who_does_not_cover_it(bundled_obs, catalog):
    s = pillar_scores(bundled_obs, catalog).set_index(["economy", "pillar"])
    xkx = s.loc["XKX"]
    # Inclusion: the 2020 Eurostat values are too old against 2023-2025 and leave the score (issue 20)
    assert set(xkx[xkx["meets_rule"]].index) == {"organisational"}
    assert "values not compared: data from 2020" in pillar_cell_text(xkx.loc["inclusion"])
    for pillar in ("legal", "technical", "capacity", "cooperation"):
        text = pillar_cell_text(xkx.loc[pillar]).replace("by the ITU", "by ITU")  # "by the" where no value at all
        assert "not covered by ITU GCI" in text and "no data" not in text, pillar


def test_bundled_albania_ncsi_and_inclusion_follow_the_two_rules(bundled_obs, catalog):
    ncsi = latest_observations(bundled_obs, ["ncsi_score"], None).set_index("economy").loc["ALB"]
    assert (ncsi["value"], ncsi["period"], ncsi["status"]) == (85.0, 2025, "observed")
    assert (ncsi["newer_status"], ncsi["newer_period"]) == ("not_assessed", 2026)
    flagged = bundled_obs[(bundled_obs["economy"] == "ALB") & (bundled_obs["period"] == 2020)]
    flagged = flagged[flagged["indicator_id"].isin(["eurostat_i_maps_women", "eurostat_i_maps_age_65_74"])]
    assert len(flagged) and flagged["anomaly"].notna().all() and flagged["score"].isna().all()
    as_2020 = pillar_scores(bundled_obs, catalog, 2020).set_index(["economy", "pillar"])
    assert as_2020.loc[("ALB", "inclusion"), "n"] == 0 and pd.isna(as_2020.loc[("ALB", "inclusion"), "rank"])


def test_methodology_page_shows_the_crosswalk_and_the_evidence_depth(bundled_data_dir):
    from tests.apptest_helpers import run_page

    at = run_page(bundled_data_dir, "methodology")
    assert not at.exception
    assert "Crosswalk: publishers per pillar" in [h.value for h in at.subheader]
    frames = [d.value for d in at.dataframe]
    cross = next(f for f in frames if "Publishers" in f.columns).set_index("Pillar")
    assert cross.loc["Legal", "Publishers"] == "2: ITU GCI, OECD Competitiveness Outlook"
    assert cross.loc["Technical", "Publishers"] == "1: ITU GCI"
    assert "DIGITAL_I11" in cross.loc["Organisational", "OECD CO indicator"]
    depth = next(
        f for f in frames if "Legal" in f.columns and "Economy" in f.columns and f["Legal"].str.contains("/").all()
    ).set_index("Economy")
    assert depth.loc["Kosovo*", "Legal"] == "1/2: OECD Competitiveness Outlook"
    assert depth.loc["Kosovo*", "Technical"] == "0/1: -"
