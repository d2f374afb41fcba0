"""Real-browser tests: Playwright drives Debian's Chromium against a real `streamlit run` on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """`streamlit run dashboard.py` on 127.0.0.1 with a private data folder; stopped by the fixture."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "CYBER_DATA_DIR": str(data_dir)}
        self.log = open(data_dir.parent / f"streamlit-{self.port}.log", "w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "dashboard.py"),
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("streamlit did not start: " + (data_dir.parent / f"streamlit-{self.port}.log").read_text())

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


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
        if not (
            url.startswith("http://127.0.0.1")
            or url.startswith("ws://127.0.0.1")
            or url.startswith("data:")
            or url.startswith("blob:")
            or url.startswith("about:")
        ):
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
