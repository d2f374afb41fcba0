"""Forum presentation mode: a prepared deck for a projector, driven by URL, clicker or keyboard.

Without ``present=1`` the page is a setup form; with it the app chrome is hidden and one slide fills the
screen. The deck is data (indicators/views/present.py, audience QR code included); this page is layout only.
"""

from __future__ import annotations

import streamlit as st

from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.views import present
from ui import blocks, data, frame, pickers, state
from ui import present as present_ui
from ui.router import ensure_router

ensure_router()
L = present.labels()

presenting = st.query_params.get("present") == "1"
economies = state.economies(default=ECONOMY_CODES, min_n=1, max_n=6)
focus = state.choice("focus", present.FOCUS_CHOICES, "overview", L.focus_param)
auto = state.integer("auto", present.AUTO_CHOICES, 0, L.auto_param)
screen = state.integer("screen", present.SCREENS, 1080, L.screen_param)
since = (state.values("since") or [None])[0]
view = data.present_view(economies, focus, screen, since)
slide_no = state.integer("slide", range(1, len(view) + 1), 1, L.slide_param)

if not presenting:
    frame.page_header(L.title, L.subtitle)
    chosen = st.multiselect(
        L.economies,
        ECONOMY_CODES,
        default=economies,
        format_func=display_name,
        key="present_economies",
        max_selections=6,
    )
    c1, c2, c3 = st.columns(3)
    focus = pickers.select(
        L.focus, present.FOCUS_CHOICES, focus, "present_focus", labels=view.focus_labels.get, target=c1
    )
    auto = pickers.select(L.auto, present.AUTO_CHOICES, auto, "present_auto", labels=present.auto_label, target=c2)
    screen = pickers.select(L.screen, present.SCREENS, screen, "present_screen", labels=present.screen_label, target=c3)
    since = st.text_input(L.since, value=since or "", key="present_since", max_chars=100).strip() or None
    chosen = chosen or list(ECONOMY_CODES)
    state.write(economies=chosen, focus=focus, auto=auto or None, slide=None, screen=screen, since=since)
    params = present.start_params(chosen, focus, screen, auto, since)
    st.markdown(present.prepared_link(params))
    if view.qr_url:
        st.markdown(view.qr_note)
    else:
        st.warning(view.qr_note, icon=":material/qr_code:")
    if view.changes_note:
        st.info(view.changes_note, icon=":material/history:")
    st.caption(L.keys)
    st.markdown(view.slide_list)
    st.button(
        L.start,
        key="present_start",
        type="primary",
        icon=":material/slideshow:",
        on_click=st.query_params.from_dict,
        args=(params,),
    )
    st.stop()

# ---- presenting -------------------------------------------------------------------------------
st.html(f"<style>{present.PRESENT_CSS}</style>")
slide = view.slides[slide_no - 1]


with st.container(key=f"slide_{slide.kind}"):
    st.markdown(slide.title_html, unsafe_allow_html=True)
    if slide.figure is not None:
        left, right = st.columns([5, 6], gap="medium")
        blocks.plotly_chart(slide.figure, key=f"present_fig_{slide_no}", config=present.CHART_CONFIG, target=left)
        target, below = right, left  # the sources line under the chart: the text column is the tall one
    else:
        target = below = st
    footnote = view.footnote_html if slide.footnote else ""
    target.markdown("".join(slide.blocks) + (footnote if below is not target else ""), unsafe_allow_html=True)
    below.markdown(slide.sources_line + (footnote if below is target else ""), unsafe_allow_html=True)
if view.qr_svg and slide.kind != "qr":
    st.markdown(view.qr_badge_html, unsafe_allow_html=True)
    st.html(f"<style>{present.QR_BADGE_CSS}</style>")

# ---- navigation: a fixed bar (on-screen buttons, arrow keys, clicker keys) and the auto-advance timer ----
present_ui.navigation(view, slide_no, auto, L)
