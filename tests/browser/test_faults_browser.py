"""Faults in a real `streamlit run` (issue 24): a database truncated while serving and after a restart, and a
broken catalog edit plus a restart. The visitor sees the last good build with a short notice, never a
traceback, an exception name from DuckDB or a server path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from playwright.sync_api import expect

from etl.build import build
from indicators.model.paths import CATALOG_DIR
from indicators.model.warehouse import current_build_path
from tests.browser.conftest import StreamlitServer, wait_for_app
from tests.conftest import ROOT

PAGES = ("overview", "profile?economy=XKX", "hygiene", "explorer", "cert", "methodology")


def two_builds(tmp_path: Path) -> tuple[Path, str]:
    d = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "raw", d / "raw")
    older = build(d).build_id
    build(d)
    return d, older


def body_text(page) -> str:
    return page.locator("body").inner_text()


def assert_clean(page, data: Path) -> str:
    text = body_text(page)
    for leak in ("Traceback", "IOException", "CatalogError", str(data), str(ROOT)):
        assert leak not in text, leak
    return text


def visit(page, server, path: str) -> str:
    page.goto(f"{server.url}/{path}")
    wait_for_app(page)
    return body_text(page)


def test_truncated_database_while_serving_and_after_a_restart(tmp_path, guarded_page):
    page, _guard = guarded_page
    data, older = two_builds(tmp_path)
    server = StreamlitServer(data)
    try:
        visit(page, server, "overview")
        assert "last good build" not in assert_clean(page, data)
        db = current_build_path(data) / "cyber.duckdb"
        db.write_bytes(db.read_bytes()[: db.stat().st_size // 3])  # while the server runs
        for path in PAGES:
            visit(page, server, path)
            expect(page.get_by_text(f"showing the last good build {older}", exact=False)).to_be_visible()
            assert_clean(page, data)
        page.screenshot(path="/tmp/h24_truncated_while_serving.png")
    finally:
        server.stop()
    server = StreamlitServer(data)  # a restart: the damaged build still passes `SELECT count(*)`
    try:
        for path in PAGES:
            visit(page, server, path)
            expect(page.get_by_text(f"showing the last good build {older}", exact=False)).to_be_visible()
            assert_clean(page, data)
    finally:
        server.stop()


def test_broken_catalog_after_a_restart_serves_the_catalog_of_the_last_good_build(tmp_path, guarded_page, monkeypatch):
    page, _guard = guarded_page
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "raw", data / "raw")
    good = build(data).build_id
    broken = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, broken)
    shutil.copy(broken / "itu_gci.yaml", broken / "itu_gci_copy.yaml")  # every id of the file defined twice
    monkeypatch.setenv("CYBER_CATALOG_DIR", str(broken))
    server = StreamlitServer(data)
    try:
        visit(page, server, "overview")
        expect(page.get_by_text("was not rebuilt", exact=False)).to_be_visible()  # the startup build refused it
        for path in PAGES:
            visit(page, server, path)
            assert_clean(page, data)
            expect(page.locator("[data-testid='stAlertContentError']")).to_have_count(0)
        page.screenshot(path="/tmp/h24_broken_catalog.png")
    finally:
        server.stop()
    assert json.loads((data / "warehouse" / "manifest.json").read_text())["build_id"] == good
