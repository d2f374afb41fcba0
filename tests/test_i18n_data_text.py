"""Free-text data cells are read in the reader's language (issue 23, "no English left except names, dataset titles
and source titles"): the stakeholder register's role and founding act, the notes of the national survey figures and
of the SIM3 rows (``i18n.NOTES_COLUMNS``), the Eurostat anomalies, and the notes the build writes for every survey
and Eurostat row from a few sentences (``indicators/text/note_templates.py``), whose numbers are written again in
the language's format. A data text with no translation fails here, and on the page it is shown whole in English
with a label saying so, never half translated."""

from __future__ import annotations

import csv
import importlib.util

import pandas as pd
import pytest
from babel.messages.pofile import read_po

from indicators.text.i18n import (
    NOTE_IN_ENGLISH,
    NOTES_COLUMNS,
    NOTES_POT_FILE,
    NOTES_ROWS,
    label_text,
    note_text,
    translations,
)
from indicators.text.note_templates import NOTE_PATTERNS, NOTE_SENTENCES, parse_number, split_note
from tests.conftest import ROOT

LANGS = ("sq", "sr_Latn", "sr_Cyrl", "mk")
DEMO = "DEMONSTRATION DATA: synthetic respondents, not a measurement of any economy."
SHARE = "Weighted share 52.4% (95% CI 50.8-54.0%, Wilson on Kish effective n 3,726); n = 4,478 respondents. " + DEMO
FLAGS = (
    "Eurostat SDMX-CSV (a copy). Eurostat's flags are not available for this row (the copy lost them): low "
    "reliability (u) or a break in series (b) cannot be shown."
)


def _english_label(lang: str) -> str:
    return translations(lang).gettext(NOTE_IN_ENGLISH).split("{note}")[0]


def _read_whole(note: str, lang: str) -> bool:
    text = note_text(note, lang)
    return text != note and not text.startswith(_english_label(lang))


def _cells() -> list[str]:
    cells = []
    for name, columns in NOTES_COLUMNS.items():
        where_col, values = NOTES_ROWS.get(name, (None, ()))
        for path in sorted((ROOT / "data" / "raw").glob(name)):
            with open(path, encoding="utf-8-sig", newline="") as fh:
                rows = [r for r in csv.DictReader(fh) if not where_col or r.get(where_col) in values]
            cells += [(r.get(c) or "").strip() for r in rows for c in columns]
    return sorted({c for c in cells if c and parse_number(c) is None})


def test_the_template_holds_every_data_text_the_extractor_finds():
    spec = importlib.util.spec_from_file_location("extract_note_strings", ROOT / "scripts" / "extract_note_strings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with NOTES_POT_FILE.open("rb") as fh:
        template = {m.id for m in read_po(fh) if m.id}
    assert {text for text, _where in module.note_strings()} == template, "run bash scripts/update_translations.sh"
    assert set(_cells()) | set(NOTE_SENTENCES) | {msg for _rx, msg in NOTE_PATTERNS} <= template


@pytest.mark.parametrize("lang", LANGS)
def test_every_role_founding_act_and_row_note_cell_is_translated(lang):
    cells = _cells()
    assert len(cells) >= 35  # 22 roles, 10 founding acts, the SIM3 and national survey notes
    assert "DCM No. 766/2011" in cells
    untranslated = [c for c in cells if not _read_whole(c, lang)]
    assert not untranslated, untranslated[:5]


@pytest.mark.parametrize(
    ("lang", "share", "n"),
    [("en", "52.4%", "4,478"), ("sq", "52,4%", "4\u00a0478"), ("sr_Latn", "52,4%", "4.478"), ("mk", "52,4%", "4.478")],
)
def test_a_survey_note_is_read_sentence_by_sentence_with_the_languages_numbers(lang, share, n):
    text = note_text(SHARE, lang)
    assert share in text and n in text and "50,8" in text if lang != "en" else text == SHARE
    if lang != "en":
        assert "Weighted" not in text and "DEMONSTRATION" not in text and "respondents" not in text


def test_signs_and_decimals_of_a_gap_note_are_kept():
    gap = (
        "Female minus male -5.6 pp (95% CI -8.4 to +2.7; Newcombe); women 54.8% (n = 2,616), men 60.4% (n = 2,906). "
        + DEMO
    )
    text = note_text(gap, "sr_Latn")
    assert text.startswith("Žene minus muškarci -5,6 p. p.") and "od -8,4 do +2,7" in text and "n = 2.906" in text
    assert "Жене минус мушкарци -5,6" in note_text(gap, "sr_Cyrl")


def test_a_eurostat_note_with_two_anomalies_is_read_whole():
    first = "Bosnia and Herzegovina: enterprises with incidents fall from 20.8 % (2022) to 6.5 % (2024), a possible "
    first += "break in series (flags not available to confirm)."
    second = "Albania 2020 looks internally inconsistent (managed access to personal data = 100 % of internet users "
    second += "while several of its parts are 0-2 %); read with care."
    note = f"{FLAGS} Known anomaly: {first} Known anomaly: {second}"
    assert [m for m, _f in split_note(note)][-2:] == ["Known anomaly: {note}"] * 2
    text = note_text(note, "mk")
    assert text.count("Позната аномалија: ") == 2 and "Босна и Херцеговина" in text and "Албанија 2020" in text
    # the flag letters are Eurostat's codes: Latin in the Cyrillic script too
    assert "(u)" in note_text(FLAGS, "sr_Cyrl") and "(b)" in note_text(FLAGS, "sr_Cyrl")


@pytest.mark.parametrize("lang", LANGS)
def test_a_note_with_an_unknown_sentence_is_shown_whole_in_english_with_its_label(lang):
    for note in (SHARE.replace("respondents.", "people."), DEMO + " A sentence added later.", "Known anomaly: new."):
        assert note_text(note, lang) == _english_label(lang) + note


def test_the_register_table_shows_role_and_founding_act_in_the_language():
    from indicators.text.i18n import set_language
    from indicators.topics.cooperation import register_table

    sel = pd.DataFrame(
        {
            "sector": ["national_csirt"],
            "name": ["ALCIRT (national CSIRT)"],
            "acronym": ["ALCIRT"],
            "role": [
                "National computer security incident response team; since Law No. 25/2024 the Authority (AKSK) "
                "is the national CSIRT."
            ],
            "founded": ["2011"],
            "founding_act": ["DCM No. 766/2011"],
            "confidence": ["verified"],
        }
    )
    set_language("sq")
    try:
        row = register_table(sel).iloc[0].tolist()
    finally:
        set_language("en")
    assert row[2].startswith("Ekipi kombëtar i përgjigjes") and row[4] == "VKM nr. 766/2011"


def test_every_built_survey_eurostat_and_sim3_note_is_read_whole_in_every_language(bundled_data_dir):
    """The notes as the build writes them (thousands, each with its own numbers) all split into known, translated
    sentences: a new wording in etl/formats/survey.py or sdmx.py fails here until note_templates.py has it."""
    from indicators.model.warehouse import Warehouse

    w = Warehouse(bundled_data_dir)
    try:
        notes = w.query(
            "select distinct note from observations where note <> '' and (dataset like 'eurostat_%' "
            "or dataset in ('demo_hygiene_survey', 'hygiene_national'))"
        )["note"].tolist()
        notes += w.query("select distinct note from sim3_assessments where note <> ''")["note"].tolist()
    finally:
        w.close()
    assert len(notes) >= 1000
    for lang in LANGS:
        missing = [n for n in notes if not _read_whole(n, lang)]
        assert not missing, (lang, missing[:3])


def test_the_hygiene_page_shows_a_known_anomaly_in_the_language(bundled_data_dir):
    from tests.apptest_helpers import all_text
    from tests.test_i18n_pages import run_page

    at = run_page(bundled_data_dir, "hygiene", {"unit": "PC_IND_IU3", "period": "2020", "lang": "mk"})
    assert not at.exception
    text = all_text(at)
    assert "† Позната аномалија: Албанија 2020 изгледа внатрешно неконзистентно" in text
    assert "looks internally inconsistent" not in text


def test_the_cooperation_register_shows_roles_in_the_language(bundled_data_dir):
    from tests.test_i18n_pages import run_page

    at = run_page(bundled_data_dir, "cooperation", {"economy": "ALB", "lang": "sr_Cyrl"})
    assert not at.exception
    frames = [el.value for el in at.get("dataframe") if "Улога" in el.value.columns]
    assert frames, "no register table with a translated Role column"
    roles = " ".join(frames[0]["Улога"].astype(str))
    assert "Национални тим за одговор на рачунарске безбедносне инциденте" in roles and "response team" not in roles
    assert "Одлука Савета министара бр. 766/2011" in frames[0]["Оснивачки акт"].tolist()


def test_the_published_figures_show_figure_unit_note_and_number_in_the_language(bundled_data_dir):
    from tests.test_i18n_pages import run_page

    at = run_page(bundled_data_dir, "hygiene", {"view": "published", "lang": "sr_Latn"})
    assert not at.exception
    frames = [el.value for el in at.get("dataframe") if "Napomena" in el.value.columns]
    assert frames
    # every column but the source titles (allowed: titles) and links
    cells = " ".join(
        " ".join(f[c].astype(str)) for f in frames for c in f.columns if c not in ("Izvor", "Veza ka izvoru")
    )
    assert "devojke koje bi digitalno nasilje prijavile nadležnim institucijama" in cells
    assert "81,1 (% ispitanika)" in cells and "81.1" not in cells and "jedan od četiri (prema formulaciji)" in cells
    assert "AMBIGUOUS" not in cells and "respondents" not in cells and "Na engleskom" not in cells


# --------------------------------------------------------------------------------------------------
# Eurostat's own code labels on the hygiene page (items, size classes, compared groups): domain ``notes``


def _eurostat_labels_shown() -> dict[tuple[str, str], str]:
    """(dimension, code) -> English label of every Eurostat code label the hygiene page shows (es.LABELS_SHOWN)."""
    from indicators.topics.hygiene import eurostat as es

    out = {}
    for path in sorted((ROOT / "data" / "raw").glob(es.LABEL_FILES)):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                codes = es.LABELS_SHOWN.get(row["dimension"], ())
                if codes is None or (codes and row["code"] in codes):
                    out[(row["dimension"], row["code"])] = row["label_en"].strip()
    return out


def test_the_hygiene_page_labels_cover_every_item_size_class_and_group_it_shows():
    from indicators.topics.hygiene import eurostat as es

    shown = _eurostat_labels_shown()
    codes = {code for _dim, code in shown}
    assert {c for pair in es.GAP_PAIRS.values() for c in pair} | {es.HEADLINE_SIZE, *es.SIZE_CLASSES} <= codes
    items = set()
    for path in sorted((ROOT / "data" / "raw").glob("eurostat_*/*_wb6.csv")):
        items |= set(pd.read_csv(path, usecols=["indic_is"])["indic_is"])
    assert items and items <= codes  # every item of the bundled tables has its label extracted
    assert len(set(shown.values())) == 73  # of the 169 labels of the codelist file: the rest are never shown


@pytest.mark.parametrize("lang", LANGS)
def test_every_eurostat_label_the_hygiene_page_shows_is_translated(lang):
    missing, split_lost = [], []
    for (_dim, code), label in _eurostat_labels_shown().items():
        text = label_text(label, lang)
        if text == label:
            missing.append(f"{code}: {label}")
        elif ": " in label and ": " not in text:  # the page shows the part after ": " as the short name
            split_lost.append(f"{code}: {text}")
    assert not missing, f"no {lang} translation in notes.po for: {missing}"
    assert not split_lost, f"{lang} translations without the 'topic: item' colon: {split_lost}"
    assert label_text("ICT security measure used: strong password authentication", lang) != (
        label_text("ICT security measure used: strong password authentication", "sq")
        if lang != "sq"
        else "ICT security measure used: strong password authentication"
    )


def test_a_label_without_translation_is_shown_plainly_in_english():
    assert label_text("A label no catalog has", "mk") == "A label no catalog has"
    assert label_text("Students", "en") == "Students" and label_text("", "mk") == "" and label_text(None, "mk") is None
    assert label_text("Students", "qps").startswith("[")


def test_hygiene_page_in_macedonian_shows_eurostat_labels_translated(bundled_data_dir):
    from tests.apptest_helpers import all_text, plotly_figures
    from tests.test_i18n_pages import run_page

    at = run_page(bundled_data_dir, "hygiene", {"lang": "mk", "view": "enterprises", "item": "E_SECMSPSW"})
    assert not at.exception
    text = all_text(at)
    assert "Користена мерка за безбедност на ИКТ: автентикација со силна лозинка" in text
    assert "strong password authentication" not in text
    names = {trace.get("name") for trace in plotly_figures(at)[0]["data"]}
    assert {"Од 10 до 49 вработени", "250 или повеќе вработени"} <= names, names
    at = run_page(bundled_data_dir, "hygiene", {"lang": "mk", "view": "gaps", "compare": "age"})
    assert not at.exception
    assert "Лица од 65 до 74 години" in all_text(at) and "Individuals, 65 to 74 years old" not in all_text(at)
    gaps = [t for trace in plotly_figures(at)[0]["data"] for t in (trace.get("text") or []) if t]
    assert "-58,2 п.п." in gaps and not any(" pp" in t for t in gaps)  # Serbia 2025, as the page's text writes it
