"""Eurostat's observation flags kept and shown: the ``flag`` column of the warehouse (from a fetch against the
stub of tests/test_fetch.py), its meaning in tables and downloads, and a value flagged u (low reliability)
shown but not ranked."""

from __future__ import annotations

import io

import pandas as pd
import plotly.graph_objects as go
import pytest

from etl import fetch
from etl.build import build
from etl.publish import public_dir
from indicators.method.scoring import latest_observations
from indicators.model import vocabulary
from indicators.model.catalog import load_catalog
from indicators.model.explore import Filters
from indicators.model.export import export_table, to_csv_bytes
from indicators.model.warehouse import Warehouse
from indicators.render import flags, map_ranking, map_values, slides
from indicators.text import i18n
from indicators.topics import plans
from indicators.views import compare, explorer, present, profile
from indicators.views import hygiene as vh
from tests.test_fetch import TODAY, Stub, copy_eurostat
from tests.test_present_view import DATASETS, MANIFEST, deck_data  # noqa: F401 - fixture

IND = "eurostat_e_itsec3"


@pytest.fixture(scope="module")
def flagged(tmp_path_factory):
    """The Eurostat copies fetched from the stub and built, once for the module (the tests only read them)."""
    eurostat_dir = copy_eurostat(tmp_path_factory.mktemp("flagged"))
    s = Stub()
    with pytest.MonkeyPatch.context() as monkeypatch, s.running():
        monkeypatch.setenv(fetch.API_ENV, s.base)
        assert fetch.fetch_eurostat(eurostat_dir, io.StringIO(), io.StringIO(), today=TODAY) == 0
    build(eurostat_dir)
    wh = Warehouse(eurostat_dir)
    try:
        yield eurostat_dir, wh.observations(), wh.table("sources"), wh.table("datasets")
    finally:
        wh.close()


def _row(obs, eco, period=2022):
    mine = obs[(obs["economy"] == eco) & (obs["indicator_id"] == IND) & (obs["group"] == "all")]
    return mine[mine["period"] == period].iloc[0]


def test_the_warehouse_keeps_each_values_flag(flagged):
    _root, obs, _sources, _datasets = flagged
    assert _row(obs, "BIH")["flag"] == "u"
    assert _row(obs, "SRB")["flag"] == "b"
    assert _row(obs, "MNE")["flag"] == "p"
    assert set(obs["flag"].dropna()) == {"u", "b", "p", "e"}


def test_downloads_and_public_tables_carry_the_flag_and_its_meaning(flagged):
    root, obs, sources, _datasets = flagged
    table = export_table(obs, load_catalog(), Filters(indicator=(IND,)), sources)
    bih = table[(table["economy"] == "BIH") & (table["period"] == 2022) & (table["group"] == "all")].iloc[0]
    assert bih["flag"] == "u" and bih["flag_meaning"] == "u: low reliability"
    csv = pd.read_csv(io.BytesIO(to_csv_bytes(table)))
    assert "u: low reliability" in set(csv["flag_meaning"].dropna())
    public = pd.read_csv(public_dir(root) / "latest" / "observations.csv", low_memory=False)
    assert set(public["flag"].dropna()) == {"u", "b", "p", "e"}
    assert "b: break in time series" in set(public["flag_meaning"].dropna())


def test_the_explorer_shows_the_flag_in_the_language(flagged):
    _root, obs, sources, datasets = flagged
    catalog = load_catalog()
    data = explorer.prepare(obs, catalog, sources, datasets)
    view = explorer.build(data, obs, catalog, sources, Filters(economy=("BIH",), indicator=(IND,)))
    assert "u: low reliability" in set(view.shown.frame["Flag"])
    i18n.set_language("sq")
    try:
        view = explorer.build(data, obs, catalog, sources, Filters(economy=("BIH",), indicator=(IND,)))
        assert vocabulary.flag_label("u") != "u: low reliability"
        assert vocabulary.flag_label("u") in set(view.shown.frame[i18n._("Flag")])
        assert i18n._("Flag") == "Shenja"
    finally:
        i18n.set_language("en")
    view = explorer.build(data, obs, catalog, sources, Filters(economy=("ALB",), indicator=("eurostat_e_itsec3ext",)))
    assert "Flag" not in view.shown.frame.columns  # no flagged row, no column


def test_a_value_of_low_reliability_is_shown_but_not_ranked(flagged):
    _root, obs, _sources, _datasets = flagged
    catalog = load_catalog()
    values = map_values.indicator_map_values(obs, catalog, IND, as_of=2022)
    bih = values.set_index("economy").loc["BIH"]
    assert bih["status"] == "observed" and bih["score"] == pytest.approx(83.33)  # shown, with its value
    assert bih["rank_note"] == "low reliability (flag u): shown, not ranked"
    assert "not ranked" in bih["value_text"]
    order = list(map_ranking.ranking_order(values)["economy"])
    observed = [e for e in order if e in set(values.loc[values["status"] == "observed", "economy"])]
    assert observed[-1] == "BIH"  # after every ranked economy, although its value is higher than some
    ranked_scores = values[(values["status"] == "observed") & (values["economy"] != "BIH")]["score"]
    assert (ranked_scores < 83.33).any()
    # a b (break in series) value is ranked as usual, with its flag in the downloads
    assert values.set_index("economy").loc["SRB"]["rank_note"] == ""


# ---- one helper marks a flagged value everywhere (indicators/render/flags.py) ---------------------------
def test_the_helper_marks_a_value_gives_its_meaning_and_a_legend_of_the_flags_present():
    assert flags.letters("bu") == "bu" and flags.letters(None) == "" and flags.letters(float("nan")) == ""
    assert flags.letters("u u") == "u" and flags.combined("b", None, "ub") == "bu"
    assert flags.mark("83.3 %", "u") == "83.3 %ᵘ" and flags.mark("83.3 %", None) == "83.3 %"
    assert flags.mark("84", "bp", html=True) == "84<sup>bp</sup>"
    assert flags.superscript("e") == "ᵉ" and flags.superscript("x") == "x"  # a letter without a superscript
    assert flags.meaning("bu") == "b: break in time series; u: low reliability"
    assert flags.hover("p") == " · p: provisional" and flags.hover("") == ""
    assert flags.flag_column(["u", None, "e"]) == ["ᵘ u: low reliability", "", "ᵉ e: estimated"]
    # the legend lists each flag present once, in the vocabulary's order; nothing flagged, no line
    assert flags.legend(["u", None, "p", "bu", "e", ""]) == (
        "Flagged by the publisher: ᵇ b: break in time series · ᵉ e: estimated · ᵖ p: provisional · ᵘ u: low reliability"
    )
    assert flags.legend([None, "", float("nan")]) == "" and flags.legend(None) == ""
    assert flags.with_legend("Text.", ["u"]) == "Text. Flagged by the publisher: ᵘ u: low reliability."
    assert flags.with_legend("Text.", []) == "Text."
    frame = pd.DataFrame({"left_flag": ["b", ""], "right_flag": ["", "u"]})
    assert flags.legend_of(frame, "left_flag", "right_flag", "flags").endswith(
        "ᵇ b: break in time series · ᵘ u: low reliability"
    )


def test_the_helper_speaks_the_readers_language():
    i18n.set_language("sq")
    try:
        meaning = vocabulary.flag_label("u")
        assert meaning.startswith("u: ") and meaning != "u: low reliability"
        assert flags.mark("83,3 %", "u") == "83,3 %ᵘ"
        assert flags.legend(["u"]) == i18n._("Flagged by the publisher") + ": ᵘ " + meaning
        assert i18n._("Flagged by the publisher") != "Flagged by the publisher"
        assert flags.hover("u") == " · " + meaning
    finally:
        i18n.set_language("en")


def test_the_helper_writes_the_legend_under_a_chart_and_makes_room_for_it():
    fig = go.Figure(go.Scatter(x=[1], y=[2]))
    fig.update_layout(height=300, margin=dict(b=50))
    assert flags.annotate(fig, [None, ""]) is fig and not fig.layout.annotations  # nothing flagged: unchanged
    assert fig.layout.height == 300
    flags.annotate(fig, ["u", "b"])
    (note,) = fig.layout.annotations
    assert note.text == (
        "Flagged by the publisher:<br><sup>b</sup> b: break in time series<br><sup>u</sup> u: low reliability"
    )
    assert note.yref == "paper" and note.y == 0 and note.yshift == -56
    room = flags.LINE_PX * 3 + 8  # three lines
    assert fig.layout.height == 300 + room and fig.layout.margin.b == 56 + room


def _pick(page, kind):
    found = []

    def walk(blocks):
        for b in blocks:
            if b.kind == kind:
                found.append(b)
            for child in b.children:
                walk(child.blocks if hasattr(child, "blocks") else [child])

    walk(page.blocks)
    return found


def test_the_hygiene_charts_and_table_mark_flagged_values_with_their_meaning(flagged):
    root, obs, _sources, _datasets = flagged
    wh = Warehouse(root)
    try:
        data = vh.Data(wh.has_table, wh.table, None, load_catalog(), obs)
        # individuals, 2021: Albania b (break in series), Serbia u (low reliability)
        page = vh.build(data, {"view": ["practices"], "item": ["I_COOK1"], "period": ["2021"]}, {})
        (chart,) = [b.data for b in _pick(page, "chart")]
        dots = chart.data[1]
        assert list(dots.text) == ["21.0 %<sup>b</sup>", "25.1 %", "", "", "41.4 %", "43.6 %<sup>u</sup>"]
        assert dots.customdata[0] == " · b: break in time series" and dots.customdata[5] == " · u: low reliability"
        assert "%{customdata}" in dots.hovertemplate
        assert chart.layout.annotations[-1].text.endswith("<sup>u</sup> u: low reliability")
        table = _pick(page, "table")[0].data.frame
        assert table.loc[0, "Albania"] == "21.0 %ᵇ (2021)" and table.loc[0, "Serbia"] == "43.6 %ᵘ (2021)"
        captions = [b.text for b in _pick(page, "caption")]
        assert "Flagged by the publisher: ᵇ b: break in time series · ᵘ u: low reliability" in captions
        assert any("Albania 2021: 21.0 %ᵇ" in c for c in captions)  # the text alternative carries the mark
        assert any(c.startswith("Confidence: verified") for c in captions)
        assert not any("copy lost them" in c for c in captions)
        # enterprises by size class, 2022: Bosnia and Herzegovina u, Montenegro p, Serbia b on the headline
        page = vh.build(data, {"view": ["enterprises"], "item": ["E_ITSEC3"]}, {})
        (chart,) = [b.data for b in _pick(page, "chart")]
        head = chart.data[0]
        assert sorted(t for t in head.text if t) == ["b", "p", "u"]
        assert " · u: low reliability" in head.customdata
        assert [a.text.count("<br>") for a in chart.layout.annotations] == [3]
        downloads = [b.data for b in _pick(page, "download")]
        csv = pd.read_csv(io.BytesIO(downloads[0]), keep_default_na=False)
        bih = csv[(csv["geo"] == "BA") & (csv["period"] == 2022) & (csv["breakdown"] == "GE10")].iloc[0]
        assert bih["flags"] == "u" and bih["flag_meaning"] == "u: low reliability" and bih["confidence"] == "verified"
    finally:
        wh.close()


def test_the_bundled_copy_without_flags_still_says_the_flags_were_lost(bundled_data_dir, bundled_obs):
    wh = Warehouse(bundled_data_dir)
    try:
        data = vh.Data(wh.has_table, wh.table, None, load_catalog(), bundled_obs)
        page = vh.build(data, {"view": ["practices"]}, {})
        captions = [b.text for b in _pick(page, "caption")]
        assert any("copy they come from lost them" in c for c in captions)
        assert not any("Flagged by the publisher" in c for c in captions)
        (chart,) = [b.data for b in _pick(page, "chart")]
        assert not chart.layout.annotations
        csv = pd.read_csv(io.BytesIO(_pick(page, "download")[0].data), keep_default_na=False)
        assert set(csv["confidence"]) == {"secondary"} and "copy they come from lost them" in csv["flags"].iloc[0]
    finally:
        wh.close()


GAP_IND = "eurostat_i_maps"  # a compared indicator; its latest values get flags for the test


def _flagged_latest(obs, catalog, marks):
    """The bundled observations with the latest value of GAP_IND flagged per economy (marks: economy -> flags)."""
    latest = latest_observations(obs, [GAP_IND], None)
    out = obs.copy()
    for eco, flag in marks.items():
        period = int(latest.loc[latest["economy"] == eco, "period"].iloc[0])
        hit = (
            (out["indicator_id"] == GAP_IND)
            & (out["economy"] == eco)
            & (out["period"] == period)
            & (out["group"] == "all")
            & (out["sex"] == "total")
        )
        assert hit.sum() == 1
        out.loc[hit, "flag"] = flag
    return out


MARKS = {"ALB": "e", "BIH": "p", "SRB": "b"}


def test_the_compare_table_and_heatmap_mark_flagged_values(bundled_obs, catalog):
    obs = _flagged_latest(bundled_obs, catalog, MARKS)
    view = compare.build(obs, catalog, None, ["ALB", "BIH", "SRB"])
    name = catalog.get(GAP_IND).name
    row = view.table[view.table["Indicator"] == name].iloc[0]
    assert "ᵉ" in row["Albania"] and "ᵖ" in row["Bosnia and Herzegovina"] and "ᵇ" in row["Serbia"]
    assert view.table_summary.endswith(
        "Flagged by the publisher: ᵇ b: break in time series · ᵉ e: estimated · ᵖ p: provisional."
    )
    hm = view.heatmap
    cells = {
        (y, x): (t, h)
        for tr in hm.data
        for y, trow, hrow in zip(tr.y, tr.text, tr.customdata)
        for x, t, h in zip(tr.x, trow, hrow)
        if t
    }
    short = next(y for y in hm.data[0].y if name.startswith(y.rstrip("…")))
    text, hover = cells[(short, "Serbia")]
    assert text.endswith("<sup>b</sup>") and hover.endswith(" · b: break in time series")
    assert hm.layout.annotations[-1].text.startswith("Flagged by the publisher:<br>")
    # without flags, neither mark nor legend
    plain = compare.build(bundled_obs, catalog, None, ["ALB", "BIH", "SRB"])
    assert "Flagged" not in plain.table_summary and not plain.heatmap.layout.annotations


def test_the_profile_gap_table_marks_a_flagged_value_with_a_legend(bundled_obs, catalog):
    obs = _flagged_latest(bundled_obs, catalog, MARKS)
    view = profile.build(obs, catalog, None, plans.empty_table(), "SRB")
    table = view.gap_table.frame
    value = table.loc[table["Indicator"] == catalog.get(GAP_IND).name, "Value"].iloc[0]
    assert value.endswith("ᵇ")
    assert view.gap_table.note == "Flagged by the publisher: ᵇ b: break in time series"
    plain = profile.build(bundled_obs, catalog, None, plans.empty_table(), "SRB")
    assert plain.gap_table.note == ""


def test_an_economy_slide_marks_a_flagged_value_and_says_what_it_means(deck_data):  # noqa: F811
    cat, obs, bands = deck_data
    hit = (obs["economy"] == "SRB") & (obs["indicator_id"] == "idx_legal_a")
    obs = obs.assign(flag=None)
    obs.loc[hit, "flag"] = "p"  # u would leave the strengths and gaps (comparability)
    summary = slides.economy_summary(obs, cat, "SRB")
    (item,) = [x for x in summary["strengths"] + summary["gaps"] if x["indicator_id"] == "idx_legal_a"]
    assert item["flag"] == "p" and item["text"].startswith("Index idx_legal_a: 10 / 20ᵖ (2024)")
    view = present.build(obs, cat, DATASETS, MANIFEST, bands, ["SRB"], "legal", 1080)
    (slide,) = [s for s in view.slides if s.kind == "economy"]
    html = "".join(slide.blocks)
    assert "ᵖ" in html and "<div class='slide-small'>Flagged by the publisher: ᵖ p: provisional</div>" in html
    plain = present.build(obs.assign(flag=None), cat, DATASETS, MANIFEST, bands, ["SRB"], "legal", 1080)
    assert "Flagged" not in "".join(next(s for s in plain.slides if s.kind == "economy").blocks)
