"""View models: for each page, one pure function that returns everything the page shows.

Layout (one module per page, named after the page file ``pages/<name>.py``):

- ``indicators/views/<name>.py`` holds a frozen dataclass ``<Name>View`` and a function
  ``build(...) -> <Name>View``. ``build`` takes the selection (already parsed from the URL and the
  widgets) and the data it needs (warehouse tables, catalog), and returns the tables with their labels
  (:class:`Table`), the plotly figures, the captions (data parts escaped with
  :mod:`indicators.text.markup`), the badge flags, the sources actually used by those numbers and the
  messages for URL parameters that could not be used. Selection-independent work that several
  selections share (per build) is split into a ``prepare(...)`` function when it is costly.
- Pure: no Streamlit, no I/O beyond what is passed in; unit-tested on small fixture frames.
- The page (``pages/<name>.py``) reads the URL state, draws the widgets, calls the view model through a
  caching wrapper in ``ui/data.py`` (keyed by build id, language and selection) and renders.
  ``ui/views.py`` renders the shared pieces (a :class:`Table` as a dataframe).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from indicators.method.scoring import state_legend
from indicators.model.vocabulary import (  # noqa: F401 - CONFIDENCE_LEVELS re-exported
    CONFIDENCE_LEVELS,
    confidence_count,
    confidence_description,
    confidence_label,
)
from indicators.text.i18n import _, format_number, ngettext, nudged_for_display, plotly_separators


@dataclass(frozen=True)
class Table:
    """A table as shown: columns already carry their (translated) labels.

    ``formats`` maps a numeric column to its printf format (``%.2f``); ``progress`` lists 0-100 columns
    drawn as progress bars; ``note`` is a line shown under the table (the legend of the flagged values,
    :func:`indicators.render.flags.legend`), empty for none."""

    frame: pd.DataFrame
    formats: dict = field(default_factory=dict)
    progress: tuple[str, ...] = ()
    note: str = ""

    @property
    def columns(self) -> list[str]:
        return list(self.frame.columns)

    def __len__(self) -> int:
        return len(self.frame)

    def shown(self, lang: str | None = None) -> tuple[pd.DataFrame, dict]:
        """The frame and the printf formats to draw it with, in the language's number format. The grid's
        printf formats always write a decimal point, so where the language writes a decimal comma (sq, sr, mk)
        each ``%.Nf`` column is written out with :func:`indicators.text.i18n.format_number` ("2,50") and
        drawn as text; a missing value stays empty, never 0. English keeps the numbers (sortable)."""
        if plotly_separators(lang).startswith("."):
            return _text_gaps_empty(self._ties_rounded_as_written()), dict(self.formats)
        frame, left = _text_gaps_empty(self.frame.copy()), {}
        for col, fmt in self.formats.items():
            decimals = re.fullmatch(r"%\.(\d+)f", fmt)
            if col in frame.columns and decimals:
                frame[col] = [
                    format_number(float(v), int(decimals.group(1)), lang) if pd.notna(v) else "" for v in frame[col]
                ]
            else:
                left[col] = fmt
        return frame, left

    def _ties_rounded_as_written(self) -> pd.DataFrame:
        """The frame for the grid's own printf formats, with the few values on a rounding tie (72.35 at one
        decimal) moved by a unit in the last place so that the grid shows what the text shows (72.4; see
        :func:`indicators.text.i18n.nudged_for_display`); the numbers stay numbers (sortable)."""
        frame = self.frame
        for col, fmt in self.formats.items():
            decimals = re.fullmatch(r"%\.(\d+)f", fmt)
            if col not in frame.columns or not decimals or not pd.api.types.is_float_dtype(frame[col]):
                continue
            shown = [nudged_for_display(v, int(decimals.group(1))) for v in frame[col]]
            if any(a != b for a, b in zip(shown, frame[col]) if a == a):
                frame = frame.copy() if frame is self.frame else frame
                frame[col] = shown
        return frame


def _text_gaps_empty(frame: pd.DataFrame) -> pd.DataFrame:
    """A missing cell of a text column drawn empty: the grid writes None/NaN as the English word "None"
    (seen in the overview's rank column for an unranked economy, issue 23). Numeric columns keep their NaN."""
    text = [
        c
        for c in frame.columns
        if (frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])) and frame[c].isna().any()
    ]
    if not text:
        return frame
    frame = frame.copy()
    for col in text:
        frame[col] = frame[col].fillna("")
    return frame


def confidence_in_words(df: pd.DataFrame) -> str:
    """The confidence of the values under a chart or table, in words a minister reads: "all 5 values
    secondary: read in a source that reports or transcribes the original"; a mix as "12 values verified
    (read in the publisher's own text); 3 values secondary (...)". One row is one value."""
    counts = df["confidence"].value_counts()
    levels = [c for c in CONFIDENCE_LEVELS if c in counts]
    if len(levels) == 1:
        level, n = levels[0], int(counts[levels[0]])
        return ngettext("the one value is {level}: {meaning}", "all {n} values {level}: {meaning}", n).format(
            n=format_number(n), level=confidence_label(level), meaning=confidence_description(level)
        )
    return "; ".join(
        ngettext("{n} value {level} ({meaning})", "{n} values {level} ({meaning})", int(counts[c])).format(
            n=format_number(int(counts[c])), level=confidence_label(c), meaning=confidence_description(c)
        )
        for c in levels
    )


def confidence_summary(df: pd.DataFrame) -> str:
    """'33,465 secondary, 12 verified': the confidence mix of the rows, counts in the language's number
    format. The one wording, used by the sources line under every chart (ui.frame) and the explorer."""
    counts = df["confidence"].value_counts()
    return ", ".join(confidence_count(c, counts[c]) for c in CONFIDENCE_LEVELS if c in counts)


def status_key() -> str:
    """The key under a status matrix: the marks of the fact states, and where a value's year is."""
    return _("Key") + ": " + state_legend() + ". " + _("Year of the value in brackets.")
