"""Tables write numbers in the language's format: the grid's printf formats always write a decimal point,
so a view-model table with ``%.Nf`` columns is written out with the locale's separators where the language
writes a decimal comma (issue 23: "numbers in the language's format everywhere")."""

import pandas as pd
import pytest

from indicators.views import Table

TABLE = Table(
    pd.DataFrame({"Mean": [2.5, None, 1234.567], "Code": ["a", "b", "c"], "Year": [2024, 2025, 2026]}),
    formats={"Mean": "%.2f", "Year": "%d"},
)


def test_english_keeps_numbers_and_their_printf_formats():
    frame, formats = TABLE.shown("en")
    assert frame["Mean"].tolist()[0] == 2.5 and formats == {"Mean": "%.2f", "Year": "%d"}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("sq", ["2,50", "", "1\u00a0234,57"]), ("sr_Latn", ["2,50", "", "1.234,57"]), ("mk", ["2,50", "", "1.234,57"])],
)
def test_a_decimal_comma_language_gets_its_separators_and_missing_stays_empty(lang, expected):
    frame, formats = TABLE.shown(lang)
    got = [str(v).replace("\u202f", "\u00a0") for v in frame["Mean"]]
    assert got == expected
    assert formats == {"Year": "%d"}  # years are never grouped: they keep the integer format
    assert frame["Year"].tolist() == [2024, 2025, 2026]
    assert TABLE.frame["Mean"].tolist()[0] == 2.5  # the view model's own frame is not changed


@pytest.mark.parametrize("lang", ["en", "sq", "sr_Latn", "mk"])
def test_a_missing_text_cell_is_drawn_empty_not_as_none(lang):
    """The grid writes a None in a text column as the English word "None" (the overview's rank of an economy
    below the coverage rule, seen in the fourth session of issue 23): a missing text cell is drawn empty;
    numbers keep their NaN (missing is never 0)."""
    t = Table(pd.DataFrame({"Rank": ["1st of 5", None, float("nan")], "Score": [50.0, None, 1.0]}))
    frame, _formats = t.shown(lang)
    assert frame["Rank"].tolist() == ["1st of 5", "", ""]
    assert pd.isna(frame["Score"].tolist()[1]) and pd.isna(t.frame["Rank"].tolist()[1])  # the view model unchanged
