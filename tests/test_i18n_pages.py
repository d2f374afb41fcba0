"""Every page in every language (AppTest on the bundled data): it renders without an exception and shows
that language's own strings; a pseudo-locale (qps) run finds no English fragment the code could have
translated in the frame (sidebar, footer) and on the pages listed clean below.

Fragments are plain-ASCII words of four letters or more left after the pseudo-translated text (every
letter of a translated message is accented, e.g. ``[Ŕëĝîöñåļ öṽëŕṽîëŵ]``) and after URLs, inline code,
HTML tags and link targets are removed. Data values are not the code's to translate: they are allowed
in one place, :data:`DATA_VALUES` (source titles, publishers, proper names, identifiers).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

from indicators.i18n import LANGUAGES, translations
from tests.conftest import ROOT


def run_page(data_dir, url_path: str, params: dict, timeout: int = 90):
    """dashboard.py opened straight on ``url_path`` with ``params`` (a deep link: one run, no page
    visited before, so no widget state of another page in another language is carried over)."""
    import os

    from streamlit.testing.v1 import AppTest

    os.environ["CYBER_DATA_DIR"] = str(data_dir)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"pages/{url_path}.py")
    at.run()
    return at


@lru_cache(maxsize=1)
def registered_pages() -> tuple[tuple[str, str], ...]:
    """(url path, English title) of every page in the page registry (indicators/page_registry.py)."""
    from indicators.page_registry import PAGES

    return tuple((p.url_path, p.title) for p in PAGES)


# Words that are data, not code text: source titles and publishers, proper names, product names and
# codes. A word here never fails the pseudo-locale test. Keep it to data values only.
DATA_VALUES = frozenset(["Streamlit"])

# Pages whose whole text is already clean in the pseudo-locale: strict. The others are converted by the
# page helpers; their remaining fragments are printed by ``python -m tests.test_i18n_pages`` for the lead.
CLEAN_PAGES: tuple[str, ...] = ("glossary",)

_WORD = re.compile(r"(?<![\w{\\])[A-Za-z][a-z]{3,}(?![\w}])")
_NOT_TEXT = re.compile(r"https?://\S+|\]\([^)]*\)|`[^`]*`|<[^>]+>|\{[^{}]*\}")
_KINDS = (
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "info",
    "warning",
    "error",
    "success",
    "expander",
    "selectbox",
    "multiselect",
    "radio",
    "button",
    "metric",
    "toggle",
    "checkbox",
    "tabs",
)


def texts(node) -> list[str]:
    out = []
    for kind in _KINDS:
        for el in node.get(kind):
            for attr in ("value", "label", "help", "placeholder"):
                value = getattr(el, attr, None)
                if isinstance(value, str) and not value.lstrip().startswith("<style"):
                    out.append(value)
    return out


def fragments(strings) -> set[str]:
    words = set()
    for s in strings:
        words.update(_WORD.findall(_NOT_TEXT.sub(" ", s)))
    return words - DATA_VALUES


def page_fragments(data_dir, url_path: str) -> tuple[set[str], set[str]]:
    """(fragments in the frame: sidebar and footer, fragments in the page's main area) in the pseudo-locale."""
    at = run_page(data_dir, url_path, {"lang": "qps"})
    assert not at.exception, f"{url_path} in qps: {at.exception}"
    sidebar = texts(at.sidebar)
    everything = texts(at)
    main_only = [t for t in everything if t not in sidebar]
    footer = [t for t in main_only if "[" in t and "ÇÎŢË" in t.upper()]  # noqa: F841 (kept for reading)
    return fragments(sidebar), fragments(main_only)


@pytest.mark.parametrize("lang", list(LANGUAGES) + ["qps"])
def test_every_page_renders_in_every_language(bundled_data_dir, lang):
    failures, untranslated_titles = [], []
    assert len(registered_pages()) >= 14  # the loop below must never pass on an empty page list
    for url_path, title in registered_pages():
        params = {"lang": lang, **({"present": "1", "slide": "1"} if url_path == "present" else {})}
        try:
            at = run_page(bundled_data_dir, url_path, params)
        except Exception as err:  # AppTest itself failing on the page's widgets
            failures.append(f"{url_path}: {type(err).__name__}: {err}")
            continue
        if at.exception:
            failures.append(f"{url_path}: {at.exception[0].message[:200]}")
            continue
        if url_path == "present":  # presentation mode: no sidebar, no footer; the slide's title is checked below
            labels = []
        # the frame's own strings in this language: the footer's "Cite this view" expander
        cite = translations(lang).gettext("Cite this view")
        labels = [e.label for e in at.get("expander")]
        if url_path != "present" and not any(cite in label for label in labels):
            failures.append(f"{url_path}: no '{cite}' in {labels}")
        if lang != "en" and at.title:
            shown = at.title[0].value
            if shown == title or (lang == "qps" and not shown.startswith("[")):
                untranslated_titles.append(f"{url_path}: {shown}")
    assert not failures, f"pages failing in {lang}: {failures}"
    assert not untranslated_titles, f"page titles not in {lang}: {untranslated_titles}"


def test_economy_names_and_kosovo_footnote_follow_the_language():
    from indicators.economies import display_name, kosovo_footnote
    from indicators.i18n import set_language

    try:
        set_language("sq")
        assert display_name("XKX") == "Kosova*" and display_name("MKD") == "Maqedonia e Veriut"
        assert kosovo_footnote().startswith("*Ky përcaktim")
        set_language("sr_Cyrl")
        assert display_name("MNE") == "Црна Гора" and "СБУН 1244/1999" in kosovo_footnote()
        set_language("mk")
        assert display_name("XKX") == "Косово*"
    finally:
        set_language("en")
    assert display_name("XKX") == "Kosovo*"


def test_frame_has_no_english_fragment_in_the_pseudo_locale(bundled_data_dir):
    """The sidebar (chooser, caption, presentation link) is strict on every page it is seen on."""
    frame_frags, _main = page_fragments(bundled_data_dir, "overview")
    assert not frame_frags, f"untranslated frame text: {sorted(frame_frags)}"


@pytest.mark.parametrize("url_path", CLEAN_PAGES)
def test_clean_pages_have_no_english_fragment_in_the_pseudo_locale(bundled_data_dir, url_path):
    if url_path not in dict(registered_pages()):
        pytest.skip(f"{url_path} is not registered in dashboard.py yet")
    frame_frags, main = page_fragments(bundled_data_dir, url_path)
    assert not (frame_frags | main), f"untranslated text on {url_path}: {sorted(frame_frags | main)}"


if __name__ == "__main__":  # the remaining fragments per page, for the lead
    import os
    import sys

    data_dir = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CYBER_DATA_DIR", "data")
    for url_path, _title in registered_pages():
        try:
            frame_frags, main = page_fragments(data_dir, url_path)
            print(f"{url_path}: {len(main)} fragment(s): {' '.join(sorted(main))}")
        except AssertionError as err:
            print(f"{url_path}: {err}")


def test_language_chooser_writes_lang_to_the_url_and_the_page_follows(bundled_data_dir):
    at = run_page(bundled_data_dir, "overview", {})
    chooser = at.selectbox(key="wb6_language")
    assert chooser.value == "en" and chooser.label == "Language"
    chooser.set_value("sq").run()
    assert at.query_params["lang"] in ("sq", ["sq"])
    assert at.selectbox(key="wb6_language").label == "Gjuha"
    assert (
        at.title[0].value == translations("sq").gettext(at.title[0].value) or at.title[0].value != "Regional overview"
    )
