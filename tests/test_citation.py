"""Cite this view (indicators/text/citation.py): plain, APA-like and BibTeX-like forms."""

from __future__ import annotations

from datetime import UTC, date, datetime

from indicators.text.citation import all_forms, apa, bibtex, latest_as_of, make_citation, plain_text

URL = "https://forum.example.org/wb6/profile?economy=XKX&lang=en"


def cite():
    return make_citation("Economy profile: Kosovo*", "2026-06-30", "20261130T040414Z-abc123", URL, date(2026, 11, 30))


def test_plain_text_has_every_part():
    assert plain_text(cite()) == (
        "WB6 Cyber Maturity Dashboard. Economy profile: Kosovo*. Data as of 2026-06-30; "
        "build 20261130T040414Z-abc123. " + URL + " (accessed 2026-11-30)."
    )


def test_apa_like_form():
    assert apa(cite()) == (
        "WB6 Cyber Maturity Dashboard. (2026). Economy profile: Kosovo* [Data dashboard; data as of "
        "2026-06-30; build 20261130T040414Z-abc123]. Retrieved November 30, 2026, from " + URL
    )


def test_bibtex_like_form_is_balanced_and_keeps_the_url():
    text = bibtex(cite())
    assert text.startswith("@misc{wb6cyber_20261130T040414Z_20261130,")
    assert text.count("{") == text.count("}")
    assert "howpublished = {\\url{" + URL + "}}" in text
    assert "urldate = {2026-11-30}" in text and "year = {2026}" in text
    braces = make_citation("A {bad} title\\", "2024", "b1", URL, date(2026, 1, 2))
    assert bibtex(braces).count("{") == bibtex(braces).count("}")


def test_access_date_from_datetime_and_unknowns():
    c = make_citation("T", None, None, URL, datetime(2026, 5, 4, 23, 0, tzinfo=UTC))
    assert c.accessed == date(2026, 5, 4) and c.data_as_of == "unknown" and c.build_id == "unknown"
    assert set(all_forms(c)) == {"plain", "apa", "bibtex"}


def test_latest_as_of_compares_dates_not_text():
    assert latest_as_of(["2024-09-12", "2026-06-30", "2025-12-31", None, "n/a"]) == "2026-06-30"
    assert latest_as_of(["2026", "2026-06"]) == "2026-06"
    assert latest_as_of([2023, "2022-12-31"]) == "2023"
    assert latest_as_of([]) is None
