"""The first start (ui/data.py): the first page after a build on first start uses the catalog that build checked
instead of reading and schema-checking the same files again (``_keep_checked_catalog``), and only when the files
stored with the build are the ones the build hashed; the server process reads through Arrow's system pool."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pyarrow as pa
import pytest

import ui.data as data
from indicators.model.catalog import load_catalog
from indicators.model.warehouse import current_build_path, use_system_arrow_pool
from tests.conftest import obs_row, write_dataset


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    d = tmp_path / "data"
    write_dataset(d, "demo", [obs_row(value="18.5"), obs_row(economy="SRB", value="3")])
    monkeypatch.setattr(data, "_publish_in_background", lambda root: None)  # no child process in a unit test
    monkeypatch.setattr(data, "_CHECKED_CATALOGS", {})
    data._catalog.clear()
    yield d
    data._catalog.clear()


def test_the_first_page_gets_the_catalog_the_build_checked(fresh, monkeypatch):
    kept = []
    real = data._keep_checked_catalog
    monkeypatch.setattr(data, "_keep_checked_catalog", lambda result: kept.append(result) or real(result))
    assert data._startup_build.fn(str(fresh)) == data.BuildNotice()
    build = str(current_build_path(fresh))
    checked = kept[0].catalog
    assert list(data._CHECKED_CATALOGS) == [build] and data._CHECKED_CATALOGS[build] is checked
    # the same catalog as the stored files give, value for value
    assert checked == load_catalog(Path(build) / data.BUILD_CATALOG)
    assert len(checked.indicators) > 100 and [p.id for p in checked.pillars][0] == "legal"

    def no_read(*_a, **_k):
        raise AssertionError("the catalog was read again")

    monkeypatch.setattr(data, "load_catalog", no_read)
    assert data._catalog(build) is checked
    assert data._CHECKED_CATALOGS == {}  # handed over once; the cache keeps it from then on


def test_a_stored_catalog_that_differs_from_the_checked_files_is_read_from_disk(fresh, monkeypatch):
    kept = []
    real = data._keep_checked_catalog

    def tampered(result):
        sums = dict(result.manifest["checksums"])
        name = next(k for k in sums if k.startswith("catalog/"))
        sums[name] = {**sums[name], "sha256": "0" * 64}
        result = dataclasses.replace(result, manifest={**result.manifest, "checksums": sums})
        kept.append(result)
        real(result)

    monkeypatch.setattr(data, "_keep_checked_catalog", tampered)
    data._startup_build.fn(str(fresh))
    assert kept and data._CHECKED_CATALOGS == {}
    build = str(current_build_path(fresh))
    assert data._catalog(build) == load_catalog(Path(build) / data.BUILD_CATALOG)


def test_a_build_result_without_a_catalog_keeps_nothing(fresh, monkeypatch):
    real = data._keep_checked_catalog
    monkeypatch.setattr(data, "_keep_checked_catalog", lambda result: real(dataclasses.replace(result, catalog=None)))
    data._startup_build.fn(str(fresh))
    assert data._CHECKED_CATALOGS == {}


def test_the_server_process_reads_through_the_system_arrow_pool(monkeypatch):
    if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        assert pa.default_memory_pool().backend_name == "system"  # set when ui.data was imported
    previous = pa.default_memory_pool()
    try:
        pa.set_memory_pool(pa.mimalloc_memory_pool())
        monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "mimalloc")  # an operator's choice is respected
        assert use_system_arrow_pool() == "mimalloc"
        monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL")
        assert use_system_arrow_pool() == "system"
    finally:
        pa.set_memory_pool(previous)
