"""One-page country brief (indicators/render/brief.py): read the PDF back and check the PNG."""

from __future__ import annotations

import io
import math
import re
from datetime import date

import pypdfium2 as pdfium
import pytest
from PIL import Image

from indicators.model.economies import KOSOVO_FOOTNOTE
from indicators.render.brief import BriefInput, filename, png_size, render_pdf, render_png

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
    assert "Cybersecurity maturity brief: Kosovo*" in text
    assert flat(KOSOVO_FOOTNOTE) in flat(text)
    for source in SOURCES:
        assert flat(source) in flat(text)
    assert PERMALINK in flat(text)  # in the citation line (wrapping may split it)
    assert f"/URI ({PERMALINK})".encode() in pdf  # and the citation line links to it
    assert "Data as of 2026-06-30" in text and "Built on 2026-11-30" in text  # the build by its date, not its id
    assert "20261130T040414Z" not in text
    assert "12.08 / 20" in text and "41 % of women" in text and "48.05 / 100" in text
    assert all(flat(state) in flat(text) for state in ("in place", "partly in place", "missing", "not assessed"))
    # a pillar without data is labelled, not drawn as zero (on two lines when too long for one readable line)
    assert flat("no data (0/2)") in flat(text)
    assert "Cite as: WB6 Cyber Maturity Dashboard." in text
    assert "demonstration" not in text


def test_other_economies_have_no_footnote_and_demo_data_has_a_badge():
    _p, text = read_back(
        render_pdf(content(economy="SRB", permalink=PERMALINK.replace("XKX", "SRB"), demonstration=True))
    )
    assert "Cybersecurity maturity brief: Serbia" in text
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
    from indicators.render.brief import status_kind

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


# --- hand-out quality (issue 22): every language, long texts, read back ---------------------------

LANGS = ("en", "sq", "sr_Latn", "sr_Cyrl", "mk")
LONG = "Ligji për sigurinë kibernetike dhe infrastrukturën kritike të informacionit"  # a name: stays as given
LONG_STATUS = [
    {"fact": LONG, "status": "in_place", "detail": "Ligji nr. 25/2024 " * 3, "date": 2024},
    {
        "fact": "Konventa e Budapestit (CETS 185): statusi i palës",
        "status": "not_applicable",
        "detail": "—",
        "date": 2015,
    },
    {"fact": "CSIRT-i kombëtar është anëtar i FIRST", "status": "partly", "detail": "Anëtar i plotë", "date": 2019.0},
    {"fact": "Strategjia kombëtare e sigurisë kibernetike", "status": "missing", "detail": "—", "date": None},
    {"fact": "Rishikimi Oxford CMM", "status": "not_assessed", "detail": "2019", "date": 2019},
]
GAPS_NEUTRAL = [{**g, "indicator": LONG, "confidence": c} for g, c in zip(GAPS, ("verified", "secondary"))]
FACTS_NEUTRAL = [{"label": LONG, "value": "48,05 / 100", "date": 2024, "confidence": "synthetic"}]
# the brief's own English words: none may be left in a translated brief
ENGLISH = (
    "brief",
    "Pillar",
    "average",
    "Status of",
    "Detail",
    "in place",
    "partly",
    "missing",
    "not assessed",
    "not applicable",
    "Largest gaps",
    "Indicator",
    "Value",
    "Year",
    "Confidence",
    "secondary",
    "verified",
    "synthetic",
    "Key facts",
    "Sources",
    "more in the dashboard",
    "Scores are",
    "Cite as",
    "Data as of",
    "Built on",
    "accessed",
    "presenter",
    "no data",
    "demonstration",
    "against",
)


def boxes(pdf: bytes) -> tuple[int, list[tuple[float, float, float, float, str]]]:
    doc = pdfium.PdfDocument(pdf)
    try:
        tp = doc[0].get_textpage()
        out = []
        for i in range(tp.count_rects()):
            rect = tp.get_rect(i)
            out.append((*rect, tp.get_text_bounded(*rect)))
        return len(doc), out
    finally:
        doc.close()


def overlapping(rects, tol: float = 0.6) -> list[tuple[str, str]]:
    """Pairs of text boxes (pdfium's text segments, in points) that overlap by more than ``tol`` both ways."""
    bad = []
    for i, a in enumerate(rects):
        for c in rects[i + 1 :]:
            if min(a[2], c[2]) - max(a[0], c[0]) > tol and min(a[3], c[3]) - max(a[1], c[1]) > tol:
                bad.append((a[4][:40], c[4][:40]))
    return bad


def long_content(**kw) -> BriefInput:
    sources = [f"Eurostat (isoc_{i}): Security policy, measures, risks and staff awareness " * 2 for i in range(12)]
    pillars = [
        {**p, "pillar": name} for p, name in zip(PILLARS, ("Ligjore", "Teknike", "Org", "Zhvillimi", "Bashk", "Përf"))
    ]
    return content(
        pillars=pillars,
        average_label="Mesatarja e WB6 (5)",  # the view's own (translated) label: an input here
        status=LONG_STATUS * 2,
        gaps=GAPS_NEUTRAL * 3,
        key_facts=FACTS_NEUTRAL * 5,
        sources=sources,
        **kw,
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("permalink", [PERMALINK, "profile?economy=XKX&lang=sq"])
def test_brief_in_every_language_is_one_page_without_overlap_or_english(lang, permalink):
    from indicators.text import i18n

    i18n.set_language(lang)
    try:
        pdf = render_pdf(long_content(permalink=permalink, demonstration=True))
    finally:
        i18n.set_language("en")
    pages, rects = boxes(pdf)
    assert pages == 1
    assert overlapping(rects) == []
    text = " ".join(r[4] for r in rects)
    assert "2019.0" not in text and "2,019" not in text and "2.019" not in text  # years as years
    if permalink.startswith("https://"):
        assert PERMALINK in flat(read_back(pdf)[1]) and f"/URI ({PERMALINK})".encode() in pdf
    else:  # no public URL: never a bare relative path on paper
        assert "profile?economy" not in text and b"/URI" not in pdf
    if lang != "en":
        found = [w for w in ENGLISH if re.search(rf"\b{w}\b", text, re.IGNORECASE)]
        assert found == [], (lang, found)
    else:
        assert "not applicable" in text and ("link: ask the presenter" in text) != permalink.startswith("https")


def test_pseudo_locale_brief_has_no_untranslated_fixed_text():
    """In the pseudo-locale every translated word is accented: the only plain ASCII words left are the
    inputs (names, sources, values), the publisher's name and the URL."""
    from indicators.text import i18n

    i18n.set_language("qps")
    try:
        pdf = render_pdf(long_content(permalink=PERMALINK))
    finally:
        i18n.set_language("en")
    _pages, rects = boxes(pdf)
    text = " ".join(r[4] for r in rects)
    allowed = " ".join(
        [LONG, PERMALINK, "WB6 Cyber Maturity Dashboard Kosovo CSIRT FIRST CETS Oxford CMM Mesatarja"]
        + [p["pillar"] for p in long_content().pillars]
        + [str(v) for row in LONG_STATUS + GAPS_NEUTRAL + FACTS_NEUTRAL for v in row.values()]
        + [f"Eurostat (isoc_{i}): Security policy, measures, risks and staff awareness" for i in range(12)]
    )
    allowed_words = set(re.findall(r"[A-Za-z]{3,}", allowed))
    stray = {w for w in re.findall(r"(?<![^\W\d_])[A-Za-z]{3,}(?![^\W\d_])", text) if w not in allowed_words}
    assert stray == set()


def test_build_date_and_local_dates():
    from indicators.text import i18n
    from indicators.text.citation import build_label, cite_line, local_date

    assert build_label("20261207T025644147260Z-fa870bf0662d") == "2026-12-07"
    assert build_label("data/builds/20261207T025644Z-x") == "2026-12-07" and build_label("abc") == "abc"
    assert local_date("2026-06") == "2026-06" and local_date(None) == "unknown"
    i18n.set_language("sq")
    try:
        assert local_date("2026-12-07") == "7 dhjetor 2026"
        line = cite_line("T", "2026-06-30", "20261207T0256Z-f", "profile?economy=SRB")
    finally:
        i18n.set_language("en")
    assert "profile?" not in line and "pyesni prezantuesin" in line and "20261207T" not in line
    mk = None
    i18n.set_language("mk")
    try:
        mk = cite_line("T", "2026-06-30", "20261207T0256Z-f", PERMALINK)
    finally:
        i18n.set_language("en")
    assert ".." not in mk.replace("...", "") and PERMALINK in mk
