"""Legislation tracker: treaty, strategy, law, NIS2, data protection and CSIRT status for all six economies."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators.i18n import _
from indicators.legislation import TRACKED, tracker, tracker_matrix
from indicators.scoring import STATUS_LABELS
from ui import data, frame, state
from ui.router import ensure_router

ensure_router()

catalog = data.catalog()
obs = data.observations()
long = tracker(obs, catalog)

frame.page_header(_("Legislation tracker"),
                  _("Where each economy stands on the legal and institutional basics, with the year and source of each fact."))

matrix = tracker_matrix(long, catalog)
st.dataframe(matrix, key="legislation_matrix", width="stretch")
st.caption(_("Each cell: the status and, in brackets, the year the fact dates from (adoption, ratification "
             "or entry into force). 'not assessed' means the sources read did not establish it; it is not 'no'."))
frame.sources_line(long.dropna(subset=["source_id"]))
frame.kosovo_footnote()

st.subheader(_("Details and sources"), anchor=False)
fact = state.choice("fact", list(TRACKED), TRACKED[0], _("fact"))
fact = st.selectbox(_("Fact"), list(TRACKED), index=list(TRACKED).index(fact),
                    format_func=lambda i: catalog.get(i).name, key="legislation_fact")
state.write(fact=fact)
ind = catalog.get(fact)
st.markdown(ind.description)
sel = long[long["indicator_id"] == fact]
details = pd.DataFrame({
    _("Economy"): sel["economy_name"],
    _("Status"): [v if s == "observed" else STATUS_LABELS.get(s, s) for v, s in zip(sel["value"], sel["status"])],
    _("Year"): sel["period"].astype("Int64"),
    _("Confidence"): sel["confidence"].fillna("—"),
    _("What the source says"): sel["note"],
    _("Source"): sel["source_url"].fillna(""),
})
st.dataframe(details, hide_index=True, key="legislation_details", width="stretch",
             column_config={_("Source"): st.column_config.LinkColumn(display_text=r"https?://([^/]+)/.*")})
frame.sources_line(sel.dropna(subset=["source_id"]))
if fact == "budapest_convention":
    st.caption(_("Kosovo* is not a Council of Europe member and cannot become a party to the Budapest "
                 "Convention in the ordinary way: shown as not applicable, not as a gap."))
if fact in ("cyber_law", "national_csirt", "national_strategy"):
    st.caption(_("Bosnia and Herzegovina: several facts are entity-level (Republika Srpska) rather than "
                 "state-level arrangements."))
