"""WB6 Cyber Maturity Dashboard: the router and shared frame. Run with `streamlit run dashboard.py`."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from indicators.i18n import _, set_language
from ui import data, frame
from ui.router import ensure_router

ensure_router()

st.set_page_config(page_title="WB6 Cyber Maturity", page_icon=str(Path(__file__).parent / "static" / "icon.png"), layout="wide",
                   initial_sidebar_state="expanded")
set_language(st.query_params.get("lang"))
frame.style()

try:
    with st.spinner(_("Preparing the data warehouse…")):
        built = data.ensure_warehouse()
except Exception as err:  # the raw data is broken and there is no previous build to fall back on
    st.error(_("The data warehouse could not be built. Run `python -m etl check data/raw` to see "
               "every problem.") + f"\n\n{type(err).__name__}")
    st.stop()
if built:
    st.toast(built, icon=":material/database:")

PAGES = [
    st.Page("pages/profile.py", title=_("Economy profile"), icon=":material/person_pin:",
            url_path="profile", default=True),
]

nav = st.navigation(PAGES)
with st.sidebar:
    st.caption(_("Cybersecurity maturity of the six Western Balkan economies, on shared public evidence."))
nav.run()
frame.footer()
