"""Plain words and the phone forms of the view models (issue 15), on small frames made in code: row counts
that read as counts in every language, the explorer's compact table (the value carries its unit) and a
row's details on demand, and key-fact notes written with the value's capitalisation."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.text.i18n import set_language
from indicators.views import Table
from indicators.views.explorer import compact_table, row_count_text, row_details
from indicators.views.profile import fact_note


@pytest.fixture
def english():
    set_language("en")
    yield
    set_language("en")


def shown_table() -> Table:
    return Table(
        pd.DataFrame(
            {
                "Economy": ["Albania", "Kosovo*"],
                "Indicator": ["GCI 2024: legal", "National CSIRT"],
                "Period": [2024, 2024],
                "Value": ["18.5", "—"],
                "Unit": ["points (0-20)", None],
                "Status": ["observed", "not assessed"],
                "Confidence": ["verified", "secondary"],
                "Source": ["ITU GCI 2024", "—"],
                "Preferred": [True, False],
            }
        )
    )


def test_row_counts_read_as_counts(english):
    assert row_count_text(2020, 2020) == "<b>2,020</b> rows"
    assert row_count_text(1, 1) == "<b>1</b> row"
    assert row_count_text(12, 2020) == "<b>12</b> of 2,020 rows"
    assert row_count_text(0, 5) == "<b>0</b> of 5 rows"


def test_row_counts_in_albanian_and_serbian():
    try:
        set_language("sq")
        assert row_count_text(12, 2020) == "<b>12</b> nga 2\N{NO-BREAK SPACE}020 rreshta"
        set_language("sr_Latn")
        assert row_count_text(3, 5) == "<b>3</b> od 5 redova"
        assert row_count_text(3, 22) == "<b>3</b> od 22 reda"
    finally:
        set_language("en")


def test_compact_table_keeps_the_few_columns_that_matter_with_the_scale(english):
    compact = compact_table(shown_table())
    assert compact.columns == ["Economy", "Indicator", "Value", "Period"]
    assert list(compact.frame["Value"]) == ["18.5 (points (0-20))", "—"]  # missing stays '—', no unit
    assert list(compact.frame["Economy"]) == ["Albania", "Kosovo*"]


def test_row_details_name_every_column(english):
    details = dict(row_details(shown_table(), 1))
    assert details == {
        "Economy": "Kosovo*",
        "Indicator": "National CSIRT",
        "Period": "2024",
        "Value": "—",
        "Unit": "—",
        "Status": "not assessed",
        "Confidence": "secondary",
        "Source": "—",
        "Preferred": "no",
    }
    assert dict(row_details(shown_table(), 0))["Preferred"] == "yes"


def test_fact_note_follows_the_value_capitalisation():
    assert fact_note("Tier 2 (Advancing)", "Tier 2 (advancing)") == ""
    assert fact_note("Tier 3 (Establishing; band 55-85).", "Tier 3 (establishing)") == (
        "Tier 3 (establishing; band 55-85)."
    )
    assert fact_note("Read in the 2024 report.", "Tier 1 (role-modelling)") == "Read in the 2024 report."
    assert fact_note(None, "12") == "" and fact_note("note", "") == "note"
