"""WB6 Cyber Maturity Dashboard: the router and shared frame. Run with `streamlit run dashboard.py`."""

from __future__ import annotations

import streamlit as st

from ui import precompile

precompile.start()  # a fresh clone's first start: the project's bytecode compiled by a child meanwhile (ui/precompile.py)

from indicators.model import page_registry  # noqa: E402
from indicators.text.i18n import DEFAULT_LANGUAGE, _, language_param, set_language  # noqa: E402
from ui import navigation, warmup  # noqa: E402
from ui.router import ensure_router  # noqa: E402

ensure_router()

PRESENTING = st.query_params.get("present") == "1"  # forum presentation: no sidebar, no app chrome
st.set_page_config(
    page_icon=navigation.ICON,  # a data URL made once per process (tab title: after st.navigation)
    layout="wide",
    initial_sidebar_state="collapsed" if PRESENTING else "auto",
)
# The language lives in the URL (?lang=), so links, slides and briefs carry it. Streamlit's own sidebar
# navigation drops the query string when it switches pages: the session remembers the language and puts
# it back into the URL (tests/browser/test_languages_browser.py clicks a sidebar link to check).
LANGUAGE_OF_SESSION = "wb6_language_of_session"
language = set_language(st.query_params.get("lang") or st.session_state.get(LANGUAGE_OF_SESSION))
st.session_state[LANGUAGE_OF_SESSION] = language
if "lang" not in st.query_params and language != DEFAULT_LANGUAGE:
    st.query_params["lang"] = language

PAGES = navigation.pages()  # the one page list, indicators/model/page_registry.py, made once per language

# expanded=True: every page listed, Forum section included (the default hides pages past ten behind "View N more")
nav = st.navigation(PAGES, position="hidden" if PRESENTING else "sidebar", expanded=True)
st.set_page_config(page_title=_("{page} · WB6 Cyber Maturity").format(page=nav.title))  # one tab title per page
# The navigation is sent before the data layer is imported (pandas, DuckDB, plotly: a second or two on a
# cold start) and before a first build, so the sidebar shows the page titles at once, never the file names
# of pages/ that Streamlit lists until st.navigation runs; a short line says the app is getting ready.
loading = warmup.loading_slot()  # on a first start the browser loads its chart code meanwhile (ui/warmup.py)
from ui import data, frame, guard, startup  # noqa: E402

frame.style()
try:  # build when stale, then pin one build for the whole run; a broken warehouse never shows a traceback
    built = startup.ensure_warehouse_with_progress(loading)  # a translated progress bar during a first build
    pin = data.pin_build()
except data.WarehouseMissing as err:
    st.error(
        _("The data cannot be shown right now: {reason}.").format(reason=str(err).rstrip(".")),
        icon=":material/database:",
    )
    st.stop()
except Exception as err:  # anything else: a short message, the details stay in the server log
    import logging

    logging.getLogger("dashboard").exception("warehouse unavailable")
    st.error(
        _(
            "The data cannot be shown right now ({error}). The operator runs `python -m etl check data/raw` "
            "and then `python -m etl build`."
        ).format(error=type(err).__name__),
        icon=":material/database:",
    )
    st.stop()
if pin.notice and not PRESENTING:
    st.warning(pin.notice, icon=":material/history:")
if built.warning and not PRESENTING and not st.session_state.get("build_toast_shown"):
    st.session_state["build_toast_shown"] = True  # the shown warehouse is older than the data: say so once
    st.warning(built.text, icon=":material/database:")

if PRESENTING and nav.url_path != page_registry.PRESENT.url_path:
    st.switch_page(
        navigation.page(page_registry.PRESENT.key),
        query_params={k: st.query_params.get_all(k) for k in st.query_params},
    )
if not PRESENTING:
    with st.sidebar:
        st.caption(_("Cybersecurity maturity of the six Western Balkan economies, on shared public evidence."))
        st.page_link(
            navigation.page(page_registry.PRESENT.key),
            label=_("Start presentation mode"),
            icon=":material/slideshow:",
            query_params={"present": "1", "slide": "1", **language_param()},
        )
        frame.language_chooser()
guard.run(nav)  # no traceback ever reaches a visitor: a short message, the details in the server log
if not PRESENTING:
    frame.footer(nav.title, nav.url_path)
