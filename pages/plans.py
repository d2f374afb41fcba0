"""Capacity-building plans: progress per economy and target group, overdue items, and the plan items
that address one gap of an economy profile (?economy=..&indicator=..) or one SIM3 parameter. Everything
shown comes from the view model indicators/views/plans.py; this page reads the URL, draws the widgets and
renders."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.text.i18n import _, language_param
from indicators.topics import plans
from indicators.views import plans as plans_view
from indicators.views.plans import ALL
from ui import blocks, data, frame, state, views
from ui.router import ensure_router

ensure_router()
NO_BAR = {"displayModeBar": False}

# --- selections from the URL (bad values: a short message and the default), then the widgets ---
today = dt.date.today()
sel = plans_view.parse(
    {k: state.values(k) for k in ("economy", "group", "indicator", "parameter", "as_of")},
    data.catalog(),
    data.sim3_model(),
    today,
)
for message in sel.messages:
    st.info(message, icon=":material/info:")
frame.page_header(
    _("Capacity-building plans"),
    _(
        "Plan items for cyber hygiene (general public, critical infrastructure, public-sector staff) and "
        "for CERT capacity: progress, what is overdue, and which gap each item addresses."
    ),
)
c1, c2, c3 = st.columns([2, 2, 1])
options = [ALL, *ECONOMY_CODES]
economy = c1.selectbox(
    _("Economy"),
    options,
    index=options.index(sel.economy),
    key="plans_economy",
    format_func=lambda e: _("All economies") if e == ALL else display_name(e),
)
options = [ALL, *plans.TARGET_GROUPS]
group = c2.selectbox(
    _("Target group"),
    options,
    index=options.index(sel.group),
    key="plans_group",
    format_func=lambda g: _("All target groups") if g == ALL else plans.target_group_label(g),
)
as_of = c3.date_input(_("Status as of"), value=sel.as_of or today, key="plans_as_of", format="YYYY-MM-DD") or today
sel = replace(sel, economy=economy, group=group, as_of=as_of)
state.write(
    economy=None if economy == ALL else economy,
    group=None if group == ALL else group,
    indicator=sel.indicator,
    parameter=sel.parameter,
    as_of=None if as_of == today else as_of.isoformat(),
)
view = data.plans_view(sel, today)
if view.demo_anywhere:
    frame.demo_badge(_("made-up plan items of made-up institutions"))

# --- 1. the items addressing one gap (from the economy profile) or one SIM3 parameter ---
if view.gap is not None:
    st.subheader(view.gap.heading, anchor=False)
    if view.gap.table is None:
        st.warning(_("No plan item addresses this gap."), icon=":material/playlist_remove:")
        st.caption(
            _(
                "Add one with the plan-items template (data/templates/plan_items_template.csv or .xlsx), "
                "setting linked_indicator (or linked_sim3_parameter) to this id."
            )
        )
    else:
        st.markdown(view.gap.count_text)
        views.table(view.gap.table, "plans_gap_table", width="stretch")
    if view.gap.back_to_profile:
        st.page_link(
            "pages/profile.py",
            label=_("Back to the economy profile of {economy}").format(economy=display_name(economy)),
            icon=":material/arrow_back:",
            query_params={"economy": economy, **language_param()},
        )
    st.page_link(
        "pages/plans.py",
        label=_("Show all plan items"),
        icon=":material/list:",
        query_params={**({"economy": economy} if economy != ALL else {}), **language_param()},
    )
    st.divider()

# --- 2. headline numbers ---
for col, (label, value, help_text) in zip(st.columns(4), view.metrics):
    col.metric(label, value, help=help_text)

# --- 3. progress per economy and target group ---
st.subheader(_("Progress per economy and target group"), anchor=False)
if view.progress is None:
    st.info(_("No plan items match this selection."), icon=":material/info:")
else:
    if view.demo:
        frame.demo_badge()
    blocks.plotly_chart(frame.demo_chart(view.progress.heatmap, view.demo), key="plans_progress_heatmap", config=NO_BAR)
    views.table(view.progress.table, "plans_summary_table", width="stretch")
    st.caption(view.progress.caption)
    st.caption(
        _(
            "Progress is the mean of the items that are not cancelled and report a progress; an item without a "
            "reported progress is left out, never counted as 0. An empty cell means no plan item."
        )
    )
    st.subheader(_("Plan items by status"), anchor=False)
    blocks.plotly_chart(frame.demo_chart(view.progress.status_bars, view.demo), key="plans_status_bars", config=NO_BAR)
    st.caption(view.progress.status_caption)

# --- 4. overdue items ---
st.subheader(view.overdue_title, anchor=False)
st.caption(_("Overdue: the deadline is before the 'status as of' date and the item is neither done nor cancelled."))
if view.overdue is None:
    st.success(_("No overdue items in this selection."), icon=":material/check_circle:")
else:
    if view.demo:
        frame.demo_badge()
    views.table(view.overdue, "plans_overdue_table", width="stretch")

# --- 5. all items in the selection ---
st.subheader(_("Plan items"), anchor=False)
if view.items is not None:
    if view.demo:
        frame.demo_badge()
    views.table(view.items, "plans_items_table", width="stretch")
    st.download_button(
        _("Download these plan items (CSV)"),
        view.csv,
        file_name=view.csv_name,
        mime="text/csv",
        key="plans_download",
        on_click="ignore",
    )
    # each item: the gap it closes and, through the reform planner, what completing it would change (issue 28)
    with st.expander(_("The gap each item closes, and what completing it would change"), key="plans_gap_links"):
        st.caption(
            _(
                "An open item links to the reform planner of the Cooperation page with that item chosen: a status "
                "fact it closes is projected in place (projection: not a measurement); index and survey values are "
                "never projected."
            )
        )
        for link in plans_view.plan_links(view.rows, data.observations(), data.catalog()):
            g1, g2 = st.columns([3, 2])
            g1.markdown(link.text)
            if link.query:
                g2.page_link(
                    "pages/cooperation.py",
                    label=_("What completing it would change"),
                    icon=":material/trending_up:",
                    query_params={**link.query, **language_param()},
                )
            else:
                g2.caption(_("Done or cancelled: nothing to plan."))
frame.sources_line(view.sources)
if view.kosovo_footnote:
    frame.kosovo_footnote()
