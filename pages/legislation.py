"""Legislation tracker: treaty, strategy, law, NIS2, data protection and CSIRT status for all six economies.
Everything shown comes from the view model indicators/views/legislation.py; this page reads the URL and the
widgets and renders."""

from __future__ import annotations

import datetime as dt

from indicators.text.i18n import _
from ui import blocks, data, frame, state
from ui.router import ensure_router

ensure_router()

frame.page_header(
    _("Legislation tracker"),
    _("Where each economy stands on the legal and institutional basics, with the year and source of each fact."),
)
view = data.legislation_view(
    {k: state.values(k) for k in ("as_of", "fact")}, blocks.widgets("legislation_"), dt.date.today()
)
blocks.show(view)
state.write(**view.params)
