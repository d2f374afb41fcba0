"""Regional overview: a map of the six economies coloured by a pillar score or an indicator, and the
ranking of the same values beside it."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators.catalog import PILLAR_IDS
from indicators.compare import REFERENCE_PERIODS
from indicators.economies import ECONOMY_CODES, display_name
from indicators.i18n import _
from indicators.maps import (choropleth_deck, indicator_map_values, indicator_periods, legend_html,
                             map_indicator_options, pillar_map_values, ranking_bar, status_label, text_summary)
from indicators.scoring import STATE_LEGEND, indicators_for, status_counts, status_matrix, status_table
from ui import data, frame, links, state
from ui.router import ensure_router

ensure_router()

BY = ("pillar", "indicator")
DEFAULT_INDICATOR = "gci_2024_overall"

catalog = data.catalog()
obs = data.observations()
options = map_indicator_options(obs, catalog)
default_indicator = DEFAULT_INDICATOR if DEFAULT_INDICATOR in options else (options[0] if options else "")

frame.page_header(_("Regional overview"),
                  _("The six economies on one map, coloured by a pillar score or by one indicator, "
                    "with the ranking of the same values beside it."))

# --- selections from the URL (bad values: a short message and the default) ---
has_indicator = bool(links.current().get("indicator"))
by = state.choice("by", BY, "indicator" if has_indicator and "by" not in st.query_params else "pillar", _("view"))
pillar = state.choice("pillar", PILLAR_IDS, PILLAR_IDS[0], _("pillar"))
indicator = state.choice("indicator", options, default_indicator, _("indicator")) if options else ""
if by == "indicator" and not indicator:
    by = "pillar"
period_options = (list(REFERENCE_PERIODS) if by == "pillar"
                  else ["latest"] + [str(p) for p in indicator_periods(obs, indicator)])
period = state.choice("period", period_options, "latest", _("period"))

c1, c2, c3 = st.columns([3, 5, 3])
with c1:
    by = st.segmented_control(_("Colour the map by"), BY, default=by, key="overview_by", required=True,
                              format_func=lambda b: _("Pillar score") if b == "pillar" else _("Indicator")) or by
    if by == "indicator" and not indicator:
        by = "pillar"
    period_options = (list(REFERENCE_PERIODS) if by == "pillar"
                      else ["latest"] + [str(p) for p in indicator_periods(obs, indicator)])
    if period not in period_options:
        period = "latest"
with c2:
    if by == "pillar":
        pillar = st.selectbox(_("Pillar"), PILLAR_IDS, index=PILLAR_IDS.index(pillar), key="overview_pillar",
                              format_func=lambda p: _(catalog.pillar_name(p)))
    else:
        indicator = st.selectbox(_("Indicator"), options, index=options.index(indicator), key="overview_indicator",
                                 format_func=lambda i: catalog.get(i).name)
        period_options = ["latest"] + [str(p) for p in indicator_periods(obs, indicator)]
        if period not in period_options:
            period = "latest"
with c3:
    if by == "pillar":
        label = lambda p: _("Latest editions") if p == "latest" else _("As of 2020 (GCI 2020)")  # noqa: E731
    else:
        label = lambda p: _("Latest value") if p == "latest" else _("As of {year}").format(year=p)  # noqa: E731
    period = st.selectbox(_("Reference period"), period_options, index=period_options.index(period),
                          key=f"overview_period_{by}_{indicator if by == 'indicator' else 'pillar'}",
                          format_func=label)

had_pillar = "pillar" in st.query_params
state.write(by=by, pillar=pillar if by == "pillar" or had_pillar else None,
            indicator=(indicator or None) if by == "indicator" or has_indicator else None,
            period=None if period == "latest" else period)

# --- values ---
if by == "pillar":
    as_of = REFERENCE_PERIODS[period]
    values = pillar_map_values(obs, catalog, pillar, as_of, bands=data.rank_bands(as_of))
    what = _("{pillar} pillar score").format(pillar=_(catalog.pillar_name(pillar)))
    used_ids = [i.id for i in indicators_for(obs, catalog, as_of) if i.pillar == pillar]
else:
    as_of = None if period == "latest" else int(period)
    values = indicator_map_values(obs, catalog, indicator, as_of)
    what = catalog.get(indicator).name
    used_ids = [indicator]
period_text = _("latest") if period == "latest" else _("as of {year}").format(year=period)
used = obs[obs["indicator_id"].isin(used_ids) & obs["source_id"].isin(
    [s for ids in values["source_ids"] for s in ids])]

if values["synthetic"].any():
    frame.demo_badge(_("some values on this map"))

left, right = st.columns([5, 4], gap="medium")
with left:
    st.subheader(f"{what} ({period_text})", anchor=False)
    if by == "pillar":
        rule = catalog.rule_for(pillar)
        st.caption(_("Index lens: graded external measurements only, 0-100, with coverage n of m. "
                     "Shown and ranked only when {rule}; below that: insufficient data (hatched, unranked).")
                   .format(rule=_(rule.text())))
    st.pydeck_chart(choropleth_deck(values), key="overview_map", height=600,
                    alt=text_summary(values, what))
    st.markdown(legend_html(_("Colour: {what}").format(what=what)), unsafe_allow_html=True)
with right:
    st.subheader(_("Ranking"), anchor=False)
    st.plotly_chart(ranking_bar(values), key="overview_ranking", config={"displayModeBar": False})
    st.caption(_("Text summary") + ": " + text_summary(values, what))
    st.caption(_("Economies without a value are listed with the reason, never drawn as a zero bar."))
    if by == "pillar":
        st.caption(_("In brackets: indicators with a value of the pillar's index indicators, and the rank band: "
                     "the 5th-95th percentile of the rank when category scores, normalisation and weights vary "
                     "(see Methodology)."))

frame.sources_line(used)
frame.kosovo_footnote()

with st.expander(_("Table of the values on the map"), expanded=False, key="overview_table_expander"):
    table = pd.DataFrame({
        _("Economy"): values["name"],
        _("Value"): values["value_text"],
        _("Score (0-100)"): [None if pd.isna(s) else round(float(s), 1) for s in values["score"]],
        _("Status"): [status_label(s) for s in values["status"]],
        _("Period"): values["period_text"],
        _("Source"): values["source_text"],
        _("Confidence"): values["confidence_text"],
    })
    if by == "pillar":
        table.insert(3, _("Coverage"), values["coverage"])
        table.insert(4, _("Rank"), [None if pd.isna(r) else int(r) for r in values["rank"]])
        table.insert(5, _("Rank band"), values["band"])
    st.dataframe(table, hide_index=True, key="overview_table", width="stretch",
                 column_config={_("Score (0-100)"): st.column_config.NumberColumn(format="%.1f")})

if by == "pillar":
    facts = status_matrix(obs, catalog, list(ECONOMY_CODES), REFERENCE_PERIODS[period])
    facts = facts[facts["pillar"] == pillar]
    st.subheader(_("Status lens: {pillar} facts").format(pillar=_(catalog.pillar_name(pillar))), anchor=False)
    if len(facts):
        st.caption(_("Legal and institutional facts, shown as what is in place, never averaged into the score "
                     "above. Counts") + ": " + "; ".join(
            f"{display_name(r.economy)} {r.text}" for r in status_counts(facts).itertuples()) + ".")
        st.dataframe(status_table(facts, catalog, list(ECONOMY_CODES), display_name), hide_index=True,
                     key="overview_status_table", width="stretch")
        st.caption(_("Key") + ": " + _(STATE_LEGEND) + ". " + _("Year of the value in brackets."))
        frame.sources_line(obs[obs["source_id"].isin(facts["source_id"].dropna())
                               & obs["indicator_id"].isin(facts["indicator_id"])])
    else:
        st.caption(_("No status fact belongs to this pillar."))

st.subheader(_("Open an economy profile"), anchor=False)
cols = st.columns(3)
for k, code in enumerate(ECONOMY_CODES):
    with cols[k % 3]:
        links.page_link("profile", label=display_name(code), overrides={"economy": code})
st.caption(_("Links keep the current selections, so the next view can be shared as it is."))
links.related_links("overview")
