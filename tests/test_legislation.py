"""Legislation tracker: values, missingness and the page."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from indicators.topics.legislation import is_stale, tracker, tracker_matrix
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


def test_dates_say_what_they_are(catalog):
    from indicators.topics.legislation import date_text, short_date, strategy_period, treaty_dates

    alb = "Signed 23/11/2001, ratified 20/06/2002, in force 01/07/2004."
    assert treaty_dates(alb) == {"signed": 2001, "ratified": 2002, "in_force": 2004}
    assert date_text("budapest_convention", 2004, alb) == "signed 2001 · ratified 2002 · in force 2004"
    assert short_date("budapest_convention", 2004, alb) == "ratified 2002, in force 2004"
    # only what the note says: a ratification year without an entry-into-force date stays a ratification
    srb = "Signed 2005, ratified by the National Assembly 2009 (years only)"
    assert short_date("budapest_convention", 2009, srb) == "ratified 2009"
    kos = "KOS-CERT at ARKEP; establishment year not found. 2013 is the date of the news item read."
    assert date_text("national_csirt", 2013, kos) == "exists by 2013 (establishment year not found)"
    assert short_date("national_csirt", 2013, kos) == "by 2013"
    assert date_text("national_csirt", 2012, "Government decision of 8 Aug 2012") == "established 2012"
    assert date_text("first_membership", 2013, "") == "FIRST member since 2013"
    strategy = "Information Society and Information Security Development Strategy 2021-2026."
    assert strategy_period(strategy) == (2021, 2026)
    assert date_text("national_strategy", 2021, strategy) == "adopted 2021 · period 2021-2026"


def test_a_strategy_reads_expired_after_its_period_unless_a_successor_is_recorded(catalog):
    base = dict(economy="SRB", indicator_id="national_strategy", value=None, status="observed", score=100.0)
    base.update(confidence="secondary", preferred=True, source_id="t.s1", last_checked="2026-11-27")
    obs = pd.DataFrame([{**base, "period": 2021, "value_text": "current", "note": "Strategy 2021-2026."}])
    in_2026 = tracker(obs, catalog, today=dt.date(2026, 12, 1)).set_index(["economy", "indicator_id"])
    assert in_2026.loc[("SRB", "national_strategy"), "value"] == "Current strategy"
    in_2027 = tracker(obs, catalog, today=dt.date(2027, 1, 2)).set_index(["economy", "indicator_id"])
    assert in_2027.loc[("SRB", "national_strategy"), "value"] == (
        "Expired strategy (ended 2026; no successor recorded)"
    )
    successor = {**base, "period": 2027, "value_text": "current", "note": "Strategy 2027-2031."}
    obs2 = pd.concat([obs, pd.DataFrame([successor])], ignore_index=True)
    later = tracker(obs2, catalog, today=dt.date(2027, 6, 1)).set_index(["economy", "indicator_id"])
    assert later.loc[("SRB", "national_strategy"), "value"] == "Current strategy"
    assert (
        tracker_matrix(tracker(obs2, catalog, today=dt.date(2027, 6, 1)), catalog).loc[
            "Serbia", "National cybersecurity strategy"
        ]
        == "Current strategy (2027-2031)"
    )


def test_one_expiry_rule_in_the_status_matrix_the_compare_table_and_the_gap_table(catalog):
    """A current strategy past its end reads expired (partly in place) wherever the strategy's state is shown:
    the tracker, the status matrix (profile, compare, overview), the compare table and the gap table."""
    from indicators.method.compare import comparison_long
    from indicators.method.scoring import gap_table, status_counts, status_matrix

    base = dict(economy="SRB", indicator_id="national_strategy", value=None, status="observed", score=100.0)
    base.update(confidence="secondary", preferred=True, source_id="t.s1", last_checked="2026-11-27")
    base.update(sex="total", group="all")
    obs = pd.DataFrame([{**base, "period": 2021, "value_text": "current", "note": "Strategy 2021-2026."}])
    expired = "Expired strategy (ended 2026; no successor recorded)"
    for today, state, value in (
        (dt.date(2026, 12, 1), "in_place", "Current strategy"),
        (dt.date(2027, 1, 2), "partly", expired),
    ):
        m = status_matrix(obs, catalog, ["SRB"], today=today).set_index("indicator_id")
        assert (m.loc["national_strategy", "state"], m.loc["national_strategy", "value"]) == (state, value)
        g = gap_table(obs, catalog, "SRB", today=today).set_index("indicator_id")
        assert (g.loc["national_strategy", "state"], g.loc["national_strategy", "value"]) == (state, value)
        assert pd.isna(g.loc["national_strategy", "gap_to_best"])  # a fact, never a point gap
        c = comparison_long(obs, catalog, ["SRB"], today=today).set_index("indicator_id")
        assert (c.loc["national_strategy", "state"], c.loc["national_strategy", "display"]) == (state, value)
        long = tracker(obs, catalog, today=today).set_index(["economy", "indicator_id"])
        assert long.loc[("SRB", "national_strategy"), "value"] == value
    counts = status_counts(status_matrix(obs, catalog, ["SRB"], today=dt.date(2027, 1, 2))).iloc[0]
    assert counts["partly"] >= 1 and "partly in place" in counts["text"]
    # the reference year decides, not the clock: as of 2026 the strategy is current even in 2030
    m = status_matrix(obs, catalog, ["SRB"], as_of=2026, today=dt.date(2030, 1, 1)).set_index("indicator_id")
    assert m.loc["national_strategy", "state"] == "in_place"
    # a recorded successor makes it current again
    successor = {**base, "period": 2027, "value_text": "current", "note": "Strategy 2027-2031."}
    obs2 = pd.concat([obs, pd.DataFrame([successor])], ignore_index=True)
    m = status_matrix(obs2, catalog, ["SRB"], today=dt.date(2027, 6, 1)).set_index("indicator_id")
    assert (m.loc["national_strategy", "state"], m.loc["national_strategy", "value"]) == (
        "in_place",
        "Current strategy",
    )


def test_bundled_facts_follow_the_coding_rule(bundled_obs, catalog):
    """The fact-state coding rule on the bundled facts: 'missing' only when the thing does not exist; the
    same evidence coded the same way in every economy; a not-assessed row carries no confidence."""
    from indicators.method.scoring import status_matrix

    m = status_matrix(bundled_obs, catalog).set_index(["indicator_id", "economy"])
    # Montenegro's data-protection law (in force since 2008) exists: partly, never missing
    assert m.loc[("data_protection_law", "MNE"), "state"] == "partly"
    # North Macedonia's 2020 law ('largely harmonized' per a law firm) coded like SRB and XKX
    assert {m.loc[("data_protection_law", e), "state"] for e in ("MKD", "SRB", "XKX")} == {"in_place"}
    missing = m[m["state"] == "missing"]
    for (ind_id, eco), _r in missing.iterrows():
        row = bundled_obs[
            (bundled_obs["indicator_id"] == ind_id) & (bundled_obs["economy"] == eco) & bundled_obs["preferred"]
        ].sort_values("period")
        assert row.iloc[-1]["value_text"] in {"none", "not_party", "not_member"}, (ind_id, eco)
    assert m.loc[m["state"].isin(["not_assessed", "not_applicable"]), "confidence"].isna().all()
    long = tracker(bundled_obs, catalog).set_index(["economy", "indicator_id"])
    assert pd.isna(long.loc[("MKD", "first_membership"), "confidence"])
    assert long.loc[("ALB", "budapest_convention"), "date"] == "signed 2001 · ratified 2002 · in force 2004"
    assert long.loc[("MNE", "national_csirt"), "short_date"] == "by 2013"  # 2013 is its FIRST date


def test_public_notes_hold_no_research_todos(bundled_obs):
    import re

    todo = re.compile(r"CONFLICTING|check them against|SSPI|extraction script|WARNING|gci\.csv|repo's", re.I)
    bad = bundled_obs[bundled_obs["note"].fillna("").str.contains(todo)]
    assert bad.empty, bad[["economy", "indicator_id", "note"]].head().to_string()
