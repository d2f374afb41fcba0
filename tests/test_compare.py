"""Compare and trends figure builders on small fixture data: the side-by-side table with best/worst
marks, heatmap cells (missing cells apart from low values), the radar traces, trend lines that
break at every methodology change, and the links that carry the shared selections."""

from __future__ import annotations

import pytest

from indicators.method import compare, trends
from indicators.method.scoring import pillar_scores, wb6_average
from indicators.render.figures import radar
from tests.test_maps import make_obs
from ui.links import carried


@pytest.fixture
def obs():
    return make_obs(
        [
            # headline indices
            dict(economy="ALB", indicator_id="gci_2024_overall", value=86.51, score=86.51),
            dict(economy="SRB", indicator_id="gci_2024_overall", value=96.82, score=96.82),
            dict(economy="XKX", indicator_id="gci_2024_overall", status="not_covered"),
            # a categorical legal indicator: all equal -> no best/worst marks
            dict(economy="ALB", indicator_id="budapest_convention", value_text="party", score=100.0, period=2004),
            dict(economy="SRB", indicator_id="budapest_convention", value_text="party", score=100.0, period=2009),
            dict(
                economy="XKX",
                indicator_id="budapest_convention",
                value_text="not_party",
                status="not_applicable",
                period=2015,
            ),
            # a true zero against a missing value
            dict(economy="ALB", indicator_id="gci_2024_legal", value=0.0, score=0.0),
            dict(economy="SRB", indicator_id="gci_2024_legal", value=20.0, score=100.0),
            dict(economy="XKX", indicator_id="gci_2024_legal", status="not_covered"),
            dict(economy="SRB", indicator_id="gci_2024_technical", value=8.0, score=40.0),
        ]
    )


ECOS = ["ALB", "XKX", "SRB"]


def test_comparison_long_keeps_statuses(obs, catalog):
    long = compare.comparison_long(obs, catalog, ECOS)
    cell = long.set_index(["indicator_id", "economy"])
    assert cell.loc[("gci_2024_overall", "ALB"), "display"] == "86.51"
    assert cell.loc[("gci_2024_overall", "XKX"), "status"] == "not_covered"
    assert cell.loc[("gci_2024_overall", "XKX"), "display"] == "not covered by the source"
    assert cell.loc[("budapest_convention", "XKX"), "display"] == "not applicable"
    assert cell.loc[("gci_2024_legal", "ALB"), "score"] == 0.0
    assert cell.loc[("ncsi_score", "ALB"), "status"] == "no_data"  # no row at all
    assert cell.loc[("ncsi_score", "ALB"), "display"] == "no data"


def test_best_and_worst_per_row(obs, catalog):
    long = compare.comparison_long(obs, catalog, ECOS)
    marks = compare.best_and_worst(long).set_index("indicator_id")
    assert marks.loc["gci_2024_overall", "best"] == ["SRB"] and marks.loc["gci_2024_overall", "worst"] == ["ALB"]
    assert marks.loc["gci_2024_legal", "best"] == ["SRB"] and marks.loc["gci_2024_legal", "worst"] == ["ALB"]
    assert marks.loc["budapest_convention", "best"] == [] and marks.loc["budapest_convention", "worst"] == []
    assert marks.loc["gci_2024_technical", "best"] == []  # one economy with a value: nothing to compare


def test_comparison_table_cells(obs, catalog):
    long = compare.comparison_long(obs, catalog, ECOS)
    table = compare.comparison_table(long, catalog, ECOS).set_index("Indicator")
    assert list(table.columns) == ["Pillar", "Albania", "Kosovo*", "Serbia"]
    row = table.loc["ITU GCI 2024: overall score"]
    assert (row["Albania"], row["Kosovo*"], row["Serbia"]) == ("86.51 ▼", "not covered by the source", "96.82 ▲")
    assert row["Pillar"] == "Headline index"
    legal = table.loc["ITU GCI 2024: Legal measures"]
    assert (legal["Albania"], legal["Serbia"]) == ("0 ▼", "20 ▲")
    # a status fact reads as its state mark and category, never as a score (issue 20)
    assert table.loc["Budapest Convention (CETS 185): party status", "Albania"] == "● " + catalog.get(
        "budapest_convention"
    ).label_for("party")
    styles = compare.comparison_styles(long, ECOS)
    assert list(styles.columns) == ["Albania", "Kosovo*", "Serbia"] and len(styles) == len(table)
    first = styles.iloc[0]
    assert "font-weight: 700" in first["Serbia"] and "#d6e9f8" in first["Serbia"]
    assert "#fde3c8" in first["Albania"] and "italic" in first["Kosovo*"]
    assert compare.table_summary(long, ECOS).startswith("Albania: best on 0, lowest on 2 of")


def test_heatmap_cells_missing_apart_from_low_values(obs, catalog):
    long = compare.comparison_long(obs, catalog, ECOS)
    fig = compare.heatmap(long, ECOS)
    traces = {t.name: t for t in fig.data}
    assert set(traces) == {"missing", "score (dark cells)", "score (light cells)"}
    missing, dark, light = traces["missing"], traces["score (dark cells)"], traces["score (light cells)"]
    assert list(missing.x) == ["Albania", "Kosovo*", "Serbia"]
    rows = list(missing.y)
    r_overall, r_legal = rows.index("ITU GCI 2024: overall score"), rows.index("ITU GCI 2024: Legal measures")
    r_budapest = rows.index("Budapest Convention (CETS 185): party status")
    # GCI 2024 overall: ALB 86.51 (light), XKX not covered (grey, labelled), SRB 96.82 (light)
    assert list(light.z[r_overall]) == [86.5, None, 96.8] and list(light.text[r_overall]) == ["87", "", "97"]
    assert list(missing.z[r_overall]) == [None, 0, None] and list(missing.text[r_overall]) == ["", "not covered", ""]
    assert list(dark.z[r_overall]) == [None, None, None]
    # a true zero is a dark score cell with "0" written in it, never a grey missing cell
    assert dark.z[r_legal][0] == 0 and dark.text[r_legal][0] == "0" and missing.z[r_legal][0] is None
    assert missing.text[r_legal][1] == "not covered"
    # status facts: a state mark and word in a grey cell, never a 0-100 number (issue 20)
    assert missing.text[r_budapest][1] == "– not applicable"
    assert missing.text[r_budapest][0] == "● in place" and light.z[r_budapest][0] is None
    # indicators nobody has: every cell grey and labelled "no data"
    r_ncsi = rows.index("NCSI: score (current methodology)")
    assert list(missing.text[r_ncsi]) == ["no data", "no data", "no data"]
    # one colour scale 0-100 for both score traces; the missing trace is one flat grey
    assert (dark.zmin, dark.zmax, light.zmin, light.zmax) == (0, 100, 0, 100)
    assert {c[1] for c in missing.colorscale} == {compare.MISSING_CELL_COLOUR}
    assert dark.textfont.color == "#ffffff" and light.textfont.color == "#111111"
    # every cell is in exactly one trace
    for r in range(len(rows)):
        for c in range(3):
            assert sum(t.z[r][c] is not None for t in (missing, dark, light)) == 1


def test_radar_traces_for_compared_economies(tmp_path):
    from tests.fixture_catalog import make_catalog

    cat = make_catalog(tmp_path)
    obs = make_obs(
        [
            dict(economy="ALB", indicator_id="idx_legal_a", value=0.0, score=0.0),
            dict(economy="ALB", indicator_id="idx_legal_b", value=100.0, score=100.0),
            dict(economy="SRB", indicator_id="idx_legal_a", value=20.0, score=100.0),
            dict(economy="SRB", indicator_id="idx_legal_b", value=100.0, score=100.0),
            dict(economy="SRB", indicator_id="idx_tech_2024", value=8.0, score=40.0),
            dict(economy="XKX", indicator_id="idx_legal_a", status="not_covered"),
            dict(economy="XKX", indicator_id="fact_csirt", value_text="national", score=100.0),  # status lens only
            dict(economy="MNE", indicator_id="idx_legal_a", value=10.0, score=50.0),  # 1 of 3: below the rule
        ]
    )
    scores = pillar_scores(obs, cat)
    average = wb6_average(scores)
    fig = radar(scores, average, cat, ["ALB", "SRB", "XKX", "MNE"])
    assert [t.name for t in fig.data] == ["WB6 average", "Albania", "Serbia", "Kosovo*", "Montenegro"]
    assert all(v is None for v in fig.data[0].r)  # only 2 economies meet the rule anywhere: no average
    alb = fig.data[1]
    # pillars: legal (0 and 100 -> 50), technical (no data), ...; closed polygon: first value repeated
    assert alb.r[0] == 50.0 and alb.r[1] is None and alb.r[-1] == alb.r[0] and len(alb.r) == 7
    srb = fig.data[2]
    assert srb.r[0] == 100.0 and srb.r[1] == 40.0
    assert all(v is None for v in fig.data[3].r)  # Kosovo*: only a status fact, nothing scored, never 0
    assert fig.data[4].r[0] is None  # below the coverage rule: not drawn
    table = compare.pillar_table(scores, average, cat, ["ALB", "SRB", "XKX", "MNE"]).set_index("Pillar")
    assert table.loc["Legal", "Albania"] == "50.0 (2 of 3) · 2nd of 2"  # ranks say "of n" (issue 20)
    assert table.loc["Legal", "Serbia"] == "100.0 (2 of 3) · 1st of 2"
    # the fixture's Technical pillar has one publisher: its cells say so (issue 19)
    assert table.loc["Technical", "Albania"] == "no data (0 of 1; single source: ITU GCI)"
    assert table.loc["Legal", "Kosovo*"] == "not covered by the ITU GCI (0 of 3)"  # names who does not cover it
    reasons = compare.with_missing_reasons(scores, obs, cat)
    why = compare.pillar_table(reasons, average, cat, ["XKX"]).set_index("Pillar")
    assert why.loc["Legal", "Kosovo*"].startswith("not covered by the ") and why.loc["Legal", "Kosovo*"].endswith(
        "(0 of 3)"
    )  # the source says it does not cover Kosovo*: said as such, not "no data"
    assert table.loc["Legal", "Montenegro"] == "insufficient data (1 of 3)"
    assert table.loc["Legal", "WB6 average"] == "none (only 2 with data; needs 4)"


def test_order_economies():
    assert compare.order_economies(["SRB", "ALB", "XKX"]) == ["ALB", "XKX", "SRB"]


# --- trends --------------------------------------------------------------------------------------


@pytest.fixture
def trend_obs():
    gci = [
        ("gci_2014_overall", 2014, 0.206),
        ("gci_2017_overall", 2017, 0.314),
        ("gci_2018_overall", 2018, 0.631),
        ("gci_2020_overall", 2020, 64.32),
        ("gci_2024_overall", 2024, 86.51),
    ]
    rows = [
        dict(economy="ALB", indicator_id=i, period=p, value=v, score=round(v * 100 if v < 1 else v, 4))
        for i, p, v in gci
    ]
    rows += [dict(economy="XKX", indicator_id=i, period=p, status="not_covered") for i, p, _v in gci]
    rows += [
        dict(economy="ALB", indicator_id="ncsi_score", period=p, value=v, score=v)
        for p, v in ((2023, 62.34), (2025, 85.0), (2026, 94.17))
    ]
    rows += [
        dict(economy="XKX", indicator_id="ncsi_legacy_score", period=2023, value=59.74, score=59.74),
        dict(economy="XKX", indicator_id="ncsi_score", period=2026, value=50.0, score=50.0),
        dict(economy="ALB", indicator_id="ncsi_score", period=2025, value=80.0, score=80.0, preferred=False),
    ]
    return make_obs(rows)


def test_gci_trend_breaks_at_every_edition(trend_obs, catalog):
    rows = trends.trend_rows(trend_obs, catalog, "gci", "ALB")
    fig = trends.trend_figure(rows, "gci", "ALB")
    assert [t.name for t in fig.data] == [
        "GCI 2014 (0-1)",
        "GCI 2017 (0-1)",
        "GCI 2018 (0-1)",
        "GCI 2020 (0-100)",
        "GCI 2024 (0-100, tiers)",
    ]
    assert [list(t.x) for t in fig.data] == [[2014], [2017], [2018], [2020], [2024]]
    assert [list(t.y) for t in fig.data] == [[20.6], [31.4], [63.1], [64.32], [86.51]]
    breaks = [s.x0 for s in fig.layout.shapes]
    assert breaks == [2015.5, 2017.5, 2019.0, 2022.0]
    assert all(s.line.dash == "dash" and s.x0 == s.x1 for s in fig.layout.shapes)
    labels = [a.text for a in fig.layout.annotations]
    assert labels == ["2017 method", "2018 method", "2020 method", "2024 method"]
    # no trace crosses a break: each trace lies between two consecutive breaks
    for trace in fig.data:
        for b in breaks:
            assert all(x < b for x in trace.x) or all(x > b for x in trace.x)
    # the original scale is in the hover
    assert fig.data[2].customdata[0][0] == "0.631 / 1" and fig.data[2].customdata[0][1] == "score (0-1)"
    assert "Original" in fig.data[2].hovertemplate and "Normalised" in fig.data[2].hovertemplate


def test_ncsi_trend_joins_within_a_method_only(trend_obs, catalog):
    rows = trends.trend_rows(trend_obs, catalog, "ncsi", "ALB")
    assert list(rows["period"]) == [2023, 2025, 2026]  # the non-preferred 2025 value is left out
    fig = trends.trend_figure(rows, "ncsi", "ALB")
    assert len(fig.data) == 1 and fig.data[0].name == "NCSI current (2023-)"
    assert "lines" in fig.data[0].mode and list(fig.data[0].y) == [62.34, 85.0, 94.17]
    xkx = trends.trend_figure(trends.trend_rows(trend_obs, catalog, "ncsi", "XKX"), "ncsi", "XKX")
    assert [(t.name, list(t.x)) for t in xkx.data] == [
        ("NCSI legacy (2016-2023)", [2023]),
        ("NCSI current (2023-)", [2026]),
    ]
    assert [s.x0 for s in xkx.layout.shapes] == [2023.0]
    assert xkx.layout.annotations[0].text == "2023 method"


def test_kosovo_not_covered_by_the_gci(trend_obs, catalog):
    rows = trends.trend_rows(trend_obs, catalog, "gci", "XKX")
    fig = trends.trend_figure(rows, "gci", "XKX")
    assert len(fig.data) == 0 and not fig.layout.showlegend
    assert any(a.text == "<b>Kosovo*</b>:<br>not covered by the ITU GCI" for a in fig.layout.annotations)
    assert trends.trend_summary(rows, "gci", "XKX") == "Kosovo*: not covered by the ITU GCI."


def test_trend_table_and_summary(trend_obs, catalog):
    table = trends.trend_table(trend_obs, catalog, "gci", ["ALB", "XKX", "SRB"]).set_index("Economy")
    assert table.loc["Albania", "GCI 2018 (0-1)"] == "0.631 / 1 (63.1 / 100)"
    assert table.loc["Kosovo*", "GCI 2018 (0-1)"] == "not covered by the source"
    assert table.loc["Serbia", "GCI 2018 (0-1)"] == "no data"
    ncsi = trends.trend_table(trend_obs, catalog, "ncsi", ["ALB"]).set_index("Economy")
    assert ncsi.loc["Albania", "NCSI current (2023-)"] == (
        "62.34 / 100 (62.3 / 100) [2023]; 85 / 100 (85.0 / 100) [2025]; 94.17 / 100 (94.2 / 100) [2026]"
    )
    summary = trends.trend_summary(trends.trend_rows(trend_obs, catalog, "gci", "ALB"), "gci", "ALB")
    assert summary.startswith("Albania: GCI 2014 (0-1): 0.206 / 1 (21/100, 2014) | GCI 2017 (0-1)")


def test_bundled_trends(bundled_obs, catalog):
    for eco in ("ALB", "BIH", "MNE", "MKD", "SRB"):
        fig = trends.trend_figure(trends.trend_rows(bundled_obs, catalog, "gci", eco), "gci", eco)
        assert len(fig.data) == 5 and all(len(t.x) == 1 for t in fig.data)
    xkx = trends.trend_rows(bundled_obs, catalog, "gci", "XKX")
    assert trends.coverage_status(xkx) == "not_covered"


# --- links ---------------------------------------------------------------------------------------


def test_links_carry_clean_shared_state():
    params = {
        "economies": ["alb,xk", "SRB", "ZZZ"],
        "pillar": ["Legal"],
        "period": ["2020"],
        "indicator": ["gci_2024_overall"],
        "by": ["indicator"],
        "junk": ["x"],
        "lang": ["en"],
    }
    assert carried(params) == {
        "economy": "ALB",
        "economies": "ALB,XKX,SRB",
        "pillar": "legal",
        "indicator": "gci_2024_overall",
        "period": "2020",
        "lang": "en",
    }
    assert carried({"economy": ["xk"]}, {"economy": "SRB"}) == {"economy": "SRB"}
    assert carried({"economy": ["<script>"], "indicator": ["DROP TABLE"], "period": ["2024"], "lang": ["zz"]}) == {}
    assert carried({"period": ["latest"], "index": ["NCSI"]}) == {"index": "ncsi"}
    assert carried({"economies": ["ALB"]}, {"economies": None}) == {}
    assert carried({"economies": ["ALB,SRB"]}, {"economy": None}) == {"economies": "ALB,SRB"}
    assert carried({}, {"pillar": "ALB", "economy": "xk"}) == {"economy": "XKX"}  # overrides are cleaned too
    assert carried({"economies": "ALB,BIH"}) == {"economy": "ALB", "economies": "ALB,BIH"}
