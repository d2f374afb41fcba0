"""The filtered read (economy and period in the DuckDB query): exactly the rows of the unfiltered read
filtered in pandas, with the same columns, dtypes and order."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.model.warehouse import Warehouse

CASES = [
    {"economies": ["SRB"]},
    {"economies": ["XKX", "ALB"]},
    {"economies": ["MNE"], "first": 2020},
    {"last": 2020},
    {"first": 2019, "last": 2022},
    {"economies": ["BIH", "MKD"], "first": 2015, "last": 2023},
    {"economies": []},
    {"economies": ["SRB"], "first": 2030},  # no rows: an empty frame with the same columns and dtypes
]


@pytest.fixture(scope="module")
def wh(bundled_data_dir):
    wh = Warehouse(bundled_data_dir)
    yield wh
    wh.close()


@pytest.fixture(scope="module")
def everything(wh):
    return wh.observations()


@pytest.mark.parametrize("case", CASES, ids=lambda c: ",".join(f"{k}={v}" for k, v in c.items()))
def test_the_filtered_read_is_the_unfiltered_read_filtered_in_pandas(wh, everything, case):
    got = wh.observations(**case)
    keep = pd.Series(True, index=everything.index)
    if case.get("economies") is not None:
        keep &= everything["economy"].isin(case["economies"])
    if "first" in case:
        keep &= everything["period"] >= case["first"]
    if "last" in case:
        keep &= everything["period"] <= case["last"]
    expected = everything[keep].reset_index(drop=True)
    assert len(got) == int(keep.sum())
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


def test_the_cases_cover_rows_kept_and_rows_left_out(everything):
    assert 0 < (everything["economy"] == "SRB").sum() < len(everything)
    assert everything["period"].min() < 2019 and everything["period"].max() > 2022
    # ties of the order (same indicator, economy and period from several sources) exist, so the order of
    # the filtered read is checked on rows where it could differ
    assert everything.duplicated(["indicator_id", "economy", "period"]).any()


def test_text_columns_are_text_even_when_every_value_is_missing(wh):
    got = wh.observations(economies=["SRB"], first=2030)
    assert got.empty
    for col in ("economy", "flag", "anomaly", "value_text", "note"):
        assert got[col].dtype == "str", col
