"""Every page run is guarded: no traceback ever reaches a visitor (dashboard.py calls :func:`run`).

An exception in a page is logged in full on the server and the visitor sees one short message. When the
pinned build turns out to be damaged (its files changed or no longer match their checksums, e.g. a
database truncated while serving), the build is set aside and the run starts again on the last good build,
which then shows its notice. Streamlit's own control flow (``st.stop``, ``st.rerun``, ``st.switch_page``)
raises BaseException, not Exception, and passes through untouched. After the page, :func:`ui.heap.settle` keeps
Python's full garbage collections short (what the first run on a build leaves is frozen).
"""

from __future__ import annotations

import logging

import streamlit as st

from indicators.text.i18n import _
from ui import data, heap

log = logging.getLogger("dashboard")


def run(page) -> None:
    """``page.run()`` (a ``st.navigation`` page) with every exception turned into a short message."""
    try:
        page.run()
    except Exception as err:
        log.exception("page %s failed", getattr(page, "url_path", "?"))
        try:
            damaged = data.pinned_build_damaged()
        except Exception:  # the check itself must not show a traceback either
            log.exception("checking the pinned build failed")
            damaged = False
        if damaged:
            st.rerun()  # the next run pins the last good build and says so
        failed(err)
    pin = st.session_state.get(data.PIN_KEY)
    heap.settle(pin.build if isinstance(pin, data.Pin) else None)  # the first run on a build: collect, freeze


def failed(err: BaseException) -> None:
    """The one short message a visitor sees when a page cannot be shown (no paths, no traceback)."""
    st.error(
        _(
            "This page cannot be shown right now ({error}). The details are in the server log; "
            "the operator runs `python -m etl build`."
        ).format(error=type(err).__name__),
        icon=":material/error:",
    )
