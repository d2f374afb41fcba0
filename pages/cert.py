"""CERT maturity (SIM3): each economy's national CSIRT on the public record (real data) beside SIM3 self-assessments
(demonstration data unless a steward adds real ones). Layout only, over the view model indicators/views/cert.py."""

from __future__ import annotations

import streamlit as st

from indicators.views import cert
from ui import blocks, data, frame, pickers, state, views
from ui.router import ensure_router

ensure_router()
INFO, L = ":material/info:", cert.labels()

# --- selections from the URL (bad values: a short message and the default), then the widgets ---
prepared = data.cert_data()
url_team, url_date = (state.values(k)[-1] if state.values(k) else None for k in ("team", "date"))
economy = state.economy(default=cert.default_economy(prepared, url_team, bool(state.values("economy"))))
frame.page_header(L.title, L.subtitle)
c1, c2, c3 = st.columns([2, 3, 2])
economy = pickers.economy(economy, "cert_economy", target=c1)
sel = cert.pick(prepared, economy, url_team, url_date)
views.notices(sel.messages)
team, date = sel.team, sel.date
if team is not None:
    team = pickers.select(L.team, prepared.teams_of[economy], team, f"cert_team_{economy}", target=c2)
    if team != sel.team:
        sel = cert.pick(prepared, economy, team, None)
    date = pickers.select(L.date, sel.dates, sel.date, f"cert_date_{team}", labels=sel.date_label, target=c3)
state.write(economy=economy, team=team, date=None if team is None or date == sel.dates[-1] else date)
view = data.cert_view(economy, team, date)

# --- 1. the public record (real data) and the selected self-assessment side by side ---
left, right = st.columns(2, gap="large")
with left.container(border=True, key="cert_public_record"):
    st.subheader(L.record_title, anchor=False)
    st.caption(L.record_caption)
    for line, fact in view.record:
        st.markdown(line)
        frame.fact_provenance(fact)
a = view.assessment
with right.container(border=True, key="cert_assessment_box"):
    st.subheader(L.assessment_title, anchor=False)
    if a is None:
        st.info(view.no_team_message, icon=INFO)
    else:
        if a.demo:
            frame.demo_badge(L.demo_assessment)
        else:
            st.badge(a.confidence_badge, icon=":material/verified:", color="green")
        st.markdown(a.heading)
        m1, m2 = st.columns(2)
        m1.metric(L.tier, a.tier_name, help=L.tier_help)
        m2.metric(L.assessed, a.assessed_text)
        if a.tier_warning:
            st.warning(a.tier_warning, icon=":material/warning:")
        else:
            st.markdown(a.next_tier_text)
        if a.blockers_caption:
            st.caption(a.blockers_caption)
        st.caption(a.provenance_caption)

# --- 2. heatmap and radar of the selected assessment (watermarked by the view model when made up), 3. its trend ---
if a is not None:
    st.subheader(L.levels_title, anchor=False)
    views.demo_badge(a.demo)
    # the heatmap full width: in 3/5 of the page its level labels ran together in sq, sr and mk
    blocks.plotly_chart(a.heatmap, key="cert_heatmap")
    st.caption(a.levels_caption)
    r, t = st.columns([3, 2], gap="large")
    blocks.plotly_chart(a.radar, key="cert_radar", target=r)
    with t:
        views.table(a.categories, "cert_category_table")
        st.caption(a.categories_note)
    with st.expander(L.levels_table, key="cert_levels_expander"):
        views.table(a.levels, "cert_levels_table", width="stretch")
    frame.sources_line(a.sources, label=L.assessment_source)
    views.download(L.download, a.csv, a.csv_name, "cert_download_assessment")
    if view.trend is not None:
        st.subheader(L.trend_title, anchor=False)
        views.demo_badge(view.trend.demo)
        blocks.plotly_chart(view.trend.figure, key="cert_trend")
        views.table(view.trend.table, "cert_trend_table")
        st.caption(view.trend.caption)

# --- 4. comparison across teams and economies ---
comp = view.comparison
st.subheader(L.compare_title, anchor=False)
views.demo_badge(comp.demo, L.compare_demo)
if comp.figure is not None:
    blocks.plotly_chart(comp.figure, key="cert_compare_heatmap")
views.table(comp.table, "cert_compare_table", width="stretch")
st.caption(comp.caption)
st.caption(comp.note)
frame.sources_line(comp.record_sources, label=L.record_sources)
if comp.sim3_sources is not None:
    frame.sources_line(comp.sim3_sources, label=L.sim3_sources)
frame.kosovo_footnote()

# --- 5. the rule, the scale and the model, with their sources ---
rule = view.rule
st.subheader(L.rule_title, anchor=False)
st.warning(rule.warning, icon=":material/rule:")
st.markdown(rule.statement)
st.markdown(rule.quote)
st.caption(rule.sources_caption)
with st.expander(L.rule_table, key="cert_rule_expander"):
    views.table(rule.thresholds, "cert_rule_table", width="stretch")
st.subheader(L.scale_title, anchor=False)
views.table(rule.scale, "cert_scale_table", width="stretch")
st.caption(rule.model_caption)
st.info(rule.names_note, icon=INFO)
with st.expander(L.params_table, key="cert_params_expander"):
    views.table(rule.parameters, "cert_params_table", width="stretch")
st.subheader(L.add_title, anchor=False)
st.markdown(rule.how_to_add)
for col, (label, content, name, mime, suffix) in zip(st.columns([1, 1, 2])[:2], rule.templates):
    views.download(label, content, name, f"cert_template_{suffix}", mime=mime, target=col)
