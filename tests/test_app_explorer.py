"""AppTest of the data explorer: URL filters, the table on screen, bad URL parameters, demonstration
data, and the sources line linking to the methodology page."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from indicators.method.scoring import STATUS_LABELS
from indicators.model.economies import KOSOVO_FOOTNOTE
from indicators.model.explore import Filters
from indicators.model.export import export_table
from tests.apptest_helpers import all_text, run_page
from tests.conftest import ROOT, obs_row, write_dataset


def row_count(at) -> int:
    text = next(m.value for m in at.markdown if "explorer-row-count" in m.value)
    return int(text.split("<b>")[1].split("</b>")[0].replace(",", ""))


def test_explorer_shows_everything_by_default(bundled_data_dir, bundled_obs):
    at = run_page(bundled_data_dir, "explorer")
    assert not at.exception
    assert at.title[0].value == "Data explorer and downloads"
    shown = at.dataframe[0].value
    # synthetic rows are left out unless asked (issue 22): the checkbox / demo=1 brings them in
    real = bundled_obs[bundled_obs["confidence"] != "synthetic"]
    assert row_count(at) == len(shown) == len(real) < len(bundled_obs)
    assert "synthetic" not in set(shown["Confidence"])
    everything = run_page(bundled_data_dir, "explorer", {"demo": "1"})
    assert row_count(everything) == len(bundled_obs) and everything.checkbox(key="explorer_demo").value
    required = ["Economy", "Indicator", "Period", "Value", "Unit", "Status", "Confidence", "Source", "Preferred"]
    assert [c for c in shown.columns if c in required] == required
    assert KOSOVO_FOOTNOTE in all_text(at)
    assert len(at.get("download_button")) == 3
    assert dict(at.query_params) == {}


def test_url_filters_select_rows_and_stay_in_the_url(bundled_data_dir, bundled_obs, catalog):
    at = run_page(bundled_data_dir, "explorer", {"economy": "SRB,XK", "pillar": "legal", "period": "2015-2024"})
    assert not at.exception and not at.info
    expected = export_table(
        bundled_obs, catalog, Filters(economy=("SRB", "XKX"), pillar=("legal",), period=(2015, 2024))
    )
    shown = at.dataframe[0].value
    assert row_count(at) == len(shown) == len(expected) > 0
    assert shown["Economy"].tolist() == expected["economy_name"].tolist()
    assert shown["Indicator"].tolist() == expected["indicator_name"].tolist()
    assert shown["Value"].tolist() == expected["value_label"].fillna("—").tolist()
    assert shown["Status"].tolist() == [STATUS_LABELS[s] for s in expected["status"]]
    assert "Kosovo*" in set(shown["Economy"]) and KOSOVO_FOOTNOTE in [c.value for c in at.caption]
    assert at.query_params["economy"] == "SRB,XKX"  # canonical codes written back
    assert at.query_params["pillar"] == "legal" and at.query_params["period"] == "2015-2024"
    assert at.multiselect(key="explorer_economy").value == ["SRB", "XKX"]
    # missing values are shown as missing, with their reason, never as zero
    missing = shown[shown["Status"] != "observed"]
    assert len(missing) and set(missing["Value"]) == {"—"}


def test_widgets_filter_the_table_and_write_the_url(bundled_data_dir, bundled_obs):
    at = run_page(bundled_data_dir, "explorer", {"economy": "BIH"})
    at.multiselect(key="explorer_confidence").select("verified").run()
    assert not at.exception
    want = bundled_obs[(bundled_obs["economy"] == "BIH") & (bundled_obs["confidence"] == "verified")]
    assert row_count(at) == len(want)
    assert at.query_params["confidence"] == "verified" and at.query_params["economy"] == "BIH"
    at.button(key="explorer_reset").click().run()
    assert row_count(at) == int((bundled_obs["confidence"] != "synthetic").sum())  # synthetic only when asked
    assert "economy" not in at.query_params and "confidence" not in at.query_params


@pytest.mark.parametrize(
    "params,needle",
    [
        ({"economy": "ZZZ"}, "Unknown economy"),
        ({"pillar": "<script>alert(1)</script>"}, "Unknown pillar"),
        ({"period": "x" * 3000}, "Unusable period"),
        ({"period": "1900-1901"}, "No data in the period"),
        ({"status": "missing", "confidence": "sure", "indicator": "nope"}, "Unknown status"),
    ],
)
def test_bad_url_parameters_give_a_message_and_the_default(bundled_data_dir, bundled_obs, params, needle):
    at = run_page(bundled_data_dir, "explorer", params)
    assert not at.exception
    assert any(needle in i.value for i in at.info), [i.value for i in at.info]
    assert all("<script>" not in i.value for i in at.info)
    assert row_count(at) == int((bundled_obs["confidence"] != "synthetic").sum())  # dropped, not guessed


def test_no_rows_is_a_message_not_an_error(bundled_data_dir):
    at = run_page(bundled_data_dir, "explorer", {"economy": "XKX", "status": "suppressed"})
    assert not at.exception
    assert row_count(at) == 0 and any("No rows match" in w.value for w in at.warning)


def test_sources_line_links_each_source_to_the_methodology_page(bundled_data_dir):
    at = run_page(bundled_data_dir, "explorer", {"indicator": "gci_2024_overall", "economy": "BIH"})
    line = next(c.value for c in at.caption if c.value.startswith("Sources:"))
    # one link per source: its title links to the original (named for it, issue 15; no second link, issue 22)
    assert " ↗](https://" in line and "[↗]" not in line and "original of" not in line
    assert "[Methodology and sources](methodology?source=" in line and "itu_gci_overall.s06" in line


def _sources_line_app():
    import pandas as pd  # AppTest runs this function on its own, without the module imports

    from ui import frame

    frame.sources_line(
        pd.DataFrame(
            {
                "source_id": ["a.s01", "b s/02"],
                "confidence": ["verified", "secondary"],
                "source_title": ["Title with [brackets] and *stars* $x$", "Second"],
                "source_url": ["https://example.org/a (1)", "not a url"],
            }
        )
    )


def test_sources_line_escapes_titles_and_encodes_links():
    at = AppTest.from_function(_sources_line_app).run()
    text = at.caption[0].value
    # one link per source (issue 22): the title links to the original when there is one, else to its entry
    assert r"[Title with \[brackets\] and \*stars\* \$x\$ ↗](https://example.org/a%20%281%29)" in text
    assert "(methodology?source=b%20s%2F02)" in text and "not a url" not in text
    assert "original of" not in text and text.count("https://example.org") == 1
    # the confidence in words, not row counts
    assert "1 value verified (read in the publisher's own text)" in text
    assert "1 value secondary (read in a source that reports or transcribes the original)" in text


@pytest.fixture(scope="module")
def demo_data_dir(tmp_path_factory):
    """The bundled data plus a few synthetic observations split by sex and age group."""
    from etl.build import build

    d = tmp_path_factory.mktemp("explorer_demo") / "data"
    shutil.copytree(ROOT / "data" / "raw", d / "raw")
    rows = [
        obs_row(
            economy=e,
            indicator_id="rnids_phishing_click_share",
            period=2025,
            value=v,
            sex=s,
            group=g,
            confidence="synthetic",
            source_id="demo.s01",
            note="demonstration row",
        )
        for e, v, s, g in [
            ("MNE", 12.5, "female", "age_18-24"),
            ("MNE", 10.0, "male", "age_18-24"),
            ("XKX", 20.0, "female", "age_65+"),
        ]
    ]
    write_dataset(d, "demo_explorer", rows)
    build(d)
    return d


def test_demonstration_rows_carry_the_badge_and_sex_group_filters(demo_data_dir):
    at = run_page(demo_data_dir, "explorer", {"source": "demo_explorer", "demo": "1"})
    assert not at.exception
    assert row_count(at) == 3
    assert any("badge[" in m.value and "Demonstration data" in m.value for m in at.markdown)  # st.badge
    shown = at.dataframe[0].value
    assert set(shown["Confidence"]) == {"synthetic"} and {"Sex", "Group"} <= set(shown.columns)
    at2 = run_page(
        demo_data_dir, "explorer", {"source": "demo_explorer", "group": "age_18-24", "sex": "female", "demo": "1"}
    )
    assert row_count(at2) == 1 and at2.multiselect(key="explorer_group").value == ["age_18-24"]
    at3 = run_page(demo_data_dir, "explorer", {"confidence": "verified"})
    assert not any("Demonstration data" in m.value for m in at3.markdown)


@pytest.mark.parametrize(("lang", "decimal"), [("sq", ","), ("sr_Latn", ","), ("mk", ",")])
def test_the_explorer_table_speaks_the_language(bundled_data_dir, bundled_obs, catalog, lang, decimal):
    """Issue 23, fourth session: the grid showed 'ITU GCI 2014: overall score', 'score (0-1)' and '0.206' in sq,
    sr and mk. On screen the indicator and the unit are the catalog's translations and a number has the
    language's decimal separator; the exports keep the English value_label (stable data)."""
    from indicators.text.i18n import catalog_text, set_language
    from tests.test_i18n_pages import run_page as deep_link  # straight to the page: no other page's widgets

    at = deep_link(bundled_data_dir, "explorer", {"economy": "SRB", "pillar": "legal", "lang": lang})
    assert not at.exception
    expected = export_table(bundled_obs, catalog, Filters(economy=("SRB",), pillar=("legal",)))
    shown = at.dataframe[0].value
    assert len(shown) == len(expected) > 0
    set_language(lang)
    try:
        names = [catalog_text(n) for n in expected["indicator_name"]]
    finally:
        set_language("en")
    assert shown.iloc[:, 1].tolist() == names and names != expected["indicator_name"].tolist()
    numbers = [v for v, e in zip(shown.iloc[:, 3], expected["value_label"]) if isinstance(e, str) and "." in e]
    assert numbers and all(decimal in v and "." not in v for v in numbers)
