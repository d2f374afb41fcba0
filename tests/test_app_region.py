"""AppTest of the regional pages (overview, compare, trends) on the bundled data, including malformed
URL parameters: a short message and the default view, never an exception."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs

import pytest

from indicators.model.economies import KOSOVO_FOOTNOTE
from tests.apptest_helpers import all_text, plotly_figures, run_page


def deck(at) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def features(spec: dict) -> dict:
    layer = next(layer for layer in spec["layers"] if layer["id"] == "economies")
    return {f["properties"]["code"]: f["properties"] for f in layer["data"]["features"]}


def qp(at) -> dict:
    return {k: (v if isinstance(v, str) else list(v)) for k, v in at.query_params.items()}


def links(at) -> dict[str, dict]:
    return {el.proto.label: parse_qs(el.proto.query_string) for el in at.get("page_link")}


# --- overview ------------------------------------------------------------------------------------


def test_overview_default_is_the_legal_pillar_map(bundled_data_dir):
    at = run_page(bundled_data_dir, "overview")
    assert not at.exception
    assert at.title[0].value == "Regional overview"
    spec = deck(at)
    assert spec["mapStyle"] == "__MAP_STYLE__"
    feats = features(spec)
    assert sorted(feats) == ["ALB", "BIH", "MKD", "MNE", "SRB", "XKX"]
    assert feats["XKX"]["name"] == "Kosovo*"
    # Kosovo* has no graded legal index value (the ITU GCI does not cover it): no score, listed last
    assert feats["XKX"]["status"] != "observed" and feats["XKX"]["score"] is None
    assert all(p["status"] == "observed" for c, p in feats.items() if c != "XKX")
    ranking = plotly_figures(at)[0]["data"][0]
    assert len(ranking["y"]) == 6 and ranking["y"][-1] == "Kosovo*" and ranking["x"][-1] is None
    assert ranking["x"][:5] == sorted(ranking["x"][:5], reverse=True)
    assert all(re.search(r"\(\d+/\d+", t) for t in ranking["text"][:5])  # every bar says n/m
    text = all_text(at)
    assert "Text summary: Legal pillar score:" in text and KOSOVO_FOOTNOTE in text
    assert "Sources:" in text
    assert qp(at) == {"by": "pillar", "pillar": "legal"}
    table = at.dataframe[0].value
    assert table.shape[0] == 6 and {"Coverage", "Rank", "Rank band"} <= set(table.columns)
    assert "Status lens: Legal facts" in text


def test_overview_technical_does_not_rank_kosovo_first(bundled_data_dir):
    at = run_page(bundled_data_dir, "overview", {"by": "pillar", "pillar": "technical"})
    assert not at.exception
    ranking = plotly_figures(at)[0]["data"][0]
    assert ranking["y"][0] != "Kosovo*"
    kosovo = ranking["y"].index("Kosovo*")
    assert ranking["x"][kosovo] is None  # a CSIRT fact alone gives no index-lens score
    table = at.dataframe[0].value.set_index("Economy")
    # not ranked: an empty cell (the grid would write a missing text cell as "None"; issue 23)
    assert table.loc["Kosovo*", "Rank"] == "" and table.loc["Kosovo*", "Rank band"] == ""
    assert table.loc["Serbia", "Rank"] == f"1st of {(table['Rank'] != '').sum()}" and table.loc[
        "Serbia", "Coverage"
    ].endswith(f"of {table.loc['Serbia', 'Coverage'].split(' of ')[1]}")
    status = at.dataframe[1].value.set_index("Fact")
    assert status.loc["National CSIRT", "Kosovo*"].startswith("● National CSIRT")


def test_overview_indicator_map_marks_kosovo_not_covered(bundled_data_dir):
    at = run_page(bundled_data_dir, "overview", {"by": "indicator", "indicator": "gci_2024_overall"})
    assert not at.exception
    feats = features(deck(at))
    assert feats["XKX"]["status"] == "not_covered" and feats["XKX"]["fill_color"] == [250, 250, 250, 255]
    assert feats["SRB"]["status"] == "observed" and "96.82" in feats["SRB"]["value_text"]
    hatch = next(layer for layer in deck(at)["layers"] if layer["id"] == "not_covered_hatch")
    assert {p["code"] for p in hatch["data"]} == {"XKX"}
    ranking = plotly_figures(at)[0]
    assert ranking["data"][0]["y"][-1] == "Kosovo*" and ranking["data"][0]["x"][-1] is None
    assert [a["text"] for a in ranking["layout"]["annotations"]] == ["<i>not covered</i>"]
    assert qp(at)["indicator"] == "gci_2024_overall" and qp(at)["by"] == "indicator"
    # links to the profiles carry the economy (and the shared selections)
    profile_links = links(at)
    assert profile_links["Profile of Kosovo*"]["economy"] == ["XKX"] and profile_links["Profile of Kosovo*"][
        "indicator"
    ] == ["gci_2024_overall"]


def test_overview_indicator_period(bundled_data_dir):
    at = run_page(bundled_data_dir, "overview", {"indicator": "ncsi_score", "period": "2023"})
    assert not at.exception and not at.info
    feats = features(deck(at))
    assert feats["ALB"]["status"] == "observed" and feats["ALB"]["period_text"] == "2023"
    assert feats["SRB"]["status"] == "no_data"  # no NCSI value for Serbia by 2023: no data, not zero
    assert qp(at)["period"] == "2023" and qp(at)["by"] == "indicator"


def test_overview_pillar_as_of_2020(bundled_data_dir):
    at = run_page(bundled_data_dir, "overview", {"pillar": "technical", "period": "2020"})
    assert not at.exception
    text = all_text(at)
    assert "Technical pillar score (as of 2020)" in text


@pytest.mark.parametrize(
    "params, message",
    [
        ({"pillar": "zzz"}, "Unknown pillar"),
        ({"by": "<b>map</b>"}, "Unknown view"),
        ({"by": "indicator", "indicator": "x" * 5000}, "Unknown indicator"),
        ({"pillar": "legal", "period": "1999"}, "Unknown period"),
        ({"indicator": "gci_2024_overall", "period": "20x4"}, "Unknown period"),
    ],
)
def test_overview_bad_parameters(bundled_data_dir, params, message):
    at = run_page(bundled_data_dir, "overview", params)
    assert not at.exception
    assert at.title[0].value == "Regional overview"
    assert any(message in i.value for i in at.info)
    assert all(len(i.value) < 300 for i in at.info)
    assert len(at.get("deck_gl_json_chart")) == 1


# --- compare -------------------------------------------------------------------------------------


def test_compare_two_economies(bundled_data_dir):
    at = run_page(bundled_data_dir, "compare", {"economies": "ALB,SRB"})
    assert not at.exception
    assert at.title[0].value == "Compare economies"
    radar, heat = plotly_figures(at)
    assert [t["name"] for t in radar["data"]] == [
        "WB6 average (average of 4-6)",
        "Albania",
        "Serbia",
    ]  # Kosovo* scored on 2
    assert [t["name"] for t in heat["data"]] == ["missing", "score (dark cells)", "score (light cells)"]
    assert heat["data"][0]["x"] == ["Albania", "Serbia"]
    table = at.dataframe[2].value
    assert list(table.columns) == ["Indicator", "Pillar", "Albania", "Serbia"]
    row = table.set_index("Indicator").loc["ITU GCI 2024: overall score"]
    assert row["Albania"] == "86.51 ▼" and row["Serbia"] == "96.82 ▲"
    assert qp(at) == {"economies": "ALB,SRB"}
    assert KOSOVO_FOOTNOTE in all_text(at)  # in the footer on every page
    assert list(at.dataframe[1].value.columns) == ["Fact", "Albania", "Serbia"]  # the status lens
    assert links(at)["Regional overview"]["economies"] == ["ALB,SRB"]


def test_compare_with_kosovo_shows_not_covered_cells(bundled_data_dir):
    at = run_page(bundled_data_dir, "compare", {"economies": "xk,MKD", "period": "2020"})
    assert not at.exception
    heat = plotly_figures(at)[1]
    missing = heat["data"][0]
    assert missing["x"] == ["Kosovo*", "North Macedonia"]
    row = missing["y"].index("ITU GCI 2020: overall score")
    assert missing["text"][row] == ["not covered", ""]
    assert qp(at) == {"economies": "XKX,MKD", "period": "2020"}
    captions = [c.value for c in at.caption]
    assert any(c.startswith("*This designation") for c in captions)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"economies": "ALB"}, "Choose at least 2"),
        ({"economies": "ZZZ,<script>"}, "Ignored unknown economy code"),
        ({"economies": ["ALB", "ALB", "ALB"]}, "Choose at least 2"),
        ({"period": "1999"}, "Unknown period"),
    ],
)
def test_compare_bad_parameters(bundled_data_dir, params, message):
    at = run_page(bundled_data_dir, "compare", params)
    assert not at.exception
    assert any(message in i.value for i in at.info)
    assert len(plotly_figures(at)) == 2  # default view: all six economies


def test_compare_shows_no_score_below_the_coverage_rule(bundled_data_dir, bundled_obs):
    import re

    from indicators.method.scoring import pillar_scores
    from indicators.model.catalog import load_catalog

    at = run_page(bundled_data_dir, "compare", {"period": "2020"})
    assert not at.exception
    ptable = at.dataframe[0].value.set_index("Pillar")
    cat = load_catalog()
    scores = pillar_scores(bundled_obs, cat, 2020)
    for col in ptable.columns:
        if col == "WB6 average":
            assert all(
                re.match(r"^(\d+\.\d \(average of \d\)|none \(only \d with data; needs 4\))$", v) for v in ptable[col]
            )
            continue
        for v in ptable[col]:
            m = re.match(r"^(\d+\.\d) \((\d+) of (\d+)[;)]", v)  # '; single source: ...' may follow (issue 19)
            if m:  # a number is shown only with its coverage, and only when the rule holds
                assert cat.coverage_rule.met(int(m.group(2)), int(m.group(3)))
            else:
                assert v.startswith(("insufficient data (", "no data (", "not covered by the "))
    xkx = scores[scores["economy"] == "XKX"].set_index("pillar")
    gci_only = ["legal", "technical", "organisational", "cooperation"]  # graded only by the ITU GCI
    assert xkx.loc[gci_only, "score"].isna().all()  # facts alone never give Kosovo* a score
    # the ITU GCI does not cover Kosovo*: said as such (issue 20; this asserted "no data" before)
    assert ptable.loc["Technical", "Kosovo*"] == "not covered by the ITU GCI (0 of 1)"
    radar = plotly_figures(at)[0]
    kosovo = next(t for t in radar["data"] if t["name"] == "Kosovo*")
    shown = {theta.split("<br>")[0]: r for theta, r in zip(kosovo["theta"], kosovo["r"])}
    assert all(shown[cat.pillar_name(p)] is None for p in gci_only)


# --- trends --------------------------------------------------------------------------------------


def test_trends_gci_breaks_and_kosovo(bundled_data_dir):
    at = run_page(bundled_data_dir, "trends")
    assert not at.exception
    figs = plotly_figures(at)
    assert len(figs) == 6
    by_title = {f["layout"]["title"]["text"]: f for f in figs}
    alb = by_title["<b>Albania</b>"]
    assert len(alb["data"]) == 5 and all(len(t["x"]) == 1 for t in alb["data"])
    assert [s["x0"] for s in alb["layout"]["shapes"]] == [2015.5, 2017.5, 2019.0, 2022.0]
    xkx = by_title["<b>Kosovo*</b>"]
    assert xkx["data"] == [] and any("not covered by the ITU GCI" in a["text"] for a in xkx["layout"]["annotations"])
    assert "Kosovo*: not covered by the ITU GCI." in all_text(at).replace("\\", "")  # markdown-escaped
    table = at.dataframe[0].value.set_index("Economy")
    assert table.loc["Serbia", "GCI 2018 (0-1)"] == "0.643 / 1 (64.3 / 100)"  # each value with its scale
    assert qp(at)["index"] == "gci"


def test_trends_ncsi_for_two_economies(bundled_data_dir):
    at = run_page(bundled_data_dir, "trends", {"index": "ncsi", "economies": "BIH,XKX"})
    assert not at.exception
    figs = plotly_figures(at)
    assert len(figs) == 2
    bih = figs[0]
    assert [(t["name"], t["x"]) for t in bih["data"]] == [
        ("NCSI legacy (2016-2023)", [2018]),
        ("NCSI current (2023-)", [2026]),
    ]
    assert [s["x0"] for s in bih["layout"]["shapes"]] == [2023.0]
    assert qp(at) == {"index": "ncsi", "economies": "BIH,XKX"}


@pytest.mark.parametrize(
    "params, message",
    [
        ({"index": "gdp"}, "Unknown index"),
        ({"economies": "QQQ"}, "Ignored unknown economy code"),
    ],
)
def test_trends_bad_parameters(bundled_data_dir, params, message):
    at = run_page(bundled_data_dir, "trends", params)
    assert not at.exception
    assert any(message in i.value for i in at.info)
    assert len(plotly_figures(at)) == 6


def test_overview_demonstration_data_carries_the_badge(bundled_data_dir, bundled_obs):
    synthetic = bundled_obs[
        (bundled_obs["confidence"] == "synthetic") & bundled_obs["score"].notna() & (bundled_obs["group"] == "all")
    ]
    if not len(synthetic):
        pytest.skip("no demonstration data in the bundled raw data")
    indicator = sorted(synthetic["indicator_id"])[0]
    at = run_page(bundled_data_dir, "overview", {"by": "indicator", "indicator": indicator})
    assert not at.exception
    assert "Demonstration data" in all_text(at)
    legal = run_page(bundled_data_dir, "overview", {"pillar": "legal"})
    assert "Demonstration data" not in all_text(legal)  # real scores only: no badge
