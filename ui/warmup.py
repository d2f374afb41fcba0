"""First start: the browser fetches and compiles its chart code while the server prepares the data.

Streamlit's browser app loads the code of an element kind the first time such an element arrives: on a cold
start the overview's map and ranking chart came after the data layer's imports, the build and the page's own
work, and only then did the browser fetch and compile deck.gl (3 MB) and plotly.js (4.7 MB) and draw; on this
2-core machine that was the largest single wait on the way to the first chart (docs/performance.md, "First
chart (fourth round)"). While the server imports and builds, the browser is idle: :func:`loading_slot` puts,
beside the "Preparing the data…" line, one empty Plotly chart, one empty deck.gl map and one empty table in a
container that is never displayed (``display: none``: no pixel, no text, nothing for a screen reader, no data), so the
browser loads that code then. The whole slot is emptied when the data is ready (ui/startup.py), so nothing of
it stays on the page. Only until the first start's data is ready (once per server process); later visits
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

# The overview map's kinds of layer (indicators/render/maps.py, choropleth_deck), each with one point-sized shape
# far from the region and no property, so deck.gl creates their WebGL programs now. Without a GPU (this machine,
# and any client drawing WebGL in software) compiling and linking those programs took 3-5 s of the browser's GPU
# process on the main thread's critical path when the first real map arrived, and held up the ranking chart too;
# compiled during the build, the real map reuses them (docs/performance.md, "h26cold (fifth round)").
# tests/test_warmup.py checks the kinds stay those of the overview's map and that the layers carry no value.
_SPOT = [[0.0, 0.0], [0.001, 0.0], [0.001, 0.001], [0.0, 0.001]]
_LAYERS = (
    ("PolygonLayer", [{"polygon": _SPOT}], {"get_polygon": "polygon", "stroked": False}),
    (
        "GeoJsonLayer",
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [_SPOT]}, "properties": {}}
            ],
        },
        {"stroked": True, "filled": True, "pickable": True, "line_width_units": "'pixels'"},
    ),
    ("PathLayer", [{"path": _SPOT}], {"get_path": "path", "width_units": "'pixels'"}),
    (
        "TextLayer",
        [{"position": [0.0, 0.0], "text": " "}],
        {
            "get_position": "position",
            "get_text": "text",
            "size_units": "'pixels'",
            "font_family": "'Source Sans Pro, Arial, sans-serif'",
            "font_weight": 600,
            "background": True,
            "character_set": "'auto'",
        },
    ),
)

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


def _deck() -> pdk.Deck:
    """A map with the overview's kinds of layer and nothing to show (no basemap: nothing is fetched)."""
    layers = [pdk.Layer(kind, data, id=f"{KEY}_{i}", **props) for i, (kind, data, props) in enumerate(_LAYERS)]
    return pdk.Deck(layers=layers, map_provider=None, initial_view_state=pdk.ViewState(latitude=0, longitude=0, zoom=1))


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
        st.plotly_chart(_EMPTY_FIGURE, key="wb6_warmup_plotly", config={"staticPlot": True})
        st.pydeck_chart(_deck(), key="wb6_warmup_map", height=10)
        st.dataframe({" ": []}, height=40)  # the data grid's code (Arrow, glide-data-grid: 1.2 MB)
    return _Slot(outer, line)
