"""Tables that fit the page (issue 22): column widths and a row height for a data grid so that a status or
comparison table of six economies fits a 1440 px screen (the main column is about 1025 px beside the
sidebar) without a sideways scroll, and every cell shows whole words (wrapped) rather than "not assesse".

Pure functions: the Streamlit glue (ui/views.py) passes the widths as column widths and the row height to
``st.dataframe``; the grid lets fixed-width columns grow to fill a wider container, and wraps text only
when rows are taller than 4 rem (68 px with the theme's 17 px base font).
"""

from __future__ import annotations

import contextlib
import math
import threading
import weakref
from collections import OrderedDict

import pandas as pd

CHAR_PX = 6.2  # the grid's 14 px sans-serif: an average character (measured 5.5-5.8 px, with a margin)
HEADER_PX = 7.1  # a header character (measured 6.8-7.1 px)
WORD_PX = 6.4  # a character of the longest word (measured 5.5-5.8 px, the index column a little wider)
CYRILLIC_EXTRA = 0.9  # px more per Cyrillic letter: the grid draws sr_Cyrl and mk text about 6.7 px a character
# (a Kosovo* pillar cell of 87 characters, 52 of them Cyrillic, took 583 px at 1440 px), Latin text about 5.7 px
CELL_PAD = 24  # cell padding (16 px) and a margin
BUDGET = 990  # px: a full-width table at 1440 px beside the sidebar (~1025 px with ui/frame.py's padding)
WRAP_MIN_ROW = 70  # px: the grid wraps text only in rows taller than 4 rem: 68 px with the theme's 17 px base font
# (.streamlit/config.toml baseFontSize; 66 px rows were drawn on one line and cut)
LINE_PX = 20
MAX_LINES = 8
AUTO_MAX = 500  # px: the grid sizes a column by itself to at most 31.25 rem (maxColumnAutoWidth); a longer cell
# is cut there, and the grid's stretch then shares the page so that a short column ("4. од 6 (распон 3.-5.)") is cut
MAX_ROWS = 200  # a longer table is a data grid read by scrolling (the explorer's 35,000 rows), not a comparison
# table to fit on one screen: it keeps the grid's own sizing, and is not read cell by cell on every rerun


def _texts(frame: pd.DataFrame, col) -> list[str]:
    values = frame[col] if not isinstance(frame[col], pd.DataFrame) else frame[col].iloc[:, 0]
    return [str(v) for v in values.tolist() if v is not None and not (isinstance(v, float) and math.isnan(v))]


def _cyrillic(text: str) -> int:
    return sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")


def text_px(text: str, per_char: float = CHAR_PX) -> float:
    """The px ``text`` takes in the grid: ``per_char`` a character, Cyrillic letters wider by CYRILLIC_EXTRA."""
    return len(text) * per_char + _cyrillic(text) * CYRILLIC_EXTRA


def natural_width(frame: pd.DataFrame, col) -> float:
    """The px a column takes unwrapped: its longest cell or its header."""
    return max([text_px(str(col))] + [text_px(t) for t in _texts(frame, col)]) + CELL_PAD


def _header_width(col) -> float:
    return text_px(str(col), HEADER_PX) + CELL_PAD


def _longest_word(frame: pd.DataFrame, col) -> float:
    words = [w for t in _texts(frame, col) + [str(col)] for w in t.split()]
    return max((text_px(w, WORD_PX) for w in words), default=WORD_PX) + CELL_PAD


def _width_for(texts: list[str], lines: int, least: float, natural: float) -> float:
    """The narrowest width (px, from ``least`` to ``natural``) at which every text takes at most ``lines``."""
    lo, hi = least, max(least, natural)
    if all(_lines(t, lo - CELL_PAD) <= lines for t in texts):
        return lo
    for _step in range(20):
        mid = (lo + hi) / 2
        if all(_lines(t, mid - CELL_PAD) <= lines for t in texts):
            hi = mid
        else:
            lo = mid
    return hi


_MEMO: OrderedDict = OrderedDict()  # content key -> result of fit / better_turned (issue 25: computed once per table)
_MEMO_SIZE = 512
_MEMO_LOCK = threading.Lock()


_HASHED: dict[int, tuple[weakref.ref, tuple | None]] = {}  # frame object -> its content key (weakly held)


def _content_key(kind: str, frame: pd.DataFrame, *extra):
    """A key for ``frame``'s content (headers, dtypes, every cell: pandas' vectorised row hashes), or None when a
    cell cannot be hashed. The tables of a view model are the same on every rerun: their fit is measured once,
    and the same frame object (a cached view model's table) is hashed once."""
    ident = id(frame)
    held = _HASHED.get(ident)
    if held is not None and held[0]() is frame:
        content = held[1]
    else:
        try:
            rows = pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()
            content = (tuple(map(str, frame.columns)), tuple(map(str, frame.dtypes)), len(frame), rows)
        except (TypeError, ValueError):
            content = None
        with contextlib.suppress(TypeError):  # a frame that cannot be weakly held is hashed each time
            _HASHED[ident] = (weakref.ref(frame, lambda _r, memo=_HASHED: memo.pop(ident, None)), content)
    return None if content is None else (kind, content, extra)


def _memo(key, compute):
    if key is None:
        return compute()
    with _MEMO_LOCK:
        if key in _MEMO:
            _MEMO.move_to_end(key)
            return _MEMO[key]
    value = compute()
    with _MEMO_LOCK:
        _MEMO[key] = value
        while len(_MEMO) > _MEMO_SIZE:
            _MEMO.popitem(last=False)
    return value


def fit(frame: pd.DataFrame, budget: float = BUDGET) -> tuple[dict[str, int], int | None]:
    """Column widths (px) and a row height for ``frame`` when its columns side by side, unwrapped, are wider
    than ``budget``; their natural widths (unwrapped, no row height) when they fit but a cell is longer than
    the grid sizes a column by itself (:data:`AUTO_MAX`); otherwise ``({}, None)`` (the grid's own sizing is fine). Every column is at least as
    wide as its header and its longest word (nothing is cut mid-word). The grid's rows all have one
    height, so the widths are those that wrap the most wrapped cell onto the fewest lines within the
    budget (at most eight lines); what is left goes to the columns by what each still needs to show its
    longest cell on one line. The row height is above the grid's 4 rem (68 px), so that it wraps. A table of more
    than :data:`MAX_ROWS` rows keeps the grid's own sizing."""
    if not len(frame.columns) or frame.empty or len(frame) > MAX_ROWS:
        return {}, None
    widths, row = _memo(_content_key("fit", frame, budget), lambda: _fit(frame, budget))
    return dict(widths), row


def _fit(frame: pd.DataFrame, budget: float) -> tuple[dict[str, int], int | None]:
    cols = list(frame.columns)
    natural = {c: natural_width(frame, c) for c in cols}
    if sum(natural.values()) <= budget:
        if max(natural.values()) <= AUTO_MAX:
            return {}, None
        # fits unwrapped, but a cell longer than the grid sizes by itself: every column as wide as its longest
        # cell (the profile's pillar table of Kosovo* in sr_Cyrl: score and rank columns cut at 1440 px)
        # (and at least as wide as its header, measured at the header's size: the grid would size those itself)
        wide = {c: max(w, _header_width(c)) for c, w in natural.items()}
        if sum(wide.values()) <= budget:
            return {str(c): math.ceil(w) for c, w in wide.items()}, None
    least = {c: max(_longest_word(frame, c), _header_width(c)) for c in cols}
    texts = {c: list(dict.fromkeys(_texts(frame, c))) for c in cols}  # each distinct text measured once
    lines, widths = MAX_LINES, dict(least)
    for n in range(2, MAX_LINES + 1):
        trial = {c: _width_for(texts[c], n, least[c], natural[c]) for c in cols}
        if sum(trial.values()) <= budget:
            lines, widths = n, trial
            break
    left = budget - sum(widths.values())
    need = {c: max(0.0, natural[c] - widths[c]) for c in cols}
    total = sum(need.values())
    if left > 0 and total:  # what is left goes by what each column still needs to show unwrapped
        for c in cols:
            widths[c] += min(need[c], left * need[c] / total)
    widths = {str(c): round(w) for c, w in widths.items()}
    lines = max(
        [1] + [_lines(t, widths[str(c)] - CELL_PAD) for c in cols for t in texts[c]],
    )
    lines = min(lines, MAX_LINES)
    row = max(WRAP_MIN_ROW, 12 + LINE_PX * lines) if lines > 1 else None
    return widths, row


def _lines(text: str, room: float) -> int:
    """Lines ``text`` takes wrapped at word boundaries in ``room`` px."""
    lines, used = 1, 0.0
    for word in text.split():
        w = text_px(word)
        if used and used + CHAR_PX + w > room:
            lines, used = lines + 1, w
        else:
            used += (CHAR_PX if used else 0.0) + w
    return lines


def least_width(frame: pd.DataFrame) -> float:
    """The narrowest the columns can be side by side: each its header or its longest word."""
    return sum(max(_longest_word(frame, c), _header_width(c)) for c in frame.columns)


def transposed(frame: pd.DataFrame, corner: str) -> pd.DataFrame:
    """``frame`` turned a quarter: its first column's values become the headers and its other headers the
    first column, headed ``corner``. For a pillar-by-economy table of six economies and the WB6 average,
    whose economy headers alone are wider than the page, the pillar names are the shorter headers."""
    first = frame.columns[0]
    out = frame.set_index(first).T.reset_index()
    out.columns = [corner] + [str(c) for c in out.columns[1:]]
    return out


def rows_height(frame: pd.DataFrame) -> float:
    """The px the rows of ``frame`` take once fitted (35 px rows when the grid's own sizing is fine)."""
    _widths, row = fit(frame)
    return len(frame) * (row or 35)


def better_turned(frame: pd.DataFrame, corner: str) -> pd.DataFrame | None:
    """``frame`` turned a quarter when it does not fit the page unwrapped and, turned, it fits where the
    original does not, or is at least a fifth shorter (fewer wrapped lines); otherwise None."""
    if frame.empty or len(frame.columns) < 3:
        return None
    return _memo(_content_key("turned", frame, corner), lambda: _better_turned(frame, corner))


def _better_turned(frame: pd.DataFrame, corner: str) -> pd.DataFrame | None:
    if frame.empty or len(frame.columns) < 3 or frame[frame.columns[0]].duplicated().any():
        return None
    if sum(natural_width(frame, c) for c in frame.columns) <= BUDGET:
        return None  # fits as it is
    turned = transposed(frame, corner)
    if least_width(turned) > BUDGET:
        return None
    if least_width(frame) > BUDGET or rows_height(turned) < 0.8 * rows_height(frame):
        return turned
    return None
