"""Legislation tracker: treaty, strategy, law, NIS2, data protection and CSIRT status for all six economies."""
from __future__ import annotations

import datetime as dt

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
frame.page_header(_("Legislation tracker"),
                  _("Where each economy stands on the legal and institutional basics, with the year and source of each fact."))

facts = obs[obs["indicator_id"].isin(TRACKED)]
this_year = dt.date.today().year
years = list(range(int(facts["period"].min()), this_year + 1)) if len(facts) else [this_year]
as_of = state.integer("as_of", years, years[-1], _("year"))
as_of = st.select_slider(_("As of the end of"), years, value=as_of, key="legislation_as_of")
long = tracker(obs, catalog, None if as_of == years[-1] else as_of)
if as_of != years[-1]:
    st.info(_("Showing what was true at the end of {year}: each economy's latest fact dated {year} or earlier.").format(
        year=as_of), icon=":material/history:")

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
state.write(fact=fact, as_of=None if as_of == years[-1] else as_of)
ind = catalog.get(fact)
st.markdown(ind.description)
sel = long[long["indicator_id"] == fact]
details = pd.DataFrame({
    _("Economy"): sel["economy_name"],
    _("Status"): [v if s == "observed" else STATUS_LABELS.get(s, s) for v, s in zip(sel["value"], sel["status"])],
    _("Year"): ["—" if pd.isna(y) else str(int(y)) for y in sel["period"]],
    _("Confidence"): sel["confidence"].fillna("—"),
    _("What the source says"): sel["note"],
    _("Last checked"): [(c if isinstance(c, str) else "—") + (" ⚠ " + _("not checked for 12 months") if st_ else "")
                        for c, st_ in zip(sel["last_checked"], sel["stale"])],
    _("Source"): sel["source_url"].fillna(""),
})
st.dataframe(details, hide_index=True, key="legislation_details", width="stretch",
             column_config={_("Source"): st.column_config.LinkColumn(display_text=r"https?://([^/]+)/.*")})
frame.sources_line(sel.dropna(subset=["source_id"]))
st.caption(_("Last checked: the day the fact was last read in a source. A fact not checked for 12 months is "
             "marked ⚠ and should be read again before it is relied on."))
if fact == "budapest_convention":
    st.caption(_("Kosovo* is not a Council of Europe member and cannot become a party to the Budapest "
                 "Convention in the ordinary way: shown as not applicable, not as a gap."))
if fact in ("cyber_law", "national_csirt", "national_strategy"):
    st.caption(_("Bosnia and Herzegovina: several facts are entity-level (Republika Srpska) rather than "
                 "state-level arrangements."))

# Publications that inform this view (research library)
if data.warehouse().has_table("research_library"):
    from indicators import research as _rs
    _lib = data.table("research_library")
    _parts = []
    for _t in _rs.VIEW_TOPICS["legislation"]:
        _n = len(_rs.filter_library(_lib, topics=(_t,)))
        if _n:
            _parts.append(f"[{_rs.TOPICS[_t][0]} ({_n})](research?topic={_t})")
    if _parts:
        st.caption(_("Research that informs this view") + ": " + " · ".join(_parts))
