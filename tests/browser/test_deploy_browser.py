"""deploy/: two Streamlit replicas behind nginx (deploy/serve.py), driven through the proxy in Chromium.

The overview and a profile render through the proxy, the front-end's files come from nginx (its
X-Served-By header) gzip-compressed, and a CSV download works because every request of one browser
(its WebSocket and the /media/ download) reaches the one replica that holds its session: the access
log's upstream column says which, and the other replica does not have the file at all.
"""

from __future__ import annotations

import re
import shutil
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser.server import free_port
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "deploy"))
import serve  # noqa: E402 (deploy/ is a folder of scripts, not a package)

pytestmark = pytest.mark.skipif(
    serve.find_nginx() is None,
    reason="nginx is not installed and could not be (bash scripts/test.sh installs it: apt-get install nginx)",
)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    base = tmp_path_factory.mktemp("deploy")
    data = base / "data"
    shutil.copytree(ROOT / "data" / "raw", data / "raw")
    ports = [free_port(), free_port()]
    # run_dir: a new temp folder of its own (pytest's is closed to nginx's unprivileged workers)
    dep = serve.Deployment(data_dir=data, port=free_port(), replica_ports=ports, quiet=True, start_timeout=180)
    dep.start()
    yield dep
    dep.stop()


def settle(page, timeout: float = 240000) -> None:
    """Wait until the page's run has finished (generous: a cold replica on a shared 2-core machine)."""
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stMain\"]')"
        " && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelectorAll('[data-testid=\"stMain\"] h1').length > 0",
        timeout=timeout,
    )
    page.wait_for_timeout(500)


def access_log(dep) -> list[dict]:
    rows = []
    for line in (dep.run_dir / "logs" / "access.log").read_text().splitlines():
        m = re.search(r'"(\S+) (\S+) [^"]*" (\d+) \d+ upstream=(\S+) affinity=(\S*)', line)
        if m:
            rows.append(dict(zip(("method", "path", "status", "upstream", "affinity"), m.groups(), strict=True)))
    return rows


def test_two_replicas_behind_nginx_serve_static_compressed_and_keep_a_browser_on_its_replica(
    deployment, browser, artefacts
):
    dep = deployment
    assert serve.wait_healthy(dep.replica_urls(), 5) == []  # both replicas up, each on its own port
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(180000)  # a first run on a cold replica, on a shared 2-core machine
    statics: list = []
    outside: list[str] = []
    page.on("response", lambda r: statics.append((r.url, r.headers)) if "/static/" in r.url else None)
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(serve_prefixes(dep)) else None)
    try:
        page.goto(dep.url + "/")
        settle(page)
        page.wait_for_selector(".js-plotly-plot, [data-testid='stDeckGlJsonChart'] canvas", state="attached")
        assert page.locator("[data-testid='stException']").count() == 0
        page.locator("[data-testid='stMain']").screenshot(path=str(artefacts / "deploy_overview.png"))

        page.goto(dep.url + "/profile?economy=XKX")
        settle(page)
        assert "Kosovo*" in page.locator("h1").first.inner_text()
        assert page.locator("[data-testid='stException']").count() == 0

        page.goto(dep.url + "/explorer?economy=SRB,XK&pillar=legal")
        settle(page)
        with page.expect_download() as info:
            page.get_by_role("button", name="Filtered table as CSV").click()
        download = info.value
        text = Path(download.path()).read_text(encoding="utf-8-sig")
        header = text.splitlines()[0]
        assert "economy_name" in header and "source_url" in header
        assert "Kosovo*" in text
        media_path = "/" + download.url.split("/", 3)[3]
        assert media_path.startswith("/media/"), download.url
        cookie = {c["name"]: c["value"] for c in context.cookies()}["wb6_replica"]
    finally:
        context.close()
    assert outside == []

    # Static assets: from nginx, compressed, cached for long.
    js = [(url, headers) for url, headers in statics if url.endswith(".js")]
    assert len(js) >= 5, [url for url, _h in statics]
    for url, headers in statics:
        assert headers.get("x-served-by") == "nginx-static", (url, headers)
        assert "immutable" in headers.get("cache-control", ""), (url, headers)
    for url, headers in js:
        assert headers.get("content-encoding") == "gzip", (url, headers)

    # Affinity: every proxied request of this browser went to one replica, and only that replica has the file.
    for _ in range(50):  # nginx logs the WebSocket when it closes
        mine = [row for row in access_log(dep) if row["affinity"] == cookie and row["upstream"] != "-"]
        if any(row["path"] == "/_stcore/stream" for row in mine):
            break
        time.sleep(0.2)
    assert any(row["path"] == "/_stcore/stream" for row in mine)
    assert any(row["path"].startswith(media_path) and row["status"] == "200" for row in mine)
    upstreams = {row["upstream"] for row in mine}
    assert len(upstreams) == 1, upstreams
    (holder,) = upstreams
    statuses = {}
    for url in dep.replica_urls():
        try:
            with urllib.request.urlopen(url + media_path, timeout=10) as r:
                statuses[url.removeprefix("http://")] = r.status
        except urllib.error.HTTPError as err:
            statuses[url.removeprefix("http://")] = err.code
    assert statuses[holder] == 200 and sorted(statuses.values()) == [200, 404], statuses


def test_the_page_and_the_health_check_through_the_proxy(deployment):
    dep = deployment
    req = urllib.request.Request(dep.url + "/profile?economy=ALB", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.headers["X-Served-By"] == "nginx-static"
        assert r.headers["Content-Encoding"] == "gzip"
        assert r.headers["Cache-Control"] == "no-cache"  # the page itself is never cached
        assert re.match(r"wb6_replica=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Lax", r.headers["Set-Cookie"])
    with urllib.request.urlopen(dep.url + "/_stcore/health", timeout=10) as r:
        assert r.status == 200 and r.read() == b"ok" and r.headers["X-Served-By"] == "replica"
    # Replicas never build: the one build made by the launcher is the only one.
    builds = [
        p for p in (dep.data_dir / "builds").iterdir() if p.is_dir() and p.name[:1].isdigit()
    ]  # not archive/, caches
    assert len(builds) == 1, builds


def serve_prefixes(dep) -> tuple[str, ...]:
    return (dep.url, dep.url.replace("http", "ws", 1), "data:", "blob:", "about:")
