"""Every page, and the deck's first slide, in every language in a real browser (`streamlit run`, Chromium):
the page renders without an exception, the tab title, the sidebar's page list and the footer's
"Cite this view" are in that language, every link the app writes carries ``lang`` on, and a click
on Streamlit's own sidebar navigation (which drops the query string) keeps the language. The
word-level check (no English fragment in the pseudo-locale) runs on every page and slide in
tests/test_i18n_pages.py; this test checks what only a browser shows.
"""

from __future__ import annotations

import pytest

from indicators.model.page_registry import DEFAULT
from indicators.text.i18n import LANGUAGES, PSEUDO_LANGUAGE, translations
from tests.browser.conftest import wait_for_app
from tests.test_i18n_pages import registered_pages

LANGS = [lang for lang in LANGUAGES if lang != "en"] + [PSEUDO_LANGUAGE]


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_in_the_browser_speaks_the_language(server, guarded_page, lang):
    page, _guard = guarded_page
    t = translations(lang)
    cite = t.gettext("Cite this view")
    problems = []
    pages = registered_pages()
    assert len(pages) >= 14
    for url_path, title in pages:
        if url_path == "present":
            target = f"{server.url}/present?present=1&slide=1&lang={lang}"
        else:  # the default page lives at "/" (its own path would open "page not found")
            target = f"{server.url}/{'' if url_path == DEFAULT.url_path else url_path}?lang={lang}"
        page.goto(target)
        if url_path == "present":
            page.wait_for_selector("[data-testid='slide-title']", timeout=60000)
        else:
            wait_for_app(page)
        if page.query_selector("[data-testid='stException']"):
            problems.append(f"{url_path}: exception shown")
            continue
        expected_title = t.gettext("{page} · WB6 Cyber Maturity").format(page=t.gettext(title))
        if url_path != "present" and page.title() != expected_title:
            problems.append(f"{url_path}: tab title {page.title()!r}, expected {expected_title!r}")
        if url_path == "present":
            continue  # presentation mode: no sidebar and no footer
        nav = page.locator("[data-testid='stSidebarNavItems'] a").all_inner_texts()
        english = [n for n in nav if n.strip() in {ttl for _u, ttl in pages} and n.strip() != t.gettext(n.strip())]
        if english:
            problems.append(f"{url_path}: sidebar links in English: {english}")
        try:
            page.get_by_text(cite, exact=True).wait_for(timeout=20000)
        except Exception:
            problems.append(f"{url_path}: no {cite!r} in the footer")
        links = page.eval_on_selector_all(
            "[data-testid='stMain'] a[href]",
            "els => els.map(e => e.getAttribute('href'))",
        )
        base = server.url
        outside = ("http://", "https://", "#", "mailto:", "data:", "blob:")
        ours = [h for h in links if (h.startswith(base) or not h.startswith(outside)) and "/media/" not in h]
        lost = [h for h in ours if f"lang={lang}" not in h]
        if lost:
            problems.append(f"{url_path}: links without lang={lang}: {lost[:3]}")
    # Streamlit's sidebar links carry no query string: the language must survive a click on one
    page.goto(f"{server.url}/?lang={lang}")
    wait_for_app(page)
    compare = [(u, ttl) for u, ttl in pages if u == "compare"][0]
    page.locator("[data-testid='stSidebarNavItems'] a").filter(has_text=t.gettext(compare[1])).first.click()
    page.wait_for_url(f"**/{compare[0]}**")
    wait_for_app(page)
    if f"lang={lang}" not in page.url:
        problems.append(f"sidebar click: the URL lost the language ({page.url})")
    expected = t.gettext("{page} · WB6 Cyber Maturity").format(page=t.gettext(compare[1]))
    page.wait_for_function("t => document.title === t", arg=expected, timeout=20000)
    assert not problems, f"{lang}: " + "\n".join(problems)
