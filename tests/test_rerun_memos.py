"""Issue 25: what a rerun no longer recomputes gives what computing it afresh gives (the sources line per frame
object and language; the table fits are checked in tests/test_tablefit.py)."""

from __future__ import annotations

import gc

import pandas as pd

from indicators.text import i18n
from ui import frame


def sources() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_id": ["itu", "ncsi", "itu"],
            "source_title": ["ITU GCI [2024]", "NCSI", "ITU GCI [2024]"],
            "source_url": ["https://www.itu.int/gci", None, "https://www.itu.int/gci"],
            "confidence": ["verified", "secondary", "verified"],
        }
    )


def test_the_sources_line_is_remembered_per_frame_and_language():
    df = sources()
    try:
        i18n.set_language("en")
        english = frame._sources_markdown(df, None)
        assert frame._sources_text(df, None) == english == frame._sources_text(df, None)
        assert "[ITU GCI \\[2024\\] ↗](https://www.itu.int/gci)" in english
        assert frame._sources_text(df, "Data") == frame._sources_markdown(df, "Data") != english  # the label
        i18n.set_language("sq")
        albanian = frame._sources_text(df, None)
        assert albanian == frame._sources_markdown(df, None) != english  # the language is part of the key
        assert "lang=sq" in albanian
    finally:
        i18n.set_language("en")
    other = sources().assign(confidence="secondary")  # another frame: its own line
    assert frame._sources_text(other, None) == frame._sources_markdown(other, None) != english
    ident = id(df)
    del df
    gc.collect()
    assert ident not in frame._SOURCES_MEMO  # a frame that is gone leaves nothing behind


def grid_table():
    from indicators.views import Table

    df = pd.DataFrame(
        {
            "Economy": ["Albania", "Kosovo*", "Serbia"],
            "Score": [72.35, None, 61.0],
            "Coverage": [80.0, 20.0, 100.0],
            "Period": pd.array(["2024", "2023", pd.NA], dtype="string"),
        }
    )
    return Table(df, formats={"Score": "%.1f"}, progress=("Coverage",))


def test_a_table_is_turned_into_arrow_as_streamlit_turns_it_once_per_object_and_language():
    from streamlit import dataframe_util

    from ui import views

    t = grid_table()
    try:
        for lang in ("en", "sq"):
            i18n.set_language(lang)
            frame_shown, formats, table = views.shown(t)
            fresh_frame, fresh_formats = t.shown()
            pd.testing.assert_frame_equal(frame_shown, fresh_frame)
            assert formats == fresh_formats
            # the bytes st.dataframe sends are those it sends for the frame itself
            assert dataframe_util.convert_arrow_table_to_arrow_bytes(
                table
            ) == dataframe_util.convert_pandas_df_to_arrow_bytes(fresh_frame)
            assert views.shown(t)[2] is table  # remembered
        i18n.set_language("en")
        assert views.shown(t)[1] == {"Score": "%.1f"}  # English keeps the numbers for the grid's format
        assert views.shown(t)[0]["Score"].dtype.kind == "f"
    finally:
        i18n.set_language("en")
    assert views.turned(t, "Economy") is views.turned(t, "Economy")
    ident = id(t)
    del t
    gc.collect()
    assert ident not in views._HELD  # a table that is gone leaves nothing behind


def test_a_frame_arrow_cannot_hold_is_left_to_streamlit():
    from ui import views

    mixed = pd.DataFrame({"x": [1, "a", 2.5]}, dtype=object)
    assert views.arrow(mixed) is None


def test_the_pages_are_made_once_per_language_and_handed_out_as_copies(bundled_data_dir):
    """dashboard.py's pages come from ui/navigation.py: made on the first run in a language, then copied for
    each run (st.navigation marks the page it returns as runnable; two sessions must not share that mark)."""
    from indicators.model import page_registry
    from tests.apptest_helpers import run_page
    from ui import navigation

    at = run_page(bundled_data_dir, "glossary")
    assert not at.exception
    i18n.set_language("en")
    try:
        made = navigation.pages_made()
        first, second = navigation.pages(), navigation.pages()
        flat = [p for pages in first.values() for p in pages]
        again = [p for pages in second.values() for p in pages]
        shared = [p for pages in made.values() for p in pages]
        assert [p.url_path for p in flat] == [p.url_path for p in again] == [p.url_path for p in shared]
        assert [p.url_path or page_registry.DEFAULT.key for p in flat] == page_registry.keys()
        assert all(a is not b and a is not c for a, b, c in zip(flat, again, shared))  # fresh copies
        assert [p.title for p in flat] == [p.title for p in page_registry.PAGES]  # titles in the run's language
        assert list(first) == list(page_registry.by_section())
        assert navigation._MADE["en"] is made  # kept per language
        assert navigation.pages_made() is made  # not made again
        plans = navigation.page("plans")
        assert plans.url_path == "plans" and navigation.page("pages/plans.py").url_path == "plans"
        assert plans is not navigation.page("plans")
        assert navigation.page("https://example.org") == "https://example.org"  # not a registered page: as given
    finally:
        i18n.set_language("en")


def test_a_kept_matrix_is_what_turning_and_fitting_afresh_gives():
    """Issue 25: a status matrix (row labels in its index) is turned and fitted once per Table, language and
    column config; the frame, config and arguments equal those made afresh, and the config handed out is a copy."""
    from indicators.render import tablefit
    from indicators.views import Table
    from ui import views

    economies = ["Albania", "Bosnia and Herzegovina", "Kosovo*", "Montenegro", "North Macedonia", "Serbia"]
    frame = pd.DataFrame(
        {e: ["● in place (2021)", "◐ partly", "○ missing"] for e in economies},
        index=pd.Index(["National strategy", "NIS2 transposition", "CSIRT"], name="Fact"),
    )
    t = Table(frame)
    turned = frame.T.rename_axis("Fact") if tablefit.better_turned(frame.reset_index(), "") is not None else frame
    config, extra = views.fitted(turned, {}, hide_index=False, height=200)
    extra.pop("hide_index")
    first = views.matrix(t, {}, height=200)
    again = views.matrix(t, {}, height=200)
    assert first[0] is again[0]  # the frame is kept
    assert first[0].equals(turned) and list(first[0].index) == list(turned.index)
    assert first[1] == again[1] == config and first[2] == extra
    first[1].clear()  # what the caller got is its own copy
    assert views.matrix(t, {}, height=200)[1] == config
