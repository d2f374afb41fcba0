"""Economy profile: pillar radar against the WB6 average, strengths and gaps, the gap table (compact on
phones), the status matrix, key facts and a one-page country brief. The numbers come from
indicators.views.profile; this page reads the URL, draws the widgets and renders."""

from __future__ import annotations

import streamlit as st

from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.text.i18n import _
from indicators.views.profile import PERIODS, gap_rule_caption
from ui import blocks, data, frame, pickers, state, views
from ui import profile as profile_ui
from ui.router import ensure_router

ensure_router()

economy = state.economy()
period = state.choice("period", list(PERIODS), "latest", _("period"))
c1, c2 = st.columns([3, 2])
with c1:
    economy = st.selectbox(
        _("Economy"), ECONOMY_CODES, index=ECONOMY_CODES.index(economy), format_func=display_name, key="profile_economy"
    )
with c2:
    period = pickers.reference_period(PERIODS, period, "profile_period", required=False)
state.write(economy=economy, period=None if period == "latest" else period)
view = data.profile_view(economy, period)

frame.page_header(
    view.title, _("Where the economy stands per pillar, against the WB6 average and the best in the region.")
)
st.header(_("Index lens: pillar scores from graded measurements"), anchor=False)
left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(_("Pillar scores against the WB6 average"), anchor=False)
    blocks.plotly_chart(view.radar, key="profile_radar", config={"displayModeBar": False, "responsive": True})
with right:  # the summary beside the radar; the table below at full width, so no cell is cut off at 1440 px
    st.caption(view.pillar_summary + ".")
    st.caption(view.pillar_method)
st.subheader(_("Pillar table"), anchor=False)
views.table(view.pillar_table, key="profile_pillar_table", width="stretch")
frame.sources_line(view.pillar_sources)

st.header(_("Strengths and gaps"), anchor=False)
s1, s2 = st.columns(2, gap="large")
with s1:
    st.subheader(_("Strengths (highest normalised scores)"), anchor=False)
    st.markdown("\n".join(f"- {line}" for line in view.strengths) or _("No scored indicator."))
with s2:
    st.subheader(_("Largest gaps to the WB6 best"), anchor=False)
    st.markdown("\n".join(f"- {line}" for line in view.top_gaps) or _("No scored gap."))
st.caption(
    _(
        "Chosen from the normalised scores (0-100) of graded index indicators; legal and institutional "
        "facts are in the status matrix below. Where the economy's latest value and the WB6 best come from "
        "different years, the gap says so."
    )
)

st.header(_("Gap table: where the largest gaps are"), anchor=False)
show_all = st.toggle(
    _("Show all columns"),
    value=False,
    key="profile_gap_all",
    help=_(
        "The compact form shows indicator, value, gap and priority; all columns add the score, "
        "WB6 best and median, target, plan items, period, confidence and source."
    ),
)
views.table(
    view.gap_table,
    key="profile_gap_table",
    width="stretch",
    column_order=None if show_all else list(view.gap_compact),
    # compact: pixel widths that fit the four columns on a 390 px phone (wider screens share out the rest)
    column_config={
        _("Indicator"): st.column_config.TextColumn(width="medium" if show_all else 140),
        _("Value"): st.column_config.TextColumn(width="small" if show_all else 84),
        _("Priority"): st.column_config.TextColumn(width="small" if show_all else 76),
        _("Gap to best"): st.column_config.TextColumn(
            width="small" if show_all else 54, help=_("Normalised points (of 100)")
        ),
        _("Plan items"): st.column_config.NumberColumn(
            help=_("Capacity-building plan items (not cancelled) that address this gap")
        ),
    },
)
if view.demo_plans:
    frame.demo_badge(_("the 'Plan items' column counts made-up plan items"))
st.caption(gap_rule_caption())
st.download_button(
    _("Download the gap table (CSV)"),
    view.gap_csv,
    file_name=f"wb6-gaps-{economy.lower()}.csv",
    mime="text/csv",
    key="profile_download_gaps",
    icon=":material/download:",
)
profile_ui.plan_links(view, economy)
frame.sources_line(view.gap_sources)

st.header(_("Status lens: legal and institutional facts"), anchor=False)
st.caption(view.status_caption)
views.table(view.status_table, key="profile_status_table", width="stretch")
frame.sources_line(view.status_sources)
profile_ui.peer_learning(view, economy, PERIODS[period])

st.header(_("Key facts"), anchor=False)
profile_ui.key_facts(view)

st.header(_("Country brief"), anchor=False)
profile_ui.brief_downloads(view, economy)
if view.kosovo_footnote:
    frame.kosovo_footnote()
