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
