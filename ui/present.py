"""The presentation page's own widget group: the slide navigation (a fixed bar of on-screen buttons, the arrow
keys and a presenter clicker's PageUp/PageDown) and the auto-advance timer."""

from __future__ import annotations

import time

import streamlit as st

from indicators.views.present import Labels, PresentView


def go(to: int, last: int) -> None:
    """Move to slide ``to`` (kept within 1..``last``), and remember when, for the auto-advance timer."""
    st.query_params["slide"] = str(min(max(to, 1), last))
    st.session_state["present_last_move"] = time.time()


def navigation(view: PresentView, slide_no: int, auto: int, labels: Labels) -> None:
    n = len(view)
    with st.container(key="slide_nav", horizontal=True, vertical_alignment="center"):
        st.button(
            labels.previous,
            key="present_prev",
            shortcut="Left",
            on_click=go,
            args=(slide_no - 1, n),
            disabled=slide_no == 1,
            icon=":material/arrow_back:",
        )
        st.markdown(view.counter_html(slide_no), unsafe_allow_html=True)
        st.button(
            labels.next,
            key="present_next",
            shortcut="Right",
            on_click=go,
            args=(slide_no + 1, n),
            disabled=slide_no == n,
            type="primary",
            icon=":material/arrow_forward:",
        )
    with st.container(key="slide_hidden_keys"):
        st.button(labels.next_slide, key="present_pagedown", shortcut="PageDown", on_click=go, args=(slide_no + 1, n))
        st.button(labels.previous_slide, key="present_pageup", shortcut="PageUp", on_click=go, args=(slide_no - 1, n))

    if auto and slide_no < n:

        @st.fragment(run_every=auto)
        def _auto_advance() -> None:
            last = st.session_state.setdefault("present_last_move", time.time())
            if time.time() - last >= auto - 1:  # ticks are not exact: allow a second of slack
                go(slide_no + 1, n)
                st.rerun(scope="app")

        _auto_advance()
