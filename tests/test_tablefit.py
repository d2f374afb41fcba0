"""Tables that fit the page (issue 22): indicators/render/tablefit.py on made-up tables."""

from __future__ import annotations

import tomllib

import pandas as pd

from indicators.model.paths import PROJECT_ROOT
from indicators.render import tablefit

SIX = ["Albania", "Bosnia and Herzegovina", "Kosovo*", "Montenegro", "North Macedonia", "Serbia"]


def status_table() -> pd.DataFrame:
    facts = [
        "Budapest Convention (CETS 185): party status",
        "National cyber coordination body includes civil society and academia",
        "Main cybersecurity law",
    ]
    cells = ["● Party (ratified 2002, in force 2004)", "? not assessed", "◐ Entity-level law only (2011)"]
    return pd.DataFrame({"Fact": facts, **{e: cells for e in SIX}})


def test_a_narrow_table_is_left_to_the_grid():
    frame = pd.DataFrame({"Economy": ["Albania", "Serbia"], "Value": ["1", "2"]})
    assert tablefit.fit(frame) == ({}, None)
    assert tablefit.better_turned(frame, "x") is None


def test_six_economies_fit_the_budget_with_whole_words_and_whole_headers():
    frame = status_table()
    widths, row = tablefit.fit(frame)
    assert set(widths) == set(frame.columns)
    assert sum(widths.values()) <= tablefit.BUDGET + len(widths)  # rounding
    for col, width in widths.items():
        assert width >= len(col) * tablefit.HEADER_PX + tablefit.CELL_PAD - 1  # the header is never cut
        longest = max(len(w) for t in frame[col] for w in str(t).split())
        assert width >= longest * tablefit.WORD_PX + tablefit.CELL_PAD - 1  # nor a word ("not assesse")
    # wrapped: rows taller than the grid's 4 rem (68 px), enough for the most wrapped cell
    assert row is not None and row > 68
    lines = max(tablefit._lines(t, widths[c] - tablefit.CELL_PAD) for c in frame.columns for t in frame[c])
    assert row >= 12 + tablefit.LINE_PX * lines


def test_a_wide_matrix_is_turned_when_that_fits():
    pillars = ["Legal", "Technical", "Organisational", "Capacity development", "Cooperation", "Inclusion"]
    cell = "75.0 (2 of 2) · 2nd of 5 (band 1st-2nd)"
    heads = SIX + ["WB6 average of every economy", "Reference: the best in the region"]
    frame = pd.DataFrame({"Fact": pillars, **{e: [cell] * 6 for e in heads}})
    assert tablefit.least_width(frame) > tablefit.BUDGET
    turned = tablefit.better_turned(frame, "Economy")
    assert turned is not None and list(turned.columns) == ["Economy", *pillars]
    assert list(turned["Economy"]) == heads
    assert tablefit.least_width(turned) <= tablefit.BUDGET


def test_lines_wrap_at_word_boundaries():
    px = tablefit.CHAR_PX
    assert tablefit._lines("not assessed", 12 * px + 1) == 1
    assert tablefit._lines("not assessed", 9 * px) == 2
    assert tablefit._lines("one two three", 5 * px) == 3


def test_a_long_data_grid_keeps_the_grids_own_sizing():
    """The explorer's thousands of rows are read by scrolling: no widths, and no cell-by-cell pass per rerun."""
    import pandas as pd

    from indicators.render import tablefit

    wide = pd.DataFrame(
        {f"a long column header {i}": ["some words in a cell"] * (tablefit.MAX_ROWS + 1) for i in range(12)}
    )
    assert tablefit.fit(wide) == ({}, None)
    assert tablefit.fit(wide.head(10))[0]  # the same columns in a short table are fitted


def test_a_fit_is_measured_once_per_content_and_equals_a_fresh_measure():
    """Issue 25: the fit of a table is remembered by its content (headers, dtypes, cells); the remembered fit is
    the one measured afresh, and a changed cell, header or budget is measured again."""
    frame = status_table()
    fresh = tablefit._fit(frame, tablefit.BUDGET)
    assert tablefit.fit(frame) == fresh
    assert tablefit.fit(frame.copy()) == fresh  # an equal copy: the same fit
    changed = frame.copy()
    changed.loc[0, "Serbia"] = "◐ a much longer cell that needs many more words to say what it says than the others"
    assert tablefit.fit(changed) == tablefit._fit(changed, tablefit.BUDGET) != fresh
    renamed = frame.rename(columns={"Serbia": "Serbia, with a much longer header than before"})
    assert tablefit.fit(renamed) == tablefit._fit(renamed, tablefit.BUDGET) != fresh
    assert tablefit.fit(frame, 4000) == tablefit._fit(frame, 4000) == ({}, None)
    widths, _row = tablefit.fit(frame)
    widths["Fact"] = 1  # a caller's change to the result never reaches the remembered fit
    assert tablefit.fit(frame) == fresh


def test_a_turned_table_is_remembered_by_content():
    pillars = ["Legal", "Technical", "Organisational", "Capacity development", "Cooperation", "Inclusion"]
    cell = "75.0 (2 of 2) · 2nd of 5 (band 1st-2nd)"
    frame = pd.DataFrame({"Fact": pillars, **{e: [cell] * 6 for e in SIX + ["WB6 average of every economy"]}})
    once = tablefit.better_turned(frame, "Economy")
    pd.testing.assert_frame_equal(tablefit.better_turned(frame.copy(), "Economy"), once)
    pd.testing.assert_frame_equal(tablefit._better_turned(frame, "Economy"), once)
    assert list(tablefit.better_turned(frame, "Pillar").columns)[0] == "Pillar"  # the corner is part of the key


# The profile's pillar table of Kosovo* in sr_Cyrl (h27look): four columns that fit the page unwrapped, one cell
# longer than the grid sizes a column by itself (500 px); left to the grid, the score and the rank were cut.
KOSOVO_PILLARS_SR_CYRL = pd.DataFrame(
    {
        "Стуб": ["Правни", "Технички", "Организациони", "Развој капацитета", "Сарадња", "Укљученост"],
        "Оцена (0–100), покривеност": [
            "недовољно података (1 од 2; није обухваћено: ITU GCI)",
            "није обухваћено индексом ITU GCI (0 од 1)",
            "65,7 (2 од 3; није обухваћено: ITU GCI)",
            "није обухваћено индексом ITU GCI; подаци из 2020 се не пореде (0 од 4)",
            "није обухваћено индексом ITU GCI (0 од 1)",
            "недовољно података (1 од 4; 3 вредности се не пореде: подаци из 2020; остали 2023-2025)",
        ],
        "Ранг (распон)": ["—", "—", "4. од 6 (распон 3.-5.)", "—", "—", "—"],
        "Просек WB6": [f"{v} (просек од {n})" for v, n in [("71,1", 5), ("63,7", 5), ("66,2", 6)] * 2],
    }
)


def test_a_table_with_a_cell_longer_than_the_grids_own_sizing_gets_widths():
    frame = pd.DataFrame({"Pillar": ["Legal"], "Score": ["x" * 90], "Rank": ["4th of 6 (band 3rd-5th)"]})
    assert tablefit.natural_width(frame, "Score") > tablefit.AUTO_MAX
    widths, row = tablefit.fit(frame)
    assert row is None  # one line each
    for col in frame.columns:
        assert widths[col] >= tablefit.natural_width(frame, col)


def test_such_a_table_keeps_every_header_whole_too():
    # a header longer than its cells ("—"): measured at the header's size, not at the body text's (review)
    frame = pd.DataFrame({"Pillar": ["Legal"], "Score": ["x" * 90], "Rank among the six (band)": ["—"]})
    widths, row = tablefit.fit(frame)
    assert row is None
    assert widths["Rank among the six (band)"] >= tablefit._header_width("Rank among the six (band)")
    assert widths["Rank among the six (band)"] > tablefit.natural_width(frame, "Rank among the six (band)")


def test_cyrillic_is_measured_wider_than_latin_of_the_same_length():
    assert tablefit.text_px("распон") > tablefit.text_px("raspon")
    assert tablefit.text_px("ITU GCI 2024") == len("ITU GCI 2024") * tablefit.CHAR_PX


def test_the_kosovo_pillar_table_in_cyrillic_shows_every_cell_whole():
    # px the grid took to draw the longest cells at 1440 px (Chromium, h27look): score 583, rank 122; padding 16
    drawn = {"Оцена (0–100), покривеност": 583, "Ранг (распон)": 122}
    frame = KOSOVO_PILLARS_SR_CYRL
    widths, row = tablefit.fit(frame)
    assert widths, "left to the grid's own sizing, which cuts the long cells"
    for col, px in drawn.items():
        longest = max(frame[col], key=len)
        if row is None:
            assert widths[col] >= px + 16, col
        else:  # wrapped: each line of the cell in its width, the row tall enough for the lines
            n = tablefit._lines(longest, widths[col] - tablefit.CELL_PAD)
            assert row >= 12 + tablefit.LINE_PX * n
            assert widths[col] - 16 >= px / n, col


def test_a_wrapped_row_is_taller_than_four_rem_of_the_theme():
    # the grid wraps only rows taller than 4 rem; the theme's base font is 17 px, so 4 rem is 68 px (a 66 px row
    # of the profile's pillar table was drawn on one line and its longest cell cut)
    theme = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
    rem = theme.get("baseFontSize", 16)
    assert 4 * rem < tablefit.WRAP_MIN_ROW
    _widths, row = tablefit.fit(status_table())
    assert row is not None and row > 4 * rem
