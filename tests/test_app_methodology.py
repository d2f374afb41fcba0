"""AppTest of the methodology and sources page: live worked example, every indicator and source,
caveats from the data, deep links from sources lines, and bad URL parameters."""

from __future__ import annotations

import pytest

from indicators.method.scoring import pillar_scores
from indicators.model.economies import KOSOVO_FOOTNOTE
from indicators.model.explore import excluded_items, excluded_notes
from tests.apptest_helpers import all_text, run_page


@pytest.fixture(scope="module")
def default_run(bundled_data_dir):
    return run_page(bundled_data_dir, "methodology")


def test_page_renders_all_sections(default_run):
    at = default_run
    assert not at.exception
    assert at.title[0].value == "Methodology and sources"
    headers = [h.value for h in at.header]
    assert headers == [
        "How scores are computed",
        "Worked example",
        "Indicators",
        "Sources",
        "Confidence and missing values",
        "Known caveats",
        "Tables for scripts",
    ]
    text = all_text(at)
    assert "/app/static/data/latest/datapackage.json" in text and "never changes" in text
    (urls,) = [d.value for d in at.dataframe if "CSV" in d.value.columns]  # every stable URL listed
    assert list(urls["CSV"]) == [
        f"/app/static/data/latest/{t}.csv" for t in ("observations", "indicators", "sources", "pillar_scores", "status")
    ]
    assert list(urls["Parquet"]) == [c.replace(".csv", ".parquet") for c in urls["CSV"]]
    assert "the rows change" in text and "the column names and their order" in text  # what changes, what never
    assert "only ever added at the end of a table" in text and "404 once it has been removed" in text
    assert "Normalisation" in text and "Pillar score" in text and "Priority orders indicators" in text
    assert KOSOVO_FOOTNOTE in text


def test_worked_example_is_computed_from_the_data(default_run, bundled_obs, catalog):
    at = default_run
    expected = pillar_scores(bundled_obs, catalog)
    alb_legal = expected[(expected["economy"] == "ALB") & (expected["pillar"] == "legal")].iloc[0]
    steps = at.dataframe[0].value
    assert len(steps) == alb_legal["m"]
    assert (steps["Normalised score (0-100)"] != "—").sum() == alb_legal["n"]
    line = next(m.value for m in at.markdown if m.value.startswith("Pillar score = ("))
    assert f"**{alb_legal['score']:.2f}**" in line and f"coverage {alb_legal['n']} of {alb_legal['m']}" in line
    assert "so this is the pillar score the profile page shows" in line
    assert any(m.value.startswith("**Gap.**") for m in at.markdown)


def test_worked_example_follows_the_url(bundled_data_dir, bundled_obs, catalog):
    at = run_page(bundled_data_dir, "methodology", {"economy": "XKX", "pillar": "technical"})
    assert not at.exception
    scores = pillar_scores(bundled_obs, catalog)
    row = scores[(scores["economy"] == "XKX") & (scores["pillar"] == "technical")].iloc[0]
    text = all_text(at)
    assert "Kosovo* · Technical" in text
    if row["n"]:
        assert f"**{row['mean_available']:.2f}**" in text
    if not row["meets_rule"]:
        assert "pillar score" in text and ("'no data'" in text or "insufficient data" in text)
    assert at.query_params["economy"] == "XKX" and at.query_params["pillar"] == "technical"


def test_every_indicator_and_every_source_is_listed(default_run, catalog, bundled_data_dir):
    from indicators.model.warehouse import Warehouse

    at = default_run
    indicators = next(df.value for df in at.dataframe if "ID" in df.value.columns)
    assert set(indicators["ID"]) == set(catalog.indicators)
    for col in ("GCI pillar", "CMM dimension", "NCSI area", "SIM3", "NIS2", "Definition", "Scale", "Direction", "Lens"):
        assert col in indicators.columns
    wh = Warehouse(bundled_data_dir)
    try:
        sources = wh.table("sources")
    finally:
        wh.close()
    text = all_text(at)
    for sid in sources["source_id"]:
        assert f"`{sid}`" in text, sid
    assert "Taken from it" in text and "Licence or terms" in text and "Where it was read" in text


def test_caveats_come_from_the_data(default_run, bundled_data_dir):
    at = default_run
    text = all_text(at)
    assert "33.76" in text and "33.61" in text  # BIH GCI 2024: shown vs other source
    assert "Republika Srpska" in text or any("Republika Srpska" in str(df.value.to_dict()) for df in at.dataframe)
    shown = text.replace("\\", "").replace("`", "")  # markdown: data escaped, ids as code
    notes = excluded_notes(bundled_data_dir / "raw")
    total = 0
    for name, body in notes.items():
        items = excluded_items(body)
        total += len(items)
        where = f"(the list, in English: data/raw/{name}/EXCLUDED.md)"
        line = f"{name}: {len(items)} {'entry' if len(items) == 1 else 'entries'} in the list of rows left out {where}"
        assert line in shown if items else f"{name}: nothing left out (the record, in English:" in shown, name
        # the files are researchers' records: their words never reach the page (issue 23)
        assert all(item.replace("`", "") not in shown for item in items), name
    labels = [e.label for e in at.expander]  # every dataset's line in one expander
    assert f"{len(notes)} datasets: {total} entries in the lists of rows left out" in labels


def test_source_deep_link_highlights_the_source(bundled_data_dir):
    at = run_page(bundled_data_dir, "methodology", {"source": "itu_gci_overall.s06"})
    assert not at.exception and not at.info
    assert [h.value for h in at.header][0] == "You followed a link to"  # an h2, like the other sections
    first = next(m.value for m in at.markdown if "SSPI project hand transcription" in m.value)
    assert "`itu_gci_overall.s06`" in first and "Taken from it" in first
    assert any(e.label.startswith("ITU Global Cybersecurity Index: overall") for e in at.expander)


def test_indicator_deep_link(bundled_data_dir):
    at = run_page(bundled_data_dir, "methodology", {"indicator": "gci_2024_tier"})
    assert not at.exception
    assert any("GCI 2024 groups countries in five tiers" in m.value for m in at.markdown)


@pytest.mark.parametrize(
    "params,needles",
    [
        ({"source": "bogus.s99"}, ["Unknown source id"]),
        ({"indicator": "<img src=x onerror=alert(1)>"}, ["Unknown indicator"]),
        ({"economy": "ZZZ", "pillar": "nope"}, ["Unknown economy code", "Unknown pillar"]),
        ({"source": "," * 500 + "x" * 2000}, ["Unknown source id"]),
    ],
)
def test_bad_url_parameters_give_a_message_and_the_default(bundled_data_dir, params, needles):
    at = run_page(bundled_data_dir, "methodology", params)
    assert not at.exception
    infos = " ".join(i.value for i in at.info)
    for needle in needles:
        assert needle in infos
    assert "<img" not in infos
    assert any(m.value.startswith("Pillar score = (") for m in at.markdown)  # default example still shown


def test_method_states_the_rules_from_the_catalog(default_run, catalog):
    from indicators.method.scoring import MIN_FOR_AVERAGE, MIN_FOR_GAP, MIN_FOR_MEDIAN

    text = all_text(default_run)
    rule = catalog.coverage_rule
    assert f"min_share {rule.min_share:g}, min_index_indicators {rule.min_index_indicators}" in text
    assert rule.text() in text
    assert "acts as mean imputation" in text and "Nothing is imputed" not in text
    assert f"with fewer than {MIN_FOR_AVERAGE} economies there is none" in text
    assert f"No median with fewer than {MIN_FOR_MEDIAN}" in text and f"at least {MIN_FOR_GAP} economies" in text
    assert "Two lenses, never averaged together" in text and "OECD/JRC Handbook" in text
    bands = next(
        df.value for df in default_run.dataframe if "Economy" in df.value.columns and "Technical" in df.value.columns
    )
    assert bands.set_index("Economy").loc["Kosovo*", "Technical"] == "not ranked"
    assert all(v == "not ranked" or "(band " in v or v[0].isdigit() for v in bands["Legal"])
