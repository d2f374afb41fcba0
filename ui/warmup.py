"""First start: the browser fetches and compiles its chart code while the server prepares the data.

Streamlit's browser app loads the code of an element kind the first time such an element arrives: on a cold
start the overview's map and ranking chart came after the data layer's imports, the build and the page's own
work, and only then did the browser fetch and compile deck.gl (3 MB) and plotly.js (4.7 MB) and draw; on this
2-core machine that was the largest single wait on the way to the first chart (docs/performance.md, "First
chart (fourth round)"). While the server imports and builds, the browser is idle: :func:`loading_slot` puts,
beside the "Preparing the data…" line, one empty progress bar, one empty Plotly chart, one empty deck.gl map and one
empty table in a container that is never displayed (``display: none``: no pixel, no text, nothing for a screen reader, no data), so the
browser loads that code then. The progress bar comes first: its code is small, and without it the build's bar
was drawn only once plotly.js, deck.gl and the data grid had been compiled, near the build's end (until then the
visitor saw the first line, then grey placeholders; docs/performance.md, "h27cold (sixth round)"). The whole slot
is emptied when the data is ready (ui/startup.py), so nothing of it stays on the page. Only until the first start's data is ready (once per server process); later visits
load the code as before, from the browser's cache.

Light on purpose: imported by dashboard.py before the data layer (pandas, DuckDB, plotly's figure factory).
"""

from __future__ import annotations

import threading

import pydeck as pdk
import streamlit as st

from indicators.text.i18n import _

KEY = "wb6_warmup"  # the hidden container's CSS class is st-key-wb6_warmup
_STYLE = "<style>.st-key-wb6_warmup{display:none !important}</style>"
_EMPTY_FIGURE = {
    "data": [{"type": "scatter", "x": [], "y": []}],
    "layout": {},
}  # no point: only makes the browser load plotly.js

_ready = threading.Event()  # set once the first start's data is ready in this process


def first_start() -> bool:
    """Whether the data of this server process's first start is still being prepared."""
    return not _ready.is_set()


def ready() -> None:
    """Called once the warehouse is ready (ui/startup.py): later runs send no warm-up."""
    _ready.set()


class _Slot:
    """The loading slot with its hidden warm-up: ``progress`` and ``caption`` replace the visible line only
    (the warm-up stays while the build runs); ``empty`` removes both."""

    def __init__(self, outer, line):
        self._outer, self._line = outer, line

    def progress(self, value, text=None):
        return self._line.progress(value, text=text)

    def caption(self, body):
        return self._line.caption(body)

    def empty(self):
        return self._outer.empty()


def loading_slot():
    """An ``st.empty()`` showing "Preparing the data…"; on a first start it also holds the hidden charts that
    make the browser load their code meanwhile. Empty it (``.empty()``) when the data is ready."""
    outer = st.empty()
    if not first_start():
        outer.caption(_("Preparing the data…"))
        return outer
    box = outer.container()
    line = box.empty()
    line.caption(_("Preparing the data…"))
    with box.container(key=KEY):
        st.html(_STYLE)
        st.progress(0.0)  # the progress bar's code first (small): the build's bar is drawn, not a placeholder
        st.plotly_chart(_EMPTY_FIGURE, key="wb6_warmup_plotly", config={"staticPlot": True})
        # no layer and no basemap, exactly as the overview's map is set up (map_provider=None: nothing is fetched)
        st.pydeck_chart(pdk.Deck(layers=[], map_provider=None), key="wb6_warmup_map", height=10)
        st.dataframe({" ": []}, height=40)  # the data grid's code (Arrow, glide-data-grid: 1.2 MB)
    return _Slot(outer, line)
