"""View models of the people pages (hygiene, methodology, legislation, research) without Streamlit, on small
fixture data made in code: values, wording, escaping of planted markup, CSV downloads through the protected
writer, and the widget/URL resolution of indicators.views.blocks."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from etl.build import build
from indicators.model.catalog import load_catalog
from indicators.model.warehouse import Warehouse
from indicators.topics.hygiene import inclusion as inc
from indicators.views import blocks, legislation, methodology, research
from indicators.views import hygiene as hv
from tests.conftest import obs_row, write_dataset

PLANTED = '<img id="planted" src="http://127.0.0.1:9/p.png"> [planted-link](http://127.0.0.1:9/x)'
UNESCAPED = re.compile(r"(?<!\\)(<img|\[planted|\]\(http://127)")  # planted markup that was not escaped
MARKDOWN_KINDS = ("header", "subheader", "markdown", "caption", "info", "success", "warning", "badge", "demo_badge")
TODAY = dt.date(2026, 6, 30)


def walk(page):
    for b in page.blocks:
        yield b
        for kid in b.children:
            yield from walk(kid)


def texts(page) -> list[str]:
    return [b.text for b in walk(page) if b.kind in MARKDOWN_KINDS or b.kind == "expander"]


def tables(page) -> dict[str, pd.DataFrame]:
    return {b.key: b.data.frame for b in walk(page) if b.kind == "table"}


def downloads(page) -> dict[str, bytes]:
    return {b.key: b.data for b in walk(page) if b.kind == "download"}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def fx(tmp_path_factory, catalog):
    """Fixture warehouse: legislation facts, Inclusion indicators (real and demo), a context figure and a
    published hygiene figure, all citing a source whose title carries planted markup."""
    d = tmp_path_factory.mktemp("people") / "data"
    (d / "raw").mkdir(parents=True)
    write_dataset(
        d,
        "fx_people",
        [
            obs_row(
                economy="ALB",
                indicator_id="cyber_law",
                period=2017,
                value="",
                value_text="national_law",
                source_id="fx.s01",
                note="Law 2/2017 " + PLANTED,
            ),
            obs_row(
                economy="XKX",
                indicator_id="budapest_convention",
                period=2024,
                value="",
                status="not_applicable",
                source_id="fx.s01",
            ),
            obs_row(economy="ALB", indicator_id="eurostat_i_maps_women", period=2023, value="30", source_id="fx.s01"),
            obs_row(
                economy="ALB", indicator_id="eurostat_i_maps_age_65_74", period=2023, value="10", source_id="fx.s01"
            ),
            obs_row(
                economy="ALB", indicator_id="eurostat_i_maps_low_education", period=2023, value="20", source_id="fx.s01"
            ),
            obs_row(economy="SRB", indicator_id="eurostat_i_maps_women", period=2023, value="40", source_id="fx.s01"),
            obs_row(
                economy="SRB",
                indicator_id="survey_women_online_harassment",
                period=2025,
                value="12",
                confidence="synthetic",
                source_id="fx.s01",
            ),
            obs_row(
                economy="SRB",
                indicator_id="survey_gender_gap_practices",
                period=2025,
                value="3",
                confidence="synthetic",
                source_id="fx.s01",
            ),
            obs_row(
                economy="SRB",
                indicator_id="survey_group_gap_practices",
                period=2025,
                value="4",
                confidence="synthetic",
                source_id="fx.s01",
            ),
            obs_row(
                economy="ALB",
                indicator_id="tfvaw_lifetime_share",
                period=2023,
                value="41",
                sex="female",
                source_id="fx.s01",
            ),
            obs_row(
                economy="SRB",
                indicator_id="rnids_phishing_click_share",
                period=2022,
                value="19.7",
                source_id="fx.s01",
                confidence="secondary",
            ),
        ],
        sidecar={
            "title": "Fixture dataset " + PLANTED,
            "sources": [{"id": "fx.s01", "title": "Fixture source " + PLANTED, "url": "https://example.org/s"}],
        },
    )
    build(d)
    w = Warehouse(d)
    try:
        obs = w.observations()
        yield hv.Data(w.has_table, w.table, w.query, catalog, obs), d
    finally:
        w.close()


def test_choice_prefers_the_widget_then_the_url_then_the_default():
    page = blocks.Page({"x": ["b"]}, {"k": "c"})
    assert page.choice("x", "k", "X", ["a", "b", "c"], "a", "thing") == "c"
    page = blocks.Page({"x": ["b"]}, {"k": "zzz"})  # a stale widget value falls back to the URL
    assert page.choice("x", "k", "X", ["a", "b", "c"], "a", "thing") == "b"
    page = blocks.Page({"x": ["<b>"]}, {})
    assert page.choice("x", "k", "X", ["a", "b"], "a", "thing", str.upper) == "a"
    assert page.messages == ["Unknown thing '?b?': showing A."]
    widget = next(b for b in page.blocks if b.kind == "widget").data
    assert widget.value == "a" and widget.labels == {"a": "A", "b": "B"}


def test_inclusion_pillar_scores_once_with_coverage_and_no_nan(fx, catalog):
    d, _dir = fx
    p = inc.inclusion_pillar(d.obs, catalog)
    s = p.scores.set_index("Economy")
    # Albania: (30 + 10 + 20) / 3 on the real indicators, 3 of the catalog's 4 (the fixture has no OECD value)
    assert s.loc["Albania", "Real data only (score, coverage)"] == "20.0 of 100 (3 of 4 indicators)"
    # Serbia: 1 of 3 is below the coverage rule: no number, never 'nan'
    assert s.loc["Serbia", "Real data only (score, coverage)"] == "insufficient data (1 of 4)"
    assert s.loc["Montenegro", "Real data only (score, coverage)"] == "no data"
    assert p.has_demo and "With the demonstration survey (score, coverage)" in s.columns
    assert not s.astype(str).apply(lambda c: c.str.contains("nan|None")).any().any()


def test_inclusion_scores_are_memoised_by_content_never_by_the_frame(fx, catalog, monkeypatch):
    d, _dir = fx
    first = inc.inclusion_pillar(d.obs, catalog).scores
    calls = []
    real = inc.pillar_scores
    monkeypatch.setattr(inc, "pillar_scores", lambda *a, **k: calls.append(1) or real(*a, **k))
    # a copy of the same rows (as ui.data hands each caller): no new computation, the same table
    pd.testing.assert_frame_equal(inc.inclusion_pillar(d.obs.copy(), catalog).scores, first)
    assert calls == []
    # one value changed: computed again, and the score follows it (Albania: (30 + 10 + 50) / 3)
    obs = d.obs.copy()
    changed = obs.index[(obs["economy"] == "ALB") & (obs["indicator_id"] == "eurostat_i_maps_low_education")]
    assert obs.loc[changed, "score"].tolist() == [20.0]
    obs.loc[changed, "score"] = 50.0
    got = inc.inclusion_pillar(obs, catalog).scores.set_index("Economy")
    assert len(calls) == 2
    assert got.loc["Albania", "Real data only (score, coverage)"] == "30.0 of 100 (3 of 4 indicators)"


def test_hygiene_inclusion_view_escapes_and_counts(fx):
    d, _dir = fx
    page = hv.build(d, {"view": ["inclusion"]}, {})
    assert not any(UNESCAPED.search(t) for t in texts(page))
    tf = tables(page)["hygiene_tfvaw_table"]
    assert list(tf["Value"]) == ["41 %"] and list(tf["Area"]) == ["Albania"]
    assert any("Albania 2023: 41 % of women (verified)" in t for t in texts(page))
    assert any(b.kind == "demo_badge" for b in walk(page))
    assert page.params == {"view": "inclusion"}


def test_hygiene_published_view_values_with_scale(fx):
    d, _dir = fx
    page = hv.build(d, {"view": ["published"]}, {})
    table = tables(page)["hygiene_published_table"]
    assert list(table["Value"]) == ["19.7 %"] and list(table["Economy"]) == ["Serbia"]
    assert not any(UNESCAPED.search(t) for t in texts(page))


def test_hygiene_bad_view_message_and_no_eurostat_table(fx):
    d, _dir = fx
    page = hv.build(d, {"view": ["nope"]}, {})
    assert page.messages == ["Unknown view 'nope': showing Practices by economy."]
    assert any("No Eurostat file is loaded" in t for t in texts(page))


def test_legislation_view_matrix_details_and_escaping(fx):
    d, _dir = fx
    page = legislation.build(d, {"fact": ["cyber_law"]}, {}, TODAY)
    t = tables(page)
    assert t["legislation_matrix"].loc["Albania"].notna().any()
    details = t["legislation_details"].set_index("Economy")
    assert details.loc["Albania", "Year"] == "2017" and details.loc["Montenegro", "Year"] == "—"
    assert PLANTED in details.loc["Albania", "What the source says"]  # a table cell, shown as text
    assert not any(UNESCAPED.search(x) for x in texts(page))
    assert page.params == {"fact": "cyber_law", "as_of": None}
    link = next(b for b in walk(page) if b.key == "legislation_details")
    assert link.options["links"] == ("Source link",)


def test_research_view_filters_escapes_and_protects_the_download():
    lib = pd.DataFrame(
        [
            {
                "item_id": "r.1",
                "title": "Paper " + PLANTED,
                "authors": "=cmd|' /C calc'!A0",
                "year": 2021.0,
                "economies": "WB6",
                "topics": "gender",
                "filter_topics": "gender",
                "type": "report",
                "url": "javascript:alert(1)",
                "summary": "*bold* " + PLANTED,
                "where_found": "x",
                "confidence": "verified",
            },
            {
                "item_id": "r.2",
                "title": "Other",
                "authors": "B",
                "year": 2019.0,
                "economies": "SRB",
                "topics": "policy",
                "filter_topics": "policy",
                "type": "law",
                "url": "https://example.org/b",
                "summary": "S",
                "where_found": "x",
                "confidence": "secondary",
            },
        ]
    )
    d = hv.Data(lambda n: n == "research_library", lambda n: lib, None, None, None)
    page = research.build(d, {"topic": ["gender"]}, {})
    shown = texts(page)
    assert not any(UNESCAPED.search(x) for x in shown)
    assert not any("javascript:" in x and "](" in x for x in shown)  # only http(s) links
    assert any(x.startswith("1 of 2 publications") for x in shown)
    csv = downloads(page)["research_download"].decode("utf-8-sig")
    assert "'=cmd" in csv and "r.2" not in csv
    page = research.build(d, {}, {"research_years": (2018, 2020)})
    assert any(x.startswith("1 of 2 publications") for x in texts(page))


def test_methodology_view_states_rules_escapes_and_counts(fx):
    d, data_dir = fx
    m = methodology.prepare(d, data_dir / "raw")
    page = methodology.build(m, {"source": ["fx.s01"], "economy": ["ALB"], "pillar": ["inclusion"]}, {})
    shown = texts(page)
    assert not [x for x in shown if UNESCAPED.search(x)]
    assert any("Fixture source \\<img" in x for x in shown)  # the planted title is there, escaped
    assert [b.text for b in walk(page) if b.kind == "header"][:2] == [
        "You followed a link to",
        "How scores are computed",
    ]
    assert any("Pillar score = (" in x and "**20.00**" in x for x in shown)
    assert not any(re.search(r"\b(None|nan)\b", x) for x in shown)
    assert any(x.endswith("— 1 source, 11 rows") for x in shown)  # the dataset expander, a count that reads
    page = methodology.build(m, {"source": ["nope"], "indicator": ["<x>"]}, {})
    assert page.messages == [
        "Unknown source id: nope. Showing all sources.",
        "Unknown indicator '?x?'. Showing all indicators.",
    ]
