"""The shared frame: page header, source lines, badges, the Kosovo* footnote, the language chooser,
glossary help on first use and the footer with "Cite this view"."""

from __future__ import annotations

import functools
import threading
import weakref
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

import pandas as pd
import streamlit as st

from indicators.model.catalog import PILLAR_IDS
from indicators.model.economies import ECONOMY_CODES, KOSOVO_FOOTNOTE, display_name
from indicators.model.vocabulary import CONFIDENCE_DESCRIPTIONS, confidence_label
from indicators.render.qr import load_public_base, view_url
from indicators.text import glossary, markup
from indicators.text.citation import cite_line
from indicators.text.i18n import LANGUAGES, PSEUDO_LANGUAGE, _, current_language, pseudo, with_language
from indicators.views import confidence_in_words  # the one wording of the confidence, in words
from ui import data
from ui.links import current

CONFIDENCE_HELP = CONFIDENCE_DESCRIPTIONS  # what each confidence level means (help texts)

APP_NAME = "WB6 Cyber Maturity"
LANGUAGE_KEY = "wb6_language"


def kosovo_footnote() -> None:
    st.caption(_(KOSOVO_FOOTNOTE))


def demo_badge(what: str = "") -> None:
    """The visible badge carried by every view that shows demonstration (synthetic) data."""
    st.badge(_("Demonstration data") + (f": {what}" if what else ""), icon=":material/science:", color="orange")


def sources_line(df: pd.DataFrame, label: str | None = None) -> None:
    """Name the sources under a chart or table, one link per source: the title links to the original (↗)
    when there is one, else to its entry on the methodology page (``methodology?source=<id>``: publisher,
    licence, as-of date, what was taken from it); then the confidence in words ("all 5 values secondary:
    read in a source that reports or transcribes the original") and one link to the methodology page
    that highlights all the sources used."""

    if df is None or not len(df) or "source_id" not in df:
        return
    st.caption(_sources_text(df, label))


# The text of a sources line per frame object (weakly held) and language: the frames of a cached view model are
# the same objects on every rerun, so their sources and confidence are read once, not on every rerun (issue 25).
_SOURCES_MEMO: dict[int, tuple[weakref.ref, dict]] = {}
_SOURCES_LOCK = threading.Lock()


def _sources_text(df: pd.DataFrame, label: str | None) -> str:
    key = (label, current_language())
    with _SOURCES_LOCK:
        held = _SOURCES_MEMO.get(id(df))
        if held is not None and held[0]() is df and key in held[1]:
            return held[1][key]
    text = _sources_markdown(df, label)
    ident = id(df)
    try:
        ref = weakref.ref(df, lambda _r, memo=_SOURCES_MEMO: memo.pop(ident, None))
    except TypeError:
        return text
    with _SOURCES_LOCK:
        held = _SOURCES_MEMO.get(ident)
        if held is None or held[0]() is not df:
            held = _SOURCES_MEMO[ident] = (ref, {})
        held[1][key] = text
    return text


def _sources_markdown(df: pd.DataFrame, label: str | None) -> str:
    md_text = markup.md  # the one escaper: safe inside a markdown link label, addresses stay text

    cols = [c for c in ("source_id", "source_title", "source_url") if c in df]  # only what is named
    used = df[cols].dropna(subset=["source_id"]).drop_duplicates("source_id")
    parts = []
    for _i, row in used.head(8).iterrows():
        sid = str(row["source_id"])
        title = md_text(str(row.get("source_title") or sid))
        url = row.get("source_url")
        if isinstance(url, str) and url.startswith(("http://", "https://")):  # the original, named by its title
            parts.append(f"[{title} ↗]({markup.safe_url(url)})")
        else:
            parts.append(f"[{title}]({with_language('methodology?source=' + quote(sid, safe=''))})")
    more = len(used) - 8
    text = (label or _("Sources")) + ": " + "; ".join(parts)
    if more > 0:
        text += "; " + _("and {n} more").format(n=more)
    if "confidence" in df:
        text += f" · {_('Confidence')}: {confidence_in_words(df)}"
    ids = [str(s) for s in used["source_id"]]
    everything = "methodology" + (f"?source={quote(','.join(ids), safe=',')}" if len(ids) <= 40 else "")
    text += " · " + f"[{_('Methodology and sources')}]({with_language(everything)})"
    return text


def page_header(title: str, subtitle: str | None = None) -> None:
    st.title(title, anchor=False)
    if subtitle:
        st.markdown(f"<p class='wb6-subtitle'>{markup.html(subtitle)}</p>", unsafe_allow_html=True)


def footer(title: str | None = None, url_path: str = "") -> None:
    """The shared footer: what the confidence levels mean, the Kosovo* footnote and "Cite this view"."""
    st.divider()
    heading = markup.html(_("About this view"))
    st.markdown(f"<h2 class='wb6-footer-heading'>{heading}</h2>", unsafe_allow_html=True)
    st.caption(
        _(
            "WB6 Cyber Maturity Dashboard · open data with its sources · confidence: verified = read in "
            "the publisher's own text; secondary = read in a source that reports it; synthetic = "
            "demonstration data."
        )
        + " "
        + _(KOSOVO_FOOTNOTE)
    )
    cite_this_view(title, url_path)


def permalink(url_path: str, params: dict | None = None) -> str:
    """The address of the current view: the public base URL when one is configured (indicators/render/qr.py:
    --public-url, WB6_PUBLIC_URL or presenter.toml), else the relative URL with the current query."""

    params = current() if params is None else params
    base = _public_base()
    if base is not None:
        return view_url(
            base, url_path, {k: v for k, v in params.items() if k != "lang"}, lang=(params.get("lang") or [None])[0]
        )
    pairs = [(k, v) for k, vs in params.items() for v in vs]
    return "/" + url_path.strip("/") + ("?" + urlencode(pairs, safe=",") if pairs else "")


@functools.cache  # once per process, as st.cache_resource did, without its key hashing on every page run
def _public_base():

    try:
        return load_public_base()[0]
    except Exception:  # a broken config never breaks the footer: fall back to the relative URL
        return None


def citation_text(title: str, as_of: str | None, build_id: str | None, link: str, accessed) -> str:
    """The citation of a view in the current language (one line to copy): indicators.text.citation.cite_line
    (dates in the language's format, the build by its date, "link: ask the presenter" without a public URL)."""

    return cite_line(title, as_of, build_id, link, accessed)


def view_title(page: str) -> str:
    """The cited view's title: the page with the economies and pillar chosen in the URL
    ("Economy profile: Serbia", "Compare economies: Albania, Serbia · Legal")."""

    params = current()
    codes = [c for v in params.get("economy", []) + params.get("economies", []) for c in v.split(",")]
    names = [display_name(c) for c in dict.fromkeys(codes) if c in ECONOMY_CODES]
    title = page + (": " + ", ".join(names) if names else "")
    pillars = [p for v in params.get("pillar", []) + params.get("focus", []) for p in v.split(",")]
    try:
        known = [_(data.catalog().pillar_name(p)) for p in pillars if p in PILLAR_IDS]
    except Exception:  # no catalog: the page and economies are enough
        known = []
    return title + (" · " + ", ".join(known) if known else "")


# The citation line per language, build, page, URL query and access date: the footer of every rerun made it again
# (the view's title from the catalog, the latest as-of date, the permalink, the dates in the language's format:
# about 1 ms of every page's rerun, issue 25). A plain dict: a lost race only makes the same text twice.
_CITATIONS: dict[tuple, str] = {}


def cite_this_view(title: str | None, url_path: str = "") -> None:
    """ "Cite this view": title, data as-of (latest as-of of the build's datasets), build date, permalink
    and access date, as one code span to select and copy. Not st.code: its syntax highlighter is a
    1.5 MB script every first-time visitor would fetch on every page (benchmarks/bench_load.py)."""

    try:
        pin = data.pinned()
    except Exception:  # no pinned build (warehouse unavailable): nothing to cite
        return
    params = current()
    accessed = datetime.now(UTC).date()
    key = (
        current_language(),
        pin.build_id,
        title,
        url_path,
        tuple((k, tuple(v)) for k, v in sorted(params.items())),
        accessed,
        _public_base(),
    )
    text = _CITATIONS.get(key)
    if text is None:
        try:
            as_of = data.latest_dataset_as_of()
        except Exception:  # no pinned build (warehouse unavailable): nothing to cite
            return
        text = citation_text(view_title(title or APP_NAME), as_of, pin.build_id, permalink(url_path, params), accessed)
        if len(_CITATIONS) >= 1024:  # a bounded memo: start again rather than grow
            _CITATIONS.clear()
        _CITATIONS[key] = text
    with st.expander(_("Cite this view"), icon=":material/format_quote:", key="wb6_cite"):
        st.markdown("`" + text.replace("`", "'") + "`")  # a code span: shown as typed, nothing rendered


# --------------------------------------------------------------------------------------------------
# Language chooser


def _on_language() -> None:
    st.query_params["lang"] = st.session_state[LANGUAGE_KEY]


def language_chooser() -> None:
    """The language chooser (in the sidebar). The language lives in the URL (``?lang=``), so every link,
    slide and brief carries it (ui/links.py); choosing one writes it to the URL and reruns."""
    lang = current_language()
    if lang in LANGUAGES and st.session_state.get(LANGUAGE_KEY) != lang:
        st.session_state[LANGUAGE_KEY] = lang  # the URL wins (a link or a typed ?lang=)
    st.selectbox(_("Language"), list(LANGUAGES), format_func=LANGUAGES.get, key=LANGUAGE_KEY, on_change=_on_language)


# --------------------------------------------------------------------------------------------------
# Glossary help on first use


def glossary_entries(lang: str | None = None):
    """Every glossary term in ``lang`` (indicators/text/glossary.py); in the pseudo-locale the English
    entries are pseudo-translated, so a pseudo-locale run shows them as translated."""

    lang = lang or current_language()
    if lang == PSEUDO_LANGUAGE:
        return [
            replace(e, term=pseudo(e.term), definition=pseudo(e.definition), lang=lang)
            for e in glossary.all_terms("en")
        ]
    return glossary.all_terms(lang)


def glossary_help(text: str, key: str = "wb6_terms") -> None:
    """ "ⓘ Terms on this page": the glossary terms that ``text`` (a page's title and intro) uses, in the
    order of first use, each with its definition and a link to its entry on the glossary page."""

    lang = current_language()
    glossary_lang = "en" if lang == PSEUDO_LANGUAGE else lang
    entries = glossary.first_use_help(text, glossary_lang)
    if lang == PSEUDO_LANGUAGE:
        entries = [replace(e, term=pseudo(e.term), definition=pseudo(e.definition)) for e in entries]
    if not entries:
        return
    in_glossary = _("{term} in the glossary")
    lines = [
        f"- **{md_escape(e.term)}**: {md_escape(e.definition)} "
        f"([{md_escape(in_glossary.format(term=e.term))}]({with_language('glossary#' + e.id)}))"
        for e in entries
    ]
    with st.expander("ⓘ " + _("Terms on this page"), key=key):
        st.markdown("\n".join(lines))


def md_escape(text: str) -> str:
    """``text`` safe inside markdown (no link, image, emphasis or HTML): indicators.text.markup.md."""
    return markup.md(text)


STYLE = """
<style>
/* a visible focus ring on everything that takes keyboard focus (issue 15) */
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, select:focus-visible,
summary:focus-visible, [role="button"]:focus-visible, [role="tab"]:focus-visible, [role="option"]:focus-visible,
[role="combobox"]:focus-visible, [tabindex]:focus-visible,
[data-testid="stSidebarNav"] a:focus-visible, [data-testid="stPageLink-NavLink"]:focus-visible {
  outline: 3px solid #1F4E8C !important; outline-offset: 2px !important; border-radius: 4px;
  box-shadow: 0 0 0 5px #ffffff !important;
}
[data-baseweb="select"]:focus-within {outline: 3px solid #1F4E8C; outline-offset: 2px; border-radius: 6px;}
/* a multiselect shows every chosen item, wrapped onto more lines (Streamlit 1.67 scrolls them out of sight) */
.stMultiSelect .react-aria-ComboBox > div {max-height: none !important; height: auto !important;}
.stMultiSelect .react-aria-ComboBox > div > div:first-child {
  flex-wrap: wrap !important; overflow: visible !important; height: auto !important; row-gap: 4px;}
.wb6-footer-heading {font-size: 1rem !important; font-weight: 600; margin: 0; padding: 0;}
.wb6-subtitle {font-size: 1.15rem; color: #333; margin-top: -0.6rem;}
div[data-testid="stMetricValue"] {font-size: 2rem;}
div[data-testid="stCaptionContainer"] {font-size: 0.95rem; color: #333; opacity: 1;}
/* the element that carries the download-focus script takes no room in the page */
div[data-testid="stElementContainer"]:has(.wb6-focus-keeper) {display: none !important;}
/* a badge wraps instead of cutting its text off on a narrow screen */
span.stMarkdownBadge {white-space: normal !important; overflow: visible !important; height: auto !important;
  max-width: 100%;}
/* a button's or a metric's label wraps onto a second line instead of ending in "…" (Streamlit 1.67 cuts them:
   "Shkarko rezultatet e shtyllave me mbulimin dhe brezat e renditjes …", "Изведени ниво (правило п…") */
:is([data-testid="stDownloadButton"], [data-testid="stButton"], [data-testid="stLinkButton"],
    [data-testid="stMetricLabel"]) .stMarkdownEllipsis,
:is([data-testid="stDownloadButton"], [data-testid="stButton"], [data-testid="stLinkButton"],
    [data-testid="stMetricLabel"]) .stMarkdownEllipsis p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;}
/* the sidebar's page names wrap too ("Higjiena kibernetike dhe përfshi…", "Eksploruesi i të dhënave dhe sh…") */
[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"] {height: auto !important; min-height: 2rem;}
[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"] > span:last-child,
[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"] .stMarkdownEllipsis,
[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"] .stMarkdownEllipsis p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important; line-height: 1.35;}
/* wide screens: narrower side padding, so that a table of six economies fits 1440 px (issue 22;
   indicators/render/tablefit.py counts on about 1025 px beside the sidebar) */
@media (min-width: 1200px) {
  [data-testid="stMainBlockContainer"] {padding-left: 3rem; padding-right: 3rem;}
}
/* phones and small windows (issue 15): the explorer's compact table under 700 px, the full one above */
@media (min-width: 700px) { .st-key-explorer_table_compact {display: none !important;} }
@media (max-width: 699.98px) {
  .st-key-explorer_table_full {display: none !important;}
  [data-testid="stMainBlockContainer"] {padding-left: 0.75rem; padding-right: 0.75rem;}
}
</style>
"""


# Keyboard focus stays on a download button (issue 15). A download whose bytes are made on click (a
# callable) disables its button while the file is fetched, and a disabled button drops focus to the
# page body; this puts focus back on the same button (found again by its widget key) once it is
# enabled. A constant script, no data in it; installed once per browser tab; its element is not displayed.
KEEP_DOWNLOAD_FOCUS = """
<span class="wb6-focus-keeper" hidden></span>
<script>
(() => {
  if (window.wb6KeepDownloadFocus) return;
  window.wb6KeepDownloadFocus = true;
  const SEL = '[data-testid="stDownloadButton"] button';
  let last = null;
  const keyOf = b => {
    const c = b.closest('[class*="st-key-"]');
    return c ? [...c.classList].find(x => x.startsWith('st-key-')) : null;
  };
  const remember = e => {
    const b = e.target && e.target.closest ? e.target.closest(SEL) : null;
    if (b) last = {key: keyOf(b), at: Date.now()};
  };
  const restore = () => {
    if (!last || Date.now() - last.at > 120000) return;
    const c = last.key ? document.querySelector('.' + CSS.escape(last.key)) : null;
    const b = c ? c.querySelector(SEL) : null;
    const a = document.activeElement;
    if (a === b && !b.disabled) { last = null; return; }  // focus never left it
    if (a && a !== b && a !== document.body && a !== document.documentElement) { last = null; return; }
    if (b && !b.disabled && a !== b) { b.focus({preventScroll: true}); last = null; }
  };
  document.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') remember(e); }, true);
  document.addEventListener('click', remember, true);
  new MutationObserver(restore).observe(document.body,
    {subtree: true, childList: true, attributes: true, attributeFilter: ['disabled']});
})();
</script>
"""


def style() -> None:
    st.markdown(STYLE, unsafe_allow_html=True)
    st.html(KEEP_DOWNLOAD_FOCUS, unsafe_allow_javascript=True)


def fact_provenance(fact: dict) -> None:
    """The caption under a key fact: its note, then period, confidence and a link to its source (the texts
    arrive escaped by the view model: indicators.views.cert)."""
    if fact.get("note"):
        st.caption(fact["note"])
    meta = []
    if fact.get("period"):
        meta.append(f"{_('Period')}: {fact['period']}")
    if fact.get("confidence"):
        meta.append(f"{_('Confidence')}: {confidence_label(fact['confidence'])}")
    if fact.get("source_title"):
        url = fact.get("source_url")
        meta.append(
            f"{_('Source')}: [{fact['source_title']}]({url})"
            if isinstance(url, str) and url.startswith("http")
            else f"{_('Source')}: {fact['source_title']}"
        )
    st.caption(" · ".join(meta))
