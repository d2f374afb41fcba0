"""AppTest of the explorer's "Link to this data": the pandas snippet on the page, run against the served
public tables of the same build, returns exactly the rows the page shows."""

from __future__ import annotations

import re

from etl.publish import public_dir
from tests.apptest_helpers import run_page
from tests.test_publish import _served


def _codes(at) -> dict[str, str]:
    labels = [c.value for c in at.caption]
    codes = [c.value for c in at.code]
    assert {"pandas", "R", "DuckDB"} <= set(labels)
    return dict(zip(["pandas", "R", "DuckDB"], codes[-3:]))


def test_pandas_snippet_on_the_page_returns_the_rows_shown(bundled_data_dir):
    at = run_page(bundled_data_dir, "explorer", {"economy": "SRB", "sex": "female,male"})
    assert not at.exception
    shown = at.dataframe[0].value
    code = _codes(at)["pandas"]
    assert "df = df[df['economy'].isin(['SRB'])]" in code
    assert "df = df[df['sex'].isin(['female', 'male'])]" in code
    with _served(public_dir(bundled_data_dir)) as base:
        scope: dict = {}
        exec(re.sub(r"https?://[^/']+(?=/app/static/)", base, code), scope)  # noqa: S102
    got = scope["df"]
    assert len(got) == len(shown) > 0
    assert got["economy_name"].tolist() == shown["Economy"].tolist()
    assert got["indicator_name"].tolist() == shown["Indicator"].tolist()
    assert got["period"].tolist() == shown["Period"].tolist()
    assert got["value_label"].fillna("—").astype(str).tolist() == shown["Value"].astype(str).tolist()


def test_the_block_names_the_stable_urls_of_the_latest_and_of_this_build(bundled_data_dir):
    from indicators.model.warehouse import Warehouse

    wh = Warehouse(bundled_data_dir)
    build_id = wh.build_id
    wh.close()
    at = run_page(bundled_data_dir, "explorer", {"pillar": "legal"})
    text = " ".join(m.value for m in at.markdown)
    assert "/app/static/data/latest/observations.csv" in text
    assert f"/app/static/data/builds/{build_id}/observations.csv" in text
    assert "\"pillar\" IN ('legal')" in _codes(at)["DuckDB"]
