"""Legislation tracker: values, missingness and the page."""
from __future__ import annotations

from indicators.legislation import tracker, tracker_matrix
from tests.apptest_helpers import all_text, run_page


def test_tracker_values_and_missing(bundled_obs, catalog):
    long = tracker(bundled_obs, catalog).set_index(["economy", "indicator_id"])
    assert long.loc[("MNE", "budapest_convention"), "value"] == "Party"
    assert long.loc[("MNE", "budapest_convention"), "period"] == 2010
    assert long.loc[("XKX", "budapest_convention"), "status"] == "not_applicable"
    assert long.loc[("MKD", "first_membership"), "value"] == "not assessed"
    assert long.loc[("BIH", "cyber_law"), "value"] == "Entity-level law only"
    wide = tracker_matrix(tracker(bundled_obs, catalog), catalog)
    assert wide.loc["Kosovo*", "Budapest Convention (CETS 185): party status"] == "not applicable"
    assert wide.loc["Serbia", "National CSIRT is a FIRST member"] == "Full member (2020)"
    assert list(wide.index)[2] == "Kosovo*"


def test_legislation_page(bundled_data_dir):
    at = run_page(bundled_data_dir, "legislation", {"fact": "cyber_law"})
    assert not at.exception
    assert at.title[0].value == "Legislation tracker"
    assert at.dataframe[0].value.shape == (6, 7)
    assert "Entity-level law only" in set(at.dataframe[1].value["Status"])
    assert "entity-level" in all_text(at)


def test_legislation_page_bad_fact(bundled_data_dir):
    at = run_page(bundled_data_dir, "legislation", {"fact": "<b>x</b>"})
    assert not at.exception and any("Unknown fact" in i.value for i in at.info)
