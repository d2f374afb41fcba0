"""Serbian Latin -> Cyrillic: digraphs, capitals, exceptions, and what must stay untouched."""

from __future__ import annotations

import re

import pytest

from indicators.text.translit import latin_to_cyrillic as cyr


@pytest.mark.parametrize(
    "latin, cyrillic",
    [
        ("ljubav", "љубав"),
        ("njegov", "његов"),
        ("džep", "џеп"),
        ("Ljubljana", "Љубљана"),
        ("Njegoš", "Његош"),
        ("Džakarta", "Џакарта"),
        ("Crna Gora", "Црна Гора"),
        ("Severna Makedonija", "Северна Македонија"),
        ("Bosna i Hercegovina", "Босна и Херцеговина"),
        ("Srbija, Albanija, Kosovo*", "Србија, Албанија, Косово*"),
        ("đak ćuti, čaša, šešir, žaba", "ђак ћути, чаша, шешир, жаба"),
        ("zaštita podataka o ličnosti", "заштита података о личности"),
        ("Konvencija o visokotehnološkom kriminalu", "Конвенција о високотехнолошком криминалу"),
        # nj / dž across a syllable boundary are two letters
        ("injekcija", "инјекција"),
        ("konjunkcija", "конјункција"),
        ("nadživeti", "надживети"),
        ("podžupan", "поджупан"),
    ],
)
def test_words(latin, cyrillic):
    assert cyr(latin) == cyrillic


@pytest.mark.parametrize(
    "kept",
    [
        "NIS2",
        "CSIRT",
        "ALB",
        "WB6",
        "EU27",
        "CETS 185",
        "{economy}",
        "{value:.1f}",
        "%s",
        "%(n)d",
        "https://www.coe.int/en/web/cybercrime",
        "not_covered",
        "<b>",
        "`pillar`",
    ],
)
def test_untouched(kept):
    assert cyr(kept) == kept


def test_sentence_with_placeholders_codes_and_url():
    latin = "Direktiva NIS2 i {economy}: %s od %(total)d (vidi https://enisa.europa.eu/nis2)"
    assert cyr(latin) == "Директива NIS2 и {economy}: %s од %(total)d (види https://enisa.europa.eu/nis2)"


def test_percent_sign_in_text_is_not_a_placeholder():
    assert cyr("50 % dece") == "50 % деце"


def test_empty_and_non_latin():
    assert cyr("") == ""
    assert cyr("Косово") == "Косово"


def test_serbian_abbreviations_change_script_codes_do_not():
    assert (
        cyr("Rezolucija SBUN 1244/1999, mišljenje MSP, zemlje EU") == "Резолуција СБУН 1244/1999, мишљење МСП, земље ЕУ"
    )
    assert cyr("BiH i ITU, ENISA, CSIRT-a") == "БиХ и ITU, ENISA, CSIRT-а"


# --- what the Serbian translator found (issue 15): paths, codes, product names, abbreviations -----


def test_file_paths_and_names_stay_latin():
    from indicators.text.translit import latin_to_cyrillic

    out = latin_to_cyrillic("Podaci u data/raw i source.yaml, vidi EXCLUDED.md i sim3.dk.")
    assert out == "Подаци у data/raw и source.yaml, види EXCLUDED.md и sim3.dk."


def test_codes_with_underscores_or_digits_stay_latin():
    from indicators.text.translit import latin_to_cyrillic

    out = latin_to_cyrillic("Šifre E_SEC2IUSVF, F_Y16_74 i isoc_cisci_prv20.")
    assert out == "Шифре E_SEC2IUSVF, F_Y16_74 и isoc_cisci_prv20."


def test_product_names_stay_latin():
    from indicators.text.translit import latin_to_cyrillic

    out = latin_to_cyrillic("Format Parquet, paket Frictionless, Trusted Introducer, taster Page Down.")
    assert out == "Формат Parquet, пакет Frictionless, Trusted Introducer, тастер Page Down."


def test_serbian_abbreviations_oebs_and_rnids_change_script():
    from indicators.text.translit import latin_to_cyrillic

    assert latin_to_cyrillic("OEBS i RNIDS") == "ОЕБС и РНИДС"


def test_and_or_slash_in_words_is_still_transliterated():
    from indicators.text.translit import latin_to_cyrillic

    assert latin_to_cyrillic("i/ili") == "и/или"


def test_exception_list_variables_codes_and_latin_names_stay_latin():
    # the exception list: {placeholders}, the one-letter variables n and m, codes, Latin product names
    text = "nedovoljno podataka (n od m); pokrivenost n/m; {economy}: {n} od {m}; NIS2 i CSIRT; Parquet, k cilju"
    assert cyr(text) == (
        "недовољно података (n од m); покривеност n/m; {economy}: {n} од {m}; NIS2 и CSIRT; Parquet, к циљу"
    )
    # letters n and m inside words are Serbian letters as usual
    assert cyr("nam, mn, mnogo") == "нам, мн, много"


def test_no_catalog_message_transliterates_a_placeholder_or_a_variable():
    from babel.messages.pofile import read_po

    from indicators.text.i18n import LOCALE_DIR

    for domain in ("messages", "catalog"):
        with open(LOCALE_DIR / "sr_Latn" / "LC_MESSAGES" / f"{domain}.po", "rb") as fh:
            catalog = read_po(fh)
        for message in catalog:
            strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
            for latin in filter(None, strings):
                cyrillic = cyr(latin)
                assert re.findall(r"\{[^{}]*\}", cyrillic) == re.findall(r"\{[^{}]*\}", latin), message.id
                assert not re.search(r"\b[нм] од [нм]\b|\b[нм]/[нм]\b", cyrillic), message.id


def test_explained_flag_letters_stay_latin_and_the_preposition_u_does_not():
    text = cyr("Oznake Eurostata (u = niska pouzdanost, b = prekid serije) nisu dostupne u kopiji.")
    assert "(u = ниска поузданост, b = прекид серије)" in text and text.endswith("у копији.")


def test_sim3_evidence_grades_and_version_stay_latin():
    """The CERT page's caption quotes the evidence grades the table shows in Latin ("A", "B") and the SIM3
    version: seen in the fourth session as "оцена А/Б/У ... А = ...", "SIM3 мкXВИИИ" in sr_Cyrl."""
    text = cyr(
        "Nazivi su privremeni (ocena A/B/U po parametru), prema tekstu SIM3 mkXVIII. Ocene dokaza: "
        "A = broj i tema potkrepljeni; B = tema potkrepljena, broj nije; U = izvor nije pronađen."
    )
    assert "(оцена A/B/U по параметру)" in text and "SIM3 mkXVIII." in text
    assert "A = број" in text and "; B = тема" in text and "; U = извор" in text
    # a capital letter that is a Serbian word still changes script: "U Srbiji", "A i B" are not grades
    assert cyr("U Srbiji, A i B su slova.") == "У Србији, А и Б су слова."


def test_the_cert_pages_english_tier_names_dataset_id_and_emphasis():
    """Seen on the CERT page in sr_Cyrl (fourth session): "za nivoe Басиц / Интермедиате / Адванцед",
    "iz skupa podataka 'цсиртс'" and "kada je SVAKI od 44" (an emphasised Serbian word left in Latin)."""
    text = cyr("tabela za nivoe Basic / Intermediate / Advanced nije pronađena; podaci iz skupa 'csirts'")
    assert "Basic / Intermediate / Advanced" in text and "'csirts'" in text and text.startswith("табела")
    assert cyr("tim je na nivou kada je SVAKI od 44 parametra") == "тим је на нивоу када је СВАКИ од 44 параметра"
