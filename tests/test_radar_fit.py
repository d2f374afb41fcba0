"""The profile radar's legend sits below its bottom axis label, however many lines that label has (issue 22):
the room under the circle grows with the label, the circle keeps its size."""

from __future__ import annotations

import plotly.graph_objects as go

from indicators.model.catalog import PILLAR_IDS
from indicators.render.figures import fit_legend_below_labels, fit_radar_margins


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


def test_deck_radar_margins_follow_its_labels_and_legend():
    """Issue 22: a projector radar's margins are as wide as its side labels need (not a fixed 150-190 px),
    so the circle grows; longer labels and more legend entries take more room, never less."""

    def deck(labels, names=("WB6 average (average of 4-6)", "Albania")):
        fig = go.Figure([go.Scatterpolar(r=[1] * 7, theta=labels + labels[:1], name=n) for n in names])
        return fit_radar_margins(fig.update_layout(height=440), 15, 500).layout

    short = ["Legal", "Technical", "Organisational", "Capacity<br>development", "Cooperation", "Inclusion"]
    long = [s + "<br>(not covered by<br>the ITU GCI)" for s in short]
    a, b = deck(short), deck(long)
    assert a.margin.l < 150 and a.margin.r < 150  # "development" is the widest side line: ~100 px
    assert b.margin.l > a.margin.l and b.margin.r > a.margin.r and b.margin.b > a.margin.b and b.margin.t > a.margin.t
    circle = min(500 - a.margin.l - a.margin.r, 440 - a.margin.t - a.margin.b)
    assert circle >= 240  # was about 150 px with the fixed margins
    four = deck(short, ("WB6 average (average of 4-6)", "Albania", "Bosnia and Herzegovina", "Kosovo*"))
    assert four.margin.b > a.margin.b  # each legend entry on its own row under the circle
    assert a.legend.yref == "container" and a.legend.yanchor == "bottom"
