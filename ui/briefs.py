"""The country brief as a download (PDF and PNG of indicators.render.brief), made on click. The PDF library (fpdf,
fontTools) is imported by indicators.render.brief when the first brief is made, never when a page is drawn
(issue 25: the first chart of a fresh start and the warm profile)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from indicators.render import brief
from indicators.text import i18n
from indicators.views import profile
from ui import data


@st.cache_data(show_spinner=False, max_entries=32)
def _profile_brief(
    build_id: str, lang: str, economy: str, period: str, link: str, accessed: str, _view
) -> tuple[bytes, bytes]:
    # keyed by the build, language, selection, link and day; ``_view`` (not hashed) is the view on screen, read as is

    content = profile.brief_input(_view, Path(build_id).name, link, dt.date.fromisoformat(accessed))
    pdf = brief.render_pdf(content)
    return pdf, brief.render_png(pdf)


def profile_brief(view, link: str, kind: str):
    """A callable for a deferred download: the country brief of the profile view on screen as PDF (``kind="pdf"``)
    or PNG bytes, made on click (on Streamlit's download thread) from that view (never rebuilt or looked up
    again), once per build, language and selection."""

    build_id, lang = data.pinned().build, i18n.current_language()  # the pinned build's folder: the cache key
    accessed = dt.datetime.now(dt.UTC).date().isoformat()

    def make() -> bytes:
        i18n.set_language(lang)  # the download thread has its own context
        pdf, png = _profile_brief(build_id, lang, view.economy, view.period, link, accessed, view)
        return pdf if kind == "pdf" else png

    return make
