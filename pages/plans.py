"""Capacity-building plans: progress per economy and target group, overdue items, and the plan items that address
one gap of an economy profile (?economy=..&indicator=..) or one SIM3 parameter. Layout only, over the view model
indicators/views/plans.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from indicators.text.i18n import language_param
from indicators.views import plans
from indicators.views.plans import ALL
from ui import blocks, data, frame, links, navigation, pickers, state, views
from ui.router import ensure_router

ensure_router()
L = plans.labels()

# --- selections from the URL (bad values: a short message and the default), then the widgets ---
today = dt.date.today()
url = {k: state.values(k) for k in ("economy", "group", "indicator", "parameter", "as_of")}
sel = plans.parse(url, data.catalog(), data.sim3_model(), today)
views.notices(sel.messages)
frame.page_header(L.title, L.subtitle)
c1, c2, c3 = st.columns([2, 2, 1])
economy = pickers.economy(sel.economy, "plans_economy", target=c1, every=(ALL, L.every_economy))
group = pickers.select(L.group, plans.GROUPS, sel.group, "plans_group", labels=plans.group_label, target=c2)
as_of = c3.date_input(L.as_of, value=sel.as_of or today, key="plans_as_of", format="YYYY-MM-DD") or today
sel = replace(sel, economy=economy, group=group, as_of=as_of)
state.write(
    economy=None if economy == ALL else economy,
    group=None if group == ALL else group,
    indicator=sel.indicator,
    parameter=sel.parameter,
    as_of=None if as_of == today else as_of.isoformat(),
)
view = data.plans_view(sel, today)
views.demo_badge(view.demo_anywhere, L.demo_items)

# --- 1. the items addressing one gap (from the economy profile) or one SIM3 parameter ---
if view.gap is not None:
    st.subheader(view.gap.heading, anchor=False)
    if view.gap.table is None:
        st.warning(L.no_gap_item, icon=":material/playlist_remove:")
        st.caption(L.no_gap_hint)
    else:
        st.markdown(view.gap.count_text)
        views.table(view.gap.table, "plans_gap_table", width="stretch")
    if view.gap.back_to_profile:
        st.page_link(
            navigation.page("profile"),
            label=view.gap.back_label,
            icon=":material/arrow_back:",
            query_params={"economy": economy, **language_param()},
        )
    st.page_link(
        navigation.page("plans"),
        label=L.all_items,
        icon=":material/list:",
        query_params={**({"economy": economy} if economy != ALL else {}), **language_param()},
    )
    st.divider()

# --- 2. headline numbers ---
for col, (label, value, help_text) in zip(st.columns(4), view.metrics):
    col.metric(label, value, help=help_text)

# --- 3. progress per economy and target group (charts watermarked by the view model when made up) ---
st.subheader(L.progress_title, anchor=False)
if view.progress is None:
    st.info(L.no_match, icon=":material/info:")
else:
    views.demo_badge(view.demo)
    blocks.plotly_chart(view.progress.heatmap, key="plans_progress_heatmap")
    views.table(view.progress.table, "plans_summary_table", width="stretch")
    st.caption(view.progress.caption + "\n\n" + L.progress_rule)  # one element, two paragraphs
    st.subheader(L.status_title, anchor=False)
    blocks.plotly_chart(view.progress.status_bars, key="plans_status_bars")
    st.caption(view.progress.status_caption)

# --- 4. overdue items ---
st.subheader(view.overdue_title, anchor=False)
st.caption(L.overdue_rule)
if view.overdue is None:
    st.success(L.no_overdue, icon=":material/check_circle:")
else:
    views.demo_badge(view.demo)
    views.table(view.overdue, "plans_overdue_table", width="stretch")

# --- 5. all items in the selection, each with the gap it closes and what completing it would change (issue 28) ---
st.subheader(L.items_title, anchor=False)
if view.items is not None:
    views.demo_badge(view.demo)
    views.table(view.items, "plans_items_table", width="stretch")
    views.download(L.download, view.csv, view.csv_name, "plans_download")
    # drawn only while open (a rerun on opening): one row per item is the costliest part of a rerun otherwise
    with st.expander(L.links_title, key="plans_gap_links", on_change="rerun") as box:
        st.caption(L.links_caption)
        planner = links.registered("cooperation")
        for link in view.links if box.open else ():
            g1, g2 = st.columns([3, 2])
            g1.markdown(link.text)
            if link.query:
                g2.page_link(
                    planner,
                    label=L.link,
                    icon=":material/trending_up:",
                    query_params={**link.query, **language_param()},
                )
            else:
                g2.caption(L.closed)
frame.sources_line(view.sources)
if view.kosovo_footnote:
    frame.kosovo_footnote()
