"""Survey estimates: weighted shares and intervals against hand-computed values, suppression, gaps,
the two query paths (aggregated cells and respondent Parquet) agreeing, exports and figures."""

from __future__ import annotations

import math

import duckdb
import pandas as pd
import pytest

from indicators.model.economies import KOSOVO_FOOTNOTE
from indicators.render import hygiene_figures as hf
from indicators.topics.hygiene import queries as hq
from indicators.topics.hygiene import stats as hs
from indicators.topics.hygiene import tables as ht


# ---------------------------------------------------------------- hand-computed reference example
def test_weighted_share_and_wilson_interval_by_hand():
    # Four respondents, weights 1, 2, 3, 4; the first and third answered yes.
    share = hs.weighted_share([True, False, True, False], [1, 2, 3, 4], min_n=1)
    # p = (1 + 3) / (1 + 2 + 3 + 4) = 0.4
    assert share["share"] == pytest.approx(40.0)
    # Kish: n_eff = (sum w)^2 / sum w^2 = 100 / (1 + 4 + 9 + 16) = 3.3333
    assert share["n_eff"] == pytest.approx(100 / 30)
    # Wilson with z = 1.96 and n = 10/3:  z^2/n = 1.15244, centre = (0.4 + 0.57622) / 2.15244 = 0.45354,
    # half = 1.96 * sqrt(0.4*0.6/3.3333 + 3.84146/44.4444) / 2.15244 = 1.96 * 0.39804 / 2.15244 = 0.36244
    assert share["ci_low"] == pytest.approx(100 * (0.45354 - 0.36244), abs=0.01)  # 9.11
    assert share["ci_high"] == pytest.approx(100 * (0.45354 + 0.36244), abs=0.01)  # 81.60
    assert share["n"] == 4 and share["status"] == "observed"


def test_unweighted_wilson_matches_textbook_value():
    # 50 of 100 with equal weights: Wilson 95% interval 40.38% to 59.62% (textbook value).
    share = hs.weighted_share([True] * 50 + [False] * 50, [2.5] * 100)
    assert share["n_eff"] == pytest.approx(100)
    assert (round(share["ci_low"], 2), round(share["ci_high"], 2)) == (40.38, 59.62)


def test_unanswered_items_are_left_out_and_no_answer_is_no_data():
    share = hs.weighted_share([True, None, False, None], [1, 5, 1, 5], min_n=1)
    assert share["n"] == 2 and share["share"] == pytest.approx(50.0)
    assert hs.weighted_share([None, None], [1, 1])["status"] == "no_data"


def test_suppression_below_min_n_gives_no_number():
    small = hs.weighted_share([True] * 10 + [False] * 19, [1.0] * 29, min_n=30)
    assert small["status"] == "suppressed" and small["share"] is None and small["ci_low"] is None
    enough = hs.weighted_share([True] * 10 + [False] * 20, [1.0] * 30, min_n=30)
    assert enough["status"] == "observed" and enough["share"] == pytest.approx(100 / 3)
    assert ht.fmt_share(None, "suppressed") == "suppressed"
    assert ht.fmt_share(float("nan"), "observed") == "no data"
    assert ht.fmt_share(41.27, "observed", 1) == "41.3 %"  # every value with its scale, as indicators.text.formatting
    assert ht.fmt_interval(40.38, 59.62, "observed") == "40.4–59.6 %"
    assert ht.fmt_gap(None, "suppressed") == "suppressed"


def test_newcombe_difference_by_hand():
    d, lo, hi = hs.newcombe_difference(0.6, 0.5, 0.7, 0.4, 0.3, 0.5)
    assert d == pytest.approx(0.2)
    assert lo == pytest.approx(0.2 - math.sqrt(0.1**2 + 0.1**2))
    assert hi == pytest.approx(0.2 + math.sqrt(0.1**2 + 0.1**2))


# ---------------------------------------------------------------- SQL against the reference
def respondents() -> pd.DataFrame:
    """A small survey made in code: ALB with 40 women and 40 men, SRB with 29 women (suppressed) and 35 men."""
    rows = []
    for eco, sex, n in (("ALB", "female", 40), ("ALB", "male", 40), ("SRB", "female", 29), ("SRB", "male", 35)):
        for i in range(n):
            rows.append(
                {
                    "dataset": "t",
                    "respondent_id": f"{eco}{sex}{i}",
                    "economy": eco,
                    "year": 2025,
                    "weight": 0.5 + (i % 4) * 0.5,
                    "sex": sex,
                    "age_band": "16-24" if i % 3 == 0 else "65-74",
                    "area": "urban" if i % 2 else "rural",
                    "vg_disability": i % 5 == 0,
                    "q_a": None if i == 7 else (i % 3 != 1 if sex == "female" else i % 2 == 0),
                    "q_b": i % 4 == 0,
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture
def survey(tmp_path):
    df = respondents()
    con = duckdb.connect()
    con.register("resp_df", df)
    con.execute("CREATE TABLE resp AS SELECT * FROM resp_df")
    path = tmp_path / "resp.parquet"
    con.execute(f"COPY resp TO '{path}' (FORMAT parquet)")
    hq.build_cells(con, "resp", [], ["q_a", "q_b"], ["vg_disability"])
    con.execute(f"COPY survey_cells TO '{tmp_path / 'cells.parquet'}' (FORMAT parquet)")
    yield df, hs.duckdb_query(con), hq.ParquetSource(str(path), ("q_a", "q_b"))
    con.close()


def reference(df, question, min_n=30, **where):
    sel = df
    for k, v in where.items():
        sel = sel[sel[k] == v]
    answers = [None if pd.isna(a) else bool(a) for a in sel[question]]
    return hs.weighted_share(answers, list(sel["weight"]), min_n=min_n)


@pytest.mark.parametrize("use_parquet", [False, True])
def test_sql_shares_equal_the_reference(survey, use_parquet):
    df, query, pq = survey
    est = hq.shares(query, dataset="t", year=2025, dims=("all",), by_sex=True, source=pq if use_parquet else None)
    est = est.set_index(["economy", "sex", "question"])
    for eco in ("ALB", "SRB"):
        for sex in ("female", "male"):
            for q in ("q_a", "q_b"):
                ref = reference(df, q, economy=eco, sex=sex)
                row = est.loc[(eco, sex, q)]
                assert row["n"] == ref["n"] and row["status"] == ref["status"]
                if ref["status"] == "observed":
                    for col in ("share", "ci_low", "ci_high", "n_eff"):
                        assert row[col] == pytest.approx(ref[col]), (eco, sex, q, col)
                else:
                    assert pd.isna(row["share"]) and pd.isna(row["ci_low"]) and pd.isna(row["ci_high"])
    # SRB women: 29 respondents -> suppressed; the item non-response of respondent 7 is left out for q_a
    assert est.loc[("SRB", "female", "q_b"), "status"] == "suppressed"
    assert est.loc[("ALB", "female", "q_a"), "n"] == 39 and est.loc[("ALB", "female", "q_b"), "n"] == 40


def test_totals_sum_over_sexes_and_min_n_is_configurable(survey):
    df, query, _pq = survey
    est = hq.shares(query, dataset="t", year=2025).set_index(["economy", "question"])
    ref = reference(df, "q_b", economy="SRB")
    assert est.loc[("SRB", "q_b"), "n"] == 64
    assert est.loc[("SRB", "q_b"), "share"] == pytest.approx(ref["share"])
    strict = hq.shares(query, dataset="t", year=2025, min_n=70).set_index(["economy", "question"])
    assert strict.loc[("SRB", "q_b"), "status"] == "suppressed" and pd.isna(strict.loc[("SRB", "q_b"), "share"])
    assert strict.loc[("ALB", "q_b"), "status"] == "observed"


def test_breakdowns_by_age_band_and_group_agree_between_paths(survey):
    df, query, pq = survey
    cells = hq.CellsParquet(str(pq.path).replace("resp.parquet", "cells.parquet"))
    for dims in (("age_band",), ("vg_disability",), ("area",), ("age_band", "vg_disability")):
        a = hq.shares(query, dataset="t", year=2025, dims=dims, min_n=5)
        b = hq.shares(query, dataset="t", year=2025, dims=dims, min_n=5, source=pq)
        c = hq.shares(query, dataset="t", year=2025, dims=dims, min_n=5, source=cells)
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False)
        pd.testing.assert_frame_equal(a.reset_index(drop=True), c.reset_index(drop=True), check_dtype=False)
    age = hq.shares(
        query, dataset="t", year=2025, dims=("age_band",), economies=["ALB"], questions=["q_b"], min_n=5
    ).set_index("value")
    ref = reference(df, "q_b", min_n=5, economy="ALB", age_band="65-74")
    assert age.loc["65-74", "share"] == pytest.approx(ref["share"])


def test_gender_gap_uses_newcombe_on_the_two_wilson_intervals(survey):
    df, query, pq = survey
    gaps = hq.gender_gap(query, dataset="t", year=2025).set_index(["economy", "question"])
    f, m = reference(df, "q_a", economy="ALB", sex="female"), reference(df, "q_a", economy="ALB", sex="male")
    d, lo, hi = hs.newcombe_difference(f["share"], f["ci_low"], f["ci_high"], m["share"], m["ci_low"], m["ci_high"])
    row = gaps.loc[("ALB", "q_a")]
    assert (row["gap"], row["gap_low"], row["gap_high"]) == (pytest.approx(d), pytest.approx(lo), pytest.approx(hi))
    assert row["share_female"] == pytest.approx(f["share"]) and row["n_male"] == 39  # respondent 7 skipped q_a
    # One side suppressed (SRB women: 29) -> the gap is suppressed, never a number.
    srb = gaps.loc[("SRB", "q_b")]
    assert srb["status"] == "suppressed" and pd.isna(srb["gap"]) and pd.isna(srb["gap_low"])
    assert srb["share_male"] == pytest.approx(reference(df, "q_b", economy="SRB", sex="male")["share"])
    direct = hq.gender_gap(query, dataset="t", year=2025, source=pq).set_index(["economy", "question"])
    assert direct.loc[("ALB", "q_a"), "gap"] == pytest.approx(d)


def test_group_gap_members_against_the_rest(survey):
    df, query, _pq = survey
    gg = hq.group_gap(query, dataset="t", year=2025, groups=["vg_disability"], min_n=5).set_index(
        ["economy", "question"]
    )
    members = reference(df, "q_b", min_n=5, economy="ALB", vg_disability=True)
    rest = reference(df, "q_b", min_n=5, economy="ALB", vg_disability=False)
    row = gg.loc[("ALB", "q_b")]
    assert row["n_group"] == members["n"] == 16 and row["n_rest"] == rest["n"] == 64
    assert row["gap"] == pytest.approx(members["share"] - rest["share"])
    women = hq.group_gap(query, dataset="t", year=2025, groups=["vg_disability"], sexes=["female"], min_n=5)
    assert int(women.set_index(["economy", "question"]).loc[("ALB", "q_b"), "n_group"]) == 8


def test_missing_breakdown_has_no_row_not_zero(survey):
    _df, query, _pq = survey
    est = hq.shares(query, dataset="t", year=2025, dims=("age_band",), min_n=1)
    assert set(est["value"]) == {"16-24", "65-74"}  # no respondent in 25-34: no row, never 0
    assert hq.shares(query, dataset="t", year=1999).empty


# ---------------------------------------------------------------- exports and text alternatives
META = {
    "dataset": "demo",
    "confidence": "synthetic",
    "source_id": "demo.s01",
    "source_title": "Demo survey",
    "min_n": 30,
}


def test_export_frame_carries_names_status_provenance_and_badge(survey):
    _df, query, _pq = survey
    est = hq.shares(query, dataset="t", year=2025, by_sex=True)
    est.loc[est["economy"] == "SRB", "economy"] = "XKX"
    out = ht.export_frame(est, {"q_a": "Question A"}, META)
    xkx = out[out["economy"] == "XKX"]
    assert set(xkx["economy_name"]) == {"Kosovo*"} and set(xkx["footnote"]) == {KOSOVO_FOOTNOTE}
    assert set(out.loc[out["economy"] == "ALB", "footnote"]) == {""}
    assert set(out["confidence"]) == {"synthetic"} and set(out["note"]) == {hs.DEMO_NOTE}
    sup = out[out["status"] == "suppressed"]
    assert len(sup) == 2 and sup["share"].isna().all() and sup["ci_low"].isna().all()
    assert "suppressed" in sup.to_csv(index=False)
    assert set(out["question_label"]) == {"Question A", "q_b"}
    real = ht.export_frame(est, {}, {**META, "confidence": "verified"})
    assert set(real["note"]) == {""}


def test_text_summaries(survey):
    _df, query, _pq = survey
    est = hq.shares(query, dataset="t", year=2025, by_sex=False, sexes=["female"])
    text = ht.text_summary_practices(est, {"q_b": "Question B"}, "q_b")
    assert text.startswith("Question B: Albania ") and "Serbia suppressed" in text
    gaps = hq.gender_gap(query, dataset="t", year=2025, questions=["q_b"])
    summary = ht.text_summary_gaps(gaps, {})
    assert "Serbia: suppressed" in summary and "Albania: " in summary and " pp (" in summary


# ---------------------------------------------------------------- figures (pure, values asserted)
def test_practices_heatmap_shows_suppressed_and_no_data_as_text_never_zero(survey):
    _df, query, _pq = survey
    est = hq.shares(query, dataset="t", year=2025, sexes=["female"])
    fig = hf.practices_heatmap(est, {"q_a": "A", "q_b": "B"}, ["q_a", "q_b", "q_missing"])
    heat = fig.data[1]
    assert list(heat.x) == ["Albania", "Serbia"] and list(heat.y) == ["A", "B", "q_missing"]
    alb_b = est.set_index(["economy", "question"]).loc[("ALB", "q_b"), "share"]
    assert heat.z[1][0] == round(alb_b, 1)
    assert heat.z[1][1] is None and heat.text[1][1] == "suppressed"  # SRB women: 29 respondents
    assert list(heat.z[2]) == [None, None] and list(heat.text[2]) == ["no data", "no data"]


def test_gap_forest_points_intervals_and_suppressed_labels(survey):
    _df, query, _pq = survey
    gaps = hq.gender_gap(query, dataset="t", year=2025, questions=["q_b"])
    fig = hf.gap_forest(gaps, lambda e: {"ALB": "Albania", "SRB": "Serbia"}[e], "economy", "Women minus men")
    pts = fig.data[0]
    alb = gaps.set_index("economy").loc["ALB"]
    assert list(pts.y) == ["Albania"] and pts.x[0] == pytest.approx(alb["gap"])
    assert pts.error_x.array[0] == pytest.approx(alb["gap_high"] - alb["gap"])
    assert pts.error_x.arrayminus[0] == pytest.approx(alb["gap"] - alb["gap_low"])
    assert any(a.text.strip() == "suppressed" and a.y == "Serbia" for a in fig.layout.annotations)
    assert fig.layout.xaxis.range[0] == -fig.layout.xaxis.range[1]
    assert any(s["x0"] == 0 for s in fig.to_dict()["layout"]["shapes"])  # the zero line


def test_age_profile_leaves_suppressed_bands_as_gaps(survey):
    _df, query, _pq = survey
    est = hq.shares(
        query,
        dataset="t",
        year=2025,
        dims=("age_band",),
        by_sex=True,
        economies=["SRB"],
        questions=["q_b"],
        sexes=["female", "male"],
        min_n=12,
    )
    fig = hf.age_profile(est, ["16-24", "25-34", "65-74"], "B", by_sex=True)
    women, men = fig.data
    assert women.name == "Women" and men.name == "Men"
    # SRB women 16-24: 10 respondents -> suppressed; 25-34: nobody -> no data; both gaps, never 0
    assert women.y[0] is None and women.y[1] is None and men.y[1] is None
    texts = {a.text for a in fig.layout.annotations}
    assert "Women: suppressed" in texts and "Women: no data" in texts
    men_65 = est[(est["sex"] == "male") & (est["value"] == "65-74")].iloc[0]
    assert men.y[2] == pytest.approx(men_65["share"])


def test_group_dots_and_share_dots_values(survey):
    _df, query, _pq = survey
    gg = hq.group_gap(
        query, dataset="t", year=2025, groups=["vg_disability"], economies=["ALB"], questions=["q_b"], min_n=5
    )
    fig = hf.group_dots(gg, {"vg_disability": "Persons with disabilities"}, "B")
    assert fig.data[0].x[0] == pytest.approx(gg.iloc[0]["share_group"])
    assert fig.data[1].x[0] == pytest.approx(gg.iloc[0]["share_rest"])
    assert list(fig.data[0].y) == ["Persons with disabilities"]
    est = hq.shares(query, dataset="t", year=2025, sexes=["female"])
    dots = hf.share_dots(est, "q_b", "B")
    assert list(dots.data[0].y) == ["Albania"]  # Serbia is suppressed: a label, not a point
    assert any("suppressed" in a.text for a in dots.layout.annotations)


def test_reference_bars_mark_secondary_and_regional_values():
    rows = pd.DataFrame(
        [
            {"label": "Albania", "value": 41.0, "confidence": "verified", "kind": "economy"},
            {
                "label": "UN Women study average (13 economies)",
                "value": 53.2,
                "confidence": "verified",
                "kind": "reference",
            },
            {"label": "Kosovo*", "value": 29.0, "confidence": "secondary", "kind": "economy"},
        ]
    )
    bar = hf.reference_bars(rows, "% of women").data[0]
    assert list(bar.x) == [41.0, 53.2, 29.0] and list(bar.text) == ["41 %", "53.2 %", "29 %"]
    assert list(bar.marker.pattern.shape) == ["", "", "/"]
    assert bar.marker.color[1] == "#9E9E9E"


def test_demo_mark_writes_the_badge_on_the_chart(survey):
    _df, query, _pq = survey
    fig = hf.mark_demo(hf.share_dots(hq.shares(query, dataset="t", year=2025), "q_b", "B"))
    assert any(a.text.endswith("Demonstration data (synthetic)") for a in fig.layout.annotations)
