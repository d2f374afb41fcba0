"""Every user-facing string goes through one translation function backed by gettext catalogs."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from indicators.text import i18n
from indicators.text.i18n import (
    CATALOG_LANGUAGES,
    LANGUAGES,
    LOCALE_DIR,
    _,
    current_language,
    format_date,
    format_number,
    format_percent,
    ngettext,
    pseudo,
    set_language,
    translations,
)
from tests.conftest import ROOT


def test_catalog_covers_every_string_in_the_code(tmp_path):
    out = tmp_path / "fresh.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_",
            "-k",
            "ngettext:1,2",
            "--no-location",
            "-o",
            str(out),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with open(out, "rb") as fh:
        fresh = {m.id for m in read_po(fh) if m.id}
    for lang in CATALOG_LANGUAGES:
        with open(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
            known = {m.id for m in read_po(fh) if m.id}
        missing = sorted(str(m) for m in fresh - known)
        assert not missing, f"run scripts/update_translations.sh; missing in {lang}: {missing[:5]}"
    assert len(fresh) > 30


def test_translation_function_uses_the_catalog(tmp_path):
    set_language("en")
    assert _("Economy profile") == "Economy profile"
    assert set_language("xx") == "en"
    assert translations("en").gettext("Gap table: where the largest gaps are")


def test_languages_are_named_in_themselves_and_the_pseudo_locale_is_not_offered():
    assert LANGUAGES == {
        "en": "English",
        "sq": "Shqip",
        "sr_Latn": "Srpski (latinica)",
        "sr_Cyrl": "Српски (ћирилица)",
        "mk": "Македонски",
    }
    assert "qps" not in LANGUAGES
    try:
        assert set_language("qps") == "qps" and current_language() == "qps"
        assert set_language("sr_Cyrl") == "sr_Cyrl" and current_language() == "sr_Cyrl"
        assert set_language(None) == "en" and current_language() == "en"
    finally:
        set_language("en")


def test_every_catalog_language_has_a_po_file_and_sr_cyrl_is_derived():
    for lang in CATALOG_LANGUAGES:
        assert (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").exists()
    assert not (LOCALE_DIR / "sr_Cyrl").exists()
    assert set(LANGUAGES) == set(CATALOG_LANGUAGES) | {"sr_Cyrl"}


@pytest.mark.parametrize(
    "lang, number, one_decimal, pct, pct_ratio, date",
    [
        # what Babel 2.18 (CLDR) really returns; \xa0 is a no-break space, \u202f a narrow one
        ("en", "1,234,567", "1,234.5", "42.5%", "7%", "Mar 5, 2024"),
        ("sq", "1\xa0234\xa0567", "1\xa0234,5", "42,5%", "7%", "5 mar 2024"),
        ("sr_Latn", "1.234.567", "1.234,5", "42,5%", "7%", "5. 3. 2024."),
        ("sr_Cyrl", "1.234.567", "1.234,5", "42,5%", "7%", "5. 3. 2024."),
        ("mk", "1.234.567", "1.234,5", "42,5\xa0%", "7\xa0%", "5.3.2024\u202fг."),
    ],
)
def test_formatting_follows_the_current_locale(lang, number, one_decimal, pct, pct_ratio, date):
    try:
        set_language(lang)
        assert format_number(1234567) == number
        assert format_number(1234.5, 1) == one_decimal
        assert format_percent(42.5, 1) == pct
        assert format_percent(0.07, ratio=True) == pct_ratio
        assert format_date("2024-03-05") == date
    finally:
        set_language("en")


def test_formatting_details():
    assert format_number(2.0, 2, "en") == "2.00"
    assert format_number(1234.56, 0, "sq") == "1\xa0235"
    assert format_number(None) == "" and format_number(float("nan"), 1) == ""  # missing is never 0
    assert format_percent(None) == ""
    assert format_date(datetime.date(2024, 12, 1), "long", "sq") == "1 dhjetor 2024"
    assert format_date("2024-12-01", "long", "sr_Cyrl") == "1. децембра 2024."  # the genitive after a day number


def test_pseudo_wraps_accents_and_keeps_placeholders():
    assert pseudo("Welcome") == "[Ŵëļçöɱë]"
    assert pseudo("") == ""
    got = pseudo("{economy}: %s of %(total)d, see [the source](https://example.org/a) <b>x</b>")
    assert got == "[{economy}: %s öƒ %(total)d, šëë [ţĥë šöûŕçë](https://example.org/a) <b>ẋ</b>]"


def test_pseudo_locale_translates_every_message_of_the_template(tmp_path):
    pot = tmp_path / "t.pot"
    pot.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Gap table"\nmsgstr ""\n\n'
        'msgid "{n} economy"\nmsgid_plural "{n} economies"\nmsgstr[0] ""\nmsgstr[1] ""\n',
        encoding="utf-8",
    )
    catalog = i18n.pseudo_catalog(pot)
    assert catalog["Gap table"].string == "[Ĝåþ ţåƀļë]"
    assert catalog[("{n} economy", "{n} economies")].string == ("[{n} ëçöñöɱý]", "[{n} ëçöñöɱîëš]")
    try:
        set_language("qps")
        assert _("Economy profile") == "[Ëçöñöɱý þŕöƒîļë]"
        assert ngettext("{n} economy", "{n} economies", 2) in ("[{n} ëçöñöɱîëš]", "{n} economies")
    finally:
        set_language("en")


def test_sr_cyrl_catalog_is_the_transliterated_sr_latn_catalog(monkeypatch, tmp_path):
    lat = tmp_path / "sr_Latn" / "LC_MESSAGES"
    lat.mkdir(parents=True)
    (lat / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Economy profile"\nmsgstr "Profil privrede"\n\n'
        'msgid "Legal measures in {economy}"\nmsgstr "Pravne mere u {economy} (NIS2, CSIRT)"\n\n'
        'msgid "Untranslated"\nmsgstr ""\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    try:
        cyr = i18n.translations("sr_Cyrl")
        assert cyr.gettext("Economy profile") == "Профил привреде"
        assert cyr.gettext("Legal measures in {economy}") == "Правне мере у {economy} (NIS2, CSIRT)"
        assert cyr.gettext("Untranslated") == "Untranslated"  # falls back to English
        assert i18n.translations("sr_Latn").gettext("Economy profile") == "Profil privrede"
        assert i18n.completeness("sr_Cyrl") == (2, 3)
    finally:
        monkeypatch.undo()
        i18n.translations.cache_clear()


def test_a_page_renders_in_the_pseudo_locale(bundled_data_dir):
    """The methodology page in ?lang=qps: no error, and its translated text comes out pseudo-localised
    (the full 'no English fragment on any page' check comes with the page translations).

    AppTest calls a widget's format_func in the test's own thread, outside the script run, so the
    test thread must be in the same language as the page or a translated option is not found."""
    from tests.apptest_helpers import all_text, run_page

    try:
        set_language("qps")
        at = run_page(bundled_data_dir, "methodology", {"lang": "qps"})
        assert not at.exception
        text = all_text(at)
        assert pseudo("Methodology") in text or "[" in text
        assert any(ch in text for ch in "åëöûî")
    finally:
        set_language("en")


# --- the catalog domain (indicator names, descriptions, units, labels) at run time -----------------


def _fixture_catalog():
    from indicators.model.catalog import Catalog, Indicator, Pillar

    ind = Indicator(
        id="law_status",
        name="Cybercrime law",
        description="Whether a law exists.",
        family="f",
        pillar="legal",
        unit="status",
        direction="higher_is_better",
        sources=("s",),
        categories={"yes": 100.0, "no": 0.0},
        category_labels={"yes": "Adopted", "no": "None"},
        target={"value": 100, "label": "Law adopted"},
    )
    return Catalog(indicators={"law_status": ind}, pillars=(Pillar(id="legal", name="Legal", description="Laws."),))


def test_translate_catalog_translates_every_user_facing_text_and_keeps_the_rest(monkeypatch):
    import indicators.text.i18n as i18n

    words = {
        "Cybercrime law": "Ligji",
        "Whether a law exists.": "A ka ligj.",
        "status": "statusi",
        "Adopted": "Miratuar",
        "None": "Asnjë",
        "Law adopted": "Ligji i miratuar",
        "Legal": "Ligjore",
        "Laws.": "Ligje.",
    }
    monkeypatch.setattr(i18n, "catalog_text", lambda text, lang=None: words.get(text, text))
    original = _fixture_catalog()
    out = i18n.translate_catalog(original, "sq")
    ind = out.indicators["law_status"]
    assert (ind.name, ind.description, ind.unit) == ("Ligji", "A ka ligj.", "statusi")
    assert ind.category_labels == {"yes": "Miratuar", "no": "Asnjë"}
    assert ind.target == {"value": 100, "label": "Ligji i miratuar"}
    assert ind.categories == {"yes": 100.0, "no": 0.0} and ind.id == "law_status" and ind.pillar == "legal"
    assert (out.pillars[0].name, out.pillars[0].description, out.pillars[0].id) == ("Ligjore", "Ligje.", "legal")
    assert original.indicators["law_status"].name == "Cybercrime law"  # a copy: the cached original unchanged
    assert i18n.translate_catalog(original, "en") is original


def test_catalog_domain_is_complete_and_made_for_sr_cyrl_and_qps():
    from indicators.text.i18n import CATALOG_DOMAIN, LANGUAGES, catalog_text, completeness

    for lang in LANGUAGES:  # the bundled catalog is translated; a new indicator's texts may wait (never a failure)
        done, total = completeness(lang, CATALOG_DOMAIN)
        assert total > 0 and done <= total, lang
    assert catalog_text("Legal", "sr_Latn") == "Pravni"
    assert catalog_text("Legal", "sr_Cyrl") == "Правни"
    assert catalog_text("Legal", "qps") == "[Ļëĝåļ]"
    assert catalog_text("Legal", "en") == "Legal"


def test_templates_carry_no_python_format_flag():
    from indicators.text.i18n import CATALOG_POT_FILE, POT_FILE

    for path in (POT_FILE, CATALOG_POT_FILE):
        assert "python-format" not in path.read_text(encoding="utf-8"), path


FORMAT_SPEC = re.compile(r"\{[A-Za-z_]\w*(?:\.\w+|\[[^\]]*\])*(?:![rsa])?:[^{}]*\}|%[#0\-+ ]*\d*\.\d+[fFeEgG]")


def test_no_message_formats_a_number_itself():
    """A number in a message is formatted by the locale formatter (format_number, format_percent) before it is
    passed: a msgid such as "({mean:.2f})" or "{share:g}" writes 0.50 with a decimal point in every language."""
    from indicators.text.i18n import CATALOG_POT_FILE, POT_FILE

    for path in (POT_FILE, CATALOG_POT_FILE):
        with path.open("rb") as fh:
            catalog = read_po(fh)
        specs = {
            (msgid, m.group(0))
            for message in catalog
            if message.id
            for msgid in (message.id if isinstance(message.id, tuple) else (message.id,))
            for m in FORMAT_SPEC.finditer(msgid)
        }
        assert not specs, (path.name, sorted(specs))
    assert FORMAT_SPEC.search("the mean ({mean:.2f})") and FORMAT_SPEC.search("min_share {share:g}")
    assert FORMAT_SPEC.search("%.1f %%") and not FORMAT_SPEC.search("{n} of {m}, 42 % and {value}")


def test_links_carry_the_language_except_english():
    from indicators.text.i18n import language_param, with_language

    assert with_language("methodology?source=a", "sq") == "methodology?source=a&lang=sq"
    assert with_language("glossary#nis2", "mk") == "glossary?lang=mk#nis2"
    assert with_language("research?topic=gender", "en") == "research?topic=gender"
    assert language_param("sr_Cyrl") == {"lang": "sr_Cyrl"} and language_param("en") == {}


def _module_level_translations(path) -> list[int]:
    """Lines of calls to ``_``/``ngettext`` outside any function or lambda: they run once, at import, in
    whatever language the first visitor of the process had."""
    import ast

    found = []

    class Visitor(ast.NodeVisitor):
        depth = 0

        def _nested(self, node):
            self.depth += 1
            self.generic_visit(node)
            self.depth -= 1

        visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _nested

        def visit_Call(self, node):
            if not self.depth and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                found.append(node.lineno)
            self.generic_visit(node)

    Visitor().visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def test_no_library_module_translates_at_import():
    """Seen in the browser: the research page in Macedonian listed its topics in Albanian, because
    indicators/topics/research.py translated its topic names when it was first imported (by a visitor in sq).
    Library and ui modules mark such strings with N_ and translate them where they are shown; pages and
    dashboard.py are scripts run on every rerun, so they may translate at their top level."""
    modules = sorted([*(ROOT / "indicators").rglob("*.py"), *(ROOT / "ui").rglob("*.py")])
    offenders = {str(p.relative_to(ROOT)): lines for p in modules if (lines := _module_level_translations(p))}
    assert offenders == {}, offenders


def test_research_topics_follow_the_language_whatever_the_language_at_import():
    from indicators.topics import research as rs

    try:
        set_language("sq")
        albanian = _(rs.TOPICS["gender"][0])
        set_language("mk")
        macedonian = _(rs.TOPICS["gender"][0])
    finally:
        set_language("en")
    assert rs.TOPICS["gender"][0] == "Gender"
    assert albanian != macedonian and macedonian != "Gender", (albanian, macedonian)
