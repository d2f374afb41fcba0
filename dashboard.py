"""WB6 Cyber Maturity Dashboard: the router and shared frame. Run with `streamlit run dashboard.py`."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from indicators.i18n import _, set_language
from ui import data, frame
from ui.router import ensure_router

ensure_router()

PRESENTING = st.query_params.get("present") == "1"  # forum presentation: no sidebar, no app chrome
st.set_page_config(page_icon=str(Path(__file__).parent / "static" / "icon.png"),  # tab title: after st.navigation
                   layout="wide", initial_sidebar_state="collapsed" if PRESENTING else "auto")
set_language(st.query_params.get("lang"))
frame.style()

try:  # build when stale, then pin one build for the whole run; a broken warehouse never shows a traceback
    with st.spinner(_("Preparing the data warehouse…")):
        built = data.ensure_warehouse()
    pin = data.pin_build()
except data.WarehouseMissing as err:
    st.error(_("The data cannot be shown right now: {reason}.").format(reason=str(err).rstrip(".")), icon=":material/database:")
    st.stop()
except Exception as err:  # anything else: a short message, the details stay in the server log
    import logging
    logging.getLogger("dashboard").exception("warehouse unavailable")
    st.error(_("The data cannot be shown right now ({error}). The operator runs `python -m etl check data/raw` "
               "and then `python -m etl build`.").format(error=type(err).__name__), icon=":material/database:")
    st.stop()
if pin.notice and not PRESENTING:
    st.warning(pin.notice, icon=":material/history:")
if built.text and not PRESENTING and not st.session_state.get("build_toast_shown"):
    st.session_state["build_toast_shown"] = True
    if built.warning:  # the shown warehouse is older than the data: say so where the operator will see it
        st.warning(built.text, icon=":material/database:")
    else:
        st.toast(built.text, icon=":material/database:")

PAGES = {
    _("Region"): [
        st.Page("pages/overview.py", title=_("Regional overview"), icon=":material/map:", url_path="overview",
                default=True),
        st.Page("pages/compare.py", title=_("Compare economies"), icon=":material/compare_arrows:",
                url_path="compare"),
        st.Page("pages/trends.py", title=_("Trends by edition"), icon=":material/timeline:", url_path="trends"),
    ],
    _("Economy"): [
        st.Page("pages/profile.py", title=_("Economy profile"), icon=":material/person_pin:", url_path="profile"),
        st.Page("pages/legislation.py", title=_("Legislation tracker"), icon=":material/gavel:",
                url_path="legislation"),
    ],
    _("CERTs and plans"): [
        st.Page("pages/cert.py", title=_("CERT maturity (SIM3)"), icon=":material/security:", url_path="cert"),
        st.Page("pages/plans.py", title=_("Capacity-building plans"), icon=":material/checklist:",
                url_path="plans"),
    ],
    _("People"): [
        st.Page("pages/hygiene.py", title=_("Cyber hygiene and inclusion"), icon=":material/diversity_3:",
                url_path="hygiene"),
        st.Page("pages/research.py", title=_("Research library"), icon=":material/local_library:",
                url_path="research"),
    ],
    _("Data"): [
        st.Page("pages/explorer.py", title=_("Data explorer and downloads"), icon=":material/table_view:",
                url_path="explorer"),
        st.Page("pages/methodology.py", title=_("Methodology and sources"), icon=":material/menu_book:",
                url_path="methodology"),
        st.Page("pages/glossary.py", title=_("Glossary"), icon=":material/dictionary:", url_path="glossary"),
    ],
    _("Forum"): [
        st.Page("pages/present.py", title=_("Presentation mode"), icon=":material/slideshow:", url_path="present"),
        st.Page("pages/changes.py", title=_("What changed"), icon=":material/difference:", url_path="changes"),
    ],
}

nav = st.navigation(PAGES, position="hidden" if PRESENTING else "sidebar")
st.set_page_config(page_title=_("{page} · WB6 Cyber Maturity").format(page=nav.title))  # one tab title per page
if PRESENTING and nav.url_path != "present":
    st.switch_page("pages/present.py", query_params={k: st.query_params.get_all(k) for k in st.query_params})
if not PRESENTING:
    with st.sidebar:
        st.caption(_("Cybersecurity maturity of the six Western Balkan economies, on shared public evidence."))
        st.page_link("pages/present.py", label=_("Start presentation mode"), icon=":material/slideshow:",
                     query_params={"present": "1", "slide": "1"})
        frame.language_chooser()
nav.run()
if not PRESENTING:
    frame.footer(nav.title, nav.url_path)
