"""Economy profile: pillar radar against the WB6 average, strengths and gaps, the gap table (compact on
phones), the status matrix, key facts and a one-page country brief. The numbers come from
indicators.views.profile; this page reads the URL, draws the widgets and renders."""

from __future__ import annotations

import streamlit as st

from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.text.i18n import _, current_language, language_param, ngettext
from indicators.text.markup import md
from indicators.views.profile import PERIODS, brief_filename, gap_rule_caption, permalink
from ui import blocks, data, frame, pickers, state, views
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
with right:
    st.subheader(_("Pillar table"), anchor=False)
    views.table(view.pillar_table, key="profile_pillar_table", width="stretch")
    st.caption(view.pillar_summary + ".")
    st.caption(view.pillar_method)
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
with st.expander(_("Plan items addressing each gap"), key="profile_plan_links"):
    for ind_id, name in zip(view.gap_rows["indicator_id"], view.gap_rows["indicator"]):
        n = view.plan_counts[ind_id]
        g1, g2 = st.columns([3, 2])
        g1.markdown(f"**{md(name)}**")
        with g2:
            if n:
                st.page_link(
                    "pages/plans.py",
                    label=ngettext("{n} plan item addresses this gap", "{n} plan items address this gap", n).format(
                        n=n
                    ),
                    icon=":material/checklist:",
                    query_params={"economy": economy, "indicator": ind_id, **language_param()},
                )
            else:
                st.caption(_("No plan item addresses this gap."))
    st.page_link(
        "pages/plans.py",
        label=_("All plan items of {economy}").format(economy=display_name(economy)),
        icon=":material/list:",
        query_params={"economy": economy, **language_param()},
    )
frame.sources_line(view.gap_sources)

st.header(_("Status lens: legal and institutional facts"), anchor=False)
st.caption(view.status_caption)
views.table(view.status_table, key="profile_status_table", width="stretch")
frame.sources_line(view.status_sources)
st.page_link(  # peer learning: who in the region has in place what this economy lacks (issue 28)
    "pages/cooperation.py",
    label=_("Peer-learning opportunities, reform planner and who sits at the table"),
    icon=":material/handshake:",
    query_params={"economy": economy, **language_param()},
)

st.header(_("Key facts"), anchor=False)
cols = st.columns(3)
for i, fact in enumerate(view.facts):
    with cols[i % 3].container(border=True, key=f"fact_{fact.indicator_id}"):
        st.markdown(f"**{fact.label}**")
        st.markdown(f"*{fact.value}*" if fact.missing else f"**{fact.value}**")
        if fact.note:
            st.caption(fact.note)
        st.caption(fact.provenance)
        for alt in fact.alternatives:
            st.caption("⚠ " + alt)
frame.sources_line(view.fact_sources)

st.header(_("Country brief"), anchor=False)
link, _note = permalink(view, data.public_base_url(), current_language())
st.caption(
    _(
        "One A4 page: pillar scores against the WB6 average, status of key facts, top gaps with their "
        "scales, key facts with dates, sources, the data date and a citation with the permalink."
    )
)
b1, b2 = st.columns(2)
b1.download_button(
    _("Country brief (PDF, A4)"),
    data.profile_brief(view, link, "pdf"),
    mime="application/pdf",
    file_name=brief_filename(economy, data.warehouse().build_id, "pdf"),
    key="profile_brief_pdf",
    icon=":material/picture_as_pdf:",
)
b2.download_button(
    _("Country brief (PNG image)"),
    data.profile_brief(view, link, "png"),
    mime="image/png",
    file_name=brief_filename(economy, data.warehouse().build_id, "png"),
    key="profile_brief_png",
    icon=":material/image:",
)
# the public-URL hint is operator text: it goes to the presenter's setup (README "Presenter setup"), not to
# visitors; the brief itself prints "link: ask the presenter" when no public URL is set
if view.kosovo_footnote:
    frame.kosovo_footnote()
