"""The pages handed to ``st.navigation`` on every run, made once per process and language.

``st.Page`` resolves its file on disk (``Path.resolve``, ``is_file``) each time it is made: dashboard.py made
15 on every rerun of every page (issue 25: a few ms of each rerun, the largest part of the shared frame). The
pages depend on nothing but the registry (indicators/model/page_registry.py) and the language of their titles,
so they are made on the first run in each language and kept. Each run gets shallow copies: ``st.navigation``
marks the page it returns as runnable and ``Page.run`` clears the mark, which two sessions running at once
must not share. Only Streamlit and the registry are imported, so the navigation still goes out before the
data layer is imported (dashboard.py).
"""

from __future__ import annotations

import base64
import copy
import threading
from pathlib import Path

import streamlit as st

from indicators.model import page_registry
from indicators.text.i18n import _, current_language

_MADE: dict[str, dict[str, list[st.Page]]] = {}  # language -> section title -> pages
_BY_KEY: dict[str, dict[str, st.Page]] = {}  # language -> page key -> page
_LOCK = threading.Lock()
_BY_FILE = {p.file: p for p in page_registry.PAGES}

# The tab icon as a data URL (199 bytes), read once per process: a file path made Streamlit open and check the
# image with PIL on every rerun (set_page_config -> image_to_url, about 0.5 ms of every page's rerun: issue 25),
# and dashboard.py read and encoded the file on every run.
ICON = (
    "data:image/png;base64,"
    + base64.b64encode((Path(__file__).resolve().parents[1] / "static" / "icon.png").read_bytes()).decode()
)


def pages_made() -> dict[str, list[st.Page]]:
    """The pages made for the current language (shared: never hand one to ``st.navigation``)."""
    language = current_language()
    made = _MADE.get(language)
    if made is None:
        with _LOCK:
            made = _MADE.get(language)
            if made is None:  # titles in the run's language
                by_key = {
                    p.key: st.Page(p.file, title=_(p.title), icon=p.icon, url_path=p.url_path, default=p.default)
                    for p in page_registry.PAGES
                }
                made = {
                    _(section): [by_key[p.key] for p in specs] for section, specs in page_registry.by_section().items()
                }
                _BY_KEY[language], _MADE[language] = by_key, made
    return made


def pages() -> dict[str, list[st.Page]]:
    """Section title -> its pages, titles in the current language, in sidebar order: fresh copies of pages
    made once per language and process."""
    return {section: [copy.copy(page) for page in section_pages] for section, section_pages in pages_made().items()}


def page(target: str) -> st.Page | str:
    """The registered page ``target`` (a key such as ``"plans"`` or its file, ``"pages/plans.py"``) as an
    ``st.Page`` for ``st.page_link`` / ``st.switch_page``, from the pages made once per language: a page path
    given as text is looked up on disk (``realpath``) for every link. Anything else is returned unchanged."""
    spec = page_registry.BY_KEY.get(target) or _BY_FILE.get(target)
    if spec is None:
        return target
    pages_made()
    return copy.copy(_BY_KEY[current_language()][spec.key])
