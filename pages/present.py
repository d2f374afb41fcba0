"""Forum presentation mode: a prepared deck for a projector, driven by URL, clicker or keyboard.

Without ``present=1`` the page is a setup form; with it the app chrome is hidden and one slide fills the
screen. The deck is data (indicators/views/present.py); this page reads the URL and renders it.
"""

from __future__ import annotations

import time

import streamlit as st

from indicators.model.economies import ECONOMY_CODES, KOSOVO_FOOTNOTE, display_name
from indicators.render import qr as qrcode
from indicators.render.slides import FOCUS_CHOICES
from indicators.text.i18n import _, current_language
from indicators.text.markup import html
from indicators.views.present import PRESENT_CSS, QR_BADGE_CSS, SCREENS, focus_label
from ui import blocks, data, frame, state
from ui.router import ensure_router

ensure_router()

AUTO_CHOICES = (0, 10, 20, 30, 45, 60, 90, 120)
catalog = data.catalog()
presenting = st.query_params.get("present") == "1"
economies = state.economies(default=ECONOMY_CODES, min_n=1, max_n=6)
focus = state.choice("focus", FOCUS_CHOICES, "overview", _("focus"))
auto = state.integer("auto", AUTO_CHOICES, 0, _("auto-advance interval"))
screen = state.integer("screen", SCREENS, 1080, _("screen height"))
since = (state.values("since") or [None])[0]
base, qr_reason = qrcode.load_public_base()
deck_params = {"present": "1", "economies": ",".join(economies), "focus": focus}  # a phone needs no screen=
if since:
    deck_params["since"] = since
qr, qr_reason = qrcode.view_qr(base, "present", deck_params, current_language(), qr_reason)
view = data.present_view(economies, focus, screen, since, (qr.url, qr.svg) if qr else (None, None), qr_reason)
slide_no = state.integer("slide", range(1, len(view) + 1), 1, _("slide"))

if not presenting:
    frame.page_header(
        _("Presentation mode"),
        _(
            "Prepare a talk for a regional forum: choose the economies, their order and the focus, "
            "then start. The link opens the same deck at the first slide."
        ),
    )
    chosen = st.multiselect(
        _("Economies, in the order you will present them"),
        ECONOMY_CODES,
        default=economies,
        format_func=display_name,
        key="present_economies",
        max_selections=6,
    )
    c1, c2, c3 = st.columns(3)
    focus = c1.selectbox(
        _("Pillar focus"),
        FOCUS_CHOICES,
        index=FOCUS_CHOICES.index(focus),
        format_func=lambda f: focus_label(catalog, f),
        key="present_focus",
    )
    auto = c2.selectbox(
        _("Auto-advance"),
        AUTO_CHOICES,
        index=AUTO_CHOICES.index(auto),
        format_func=lambda s: _("off (clicker or keyboard)") if s == 0 else f"{s} s",
        key="present_auto",
    )
    screen = c3.selectbox(
        _("Projector resolution"),
        SCREENS,
        index=SCREENS.index(screen),
        format_func=lambda h: "1920x1080" if h == 1080 else "1280x720",
        key="present_screen",
    )
    since = (
        st.text_input(
            _("Last forum: build id or date (YYYY-MM-DD) to compare with"),
            value=since or "",
            key="present_since",
            max_chars=100,
        ).strip()
        or None
    )
    chosen = chosen or list(ECONOMY_CODES)
    state.write(economies=chosen, focus=focus, auto=auto or None, slide=None, screen=screen, since=since)
    params = {"present": "1", "economies": ",".join(chosen), "focus": focus, "screen": str(screen), "slide": "1"}
    params.update({k: str(v) for k, v in (("auto", auto), ("since", since)) if v})
    st.markdown(f"**{html(_('Prepared link'))}:** `/present?" + "&".join(f"{k}={v}" for k, v in params.items()) + "`")
    if qr:
        st.markdown(html(_("Audience QR code (slide and corner badge): {url}").format(url=qr.url)))
    else:
        st.warning(
            _("The audience QR code is hidden: {reason}.").format(reason=qr_reason or ""), icon=":material/qr_code:"
        )
    if view.changes_note:
        st.info(view.changes_note, icon=":material/history:")
    st.caption(
        _(
            "Keys: Right arrow or Page Down = next slide; Left arrow or Page Up = previous. "
            "Presenter clickers send these keys."
        )
    )
    st.markdown(html(_("Slides")) + ": " + " · ".join(f"{i}. {html(s.heading)}" for i, s in enumerate(view.slides, 1)))
    st.button(
        _("Start presentation"),
        key="present_start",
        type="primary",
        icon=":material/slideshow:",
        on_click=lambda: st.query_params.from_dict(params),
    )
    st.stop()

# ---- presenting -------------------------------------------------------------------------------
st.html(f"<style>{PRESENT_CSS}</style>")
slide = view.slides[slide_no - 1]


def go(to: int) -> None:
    st.query_params["slide"] = str(min(max(to, 1), len(view)))
    st.session_state["present_last_move"] = time.time()


with st.container(key=f"slide_{slide.kind}"):
    st.markdown(f"<h1 class='slide-title' data-testid='slide-title'>{html(slide.heading)}</h1>", unsafe_allow_html=True)
    if slide.figure is not None:
        left, right = st.columns([5, 6], gap="medium")
        blocks.plotly_chart(
            slide.figure,
            key=f"present_fig_{slide_no}",
            config={"displayModeBar": False, "staticPlot": True},
            target=left,
        )
        target, below = right, left  # the sources line under the chart: the text column is the tall one
    else:
        target = below = st
    footnote = f"<div class='slide-small'>{html(_(KOSOVO_FOOTNOTE))}</div>" if slide.footnote else ""
    target.markdown("".join(slide.blocks) + (footnote if below is not target else ""), unsafe_allow_html=True)
    below.markdown(slide.sources_line + (footnote if below is target else ""), unsafe_allow_html=True)
if view.qr_svg and slide.kind != "qr":
    st.markdown(f"<div class='slide-qr-badge' data-testid='slide-qr-badge'>{view.qr_svg}</div>", unsafe_allow_html=True)
    st.html(f"<style>{QR_BADGE_CSS}</style>")

# ---- navigation: a fixed bar; on-screen buttons, arrow keys and clicker keys (PageUp/PageDown) ----------
with st.container(key="slide_nav", horizontal=True, vertical_alignment="center"):
    st.button(
        _("Previous"),
        key="present_prev",
        shortcut="Left",
        on_click=go,
        args=(slide_no - 1,),
        disabled=slide_no == 1,
        icon=":material/arrow_back:",
    )
    st.markdown(
        f"<div class='slide-counter' data-testid='slide-counter'>{slide_no} / {len(view)}</div>", unsafe_allow_html=True
    )
    st.button(
        _("Next"),
        key="present_next",
        shortcut="Right",
        on_click=go,
        args=(slide_no + 1,),
        disabled=slide_no == len(view),
        type="primary",
        icon=":material/arrow_forward:",
    )
with st.container(key="slide_hidden_keys"):
    st.button(_("Next slide"), key="present_pagedown", shortcut="PageDown", on_click=go, args=(slide_no + 1,))
    st.button(_("Previous slide"), key="present_pageup", shortcut="PageUp", on_click=go, args=(slide_no - 1,))

if auto and slide_no < len(view):

    @st.fragment(run_every=auto)
    def _auto_advance() -> None:
        last = st.session_state.setdefault("present_last_move", time.time())
        if time.time() - last >= auto - 1:  # ticks are not exact: allow a second of slack
            go(slide_no + 1)
            st.rerun(scope="app")

    _auto_advance()
