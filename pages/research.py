"""Research library: publications on cybersecurity, gender and vulnerable groups, filtered by economy, topic
and year; each with authors or publisher, year, link and confidence. Everything shown comes from the view model
indicators/views/research.py; this page reads the URL and the widgets and renders."""

from __future__ import annotations

from indicators.text.i18n import _
from ui import blocks, data, frame, state
from ui.router import ensure_router

ensure_router()

frame.page_header(
    _("Research library"),
    _(
        "Publications on cybersecurity, gender and vulnerable groups in the Western Balkans, for the "
        "regional network of researchers. Each item links to its publisher."
    ),
)
view = data.research_view({k: state.values(k) for k in ("economy", "topic")}, blocks.widgets("research_"))
blocks.show(view)
state.write(**view.params)
