"""Cooperation: peer-learning opportunities between the six economies and who sits at the table at home (the
stakeholder register). Everything shown comes from the view model indicators/views/cooperation.py; this page
reads the URL and the widgets and renders."""

from __future__ import annotations

from indicators.text.i18n import _
from ui import blocks, data, frame, state
from ui.router import ensure_router

ensure_router()

frame.page_header(
    _("Cooperation"),
    _(
        "Who in the region has in place what another economy still lacks, the channels that already link them, "
        "and who sits at the table in each economy."
    ),
)
view = data.cooperation_view({k: state.values(k) for k in ("economy", "reforms")}, blocks.widgets("cooperation_"))
blocks.show(view)
state.write(**view.params)
