"""CERT maturity (SIM3): the public record of each economy's national CSIRT (real data) beside SIM3
self-assessments (demonstration data unless a steward has added real ones). Everything shown comes from
the view model indicators/views/cert.py; this page reads the URL, draws the widgets and renders."""

from __future__ import annotations

import streamlit as st

from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.text.i18n import _
from indicators.views import cert
from ui import blocks, data, frame, state, views
from ui.router import ensure_router

ensure_router()
NO_BAR, INFO = {"displayModeBar": False}, ":material/info:"

# --- selections from the URL (bad values: a short message and the default), then the widgets ---
prepared = data.cert_data()
url_team, url_date = (state.values(k)[-1] if state.values(k) else None for k in ("team", "date"))
economy = state.economy(default=cert.default_economy(prepared, url_team, bool(state.values("economy"))))
frame.page_header(
    _("CERT maturity (SIM3)"),
    _(
        "National CSIRTs on the public record, and SIM3 self-assessments of CERT teams: where "
        "each team stands, which tier that gives, and what blocks the next one."
    ),
)
c1, c2, c3 = st.columns([2, 3, 2])
economy = c1.selectbox(
    _("Economy"), ECONOMY_CODES, index=ECONOMY_CODES.index(economy), format_func=display_name, key="cert_economy"
)
sel = cert.pick(prepared, economy, url_team, url_date)
for message in sel.messages:
    st.info(message, icon=INFO)
team, date = sel.team, sel.date
if team is not None:
    teams = list(prepared.teams_of[economy])
    team = c2.selectbox(_("Team"), teams, index=teams.index(team), key=f"cert_team_{economy}")
    if team != sel.team:
        sel = cert.pick(prepared, economy, team, None)
    dates = list(sel.dates)
    date = c3.selectbox(
        _("Assessment date"),
        dates,
        index=dates.index(sel.date),
        key=f"cert_date_{team}",
        format_func=lambda d: d + (" (" + _("latest") + ")" if d == dates[-1] else ""),
    )
state.write(economy=economy, team=team, date=None if team is None or date == sel.dates[-1] else date)
view = data.cert_view(economy, team, date)

# --- 1. the public record (real data) and the selected self-assessment side by side ---
left, right = st.columns(2, gap="large")
with left.container(border=True, key="cert_public_record"):
    st.subheader(_("Public record (real data)"), anchor=False)
    st.caption(_("Facts read in public sources, with their confidence. They do not come from a SIM3 assessment."))
    for line, fact in view.record:
        st.markdown(line)
        frame.fact_provenance(fact)
a = view.assessment
with right.container(border=True, key="cert_assessment_box"):
    st.subheader(_("SIM3 self-assessment"), anchor=False)
    if a is None:
        st.info(view.no_team_message, icon=INFO)
    else:
        if a.demo:
            frame.demo_badge(_("made-up team and levels, not a measurement"))
        else:
            st.badge(a.confidence_badge, icon=":material/verified:", color="green")
        st.markdown(a.heading)
        m1, m2 = st.columns(2)
        m1.metric(_("Derived tier (project rule)"), a.tier_name, help=_("See 'How the tier is derived' below."))
        m2.metric(_("Parameters assessed"), a.assessed_text)
        if a.tier_warning:
            st.warning(a.tier_warning, icon=":material/warning:")
        elif a.next_tier_text:
            st.markdown(a.next_tier_text)
            st.caption(a.blockers_caption)
        else:
            st.markdown(_("Highest tier of the rule reached."))
        st.caption(a.provenance_caption)

# --- 2. heatmap and radar of the selected assessment, 3. its trend ---
if a is not None:
    st.subheader(_("Levels by parameter and category"), anchor=False)
    if a.demo:
        frame.demo_badge()
    h, r = st.columns([3, 2], gap="large")
    blocks.plotly_chart(frame.demo_chart(a.heatmap, a.demo), key="cert_heatmap", config=NO_BAR, target=h)
    h.caption(a.levels_caption)
    with r:
        blocks.plotly_chart(frame.demo_chart(a.radar, a.demo), key="cert_radar", config=NO_BAR)
        views.table(a.categories, "cert_category_table")
        st.caption(a.categories_note)
    with st.expander(_("Table: level of every parameter"), key="cert_levels_expander"):
        views.table(a.levels, "cert_levels_table", width="stretch")
    frame.sources_line(a.sources, label=_("Assessment source"))
    st.download_button(
        _("Download this assessment (CSV, template columns)"),
        a.csv,
        file_name=a.csv_name,
        mime="text/csv",
        key="cert_download_assessment",
        on_click="ignore",
    )
    if view.trend is not None:
        st.subheader(_("Trend across assessments"), anchor=False)
        if view.trend.demo:
            frame.demo_badge()
        blocks.plotly_chart(frame.demo_chart(view.trend.figure, view.trend.demo), key="cert_trend", config=NO_BAR)
        views.table(view.trend.table, "cert_trend_table")
        st.caption(view.trend.caption)

# --- 4. comparison across teams and economies ---
comp = view.comparison
st.subheader(_("Compare teams and economies"), anchor=False)
if comp.demo:
    frame.demo_badge(_("SIM3 columns; the public-record columns are real"))
if comp.figure is not None:
    blocks.plotly_chart(frame.demo_chart(comp.figure, comp.demo), key="cert_compare_heatmap", config=NO_BAR)
views.table(comp.table, "cert_compare_table", width="stretch")
st.caption(comp.caption)
st.caption(comp.note)
frame.sources_line(comp.record_sources, label=_("Public-record sources"))
if comp.sim3_sources is not None:
    frame.sources_line(comp.sim3_sources, label=_("SIM3 assessment sources"))
frame.kosovo_footnote()

# --- 5. the rule, the scale and the model, with their sources ---
rule = view.rule
st.subheader(_("How the tier is derived"), anchor=False)
st.warning(rule.warning, icon=":material/rule:")
st.markdown(rule.statement)
st.markdown(rule.quote)
st.caption(rule.sources_caption)
with st.expander(_("Table: minimum level per parameter for each tier (project rule)"), key="cert_rule_expander"):
    views.table(rule.thresholds, "cert_rule_table", width="stretch")
st.subheader(_("The SIM3 level scale"), anchor=False)
views.table(rule.scale, "cert_scale_table", width="stretch")
st.caption(rule.model_caption)
st.info(rule.names_note, icon=INFO)
with st.expander(_("Table: the 44 SIM3 v1 parameters and the evidence for their names"), key="cert_params_expander"):
    views.table(rule.parameters, "cert_params_table", width="stretch")
st.subheader(_("Add a real assessment"), anchor=False)
st.markdown(rule.how_to_add)
for col, (label, path, name, mime, suffix) in zip(st.columns([1, 1, 2])[:2], rule.templates):
    col.download_button(
        label, path.read_bytes(), file_name=name, mime=mime, key=f"cert_template_{suffix}", on_click="ignore"
    )
