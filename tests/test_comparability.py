"""The one comparability rule (indicators/method/comparability.py) on FIXTURE data with hand-computed answers: a value
too old against the newest is never the best or the reference of a gap; a status fact never appears in a point
gap, a heatmap number or a tally; tallies count each source once; anomalous values are not compared; the
fact-state coding table; "of n" (issue 20)."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.method import compare
from indicators.method.comparability import average_of, comparable, rank_of, reasons
from indicators.method.scoring import ABSENT_CODES, fact_state, gap_table, strengths_and_gaps
from tests.fixture_catalog import make_catalog, scored


@pytest.fixture
def cat(tmp_path):
    return make_catalog(tmp_path)


def _old_best(cat):
    """XKX holds the highest value, but from 2019 against 2024 for the other four."""
    return scored(
        cat,
        [
            {"economy": "XKX", "indicator_id": "idx_tech_2024", "value": 20.0, "period": 2019},
            {"economy": "ALB", "indicator_id": "idx_tech_2024", "value": 16.0},
            {"economy": "SRB", "indicator_id": "idx_tech_2024", "value": 12.0},
            {"economy": "MNE", "indicator_id": "idx_tech_2024", "value": 10.0},
            {"economy": "BIH", "indicator_id": "idx_tech_2024", "value": 4.0},
        ],
    )


def test_reasons_time_rule_status_and_anomaly(cat):
    obs = _old_best(cat)
    why = dict(zip(obs["economy"], reasons(obs, cat)))
    assert why == {"XKX": "too_old", "ALB": "ok", "SRB": "ok", "MNE": "ok", "BIH": "ok"}
    # 3 years apart is still like with like (the rule is "more than 3")
    three = obs.assign(period=[2021, 2024, 2024, 2024, 2024])
    assert comparable(three, cat).all()
    # an anomaly flag removes the value and it no longer sets the newest year
    flagged = obs.assign(anomalous=[False, True, False, False, False])
    assert dict(zip(flagged["economy"], reasons(flagged, cat)))["ALB"] == "anomalous"
    no_flag = obs.drop(columns=[c for c in obs.columns if c == "anomalous"])
    assert reasons(no_flag, cat).tolist().count("ok") == 4
    facts = scored(cat, [{"economy": "ALB", "indicator_id": "fact_law", "value_text": "aligned"}])
    assert reasons(facts, cat).tolist() == ["status_fact"]


def test_a_five_year_old_best_is_never_the_gap_reference(cat):
    obs = _old_best(cat)
    g = gap_table(obs, cat, "BIH").set_index("indicator_id").loc["idx_tech_2024"]
    assert g["best_economies"] == ["ALB"] and g["best_score"] == 80.0 and g["best_period"] == 2024
    assert g["economies_with_data"] == 4 and g["gap_to_best"] == 60.0 and g["priority"] == "High"
    # the old value itself: shown with its year, no gap, not a best, not a strength
    x = gap_table(obs, cat, "XKX").set_index("indicator_id").loc["idx_tech_2024"]
    assert x["score"] == 100.0 and x["period"] == 2019 and x["gap_to_best"] is None
    assert x["comparable"] == "too_old" and pd.isna(x["priority_rank"])
    assert x["priority"] == "Not compared: data from 2019; the others 2024"
    strengths, gaps = strengths_and_gaps(gap_table(obs, cat, "XKX"))
    assert "idx_tech_2024" not in set(strengths["indicator_id"]) | set(gaps["indicator_id"])


def test_a_status_fact_is_a_state_never_a_point_gap(cat):
    obs = scored(
        cat,
        [
            *[{"economy": e, "indicator_id": "fact_law", "value_text": "aligned"} for e in ("ALB", "SRB", "MNE")],
            {"economy": "BIH", "indicator_id": "fact_law", "value_text": "none"},
            {"economy": "MKD", "indicator_id": "fact_law", "value_text": "law"},
            *[
                {"economy": e, "indicator_id": "idx_tech_2024", "value": v}
                for e, v in (("ALB", 20.0), ("SRB", 10.0), ("MNE", 10.0), ("BIH", 5.0))
            ],
        ],
    )
    g = gap_table(obs, cat, "BIH").set_index("indicator_id")
    fact = g.loc["fact_law"]
    assert pd.isna(fact["score"]) and pd.isna(fact["gap_to_best"]) and pd.isna(fact["priority_rank"])
    assert fact["state"] == "missing" and fact["priority"] == "Status fact: missing (3 of 6 have it in place)"
    assert g.loc["idx_tech_2024", "priority_rank"] == 1  # the index gap is the first priority
    assert list(g.index)[-1] in {"fact_law", "fact_csirt"}  # facts come after every index row
    mkd = gap_table(obs, cat, "MKD").set_index("indicator_id").loc["fact_law"]
    assert mkd["state"] == "partly"  # a law that exists but is not aligned is not 'missing'


def test_fact_state_coding_table(cat):
    law, csirt = cat.get("fact_law"), cat.get("fact_csirt")

    def row(code, status="observed"):
        return pd.Series({"status": status, "value_text": code})

    assert [fact_state(law, row(c)) for c in ("aligned", "law", "none")] == ["in_place", "partly", "missing"]
    assert [fact_state(csirt, row(c)) for c in ("national", "entity", "none")] == ["in_place", "partly", "missing"]
    assert fact_state(law, None) == "not_assessed"
    assert fact_state(law, row(None, "not_assessed")) == "not_assessed"
    assert fact_state(law, row("none", "not_applicable")) == "not_applicable"
    assert fact_state(law, row("unknown_code")) == "not_assessed"
    assert {"none", "not_party", "not_member"} <= ABSENT_CODES


def test_compare_marks_heatmap_and_tally_use_only_comparable_index_values(cat, tmp_path):
    from indicators.model.catalog import load_catalog  # noqa: F401 - the fixture catalog is enough

    obs = scored(
        cat,
        [
            # the headline index and two of its family's components (same family "f")
            {"economy": "SRB", "indicator_id": "headline", "value": 0.9},
            {"economy": "XKX", "indicator_id": "headline", "value": 0.5},
            {"economy": "SRB", "indicator_id": "idx_tech_2024", "value": 10.0},
            {"economy": "XKX", "indicator_id": "idx_tech_2024", "value": 20.0, "period": 2019},
            {"economy": "SRB", "indicator_id": "fact_law", "value_text": "aligned"},
            {"economy": "XKX", "indicator_id": "fact_law", "value_text": "none"},
        ],
    )
    long = compare.comparison_long(obs, cat, ["XKX", "SRB"])
    marks = compare.best_and_worst(long).set_index("indicator_id")
    assert marks.loc["headline", "best"] == ["SRB"]
    assert marks.loc["idx_tech_2024", "best"] == []  # 2019 vs 2024: not compared
    assert marks.loc["fact_law", "best"] == [] and marks.loc["fact_law", "worst"] == []
    cell = long.set_index(["indicator_id", "economy"])
    assert cell.loc[("idx_tech_2024", "XKX"), "note"] == "data from 2019; the others 2024"
    table = compare.comparison_table(long, cat, ["XKX", "SRB"]).set_index("Indicator")
    assert table.loc["Index idx_tech_2024", "Kosovo*"] == "20 (not compared: data from 2019; the others 2024)"
    assert table.loc["Cyber law", "Kosovo*"] == "○ none"
    # heatmap: the fact is a grey cell with its state, never a number on 0-100
    fig = compare.heatmap(long, ["XKX", "SRB"])
    traces = {t.name: t for t in fig.data}
    r = list(traces["missing"].y).index("Cyber law")
    assert list(traces["missing"].text[r]) == ["○ missing", "● in place"]
    for band in ("score (dark cells)", "score (light cells)"):
        assert list(traces[band].z[r]) == [None, None]
    # tally: index values only, each source once (the family's headline, not its components)
    assert compare.tally_items(long, cat) == ["headline"]
    counts, n = compare.tally(long, ["XKX", "SRB"], cat)
    assert n == 1 and counts == {"XKX": [0, 1], "SRB": [1, 0]}
    assert compare.table_summary(long, ["XKX", "SRB"], cat).startswith(
        "Kosovo*: best on 0, lowest on 1 of 1; Serbia: best on 1, lowest on 0 of 1."
    )


def test_radar_summary_names_only_ranked_scores(cat):
    scores = pd.DataFrame(
        [{"economy": "SRB", "pillar": p, "score": 60.0, "in_time": True, "period_to": 2024} for p in ("legal",)]
        + [{"economy": "XKX", "pillar": "legal", "score": 80.0, "in_time": False, "period_to": 2019}]
    )
    text = compare.radar_summary(scores, cat, ["XKX", "SRB"])
    assert text.startswith("Legal: highest Serbia 60.0 (Kosovo* 80.0, not ranked: data from 2019)")


def test_of_n_wording():
    assert rank_of("2nd", 5) == "2nd of 5"
    assert average_of("90.2 / 100", 5) == "90.2 / 100 (average of 5)"


# --- over the bundled warehouse --------------------------------------------------------------------


def test_bundled_gaps_bests_and_tallies_keep_the_time_rule(bundled_obs, catalog):
    from indicators.method.comparability import MAX_PERIOD_GAP
    from indicators.method.scoring import latest_observations
    from indicators.model.economies import ECONOMY_CODES

    for eco in ECONOMY_CODES:
        for as_of in (None, 2020):
            g = gap_table(bundled_obs, catalog, eco, as_of)
            facts = g[g["lens"] == "status"]
            # no status fact has a numeric score, gap or priority rank
            assert facts["score"].isna().all() and facts["gap_to_best"].isna().all()
            assert facts["priority_rank"].isna().all() and facts["state"].notna().all()
            ranked = g[g["gap_to_best"].notna()]
            assert (ranked["lens"] == "index").all()
            latest = latest_observations(bundled_obs, list(ranked["indicator_id"]), as_of)
            newest = latest[latest["score"].notna()].groupby("indicator_id")["period"].max()
            for r in ranked.itertuples():
                assert r.period >= newest[r.indicator_id] - MAX_PERIOD_GAP, (eco, r.indicator_id)
                assert r.best_period >= newest[r.indicator_id] - MAX_PERIOD_GAP, (eco, r.indicator_id)
    # Kosovo*'s 2020 Eurostat values are no longer Serbia's priorities (issue 20)
    srb = gap_table(bundled_obs, catalog, "SRB")
    top = srb[srb["priority_rank"].notna()].head(5)
    assert not any("XKX" in b for b in top["best_economies"])
    # compare: best marks and tallies over all six economies use comparable index values only
    long = compare.comparison_long(bundled_obs, catalog, list(ECONOMY_CODES))
    marks = compare.best_and_worst(long).set_index("indicator_id")
    cells = long.set_index(["indicator_id", "economy"])
    for ind_id, r in marks.iterrows():
        for e in list(r["best"]) + list(r["worst"]):
            assert cells.loc[(ind_id, e), "comparable"] == "ok" and cells.loc[(ind_id, e), "lens"] == "index"
    items = compare.tally_items(long, catalog)
    assert all(catalog.get(i).lens == "index" for i in items)
    gci = [i for i in items if catalog.get(i).family == "itu_gci"]
    assert gci and all(catalog.get(i).pillar == "headline" for i in gci)  # GCI overall, not also its pillars


# --- low reliability (issue 26's rule) and each value of a pillar -----------------------------------


def _flagged(cat):
    """XKX holds the highest value but Eurostat flags it u (low reliability)."""
    rows = _old_best(cat)
    rows.loc[rows["economy"] == "XKX", "period"] = 2024
    return rows.assign(flag=["u" if e == "XKX" else "" for e in rows["economy"]])


def test_a_low_reliability_value_is_shown_never_ranked_best_gap_reference_or_scored(cat):
    from indicators.method.comparability import LOW_RELIABILITY, indicator_ranks
    from indicators.method.scoring import pillar_cell_text, pillar_scores
    from indicators.render import map_values

    obs = _flagged(cat)
    why = reasons(obs, cat).set_axis(obs["economy"])
    assert why["XKX"] == LOW_RELIABILITY and (why.drop("XKX") == "ok").all()
    # gap: the best is ALB's 80, not XKX's flagged 100; XKX gets no gap itself, and says why
    srb = gap_table(obs, cat, "SRB").set_index("indicator_id").loc["idx_tech_2024"]
    assert srb["best_economies"] == ["ALB"] and srb["best_score"] == 80.0 and srb["gap_to_best"] == 20.0
    xkx = gap_table(obs, cat, "XKX").set_index("indicator_id").loc["idx_tech_2024"]
    assert xkx["score"] == 100.0 and pd.isna(xkx["gap_to_best"])
    assert xkx["priority"] == "Not compared: low reliability (flag u)"
    # compare: never the best mark, the heatmap cell says u
    long = compare.comparison_long(obs, cat, ["XKX", "ALB", "SRB"])
    marks = compare.best_and_worst(long).set_index("indicator_id").loc["idx_tech_2024"]
    assert list(marks["best"]) == ["ALB"]
    cell = long.set_index(["indicator_id", "economy"]).loc[("idx_tech_2024", "XKX")]
    assert cell["note"] == "low reliability (flag u)" and cell["comparable"] == LOW_RELIABILITY
    # one-indicator map: shown with the flag, not ranked; the others rank 1st-4th of 4
    ranks = indicator_ranks(obs, cat)
    assert pd.isna(ranks.loc["XKX", "rank"]) and ranks.loc["ALB", "rank_text"] == "rank 1st of 4"
    values = map_values.indicator_map_values(obs, cat, "idx_tech_2024").set_index("economy")
    assert values.loc["XKX", "rank_note"] == "low reliability (flag u): shown, not ranked"
    assert values.loc["BIH", "value_text"].endswith("rank 4th of 4")
    # pillar score: the flagged value is left out like a missing one, so XKX's Technical is not scored
    tech = pillar_scores(obs, cat).set_index(["economy", "pillar"]).loc[("XKX", "technical")]
    assert pd.isna(tech["score"]) and tech["n"] == 0 and tech["not_compared"] == 1
    assert pillar_cell_text(tech).endswith("; 1 value not compared: low reliability (flag u))")


def test_a_pillar_scores_only_its_comparable_values(cat):
    """Kosovo*-like Inclusion: one recent value and two values too old for their indicators; the old ones are
    left out, the coverage rule (2 of 3) fails, the pillar is not scored or ranked."""
    from indicators.method.scoring import pillar_scores

    rows = []
    for eco in ("ALB", "SRB", "MNE", "MKD"):
        rows += [
            {"economy": eco, "indicator_id": "idx_legal_a", "value": 10.0, "period": 2024},
            {"economy": eco, "indicator_id": "idx_legal_b", "value": 50.0, "period": 2024},
        ]
    rows += [
        {"economy": "XKX", "indicator_id": "idx_legal_a", "value": 20.0, "period": 2020},
        {"economy": "XKX", "indicator_id": "idx_legal_b", "value": 100.0, "period": 2020},
        {"economy": "XKX", "indicator_id": "idx_legal_c", "value_text": "high", "period": 2024},
    ]
    legal = pillar_scores(scored(cat, rows), cat).query("pillar == 'legal'").set_index("economy")
    assert (legal.loc["XKX", "n"], legal.loc["XKX", "not_compared"]) == (1, 2)
    assert pd.isna(legal.loc["XKX", "score"]) and pd.isna(legal.loc["XKX", "rank"])
    assert legal.loc["XKX", "not_compared_ids"] == "idx_legal_a;idx_legal_b"
    assert set(legal["rank"].dropna()) == {1}  # the four others tie


def test_bundled_kosovo_does_not_rank_on_inclusion_with_2020_data(bundled_obs, catalog):
    from indicators.method.comparability import MAX_PERIOD_GAP
    from indicators.method.scoring import latest_observations, pillar_inputs, pillar_scores

    scores = pillar_scores(bundled_obs, catalog).set_index(["economy", "pillar"])
    xkx = scores.loc[("XKX", "inclusion")]
    assert pd.isna(xkx["rank"]) and xkx["not_compared"] >= 1 and "data from 2020" in xkx["not_compared_why"]
    # no pillar score anywhere uses a value older than the time rule allows against its indicator's newest
    inputs = pillar_inputs(bundled_obs, catalog)
    latest = latest_observations(bundled_obs, list(inputs["indicator_id"].unique()), None)
    newest = latest[latest["score"].notna()].groupby("indicator_id")["period"].max()
    assert (inputs["period"] >= inputs["indicator_id"].map(newest) - MAX_PERIOD_GAP).all()
    assert not ((inputs["economy"] == "XKX") & (inputs["pillar"] == "inclusion") & (inputs["period"] == 2020)).any()
    # a pillar left without a comparable value says why (radar axes, profile and slides), never "no data"
    why = compare.with_missing_reasons(pillar_scores(bundled_obs, catalog), bundled_obs, catalog)
    why = why.set_index(["economy", "pillar"])["missing_reason"]
    assert why[("XKX", "capacity")] == "not covered by the ITU GCI; data from 2020 not compared"
    assert why[("XKX", "technical")] == "not covered by the ITU GCI"
