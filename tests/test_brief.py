"""One-page country brief (indicators/brief.py): read the PDF back and check the PNG."""

from __future__ import annotations

import io
import math
from datetime import date

import pypdfium2 as pdfium
import pytest
from PIL import Image

from indicators.brief import BriefInput, filename, png_size, render_pdf, render_png
from indicators.economies import KOSOVO_FOOTNOTE

PERMALINK = "https://forum.example.org/wb6/profile?economy=XKX&lang=en"
PILLARS = [
    {"pillar": "Legal", "score": 60.4, "average": 55.0, "n": 2, "m": 3},
    {"pillar": "Technical", "score": 48.2, "average": 52.1, "n": 3, "m": 3},
    {"pillar": "Organisational", "score": math.nan, "average": 61.0, "n": 0, "m": 2},
    {"pillar": "Capacity development", "score": 71.0, "average": 58.3, "n": 2, "m": 2},
    {"pillar": "Cooperation", "score": 35.5, "average": None, "n": 1, "m": 2},
    {"pillar": "Inclusion", "score": 52.0, "average": 47.5, "n": 2, "m": 4},
]
STATUS = [
    {"fact": "National strategy", "status": "in_place", "detail": "Strategy 2023-2027 adopted", "date": 2023},
    {"fact": "Cyber law", "status": "partly", "detail": "Draft law in parliament", "date": "2025-03"},
    {"fact": "NIS2 alignment", "status": "missing", "detail": "No transposition yet", "date": 2026},
    {"fact": "Budapest Convention", "status": "not_assessed", "detail": "Not assessed", "date": None},
]
GAPS = [
    {
        "indicator": "ITU GCI 2024: Legal measures",
        "value": "12.08 / 20",
        "best": "19.1 / 20 (North Macedonia)",
        "gap": "35.1 points (of 100)",
        "period": 2024,
        "confidence": "verified",
    },
    {
        "indicator": "Women who experienced online violence",
        "value": "41 % of women 18-74",
        "best": "22 % of women 18-74 (Albania)",
        "gap": "19 points (of 100)",
        "period": 2019,
        "confidence": "secondary",
    },
]
FACTS = [{"label": "NCSI score", "value": "48.05 / 100", "date": 2024, "confidence": "verified"}]
SOURCES = [
    "National Cyber Security Index, e-Governance Academy (as of 2024-09-12)",
    "Global Cybersecurity Index 2024, ITU (as of 2024-09-12)",
]


def content(**kw) -> BriefInput:
    base = dict(
        economy="XKX",
        pillars=PILLARS,
        average_label="WB6 average (5 economies)",
        status=STATUS,
        gaps=GAPS,
        key_facts=FACTS,
        sources=SOURCES,
        data_as_of="2026-06-30",
        build_id="20261130T040414Z-abc123",
        permalink=PERMALINK,
        accessed=date(2026, 11, 30),
    )
    base.update(kw)
    return BriefInput(**base)


def read_back(pdf: bytes) -> tuple[int, str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        pages = len(doc)
        text = doc[0].get_textpage().get_text_range()
    finally:
        doc.close()
    return pages, text


def flat(text: str) -> str:
    return "".join(text.split())


def test_brief_is_one_page_with_name_sources_scales_and_permalink():
    pdf = render_pdf(content())
    pages, text = read_back(pdf)
    assert pages == 1
    assert "Kosovo*: cybersecurity maturity brief" in text
    assert flat(KOSOVO_FOOTNOTE) in flat(text)
    for source in SOURCES:
        assert flat(source) in flat(text)
    assert PERMALINK in flat(text)  # in the citation line (wrapping may split it)
    assert f"/URI ({PERMALINK})".encode() in pdf  # and the citation line links to it
    assert "Data as of 2026-06-30" in text and "20261130T040414Z-abc123" in text
    assert "12.08 / 20" in text and "41 % of women" in text and "48.05 / 100" in text
    assert "In place" in text and "Partly" in text and "Missing" in text and "Not assessed" in text
    assert "no data (0/2)" in text  # a pillar without data is labelled, not drawn as zero
    assert "Cite as: WB6 Cyber Maturity Dashboard." in text
    assert "demonstration" not in text


def test_other_economies_have_no_footnote_and_demo_data_has_a_badge():
    _p, text = read_back(
        render_pdf(content(economy="SRB", permalink=PERMALINK.replace("XKX", "SRB"), demonstration=True))
    )
    assert "Serbia: cybersecurity maturity brief" in text
    assert "UNSCR" not in text and "Kosovo" not in text
    assert "Includes demonstration (synthetic) data" in text


def test_long_inputs_still_fit_one_page():
    many = dict(
        status=STATUS * 10,
        gaps=[{**GAPS[0], "indicator": f"Indicator {i} with a long name " * 2} for i in range(20)],
        key_facts=FACTS * 30,
        sources=[f"Dataset {i}: " + "a long title " * 12 for i in range(40)],
    )
    pages, text = read_back(render_pdf(content(**many)))
    assert pages == 1
    assert "more in the dashboard" in text and "more sources in the dashboard" in text
    assert PERMALINK in flat(text)


def test_core_font_fallback_keeps_the_text_readable():
    pdf = render_pdf(
        content(sources=["Zakon o informacionoj bezbednosti – Službeni glasnik (as of 2024)"]), unicode_font=False
    )
    pages, text = read_back(pdf)
    assert pages == 1
    assert "Zakon o informacionoj bezbednosti - Sluzbeni glasnik" in text
    assert "Kosovo*" in text and PERMALINK in flat(text)


def test_png_has_a4_size_and_shows_something():
    png = render_png(render_pdf(content()), dpi=150)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == png_size(150) == (1241, 1754)
    grey = image.convert("L")
    assert grey.getextrema()[0] < 60  # dark text is there
    assert Image.open(io.BytesIO(render_png(render_pdf(content()), dpi=72))).size == png_size(72)


@pytest.mark.parametrize(
    "eco, build, name",
    [
        ("XKX", "20261130T040414Z-abc123", "wb6-cyber-brief-xkx-20261130T040414Z-abc123.pdf"),
        ("ALB", "../x y", "wb6-cyber-brief-alb-xy.pdf"),
    ],
)
def test_filenames_are_safe(eco, build, name):
    assert filename(eco, build, "pdf") == name


def test_status_kind_from_a_fact_score():
    from indicators.brief import status_kind

    assert [status_kind(100), status_kind(50), status_kind(25.0), status_kind(0)] == [
        "in_place",
        "partly",
        "partly",
        "missing",
    ]
    assert status_kind(None) == status_kind(math.nan) == status_kind(100, "not_assessed") == "not_assessed"


def test_pandas_missing_values_in_rows_read_as_no_data_or_dash():
    import pandas as pd

    pillars = [{**p, "score": pd.NA} if p["pillar"] == "Legal" else p for p in PILLARS]
    facts = [{"label": "NCSI score", "value": "48.05 / 100", "date": pd.NA, "confidence": "verified"}]
    pages, text = read_back(render_pdf(content(pillars=pillars, key_facts=facts)))
    assert pages == 1 and "no data (2/3)" in text and "<NA>" not in text
