"""Mark a value its publisher flagged (Eurostat's observation flags: b break in series, u low reliability,
p provisional, e estimated, ...) on any chart or table, the one way every page does it:

- the value (or its label) carries the flag letter as a superscript: ``83.3 %ᵘ`` in a table cell or a
  caption (Unicode modifier letters), ``83.3 %<sup>u</sup>`` in a plotly text, label or hover;
- the hover says what the flag means, in the reader's language (``u: low reliability``);
- a legend line lists the flags present under the chart or table ("Flagged by the publisher: ᵘ u: low
  reliability · ᵇ b: break in time series"); no flag, no line.

The meanings come from the vocabulary (``indicators.model.vocabulary.FLAG_LABELS``, translated there); this
module only decides how a flag looks. Pure functions, no Streamlit. Whether a flagged value may be ranked
is not decided here (``vocabulary.unranked_flag`` and the comparability rule do that).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from indicators.model.vocabulary import FLAG_LABELS, flag_label
from indicators.text.i18n import _

# Unicode modifier letters (superscripts) for the letters Eurostat uses; a letter without one stays itself.
SUPERSCRIPT = {
    "b": "ᵇ",
    "c": "ᶜ",
    "d": "ᵈ",
    "e": "ᵉ",
    "f": "ᶠ",
    "n": "ⁿ",
    "p": "ᵖ",
    "r": "ʳ",
    "s": "ˢ",
    "u": "ᵘ",
    "z": "ᶻ",
}
LEGEND_COLOUR = "#444444"
LINE_PX = 18  # one line of the legend under a chart (13 px font)


def letters(flags: object) -> str:
    """The flag letters of one value, each once, in their order: 'bu' for 'bu', '' for None, NaN or ''.
    Anything but lower-case letters (a space, a comma) is dropped."""
    if not isinstance(flags, str):
        return ""
    return "".join(dict.fromkeys(ch for ch in flags if ch.isalpha() and ch.islower()))


def combined(*flags: object) -> str:
    """The letters of several values together (a gap of two values carries both values' flags)."""
    return letters("".join(letters(f) for f in flags))


def superscript(flags: object, html: bool = False) -> str:
    """'ᵘ' (``html=False``, for table cells and captions) or '<sup>u</sup>' (plotly text); '' for no flag."""
    got = letters(flags)
    if not got:
        return ""
    if html:
        return f"<sup>{got}</sup>"
    return "".join(SUPERSCRIPT.get(ch, ch) for ch in got)


def mark(text: object, flags: object, html: bool = False) -> str:
    """A value's text with its flags: '83.3 %ᵘ'; the text unchanged when the value has no flag."""
    return f"{text}{superscript(flags, html)}"


def meaning(flags: object) -> str:
    """What the flags mean, in the current language: 'u: low reliability'; '' for no flag."""
    got = letters(flags)
    return flag_label(got) if got else ""


def hover(flags: object, sep: str = " · ") -> str:
    """The end of a hover text: ' · u: low reliability' (with ``sep`` before it), '' for no flag."""
    text = meaning(flags)
    return f"{sep}{text}" if text else ""


def present(values: Iterable[object]) -> str:
    """Every flag letter among the values, once each, in the vocabulary's order (unknown ones last)."""
    seen = set()
    for v in values:
        seen.update(letters(v))
    order = list(FLAG_LABELS)
    return "".join(sorted(seen, key=lambda ch: (order.index(ch) if ch in order else len(order), ch)))


def _column(frame: pd.DataFrame | None, column: str) -> list:
    if frame is None or column not in frame.columns:
        return []
    return list(frame[column])


def legend(values: Iterable[object] | pd.Series | None, html: bool = False) -> str:
    """The legend line for the flags among ``values``: 'Flagged by the publisher: ᵇ b: break in time series ·
    ᵘ u: low reliability'; '' when none is flagged (nothing to explain, no line)."""
    got = present(values if values is not None else [])
    if not got:
        return ""
    parts = [f"{superscript(ch, html)} {flag_label(ch)}" for ch in got]
    return _("Flagged by the publisher") + ": " + " · ".join(parts)


def legend_of(frame: pd.DataFrame | None, *columns: str) -> str:
    """:func:`legend` over one or more flag columns of a frame (missing columns count as no flag)."""
    values = [v for c in (columns or ("flag",)) for v in _column(frame, c)]
    return legend(values)


def with_legend(text: str, values: Iterable[object] | pd.Series | None) -> str:
    """A caption with the flag legend appended as its own sentence (the caption unchanged without flags)."""
    line = legend(values)
    if not line:
        return text
    return f"{text} {line}." if text else f"{line}."


def flag_column(values: Iterable[object]) -> list[str]:
    """A table column beside numeric values: 'ᵘ u: low reliability' per flagged row, '' otherwise."""
    return [f"{superscript(v)} {meaning(v)}" if letters(v) else "" for v in values]


def annotate(fig: go.Figure, values: Iterable[object] | pd.Series | None, below_px: int = 56) -> go.Figure:
    """Write the legend under a plotly chart, one flag a line so it fits a phone (``below_px`` under the plot
    area, clear of the x axis and its title) and make room for it; the figure unchanged when no value is
    flagged. Returns ``fig``."""
    got = present(values if values is not None else [])
    if not got:
        return fig
    lines = [_("Flagged by the publisher") + ":", *(f"{superscript(ch, html=True)} {flag_label(ch)}" for ch in got)]
    margin = fig.layout.margin
    room = LINE_PX * len(lines) + 8
    bottom = max(margin.b if margin is not None and margin.b is not None else 80, below_px) + room
    fig.add_annotation(
        text="<br>".join(lines),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        yshift=-below_px,
        showarrow=False,
        align="left",
        font=dict(size=13, color=LEGEND_COLOUR),
        name="flag_legend",
    )
    fig.update_layout(margin=dict(b=bottom), height=(fig.layout.height or 450) + room)
    return fig
