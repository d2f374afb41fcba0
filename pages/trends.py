"""Trends by edition: the ITU GCI and the NCSI over time, one chart per economy, with every
methodology change drawn as a break (separate traces, a labelled dashed line), never one line.
The numbers come from indicators.views.trends; this page reads the URL, draws the widgets and renders."""

from __future__ import annotations

import streamlit as st

from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.text.i18n import _
from indicators.views.trends import INDEXES, index_label
from ui import blocks, data, frame, links, state, views
from ui.router import ensure_router

ensure_router()

frame.page_header(
    _("Trends by edition"),
    _(
        "How each economy's index results moved across editions. Editions with a different "
        "methodology are separate series: a dashed line marks every break, and points are "
        "never joined across it."
    ),
)

index = state.choice("index", list(INDEXES), "gci", _("index"))
economies = state.economies(default=ECONOMY_CODES, min_n=1, max_n=6)
c1, c2 = st.columns([2, 4])
with c1:
    index = (
        st.segmented_control(
            _("Index"),
            list(INDEXES),
            default=index,
            key="trends_index",
            required=True,
            format_func=index_label,
        )
        or "gci"
    )
with c2:
    chosen = st.multiselect(
        _("Economies"),
        ECONOMY_CODES,
        default=economies,
        format_func=display_name,
        key="trends_economies",
        max_selections=6,
    )
state.write(index=index, economies=list(chosen) or None)

if not chosen:
    st.info(_("Choose at least one economy."), icon=":material/info:")
else:
    view = data.trends_view(index, chosen)
    st.header(view.heading, anchor=False)
    cols = st.columns(2 if len(view.charts) > 1 else 1, gap="large")
    for i, chart in enumerate(view.charts):
        with cols[i % len(cols)]:
            blocks.plotly_chart(chart.figure, key=chart.key, config={"displayModeBar": False})
            st.caption(chart.summary)
    st.caption(view.scale_caption)
    st.subheader(_("Table: every edition"), anchor=False)
    views.table(view.table, key=f"trends_table_{index}", width="stretch")
    st.caption(_("Cells: value on the edition's own scale (normalised 0-100 in brackets)."))
    if view.demo:
        frame.demo_badge()
    frame.sources_line(view.sources)
    if view.kosovo_footnote:
        frame.kosovo_footnote()
links.related_links("trends")
