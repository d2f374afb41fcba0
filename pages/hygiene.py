"""Cyber hygiene and inclusion: real Eurostat figures for the six economies (practices against the EU, gaps by
sex, age, education and labour status, enterprises by size), the real figures on technology-facilitated violence
against women and the Inclusion pillar, published national figures, and, clearly badged, what a survey of your
own would show (demonstration respondents, estimated in DuckDB with intervals). Everything shown comes from the
view model indicators/views/hygiene.py; this page reads the URL and the widgets and renders."""

from __future__ import annotations

from indicators.text.i18n import _
from ui import blocks, data, frame, state
from ui.router import ensure_router

ensure_router()
URL_KEYS = ("view", "item", "unit", "period", "compare", "survey", "year", "q", "by", "economy", "split", "sex")

frame.page_header(
    _("Cyber hygiene and inclusion"),
    _(
        "How people protect themselves online, by sex, age band and vulnerable group, next to the "
        "real figures on technology-facilitated violence against women."
    ),
)
view = data.hygiene_view({k: state.values(k) for k in URL_KEYS}, blocks.widgets("hygiene_"))
blocks.show(view)
state.write(**view.params)
