"""The explorer reads only the rows of the chosen economies and period (the filter in the DuckDB query,
ui.data.observations_of) and shows exactly what it showed from all rows filtered in pandas, row count
"n of N rows" included."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from indicators.model.catalog import load_catalog
from indicators.model.explore import Filters
from indicators.model.warehouse import Warehouse
from indicators.views import explorer

CASES = [
    Filters(economy=("SRB",)),
    Filters(economy=("XKX", "ALB"), period=(2020, 2023)),
    Filters(period=(2024, 2024), pillar=("legal",)),
    Filters(economy=("MKD",), confidence=("verified",)),
    Filters(economy=("BIH",), period=(1990, 1991)),  # nothing: the empty view, counted against all rows
]


def _same(a, b) -> None:
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if hasattr(x, "frame"):
            pd.testing.assert_frame_equal(x.frame.reset_index(drop=True), y.frame.reset_index(drop=True))
        elif isinstance(x, pd.DataFrame):
            pd.testing.assert_frame_equal(x.reset_index(drop=True), y.reset_index(drop=True))
        else:
            assert x == y, f.name


@pytest.mark.parametrize("filters", CASES, ids=lambda f: f.describe())
def test_pushed_down_rows_give_the_same_view(bundled_data_dir, filters):
    w = Warehouse(bundled_data_dir)
    try:
        everything = w.observations()
        first, last = filters.period or (None, None)
        narrowed = w.observations(filters.economy or None, first, last)
        sources, datasets = w.table("sources"), w.table("datasets")
    finally:
        w.close()
    assert len(narrowed) <= len(everything)
    if filters.economy or filters.period:
        assert len(narrowed) < len(everything)
    catalog = load_catalog()
    data = explorer.prepare(everything, catalog, sources, datasets)
    full = explorer.build(data, everything, catalog, sources, filters)
    pushed = explorer.build(data, narrowed, catalog, sources, filters, total=len(everything))
    _same(full, pushed)
    assert f"{len(everything):,}" in pushed.row_count_html
