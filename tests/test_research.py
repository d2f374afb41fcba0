"""Research library: the adapter (checks with file:row:column), filters, topic links and the page; and the
rule that research notes never reach a page or an export."""

from __future__ import annotations

import io
import zipfile

import pandas as pd

from etl.build import check
from indicators.model.export import datapackage_bytes
from indicators.model.warehouse import Warehouse
from indicators.topics import research as rs
from tests.apptest_helpers import all_text, run_page
from tests.conftest import write_dataset

HEADER = [
    "title",
    "authors_or_publisher",
    "year",
    "economies",
    "topics",
    "type",
    "url",
    "summary",
    "where_found",
    "confidence",
]
ROWS = [  # made-up test records
    {
        "title": "Paper A",
        "authors_or_publisher": "Org A",
        "year": "2021",
        "economies": "WB6",
        "topics": "gender;online_violence",
        "type": "report",
        "url": "https://example.org/a",
        "summary": "A.",
        "where_found": "publisher's page",
        "confidence": "verified",
    },
    {
        "title": "Paper B",
        "authors_or_publisher": "Org B",
        "year": "",
        "economies": "SRB;MKD",
        "topics": "cert_capacity",
        "type": "article",
        "url": "https://example.org/b",
        "summary": "B.",
        "where_found": "a citing page",
        "confidence": "secondary",
    },
    {
        "title": "Paper C",
        "authors_or_publisher": "Org C",
        "year": "2016",
        "economies": "ALB",
        "topics": "legislation;cyber_hygiene",
        "type": "survey",
        "url": "https://example.org/c",
        "summary": "C.",
        "where_found": "publisher's page",
        "confidence": "verified",
    },
]


def write_library(data_dir, rows=ROWS):
    return write_dataset(
        data_dir,
        "research_library",
        rows,
        header=HEADER,
        sidecar={"format": "research_library_csv", "files": ["research_library.csv"]},
    )


def test_library_is_loaded_with_filter_topics(data_dir, catalog):
    folder = write_library(data_dir)
    extracted, problems = check([folder], catalog, data_dir)
    assert problems == []
    lib = extracted[0].tables["research_library"]
    assert lib["filter_topics"].tolist() == ["gender", "cert_capacity", "hygiene;policy"]
    assert lib["year"].tolist()[0] == 2021 and pd.isna(lib["year"].tolist()[1])


def test_bad_rows_are_reported_with_file_row_column(data_dir, catalog):
    bad = [
        dict(ROWS[0], url="ftp://x"),
        dict(ROWS[1], economies="SRB;YU", year="20x1"),
        dict(ROWS[2], confidence="synthetic"),
    ]
    folder = write_library(data_dir, bad)
    _, problems = check([folder], catalog, data_dir)
    where = {(p.row, p.column) for p in problems}
    assert where == {(2, "url"), (3, "economies"), (3, "year"), (4, "confidence")}
    assert all(p.file == "raw/research_library/research_library.csv" for p in problems)


def test_filters_by_economy_topic_and_year():
    lib = pd.DataFrame(
        [
            {
                **r,
                "authors": r["authors_or_publisher"],
                "year": int(r["year"]) if r["year"] else None,
                "filter_topics": rs.filter_topics_of(r["topics"]),
            }
            for r in ROWS
        ]
    )
    assert rs.filter_library(lib, "SRB")["title"].tolist() == ["Paper A", "Paper B"]  # region-wide counts
    assert rs.filter_library(lib, "ALB", ("policy",))["title"].tolist() == ["Paper C"]
    assert rs.filter_library(lib, years=(2020, 2025))["title"].tolist() == ["Paper A", "Paper B"]
    assert rs.filter_library(lib, years=(2020, 2025), include_undated=False)["title"].tolist() == ["Paper A"]
    assert "year not stated" in rs.citation(lib.iloc[1])


def test_indicators_link_to_their_topics(catalog):
    assert rs.topics_for_indicator(catalog.get("cyber_law")) == ("policy",)
    assert rs.topics_for_indicator(catalog.get("eurostat_i_maps_women")) == ("hygiene", "gender", "vulnerable_groups")
    assert rs.topics_for_indicator(catalog.get("national_csirt")) == ("cert_capacity",)


def test_research_page_filters_and_link_from_the_hygiene_view(bundled_data_dir):
    at = run_page(bundled_data_dir, "research", {"topic": "vulnerable_groups"})
    assert not at.exception
    text = all_text(at)
    assert "3 of 35 publications" in text and "Confidence" in text
    at = run_page(bundled_data_dir, "research", {"topic": "nope"})
    assert not at.exception and any("Unknown topic" in i.value for i in at.info)
    at = run_page(bundled_data_dir, "hygiene")
    assert "(research?topic=gender)" in all_text(at)


INTERNAL_PHRASES = (
    "before publishing",
    "verify on",
    "verify against",
    "is_sovereign_like",
    "commit is dated",
    "settle on",
    "check it on",
)


def test_internal_notes_never_reach_a_page_or_an_export(bundled_data_dir, catalog):
    wh = Warehouse(bundled_data_dir)
    try:
        stored = wh.query("SELECT count(*) AS n FROM observations WHERE internal_note IS NOT NULL")["n"].iloc[0]
        assert stored > 0  # the notes are kept for the team...
        obs = wh.observations()
        assert "internal_note" not in obs.columns
        tables = {
            n: wh.table(n)
            for n in ("economies", "indicators", "sources", "datasets", "research_library", "reference_values")
        }
        blob = datapackage_bytes(obs, catalog, tables)
    finally:
        wh.close()
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        text = "\n".join(zf.read(n).decode("utf-8") for n in zf.namelist()).lower()
    assert "internal_note" not in text
    for phrase in INTERNAL_PHRASES:  # ...and never exported
        assert phrase not in text, phrase
        assert phrase not in " ".join(obs["note"].dropna()).lower(), phrase
    for page, params in (
        ("legislation", {"fact": "first_membership"}),
        ("profile", {"economy": "ALB"}),
        ("hygiene", {"view": "published"}),
        ("research", {}),
    ):
        shown = all_text(run_page(bundled_data_dir, page, params)).lower()
        assert not any(p in shown for p in INTERNAL_PHRASES), page


def test_published_figures_keep_words_as_words(data_dir, catalog):
    header = [
        "economy",
        "topic",
        "indicator",
        "period",
        "value",
        "unit",
        "sex",
        "group",
        "source_title",
        "source_url",
        "confidence",
        "note",
    ]
    rows = [  # made-up test rows
        {
            "economy": "SRB",
            "topic": "tfgbv",
            "indicator": "x",
            "period": "2025",
            "value": "one in four (as worded)",
            "unit": "share",
            "sex": "total",
            "group": "g",
            "source_title": "S",
            "source_url": "https://example.org/s",
            "confidence": "secondary",
            "note": "",
        },
        {
            "economy": "WB6",
            "topic": "hygiene_survey",
            "indicator": "y",
            "period": "2024",
            "value": "46",
            "unit": "%",
            "sex": "total",
            "group": "g",
            "source_title": "S",
            "source_url": "https://example.org/s",
            "confidence": "secondary",
            "note": "",
        },
        {
            "economy": "MKD",
            "topic": "policy_2024_2026",
            "indicator": "z",
            "period": "2025",
            "value": "law",
            "unit": "",
            "sex": "",
            "group": "",
            "source_title": "S",
            "source_url": "https://example.org/s",
            "confidence": "secondary",
            "note": "",
        },
        {
            "economy": "YUG",
            "topic": "tfgbv",
            "indicator": "w",
            "period": "2025",
            "value": "3",
            "unit": "%",
            "sex": "",
            "group": "",
            "source_title": "S",
            "source_url": "https://example.org/s",
            "confidence": "secondary",
            "note": "",
        },
    ]
    folder = write_dataset(
        data_dir,
        "published_figures",
        rows,
        header=header,
        sidecar={
            "format": "published_figures_csv",
            "files": ["published_figures.csv"],
            "topics": ["tfgbv", "hygiene_survey"],
        },
    )
    extracted, problems = check([folder], catalog, data_dir)
    assert [(p.row, p.column) for p in problems] == [(5, "economy")]
    write_dataset(
        data_dir,
        "published_figures",
        rows[:3],
        header=header,
        sidecar={
            "format": "published_figures_csv",
            "files": ["published_figures.csv"],
            "topics": ["tfgbv", "hygiene_survey"],
        },
    )
    extracted, problems = check([folder], catalog, data_dir)
    pf = extracted[0].tables["published_figures"]
    assert pf["value_text"].tolist() == ["one in four (as worded)", "46"]
    assert pd.isna(pf["value"].iloc[0]) and pf["value"].iloc[1] == 46.0  # words are never turned into numbers
