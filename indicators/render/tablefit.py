"""Tables that fit the page (issue 22): column widths and a row height for a data grid so that a status or
comparison table of six economies fits a 1440 px screen (the main column is about 950 px beside the
sidebar) without a sideways scroll, and every cell shows whole words (wrapped) rather than "not assesse".

Pure functions: the Streamlit glue (ui/views.py) passes the widths as column widths and the row height to
``st.dataframe``; the grid lets fixed-width columns grow to fill a wider container, and wraps text only
when rows are taller than 64 px.
"""

from __future__ import annotations

import math

import pandas as pd

CHAR_PX = 7.6  # the grid's 14 px sans-serif, an average character (upper estimate for mixed text)
HEADER_PX = 8.2  # the header's semibold characters
CELL_PAD = 26  # cell padding and the sort icon's room
BUDGET = 900  # px: what a full-width table may take at 1440 px beside the sidebar (~950 px) and a margin
FIRST_MAX = 240  # px: the label column (fact, indicator, pillar) at most
OTHER_MAX = 150  # px: a value column at most
WRAP_MIN_ROW = 66  # px: the grid wraps text only in rows taller than 4 rem (64 px)
LINE_PX = 20
MAX_LINES = 4


def _texts(frame: pd.DataFrame, col) -> list[str]:
    values = frame[col] if not isinstance(frame[col], pd.DataFrame) else frame[col].iloc[:, 0]
    return [str(v) for v in values.tolist() if v is not None and not (isinstance(v, float) and math.isnan(v))]


def natural_width(frame: pd.DataFrame, col) -> float:
    """The px a column takes unwrapped: its longest cell or its header."""
    longest = max([len(str(col))] + [len(t) for t in _texts(frame, col)])
    return longest * CHAR_PX + CELL_PAD


def _longest_word(frame: pd.DataFrame, col) -> float:
    words = [w for t in _texts(frame, col) + [str(col)] for w in t.split()]
    return max((len(w) for w in words), default=1) * CHAR_PX + CELL_PAD


def fit(frame: pd.DataFrame, budget: float = BUDGET) -> tuple[dict[str, int], int | None]:
    """Column widths (px) and a row height for ``frame`` when its columns side by side, unwrapped, are wider
    than ``budget``; otherwise ``({}, None)`` (the grid's own sizing is fine). Every column is at least as
    wide as its header and its longest word (nothing is cut mid-word); what is left of the budget goes to
    the columns by how much they need, the label column first. The row height is that of the most wrapped
    cell (at most four lines), and above the grid's 64 px so that it wraps."""
    cols = list(frame.columns)
    if not cols or frame.empty:
        return {}, None
    natural = {c: natural_width(frame, c) for c in cols}
    if sum(natural.values()) <= budget:
        return {}, None
    least = {c: max(_longest_word(frame, c), len(str(c)) * HEADER_PX + CELL_PAD) for c in cols}
    widths = dict(least)
    first = cols[0]
    left = budget - sum(widths.values())
    if left > 0:  # the label column first, up to FIRST_MAX
        extra = min(left, max(0.0, min(natural[first], FIRST_MAX) - widths[first]))
        widths[first] += extra
        left -= extra
    if left > 0:  # then the value columns, by what each still needs, up to OTHER_MAX
        need = {c: max(0.0, min(natural[c], OTHER_MAX) - widths[c]) for c in cols[1:]}
        total = sum(need.values())
        for c in cols[1:]:
            widths[c] += left * need[c] / total if total else 0.0
    widths = {str(c): round(w) for c, w in widths.items()}
    lines = 1
    for c in cols:
        room = max(1.0, widths[str(c)] - CELL_PAD)
        for t in _texts(frame, c):
            lines = max(lines, _lines(t, room))
    lines = min(lines, MAX_LINES)
    row = max(WRAP_MIN_ROW, 12 + LINE_PX * lines) if lines > 1 else None
    return widths, row


def _lines(text: str, room: float) -> int:
    """Lines ``text`` takes wrapped at word boundaries in ``room`` px."""
    lines, used = 1, 0.0
    for word in text.split():
        w = len(word) * CHAR_PX
        if used and used + CHAR_PX + w > room:
            lines, used = lines + 1, w
        else:
            used += (CHAR_PX if used else 0.0) + w
    return lines
