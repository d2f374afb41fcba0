"""axe-core (bundled by the PyPI package axe-playwright-python, no network) on every registered page and on
every slide of the presentation deck, in a real browser against `streamlit run`: no serious or critical
finding caused by the project's content.

The deck's length depends on its economies and focus (indicators/views/present.py builds the slide list),
so the slide test reads it from the deck itself (the "k / n" counter, i.e. ``len(PresentView)``) and runs
axe on each slide; every slide kind the view model can make without a public URL is covered.

Streamlit's own markup findings are listed once, in :data:`KNOWN_STREAMLIT`, with the reason; nothing
else is ignored.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import wait_for_app
from tests.test_i18n_pages import registered_pages

axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

# (axe rule id, a string in the failing element's HTML) -> why it is Streamlit's, not the project's.
KNOWN_STREAMLIT = {
    (
        "list",
        'data-testid="stSidebarNavItems"',
    ): "Streamlit's sidebar navigation puts section headers and separators directly in its <ul>; no option "
    "of st.navigation changes that markup (issue 15)",
    (
        "listitem",
        "<li",
    ): "the <li> items of that same Streamlit sidebar list sit under a wrapper <div>, not directly under the <ul>",
    (
        "aria-dialog-name",
        'data-testid="stToast"',
    ): "st.toast renders role=alertdialog without an accessible name; Streamlit 1.67 has no option for one",
}
SEVERE = ("serious", "critical")


def project_findings(result: dict) -> list[str]:
    out = []
    for v in result["violations"]:
        if v["impact"] not in SEVERE:
            continue
        for node in v["nodes"]:
            html = node.get("html", "")
            if any(rule == v["id"] and marker in html for rule, marker in KNOWN_STREAMLIT):
                continue
            out.append(f"{v['impact']} {v['id']}: {node.get('target')} {html[:160]}")
    return out


@pytest.fixture(scope="module")
def axe():
    return axe_module.Axe()


# every registered page, the presentation set-up form included (without present=1)
TARGETS = [url for url, _title in registered_pages()]
# decks: every economy with the overview ranking (splits the side-by-side slide), and a pillar focus
DECKS = ["present?present=1", "present?present=1&economies=ALB,XKX,SRB,MKD&focus=legal"]
# the slide kinds of indicators/views/present.SlideView; "qr" needs a public URL (none in tests)
SLIDE_KINDS = {"title", "ranking", "economy", "compare", "changes", "sources"}


def wait_for_slide(page, k: int) -> None:
    page.wait_for_function(
        "k => { const c = document.querySelector('[data-testid=\"slide-counter\"]');"
        " return c && c.innerText.trim().startsWith(k + ' /')"
        " && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]'); }",
        arg=k,
        timeout=60000,
    )
    settle(page)


def settle(page) -> None:
    """Wait until lazy elements have loaded and the captions have their final style: right after a run,
    Streamlit shows skeletons and, for a moment, captions at its default 0.6 opacity (the frame's style
    sets 1); axe would measure that passing state's contrast."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stSkeleton\"]') && [...document.querySelectorAll("
        "'[data-testid=\"stCaptionContainer\"]')].every(e => getComputedStyle(e).opacity === '1')",
        timeout=60000,
    )


@pytest.mark.parametrize("target", TARGETS)
def test_no_serious_axe_finding_from_the_project(server, guarded_page, axe, target):
    page, _guard = guarded_page
    page.goto(f"{server.url}/{target}")
    wait_for_app(page)
    settle(page)
    result = axe.run(page).response
    findings = project_findings(result)
    assert not findings, f"{target}: " + "\n".join(findings)


@pytest.mark.parametrize("deck", DECKS)
def test_no_serious_axe_finding_on_any_slide(server, guarded_page, axe, deck):
    page, _guard = guarded_page
    page.goto(f"{server.url}/{deck}&slide=1")
    wait_for_slide(page, 1)
    total = int(page.get_by_test_id("slide-counter").inner_text().split("/")[1])
    kinds, findings = set(), {}
    for k in range(1, total + 1):
        if k > 1:
            page.goto(f"{server.url}/{deck}&slide={k}")
            wait_for_slide(page, k)
        kinds |= set(
            page.evaluate(
                "() => [...document.querySelectorAll('[class*=\"st-key-slide_\"]')].flatMap(e => [...e.classList])"
                ".filter(c => c.startsWith('st-key-slide_')).map(c => c.slice('st-key-slide_'.length))"
            )
        )
        found = project_findings(axe.run(page).response)
        if found:
            findings[k] = found
    assert not findings, f"{deck}: " + "\n".join(f"slide {k}/{total}: {f}" for k, fs in findings.items() for f in fs)
    assert SLIDE_KINDS - {"changes"} <= kinds, kinds  # "changes" needs an earlier build to compare with


def test_every_page_has_its_own_tab_title(server, guarded_page):
    page, _guard = guarded_page
    titles = {}
    for url, title in registered_pages():
        if url == "present":
            continue
        page.goto(f"{server.url}/{url}")
        wait_for_app(page)
        titles[url] = page.title()
        assert titles[url] == f"{title} · WB6 Cyber Maturity"
    assert len(set(titles.values())) == len(titles)


def test_sidebar_starts_collapsed_on_a_phone(server, browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    try:
        page.goto(f"{server.url}/overview")
        wait_for_app(page)
        box = page.query_selector("[data-testid='stSidebar']").bounding_box()
        assert box is None or box["x"] + box["width"] <= 1, box
    finally:
        ctx.close()
