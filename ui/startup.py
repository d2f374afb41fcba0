"""First start: the warehouse build shown as a short, translated progress bar (nothing afterwards).

On a fresh clone (or after data/raw changed) the first visitor's run builds the warehouse; the bar says
what is happening in visitor terms (no file names, no build ids). The operator's details (build id,
observations, seconds) go to the server log (ui/data.py). Visitors arriving during the build see the same
waiting line until it is done.
"""

from __future__ import annotations

import streamlit as st

from indicators.text.i18n import _

from . import data, warmup


def _text(stage: str, done: int, total: int) -> tuple[float, str]:
    if stage == "catalog":
        return 0.05, _("Preparing the data for first use: reading the indicator definitions…")
    if stage == "raw":
        return 0.1 + 0.75 * done / max(total, 1), _(
            "Preparing the data for first use: checking the sources ({done} of {total})…"
        ).format(done=done + 1, total=total)
    return 0.9, _("Preparing the data for first use: saving…")


def ensure_warehouse_with_progress(slot=None) -> data.BuildNotice:
    """data.ensure_warehouse() with a progress bar in ``slot`` (an ``st.empty()``) while a build runs;
    the slot is emptied afterwards."""
    if slot is None:
        slot = st.empty()
        slot.caption(_("Preparing the data…"))

    def progress(stage: str, done: int, total: int) -> None:
        value, text = _text(stage, done, total)
        slot.progress(value, text=text)

    try:
        notice = data.ensure_warehouse(progress)
        warmup.ready()  # the data is ready: later runs send no hidden warm-up charts (ui/warmup.py)
        return notice
    finally:
        slot.empty()
