"""Methodology and sources: every indicator, the scoring method with a live worked example, every
source and what was taken from it, confidence and missingness, and the known caveats.

``?source=<id>[,<id>…]`` (the links under every chart) puts those sources at the top, highlighted,
and opens their dataset in the list; ``?indicator=<id>`` does the same for an indicator;
``?economy=`` and ``?pillar=`` choose the worked example. Everything shown comes from the view model
indicators/views/methodology.py; this page reads the URL and the widgets and renders.
"""

from __future__ import annotations

from indicators.text.i18n import _
from ui import blocks, data, frame, state
from ui.router import ensure_router

ensure_router()

frame.page_header(
    _("Methodology and sources"),
    _("How every number is defined, scored and sourced, and what to keep in mind when reading it."),
)
view = data.methodology_view(
    {k: state.values(k) for k in ("source", "indicator", "economy", "pillar")}, blocks.widgets("methodology_")
)
blocks.show(view)
state.write(**view.params)
