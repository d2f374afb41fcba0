"""Render a view model's blocks (indicators/views/blocks.py) with Streamlit, in order."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import streamlit as st
from plotly.basedatatypes import BaseFigure

from indicators.text.i18n import current_language, language_param, localize_figure
from indicators.views.blocks import Block, Page
from ui import frame, navigation, views

NO_BAR = {"displayModeBar": False}
LINK_TEXT = r"https?://(?:www\.)?([^/]+).*"  # a link named by its host, never a bare arrow


def plotly_chart(fig, *, key: str, target: Any = None, config: dict | None = None, **kwargs) -> Any:
    """Show a plotly figure: the one way every chart reaches the page, so each gets the language's number
    separators (indicators.text.i18n.localize_figure: axes and hover text write "62,5" in sq, sr and mk).
    ``target``: a container or column (default: the page)."""
    return (target or st).plotly_chart(_prepared(fig), key=key, config=NO_BAR if config is None else config, **kwargs)


class _Prepared(BaseFigure):
    """A figure already localized and written as plotly's dictionary: what ``st.plotly_chart`` asks of a
    figure (``to_dict``, which deep-copies and checks every trace) is done once, not on every rerun."""

    def __init__(self, spec: dict):  # BaseFigure's own __init__ (validation of every trace) is not run
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec


def _prepared(fig: Any) -> Any:
    """The localized dictionary of a figure object per language, made once (``views.held``): the figures of a
    cached view model are the same objects on every rerun (issue 25: a chart's to_dict was about 3 ms of every
    rerun, six charts on the trends page). A figure built on the rerun is a new object: a miss."""
    if not isinstance(fig, BaseFigure):
        return localize_figure(fig)
    lang = current_language()
    return views.held(fig, ("figure", lang), lambda: _Prepared(localize_figure(fig, lang).to_dict()))


def widgets(prefix: str) -> dict[str, Any]:
    """This page's widget values from the session (keys starting with ``prefix``)."""
    try:
        return {k: v for k, v in st.session_state.items() if str(k).startswith(prefix)}
    except Exception:  # no session (bare mode)
        return {}


def _widget(b: Block) -> None:
    w = b.data
    fmt = w.labels.get
    if w.kind == "segmented":
        st.segmented_control(w.label, list(w.options), default=w.value, format_func=fmt, key=b.key)
    elif w.kind == "multiselect":
        st.multiselect(w.label, list(w.options), default=list(w.value), format_func=fmt, key=b.key)
    elif w.kind == "select_slider":
        st.select_slider(w.label, list(w.options), value=w.value, format_func=fmt, key=b.key)
    else:
        st.selectbox(w.label, list(w.options), index=list(w.options).index(w.value), format_func=fmt, key=b.key)


def render(blocks: Iterable[Block]) -> None:
    for b in blocks:
        o = b.options
        k = b.kind
        if k == "header":
            st.header(b.text, anchor=o.get("anchor") or False)
        elif k == "subheader":
            st.subheader(b.text, anchor=o.get("anchor") or False)
        elif k == "markdown":
            st.markdown(b.text)
        elif k == "caption":
            st.caption(b.text)
        elif k in ("info", "success", "warning"):
            getattr(st, k)(b.text, icon=o.get("icon"))
        elif k == "demo_badge":
            frame.demo_badge(b.text)
        elif k == "badge":
            st.badge(b.text, icon=o.get("icon"), color=o.get("color", "blue"))
        elif k == "divider":
            st.divider()
        elif k == "chart":
            if o.get("box"):
                with st.container(key=o["box"]):
                    plotly_chart(b.data, key=b.key)
            else:
                plotly_chart(b.data, key=b.key)
        elif k == "table":
            config = {c: st.column_config.LinkColumn(display_text=LINK_TEXT) for c in o.get("links", ())}
            config |= {c: st.column_config.TextColumn(width="large") for c in o.get("wide", ())}
            extra = {n: v for n, v in o.items() if n in ("height",)}
            if o.get("index"):  # a matrix whose row labels are its index
                matrix, config, extra = views.matrix(b.data, config, **extra)  # turned and fitted once per table
                st.dataframe(matrix, key=b.key, width="stretch", column_config=config or None, **extra)
            else:
                views.table(b.data, b.key, width="stretch", column_config=config, **extra)
        elif k == "download":
            st.download_button(
                b.text,
                b.data,
                file_name=o["file_name"],
                mime="text/csv",
                key=b.key,
                on_click="ignore",
                icon=":material/download:",
            )
        elif k == "sources":
            frame.sources_line(b.data)
        elif k == "kosovo":
            frame.kosovo_footnote()
        elif k == "page_link":
            st.page_link(
                navigation.page(b.data),
                label=b.text,
                icon=o.get("icon"),
                query_params={**(o.get("query") or {}), **language_param()} or None,
            )
        elif k == "widget":
            _widget(b)
        elif k == "range_slider":
            lo, hi = b.data
            st.slider(b.text, lo, hi, o["value"], key=b.key)
        elif k == "columns":
            for col, kid in zip(st.columns(b.data), b.children):
                with col:
                    render(kid.blocks)
        elif k == "expander":
            with st.expander(b.text, expanded=o.get("expanded", False), key=b.key):
                render(b.children[0].blocks)
        elif k == "container":
            with st.container(key=b.key, border=o.get("border", False)):
                render(b.children[0].blocks)


def show(page: Page) -> None:
    """Messages for unusable URL values first, then the blocks."""
    for message in page.messages:
        st.info(message, icon=":material/info:")
    render(page.blocks)
