"""Serbian Latin -> Cyrillic: digraphs, capitals, exceptions, and what must stay untouched."""
from __future__ import annotations

import pytest

from indicators.translit import latin_to_cyrillic as cyr


@pytest.mark.parametrize("latin, cyrillic", [
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
])
def test_words(latin, cyrillic):
    assert cyr(latin) == cyrillic


@pytest.mark.parametrize("kept", [
    "NIS2", "CSIRT", "ALB", "WB6", "EU27", "CETS 185", "{economy}", "{value:.1f}", "%s", "%(n)d",
    "https://www.coe.int/en/web/cybercrime", "not_covered", "<b>", "`pillar`",
])
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
    assert cyr("Rezolucija SBUN 1244/1999, mišljenje MSP, zemlje EU") == \
        "Резолуција СБУН 1244/1999, мишљење МСП, земље ЕУ"
    assert cyr("BiH i ITU, ENISA, CSIRT-a") == "БиХ и ITU, ENISA, CSIRT-а"
