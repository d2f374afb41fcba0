"""Stable table URLs (etl/publish.py, indicators/render/datalinks.py): the public files a build writes and serves,
and the explorer's copy-paste snippets run against a served build."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import json
import os
import shutil
import threading
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from etl import cli, publish
from etl.build import build, publish_build
from etl.contracts import ValidationFailed
from etl.publish import PUBLIC, public_dir, published_builds
from indicators.model.explore import Filters
from indicators.model.export import export_table, to_csv_bytes
from indicators.model.warehouse import Warehouse
from indicators.render import datalinks
from tests.conftest import obs_row, write_dataset


def _public(root: Path) -> Path:
    return public_dir(root)


def test_public_dir_rule(tmp_path, monkeypatch):
    monkeypatch.delenv("CYBER_PUBLIC_DIR", raising=False)
    from indicators.model.paths import PROJECT_ROOT

    assert public_dir(PROJECT_ROOT / "data") == PROJECT_ROOT / "static" / "data"
    assert public_dir(tmp_path) == tmp_path / PUBLIC
    monkeypatch.setenv("CYBER_PUBLIC_DIR", str(tmp_path / "elsewhere"))
    assert public_dir(tmp_path) == tmp_path / "elsewhere"


def test_every_table_published_for_the_latest_build_with_the_warehouse_rows(bundled_data_dir, bundled_obs, catalog):
    wh = Warehouse(bundled_data_dir)
    try:
        build_id = wh.build_id
        counts = {"observations": len(bundled_obs), "indicators": len(wh.table("indicators"))}
        counts["sources"] = len(wh.table("sources"))
        counts["status"] = (
            int(
                wh.query("SELECT count(*) AS n FROM indicators WHERE indicator_id IN ?", [_status_ids(catalog)])["n"][0]
            )
            * 6
        )
    finally:
        wh.close()
    latest = _public(bundled_data_dir) / datalinks.LATEST
    assert latest.is_symlink() and latest.resolve().name == build_id
    assert published_builds(bundled_data_dir)[-1] == build_id
    for table in datalinks.TABLES:
        csv_df = pd.read_csv(latest / f"{table}.csv", keep_default_na=False, na_values=[""], low_memory=False)
        pq_df = pq.read_table(latest / f"{table}.parquet").to_pandas()
        assert list(csv_df.columns) == list(pq_df.columns), table
        assert len(csv_df) == len(pq_df), table
        if table in counts:
            assert len(csv_df) == counts[table], table
    obs = pd.read_csv(latest / "observations.csv", keep_default_na=False, na_values=[""], low_memory=False)
    # the analyst table of the explorer's downloads, every row, synthetic rows marked as such
    assert list(obs.columns) == list(export_table(bundled_obs.head(1), catalog).columns)
    assert set(obs["confidence"]) == {"verified", "secondary", "synthetic"}
    assert (obs["confidence"] == "synthetic").sum() == (bundled_obs["confidence"] == "synthetic").sum()
    scores = pd.read_csv(latest / "pillar_scores.csv")
    assert len(scores) == 6 * 6  # six economies x six pillars
    assert "synthetic" not in " ".join(scores["confidence"].fillna(""))  # real data only
    status = pd.read_csv(latest / "status.csv", keep_default_na=False, na_values=[""], low_memory=False)
    assert set(status["state"]) <= {"in_place", "partly", "missing", "not_assessed", "not_applicable"}
    assert "synthetic" not in set(status["confidence"].dropna())
    meta = json.loads(pq.read_schema(latest / "observations.parquet").metadata[b"wb6.provenance"])
    assert meta["build_id"] == build_id and meta["table"] == "observations"
    package = json.loads((latest / datalinks.DESCRIPTOR).read_text(encoding="utf-8"))
    assert [r["path"] for r in package["resources"]] == [f"{t}.csv" for t in datalinks.TABLES]
    for res in package["resources"]:
        header = (latest / res["path"]).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert [f["name"] for f in res["schema"]["fields"]] == header
    assert package["wb6"]["build_id"] == build_id


def _pandas_writes(monkeypatch) -> list:
    """The frames etl.publish.write_csv hands to pandas' writer instead of DuckDB's."""
    handed = []
    monkeypatch.setattr(publish, "to_csv_bytes", lambda df, bom: handed.append(df) or to_csv_bytes(df, bom=bom))
    return handed


def test_the_public_csvs_are_the_bytes_of_the_protected_csv_writer(bundled_data_dir, catalog, tmp_path, monkeypatch):
    # etl.publish.write_csv writes with DuckDB; every byte must be what to_csv_bytes (pandas) writes
    wh = Warehouse(bundled_data_dir)
    try:
        frames = publish.public_tables(wh, catalog)
    finally:
        wh.close()
    con = duckdb.connect()
    handed = _pandas_writes(monkeypatch)
    for name, df in frames.items():
        publish.write_csv(df, tmp_path / f"{name}.csv", con)
        assert (tmp_path / f"{name}.csv").read_bytes() == to_csv_bytes(df, bom=False), name
    assert handed == []  # every public table went through DuckDB
    latest = _public(bundled_data_dir) / datalinks.LATEST
    assert (latest / "observations.csv").read_bytes() == (tmp_path / "observations.csv").read_bytes()


_AWKWARD = [
    "",
    " ",
    ",",
    '"',
    "\n",
    "\r\n",
    "\t",
    "#",
    "# x",
    "=1+2",
    "-3.5",
    "+x",
    "@a",
    "'",
    "Kosovo*",
    "Косово",
    "é,ë",
    "NULL",
    "nan",
]


@pytest.mark.parametrize("text_dtype", ["str", "string", object])
def test_the_duckdb_csv_writer_matches_pandas_on_awkward_texts_and_numbers(text_dtype, tmp_path, monkeypatch):
    texts = [a + b for a in _AWKWARD for b in _AWKWARD] + [None]
    n = len(texts)
    rng = np.random.default_rng(7)
    numbers = np.concatenate([rng.normal(0, 1, n - 12), 10.0 ** rng.uniform(-30, 30, 3), [np.nan, 0.0, -0.0, 100.0]])
    numbers = np.concatenate([numbers, [1e16, 1e-5, 0.1 + 0.2, 5e-324, 1e21]])

    def column(values):
        return np.array(values, dtype=object) if text_dtype is object else pd.array(values, dtype=text_dtype)

    frame = pd.DataFrame(
        {
            "text": column(texts),
            "=formula name": column(texts[::-1]),
            "value": numbers,
            "rank": pd.array([None if i % 5 == 0 else i for i in range(n)], dtype="Int64"),
            "n": np.arange(n, dtype="int64"),
            "preferred": [i % 2 == 0 for i in range(n)],
        }
    )
    con = duckdb.connect()
    handed = _pandas_writes(monkeypatch)
    publish.write_csv(frame, tmp_path / "t.csv", con)
    assert (tmp_path / "t.csv").read_bytes() == to_csv_bytes(frame, bom=False)
    publish.write_csv(frame.head(0), tmp_path / "empty.csv", con)
    assert (tmp_path / "empty.csv").read_bytes() == to_csv_bytes(frame.head(0), bom=False)
    # what DuckDB would not write as pandas does goes to pandas' writer: one column, a date, mixed objects, no name
    for odd in (
        frame[["text"]],
        frame.assign(day=pd.Timestamp("2024-01-01")),
        frame.assign(mixed=[1, "a"] * (n // 2) + [2.5] * (n % 2)),
        frame.rename(columns={"text": ""}),  # DuckDB would name the column C0
    ):
        publish.write_csv(odd, tmp_path / "odd.csv", con)
        assert (tmp_path / "odd.csv").read_bytes() == to_csv_bytes(odd, bom=False)
    assert len(handed) == 4 and handed[0] is not frame  # the four odd frames only


def _status_ids(catalog) -> list[str]:
    from indicators.method.scoring import select_indicators

    return [i.id for i in select_indicators(catalog, None, purpose="status")]


def _small(data_dir: Path, value: str) -> None:
    write_dataset(data_dir, "demo", [obs_row(value=value), obs_row(economy="SRB", value="12.25")])


def test_an_archived_build_keeps_its_files_and_latest_moves(data_dir, monkeypatch):
    monkeypatch.delenv("CYBER_PUBLIC_DIR", raising=False)
    _small(data_dir, "18.5")
    first = build(data_dir)
    out = _public(data_dir)
    old = out / datalinks.BUILDS / first.build_id
    before = {f.name: f.read_bytes() for f in old.iterdir()}
    assert (out / datalinks.LATEST).resolve() == old.resolve()
    _small(data_dir, "19.5")  # a changed value: a new build
    os.utime(data_dir / "raw" / "demo" / "demo.csv")
    second = build(data_dir)
    assert second.build_id != first.build_id
    assert {f.name: f.read_bytes() for f in old.iterdir()} == before  # the archived build's URLs never change
    new = out / datalinks.BUILDS / second.build_id
    assert (out / datalinks.LATEST).resolve() == new.resolve()
    obs_old = pd.read_csv(old / "observations.csv")
    obs_new = pd.read_csv(new / "observations.csv")
    assert list(obs_old["value"]) == [18.5, 12.25] and list(obs_new["value"]) == [19.5, 12.25]
    assert list(obs_old.columns) == list(obs_new.columns)  # column names never change between builds
    # an unchanged table costs no space: the same inode
    assert (old / "sources.csv").stat().st_ino == (new / "sources.csv").stat().st_ino
    assert (old / "observations.csv").stat().st_ino != (new / "observations.csv").stat().st_ino
    assert published_builds(data_dir) == sorted([first.build_id, second.build_id])


class _Same:
    """A Parquet table compared with Table.equals (values, types and schema metadata; NaN equals NaN)."""

    def __init__(self, table):
        self.table = table

    def __eq__(self, other):
        return self.table.equals(other.table, check_metadata=True)

    def __repr__(self):
        return f"<table {self.table.num_rows} rows>"


def _public_files(folder: Path) -> dict:
    """Every public file's content, with the build id and the time of writing left out."""
    out = {}
    for f in sorted(folder.iterdir()):
        if f.suffix == ".parquet":
            table = pq.ParquetFile(f).read()
            prov = json.loads(table.schema.metadata[b"wb6.provenance"])
            data = table.replace_schema_metadata(
                {k: v for k, v in table.schema.metadata.items() if k != b"wb6.provenance"}
            )
            out[f.name] = (_Same(data), {**prov, "build_id": 0, "exported_at": 0})
        elif f.name == datalinks.DESCRIPTOR:
            desc = json.loads(f.read_text(encoding="utf-8"))
            desc["created"] = desc["wb6"]["build_id"] = 0
            out[f.name] = desc
        else:
            out[f.name] = f.read_bytes()
    return out


def test_an_unchanged_build_reuses_the_public_files_and_they_equal_a_fresh_write(data_dir, monkeypatch, catalog):
    monkeypatch.delenv("CYBER_PUBLIC_DIR", raising=False)
    _small(data_dir, "18.5")
    first = build(data_dir)
    second = build(data_dir)  # same inputs, same code: the content key is the same
    assert second.manifest["public_key"] == first.manifest["public_key"]
    old, new = first.path / PUBLIC, second.path / PUBLIC
    # the CSVs are the same file; Parquet and descriptor name the new build
    assert (old / "observations.csv").stat().st_ino == (new / "observations.csv").stat().st_ino
    meta = json.loads(pq.read_schema(new / "observations.parquet").metadata[b"wb6.provenance"])
    assert meta["build_id"] == second.build_id and meta["table"] == "observations"
    package = json.loads((new / datalinks.DESCRIPTOR).read_text(encoding="utf-8"))
    assert package["wb6"]["build_id"] == second.build_id
    # what was reused is what a fresh write of the same build gives
    tmp = data_dir / "fresh"
    tmp.mkdir()
    for name in ("cyber.duckdb", "manifest.json"):
        (tmp / name).write_bytes((second.path / name).read_bytes())
    shutil.copytree(second.path / "parquet", tmp / "parquet")
    shutil.copytree(second.path / "catalog", tmp / "catalog")
    publish.write_public(data_dir, tmp, catalog)
    assert _public_files(new) == _public_files(tmp / PUBLIC)
    # the published copies of both builds: old URLs unchanged, latest on the new build
    out = _public(data_dir) / datalinks.BUILDS
    assert (out / first.build_id / "observations.csv").stat().st_ino == (new / "observations.csv").stat().st_ino
    assert (_public(data_dir) / datalinks.LATEST).resolve().name == second.build_id


@pytest.mark.parametrize(
    "frame, row_group_size",
    [
        (pd.DataFrame({"value": pd.Series([], dtype="float64"), "note": pd.Series([], dtype=object)}), None),
        (pd.DataFrame({"n": range(50_000), "code": [f"c{i % 7}" for i in range(50_000)]}), 20_000),
        (
            pd.DataFrame(
                {
                    "edition": pd.array([2020, None, 2024], dtype="Int64"),
                    "economy": pd.Categorical(["ALB", "XKX", "ALB"]),
                    "label": ["Kosovo*", None, "Shqipëri"],
                    "when": pd.to_datetime(["2020-01-01", None, "2024-06-30"]),
                }
            ),
            None,
        ),
    ],
)
def test_restamping_a_parquet_file_gives_the_bytes_of_a_fresh_write(frame, row_group_size):
    # the publish reuse rewrites only the footer (publish.with_schema_metadata); it must be the file
    # pq.write_table gives for the same table with the new metadata: same bytes, same row groups, same rows
    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = {**table.schema.metadata, b"wb6.provenance": json.dumps({"build_id": "old"}).encode()}
    first = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(meta), first, row_group_size=row_group_size)
    meta[b"wb6.provenance"] = json.dumps({"build_id": "a longer new build id", "exported_at": "now"}).encode()
    data, rows = publish.with_schema_metadata(
        first.getvalue(), pq.read_schema(pa.BufferReader(first.getvalue())).with_metadata(meta)
    )
    fresh = io.BytesIO()
    read = pq.ParquetFile(pa.BufferReader(first.getvalue())).read()
    pq.write_table(read.replace_schema_metadata(meta), fresh, row_group_size=row_group_size)
    assert data == fresh.getvalue()
    assert rows == len(frame)
    again = pq.ParquetFile(pa.BufferReader(data))
    assert again.read().equals(read.replace_schema_metadata(meta), check_metadata=True)
    assert json.loads(again.schema_arrow.metadata[b"wb6.provenance"])["build_id"] == "a longer new build id"
    with pytest.raises(ValueError):
        publish.with_schema_metadata(b"PAR1 not a footer PARE", again.schema_arrow)


def test_a_changed_content_key_writes_the_public_files_afresh(data_dir, monkeypatch):
    monkeypatch.delenv("CYBER_PUBLIC_DIR", raising=False)
    _small(data_dir, "18.5")
    first = build(data_dir)
    real = publish.content_key
    monkeypatch.setattr(publish, "content_key", lambda inputs: real(inputs + ["code changed"]))
    written = []
    real_write = publish.write_public
    monkeypatch.setattr(publish, "write_public", lambda *a, **k: written.append(k["previous"]) or real_write(*a, **k))
    reused = []
    monkeypatch.setattr(publish, "_reuse", lambda *a: reused.append(a))  # must not be called
    second = build(data_dir)
    assert second.manifest["public_key"] != first.manifest["public_key"]
    assert written == [None] and reused == []  # no build with this key: every file written afresh
    old, new = first.path / PUBLIC, second.path / PUBLIC
    assert (old / "observations.csv").read_bytes() == (new / "observations.csv").read_bytes()
    # serving found the same bytes already published: the build's copy is now that same file (one inode), so
    # the next build reuses it and serving it compares inodes instead of hashing both files
    served = _public(data_dir) / datalinks.BUILDS
    assert (new / "observations.csv").stat().st_ino == (served / first.build_id / "observations.csv").stat().st_ino
    assert (served / second.build_id / "observations.csv").stat().st_ino == (old / "observations.csv").stat().st_ino
    # a Parquet file names its build: never the same bytes, never shared
    assert (new / "observations.parquet").stat().st_ino != (old / "observations.parquet").stat().st_ino
    assert publish.reusable(first.path, first.manifest["public_key"]) == old
    assert publish.reusable(first.path, "another key") is None
    (old / "status.csv").unlink()  # an incomplete folder is never reused
    assert publish.reusable(first.path, first.manifest["public_key"]) is None


def test_a_build_published_after_the_swap_keeps_latest_on_complete_files(data_dir, monkeypatch):
    # the dashboard's first start: build(publish_now=False), then `python -m etl publish` in a child process
    monkeypatch.delenv("CYBER_PUBLIC_DIR", raising=False)
    out = _public(data_dir)
    _small(data_dir, "18.5")
    first = build(data_dir, publish_now=False)
    assert not (first.path / PUBLIC).exists() and not (out / datalinks.LATEST).exists()
    assert publish_build(data_dir) == out / datalinks.BUILDS / first.build_id
    latest = out / datalinks.LATEST
    assert latest.resolve().name == first.build_id
    assert list(pd.read_csv(latest / "observations.csv")["value"]) == [18.5, 12.25]
    meta = json.loads(pq.read_schema(latest / "observations.parquet").metadata[b"wb6.provenance"])
    assert meta["build_id"] == first.build_id
    before = {f.name: f.read_bytes() for f in (out / datalinks.BUILDS / first.build_id).iterdir()}
    assert publish_build(data_dir).name == first.build_id  # already published: only served again
    assert {f.name: f.read_bytes() for f in (out / datalinks.BUILDS / first.build_id).iterdir()} == before
    # a changed value, built without publishing: latest keeps naming the previous build's complete files
    _small(data_dir, "19.5")
    second = build(data_dir, publish_now=False)
    assert latest.resolve().name == first.build_id
    assert list(pd.read_csv(latest / "observations.csv")["value"]) == [18.5, 12.25]
    publish_build(data_dir)
    assert latest.resolve().name == second.build_id
    assert list(pd.read_csv(latest / "observations.csv")["value"]) == [19.5, 12.25]
    assert {f.name: f.read_bytes() for f in (out / datalinks.BUILDS / first.build_id).iterdir()} == before
    assert not list(second.path.glob(".public-tmp"))


def test_publish_without_a_build_says_so(data_dir, capsys):
    assert publish_build(data_dir) is None
    assert cli.main(["--data-dir", str(data_dir), "publish"]) == 1
    assert "no current build" in capsys.readouterr().err


def test_a_failed_build_publishes_nothing(data_dir, monkeypatch):
    monkeypatch.delenv("CYBER_PUBLIC_DIR", raising=False)
    _small(data_dir, "18.5")
    first = build(data_dir)
    write_dataset(data_dir, "broken", [obs_row(economy="XXX")])
    with pytest.raises(ValidationFailed):
        build(data_dir)
    assert published_builds(data_dir) == [first.build_id]
    assert (_public(data_dir) / datalinks.LATEST).resolve().name == first.build_id


# --- snippets ------------------------------------------------------------------------------------


def test_table_urls():
    assert (
        datalinks.table_url("http://127.0.0.1:8501/", "observations")
        == "http://127.0.0.1:8501/app/static/data/latest/observations.csv"
    )
    assert (
        datalinks.table_url("https://x.org", "status", "parquet", "20261207T1-abc")
        == "https://x.org/app/static/data/builds/20261207T1-abc/status.parquet"
    )
    assert datalinks.table_path("datapackage.json").endswith("data/latest/datapackage.json")
    with pytest.raises(ValueError):
        datalinks.table_path("economies")


def test_snippet_text_for_a_filter():
    f = Filters(economy=("SRB",), sex=("female", "male"), period=(2019, 2023), source=("eurostat_isoc_cisce_ra",))
    s = datalinks.snippets(f, "http://h")
    url = "http://h/app/static/data/latest/observations.csv"
    assert (
        s["pandas"].splitlines()[2]
        == f"df = pd.read_csv('{url}', keep_default_na=False, na_values=[''], low_memory=False)"
    )
    assert "df = df[df['economy'].isin(['SRB'])]" in s["pandas"]
    assert "df = df[df['period'].between(2019, 2023)]" in s["pandas"]
    assert "df['dataset'].isin(['eurostat_isoc_cisce_ra'])" in s["pandas"]
    assert 'df <- df[df[["sex"]] %in% c("female", "male"), ]' in s["R"]
    assert "df <- df[df$period >= 2019 & df$period <= 2023, ]" in s["R"]
    assert s["DuckDB"].startswith(f"SELECT * FROM read_csv('{url}', header = true)\nWHERE \"economy\" IN ('SRB')")
    assert "period BETWEEN 2019 AND 2023" in s["DuckDB"]
    # no filter: the whole table
    assert datalinks.snippets(Filters(), "http://h")["DuckDB"] == f"SELECT * FROM read_csv('{url}', header = true);"


def test_snippet_quotes_are_escaped():
    s = datalinks.snippets(Filters(indicator=("a'b\"c",)), "http://h")
    assert "('a''b\"c')" in s["DuckDB"]
    assert 'c("a\'b\\"c")' in s["R"]
    assert "['a\\'b\"c']" in s["pandas"]


@contextlib.contextmanager
def _served(folder: Path):
    """The public folder served over HTTP on 127.0.0.1 (as Streamlit serves it under app/static/data)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path):  # /app/static/data/latest/x.csv -> <folder>/latest/x.csv
        prefix = f"/{datalinks.STATIC_ROUTE}/{datalinks.DATA_FOLDER}"
        return super().translate_path(path[len(prefix) :] if path.startswith(prefix) else "/nothing")

    def log_message(self, *args):
        pass


KEY = ["economy", "indicator_id", "period", "sex", "group", "source_id", "status", "confidence", "value"]


@pytest.mark.parametrize(
    "filters",
    [
        Filters(economy=("SRB",), sex=("female", "male")),
        Filters(economy=("XKX", "ALB"), pillar=("legal",), period=(2018, 2024)),
        Filters(source=("eurostat_isoc_cisce_ra",), confidence=("secondary",)),
        Filters(status=("not_covered",)),
    ],
    ids=["srb-women-men", "xkx-alb-legal", "eurostat-source", "not-covered"],
)
def test_pandas_snippet_against_a_served_build_returns_the_explorers_rows(
    bundled_data_dir, bundled_obs, catalog, filters
):
    expected = export_table(bundled_obs, catalog, filters).reset_index(drop=True)
    assert len(expected) > 0
    with _served(_public(bundled_data_dir)) as base:
        code = datalinks.snippets(filters, base)["pandas"]
        scope: dict = {}
        exec(code, scope)  # noqa: S102 - the snippet shown to the reader, run as they would
    got = scope["df"].reset_index(drop=True)
    assert len(got) == len(expected)
    pd.testing.assert_frame_equal(
        got[KEY].astype({"value": "float64", "period": "int64"}),
        expected[KEY]
        .astype({"value": "float64", "period": "int64"})
        .astype({c: object for c in KEY if c not in ("value", "period")}),
        check_dtype=False,
    )


def test_duckdb_snippet_on_a_downloaded_file_returns_the_same_rows(bundled_data_dir, bundled_obs, catalog):
    import duckdb

    filters = Filters(economy=("SRB",), sex=("female", "male"))
    path = _public(bundled_data_dir) / datalinks.LATEST / "observations.csv"
    sql = datalinks.snippets(filters, "http://unused")["DuckDB"]
    sql = sql.replace("'http://unused/app/static/data/latest/observations.csv'", f"'{path}'")
    got = duckdb.sql(sql).df()
    expected = export_table(bundled_obs, catalog, filters)
    assert len(got) == len(expected)
    assert list(got["indicator_id"]) == list(expected["indicator_id"])


def test_csv_bytes_are_utf8_and_formula_safe(bundled_data_dir):
    raw = (_public(bundled_data_dir) / datalinks.LATEST / "observations.csv").read_bytes()
    text = raw.decode("utf-8")
    assert "Kosovo*" in text
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    for col in df.columns:
        if col in ("value", "score", "period"):
            continue
        risky = df[col].str.match(r"^[=+@\t\r]")
        assert not risky.any(), col
