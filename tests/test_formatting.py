"""Values with their scale (indicators/text/formatting.py): one place for "12.08 / 20" and friends."""

from __future__ import annotations

import math

from indicators.model.catalog import Indicator
from indicators.text.formatting import (
    format_number,
    gap_with_scale,
    indicator_value,
    scale_from_unit,
    score_with_scale,
    value_with_scale,
)


def ind(**kw) -> Indicator:
    base = dict(
        id="x",
        name="X",
        description="",
        family="f",
        pillar="legal",
        unit="points (0-20)",
        direction="higher_is_better",
        sources=("s",),
        min=0.0,
        max=20.0,
    )
    base.update(kw)
    return Indicator(**base)


def test_numbers_keep_at_most_the_decimals_asked_and_drop_trailing_zeros():
    assert format_number(12.08) == "12.08"
    assert format_number(86.50) == "86.5"
    assert format_number(41.0) == "41"
    assert format_number(1234.5) == "1,234.5"
    assert format_number(-0.001) == "0"


def test_scale_values_from_catalog_scale_or_unit_text():
    assert value_with_scale(12.08, "points (0-20)") == "12.08 / 20"
    assert value_with_scale(12.08, scale_min=0, scale_max=20) == "12.08 / 20"
    assert value_with_scale(86.5, "score (0-100)") == "86.5 / 100"
    assert value_with_scale(0.652, "score (0-1)") == "0.652 / 1"
    assert value_with_scale(3.5, "points (1-7)") == "3.5 (scale 1 to 7)"
    assert score_with_scale(86.54) == "86.5 / 100"
    assert scale_from_unit("points (0-5)") == (0.0, 5.0) and scale_from_unit("% of respondents") is None


def test_percentages_points_ranks_and_years_read_as_words():
    assert value_with_scale(41, "% of women active online") == "41 % of women active online"
    assert value_with_scale(41.04, "% of respondents", scale_min=0, scale_max=100) == "41 % of respondents"
    assert value_with_scale(3.2, "percentage points (women minus men)") == "+3.2 percentage points (women minus men)"
    assert value_with_scale(-1.5, "percentage points") == "-1.5 percentage points"
    assert value_with_scale(12, "rank") == "rank 12"
    assert value_with_scale(2019.0, "year") == "2019"


def test_missing_is_never_zero():
    assert value_with_scale(None, "points (0-20)") == "no data"
    assert value_with_scale(math.nan, "points (0-20)") == "no data"
    assert score_with_scale(None, missing="—") == "—"
    assert gap_with_scale(None) == "no data"
    assert gap_with_scale(0) == "at the WB6 best"
    assert gap_with_scale(31.24) == "31.2 points (of 100) behind the best"


def test_indicator_value_uses_the_catalog_and_status_labels():
    assert indicator_value(ind(), 12.08) == "12.08 / 20"
    assert indicator_value(ind(), None, status="not_covered") == "not covered by the source"
    cat = ind(
        unit="status",
        min=None,
        max=None,
        categories={"party": 100.0, "none": 0.0},
        category_labels={"party": "Party to the convention"},
    )
    assert indicator_value(cat, value_text="party") == "Party to the convention"
    assert indicator_value(cat, value_text=None) == "no data"


def test_pandas_missing_markers_are_missing_too():
    import pandas as pd

    assert value_with_scale(pd.NA, "points (0-20)") == "no data"
    assert score_with_scale(pd.NA) == "no data"


def test_numbers_take_the_languages_separators_and_years_none():
    from indicators.text.formatting import format_number, value_with_scale
    from indicators.text.i18n import set_language

    try:
        set_language("sr_Latn")
        assert format_number(1234.5) == "1.234,5" and value_with_scale(12.08, "points (0-20)") == "12,08 / 20"
        set_language("sq")
        assert format_number(1234.5) == "1\xa0234,5"
        # a year on a year scale, whatever its (translated) unit says: never "2,019 (scale 2,010 to 2,030)"
        assert value_with_scale(2019, "vit", scale_min=2010, scale_max=2030) == "2019"
    finally:
        set_language("en")
    assert format_number(1234.5) == "1,234.5" and format_number(-0.001) == "0"
