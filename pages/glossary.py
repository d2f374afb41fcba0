"""Glossary: every acronym, scale and term of the dashboard with a short definition, in the current
language (indicators/text/glossary.yaml through indicators/text/glossary.py). Each term has an anchor
(``glossary#<term id>``), which the "Terms on this page" help of every page links to.
"""

from __future__ import annotations

import streamlit as st

from indicators.text import markup
from indicators.text.i18n import _, ngettext
from ui import frame
from ui.router import ensure_router

ensure_router()

KIND_LABELS = {
    "acronym": _("Acronyms"),
    "scale": _("Scales"),
    "status": _("Statuses"),
    "confidence": _("Confidence levels"),
    "lens": _("Lenses"),
    "pillar": _("Pillars"),
    "place": _("Places"),
}

frame.page_header(
    _("Glossary"),
    _(
        "The acronyms, scales and terms used on this dashboard, each with a short "
        "definition. Every page links its own terms here."
    ),
)
entries = frame.glossary_entries()
untranslated = _("English text: no translation yet")
st.caption(ngettext("{n} term", "{n} terms", len(entries)).format(n=len(entries)))
for kind, label in KIND_LABELS.items():
    group = [e for e in entries if e.kind == kind]
    if not group:
        continue
    st.header(label, anchor=f"kind-{kind}")
    for e in group:  # one block a term (its anchor heading and definition): half the elements of two blocks
        heading = f"<h3 id='{markup.html(e.id)}' class='wb6-term'>{markup.html(e.term)}</h3>"
        definition = frame.md_escape(e.definition) + (f" *({untranslated})*" if e.fallback else "")
        st.markdown(f"{heading}\n\n{definition}", unsafe_allow_html=True)  # the definition escaped: no HTML
