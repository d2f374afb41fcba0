"""The profile radar's legend sits below its bottom axis label, however many lines that label has (issue 22):
the room under the circle grows with the label, the circle keeps its size."""

from __future__ import annotations

import plotly.graph_objects as go

from indicators.model.catalog import PILLAR_IDS
from indicators.render.figures import fit_legend_below_labels


def _fig(bottom: str) -> go.Figure:
    theta = [f"Pillar<br>{i}<br>(1 of 1)" for i in range(len(PILLAR_IDS))]
    theta[len(PILLAR_IDS) // 2] = bottom
    return go.Figure(go.Scatterpolar(r=[1] * len(theta), theta=theta))


def test_room_under_the_circle_grows_with_the_bottom_label():
    three = fit_legend_below_labels(_fig("Capacity<br>development<br>(4 of 4)")).layout
    four = fit_legend_below_labels(_fig("Capacity<br>development<br>(not covered by<br>the ITU GCI)")).layout
    assert four.margin.b - three.margin.b == 17  # one line more, one line's room more
    # the circle's room (height less top and bottom margins) is the same
    assert three.height - three.margin.t - three.margin.b == four.height - four.margin.t - four.margin.b == 318
    # the legend is pinned to the figure's bottom edge, inside the bottom margin
    assert three.legend.yref == "container" and three.legend.yanchor == "bottom" and three.legend.y < 0.05
    assert three.margin.b >= 58 + 3 * 17
