"""AppTest of the economy profile page for all six economies and for bad URL parameters."""
from __future__ import annotations

import pytest

from indicators.economies import ECONOMY_CODES, KOSOVO_FOOTNOTE, display_name
from tests.apptest_helpers import all_text, plotly_figures, run_page


@pytest.mark.parametrize("code", ECONOMY_CODES)
def test_profile_for_each_economy(bundled_data_dir, code):
    at = run_page(bundled_data_dir, "profile", {"economy": code})
    assert not at.exception
    assert at.title[0].value == f"Economy profile: {display_name(code)}"
    figs = plotly_figures(at)
    radar = figs[0]
    names = [t["name"] for t in radar["data"]]
    assert names == ["WB6 average", display_name(code)]
    r = radar["data"][1]["r"]
    assert len(r) == 7 and r[0] == r[-1]
    assert all(v is None or 0 <= v <= 100 for v in r)
    gap = at.dataframe[1].value
    assert len(gap) >= 10 and "Priority" in gap.columns
    text = all_text(at)
    assert "Key facts" in text
    assert KOSOVO_FOOTNOTE in text  # the footer carries it on every page
    assert at.query_params["economy"] == [code] if isinstance(at.query_params["economy"], list) else at.query_params["economy"] == code


def test_kosovo_profile_shows_not_covered_and_no_data(bundled_data_dir):
    at = run_page(bundled_data_dir, "profile", {"economy": "XKX"})
    text = all_text(at)
    assert "not covered" in text and "Kosovo* is not an ITU Member State" in text
    radar = plotly_figures(at)[0]
    theta = radar["data"][1]["theta"]
    assert "Cooperation<br>(no data)" in theta
    idx = theta.index("Cooperation<br>(no data)")
    assert radar["data"][1]["r"][idx] is None  # no data is a gap, never 0
    pillars = at.dataframe[0].value.set_index("Pillar")
    assert pillars.loc["Cooperation", "Coverage"] == "no data"


def test_bih_shows_conflicting_gci_values(bundled_data_dir):
    at = run_page(bundled_data_dir, "profile", {"economy": "BIH"})
    text = all_text(at)
    assert "33.76" in text and "Another source gives" in text and "33.61" in text


@pytest.mark.parametrize("bad", ["ZZZ", "<script>alert(1)</script>", "x" * 5000, "ALB%00", ""])
def test_bad_economy_parameter_gives_message_and_default(bundled_data_dir, bad):
    at = run_page(bundled_data_dir, "profile", {"economy": bad})
    assert not at.exception
    assert at.title[0].value == "Economy profile: Albania"
    if bad:
        assert any("Unknown economy code" in i.value for i in at.info)


def test_period_2020_uses_gci_2020(bundled_data_dir):
    at = run_page(bundled_data_dir, "profile", {"economy": "MNE", "period": "2020"})
    gap = at.dataframe[1].value
    assert any("GCI 2020" in s for s in gap["Indicator"]) and not any("GCI 2024" in s for s in gap["Indicator"])
