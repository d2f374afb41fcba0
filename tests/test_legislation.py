"""Legislation tracker: values, missingness and the page."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from indicators.legislation import is_stale, tracker, tracker_matrix
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
    assert at.dataframe[0].value.shape == (6, 6)  # NIS2 alignment is part of the main cybersecurity law
    assert "Entity-level law only" in set(at.dataframe[1].value["Status"])
    assert "entity-level" in all_text(at)


def test_legislation_page_bad_fact(bundled_data_dir):
    at = run_page(bundled_data_dir, "legislation", {"fact": "<b>x</b>"})
    assert not at.exception and any("Unknown fact" in i.value for i in at.info)


def test_as_of_year_shows_what_was_true_then_and_stale_facts(catalog):
    base = dict(
        economy="SRB",
        indicator_id="cyber_law",
        value=None,
        status="observed",
        confidence="secondary",
        preferred=True,
        note="",
        source_id="t.s1",
    )
    obs = pd.DataFrame(
        [
            {**base, "period": 2016, "value_text": "national_law", "score": 75.0, "last_checked": "2026-11-27"},
            {**base, "period": 2025, "value_text": "nis2_aligned_law", "score": 100.0, "last_checked": "2024-01-02"},
        ]
    )
    today = dt.date(2026, 11, 30)
    now = tracker(obs, catalog, today=today).set_index(["economy", "indicator_id"])
    assert now.loc[("SRB", "cyber_law"), "value"] == "NIS2-aligned national law"
    assert now.loc[("SRB", "cyber_law"), "stale"]  # last read almost three years ago
    then = tracker(obs, catalog, as_of=2020, today=today).set_index(["economy", "indicator_id"])
    assert then.loc[("SRB", "cyber_law"), "value"] == "National law in force"
    assert then.loc[("SRB", "cyber_law"), "period"] == 2016 and not then.loc[("SRB", "cyber_law"), "stale"]
    assert then.loc[("ALB", "cyber_law"), "status"] == "no_data"
    assert is_stale(None, today) and is_stale("2025-11-29", today) and not is_stale("2025-12-01", today)


def test_serbia_2025_law_and_history_in_the_shipped_record(bundled_obs, catalog):
    long = tracker(bundled_obs, catalog).set_index(["economy", "indicator_id"])
    srb = long.loc[("SRB", "cyber_law")]
    assert srb["value"] == "NIS2-aligned national law" and srb["period"] == 2025
    assert "91/2025" in srb["note"] and srb["last_checked"] == "2026-11-30"
    old = tracker(bundled_obs, catalog, as_of=2019).set_index(["economy", "indicator_id"])
    assert old.loc[("MKD", "national_strategy"), "value"] == "Current strategy"  # 2018-2022
    assert (
        tracker(bundled_obs, catalog, as_of=2023)
        .set_index(["economy", "indicator_id"])
        .loc[("MKD", "national_strategy"), "value"]
        == "Expired strategy"
    )
    assert "nis2_alignment" not in set(bundled_obs["indicator_id"])
    assert "internal_note" not in bundled_obs.columns  # research notes never leave the warehouse


def test_legislation_page_as_of(bundled_data_dir):
    at = run_page(bundled_data_dir, "legislation", {"fact": "national_strategy", "as_of": "2019"})
    assert not at.exception
    assert "Showing what was true at the end of 2019" in all_text(at)
    details = at.dataframe[1].value.set_index("Economy")
    assert details.loc["North Macedonia", "Year"] == "2018" and "Last checked" in details.columns
