"""AppTest of the economy profile page for all six economies and for bad URL parameters."""

from __future__ import annotations

import re

import pytest

from indicators.model.economies import ECONOMY_CODES, KOSOVO_FOOTNOTE, display_name
from tests.apptest_helpers import all_text, plotly_figures, run_page


@pytest.mark.parametrize("code", ECONOMY_CODES)
def test_profile_for_each_economy(bundled_data_dir, code):
    at = run_page(bundled_data_dir, "profile", {"economy": code})
    assert not at.exception
    assert at.title[0].value == f"Economy profile: {display_name(code)}"
    figs = plotly_figures(at)
    radar = figs[0]
    names = [t["name"] for t in radar["data"]]
    # the legend carries the average's n (issue 20; this test asserted a bare "WB6 average")
    assert names[1] == display_name(code) and re.match(r"^WB6 average \(average of \d(-\d)?\)$", names[0])
    r = radar["data"][1]["r"]
    assert len(r) == 7 and r[0] == r[-1]
    assert all(v is None or 0 <= v <= 100 for v in r)
    gap = at.dataframe[1].value
    assert len(gap) >= 10 and "Priority" in gap.columns
    pillars = at.dataframe[0].value
    assert list(pillars.columns) == ["Pillar", "Score (0-100), coverage", "Rank (band)", "WB6 average"]
    assert all(v.startswith(("none (only", "")) for v in pillars["WB6 average"])
    assert all(("average of" in v) or v.startswith("none (only") for v in pillars["WB6 average"])
    text = all_text(at)
    assert "Key facts" in text
    assert KOSOVO_FOOTNOTE in text  # the footer carries it on every page
    assert (
        at.query_params["economy"] == [code]
        if isinstance(at.query_params["economy"], list)
        else at.query_params["economy"] == code
    )


def test_kosovo_profile_shows_not_covered_and_no_data(bundled_data_dir):
    at = run_page(bundled_data_dir, "profile", {"economy": "XKX"})
    text = all_text(at).replace("\\", "")  # data text is markdown-escaped
    assert "not covered" in text and "Kosovo* is not an ITU Member State" in text
    radar = plotly_figures(at)[0]
    theta = radar["data"][1]["theta"]
    # the ITU GCI does not cover Kosovo*: said as such, never "no data" (issue 20); a CSIRT fact is no score
    assert "Technical<br>(not covered by<br>the ITU GCI)" in theta
    idx = theta.index("Technical<br>(not covered by<br>the ITU GCI)")
    assert radar["data"][1]["r"][idx] is None  # not covered is a gap, never 0
    pillars = at.dataframe[0].value.set_index("Pillar")
    assert pillars.loc["Technical", "Score (0-100), coverage"].startswith("not covered by the ITU GCI (0 of ")
    assert "Technical (no data" not in text
    assert pillars.loc["Technical", "Rank (band)"] == "—"  # facts alone never rank Kosovo*
    status = at.dataframe[2].value.set_index("Fact")
    assert status.loc["National CSIRT", "Status"] == "in place"
    assert "of 8 in place" in text or " in place" in text


def test_bih_shows_conflicting_gci_values(bundled_data_dir):
    at = run_page(bundled_data_dir, "profile", {"economy": "BIH"})
    text = all_text(at).replace("\\", "")
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


def test_albania_sources_name_only_the_editions_the_scores_use(bundled_data_dir):
    """Issue 12: the latest scores use GCI 2024 only, so the sources line under the radar names no GCI 2020."""
    at = run_page(bundled_data_dir, "profile", {"economy": "ALB"})
    line = next(c.value for c in at.caption if c.value.startswith("Sources:"))
    assert "itu_gci_pillars.s02" in line and "itu_gci_pillars.s01" not in line  # GCI 2024, not GCI 2020
    at20 = run_page(bundled_data_dir, "profile", {"economy": "ALB", "period": "2020"})
    line20 = next(c.value for c in at20.caption if c.value.startswith("Sources:"))
    assert "itu_gci_pillars.s01" in line20 and "itu_gci_pillars.s02" not in line20


def test_profile_gap_table_is_compact_by_default_and_brief_is_offered(bundled_data_dir):
    at = run_page(bundled_data_dir, "profile", {"economy": "SRB"})
    assert not at.exception
    assert at.toggle(key="profile_gap_all").value is False
    labels = [b.label for b in at.get("download_button")]
    assert "Country brief (PDF, A4)" in labels and "Country brief (PNG image)" in labels
    headers = [h.value for h in at.header]
    assert "Strengths and gaps" in headers and "Country brief" in headers
