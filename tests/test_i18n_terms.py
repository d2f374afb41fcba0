"""One terminology per language (indicators/locale/terminology.csv) and no English left in the catalogs.

- Every row of the terminology file names the official or institutional source it follows (or says it was
  not checked), and carries a ``check``: either ``msgid:<English message>`` (the message's translation in
  each language IS the term: SIM3 levels, tier names, pillar names, fact states) or
  ``en:<regex>; sq:<regex>; sr_Latn:<regex>; mk:<regex>`` (every message whose English text uses the term
  uses the language's term in its translation, in any inflected form the regex allows).
- No translation contains an English word from :data:`ENGLISH_WORDS` once placeholders, URLs, code, file
  names, codes in capitals and the names in :data:`ALLOWED` (product, dataset and source names) are set
  aside.
"""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from indicators.text import glossary
from indicators.text.i18n import LOCALE_DIR, set_language, translations

LANGS = ("sq", "sr_Latn", "mk")
DOMAINS = ("messages", "catalog", "notes")


def _catalogs():
    out = {}
    for lang in LANGS:
        for domain in DOMAINS:
            with open(LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po", "rb") as fh:
                out[lang, domain] = read_po(fh)
    return out


CATALOGS = _catalogs()


def _messages(lang):
    """(domain, English text, translations) of every message of ``lang``; plural messages give both English
    forms joined and every translated form."""
    for domain in DOMAINS:
        for m in CATALOGS[lang, domain]:
            if not m.id:
                continue
            english = " | ".join(m.id) if isinstance(m.id, (tuple, list)) else m.id
            strings = [s for s in (m.string if isinstance(m.string, (tuple, list)) else (m.string,)) if s]
            yield domain, english, strings


def _checks():
    rows = glossary.load_terminology()
    for tid, row in rows.items():
        check = (row.get("check") or "").strip()
        if check:
            yield tid, row, check


# Messages where the English word is not the domain term (another sense) - with the reason.
NOT_THE_TERM = {
    # "gap" as a verb-free everyday word inside names of other concepts, none at present
    ("confidence", "95% interval"): "a confidence interval, not the confidence level",
    ("incident", "Membership of the national CSIRT in FIRST"): "'Incident' inside FIRST's own English name, kept",
    ("secondary", "Atina study 'Ispred ekrana'"): "secondary schools (a published figure's note), not the level",
    ("peer_learning", "girls who experienced, or know a peer"): "a girl's peer (a published figure)",
}


def test_terminology_rows_have_sources_and_checks_that_parse():
    rows = glossary.load_terminology()
    for tid in (
        "index_lens",
        "status_lens",
        "coverage",
        "confidence",
        "verified",
        "secondary",
        "synthetic",
        "gap",
        "best",
        "rank_band",
        "normalised",
        "suppressed",
        "pillar",
        "sim3_level_1",
        "tier_basic",
        "incident",
        "pillar_score",
        "csirt",
        "critical_infrastructure",
        "peer_learning",
        "multistakeholder_body",
    ):
        assert tid in rows, tid
    for tid, row, check in _checks():
        assert row["source"].strip(), tid
        if check.startswith("msgid:"):
            continue
        parts = dict(p.strip().split(":", 1) for p in check.split(";"))
        assert set(parts) == {"en", *LANGS}, tid
        for pattern in parts.values():
            re.compile(pattern)


def test_a_term_marked_official_names_the_source_it_was_read_in():
    """'official' means the wording was read in an official or institutional text of that language (a law, a
    ministry, a statistical office, a national CERT): every domain term (a row with a check) that claims it for
    a language cites at least one address in its source, and a row that says the term was not checked does not
    claim it."""
    for tid, row, _check in _checks():
        levels = dict(p.strip().split(":", 1) for p in row["confidence"].split(";"))
        official = [lang for lang, level in levels.items() if level.strip() == "official"]
        if official:
            assert re.search(r"https?://", row["source"]), (tid, official)
        if re.search(r"\bNot checked\b", row["source"]):
            assert not official, (tid, "says 'Not checked' but claims official", official)


@pytest.mark.parametrize("lang", LANGS)
def test_every_catalog_uses_the_terminology(lang):
    problems = []
    for tid, row, check in _checks():
        if check.startswith("msgid:"):
            msgid = check[len("msgid:") :]
            found = [s for _d, en, strings in _messages(lang) if en == msgid for s in strings]
            assert found, (tid, msgid)
            if any(s != row[lang] for s in found):
                problems.append((tid, msgid, found, row[lang]))
            continue
        parts = dict(p.strip().split(":", 1) for p in check.split(";"))
        en_re, local_re = re.compile(parts["en"], re.I), re.compile(parts[lang], re.I)
        for _domain, english, strings in _messages(lang):
            # placeholders, code spans (names of tables and codes) and paths are not terms
            if not en_re.search(re.sub(r"\{[^{}]*\}|`[^`]*`|\b[\w.-]+/[\w./-]+", " ", english)) or any(
                english.startswith(k[1]) for k in NOT_THE_TERM if k[0] == tid
            ):
                continue
            for s in strings:
                if not local_re.search(s):
                    problems.append((tid, english[:80], s[:160]))
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("lang", ["sq", "sr_Latn", "sr_Cyrl", "mk"])
def test_msgid_terms_are_what_the_running_catalog_shows(lang):
    set_language(lang)
    try:
        for tid, row, check in _checks():
            if check.startswith("msgid:"):
                msgid = check[len("msgid:") :]
                domain = "catalog" if tid.startswith("pillar_") else "messages"
                assert translations(lang, domain).gettext(msgid) == row[lang], tid
    finally:
        set_language("en")


# English words that must not appear in a translation (common words of the interface and the methodology).
_ENGLISH_TEXT = """
    the and of with for from into only never always more less view views show shows shown click select download
    data value values score scores scored rank ranked ranks gap gaps best worst lens lenses coverage confidence
    verified secondary synthetic suppressed normalised normalized pillar pillars indicator indicators economy
    economies country countries source sources seed flags flag build builds built warehouse page pages deck slide
    slides brief table tables chart charts map maps legend hover axis year years period periods note notes missing
    assessed assessment available applicable insufficient partly place status team teams tier tiers level levels
    weighted share shares survey respondents women men other others here there this that these those which what
    when where why how not none all any each every some many much most least highest lowest higher lower
"""
ENGLISH_WORDS = frozenset(_ENGLISH_TEXT.split())
# Names that stay as they are (products, datasets, sources, organisations, file formats, Latin names).
_ALLOWED_TEXT = """
    Trusted Introducer Page Down Up Parquet Frictionless Streamlit DuckDB GitHub Excel Eurostat Oxford Wilson Kish
    Newcombe Wi Fi README datapackage json csv yaml Global Cybersecurity Index National Cyber Security Maturity
    Model Open CSIRT Foundation Forum Incident Response Teams FIRST Handbook Constructing Composite Indicators
"""
ALLOWED = frozenset(_ALLOWED_TEXT.split())
# Names of more than one word that stay in English (organisations).
ALLOWED_PHRASES = ("UN Women", "Trusted Introducer", "Page Down", "Page Up")
# Words that are also words of the language (false friends): Albanian "data" (date), Serbian "period",
# "status", "data" (given).
FALSE_FRIENDS = {"sq": {"data"}, "sr_Latn": {"period", "status", "data", "table"}, "mk": set()}
_STRIP = re.compile(
    r"""\{[^{}]*\} | https?://\S+ | www\.\S+ | `[^`]*` | <[^<>]+> | \b[\w.-]+\.(?:ya?ml|md|csv|json|py|pdf|html)\b
    | \b[\w.-]*/[\w./*-]+ | \b\w*[_\d]\w*\b | \b[A-Z]{2,}\w*\b | '[^']*' | "[^"]*" | “[^”]*” | „[^“”]*[“”] | ‘[^’]*’ | \([^()]*\b[A-Z]\w+\s[A-Z]\w+[^()]*\)""",
    re.VERBOSE,
)


def english_words(text: str, lang: str = "") -> list[str]:
    """The words of ``text`` that are in :data:`ENGLISH_WORDS`, after setting aside placeholders, URLs,
    code, paths, file names, codes, quoted titles, allowed names and the language's false friends."""
    for phrase in ALLOWED_PHRASES:
        text = text.replace(phrase, " ")
    plain = _STRIP.sub(" ", text)
    words = re.findall(r"[^\W\d_]+", plain)
    friends = FALSE_FRIENDS.get(lang, set())
    return [w for w in words if w.lower() in ENGLISH_WORDS and w not in ALLOWED and w.lower() not in friends]


def test_english_word_check_finds_english_and_keeps_names():
    assert english_words("Rezultati i shtyllës me seed të fiksuar") == ["seed"]
    assert english_words("View 4 more") == ["View", "more"]
    assert english_words("{economy}: Profili (Eurostat isoc_cisci_prv20, 'Global Cybersecurity Index')") == []
    assert english_words("Ocena stuba: NIS2, CSIRT, data/raw, `python -m etl build`") == []
    assert english_words("mostër, pagesës, notë", "sq") == [] and english_words("period i status", "sr_Latn") == []
    assert english_words("Ocena (data)", "sq") == [] and english_words("Ocena (data)", "mk") == ["data"]


@pytest.mark.parametrize("lang", LANGS)
def test_no_english_word_left_in_a_translation(lang):
    problems = [
        (english[:70], s[:140], english_words(s, lang))
        for _domain, english, strings in _messages(lang)
        for s in strings
        if english_words(s, lang)
    ]
    assert not problems, "\n".join(map(str, problems))


# The status lens's fact states, as the catalogs write them inside longer messages (issue 23, fourth session:
# "Šta postoji, delimično postoji, ne postoji ...", "'5 nga 8 ekzistojnë'" were left after the states' own
# messages had been fixed, because the rows' check only reads the state's own message).
FACT_STATES = {
    "in place": "state_in_place",
    "partly in place": "state_partly",
    "missing": "state_missing",
    "not assessed": "state_not_assessed",
}
# "exists", the word the states replaced, where the English does not speak of existing
EXISTS = {"sq": r"\bekzist", "sr_Latn": r"\bpostoj", "mk": r"\bпосто[иј]"}
QUOTE_OPEN, QUOTE_CLOSE = "['\"„“‘«]", "['\"“”’»]"


@pytest.mark.parametrize("lang", LANGS)
def test_fact_states_inside_sentences_use_the_terms(lang):
    """A state quoted in a message ('in place', 'missing' ...) is quoted in the translation with the
    language's term, and no message that says "in place" (without speaking of existing) says "exists"."""
    rows = glossary.load_terminology()
    problems = []
    for _domain, english, strings in _messages(lang):
        for state, tid in FACT_STATES.items():
            if f"'{state}'" not in english:
                continue
            term = re.escape(rows[tid][lang])
            for s in strings:
                if not re.search(QUOTE_OPEN + term + QUOTE_CLOSE, s, re.IGNORECASE):
                    problems.append((state, english[:60], s[:120]))
        if re.search(r"\bin place\b", english) and not re.search(r"\bexist", english):
            problems += [("exists", english[:60], s[:120]) for s in strings if re.search(EXISTS[lang], s, re.I)]
    assert not problems, "\n".join(map(str, problems))


def test_glossary_uses_the_terminology_for_the_terms_it_shares():
    from indicators.text.glossary import lookup

    rows = glossary.load_terminology()
    for tid in ("verified", "secondary", "synthetic", "suppressed", "index_lens", "status_lens"):
        for lang in ("sq", "sr_Latn", "sr_Cyrl", "mk"):
            assert lookup(tid, lang).term.lower() == rows[tid][lang].lower(), (tid, lang)


@pytest.mark.parametrize(
    ("lang", "separators", "text"),
    [
        ("en", ".,", "1,234.5"),
        ("sq", ",\u00a0", "1\u00a0234,5"),
        ("sr_Latn", ",.", "1.234,5"),
        ("sr_Cyrl", ",.", "1.234,5"),
        ("mk", ",.", "1.234,5"),
    ],
)
def test_chart_separators_follow_the_language(lang, separators, text):
    import plotly.graph_objects as go

    from indicators.text.i18n import format_trimmed, localize_figure, plotly_separators

    assert plotly_separators(lang) == separators
    assert format_trimmed(1234.5, 2, lang) == text and format_trimmed(100.0, 2, lang) == "100"
    fig = localize_figure(go.Figure(go.Bar(x=[2023, 2024], y=[62.5, 100.0])), lang)
    assert fig.layout.separators == separators
    assert not fig.layout.xaxis.separatethousands  # years (four digits) are never grouped


def test_every_chart_reaches_the_page_through_the_one_helper():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    callers = [
        f"{p.relative_to(root)}:{i}"
        for d in ("pages", "ui")
        for p in sorted((root / d).rglob("*.py"))
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if ".plotly_chart(" in line
        and "blocks.plotly_chart(" not in line
        and "(target or st).plotly_chart(" not in line
        and p.name != "warmup.py"  # ui/warmup.py: a hidden empty chart with no number, kept light (no views import)
    ]
    assert callers == [], callers
    assert "plotly_chart(" not in (root / "dashboard.py").read_text(encoding="utf-8")
