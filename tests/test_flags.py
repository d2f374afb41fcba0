"""Eurostat's observation flags kept and shown: the ``flag`` column of the warehouse (from a fetch against the
stub of tests/test_fetch.py), its meaning in tables and downloads, and a value flagged u (low reliability)
shown but not ranked."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from etl import fetch
from etl.build import build
from etl.publish import public_dir
from indicators.model import vocabulary
from indicators.model.catalog import load_catalog
from indicators.model.explore import Filters
from indicators.model.export import export_table, to_csv_bytes
from indicators.model.warehouse import Warehouse
from indicators.render import map_ranking, map_values
from indicators.text import i18n
from indicators.views import explorer
from tests.test_fetch import TODAY, Stub, eurostat_dir  # noqa: F401 - fixture

IND = "eurostat_e_itsec3"


@pytest.fixture
def flagged(eurostat_dir, monkeypatch):  # noqa: F811
    s = Stub()
    monkeypatch.setenv(fetch.API_ENV, s.base)
    with s.running():
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
