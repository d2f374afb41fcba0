"""A missing, partial or corrupt warehouse never shows a traceback; the last good build keeps serving;
one page run reads one build; builds are serialised; every build is archived for comparisons."""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl.build import ARCHIVE, BuildBusy, archived_builds, build, build_lock
from indicators.model.warehouse import Warehouse, WarehouseMissing, complete_builds, open_last_good
from tests.apptest_helpers import all_text, run_page
from tests.conftest import obs_row, write_dataset


def small_data(d: Path, value: str = "18.5") -> Path:
    write_dataset(d, "demo", [obs_row(value=value), obs_row(economy="SRB", value="3")])
    return d


@pytest.fixture(scope="module")
def two_builds_once(tmp_path_factory) -> Path:
    d = small_data(tmp_path_factory.mktemp("two_builds") / "data")
    build(d)
    time.sleep(0.01)
    small_data(d, value="19.5")
    build(d)
    return d


@pytest.fixture
def two_builds(two_builds_once, tmp_path) -> Path:
    """Two builds of small data, the second current: a copy of the module's (links are relative), so a test may
    damage its own."""
    d = tmp_path / "data"
    shutil.copytree(two_builds_once, d, symlinks=True)
    return d


def newest(d: Path) -> Path:
    return complete_builds(d)[0]


# ---------------------------------------------------------------- the library


def test_every_build_is_archived_with_its_manifest_and_observations(two_builds):
    archived = archived_builds(two_builds)
    assert len(archived) == 2
    for item in archived:
        folder = Path(item["path"])
        assert folder.parent == two_builds / "builds" / ARCHIVE and folder.name == item["build_id"]
        assert (folder / "parquet" / "observations.parquet").is_file()
    import pandas as pd

    values = [sorted(pd.read_parquet(Path(a["path"]) / "parquet" / "observations.parquet")["value"]) for a in archived]
    assert values == [[3.0, 18.5], [3.0, 19.5]]


@pytest.mark.parametrize(
    "damage,reason,served",
    [
        (lambda d, b: (d / "warehouse").unlink(), "no warehouse has been built yet", [3.0, 19.5]),  # newest intact
        (lambda d, b: shutil.rmtree(b), "no warehouse has been built yet", [3.0, 18.5]),
        (
            lambda d, b: (b / "cyber.duckdb").write_bytes((b / "cyber.duckdb").read_bytes()[:5000]),
            "is damaged \\(cyber.duckdb differs from its manifest\\)",
            [3.0, 18.5],
        ),
        (lambda d, b: (b / "manifest.json").write_text("{", encoding="utf-8"), "no readable manifest", [3.0, 18.5]),
    ],
)
def test_a_broken_current_build_falls_back_to_the_last_good_one(two_builds, damage, reason, served):
    damage(two_builds, newest(two_builds))
    with pytest.raises(WarehouseMissing, match=reason):
        Warehouse(two_builds)
    wh, notice = open_last_good(two_builds)
    try:
        assert re.search(reason, notice) and wh.build_id in notice
        assert sorted(wh.table("observations")["value"]) == served
    finally:
        wh.close()


def test_no_build_at_all_is_a_short_message(tmp_path):
    with pytest.raises(WarehouseMissing, match=r"python -m etl build"):
        open_last_good(tmp_path / "data")


def test_a_second_build_waits_for_the_first(tmp_path):
    d = small_data(tmp_path / "data")
    waited = []
    with build_lock(d):
        with pytest.raises(BuildBusy), build_lock(d, timeout=0, on_wait=waited.append):
            pass
        assert waited == [str(os.getpid())]
        result = {}
        t = threading.Thread(target=lambda: result.setdefault("r", build(d, on_wait=waited.append)))
        t.start()
        time.sleep(0.5)
        assert t.is_alive() and not (d / "warehouse").exists()  # waiting on the lock
    t.join(60)
    assert result["r"].build_id and (d / "warehouse").exists()


def test_cli_build_says_that_another_build_is_running(tmp_path, capsys, monkeypatch):
    import etl.build as b
    from etl.cli import main

    d = small_data(tmp_path / "data")
    monkeypatch.setattr(b, "LOCK_TIMEOUT_S", 0.3)
    with build_lock(d):
        code = main(["--data-dir", str(d), "build"])
    err = capsys.readouterr().err
    assert code == 1 and "Another build" in err and "waiting" in err and "previous warehouse was left unchanged" in err


# ---------------------------------------------------------------- the pages


def _script():
    import streamlit as st

    from etl.build import build as rebuild
    from ui import data

    pin = data.pin_build()
    first = data.table("sources")
    rebuild()  # the link moves to a new build in the middle of the run
    obs = data.observations()
    st.write(f"pinned={pin.build_id}")
    st.write(f"warehouse={data.warehouse().build_id}")
    st.write(f"values={sorted(obs['value'].tolist())}")
    st.write(f"sources={len(first)}")


def test_one_run_reads_one_build_even_when_a_build_lands_mid_run(two_builds, monkeypatch):
    monkeypatch.setenv("CYBER_DATA_DIR", str(two_builds))
    before = json.loads((two_builds / "warehouse" / "manifest.json").read_text())["build_id"]
    at = AppTest.from_function(_script, default_timeout=60).run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert f"pinned={before}" in text and f"warehouse={before}" in text
    assert "values=[3.0, 19.5]" in text
    after = json.loads((two_builds / "warehouse" / "manifest.json").read_text())["build_id"]
    assert after != before
    at.run()  # the next run pins the new build
    assert f"pinned={after}" in "\n".join(m.value for m in at.markdown)


def _no_traceback(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert "Traceback" not in all_text(at)


@pytest.fixture
def served(bundled_data_dir, tmp_path):
    """A private copy of the built bundled data (two builds: the second is the current one)."""
    d = tmp_path / "data"
    shutil.copytree(bundled_data_dir, d, symlinks=True)
    return d


def test_pages_keep_serving_the_last_good_build_when_the_current_one_is_deleted(served):
    good = complete_builds(served)[0]
    copy = served / "builds" / ("99999999T000000000000Z-broken")
    shutil.copytree(good, copy)
    (served / "warehouse").unlink()
    os.symlink(Path("builds") / copy.name, served / "warehouse")
    (copy / "cyber.duckdb").write_bytes(b"not a database")
    at = run_page(served, "overview")
    _no_traceback(at)
    assert any("last good build" in w.value for w in at.warning)
    assert at.get("plotly_chart") or at.get("deck_gl_json_chart") or at.dataframe


def test_no_usable_warehouse_shows_a_short_message_not_a_traceback(served):
    shutil.rmtree(served / "builds")
    os.utime(next((served / "raw").glob("*/source.yaml")), None)
    (served / "raw" / "csirts" / "source.yaml").write_text("dataset: [broken\n", encoding="utf-8")
    at = run_page(served, "overview")
    _no_traceback(at)
    assert at.error and "python -m etl check data/raw" in at.error[0].value
    assert str(served) not in all_text(at)


def test_read_only_data_folder_keeps_the_existing_warehouse_with_a_notice(served, monkeypatch):
    import ui.data as data

    def cannot_write(*_a, **_k):
        raise PermissionError(13, "Permission denied", str(served / "builds"))

    monkeypatch.setattr(data, "build", cannot_write)
    data._startup_build.clear()
    time.sleep(0.01)
    os.utime(served / "raw" / "csirts" / "csirts.csv", None)  # the data changed since the build
    at = run_page(served, "overview")
    _no_traceback(at)
    assert any("could not be rebuilt" in w.value and "PermissionError" in w.value for w in at.warning)
    assert not at.error
