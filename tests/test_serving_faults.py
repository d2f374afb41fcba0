"""Faults while serving and after a restart (issue 24): a database truncated under a running server, the
same after a restart, and a broken catalog edit plus a restart. Every page shows the last good build with
a short notice and never a traceback; a page that fails anyway shows one short message (ui/guard.py)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from etl.build import build
from indicators.model import page_registry
from indicators.model.paths import CATALOG_DIR
from indicators.model.warehouse import Warehouse, WarehouseMissing, current_build_path, damaged_file, open_last_good
from tests.apptest_helpers import all_text, run_page

PAGES = [spec.key for spec in page_registry.BY_KEY.values()]


@pytest.fixture
def two_good_builds(bundled_data_dir, tmp_path) -> tuple[Path, str, str]:
    """A private copy of the bundled data with two good builds: (data folder, older id, current id)."""
    d = tmp_path / "data"
    shutil.copytree(bundled_data_dir, d, symlinks=True)
    older = json.loads((d / "warehouse" / "manifest.json").read_text())["build_id"]
    current = build(d).build_id
    st.cache_resource.clear()  # a fresh process for every test
    st.cache_data.clear()
    return d, older, current


def truncate(path: Path, keep: float = 1 / 3) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def no_traceback(at: AppTest, data_dir: Path) -> str:
    assert not at.exception, [e.value for e in at.exception]
    text = all_text(at)
    assert "Traceback" not in text and "IOException" not in text and str(data_dir) not in text
    return text


def test_the_build_writes_checksums_of_every_served_file_and_its_catalog(two_good_builds):
    d, _older, _current = two_good_builds
    folder = current_build_path(d)
    manifest = json.loads((folder / "manifest.json").read_text())
    names = set(manifest["checksums"])
    assert {"cyber.duckdb", "parquet/observations.parquet", "catalog/_pillars.yaml", "catalog/itu_gci.yaml"} <= names
    assert sorted(p.name for p in (folder / "catalog").iterdir()) == sorted(p.name for p in CATALOG_DIR.glob("*.yaml"))
    assert damaged_file(folder, manifest) is None
    (folder / "parquet" / "sources.parquet").write_bytes(b"PAR1 not the same bytes")
    assert damaged_file(folder, manifest) == "parquet/sources.parquet"


def test_intact_notices_a_served_file_rewritten_truncated_or_replaced_with_the_same_size_and_time(two_good_builds):
    d, _older, _current = two_good_builds
    folder = current_build_path(d)
    wh = Warehouse(d)
    try:
        assert wh.intact()
        served = folder / "parquet" / "sources.parquet"
        twin = folder / "parquet" / "sources.parquet.new"
        shutil.copy2(served, twin)  # the same bytes, size and modification time, another inode
        os.replace(twin, served)
        assert served.stat().st_size == wh._stamps[list(wh.manifest["checksums"]).index("parquet/sources.parquet")][0]
        assert not wh.intact()
    finally:
        wh.close()
    wh = Warehouse(d)
    try:
        assert wh.intact()
        truncate(folder / "catalog" / "itu_gci.yaml")  # a catalog file of the build, truncated in place
        assert not wh.intact()
    finally:
        wh.close()


def test_a_truncated_database_that_still_answers_a_count_is_refused_at_open(two_good_builds):
    d, older, current = two_good_builds
    truncate(current_build_path(d) / "cyber.duckdb")
    with pytest.raises(WarehouseMissing, match=r"is damaged \(cyber.duckdb differs from its manifest\)"):
        Warehouse(d)
    wh, notice = open_last_good(d)
    try:
        assert wh.build_id == older and "last good build" in notice and older in notice
        assert len(wh.observations()) > 30000
    finally:
        wh.close()


def test_truncated_database_while_serving_every_page_shows_the_last_good_build(two_good_builds):
    d, older, current = two_good_builds
    at = run_page(d, "overview")
    no_traceback(at, d)
    assert not at.warning and current in current_build_path(d).name
    truncate(current_build_path(d) / "cyber.duckdb")  # under the running server
    for key in PAGES:
        at = run_page(d, key)
        text = no_traceback(at, d)
        assert not at.error, (key, [e.value for e in at.error])
        assert f"showing the last good build {older}" in text, key


def test_truncated_database_after_a_restart_every_page_shows_the_last_good_build(two_good_builds):
    d, older, _current = two_good_builds
    truncate(current_build_path(d) / "cyber.duckdb")
    for key in ("overview", "hygiene", "explorer", "cert", "methodology"):
        at = run_page(d, key)
        text = no_traceback(at, d)
        assert not at.error, (key, [e.value for e in at.error])
        assert f"showing the last good build {older}" in text, key


def point_catalog_at(monkeypatch, folder: Path) -> None:
    """What CYBER_CATALOG_DIR does for a new server process, for this process."""
    import etl.build as b
    from indicators.model import catalog, catalog_schema

    monkeypatch.setattr(b, "CATALOG_DIR", folder)
    for func in (catalog.load_catalog, catalog.catalog_files, catalog_schema.catalog_errors, b.input_files, b.is_stale):
        monkeypatch.setattr(
            func, "__defaults__", tuple(folder if isinstance(v, Path) else v for v in func.__defaults__)
        )
    monkeypatch.setattr(
        b.build, "__defaults__", tuple(folder if isinstance(v, Path) else v for v in b.build.__defaults__)
    )


def broken_catalog(tmp_path: Path) -> Path:
    folder = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, folder)
    shutil.copy(folder / "itu_gci.yaml", folder / "itu_gci_copy.yaml")  # every id defined twice
    return folder


def test_broken_catalog_after_a_restart_pages_use_the_catalog_of_the_pinned_build(
    two_good_builds, tmp_path, monkeypatch
):
    d, _older, current = two_good_builds
    point_catalog_at(monkeypatch, broken_catalog(tmp_path))
    for key in ("overview", "profile", "explorer", "methodology"):
        at = run_page(d, key)
        text = no_traceback(at, d)
        assert not at.error, (key, [e.value for e in at.error])
        assert "CatalogError" not in text and "already defined" not in text
        if key == "overview":  # the first run of the process: the startup build refused the catalog, and says so
            assert any("was not rebuilt" in w.value for w in at.warning)
    assert current_build_path(d).name.endswith(current.split("-")[-1])  # still the last good build


def _failing_page():
    import streamlit as st

    from ui import data, guard

    data.pin_build()

    class Page:
        url_path = "boom"

        def run(self):
            st.write(f"pinned={data.pinned().build_id}")
            raise RuntimeError("/srv/secret/server/path went wrong")

    guard.run(Page())


def test_a_failing_page_shows_a_short_message_and_the_details_stay_in_the_log(two_good_builds, caplog):
    d, _older, current = two_good_builds
    os.environ["CYBER_DATA_DIR"] = str(d)
    at = AppTest.from_function(_failing_page, default_timeout=60).run()
    assert not at.exception
    assert "This page cannot be shown right now (RuntimeError)" in at.error[0].value
    assert "/srv/secret" not in all_text(at) and f"pinned={current}" in all_text(at)
    assert "/srv/secret/server/path" in caplog.text


def test_a_page_failing_on_a_damaged_build_is_run_again_on_the_last_good_build(two_good_builds):
    d, older, current = two_good_builds
    os.environ["CYBER_DATA_DIR"] = str(d)
    at = AppTest.from_function(_failing_page, default_timeout=60).run()
    assert f"pinned={current}" in all_text(at)
    db = current_build_path(d) / "cyber.duckdb"
    stat = db.stat()
    with open(db, "r+b") as fh:  # same size, same modification time: only the checksum can tell
        fh.seek(stat.st_size // 2)
        fh.write(b"\xa5" * 4096)
    os.utime(db, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    at.run()
    assert not at.exception
    assert f"pinned={older}" in all_text(at)  # the failing run set the build aside and ran again
