"""A deep link opened as the FIRST request to a freshly started server runs the router and the frame
(ui/router.py relies on Streamlit internals; this fails when an upgrade changes the behaviour)."""

from __future__ import annotations

import shutil

from playwright.sync_api import expect

from tests.browser.conftest import StreamlitServer
from tests.conftest import ROOT


def test_deep_link_to_a_fresh_server_runs_router_and_frame(tmp_path, guarded_page, artefacts):
    page, _guard = guarded_page
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "raw", data / "raw")
    server = StreamlitServer(data)  # never served a request before this one
    try:
        page.goto(server.url + "/profile?economy=XKX")
        sidebar = page.locator("[data-testid='stSidebar']")
        nav = page.locator("[data-testid='stSidebarNav']")
        expect(nav.get_by_text("Regional overview")).to_be_visible(timeout=90000)  # the router's menu, not v1's
        expect(nav.get_by_text("Economy profile")).to_be_visible()
        expect(sidebar.get_by_text("Start presentation mode")).to_be_visible(timeout=60000)  # after a first build
        expect(page.locator("h1").first).to_contain_text("Kosovo*", timeout=60000)
        expect(page.get_by_text("WB6 Cyber Maturity Dashboard · open data", exact=False)).to_be_visible(timeout=60000)
        assert "/profile" in page.url
        page.locator("[data-testid='stSidebar']").screenshot(path=str(artefacts / "router_deep_link_sidebar.png"))
    finally:
        server.stop()
