"""Figure builders: pure functions returning plotly figures (unit-tested, no Streamlit)."""

from __future__ import annotations

import math
import re

import pandas as pd
import plotly.graph_objects as go

from indicators.model.catalog import PILLAR_IDS, Catalog
from indicators.model.economies import WB6_AVERAGE_COLOUR, colour, display_name
from indicators.text.i18n import _

FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=16, color="#1a1a1a")


def _num(x) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def _two_lines(text: str, width: int = 16) -> str:
    """A long axis note on two lines (at the space nearest its middle), so it is not clipped at the edge."""
    if len(text) <= width or " " not in text:
        return text
    mid = len(text) // 2
    cut = min((i for i, c in enumerate(text) if c == " "), key=lambda i: abs(i - mid))
    return text[:cut] + "<br>" + text[cut + 1 :]


def pillar_axis_labels(
    scores: pd.DataFrame, catalog: Catalog, economy: str | None = None, reasons: dict[str, str] | None = None
) -> list[str]:
    """Radar axis labels with coverage, e.g. 'Legal (4 of 5)' or 'Inclusion (no data)'; where ``reasons``
    says why a pillar has no value (pillar -> 'not covered by the ITU GCI'), that instead of 'no data'."""
    labels = []
    for pid in PILLAR_IDS:
        name = _(catalog.pillar_name(pid)).replace(" ", "<br>", 1)  # two lines: long names are not clipped
        if economy is None:
            labels.append(name)
            continue
        row = scores[(scores["economy"] == economy) & (scores["pillar"] == pid)].iloc[0]
        if row["n"] == 0:
            why = (reasons or {}).get(pid) or row.get("missing_reason") or _("no data")
            labels.append(f"{name}<br>({_two_lines(why)})")
        elif "meets_rule" in row and not bool(row["meets_rule"]):
            why = _two_lines("(" + _("insufficient: {n} of {m}").format(n=row["n"], m=row["m"]) + ")")
            labels.append(f"{name}<br>{why}")
        else:
            labels.append(f"{name}<br>(" + _("{n} of {m}").format(n=row["n"], m=row["m"]) + ")")
    return labels


def average_legend(averages: list, counts: list[int]) -> str:
    """The legend of the WB6 average line with its n: 'WB6 average (average of 5)', or 'average of 4-6'
    when the pillars differ; plain 'WB6 average' when no pillar has one."""
    ns = sorted({int(n) for a, n in zip(averages, counts) if a is not None})
    if not ns:
        return _("WB6 average")
    n = str(ns[0]) if len(ns) == 1 else f"{ns[0]}-{ns[-1]}"
    return _("WB6 average (average of {n})").format(n=n)


def radar(
    scores: pd.DataFrame,
    average: pd.DataFrame,
    catalog: Catalog,
    economies: list[str],
    *,
    show_average: bool = True,
    height: int | None = 520,
    compact: bool = False,
    reasons: dict[str, str] | None = None,
) -> go.Figure:
    """Pillar radar for one or more economies against the WB6 average.

    A pillar with no data, or with coverage below the rule, is a gap in the line (None), never 0; its
    axis label says "no data" or "insufficient". The WB6 average line is drawn only where it exists
    (at least 4 economies meet the rule), and its legend says so.

    ``compact``: sized for any container down to a 390 px phone (narrow margins, the radial ticks
    drawn between two axes so they never collide with an axis label, dark tick text).
    """
    fig = go.Figure()
    axis_economy = economies[0] if len(economies) == 1 else None
    theta = pillar_axis_labels(scores, catalog, axis_economy, reasons)
    if show_average:
        avg_rows = average.set_index("pillar")
        avg = [_num(avg_rows.loc[p, "score"]) for p in PILLAR_IDS]
        counts = [int(avg_rows.loc[p, "economies"]) if "economies" in avg_rows else 0 for p in PILLAR_IDS]
        fig.add_trace(
            go.Scatterpolar(
                r=avg + avg[:1],
                theta=theta + theta[:1],
                name=average_legend(avg, counts),
                mode="lines+markers",
                line=dict(color=WB6_AVERAGE_COLOUR, dash="dash", width=2),
                marker=dict(size=7),
                connectgaps=False,
                customdata=counts + counts[:1],
                hovertemplate="%{theta}: %{r:.1f} ("
                + _("average of")
                + " %{customdata})<extra>"
                + _("WB6 average")
                + "</extra>",
            )
        )
    for eco in economies:
        mine = scores[scores["economy"] == eco].set_index("pillar")
        vals = [_num(mine.loc[p, "score"]) for p in PILLAR_IDS]
        fig.add_trace(
            go.Scatterpolar(
                r=vals + vals[:1],
                theta=theta + theta[:1],
                name=display_name(eco),
                mode="lines+markers",
                line=dict(color=colour(eco), width=3),
                marker=dict(size=9),
                connectgaps=False,
                fill="toself" if len(economies) == 1 and None not in vals else "none",
                opacity=0.9,
                hovertemplate="%{theta}: %{r:.1f}<extra>" + display_name(eco) + "</extra>",
            )
        )
    fig.update_layout(
        polar=dict(
            radialaxis=dict(range=[0, 100], tickvals=[0, 25, 50, 75, 100], tickfont=dict(size=13), gridcolor="#cccccc"),
            angularaxis=dict(tickfont=dict(size=15), gridcolor="#cccccc"),
            bgcolor="white",
        ),
        font=FONT,
        height=height,
        margin=dict(l=120, r=120, t=40, b=40),
        paper_bgcolor="white",
        legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="center", x=0.5, font=dict(size=15)),
        showlegend=True,
    )
    if compact:
        fig.update_layout(
            height=480,
            margin=dict(l=86, r=86, t=64, b=40),
            polar=dict(
                radialaxis=dict(
                    angle=60, tickangle=60, tickfont=dict(size=12, color="#222"), tickvals=[25, 50, 75, 100]
                ),
                angularaxis=dict(rotation=90, direction="clockwise", tickfont=dict(size=12, color="#222")),
            ),
            legend=dict(font=dict(size=14), y=-0.16),
        )
    return fig


def fit_legend_below_labels(fig: go.Figure, circle: int = 318, legend_room: int = 58) -> go.Figure:
    """Room under a compact radar's circle for its bottom axis label, as many lines as that label has
    (a pillar with no value and a two-line reason has four), with the legend pinned to the figure's
    bottom edge below it: the legend never touches the label, and the circle keeps its size (issues 15
    and 22). ``legend_room``: the two legend rows when they wrap on a narrow column. Returns the figure."""
    theta = list(fig.data[0].theta) if fig.data and fig.data[0].theta is not None else []
    bottom = str(theta[len(PILLAR_IDS) // 2]) if len(theta) > len(PILLAR_IDS) // 2 else ""
    lines = bottom.count("<br>") + 1
    b = legend_room + 12 + 17 * lines
    return fig.update_layout(
        height=56 + circle + b,
        margin=dict(l=76, r=76, t=56, b=b),
        legend=dict(yref="container", y=0.01, yanchor="bottom", xanchor="center", x=0.5),
    )


def _label_width(label: str, font_px: float) -> float:
    """An axis label's widest line in px (an upper estimate for the dashboard's sans-serif fonts)."""
    lines = re.sub(r"<(?!br)[^>]+>", "", str(label)).split("<br>")
    return max((len(line) for line in lines), default=0) * font_px * 0.5


def fit_radar_margins(fig: go.Figure, font_px: float, width: float, pad: float = 14) -> go.Figure:
    """Margins of a (not compact) radar just wide and tall enough for its axis labels and its legend, so
    the circle takes the rest of a ``width`` px wide figure: fixed margins of 150-190 px left a 720p
    projector slide a circle of about 150 px (issue 22). The radar's six axes start at the right and go
    counter-clockwise: the labels at 0 and 180 degrees stand fully beside the circle, the diagonal ones half
    a radius less, and the diagonal labels' lines reach above and below it. The legend is pinned to the
    figure's bottom edge, under the lowest label. Returns the figure."""
    theta = list(fig.data[0].theta)[: len(PILLAR_IDS)] if fig.data and fig.data[0].theta is not None else []
    if len(theta) < len(PILLAR_IDS):
        return fig
    w = [_label_width(t, font_px) for t in theta]
    tall = [(str(t).count("<br>") + 1) * 1.3 * font_px for t in theta]
    names = [str(t.name or "") for t in fig.data if t.showlegend is not False]
    entries = sum(len(n) * font_px * 0.5 + 3 * font_px for n in names)
    height = float(fig.layout.height or 520)
    left = right = top = bottom = 120.0
    for _round in range(5):  # the radius depends on the margins and the margins on the radius
        radius = max(40.0, min((height - top - bottom) / 2, (width - left - right) / 2))
        right = pad + max(w[0], w[1] - radius / 2, w[5] - radius / 2)
        left = pad + max(w[3], w[2] - radius / 2, w[4] - radius / 2)
        top = pad + max(font_px, max(tall[1], tall[2]) + 0.4 * font_px - 0.13 * radius)
        # a horizontal legend wider than the plot area puts each entry on a row of its own
        rows = 1 if entries <= width - left - right else max(1, len(names))
        bottom = pad + rows * 1.4 * font_px + 8 + max(0.0, max(tall[4], tall[5]) + 0.4 * font_px - 0.13 * radius)
    return fig.update_layout(
        margin=dict(l=round(left), r=round(right), t=round(top), b=round(bottom)),
        legend=dict(orientation="h", yref="container", y=0, yanchor="bottom", xanchor="center", x=0.5),
    )


def demo_watermark(fig: go.Figure) -> go.Figure:
    """Write "DEMONSTRATION DATA" large and diagonally across a chart built from synthetic data, so the chart
    (and any screenshot or image saved from it) can never pass for real figures. Returns the figure."""
    fig.add_annotation(
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        showarrow=False,
        textangle=-18,
        text=_("DEMONSTRATION DATA"),
        font=dict(size=42, color="rgba(154, 74, 0, 0.28)"),
        name="demo_watermark",
    )
    return fig
