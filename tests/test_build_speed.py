"""The build's speed measures that must not change what it builds (issue 25): the Arrow memory pool used
during a build, and (below) the parse cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from etl import anomalies, parse_cache
from etl import build as build_module
from etl import extract as extract_module
from etl.build import arrow_pool, build
from etl.contracts import ValidationFailed
from etl.parse_cache import CACHE_DIR, ParseCache
from indicators.model.paths import CATALOG_DIR
from tests.conftest import ROOT, obs_row, write_dataset


def test_arrow_pool_is_the_system_allocator_during_a_build_and_restored_after(monkeypatch):
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    before = pa.default_memory_pool().backend_name
    with arrow_pool():
        assert pa.default_memory_pool().backend_name == "system"
        with arrow_pool():  # nested (build calls check): still the system pool, then restored
            assert pa.default_memory_pool().backend_name == "system"
        assert pa.default_memory_pool().backend_name == "system"
    assert pa.default_memory_pool().backend_name == before


def test_arrow_pool_respects_the_environment(monkeypatch):
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "mimalloc")
    before = pa.default_memory_pool().backend_name
    with arrow_pool():
        assert pa.default_memory_pool().backend_name == before


# --- the parse cache (etl/parse_cache.py) -------------------------------------------------------------


def _tables(build_path: Path) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(build_path / "cyber.duckdb"), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        return {n: con.sql(f'SELECT * FROM "{n}"').to_arrow_table().to_pandas() for n in names}
    finally:
        con.close()


def _assert_same_warehouse(a: Path, b: Path) -> None:
    ta, tb = _tables(a), _tables(b)
    assert sorted(ta) == sorted(tb)
    for name in ta:
        if name == "survey_cells":
            # not from the cache (survey microdata is read afresh by every build), and its float sums come
            # from DuckDB's parallel aggregation, whose order (and so the last bits) varies from run to run
            pd.testing.assert_frame_equal(ta[name], tb[name], check_exact=False, rtol=1e-12, obj=name)
        else:
            pd.testing.assert_frame_equal(ta[name], tb[name], check_exact=True, obj=name)


def test_bundled_data_built_from_the_cache_equals_a_build_without_it(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "raw", data / "raw")
    fresh = build(data, use_cache=False)
    assert fresh.manifest["parse_cache"] is None
    assert not (data / "builds" / CACHE_DIR).exists()  # --no-cache writes none either
    first = build(data)  # fills the cache
    assert first.manifest["parse_cache"]["reused"] == []
    second = build(data)  # unchanged: every folder without a loader comes from the cache
    reused, parsed = second.manifest["parse_cache"]["reused"], second.manifest["parse_cache"]["parsed"]
    assert parsed == ["raw/demo_hygiene_survey"]  # survey microdata: loaded inside DuckDB, never cached here
    assert len(reused) == len(list((data / "raw").iterdir())) - 1 and "raw/eurostat_isoc_cisci_prv20" in reused
    assert second.manifest["public_key"] == fresh.manifest["public_key"]
    _assert_same_warehouse(fresh.path, second.path)
    assert second.manifest["tables"] == fresh.manifest["tables"]
    assert [i["sha256"] for i in second.manifest["inputs"]] == [i["sha256"] for i in fresh.manifest["inputs"]]


def _demo_b(data_dir: Path, value: str) -> None:
    sidecar = {"sources": [{"id": "demo.s02", "title": "Test source 2", "url": "https://example.org/s2"}]}
    row = obs_row(indicator_id="gci_2024_technical", value=value, source_id="demo.s02")
    write_dataset(data_dir, "demo_b", [row], sidecar=sidecar)


def test_editing_one_file_reads_only_its_folder_again(data_dir):
    write_dataset(data_dir, "demo_a", [obs_row(value="18.5"), obs_row(economy="SRB", value="12.25")])
    _demo_b(data_dir, "10")
    first = build(data_dir)
    assert first.manifest["parse_cache"] == {"reused": [], "parsed": ["raw/demo_a", "raw/demo_b"]}
    _demo_b(data_dir, "11")
    second = build(data_dir)
    assert second.manifest["parse_cache"] == {"reused": ["raw/demo_a"], "parsed": ["raw/demo_b"]}
    obs = _tables(second.path)["observations"]
    assert obs.set_index("indicator_id").loc["gci_2024_technical", "value"] == 11.0
    _assert_same_warehouse(second.path, build(data_dir, use_cache=False).path)


def test_a_problem_in_a_cached_folder_is_reported_as_without_the_cache(data_dir):
    write_dataset(data_dir, "demo_a", [obs_row(value="18.5")])
    _demo_b(data_dir, "10")
    build(data_dir)
    _demo_b(data_dir, "ten")
    messages = []
    for use_cache in (True, True, False):  # twice with the cache: a folder with a problem is never kept
        with pytest.raises(ValidationFailed) as err:
            build(data_dir, use_cache=use_cache)
        messages.append([str(p) for p in err.value.problems])
    assert messages[0] == messages[1] == messages[2] and any("demo_b.csv:2:value" in m for m in messages[0])


def test_a_cached_result_depends_on_the_catalog_the_code_and_the_folder(tmp_path, monkeypatch):
    catalog_dir = tmp_path / "indicators" / "catalog"
    shutil.copytree(CATALOG_DIR, catalog_dir)
    data = tmp_path / "data"
    folder = write_dataset(data, "demo_a", [obs_row()])
    key = ParseCache(data, catalog_dir).folder_key(folder)
    assert ParseCache(data, catalog_dir).folder_key(folder) == key  # stable
    first = sorted(catalog_dir.glob("*.yaml"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert ParseCache(data, catalog_dir).folder_key(folder) not in (None, key)  # the catalog
    after_catalog = ParseCache(data, catalog_dir).folder_key(folder)
    (folder / ".hidden").write_text("x", encoding="utf-8")
    assert ParseCache(data, catalog_dir).folder_key(folder) != after_catalog  # any file of the folder
    monkeypatch.setattr(parse_cache, "code_digest", lambda: "other code")
    assert ParseCache(data, catalog_dir).folder_key(folder) != after_catalog  # the code
    cache = ParseCache(data, catalog_dir)
    (cache.dir).mkdir(parents=True)
    (cache.dir / "raw-demo_a.pkl").write_bytes(b"not a pickle")
    assert cache.get(folder) is None  # an unreadable entry is a miss


def test_a_sidecar_is_kept_parsed_and_checked_and_read_again_when_it_changes(data_dir):
    folder = write_dataset(data_dir, "demo_a", [obs_row(value="18.5")])
    build(data_dir)
    cache = ParseCache(data_dir, CATALOG_DIR)
    meta = cache.get_sidecar(folder / "source.yaml", "raw/demo_a/source.yaml")
    assert meta["dataset"] == "demo_a" and meta["as_of"] == "2026-01-01" and "_sidecar" not in meta
    assert cache.get_sidecar(folder / "source.yaml", "raw/demo_a/source.yaml") is not meta  # a new copy each time
    write_dataset(data_dir, "demo_a", [obs_row(value="18.5")], sidecar={"licence": " "})
    assert ParseCache(data_dir, CATALOG_DIR).get_sidecar(folder / "source.yaml", "raw/demo_a/source.yaml") is None
    with pytest.raises(ValidationFailed) as err:
        build(data_dir)
    assert [str(p) for p in err.value.problems] == [
        "raw/demo_a/source.yaml:0:licence: must name the licence (text, not blank)"
    ]


def test_the_entries_of_a_removed_dataset_folder_are_removed(data_dir):
    write_dataset(data_dir, "demo_a", [obs_row(value="18.5")])
    _demo_b(data_dir, "10")
    build(data_dir)
    entries = data_dir / "builds" / CACHE_DIR
    assert sorted(p.name for p in entries.glob("*.pkl")) == [
        "_catalog.pkl",
        "raw-demo_a.pkl",
        "raw-demo_b.pkl",
        "sidecar-demo_a.pkl",
        "sidecar-demo_b.pkl",
    ]
    shutil.rmtree(data_dir / "raw" / "demo_b")
    build(data_dir)
    assert sorted(p.name for p in entries.glob("*.pkl")) == ["_catalog.pkl", "raw-demo_a.pkl", "sidecar-demo_a.pkl"]


def test_the_command_line_build_exits_with_its_code_and_complete_output(tmp_path):
    # etl/__main__.py ends the process without Python's module teardown: the output, the exit codes and the
    # files written must be those of an ordinary exit, with nothing else on stderr
    import json
    import subprocess
    import sys

    data = tmp_path / "data"
    write_dataset(data, "demo", [obs_row(value="18.5"), obs_row(economy="SRB", value="12.25")])
    run = subprocess.run(
        [sys.executable, "-m", "etl", "--data-dir", str(data), "build"], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0 and run.stderr == "", run.stderr
    assert run.stdout.startswith("Built warehouse ") and "observations: 2 " in run.stdout
    assert run.stdout.rstrip().splitlines()[-1].startswith("  tables: economies 6, ")
    manifest = json.loads((data / "warehouse" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["observations"] == 2
    write_dataset(data, "demo", [obs_row(value="not a number")])
    bad = subprocess.run(
        [sys.executable, "-m", "etl", "--data-dir", str(data), "build"], cwd=ROOT, capture_output=True, text=True
    )
    assert bad.returncode == 2 and "problem(s) found; nothing was loaded" in bad.stderr
    assert bad.stderr.rstrip().endswith("The previous warehouse was left unchanged.")


def _in_transaction_parquet(tables: dict[str, pd.DataFrame], folder: Path) -> None:
    """The former write: each table's Parquet ``COPY`` inside the transaction that creates it."""
    con = duckdb.connect(str(folder / "reference.duckdb"))
    con.execute("BEGIN TRANSACTION")
    for name, frame in tables.items():
        con.register("frame_in", frame)
        con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM frame_in')
        con.unregister("frame_in")
        con.execute(f"COPY \"{name}\" TO '{folder / (name + '.parquet')}' (FORMAT parquet)")
    con.execute("COMMIT")
    con.close()


def test_the_parquet_copies_made_after_the_commit_on_two_connections_are_the_same_bytes(tmp_path):
    """etl.build._write copies the committed tables to Parquet on two connections at once: the files are byte for
    byte a COPY inside the creating transaction (columns without a missing value included: DuckDB marks them
    required from the table's statistics), and the database holds every table and row."""
    tables = {
        "big": pd.DataFrame({"k": [f"k{i % 97}" for i in range(5000)], "v": [i / 7 for i in range(5000)]}),
        "with_missing": pd.DataFrame(
            {"a": ["x", None, "z"], "b": [1.5, float("nan"), 2.0], "n": pd.array([1, None, 3], dtype="Int64")}
        ),
        "no_missing": pd.DataFrame({"a": ["x", "y", "z"], "flag": [True, False, True], "i": [1, 2, 3]}),
        "empty": pd.DataFrame({"a": pd.Series([], dtype="str"), "v": pd.Series([], dtype="float64")}),
        "one_row": pd.DataFrame({"text": ['quote " and, comma'], "year": [2024]}),
    }
    target = tmp_path / "build"
    counts = build_module._write(tables, target)
    assert counts == {name: len(frame) for name, frame in tables.items()}
    reference = tmp_path / "reference"
    reference.mkdir()
    _in_transaction_parquet(tables, reference)
    for name in tables:
        assert (target / "parquet" / f"{name}.parquet").read_bytes() == (reference / f"{name}.parquet").read_bytes()
    con = duckdb.connect(str(target / "cyber.duckdb"), read_only=True)
    try:
        for name, frame in tables.items():
            assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == len(frame)
    finally:
        con.close()
    assert sorted(sum(build_module._halves(tables), [])) == sorted(tables)


def test_a_failing_parquet_copy_fails_the_write(tmp_path, monkeypatch):
    """An error on the second connection reaches the build (which then removes its temporary folder)."""
    real = build_module._copy_parquet
    calls = []

    def failing(cursor, names, target):  # the half holding table "a" fails, whichever thread runs it
        calls.append(names)
        if "a" in names:
            raise OSError("disk full")
        real(cursor, names, target)

    monkeypatch.setattr(build_module, "_copy_parquet", failing)
    frames = {"a": pd.DataFrame({"x": [1, 2]}), "b": pd.DataFrame({"y": ["p", "q"]})}
    with pytest.raises(OSError, match="disk full"):
        build_module._write(frames, tmp_path / "build")
    assert len(calls) == 2  # the other half ran to its end before the error was raised


def _anomalies_as_before(meta: dict, observations: pd.DataFrame | None) -> pd.DataFrame | None:
    """etl.anomalies.apply_anomalies as it was until the sixth round (every step through ``.loc``)."""
    if observations is None or not len(observations):
        return observations
    obs = observations.copy()
    obs["anomaly"] = obs["anomaly"].astype(object) if "anomaly" in obs else None
    for economy, period, ids, note in anomalies.sidecar_anomalies(meta):
        hit = (obs["economy"] == economy) & (obs["period"] == period)
        if ids is not None:
            hit &= obs["indicator_id"].isin(ids)
        obs.loc[hit, "anomaly"] = note
    flagged = obs["anomaly"].notna() & (obs["anomaly"].astype(str).str.strip() != "")
    obs.loc[~flagged, "anomaly"] = None
    obs.loc[flagged, "score"] = None
    return obs


def _assert_same_flags(meta: dict, obs: pd.DataFrame | None) -> None:
    before = _anomalies_as_before(meta, None if obs is None else obs.copy())
    now = anomalies.apply_anomalies(meta, None if obs is None else obs.copy())
    if before is None:
        assert now is None
        return
    pd.testing.assert_frame_equal(now, before, check_exact=True)
    if len(now):
        assert [type(v) for v in now["anomaly"]] == [type(v) for v in before["anomaly"]]  # None, not NaN


def test_the_anomaly_flags_of_every_bundled_folder_are_as_before(monkeypatch):
    """apply_anomalies on what each bundled adapter gives equals the former ``.loc`` version, frame for frame."""
    seen = []
    real = extract_module.apply_anomalies

    def recording(meta, observations):
        seen.append((meta, None if observations is None else observations.copy()))
        return real(meta, observations)

    monkeypatch.setattr(extract_module, "apply_anomalies", recording)
    with arrow_pool():
        build_module.check([ROOT / "data" / "raw"], cache=None)
    assert len(seen) >= 15 and any(anomalies.sidecar_anomalies(meta) for meta, _ in seen)
    for meta, obs in seen:
        _assert_same_flags(meta, obs)


@pytest.mark.parametrize(
    "score",
    [
        [90.0, 91.0, 10.0, 40.0, 50.0],
        pd.array([90, 91, 10, 40, None], dtype="Int64"),
        [90, 91, 10, 40, 50],
        [90.0, None, "x", 40.0, 50.0],
        None,
    ],
)
@pytest.mark.parametrize(
    "own",
    [
        None,
        ["", "  ", None, "inconsistent", float("nan")],
        pd.array([None, " x ", "", None, "y"], dtype="str"),
        pd.array([None, "", None, None, None], dtype="string"),
        [None, None, None, None, None],
    ],
)
def test_the_anomaly_flags_are_as_before_for_any_score_and_own_column(score, own):
    meta = {
        "series": [
            {"indicator_id": "i_maps", "indic_is": "I_MAPS"},
            {"indicator_id": "i_maps_women", "indic_is": "I_MAPS"},
        ],
        "anomalies": [
            {"geo": "AL", "period": 2020, "indic_is": ["I_MAPS"], "note": "inconsistent  parts"},
            {"geo": "RS", "period": 2020, "note": "whole year"},
        ],
    }
    obs = pd.DataFrame(
        {
            "economy": ["ALB", "ALB", "ALB", "ALB", "SRB"],
            "indicator_id": ["i_maps", "i_maps_women", "e_other", "i_maps", "i_maps"],
            "period": [2020, 2020, 2020, 2023, 2020],
        },
        index=[7, 3, 5, 1, 9],
    )
    if score is not None:
        obs["score"] = score
    if own is not None:
        obs["anomaly"] = own
    _assert_same_flags(meta, obs)
    _assert_same_flags({}, obs)
    _assert_same_flags(meta, obs.iloc[:0])
    _assert_same_flags(meta, None)
