"""One rounding rule for every number a reader sees: half away from zero on the number as written. Montenegro's
Legal pillar score is 72.35 (stored as 72.3499999...); the profile's text summary once said 72,3 while its
table (NumPy, half to even) said 72,4 and the radar's hover (d3 toFixed) 72.3."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from indicators.text import formatting
from indicators.text.i18n import format_number, format_percent, format_trimmed, localize_figure, rounded
from indicators.views import Table

TIES = [(72.35, "72.4"), (44.45, "44.5"), (37.65, "37.7"), (34.15, "34.2"), (2.675, "2.7"), (-72.35, "-72.4")]


@pytest.mark.parametrize(("value", "text"), TIES)
def test_every_formatter_rounds_a_tie_the_same_way(value, text):
    assert str(rounded(value, 1)) == text
    assert format_number(value, 1, "en") == text
    assert format_trimmed(value, 1, "en") == text
    assert formatting.format_number(value, 1) == text
    assert format_number(value, 1, "sr_Latn") == text.replace(".", ",")


def test_no_negative_zero_and_percentages():
    assert format_number(-0.04, 1, "en") == "0.0"
    assert format_trimmed(-0.004, 2, "en") == "0"
    assert format_percent(33.25, 1, "en") == "33.3%"
    assert format_percent(0.3325, 1, "en", ratio=True) == "33.3%"


def _to_fixed(value: float, digits: int) -> str:
    """JavaScript's toFixed (d3-format's "f", the grid's printf): the exact binary value, ties up."""
    from decimal import ROUND_HALF_UP, Decimal

    return str(Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def test_chart_hover_shows_what_the_text_shows():
    fig = go.Figure(go.Scatterpolar(r=[72.35, 50.0, None, 44.45], theta=list("abcd"), hovertemplate="%{r:.1f}"))
    r = localize_figure(fig, "en").data[0].r
    assert [_to_fixed(v, 1) for v in r if v is not None] == ["72.4", "50.0", "44.5"]
    assert r[1] == 50.0 and abs(r[0] - 72.35) < 1e-12  # moved by units in the last place, no more
    untouched = go.Figure(go.Bar(y=[72.35], hovertemplate="%{y}"))
    assert localize_figure(untouched, "en").data[0].y == (72.35,)


def test_an_english_table_grid_shows_what_the_text_shows():
    table = Table(pd.DataFrame({"score": [72.35, 1.0, None]}), {"score": "%.1f"})
    frame, formats = table.shown("en")
    assert formats == {"score": "%.1f"} and _to_fixed(frame["score"][0], 1) == "72.4"
    assert pd.isna(frame["score"][2]) and table.frame["score"][0] == 72.35  # the view's own frame unchanged
    assert table.shown("mk")[0]["score"].tolist() == ["72,4", "1,0", ""]
