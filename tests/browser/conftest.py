"""Real-browser tests: Playwright drives Debian's Chromium against a real `streamlit run` on 127.0.0.1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, LOCAL_PREFIXES, StreamlitServer  # noqa: F401 (re-exported for the tests)
from tests.conftest import ROOT


def pytest_collection_modifyitems(config, items):
    if not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason=f"{CHROMIUM} not installed (apt-get install chromium)")
        for item in items:
            if "browser" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args():
    return {"viewport": {"width": 1600, "height": 1000}, "locale": "en-GB"}


@pytest.fixture(scope="session")
def browser_data_dir(tmp_path_factory) -> Path:
    """A private copy of data/raw (not built: the dashboard builds it on first start, as on a fresh clone)."""
    d = tmp_path_factory.mktemp("browser") / "data"
    shutil.copytree(ROOT / "data" / "raw", d / "raw")
    return d


@pytest.fixture(scope="session")
def server(browser_data_dir):
    srv = StreamlitServer(browser_data_dir)
    yield srv
    srv.stop()


class NetworkGuard:
    """Records every request that leaves 127.0.0.1."""

    def __init__(self, page):
        self.outside: list[str] = []
        page.on("request", self._on_request)

    def _on_request(self, request):
        url = request.url
        if not url.startswith(LOCAL_PREFIXES):
            self.outside.append(url)


@pytest.fixture
def guarded_page(page):
    guard = NetworkGuard(page)
    page.set_default_timeout(30000)
    yield page, guard
    assert guard.outside == [], f"requests left 127.0.0.1: {guard.outside[:5]}"


def wait_for_app(page):
    """Wait until Streamlit has finished running the script (no 'running' indicator, main present)."""
    page.wait_for_selector("[data-testid='stMain']")
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelectorAll('[data-testid=\"stTitle\"], h1').length > 0",
        timeout=60000,
    )
    page.wait_for_timeout(500)


@pytest.fixture(scope="module")
def desktop(browser):
    """A 1440x900 context (the laptop width the tables and labels are fitted to), shared by a module's tests."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    yield ctx
    ctx.close()


def open_drawn(context, url):
    """A new page of ``context`` at ``url``, guarded, once the script has run and no placeholder is left, with
    no exception on it."""
    page = context.new_page()
    guard = NetworkGuard(page)
    page.set_default_timeout(60000)
    page.goto(url)
    wait_for_app(page)
    expect(page.locator("[data-testid='stSkeleton']")).to_have_count(0, timeout=120000)
    assert page.locator("[data-testid='stException']").count() == 0
    return page, guard
