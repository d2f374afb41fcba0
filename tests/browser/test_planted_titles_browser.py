"""Planted markdown and a planted spreadsheet formula in every dataset and source title (issue 24), in a real
browser: on every page and slide the titles render as text (no image, no link to the planted address), the
browser makes no request outside 127.0.0.1, and Streamlit's own table toolbar offers no "Download as CSV"
(``client.disableDataExport``: its download wrote cell text raw, formulas included)."""

from __future__ import annotations

import shutil

import pytest
import yaml

from etl.build import build
from indicators.model import page_registry
from tests.browser.conftest import StreamlitServer, wait_for_app
from tests.conftest import ROOT

# A blank line, then markdown that would fetch an outside address, a bare address and a formula.
PLANTED = (
    '=HYPERLINK("https://planted.invalid/f","open")\n\n'
    "![planted-img](https://planted.invalid/img.png) [planted-link](https://planted.invalid/l) "
    "https://planted.invalid/bare www.planted.invalid"
)
OUTSIDE = "a[href*='planted.invalid'], img[src*='planted.invalid'], [src*='planted.invalid']"


@pytest.fixture(scope="module")
def planted_titles_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("planted-titles") / "data"
    shutil.copytree(ROOT / "data" / "raw", data / "raw")
    for sidecar in sorted((data / "raw").glob("*/source.yaml")):
        meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
        meta["title"] = f"{meta['title']} {PLANTED}"
        for source in meta.get("sources") or []:
            source["title"] = f"{source['title']} {PLANTED}"
        sidecar.write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True), encoding="utf-8")
    build(data)  # built here: the first start does not have to build while the test waits
    srv = StreamlitServer(data, start_timeout=120)
    yield srv
    srv.stop()


PATHS = [f"/{spec.url_path}" if spec.url_path else "/" for spec in page_registry.BY_KEY.values()]
PATHS += [f"/present?present=1&slide={n}" for n in (1, 2, 3, 4)]


@pytest.mark.parametrize("path", PATHS)
def test_planted_titles_render_as_text_and_nothing_leaves_the_machine(planted_titles_server, guarded_page, path):
    page, guard = guarded_page
    page.goto(planted_titles_server.url + path)
    wait_for_app(page)
    page.wait_for_timeout(800)  # (a collapsed expander's content is in the DOM too)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator(OUTSIDE).count() == 0, page.locator(OUTSIDE).first.evaluate("e => e.outerHTML")
    assert guard.outside == []


def test_the_table_toolbar_offers_no_csv_download_of_a_planted_formula(planted_titles_server, guarded_page):
    page, _guard = guarded_page
    page.goto(planted_titles_server.url + "/explorer?economy=ALB")
    wait_for_app(page)
    table = page.locator("[data-testid='stDataFrame']").first
    table.wait_for()
    table.hover()
    page.wait_for_timeout(500)
    labels = [
        b.get_attribute("aria-label") or b.inner_text()
        for b in page.locator("[data-testid='stElementToolbar'] button").all()
    ]
    assert labels, "the toolbar did not appear"
    assert not [x for x in labels if "download" in x.lower()], labels
    table.screenshot(path="/tmp/h24_toolbar.png")
