"""Economy profile: pillar radar against the WB6 average, gap table and key facts."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators.economies import ECONOMY_CODES, display_name
from indicators.figures import radar
from indicators.i18n import _
from indicators.plans import TABLE as PLAN_TABLE
from indicators.plans import empty_table as empty_plan_table
from indicators.plans import gap_counts
from indicators.profile import key_facts
from indicators.scoring import (MIN_FOR_AVERAGE, PRIORITY_RULE, STATE_LABELS, STATUS_LABELS, average_text,
                                gap_table, pillar_cell_text, pillar_scores, status_counts, status_matrix,
                                wb6_average)
from indicators.sensitivity import rank_text, with_bands
from ui import data, frame, state
from ui.router import ensure_router

ensure_router()

PERIODS = {"latest": None, "2020": 2020}

catalog = data.catalog()
obs = data.observations()

economy = state.economy()
period = state.choice("period", list(PERIODS), "latest", _("period"))

c1, c2 = st.columns([3, 2])
with c1:
    economy = st.selectbox(_("Economy"), ECONOMY_CODES, index=ECONOMY_CODES.index(economy),
                           format_func=display_name, key="profile_economy")
with c2:
    period = st.segmented_control(
        _("Reference period"), list(PERIODS), default=period, key="profile_period",
        format_func=lambda p: _("Latest editions") if p == "latest" else _("As of 2020 (GCI 2020)")) or "latest"
state.write(economy=economy, period=None if period == "latest" else period)
as_of = PERIODS[period]

frame.page_header(f"{_('Economy profile')}: {display_name(economy)}",
                  _("Where the economy stands per pillar, against the WB6 average and the best in the region."))

scores = with_bands(pillar_scores(obs, catalog, as_of), data.rank_bands(as_of))
average = wb6_average(scores)
mine = scores[scores["economy"] == economy].reset_index(drop=True)
avg = average.set_index("pillar")
st.markdown("#### " + _("Index lens: pillar scores from graded measurements"))

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(_("Pillar scores against the WB6 average"), anchor=False)
    st.plotly_chart(radar(scores, average, catalog, [economy]), key="profile_radar",
                    config={"displayModeBar": False})
with right:
    st.subheader(_("Pillar table"), anchor=False)
    pillar_table = pd.DataFrame({
        _("Pillar"): [_(catalog.pillar_name(p)) for p in mine["pillar"]],
        _("Score (0-100), coverage"): [_(pillar_cell_text(r)) for _i, r in mine.iterrows()],
        _("Rank (band)"): [rank_text(r) or "—" for _i, r in mine.iterrows()],
        _("WB6 average"): [average_text(avg.loc[p]) for p in mine["pillar"]],
    })
    st.dataframe(pillar_table, hide_index=True, key="profile_pillar_table", width="stretch")
    shown_ok = mine[mine["meets_rule"]]
    not_shown = mine[~mine["meets_rule"]]
    summary = _("Text summary") + ": " + ("; ".join(
        f"{_(catalog.pillar_name(r.pillar))} {r.score:.1f} ({r.n} {_('of')} {r.m})"
        + (f", {_('WB6 average')} {avg.loc[r.pillar, 'score']:.1f}" if pd.notna(avg.loc[r.pillar, "score"]) else "")
        for r in shown_ok.itertuples()) or _("no pillar meets the coverage rule"))
    if len(not_shown):
        summary += ". " + _("Not scored") + ": " + ", ".join(
            f"{_(catalog.pillar_name(r.pillar))} ({_(pillar_cell_text(r._asdict()))})" for r in not_shown.itertuples())
    st.caption(summary + ".")
    st.caption(_("A pillar score is the mean of the pillar's available index indicators (graded external "
                 "measurements), normalised to 0-100, shown only when {rule}. A mean of the available values treats "
                 "each missing one as if it equalled the mean of the others; the rule limits how far that goes. "
                 "Rank band: 5th-95th percentile of the rank when the method varies. The WB6 average is over the "
                 "economies with a score and needs at least {k}. 'No data' is not zero.")
               .format(rule=_(catalog.coverage_rule.text()), k=MIN_FOR_AVERAGE))
used = obs[obs["indicator_id"].isin([i.id for i in catalog.indicators.values()
                                      if i.in_pillar_score and i.lens == "index"])
           & (obs["confidence"] != "synthetic")]  # pillar scores leave demonstration data out
frame.sources_line(used[used["economy"] == economy])


st.subheader(_("Gap table: where the largest gaps are"), anchor=False)
gaps = gap_table(obs, catalog, economy, as_of)
src = obs.drop_duplicates("source_id").set_index("source_id")
plan_items = data.table(PLAN_TABLE) if data.warehouse().has_table(PLAN_TABLE) else empty_plan_table()
plan_counts = gap_counts(plan_items, economy, list(gaps["indicator_id"]))
def points(values) -> list[str]:
    """Normalised points as text; a missing value reads "—", never 0 (the Value column says why)."""
    return ["—" if v is None or pd.isna(v) else f"{v:.1f}" for v in values]


shown = pd.DataFrame({
    _("Priority"): [f"{int(r)}. {p}" if pd.notna(r) else p for r, p in zip(gaps["priority_rank"], gaps["priority"])],
    _("Indicator"): gaps["indicator"],
    _("Pillar"): [_(catalog.pillar_name(p)) if p != "headline" else _("Headline index") for p in gaps["pillar"]],
    _("Value"): gaps["value"],
    _("Score"): points(gaps["score"]),
    _("WB6 best"): [f"{v} ({', '.join(display_name(e) for e in ecos)}; {_('best of')} {k})" if ecos else v
                    for v, ecos, k in zip(gaps["best_value"], gaps["best_economies"], gaps["economies_with_data"])],
    _("Gap to best"): points(gaps["gap_to_best"]),
    _("WB6 median"): points(gaps["wb6_median"]),
    _("Target"): gaps["target"].fillna("—"),
    _("Gap to target"): points(gaps["gap_to_target"]),
    _("Plan items"): [plan_counts[i] for i in gaps["indicator_id"]],
    _("Period"): gaps["period"].astype("Int64"),
    _("Confidence"): gaps["confidence"].fillna("—"),
    _("Source"): [src.loc[s, "source_title"] if isinstance(s, str) and s in src.index else "—"
                  for s in gaps["source_id"]],
})
st.dataframe(shown, hide_index=True, key="profile_gap_table", width="stretch",
             column_config={
                 _("Score"): st.column_config.TextColumn(help=_("Normalised 0-100")),
                 _("Gap to best"): st.column_config.TextColumn(help=_("Normalised points")),
                 _("Plan items"): st.column_config.NumberColumn(
                     help=_("Capacity-building plan items (not cancelled) that address this gap")),
             })
if (plan_items["confidence"] == "synthetic").any():
    frame.demo_badge(_("the 'Plan items' column counts made-up plan items"))
st.caption(_(PRIORITY_RULE) + " " + _("An empty score or gap means the value is missing (the Value column says why), never zero."))
with st.expander(_("Plan items addressing each gap"), key="profile_plan_links"):
    if (plan_items["confidence"] == "synthetic").any():
        frame.demo_badge(_("plan items"))
    for ind_id, name, n in zip(gaps["indicator_id"], gaps["indicator"], [plan_counts[i] for i in gaps["indicator_id"]]):
        g1, g2 = st.columns([3, 2])
        g1.markdown(f"**{name}**")
        with g2:
            if n:
                st.page_link("pages/plans.py", label=_("{n} plan item(s) address this gap").format(n=n),
                             icon=":material/checklist:", query_params={"economy": economy, "indicator": ind_id})
            else:
                st.caption(_("No plan item addresses this gap."))
    st.page_link("pages/plans.py", label=_("All plan items of {economy}").format(economy=display_name(economy)),
                 icon=":material/list:", query_params={"economy": economy})
frame.sources_line(obs[(obs["economy"] == economy) & obs["source_id"].isin(gaps["source_id"].dropna())])

st.subheader(_("Status lens: legal and institutional facts"), anchor=False)
facts = status_matrix(obs, catalog, [economy], as_of)
counts = status_counts(facts)
st.caption(_("What is in place, never averaged into a score") + ": "
           + (counts.iloc[0]["text"] if len(counts) else _("no status fact")) + ".")
status_shown = pd.DataFrame({
    _("Fact"): facts["indicator"],
    _("Pillar"): [_(catalog.pillar_name(p)) for p in facts["pillar"]],
    _("Status"): [_(STATE_LABELS[s]) for s in facts["state"]],
    _("Value"): facts["value"],
    _("Year"): facts["period"].astype("Int64"),
    _("Confidence"): facts["confidence"].fillna("—"),
    _("Source"): [obs.drop_duplicates("source_id").set_index("source_id")["source_title"].get(s, "—")
                  if isinstance(s, str) else "—" for s in facts["source_id"]],
})
st.dataframe(status_shown, hide_index=True, key="profile_status_table", width="stretch")
frame.sources_line(obs[(obs["economy"] == economy) & obs["source_id"].isin(facts["source_id"].dropna())])

st.subheader(_("Key facts"), anchor=False)
facts = key_facts(obs, catalog, economy)
cols = st.columns(3)
for i, fact in enumerate(facts):
    with cols[i % 3].container(border=True, key=f"fact_{fact['indicator_id']}"):
        st.markdown(f"**{_(fact['label'])}**")
        value = fact["value"]
        if fact["status"] != "observed":
            value = f"<em>{STATUS_LABELS.get(fact['status'], fact['status'])}</em>"
        st.markdown(f"<div style='font-size:1.35rem'>{value}</div>", unsafe_allow_html=True)
        frame.fact_provenance(fact)
        for alt in fact["alternatives"]:
            st.caption(f"⚠ {_('Another source gives')} **{alt['value']}** "
                       f"([{alt['source_title']}]({alt['source_url']}), {_(alt['confidence'])}). {alt['note']}")
if economy == "XKX":
    frame.kosovo_footnote()
