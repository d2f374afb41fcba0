"""Compare economies: pillar radar with the WB6 average, a side-by-side indicator table with the best
and worst value per row marked, and a heatmap of every indicator's normalised score. The numbers come
from indicators.views.compare; this page reads the URL, draws the widgets and renders."""

from __future__ import annotations

import streamlit as st

from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.text.i18n import _
from indicators.views import status_key
from indicators.views.compare import PERIODS, heatmap_caption, marks_caption
from ui import blocks, data, frame, links, pickers, state, views
from ui.router import ensure_router

ensure_router()

frame.page_header(
    _("Compare economies"),
    _(
        "Two to six economies side by side: pillar scores against the WB6 average, every "
        "indicator with the best and the lowest value marked, and a heatmap of all scores."
    ),
)

economies = state.economies(default=ECONOMY_CODES, min_n=2, max_n=6)
period = state.choice("period", list(PERIODS), "latest", _("period"))
c1, c2 = st.columns([3, 2])  # the period control whole in sq ("Gjendja në 2020 (GCI 2020)" was cut at [4, 2])
with c1:
    chosen = st.multiselect(
        _("Economies to compare (2 to 6)"),
        ECONOMY_CODES,
        default=economies,
        format_func=display_name,
        key="compare_economies",
        max_selections=6,
    )
with c2:
    period = pickers.reference_period(PERIODS, period, "compare_period")
state.write(economies=list(chosen) or None, period=None if period == "latest" else period)

if len(chosen) < 2:
    st.info(_("Choose at least two economies to compare."), icon=":material/info:")
else:
    view = data.compare_view(chosen, period)
    st.header(_("Index lens: pillar scores from graded measurements"), anchor=False)
    left, right = st.columns([1, 1], gap="large")
    with left:
        st.subheader(_("Pillar scores against the WB6 average"), anchor=False)
        blocks.plotly_chart(view.radar, key="compare_radar", config={"displayModeBar": False})
    with right:
        st.caption(_("Text summary") + ": " + view.radar_summary)
        st.caption(view.pillar_method)
        st.download_button(
            _("Download pillar scores with coverage and rank bands (CSV)"),
            view.pillar_csv,
            file_name="wb6-pillar-scores.csv",
            mime="text/csv",
            key="compare_download_pillars",
            icon=":material/download:",
        )
    st.subheader(_("Pillar table"), anchor=False)  # full width: six economies fit 1440 px (issue 22)
    views.table(views.turned(view.pillar_table, _("Economy")), key="compare_pillar_table", width="stretch")
    frame.sources_line(view.pillar_sources)

    st.header(_("Status lens: legal and institutional facts"), anchor=False)
    st.caption(view.status_caption)
    views.table(view.status_table, key="compare_status_table", width="stretch")
    st.caption(status_key())
    frame.sources_line(view.status_sources)

    st.header(_("Indicators side by side"), anchor=False)
    if view.demo:
        frame.demo_badge()
    fit_config, fit_args = views.fitted(view.table, height=view.table_height)
    st.dataframe(
        view.table.style.apply(lambda _df: view.styles.values, axis=None),
        hide_index=True,
        key="compare_table",
        width="stretch",
        column_config=fit_config or None,
        **fit_args,
    )
    st.caption(marks_caption())
    st.caption(_("Text summary") + ": " + view.table_summary)
    frame.sources_line(view.table_sources)

    st.subheader(_("Heatmap of normalised scores (0-100)"), anchor=False)
    blocks.plotly_chart(view.heatmap, key="compare_heatmap", config={"displayModeBar": False})
    st.caption(heatmap_caption())
    frame.sources_line(view.table_sources)
    if view.kosovo_footnote:
        frame.kosovo_footnote()
links.related_links("compare")
