"""HTTP test against a real `streamlit run` (tests/browser/server.py): every stable table URL of the latest build
and of an archived build is served by the app's static route, with the warehouse's columns and rows; the
Parquet files read with pyarrow."""

from __future__ import annotations

import io
import json
import shutil
import urllib.error
import urllib.request

import pandas as pd
import pyarrow.parquet as pq
import pytest

from etl.build import build
from indicators.method.scoring import select_indicators
from indicators.model.catalog import load_catalog
from indicators.model.warehouse import Warehouse
from indicators.render import datalinks
from tests.browser.server import StreamlitServer
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Two builds of a copy of data/raw published into <app>/static/data, and a server whose app folder that is.
    (The app is a one-line script: the static route does not depend on the page; .streamlit/config.toml in the
    repository switches static serving on, as for the dashboard.)"""
    base = tmp_path_factory.mktemp("data-urls")
    data = base / "data"
    shutil.copytree(ROOT / "data" / "raw", data / "raw")
    app = base / "app"
    (app / "static" / "data").mkdir(parents=True)
    (app / "app.py").write_text("import streamlit as st\n\nst.write('ok')\n", encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("CYBER_PUBLIC_DIR", str(app / "static" / "data"))
    try:
        first = build(data)
        counts_first = _counts(data, first.path)
        second = build(data)
    finally:
        mp.undo()
    srv = StreamlitServer(data, app=app / "app.py")
    try:
        yield srv, data, {first.build_id: counts_first, None: _counts(data, second.path)}, second.build_id
    finally:
        srv.stop()


def _counts(data, build_path) -> dict:
    wh = Warehouse(data, build=build_path)
    try:
        obs = wh.observations()
        status_facts = len(select_indicators(load_catalog(), None, purpose="status"))
        return {
            "observations": (len(obs), None),
            "indicators": (len(wh.table("indicators")), list(wh.table("indicators").columns)),
            "sources": (len(wh.table("sources")), list(wh.table("sources").columns)),
            "pillar_scores": (6 * 6, None),
            "status": (status_facts * 6, None),
        }
    finally:
        wh.close()


def _get(url: str) -> tuple[int, dict, bytes]:
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.status, dict(r.headers), r.read()


def test_every_table_url_of_the_latest_and_of_an_archived_build(served):
    srv, _data, expected, latest_id = served
    from indicators.model.export import EXPORT_COLUMNS

    assert len(expected) == 2
    for build_id, counts in expected.items():
        for table in datalinks.TABLES:
            status, headers, body = _get(datalinks.table_url(srv.url, table, "csv", build_id))
            assert status == 200 and headers["content-type"].startswith("text/csv")
            csv = pd.read_csv(io.BytesIO(body), keep_default_na=False, na_values=[""], low_memory=False)
            rows, columns = counts[table]
            assert len(csv) == rows, (build_id, table)
            if table == "observations":
                assert list(csv.columns) == list(EXPORT_COLUMNS)
            elif columns is not None:
                assert list(csv.columns) == columns
            status, _h, body = _get(datalinks.table_url(srv.url, table, "parquet", build_id))
            parquet = pq.read_table(io.BytesIO(body))
            assert parquet.num_rows == rows and parquet.column_names == list(csv.columns)
            meta = json.loads(parquet.schema.metadata[b"wb6.provenance"])
            assert meta["build_id"] == (build_id or latest_id) and meta["table"] == table
        status, headers, body = _get(datalinks.table_url(srv.url, datalinks.DESCRIPTOR, build_id=build_id))
        package = json.loads(body)
        assert package["wb6"]["build_id"] == (build_id or latest_id)
        assert [r["path"] for r in package["resources"]] == [f"{t}.csv" for t in datalinks.TABLES]


def test_latest_serves_the_newest_build_and_unknown_paths_are_not_found(served):
    srv, _data, expected, latest_id = served
    archived = next(b for b in expected if b)
    _s, _h, latest = _get(datalinks.table_url(srv.url, "observations", "parquet"))
    assert json.loads(pq.read_table(io.BytesIO(latest)).schema.metadata[b"wb6.provenance"])["build_id"] == latest_id
    assert archived != latest_id
    for path in ("app/static/data/builds/19990101T000000Z-nothing/observations.csv", "app/static/data/latest/x.csv"):
        with pytest.raises(urllib.error.HTTPError) as err:
            _get(f"{srv.url}/{path}")
        assert err.value.code == 404
    with pytest.raises(urllib.error.HTTPError) as err:  # nothing outside the static folder
        _get(f"{srv.url}/app/static/data/latest/..%2F..%2F..%2Fdata%2Fraw%2Fcsirts%2Fsource.yaml")
    assert err.value.code in (400, 404)
