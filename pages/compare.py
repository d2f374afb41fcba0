"""Compare economies: pillar radar with the WB6 average, a side-by-side indicator table with the best
and worst value per row marked, and a heatmap of every indicator's normalised score."""
from __future__ import annotations

import streamlit as st

from indicators.compare import (BEST_MARK, REFERENCE_PERIODS, WORST_MARK, comparison_long, comparison_styles,
                                comparison_table, heatmap, order_economies, pillar_table, radar_summary,
                                table_summary)
from indicators.economies import ECONOMY_CODES, display_name, mentions_kosovo
from indicators.figures import radar
from indicators.i18n import _
from indicators.scoring import (MIN_FOR_AVERAGE, STATE_LEGEND, pillar_scores, pillar_scores_export, status_counts,
                                status_matrix, status_table, wb6_average)
from indicators.sensitivity import with_bands
from ui import data, frame, links, state
from ui.router import ensure_router

ensure_router()

catalog = data.catalog()
obs = data.observations()

frame.page_header(_("Compare economies"),
                  _("Two to six economies side by side: pillar scores against the WB6 average, every "
                    "indicator with the best and the lowest value marked, and a heatmap of all scores."))

economies = state.economies(default=ECONOMY_CODES, min_n=2, max_n=6)
period = state.choice("period", list(REFERENCE_PERIODS), "latest", _("period"))

c1, c2 = st.columns([4, 2])
with c1:
    chosen = st.multiselect(_("Economies to compare (2 to 6)"), ECONOMY_CODES, default=economies,
                            format_func=display_name, key="compare_economies", max_selections=6)
with c2:
    period = st.segmented_control(
        _("Reference period"), list(REFERENCE_PERIODS), default=period, key="compare_period", required=True,
        format_func=lambda p: _("Latest editions") if p == "latest" else _("As of 2020 (GCI 2020)")) or "latest"
state.write(economies=list(chosen) or None, period=None if period == "latest" else period)


def render(selected: list[str], as_of: int | None) -> None:
    """Everything below the controls, for two to six economies."""
    # --- pillar radar and its table alternative ---
    scores = with_bands(pillar_scores(obs, catalog, as_of), data.rank_bands(as_of))
    average = wb6_average(scores)
    st.markdown("#### " + _("Index lens: pillar scores from graded measurements"))
    left, right = st.columns([1, 1], gap="large")
    with left:
        st.subheader(_("Pillar scores against the WB6 average"), anchor=False)
        fig = radar(scores, average, catalog, selected)
        fig.update_layout(margin=dict(l=130, r=130, t=40, b=40))  # room for long axis labels in a half column
        st.plotly_chart(fig, key="compare_radar", config={"displayModeBar": False})
    with right:
        st.subheader(_("Pillar table"), anchor=False)
        ptable = pillar_table(scores, average, catalog, selected)
        st.dataframe(ptable, hide_index=True, key="compare_pillar_table", width="stretch")
        st.caption(_("Text summary") + ": " + radar_summary(scores, catalog, selected))
        st.caption(_("A pillar score is the mean of the pillar's available index indicators, normalised to 0-100; "
                     "in brackets: indicators with a value of the pillar's index indicators. It is shown and ranked "
                     "only when {rule}; otherwise 'insufficient data'. Rank: among the economies that meet the rule, "
                     "with its band (5th-95th percentile when the method varies). The WB6 average is taken over the "
                     "economies with a score ('average of n') and not given below {k}. 'No data' is not zero.")
                   .format(rule=_(catalog.coverage_rule.text()), k=MIN_FOR_AVERAGE))
        export = pillar_scores_export(obs, catalog, as_of, data.rank_bands(as_of))
        st.download_button(_("Download pillar scores with coverage and rank bands (CSV)"),
                           export[export["economy"].isin(selected)].to_csv(index=False).encode("utf-8"),
                           file_name="wb6-pillar-scores.csv", mime="text/csv", key="compare_download_pillars",
                           icon=":material/download:")
    pillar_ids = [i.id for i in catalog.indicators.values() if i.in_pillar_score and i.lens == "index"]
    frame.sources_line(obs[obs["indicator_id"].isin(pillar_ids) & obs["economy"].isin(selected)
                           & (obs["confidence"] != "synthetic")])  # pillar scores leave demonstration data out

    # --- status lens ---
    st.markdown("#### " + _("Status lens: legal and institutional facts"))
    facts = status_matrix(obs, catalog, selected, as_of)
    st.caption(_("What is in place, partly in place, missing or not assessed, with the year; never averaged into "
                 "a score. Counts") + ": " + "; ".join(
        f"{display_name(r.economy)} {r.text}" for r in status_counts(facts).itertuples()) + ".")
    st.dataframe(status_table(facts, catalog, selected, display_name), hide_index=True, key="compare_status_table",
                 width="stretch")
    st.caption(_("Key") + ": " + _(STATE_LEGEND) + ". " + _("Year of the value in brackets."))
    frame.sources_line(obs[obs["source_id"].isin(facts["source_id"].dropna()) & obs["economy"].isin(selected)
                           & obs["indicator_id"].isin(facts["indicator_id"])])

    # --- side-by-side indicator table ---
    long = comparison_long(obs, catalog, selected, as_of)
    if (long["confidence"] == "synthetic").any():
        frame.demo_badge()
    st.subheader(_("Indicators side by side"), anchor=False)
    table = comparison_table(long, catalog, selected)
    styles = comparison_styles(long, selected)
    for col in table.columns:
        if col not in styles.columns:
            styles[col] = ""
    styles = styles[table.columns]
    st.dataframe(table.style.apply(lambda _df: styles.values, axis=None), hide_index=True, key="compare_table",
                 width="stretch", height=min(38 * (len(table) + 1) + 4, 720))
    st.caption(f"{BEST_MARK} " + _("best among the compared economies") + f" · {WORST_MARK} "
               + _("lowest among them") + " · " + _("marked only when at least two have a value and the values differ. "
                                                  "Missing values say why: not covered by the source, not assessed, "
                                                  "not applicable, or no data."))
    st.caption(_("Text summary") + ": " + table_summary(long, selected))
    used = obs[obs["source_id"].isin(long["source_id"].dropna()) & obs["economy"].isin(selected)
               & obs["indicator_id"].isin(long["indicator_id"])]
    frame.sources_line(used)

    # --- heatmap ---
    st.subheader(_("Heatmap of normalised scores (0-100)"), anchor=False)
    st.plotly_chart(heatmap(long, selected), key="compare_heatmap", config={"displayModeBar": False})
    st.caption(_("Grey cells are missing values, never low scores; each says why (not covered by the source, "
                 "not assessed, suppressed, not applicable, or no data recorded). The table above is the text "
                 "alternative to this heatmap."))
    frame.sources_line(used)
    if mentions_kosovo(selected):
        frame.kosovo_footnote()


if len(chosen) < 2:
    st.info(_("Choose at least two economies to compare."), icon=":material/info:")
else:
    render(order_economies(chosen), REFERENCE_PERIODS[period])
links.related_links("compare")
