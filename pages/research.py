"""Research library: publications on cybersecurity, gender and vulnerable groups, filtered by economy, topic
and year; each with authors or publisher, year, link and confidence."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators import research as rs
from indicators.economies import ECONOMY_CODES, display_name
from indicators.i18n import _
from ui import data, frame, state
from ui.router import ensure_router

ensure_router()

frame.page_header(_("Research library"),
                  _("Publications on cybersecurity, gender and vulnerable groups in the Western Balkans, for the "
                    "regional network of researchers. Each item links to its publisher."))
wh = data.warehouse()
if not wh.has_table("research_library"):
    st.info(_("No research library is loaded (data/raw/research_library)."), icon=":material/info:")
    st.stop()
lib = data.table("research_library")

ALL = "all"
economy = state.choice("economy", [ALL, *ECONOMY_CODES], ALL, _("economy"))
topic = state.choice("topic", [ALL, *rs.TOPICS], ALL, _("topic"))
years_known = sorted(int(y) for y in lib["year"].dropna())
lo, hi = (years_known[0], years_known[-1]) if years_known else (2000, 2026)
c1, c2, c3 = st.columns([2, 2, 3])
with c1:
    economy = st.selectbox(_("Economy"), [ALL, *ECONOMY_CODES], index=[ALL, *ECONOMY_CODES].index(economy),
                           format_func=lambda e: _("All economies") if e == ALL else display_name(e),
                           key="research_economy")
with c2:
    topic = st.selectbox(_("Topic"), [ALL, *rs.TOPICS], index=[ALL, *rs.TOPICS].index(topic),
                         format_func=lambda t: _("All topics") if t == ALL else rs.TOPICS[t][0], key="research_topic")
with c3:
    years = st.slider(_("Year"), lo, hi, (lo, hi), key="research_years")
state.write(economy=None if economy == ALL else economy, topic=None if topic == ALL else topic)

shown = rs.filter_library(lib, None if economy == ALL else economy, () if topic == ALL else (topic,), years)
st.caption(_("{n} of {total} publications · confidence: verified = read on the publisher's own page; secondary = "
             "known from a page that cites it. An item on the whole region counts for every economy.").format(
    n=len(shown), total=len(lib)))
for r in shown.itertuples():
    with st.container(border=True, key=f"research_item_{r.item_id.replace('.', '_')}"):
        st.markdown(f"**[{r.title}]({r.url})**")
        year = str(int(r.year)) if pd.notna(r.year) else _("year not stated")
        topics = ", ".join(rs.TOPICS[t][0] for t in str(r.filter_topics).split(";") if t in rs.TOPICS)
        st.caption(f"{r.authors} · {year} · {str(r.type).capitalize()} · {rs.economies_text(r.economies)} · "
                   f"{_('Topics')}: {topics or '—'} · {_('Confidence')}: {_(r.confidence)}")
        st.markdown(r.summary)
if not len(shown):
    st.info(_("No publication matches these filters."), icon=":material/info:")
table = shown.assign(year=shown["year"].astype("Int64"))[
    ["title", "authors", "year", "economies", "topics", "type", "url", "summary", "where_found", "confidence"]]
st.download_button(_("Download these publications (CSV)"), table.to_csv(index=False).encode("utf-8"),
                   file_name="research_library.csv", mime="text/csv", key="research_download", on_click="ignore",
                   icon=":material/download:")
if economy == "XKX" or (economy == ALL and any("XKX" in str(e) for e in shown["economies"])):
    frame.kosovo_footnote()
