"""Regional overview: a map of the six economies coloured by a pillar score or an indicator, and the
ranking of the same values beside it. The numbers come from indicators.views.overview; this page reads
the URL, draws the widgets and renders."""

from __future__ import annotations

import streamlit as st

from indicators.text.i18n import _
from indicators.views import status_key
from indicators.views.overview import BY, DEFAULT_INDICATOR, PILLARS, bands_caption, period_label, period_options
from ui import blocks, data, frame, links, pickers, state, views
from ui.router import ensure_router

ensure_router()

catalog = data.catalog()
obs = data.observations()
options = data.map_indicator_options()
default_indicator = DEFAULT_INDICATOR if DEFAULT_INDICATOR in options else (options[0] if options else "")

frame.page_header(
    _("Regional overview"),
    _(
        "The six economies on one map, coloured by a pillar score or by one indicator, "
        "with the ranking of the same values beside it."
    ),
)

# --- selections from the URL (bad values: a short message and the default) ---
has_indicator = bool(links.current().get("indicator"))
by = state.choice("by", BY, "indicator" if has_indicator and "by" not in st.query_params else "pillar", _("view"))
pillar = state.choice("pillar", PILLARS, PILLARS[0], _("pillar"))
indicator = state.choice("indicator", options, default_indicator, _("indicator")) if options else ""
if by == "indicator" and not indicator:
    by = "pillar"
period = state.choice("period", period_options(obs, by, indicator), "latest", _("period"))

c1, c2, c3 = st.columns([3, 5, 3])
with c1:
    by = (
        st.segmented_control(
            _("Colour the map by"),
            BY,
            default=by,
            key="overview_by",
            required=True,
            format_func=lambda b: _("Pillar score") if b == "pillar" else _("Indicator"),
        )
        or by
    )
    if by == "indicator" and not indicator:
        by = "pillar"
with c2:
    if by == "pillar":
        pillar = pickers.select(
            _("Pillar"), PILLARS, pillar, "overview_pillar", labels=lambda p: _(catalog.pillar_name(p))
        )
    else:
        indicator = pickers.select(
            _("Indicator"), options, indicator, "overview_indicator", labels=lambda i: catalog.get(i).name
        )
periods = period_options(obs, by, indicator)
period = period if period in periods else "latest"
with c3:
    key = f"overview_period_{by}_{indicator if by == 'indicator' else 'pillar'}"
    period = pickers.select(_("Reference period"), periods, period, key, labels=lambda p: period_label(by, p))

state.write(
    by=by,
    pillar=pillar if by == "pillar" or "pillar" in st.query_params else None,
    indicator=(indicator or None) if by == "indicator" or has_indicator else None,
    period=None if period == "latest" else period,
)
view = data.overview_view(by, pillar, indicator, period)
# A session's first view sends the map last, into its place (without a GPU it blocks the browser: h26cold, docs/performance.md)
first_view = not st.session_state.get("overview_map_shown")
if view.demo:
    frame.demo_badge(_("some values on this map"))
left, right = st.columns([5, 4], gap="medium")
with left:
    st.header(view.heading, anchor=False)
    if view.rule_caption:
        st.caption(view.rule_caption)
    if first_view:  # its place, at the map's height until the map comes (no layout shift)
        (map_slot := st.empty()).container(height=600, border=False)
    else:
        st.pydeck_chart(view.deck, key="overview_map", height=600, alt=view.map_alt)
    st.markdown(view.legend_html, unsafe_allow_html=True)
with right:
    st.header(_("Ranking"), anchor=False)
    blocks.plotly_chart(view.ranking, key="overview_ranking", config={"displayModeBar": False})
    notes = [_("Text summary") + ": " + view.summary]  # one caption, its notes as paragraphs (issue 25)
    notes.append(_("Economies without a value are listed with the reason, never drawn as a zero bar."))
    st.caption("\n\n".join(notes + ([bands_caption()] if by == "pillar" else [])))
try:
    frame.sources_line(view.sources)
    frame.kosovo_footnote()

    with st.expander(_("Table of the values on the map"), expanded=False, key="overview_table_expander"):
        views.table(view.table, key="overview_table", width="stretch")

    if by == "pillar" and (status := data.overview_status(pillar, period)):  # built after the charts are drawn
        st.header(status.heading, anchor=False)
        if status.table is not None:
            st.caption(status.caption)
            views.table(status.table, key="overview_status_table", width="stretch")
            st.caption(status_key())
            frame.sources_line(status.sources)
        else:
            st.caption(_("No status fact belongs to this pillar."))

    st.header(_("Open an economy profile"), anchor=False)
    links.profile_links()
    st.caption(_("Links keep the current selections, so the next view can be shared as it is."))
    links.related_links("overview")
finally:  # the map also when something below failed (ui/guard shows that error)
    if first_view:
        map_slot.pydeck_chart(view.deck, key="overview_map", height=600, alt=view.map_alt)
        st.session_state["overview_map_shown"] = True
