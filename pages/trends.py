"""Trends by edition: the ITU GCI and the NCSI over time, one chart per economy, with every
methodology change drawn as a break (separate traces, a labelled dashed line), never one line."""
from __future__ import annotations

import streamlit as st

from indicators.economies import ECONOMY_CODES, display_name, mentions_kosovo
from indicators.i18n import _
from indicators.trends import TREND_INDEXES, trend_figure, trend_rows, trend_summary, trend_table
from ui import data, frame, links, state
from ui.router import ensure_router

ensure_router()

catalog = data.catalog()
obs = data.observations()

frame.page_header(_("Trends by edition"),
                  _("How each economy's index results moved across editions. Editions with a different "
                    "methodology are separate series: a dashed line marks every break, and points are "
                    "never joined across it."))

index = state.choice("index", list(TREND_INDEXES), "gci", _("index"))
economies = state.economies(default=ECONOMY_CODES, min_n=1, max_n=6)

c1, c2 = st.columns([2, 4])
with c1:
    index = st.segmented_control(
        _("Index"), list(TREND_INDEXES), default=index, key="trends_index", required=True,
        format_func=lambda i: _("ITU GCI (overall)") if i == "gci" else _("NCSI (legacy and current)")) or "gci"
with c2:
    chosen = st.multiselect(_("Economies"), ECONOMY_CODES, default=economies, format_func=display_name,
                            key="trends_economies", max_selections=6)
state.write(index=index, economies=list(chosen) or None)
shown = [c for c in ECONOMY_CODES if c in set(chosen)]
idx = TREND_INDEXES[index]

if not shown:
    st.info(_("Choose at least one economy."), icon=":material/info:")
else:
    st.subheader(idx.name, anchor=False)
    all_rows = []
    cols = st.columns(2 if len(shown) > 1 else 1, gap="large")
    for i, eco in enumerate(shown):
        rows = trend_rows(obs, catalog, index, eco)
        all_rows.append(rows)
        with cols[i % len(cols)]:
            st.plotly_chart(trend_figure(rows, index, eco), key=f"trends_{index}_{eco}",
                            config={"displayModeBar": False})
            st.caption(trend_summary(rows, index, eco))
    st.caption(_("Y axis: normalised score 0-100 (the value on the edition's own scale is in the hover and "
                 "the table).") + " " + (
        _("GCI 2014, 2017 and 2018 scored 0-1; GCI 2020 and 2024 scored 0-100, and 2024 also grouped "
          "countries in tiers.") if index == "gci" else
        _("The NCSI changed its methodology in 2023: legacy and current scores are separate series.")))
    st.subheader(_("Table: every edition"), anchor=False)
    st.dataframe(trend_table(obs, catalog, index, shown), hide_index=True, key=f"trends_table_{index}",
                 width="stretch")
    st.caption(_("Cells: value on the edition's own scale (normalised 0-100 in brackets)."))
    ids = [s.indicator_id for s in idx.segments]
    used = obs[obs["indicator_id"].isin(ids) & obs["economy"].isin(shown) & obs["preferred"].astype(bool)]
    if (used["confidence"] == "synthetic").any():
        frame.demo_badge()
    frame.sources_line(used)
    if mentions_kosovo(shown):
        frame.kosovo_footnote()

links.related_links("trends")
