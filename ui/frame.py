"""The shared frame: page header, source lines, badges and the Kosovo* footnote."""
from __future__ import annotations

from html import escape

import pandas as pd
import streamlit as st

from indicators.economies import KOSOVO_FOOTNOTE
from indicators.i18n import _

from indicators.vocabulary import CONFIDENCE_DESCRIPTIONS as CONFIDENCE_HELP  # noqa: E402,F401


def kosovo_footnote() -> None:
    st.caption(_(KOSOVO_FOOTNOTE))


def demo_badge(what: str = "") -> None:
    """The visible badge carried by every view that shows demonstration (synthetic) data."""
    st.badge(_("Demonstration data") + (f": {what}" if what else ""), icon=":material/science:", color="orange")


def confidence_summary(df: pd.DataFrame) -> str:
    counts = df["confidence"].value_counts()
    return ", ".join(f"{counts[c]} {_(c)}" for c in ("verified", "secondary", "synthetic") if c in counts)


def sources_line(df: pd.DataFrame, label: str | None = None) -> None:
    """Name the sources under a chart or table: each title links to its entry on the methodology page
    (``methodology?source=<id>``: publisher, licence, as-of date, what was taken from it), followed by
    a ↗ link to the original; then the confidence mix and a link to the methodology page that
    highlights all the sources used."""
    from urllib.parse import quote

    def md_text(text: str) -> str:  # safe inside a markdown link label
        text = escape(text)
        for ch in "\\[]*_`~$|":
            text = text.replace(ch, "\\" + ch)
        return text

    if df is None or not len(df) or "source_id" not in df:
        return
    used = df.dropna(subset=["source_id"]).drop_duplicates("source_id")
    parts = []
    for _i, row in used.head(8).iterrows():
        sid = str(row["source_id"])
        link = f"[{md_text(str(row.get('source_title') or sid))}](methodology?source={quote(sid, safe='')})"
        url = row.get("source_url")
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            link += f" [↗]({quote(url, safe=':/?&=#%+,;@~')})"
        parts.append(link)
    more = len(used) - 8
    text = (label or _("Sources")) + ": " + "; ".join(parts)
    if more > 0:
        text += f"; {_('and')} {more} {_('more')}"
    if "confidence" in df:
        text += f" · {_('Confidence')}: {confidence_summary(df)}"
    ids = [str(s) for s in used["source_id"]]
    everything = "methodology" + (f"?source={quote(','.join(ids), safe=',')}" if len(ids) <= 40 else "")
    text += " · " + f"[{_('Methodology and sources')}]({everything})"
    st.caption(text)


def page_header(title: str, subtitle: str | None = None) -> None:
    st.title(title, anchor=False)
    if subtitle:
        st.markdown(f"<p class='wb6-subtitle'>{escape(subtitle)}</p>", unsafe_allow_html=True)


def footer() -> None:
    st.divider()
    st.caption(
        _("WB6 Cyber Maturity Dashboard · open data with its sources · confidence: verified = read in "
          "the publisher's own text; secondary = read in a source that reports it; synthetic = "
          "demonstration data.") + " " + _(KOSOVO_FOOTNOTE))


STYLE = """
<style>
.wb6-subtitle {font-size: 1.15rem; color: #333; margin-top: -0.6rem;}
div[data-testid="stMetricValue"] {font-size: 2rem;}
div[data-testid="stCaptionContainer"] {font-size: 0.95rem; color: #333; opacity: 1;}
</style>
"""


def style() -> None:
    st.markdown(STYLE, unsafe_allow_html=True)


def fact_provenance(fact: dict) -> None:
    """The caption under a key fact: its note, then period, confidence and a link to its source."""
    if fact.get("note"):
        st.caption(fact["note"])
    meta = []
    if fact.get("period"):
        meta.append(f"{_('Period')}: {fact['period']}")
    if fact.get("confidence"):
        meta.append(f"{_('Confidence')}: {_(fact['confidence'])}")
    if fact.get("source_title"):
        url = fact.get("source_url")
        meta.append(f"{_('Source')}: [{fact['source_title']}]({url})"
                    if isinstance(url, str) and url.startswith("http") else f"{_('Source')}: {fact['source_title']}")
    st.caption(" · ".join(meta))
