"""The glossary: loading, look-up with English fallback, the glossary page list and help on first use."""

from __future__ import annotations

import pytest
import yaml

from indicators.text import glossary
from indicators.text.glossary import all_terms, first_use_help, help_text, lookup, parse

FIXTURE = yaml.safe_load("""
terms:
  - id: nis2
    kind: acronym
    term: NIS2
    also: [NIS2 Directive]
    definition:
      en: "EU directive on cybersecurity."
      sq: "Direktiva e BE-së për sigurinë kibernetike."
      sr_Latn: "Direktiva EU o sajber bezbednosti, {economy} i NIS2."
  - id: first
    kind: acronym
    term: FIRST
    definition: {en: "Forum of Incident Response and Security Teams."}
  - id: not_covered
    kind: status
    term: {en: "not covered", sq: "nuk mbulohet", sr_Latn: "nije obuhvaćeno", mk: "не е опфатено"}
    definition: {en: "The source leaves the economy out.", mk: "Изворот ја изоставува економијата."}
  - id: pillar_legal
    kind: pillar
    term: {en: "Legal", sr_Latn: "Pravni"}
    definition: {en: "Pillar: laws.", sr_Latn: "Stub: zakoni."}
  - id: kosovo
    kind: place
    term: {en: "Kosovo*", sq: "Kosova*"}
    definition: {en: "This designation is without prejudice to positions on status."}
""")


@pytest.fixture
def terms():
    return parse(FIXTURE)


def test_lookup_in_a_language_and_sr_cyrl_made_from_sr_latn(terms):
    e = lookup("nis2", "sr_Cyrl", terms)
    assert (e.term, e.definition, e.fallback) == ("NIS2", "Директива ЕУ о сајбер безбедности, {economy} и NIS2.", False)
    assert lookup("nis2", "sq", terms).definition == "Direktiva e BE-së për sigurinë kibernetike."
    assert lookup("not_covered", "mk", terms).term == "не е опфатено"
    assert lookup("not_covered", "sr_Cyrl", terms).term == "није обухваћено"


def test_lookup_falls_back_to_english_with_a_flag(terms):
    e = lookup("not_covered", "sq", terms)
    assert (e.term, e.definition, e.fallback) == ("nuk mbulohet", "The source leaves the economy out.", True)
    e = lookup("first", "mk", terms)
    assert (e.term, e.definition, e.fallback) == ("FIRST", "Forum of Incident Response and Security Teams.", True)


def test_lookup_by_name_or_other_spelling_in_any_language(terms):
    assert lookup("NIS2 Directive", "en", terms).id == "nis2"
    assert lookup("  Nuk Mbulohet ", "en", terms).id == "not_covered"
    assert lookup("Kosova*", "en", terms).term == "Kosovo*"
    assert lookup("unknown", "en", terms) is None


def test_all_terms_sorted_by_the_name_shown(terms):
    assert [e.term for e in all_terms("en", terms)] == ["FIRST", "Kosovo*", "Legal", "NIS2", "not covered"]
    assert [e.id for e in all_terms("sr_Latn", terms, kind="status")] == ["not_covered"]


def test_first_use_help_in_text_order_once_per_page(terms):
    seen: set[str] = set()
    text = "Kosovo* is not covered by NIS2; NIS2 Directive again; first line, Legal pillar"
    got = first_use_help(text, "en", seen, terms)
    assert [e.id for e in got] == ["kosovo", "not_covered", "nis2", "pillar_legal"]  # 'first' is not FIRST
    assert seen == {"kosovo", "not_covered", "nis2", "pillar_legal"}
    assert [e.id for e in first_use_help("FIRST and NIS2 and Not Covered", "en", seen, terms)] == ["first"]
    assert first_use_help("", "en", None, terms) == []


def test_first_use_help_finds_local_and_english_names(terms):
    assert [e.id for e in first_use_help("Izvor: nije obuhvaćeno; Pravni stub", "sr_Latn", None, terms)] == [
        "not_covered",
        "pillar_legal",
    ]
    assert [e.id for e in first_use_help("Pravni, legal", "en", None, terms)] == []  # 'legal' is just a word
    assert [e.id for e in first_use_help("not covered (untranslated)", "mk", None, terms)] == ["not_covered"]
    assert [e.id for e in first_use_help("Kosova* e NIS2X", "sq", None, terms)] == ["kosovo"]


def test_help_text(terms):
    entries = first_use_help("NIS2 and FIRST", "en", None, terms)
    assert (
        help_text(entries)
        == "NIS2: EU directive on cybersecurity.\n\nFIRST: Forum of Incident Response and Security Teams."
    )


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"terms": [{"id": "a", "kind": "acronym", "term": "A", "definition": {"sq": "x"}}]}, "needs English"),
        ({"terms": [{"id": "a", "kind": "weird", "term": "A", "definition": {"en": "x"}}]}, "kind"),
        ({"terms": [{"id": "a", "kind": "scale", "term": "A", "definition": {"en": "x", "de": "y"}}]}, "unknown"),
        (
            {
                "terms": [
                    {"id": "a", "kind": "scale", "term": "A", "definition": "x"},
                    {"id": "a", "kind": "scale", "term": "B", "definition": "y"},
                ]
            },
            "duplicate",
        ),
    ],
)
def test_bad_glossary_is_refused(bad, message):
    with pytest.raises(ValueError, match=message):
        parse(bad)


REQUIRED = {
    "wb6",
    "kosovo_designation",
    "ncsi",
    "gci",
    "cets185",
    "nis2",
    "first",
    "csirt",
    "cmm",
    "sim3",
    "enisa",
    "eurostat",
    "eu27",
    "headline_index",
    "verified",
    "secondary",
    "synthetic",
    "not_covered",
    "not_assessed",
    "suppressed",
    "not_applicable",
    "index_lens",
    "status_lens",
    "coverage",
    "rank_band",
    "percentage_points",
    "pillar_legal",
    "pillar_technical",
    "pillar_organisational",
    "pillar_capacity",
    "pillar_cooperation",
    "pillar_inclusion",
}


def test_the_repository_glossary_has_every_required_term_in_every_language():
    terms = glossary.load()
    assert set(terms) >= REQUIRED
    for t in terms.values():
        for lang in glossary.LANGS:
            assert t.definition.get(lang) and t.term.get(lang), (t.id, lang)
            assert "{" not in t.definition[lang]
        # Cyrillic Serbian is generated, never handwritten, and has no Latin letters left except codes
        cyr = t.definition["sr_Cyrl"]
        assert cyr == glossary.latin_to_cyrillic(t.definition["sr_Latn"])
    assert lookup("Budapest Convention", "sr_Latn").term == "Budimpeštanska konvencija (CETS 185)"
    assert lookup("kosovo_designation", "en").definition.startswith("This designation is without prejudice")
    assert [e.id for e in first_use_help("WB6 average of the ITU GCI; CETS 185 party", "en")] == [
        "wb6",
        "gci",
        "cets185",
    ]


def test_terminology_rows_are_complete_and_sr_cyrl_is_transliterated():
    rows = glossary.load_terminology()
    for code in ("ALB", "BIH", "XKX", "MNE", "MKD", "SRB"):
        assert f"economy_{code}" in rows
    for tid in (
        "kosovo_footnote",
        "budapest_convention",
        "nis2_directive",
        "csirt",
        "cybersecurity",
        "critical_infrastructure",
        "personal_data_protection",
        "national_cybersecurity_strategy",
        "western_balkans",
        "pillar_legal",
        "pillar_inclusion",
    ):
        assert tid in rows
    for tid, row in rows.items():
        assert all(row[lang] for lang in glossary.LANGS), tid
        assert row["sr_Cyrl"] == glossary.latin_to_cyrillic(row["sr_Latn"]), tid
        levels = [part.split(":")[1].strip() for part in row["confidence"].split(";")]
        assert levels and set(levels) <= set(glossary.CONFIDENCE_LEVELS), tid
        assert row["source"], tid
    assert glossary.official_term("economy_XKX", "sr_Cyrl") == "Косово*"
    assert glossary.official_term("economy_MKD", "sq") == "Maqedonia e Veriut"
    assert glossary.official_term("budapest_convention", "sr_Latn").startswith("Konvencija o visokotehnološkom")
    assert glossary.official_term("economy_SRB", "de") == "Serbia"
    assert glossary.official_term("nope", "en") is None


def test_glossary_follows_the_terminology_for_names_it_shares():
    rows = glossary.load_terminology()
    for lang in ("sq", "sr_Latn", "sr_Cyrl", "mk"):
        assert lookup("kosovo_designation", lang).definition == rows["kosovo_footnote"][lang]
        for pillar in ("legal", "technical", "organisational", "capacity", "cooperation", "inclusion"):
            assert lookup(f"pillar_{pillar}", lang).term == rows[f"pillar_{pillar}"][lang]


def test_glossary_entries_for_the_page_follow_the_language_and_the_pseudo_locale():
    from ui.frame import glossary_entries

    sq = glossary_entries("sq")
    qps = glossary_entries("qps")
    assert len(sq) == len(qps) > 0
    assert all(e.term.startswith("[") and e.definition.startswith("[") for e in qps)
    assert {e.id for e in sq} == {e.id for e in qps}


def test_citation_text_is_in_the_current_language():
    import datetime as dt

    from indicators.text.i18n import set_language
    from ui.frame import citation_text

    try:
        set_language("sq")
        text = citation_text("Profili", "2026-06-30", "b1", "/profile?economy=XKX", dt.date(2026, 11, 30))
    finally:
        set_language("en")
    # dates in the language's format; no public URL: "ask the presenter", never a bare relative path (issue 22)
    assert "Të dhëna deri më 30 qershor 2026" in text and "ndërtuar më b1" in text
    assert "/profile?economy=XKX" not in text and "pyesni prezantuesin" in text
    assert "parë më 30 nëntor 2026" in text and "accessed" not in text
