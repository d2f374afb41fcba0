"""axe-core (bundled by the PyPI package axe-playwright-python, no network) on every registered page and on
the deck's slides 1-3, in a real browser against `streamlit run`: no serious or critical finding caused
by the project's content.

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


TARGETS = [url for url, _title in registered_pages() if url != "present"] + [
    f"present?present=1&slide={n}" for n in (1, 2, 3)
]


@pytest.mark.parametrize("target", TARGETS)
def test_no_serious_axe_finding_from_the_project(server, guarded_page, axe, target):
    page, _guard = guarded_page
    page.goto(f"{server.url}/{target}")
    if target.startswith("present"):
        page.wait_for_selector("[data-testid='stMain']")
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60000)
        page.wait_for_timeout(800)
    else:
        wait_for_app(page)
    result = axe.run(page).response
    findings = project_findings(result)
    assert not findings, f"{target}: " + "\n".join(findings)


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
