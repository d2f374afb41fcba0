"""The regional map and its ranking: geometry helpers, values per economy, the pydeck layers with the
fill colour of every economy, the legend and the ranking bars (missing is never a 0 bar)."""

from __future__ import annotations

import gc
import json
import math

import pandas as pd
import pytest

from indicators.model.economies import ECONOMY_CODES, KOSOVO_FOOTNOTE, display_name
from indicators.model.vocabulary import RAW_OBSERVATION_COLUMNS
from indicators.render import map_geometry, map_ranking, map_values, maps
from tests.fixture_catalog import make_catalog

OBS_COLUMNS = [*(c for c in RAW_OBSERVATION_COLUMNS[:12] if c != "note"), "score", "source_title", "source_url"]


def make_obs(rows: list[dict]) -> pd.DataFrame:
    """Observations as the warehouse returns them (only the columns the library reads)."""
    base = {
        "period": 2024,
        "value": float("nan"),
        "value_text": None,
        "sex": "total",
        "group": "all",
        "status": "observed",
        "confidence": "verified",
        "source_id": "t.s1",
        "preferred": True,
        "score": float("nan"),
        "source_title": "Test source",
        "source_url": "https://example.org/s1",
    }
    return pd.DataFrame([{**base, **r} for r in rows], columns=OBS_COLUMNS)


@pytest.fixture
def fcat(tmp_path):
    """The small fixture catalog: legal has three index indicators (idx_legal_a/b/c) and one status fact."""
    return make_catalog(tmp_path)


@pytest.fixture
def legal_obs():
    return make_obs(
        [
            dict(economy="ALB", indicator_id="idx_legal_a", value=18.0, score=90.0),
            dict(
                economy="ALB",
                indicator_id="idx_legal_b",
                value=100.0,
                score=100.0,
                period=2022,  # within the time rule (3 years) of the 2024 values,
                source_id="t.s2",
                source_title="CoE treaty office",
                confidence="secondary",
            ),
            dict(
                economy="ALB", indicator_id="fact_law", value_text="aligned", score=100.0
            ),  # status lens: not averaged
            dict(economy="SRB", indicator_id="idx_legal_a", value=10.0, score=50.0),
            dict(economy="SRB", indicator_id="idx_legal_b", value=50.0, score=50.0),
            dict(economy="MKD", indicator_id="idx_legal_a", value=0.0, score=0.0),  # a true zero
            dict(economy="MKD", indicator_id="idx_legal_b", value=0.0, score=0.0),
            dict(economy="XKX", indicator_id="idx_legal_a", status="not_covered"),
            dict(economy="MNE", indicator_id="idx_legal_c", status="not_assessed", period=2023),
            # BIH: no row at all -> "no data"
        ]
    )


# --- geometry --------------------------------------------------------------------------------

SQUARE = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]


def test_hatch_lines_are_clipped_to_the_polygon():
    segs = map_geometry.hatch_segments([SQUARE], spacing=0.25, angle=0)
    assert [[[round(x, 6) for x in p] for p in s] for s in segs] == [
        [[0.0, 0.25], [1.0, 0.25]],
        [[0.0, 0.5], [1.0, 0.5]],
        [[0.0, 0.75], [1.0, 0.75]],
    ]


def test_hatch_leaves_holes_empty():
    outer = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[1, 1], [1, 3], [3, 3], [3, 1], [1, 1]]
    segs = map_geometry.hatch_segments([outer, hole], spacing=2.0, angle=0)
    assert segs == [[[0.0, 2.0], [1.0, 2.0]], [[3.0, 2.0], [4.0, 2.0]]]


def test_diagonal_hatch_endpoints_lie_on_the_outline():
    segs = map_geometry.hatch_segments([SQUARE], spacing=0.2, angle=45)
    assert len(segs) == 7  # diagonals across a unit square, 0.2 apart
    for seg in segs:
        for x, y in seg:
            on_edge = min(abs(x), abs(x - 1), abs(y), abs(y - 1)) < 1e-4
            assert on_edge and -1e-6 <= x <= 1 + 1e-6 and -1e-6 <= y <= 1 + 1e-6


def test_dashed_ring_alternates_dash_and_gap():
    dashes = map_geometry.dashed_ring(SQUARE, dash=0.5, gap=0.5)
    assert len(dashes) == 4
    lengths = [sum(math.dist(a, b) for a, b in zip(d, d[1:])) for d in dashes]
    assert lengths == pytest.approx([0.5] * 4)
    assert dashes[0] == [[0.0, 0.0], [0.5, 0.0]] and dashes[1] == [[1.0, 0.0], [1.0, 0.5]]


def test_shipped_geometry_has_the_six_economies_and_context():
    geo = map_geometry.load_geojson()
    focus = [f["properties"]["code"] for f in geo["features"] if f["properties"]["role"] == "focus"]
    assert sorted(focus) == sorted(ECONOMY_CODES)
    assert {f["properties"]["name"] for f in geo["features"] if f["properties"]["code"] == "XKX"} == {"Kosovo*"}


# --- colours -----------------------------------------------------------------------------------


def test_viridis_endpoints_and_missing_colours_are_distinct():
    assert map_geometry.scale_rgb(0) == [68, 1, 84]
    assert map_geometry.scale_rgb(100) == [253, 231, 37]
    assert map_geometry.scale_hex(100) == "#fde725"
    low = map_geometry.fill_colour("observed", 0.0)
    assert low == [68, 1, 84, 255]  # a true zero takes the lowest colour ...
    for status in ("not_covered", "not_assessed", "suppressed", "not_applicable", "no_data"):
        assert map_geometry.fill_colour(status, None) != low  # ... a missing value never does
    assert map_geometry.fill_colour("not_covered", None) == map_geometry.MISSING_FILL
    assert map_geometry.fill_colour("no_data", None) == map_geometry.NO_DATA_FILL


# --- values --------------------------------------------------------------------------------------


def test_pillar_values_keep_missing_statuses(legal_obs, fcat):
    v = map_values.pillar_map_values(legal_obs, fcat, "legal").set_index("economy")
    assert list(v.index) == list(ECONOMY_CODES)
    assert v.loc["ALB", "score"] == 95.0 and v.loc["ALB", "status"] == "observed"
    assert "2 of 3 indicators · rank 1st" in v.loc["ALB", "value_text"]
    assert v.loc["ALB", "period_text"] == "2022-2024"
    assert v.loc["ALB", "confidence_text"] == "1 verified, 1 secondary"
    assert v.loc["SRB", "score"] == 50.0
    assert v.loc["MKD", "score"] == 0.0 and v.loc["MKD", "status"] == "observed"
    assert v.loc["XKX", "status"] == "not_covered" and pd.isna(v.loc["XKX", "score"])
    assert v.loc["MNE", "status"] == "not_assessed"
    assert v.loc["BIH", "status"] == "no_data" and v.loc["BIH", "short_text"] == "no data"
    assert v.loc["XKX", "name"] == "Kosovo*"


def test_indicator_values_show_the_original_scale(catalog):
    obs = make_obs(
        [
            dict(economy="ALB", indicator_id="gci_2018_overall", period=2018, value=0.631, score=63.1),
            dict(economy="XKX", indicator_id="gci_2018_overall", period=2018, status="not_covered"),
        ]
    )
    v = map_values.indicator_map_values(obs, catalog, "gci_2018_overall").set_index("economy")
    assert v.loc["ALB", "value_text"] == "0.631 / 1 · normalised 63.1 / 100"
    assert v.loc["ALB", "period_text"] == "2018" and v.loc["ALB", "source_text"] == "Test source"
    assert v.loc["XKX", "status"] == "not_covered" and v.loc["SRB", "status"] == "no_data"
    # as of 2017 there is no 2018 edition yet: everything is "no data", nothing is zero
    early = map_values.indicator_map_values(obs, catalog, "gci_2018_overall", as_of=2017)
    assert set(early["status"]) == {"no_data"} and early["score"].isna().all()


# --- the deck ------------------------------------------------------------------------------------


def _layers(deck) -> dict:
    return {layer["id"]: layer for layer in json.loads(deck.to_json())["layers"]}


def test_deck_layers_and_fill_colour_per_economy(legal_obs, fcat):
    values = map_values.pillar_map_values(legal_obs, fcat, "legal")
    deck = maps.choropleth_deck(values)
    spec = json.loads(deck.to_json())
    assert spec["mapStyle"] == "__MAP_STYLE__"  # map_provider=None and no map_style: no basemap request
    layers = _layers(deck)
    assert list(layers) == ["sea", "context", "economies", "not_covered_hatch", "no_data_dashes", "labels"]
    feats = {f["properties"]["code"]: f["properties"] for f in layers["economies"]["data"]["features"]}
    assert sorted(feats) == sorted(ECONOMY_CODES)
    assert feats["ALB"]["fill_color"] == map_geometry.scale_rgb(95.0) + [255]
    assert feats["SRB"]["fill_color"] == map_geometry.scale_rgb(50.0) + [255]
    assert feats["MKD"]["fill_color"] == [68, 1, 84, 255]
    assert feats["XKX"]["fill_color"] == map_geometry.MISSING_FILL and feats["XKX"]["status"] == "not_covered"
    assert feats["MNE"]["fill_color"] == map_geometry.MISSING_FILL and feats["MNE"]["status"] == "not_assessed"
    assert feats["BIH"]["fill_color"] == map_geometry.NO_DATA_FILL and feats["BIH"]["status"] == "no_data"
    assert feats["XKX"]["name"] == "Kosovo*"
    for props in feats.values():  # every tooltip field exists on every pickable feature
        for field in ("name", "value_text", "period_text", "source_text", "confidence_text"):
            assert isinstance(props[field], str) and props[field]
    assert layers["economies"]["pickable"] is True and layers["economies"]["getFillColor"] == "@@=properties.fill_color"
    # missing ones are drawn last so their dark outline is on top
    order = [f["properties"]["code"] for f in layers["economies"]["data"]["features"]]
    assert set(order[-3:]) == {"XKX", "MNE", "BIH"}
    # hatching only on Kosovo* (single) and Montenegro (cross), dashes only around Bosnia and Herzegovina
    hatch_codes = pd.Series([p["code"] for p in layers["not_covered_hatch"]["data"]]).value_counts()
    assert set(hatch_codes.index) == {"XKX", "MNE"}
    assert {p["code"] for p in layers["no_data_dashes"]["data"]} == {"BIH"}
    # neighbours: grey and not pickable
    ctx = layers["context"]
    assert ctx["getFillColor"] == map_geometry.CONTEXT_FILL and ctx["pickable"] is False
    assert {f["properties"]["code"] for f in ctx["data"]["features"]} == {
        "HRV",
        "SVN",
        "HUN",
        "ROU",
        "BGR",
        "GRC",
        "ITA",
        "AUT",
    }
    labels = {lab["code"]: lab["text"] for lab in layers["labels"]["data"]}
    assert labels["XKX"] == "Kosovo*\nnot covered" and labels["ALB"] == "Albania\n95 (2/3)"
    assert labels["BIH"] == "Bosnia and Herzegovina\nno data" and labels["MKD"] == "North Macedonia\n0 (2/3)"
    tooltip = deck._tooltip["html"]
    for field in ("{name}", "{value_text}", "{period_text}", "{source_text}", "{confidence_text}"):
        assert field in tooltip


def test_hatch_is_inside_kosovo(legal_obs, fcat):
    values = map_values.pillar_map_values(legal_obs, fcat, "legal")
    layers = _layers(maps.choropleth_deck(values))
    geo = map_geometry.load_geojson()
    ring = next(f for f in geo["features"] if f["id"] == "XKX")["geometry"]["coordinates"][0]
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    for path in (p["path"] for p in layers["not_covered_hatch"]["data"] if p["code"] == "XKX"):
        for x, y in path:
            assert min(xs) - 1e-6 <= x <= max(xs) + 1e-6 and min(ys) - 1e-6 <= y <= max(ys) + 1e-6


def test_legend_explains_every_kind_of_area():
    html = maps.legend_html("Colour: Legal pillar score")
    for text in (
        "Not covered by the source",
        "Not assessed, suppressed or not applicable",
        "No data: no value recorded",
        "Neighbouring countries",
        "Colour: Legal pillar score",
    ):
        assert text in html
    assert map_geometry.scale_hex(0) in html and map_geometry.scale_hex(100) in html
    assert "stroke-dasharray" in html  # the "no data" swatch is dashed, like the map
    assert "<script" not in html


# --- ranking -------------------------------------------------------------------------------------


def test_ranking_lists_missing_as_missing_not_zero(legal_obs, fcat):
    values = map_values.pillar_map_values(legal_obs, fcat, "legal")
    fig = map_ranking.ranking_bar(values)
    bar = fig.data[0]
    assert list(bar.y) == ["Albania", "Serbia", "North Macedonia", "Bosnia and Herzegovina", "Kosovo*", "Montenegro"]
    assert list(bar.x) == [95.0, 50.0, 0.0, None, None, None]
    assert list(bar.marker.color[:3]) == [
        map_geometry.scale_hex(95.0),
        map_geometry.scale_hex(50.0),
        map_geometry.scale_hex(0.0),
    ]
    notes = {a.y: a.text for a in fig.layout.annotations}
    assert notes == {
        "Bosnia and Herzegovina": "<i>no data</i>",
        "Kosovo*": "<i>not covered</i>",
        "Montenegro": "<i>not assessed</i>",
    }
    assert fig.layout.yaxis.autorange == "reversed"


def test_text_summary(legal_obs, fcat):
    values = map_values.pillar_map_values(legal_obs, fcat, "legal")
    assert map_ranking.text_summary(values, "Legal") == (
        "Legal: Albania 95.0 (2 of 3), Serbia 50.0 (2 of 3), North Macedonia 0.0 (2 of 3). Bosnia and Herzegovina: no data; "
        "Kosovo*: not covered by the source; Montenegro: not assessed."
    )


# --- on the bundled data -------------------------------------------------------------------------


def test_bundled_gci_2024_map(bundled_obs, catalog):
    values = map_values.indicator_map_values(bundled_obs, catalog, "gci_2024_overall").set_index("economy")
    assert values.loc["XKX", "status"] == "not_covered"
    assert values.loc["SRB", "score"] == pytest.approx(96.82)
    assert values.loc["BIH", "score"] == pytest.approx(33.76)  # the preferred of two sources
    fig = map_ranking.ranking_bar(values.reset_index())
    assert fig.data[0].y[0] == "Serbia" and fig.data[0].y[-1] == "Kosovo*"
    assert display_name("XKX") == "Kosovo*" and "UNSCR 1244/1999" in KOSOVO_FOOTNOTE


def test_bundled_options_and_periods(bundled_obs, catalog):
    options = map_values.map_indicator_options(bundled_obs, catalog)
    assert "gci_2024_overall" in options and "ncsi_score" in options
    assert all(catalog.get(i) is not None for i in options)
    assert map_values.indicator_periods(bundled_obs, "ncsi_score")[0] == 2026


def test_pillar_below_the_rule_is_hatched_unranked_and_says_n_of_m(legal_obs, fcat):
    obs = pd.concat(
        [legal_obs, make_obs([dict(economy="BIH", indicator_id="idx_legal_a", value=20.0, score=100.0)])],
        ignore_index=True,
    )
    v = map_values.pillar_map_values(obs, fcat, "legal").set_index("economy")
    bih = v.loc["BIH"]
    assert bih["status"] == "insufficient_data" and math.isnan(bih["score"]) and pd.isna(bih["rank"])
    assert bih["value_text"].startswith("insufficient data (1 of 3; the rule needs 2); missing: ")
    assert map_geometry.STYLE_OF_STATUS[bih["status"]] == "hatch"
    assert v.loc["ALB", "rank"] == 1 and v.loc["ALB", "short_text"] == "95 (2/3)"
    fig = map_ranking.ranking_bar(v.reset_index())
    bar = fig.data[0]
    assert bar.x[list(bar.y).index("Bosnia and Herzegovina")] is None  # listed, never a bar
    assert bar.text[0] == "95.0 (2/3)"
    notes = {a.y: a.text for a in fig.layout.annotations}
    assert notes["Bosnia and Herzegovina"] == "<i>insufficient (1/3)</i>"
    deck = maps.choropleth_deck(v.reset_index())
    assert any(h["code"] == "BIH" for h in _layers(deck)["not_covered_hatch"]["data"])


def test_deck_json_is_compact_and_says_the_same_as_pydecks(legal_obs, fcat):
    """Every visitor is sent the map's JSON: no indentation (a fifth of pydeck's indented size), same content."""
    import pydeck as pdk
    from pydeck.bindings.json_tools import serialize

    deck = maps.choropleth_deck(map_values.pillar_map_values(legal_obs, fcat, "legal"))
    compact = deck.to_json()
    indented = serialize(deck)
    assert isinstance(deck, pdk.Deck)
    assert json.loads(compact) == json.loads(indented)
    assert '\n  "' not in compact and "{\n" not in compact  # no indentation
    assert len(compact) < len(indented) / 3
    assert deck.to_json() is compact  # written once per deck object (issue 25: not on every rerun)
    assert compact == deck._written()
    other = maps.choropleth_deck(map_values.pillar_map_values(legal_obs, fcat, "legal"), label_values=False)
    assert other.to_json() == other._written() != compact  # another deck: its own JSON
    ident = id(deck)
    del deck
    gc.collect()
    assert ident not in maps._JSON  # a deck that is gone leaves nothing behind


def test_map_labels_draw_every_letter_of_the_languages(legal_obs, fcat):
    # deck.gl's TextLayer draws only ASCII unless told otherwise: "obuhvaćeno" lost its "ć" (issue 23)
    labels = _layers(maps.choropleth_deck(map_values.pillar_map_values(legal_obs, fcat, "legal")))["labels"]
    assert labels["characterSet"] == "auto"
