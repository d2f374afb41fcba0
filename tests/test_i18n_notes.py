"""The public notes of the status facts (domain ``notes``) are translated, keep their facts, and an
untranslated note is labelled as English in the reader's language (issue 23)."""

from __future__ import annotations

import csv
import re

import pytest
from babel.messages.pofile import read_po

from indicators.text.i18n import (
    LOCALE_DIR,
    NOTES_DOMAIN,
    NOTES_FILES,
    NOTES_POT_FILE,
    completeness,
    note_text,
    set_language,
)
from indicators.text.translit import latin_to_cyrillic
from tests.conftest import ROOT

LANGS = ("sq", "sr_Latn", "sr_Cyrl", "mk")


def _raw_notes() -> set[str]:
    notes = set()
    for name, indicators in NOTES_FILES.items():
        with open(ROOT / "data" / "raw" / name, encoding="utf-8-sig", newline="") as fh:
            notes |= {
                row["note"].strip()
                for row in csv.DictReader(fh)
                if (row.get("note") or "").strip() and (indicators is None or row["indicator_id"] in indicators)
            }
    return notes


RAW_NOTES = sorted(_raw_notes())


def test_every_public_note_of_the_status_facts_is_in_the_template_and_translated():
    with NOTES_POT_FILE.open("rb") as fh:
        template = {m.id for m in read_po(fh) if m.id}
    # the domain also holds the other data text (tests/test_i18n_data_text.py): the status facts' notes are a part
    assert len(RAW_NOTES) >= 40 and set(RAW_NOTES) <= template, "run bash scripts/update_translations.sh"
    for lang in LANGS:
        done, total = completeness(lang, NOTES_DOMAIN)
        assert done == total == len(template), lang
        for note in RAW_NOTES:
            text = note_text(note, lang)
            assert text != note and not text.startswith(("Në anglisht", "Na engleskom", "На енглеском", "На англиски"))


# Numbers a translation must keep: years, law and gazette numbers (25/2024, 08/L-173, 113/2024), article numbers.
_KEPT = re.compile(r"\b\d{4}\b|\b\d+/L-\d+\b|\b\d+/\d{2,4}\b")


@pytest.mark.parametrize("lang", ["sq", "sr_Latn", "mk"])
def test_a_translated_note_keeps_its_years_and_law_numbers(lang):
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "notes.po").open("rb") as fh:
        catalog = read_po(fh)
    problems = []
    for m in catalog:
        if not m.id:
            continue
        # dates written 23/11/2001 in English are written 23.11.2001 in the languages: compare their years
        english = re.sub(r"\b(\d{2})/(\d{2})/(\d{4})\b", r"\3", m.id)
        wanted = sorted(_KEPT.findall(english))
        got = sorted(_KEPT.findall(m.string))
        if not set(wanted) <= set(got):
            problems.append((m.id[:60], sorted(set(wanted) - set(got))))
    assert not problems, problems


def test_note_text_by_language():
    note = "Signed 23/11/2001, ratified 20/06/2002, in force 01/07/2004."
    assert note_text(note, "en") == note
    assert note_text(note, "sq") == "Nënshkruar më 23.11.2001, ratifikuar më 20.06.2002, në fuqi që nga 01.07.2004."
    assert note_text(note, "sr_Latn") == "Potpisana 23.11.2001, ratifikovana 20.6.2002, na snazi od 1.7.2004."
    assert note_text(note, "sr_Cyrl") == latin_to_cyrillic(note_text(note, "sr_Latn"))
    assert note_text(note, "sr_Cyrl").startswith("Потписана 23.11.2001")
    assert note_text(note, "mk").startswith("Потпишана на 23.11.2001")
    assert note_text(note, "qps").startswith("[") and "Šîĝñëð" in note_text(note, "qps")
    # the current language is the default
    set_language("sr_Latn")
    try:
        assert note_text(note) == note_text(note, "sr_Latn")
    finally:
        set_language("en")


def test_an_untranslated_note_is_labelled_english_in_the_readers_language():
    new = "A note added after the last translation."
    assert note_text(new, "en") == new
    assert note_text(new, "sq") == "Në anglisht (siç është regjistruar): " + new
    assert note_text(new, "sr_Latn") == "Na engleskom (kako je zabeleženo): " + new
    assert note_text(new, "sr_Cyrl") == "На енглеском (како је забележено): " + new
    assert note_text(new, "mk") == "На англиски (како што е запишано): " + new
    assert note_text("", "sq") == "" and note_text(None, "mk") is None


def test_firm_names_and_kosovo_law_numbers_stay_latin_in_cyrillic():
    kos = next(n for n in RAW_NOTES if "08/L-173" in n)
    assert "08/L-173" in note_text(kos, "sr_Cyrl")
    srb = next(n for n in RAW_NOTES if "Prica & Partners" in n)
    cyr = note_text(srb, "sr_Cyrl")
    assert "Prica & Partners" in cyr and "Tasic & Partners" in cyr and "Сл. гласник РС 91/2025" in cyr
    alb = next(n for n in RAW_NOTES if "ARS Firm" in n)
    assert "ARS Firm" in note_text(alb, "sr_Cyrl") and "PwC Albania" in note_text(alb, "sr_Cyrl")


def test_every_key_fact_note_of_the_profile_is_in_the_notes_domain():
    """The profile's key facts (indicators.topics.profile.KEY_FACT_INDICATORS) show their notes translated: every
    note of those indicators in any raw data file is in the template, so none is left labelled as English."""
    from indicators.topics.profile import KEY_FACT_INDICATORS

    shown = set()
    for path in sorted((ROOT / "data" / "raw").glob("*/*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not {"indicator_id", "note"} <= set(reader.fieldnames or ()):
                continue
            shown |= {
                r["note"].strip()
                for r in reader
                if r["indicator_id"] in KEY_FACT_INDICATORS and (r["note"] or "").strip()
            }
    assert len(shown) >= 70 and shown <= set(RAW_NOTES), sorted(shown - set(RAW_NOTES))[:5]


@pytest.mark.parametrize(
    ("lang", "label"),
    [("sq", "Niveli 2 (në përparim)"), ("sr_Latn", "Nivo 2 (napredak)"), ("mk", "Ниво 2 (напредува)")],
)
def test_a_translated_tier_note_that_repeats_the_value_is_dropped(lang, label):
    from indicators.text.i18n import catalog_text
    from indicators.views.profile import fact_note

    assert catalog_text("Tier 2 (advancing)", lang) == label
    assert fact_note(note_text("Tier 2 (Advancing)", lang), label) == ""
    assert fact_note(note_text("Tier 3 (Establishing; band 55-85)", lang), label.replace("2", "3")) != ""
