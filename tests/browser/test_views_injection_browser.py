"""HTML and markdown planted in the data (tests/planted.py) create no element in a real browser on the CERT,
plans and explorer pages: no planted image, link, bold text or style, and the page title keeps its colour."""

from __future__ import annotations

import pytest

from tests.browser.conftest import StreamlitServer, wait_for_app
from tests.planted import SELECTOR, planted_raw


@pytest.fixture(scope="module")
def planted_server(tmp_path_factory):
    srv = StreamlitServer(planted_raw(tmp_path_factory.mktemp("planted-browser") / "data"))
    yield srv
    srv.stop()


@pytest.mark.parametrize(
    "path, visible",
    [
        ("/cert?economy=MNE", "Planted CSIRT"),
        ("/plans?economy=ALB&indicator=gci_2024_capacity", "Plan items addressing the gap"),
        ("/explorer?economy=ALB&indicator=national_csirt", "Data explorer and downloads"),
    ],
)
def test_planted_markup_creates_no_element(planted_server, guarded_page, path, visible):
    page, _guard = guarded_page
    page.goto(planted_server.url + path)
    wait_for_app(page)
    page.get_by_text(visible, exact=False).first.wait_for()
    for label in page.locator("[data-testid='stExpander'] summary").all():
        label.click()  # open the expanders so that their content is in the DOM too
    page.wait_for_timeout(800)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator(SELECTOR).count() == 0, page.locator(SELECTOR).first.evaluate("e => e.outerHTML")
    colour = page.locator("h1").first.evaluate("e => getComputedStyle(e).color")
    assert colour != "rgb(255, 0, 0)"
    if path.startswith("/cert"):  # the planted team name is shown as text, with its markup characters
        assert page.get_by_text('<img id="planted-img"', exact=False).count() > 0
