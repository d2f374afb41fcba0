"""The methodology page's dataset and source texts and the research library's summaries are read in the reader's
language (issue 23, fourth session: "no English left except names, dataset titles and source titles"): every
``source.yaml``'s description and licence, each source's licence and where it was read, and the 35 summaries are
messages of the ``notes`` domain. Codes, paths, commit hashes and URLs inside them stay as written in every language
(Serbian Cyrillic included). The ``EXCLUDED.md`` files are researchers' records: the page counts their entries and
says where the list is, in the reader's language, and never quotes them. Serbian writes the month in the genitive
after a day number ("27. novembra 2026.")."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re

import pytest

from indicators.text.citation import local_date
from indicators.text.i18n import DAY_MONTH_NAMES, NOTE_IN_ENGLISH, format_date, note_text, set_language, translations
from indicators.text.translit import latin_to_cyrillic
from tests.conftest import ROOT

LANGS = ("sq", "sr_Latn", "sr_Cyrl", "mk")
# Codes inside a source text: URLs, repository names and paths, file names, commit hashes, ids with underscores.
_CODE = re.compile(
    r"https?://\S+|[\w.@*<>-]*[/_@][\w.@*<>/-]*|\b\w+\.(?:csv|py|md|json|duckdb|R|pdf)\b|\b[0-9a-f]{7,40}\b"
)
# Slash pairs of plain English words, which are translated ("score/rank", "points/max").
_WORDS = re.compile(r"[A-Za-z]+/[A-Za-z]+")


def _extractor():
    spec = importlib.util.spec_from_file_location("extract_note_strings", ROOT / "scripts" / "extract_note_strings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read_whole(text: str, lang: str) -> bool:
    label = translations(lang).gettext(NOTE_IN_ENGLISH).split("{note}")[0]
    shown = note_text(text, lang)
    return shown != text and not shown.startswith(label)


def _summaries() -> list[str]:
    import csv

    with open(ROOT / "data" / "raw" / "research_library" / "research_library.csv", encoding="utf-8-sig") as fh:
        return [r["summary"].strip() for r in csv.DictReader(fh) if r["summary"].strip()]


def test_the_extractor_finds_every_dataset_and_source_text():
    texts = _extractor().source_texts()
    fields = [where.rsplit(" ", 1)[-1] for _t, where in texts]
    assert fields.count("description") == 21 and fields.count("licence") >= 21  # one per dataset
    assert len({t for t, where in texts if where.endswith("licence")}) == 17
    assert len({t for t, where in texts if where.endswith("where_found")}) == 48  # 49 with the blank one
    assert "archived copy of the source page" in {t for t, _w in texts}


@pytest.mark.parametrize("lang", LANGS)
def test_every_dataset_and_source_text_is_translated(lang):
    untranslated = sorted({t for t, _where in _extractor().source_texts() if not _read_whole(t, lang)})
    assert not untranslated, untranslated[:5]


@pytest.mark.parametrize("lang", LANGS)
def test_every_research_summary_is_translated(lang):
    summaries = _summaries()
    assert len(summaries) == 35
    untranslated = [s for s in summaries if not _read_whole(s, lang)]
    assert not untranslated, untranslated[:3]


@pytest.mark.parametrize("lang", LANGS)
def test_codes_paths_hashes_and_urls_stay_as_written(lang):
    problems = []
    texts = [t for t, _where in _extractor().source_texts()] + _summaries()
    for text in texts:
        shown = note_text(text, lang)
        for token in _CODE.findall(text):
            token = token.rstrip(".,;)")
            if len(token) > 2 and not _WORDS.fullmatch(token) and token not in shown:
                problems.append((token, shown[:120]))
    # the Serbian abbreviation of the North Macedonian agency changes script, as everywhere: AEK/MKD-CIRT
    problems = [p for p in problems if p[0] != "AEC/MKD-CIRT"]
    assert not problems, problems[:5]


def test_numbers_in_the_summaries_follow_the_language():
    survey = "Representative survey of 1,400 respondents (14-28 September 2022, by region, sex and age)"
    text = next(s for s in _summaries() if s.startswith(survey))
    assert "1.400 ispitanika" in note_text(text, "sr_Latn") and "1.400 испитаника" in note_text(text, "sr_Cyrl")
    assert "1\u00a0400 të anketuar" in note_text(text, "sq") and "1.400 испитаници" in note_text(text, "mk")


def test_an_unknown_source_text_is_shown_in_english_with_its_label():
    assert (
        note_text("a page nobody translated yet", "mk")
        == "На англиски (како што е запишано): a page nobody translated yet"
    )


def test_methodology_shows_the_texts_in_the_language_and_counts_the_excluded_lists(bundled_data_dir):
    from indicators.model.explore import excluded_items, excluded_notes
    from tests.apptest_helpers import all_text
    from tests.test_i18n_pages import run_page

    at = run_page(bundled_data_dir, "methodology", {"lang": "sr_Cyrl"})
    assert not at.exception
    text = all_text(at).replace("\\", "")
    assert "Лиценца или услови: Чињенице из јавних докумената; видети сваки извор" in text
    assert "Један ред по економији и правној чињеници." in text  # the legislation dataset's description
    assert "Где је прочитано: архивирана копија странице извора" in text
    assert "GitHub репозиторијум thomas-schaad/WB6" in text and "data/indicators_scores.csv (извоз из Data Hub)" in text
    assert "archived copy" not in text and "Facts from public" not in text and "На енглеском" not in text
    # EXCLUDED.md: a count and the file's place, in the language; never the record's own words
    assert "`legislation`: 9 ставки на списку изостављених редова (списак, на енглеском: " in text
    assert "`research_library`: ништа није изостављено (запис, на енглеском: " in text
    assert "approval date" not in text and "None: this folder" not in text
    labels = [e.label for e in at.expander if e.label.startswith("21 скуп података: ")]
    total = sum(len(excluded_items(t)) for t in excluded_notes(bundled_data_dir / "raw").values())
    entries = translations("sr_Cyrl").ngettext(
        "{n} entry in the lists of rows left out", "{n} entries in the lists of rows left out", total
    )
    assert labels == ["21 скуп података: " + entries.format(n=total)]
    assert entries.endswith("на списковима изостављених редова") and entries.split()[1] in (
        "ставка",
        "ставке",
        "ставки",
    )


def test_the_research_page_shows_the_summaries_in_the_language(bundled_data_dir):
    from tests.apptest_helpers import all_text
    from tests.test_i18n_pages import run_page

    at = run_page(bundled_data_dir, "research", {"lang": "mk"})
    assert not at.exception
    text = all_text(at).replace("\\", "")
    assert "Преглед на Србија според Моделот за зрелост на капацитетите за сајбер безбедност (CMM)" in text
    assert "Maps national cybersecurity laws" not in text and "На англиски" not in text


@pytest.mark.parametrize(
    ("lang", "long", "full"),
    [
        ("sr_Latn", "27. novembra 2026.", "petak, 27. novembra 2026."),
        ("sr_Cyrl", "27. новембра 2026.", "петак, 27. новембра 2026."),
        ("sq", "27 nëntor 2026", "e premte, 27 nëntor 2026"),  # Albanian does not decline the month here
        ("mk", "27 ноември 2026\u202fг.", "петок, 27 ноември 2026\u202fг."),  # nor does Macedonian
    ],
)
def test_a_date_writes_the_month_in_the_case_the_language_wants_after_a_day(lang, long, full):
    day = dt.date(2026, 11, 27)
    assert format_date(day, "long", lang) == long and format_date(day, "full", lang) == full
    set_language(lang)
    try:
        assert local_date("2026-11-27") == long
    finally:
        set_language("en")


def test_every_serbian_month_has_its_genitive_and_cyrillic_is_the_same_transliterated():
    latin = DAY_MONTH_NAMES["sr_Latn"]
    assert len(latin) == 12 and latin[0] == "januara" and latin[6] == "jula" and latin[11] == "decembra"
    assert DAY_MONTH_NAMES["sr_Cyrl"] == tuple(latin_to_cyrillic(m) for m in latin)
    assert [format_date(dt.date(2026, m, 1), "long", "sr_Latn") for m in (3, 5, 8)] == [
        "1. marta 2026.",
        "1. maja 2026.",
        "1. avgusta 2026.",
    ]
    assert format_date(dt.date(2026, 11, 27), "d. MMMM", "sr_Latn") == "27. novembra"  # a pattern with a day
    assert format_date(dt.date(2026, 11, 27), "MMMM y", "sr_Latn") == "novembar 2026"  # no day: nominative


def test_cyrillic_keeps_repository_names_and_relative_paths_but_not_serbian_slash_words():
    assert latin_to_cyrillic("repozitorijum thomas-schaad/WB6, putanja R/preprocessing/GCI_2020_preprocess.R") == (
        "репозиторијум thomas-schaad/WB6, путања R/preprocessing/GCI_2020_preprocess.R"
    )
    assert latin_to_cyrillic("iz ../shared/reference-data/gender.csv i my_db.duckdb") == (
        "из ../shared/reference-data/gender.csv и my_db.duckdb"
    )
    assert latin_to_cyrillic("i/ili, bodovi/maksimum, AEK/MKD-CIRT") == "и/или, бодови/максимум, АЕК/MKD-CIRT"
    assert latin_to_cyrillic("izvoz iz Data Hub (eGA, pandasdmx)") == "извоз из Data Hub (eGA, pandasdmx)"
