"""One translation function for every user-facing string, backed by gettext catalogs, and locale-aware
formatting of numbers, percentages and dates.

Catalogs live in ``indicators/locale/<lang>/LC_MESSAGES/messages.po`` (edited with Babel:
``scripts/update_translations.sh``; see README). They are compiled in memory at first use, so no
binary ``.mo`` files are committed. English is the source language. Two catalogs are never written
by hand:

- ``sr_Cyrl`` (Serbian, Cyrillic script) is made in memory from ``sr_Latn`` with
  :func:`indicators.text.translit.latin_to_cyrillic`, so the two scripts can never disagree;
- ``qps`` is a pseudo-locale made in memory from the template ``messages.pot``: every message is
  wrapped in brackets with accented letters (``[Ŵëļçöɱë]``) and its placeholders kept. A page
  rendered in it shows at a glance which English text did not go through ``_()``. It is accepted by
  :func:`set_language` but is not offered in :data:`LANGUAGES` (the language chooser).

The language is held in a context variable set at the start of each script run, so concurrent
dashboard sessions never see each other's language.
"""

from __future__ import annotations

import contextvars
import datetime as _dt
import gettext
import io
import math
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal as _babel_format_decimal
from babel.numbers import format_percent as _babel_format_percent

from indicators.model import paths
from indicators.text.note_templates import parse_number, split_note
from indicators.text.translit import latin_to_cyrillic

LOCALE_DIR = paths.LOCALE_DIR
POT_FILE = LOCALE_DIR / "messages.pot"
DOMAIN = "messages"
# Second domain: the indicator catalog's own texts (indicator names, descriptions, units, category and
# target labels, pillar names and descriptions), template made by scripts/extract_catalog_strings.py.
CATALOG_DOMAIN = "catalog"
CATALOG_POT_FILE = LOCALE_DIR / "catalog.pot"
# Third domain: the public notes of the key facts (laws, strategies, national CSIRTs, multistakeholder bodies, the
# headline indices, the CMM review) that the economy profile, the legislation tracker and the CERT page show under a
# fact; the English note in the raw data file is the message id (template made by scripts/extract_note_strings.py).
# NOTES_FILES: raw file -> the indicator ids whose notes are shown (None: every row of the file).
NOTES_DOMAIN = "notes"
NOTES_POT_FILE = LOCALE_DIR / "notes.pot"
NOTES_FILES = {
    "legislation/legislation.csv": None,
    "csirts/csirts.csv": None,
    "multistakeholder_bodies/multistakeholder_bodies.csv": None,
    "itu_gci_overall/itu_gci_overall.csv": ("gci_2024_overall", "gci_2024_tier"),
    "ega_ncsi/ega_ncsi.csv": None,
    "oxford_cmm/oxford_cmm.csv": ("cmm_review_year",),
}
# Other free-text data cells shown on the pages, translated in the same domain: raw file (a glob) -> its columns (the
# stakeholder register's role and founding act, the notes of the national survey figures and of the SIM3 rows).
# The notes that the build writes from fixed sentences (survey, Eurostat) are read sentence by sentence
# (indicators/text/note_templates.py); the Eurostat sidecars' anomaly notes (NOTES_ANOMALIES) are messages too.
NOTES_COLUMNS = {
    "stakeholders/stakeholders.csv": ("role", "founding_act"),
    "demo_sim3_assessments/demo_sim3_assessments.csv": ("note",),
    "hygiene_national/hygiene_national.csv": ("note",),
    "published_figures/*.csv": ("note", "indicator", "unit", "value"),  # a value in words ("one in four (as worded)")
    "research_library/research_library.csv": ("summary",),
}
# Rows of a NOTES_COLUMNS file that a page shows (column, values): the hygiene page's published-figure topics.
NOTES_ROWS = {"published_figures/*.csv": ("topic", ("hygiene_survey", "tfgbv", "child_online"))}
NOTES_ANOMALIES = "eurostat_*/source.yaml"
# The methodology page's per-dataset and per-source free text (issue 23, fourth session), read from every
# data/raw/<dataset>/source.yaml: the dataset's fields (NOTES_DATASET_FIELDS) and each source's fields
# (NOTES_SOURCE_FIELDS; a source without a licence of its own shows its dataset's). Codes, paths, commit hashes
# and URLs inside them stay as written in every language. The research library's summaries are a NOTES_COLUMNS
# column (the research page shows them under each title).
NOTES_SOURCE_FILES = "*/source.yaml"
NOTES_DATASET_FIELDS = ("description", "licence")
NOTES_SOURCE_FIELDS = ("licence", "where_found")
_TEMPLATES = {DOMAIN: POT_FILE, CATALOG_DOMAIN: CATALOG_POT_FILE, NOTES_DOMAIN: NOTES_POT_FILE}
# Code -> the language's name in itself, in the order of the language chooser.
LANGUAGES = {
    "en": "English",
    "sq": "Shqip",
    "sr_Latn": "Srpski (latinica)",
    "sr_Cyrl": "Српски (ћирилица)",
    "mk": "Македонски",
}
DEFAULT_LANGUAGE = "en"
PSEUDO_LANGUAGE = "qps"
# Languages with a .po file of their own (sr_Cyrl is derived from sr_Latn, qps from the template).
CATALOG_LANGUAGES = ("en", "sq", "sr_Latn", "mk")
DERIVED = {"sr_Cyrl": "sr_Latn"}
# Babel / CLDR locale used for formatting each language.
BABEL_LOCALES = {"en": "en", "sq": "sq", "sr_Latn": "sr_Latn", "sr_Cyrl": "sr_Cyrl", "mk": "mk", PSEUDO_LANGUAGE: "en"}

_current = contextvars.ContextVar("language", default=DEFAULT_LANGUAGE)


# --------------------------------------------------------------------------------------------------
# Catalogs


def _po_path(lang: str, domain: str = DOMAIN) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def _read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with open(path, "rb") as fh:
        return read_po(fh, locale=locale)


def _compile(catalog: Catalog) -> gettext.GNUTranslations:
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def _map_strings(catalog: Catalog, fn) -> None:
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.string, (tuple, list)):
            message.string = tuple(fn(s) if s else s for s in message.string)
        elif message.string:
            message.string = fn(message.string)


@cache
def translations(lang: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` in ``domain`` (``messages``, ``catalog`` or ``notes``)."""
    if lang == PSEUDO_LANGUAGE:
        return _compile(pseudo_catalog(_TEMPLATES.get(domain, POT_FILE), domain))
    source = DERIVED.get(lang, lang)
    po = _po_path(source, domain)
    if not po.exists():
        return gettext.NullTranslations()
    catalog = _read_catalog(po, locale=BABEL_LOCALES.get(lang, lang))
    if lang == "sr_Cyrl":
        _map_strings(catalog, latin_to_cyrillic)
    return _compile(catalog)


def completeness(lang: str, domain: str = DOMAIN) -> tuple[int, int]:
    """(translated, total) messages of a language's catalog in ``domain``; English counts as complete
    (it has no ``catalog`` or ``notes`` file: the catalog YAML and the data files are the English text)."""
    source = DERIVED.get(lang, lang)
    if lang == "en":
        pot = _po_path(source, domain) if domain == DOMAIN else _TEMPLATES[domain]
        n = sum(1 for m in _read_catalog(pot) if m.id)
        return n, n
    catalog = _read_catalog(_po_path(source, domain))
    ids = [m for m in catalog if m.id]
    done = sum(1 for m in ids if (all(m.string) if isinstance(m.string, (tuple, list)) else m.string))
    return done, len(ids)


def untranslated_catalog_texts(texts, lang: str) -> list[str]:
    """The catalog texts (e.g. ``Catalog.user_texts()``) that ``lang`` has no translation for yet: they are shown
    in English until someone translates them in ``indicators/locale/<lang>/LC_MESSAGES/catalog.po`` (``etl check``
    warns; nothing fails). English and the pseudo-locale translate everything."""
    if lang in (DEFAULT_LANGUAGE, PSEUDO_LANGUAGE):
        return []
    po = _po_path(DERIVED.get(lang, lang), CATALOG_DOMAIN)
    done = {m.id for m in _read_catalog(po) if m.id and m.string} if po.exists() else set()
    return [t for t in texts if t not in done]


# --------------------------------------------------------------------------------------------------
# Pseudo-locale

_ACCENTED = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "åƀçðëƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐËƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
    )
)
# Placeholders, URLs, HTML tags, inline code, markdown link targets and escapes stay as they are.
_PSEUDO_KEEP = re.compile(
    r"""\{[^{}]*\} | %\([^)]*\)[#0\-+]*\d*(?:\.\d+)?[diouxXeEfFgGcrs] | %[#0\-+]*\d*(?:\.\d+)?[diouxXeEfFgGcrs%]
    | https?://[^\s)\]>]+ | <[^<>]+> | `[^`]*` | \]\([^)]*\) | \\.""",
    re.VERBOSE,
)
PSEUDO_OPEN, PSEUDO_CLOSE = "[", "]"


def pseudo(text: str) -> str:
    """``text`` in the pseudo-locale: letters accented and the whole wrapped in brackets, with every
    placeholder, URL, tag and markdown link target unchanged. Empty text stays empty."""
    if not text:
        return text
    out, pos = [], 0
    for m in _PSEUDO_KEEP.finditer(text):
        out.append(text[pos : m.start()].translate(str.maketrans(_ACCENTED)))
        out.append(m.group(0))
        pos = m.end()
    out.append(text[pos:].translate(str.maketrans(_ACCENTED)))
    return PSEUDO_OPEN + "".join(out) + PSEUDO_CLOSE


def pseudo_catalog(pot: Path | None = None, domain: str = DOMAIN) -> Catalog:
    """The pseudo-locale catalog, made in memory from the template (every message translated)."""
    template = _read_catalog(pot or POT_FILE)
    catalog = Catalog(locale="en", domain=domain)
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, (tuple, list)):
            catalog.add(message.id, tuple(pseudo(i) for i in message.id), context=message.context)
        else:
            catalog.add(message.id, pseudo(message.id), context=message.context)
    return catalog


# --------------------------------------------------------------------------------------------------
# Current language


def set_language(lang: str | None) -> str:
    lang = lang if (lang in LANGUAGES or lang == PSEUDO_LANGUAGE) else DEFAULT_LANGUAGE
    _current.set(lang)
    return lang


def current_language() -> str:
    """The language of the current script run (one of LANGUAGES, or the pseudo-locale in tests)."""
    return _current.get()


def with_language(link: str, lang: str | None = None) -> str:
    """A relative link to another page of the app with the language carried on (``?lang=``; nothing
    added for English). A link opened afresh (a markdown link, a new tab) starts a new session, so the
    language must travel in the URL."""
    lang = lang or current_language()
    if lang == DEFAULT_LANGUAGE:
        return link
    path, hash_sign, anchor = link.partition("#")
    return f"{path}{'&' if '?' in path else '?'}lang={lang}{hash_sign}{anchor}"


def language_param(lang: str | None = None) -> dict[str, str]:
    """``{"lang": ...}`` for the query parameters of an ``st.page_link`` (empty for English)."""
    lang = lang or current_language()
    return {} if lang == DEFAULT_LANGUAGE else {"lang": lang}


def babel_locale(lang: str | None = None) -> Locale:
    return Locale.parse(BABEL_LOCALES.get(lang or current_language(), "en"))


def _(message: str) -> str:
    """Translate ``message`` into the current language (falls back to English). An empty message stays
    empty (gettext would return the catalog's header for it)."""
    if not message:
        return message
    return translations(_current.get()).gettext(message)


def N_(message: str) -> str:
    """Marks ``message`` for extraction without translating it (translate it where it is shown)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


def catalog_text(text: str, lang: str | None = None) -> str:
    """A text of the indicator catalog (domain ``catalog``) in ``lang`` (default: the current language)."""
    if not text:
        return text
    lang = lang or _current.get()
    if lang == PSEUDO_LANGUAGE:  # every catalog text, extracted or not: a new indicator is checked at once
        return pseudo(text)
    return translations(lang, CATALOG_DOMAIN).gettext(text)


# Shown with a note that has no translation in the reader's language yet.
NOTE_IN_ENGLISH = N_("In English (as recorded): {note}")


def note_text(note, lang: str | None = None):
    """A status fact's public note (domain ``notes``) in ``lang`` (default: the current language). A note
    that has no translation yet (a new or changed row, or a note of another dataset) is shown in English
    with a label saying so in the reader's language, never passed off as translated. Empty or missing
    notes are returned as they are."""
    if not isinstance(note, str) or not note.strip():
        return note
    lang = lang or _current.get()
    if lang == DEFAULT_LANGUAGE:
        return note
    text = _translated_note(note, lang)
    if text is not None:
        return text
    return translations(lang).gettext(NOTE_IN_ENGLISH).format(note=note)


@lru_cache(maxsize=65536)
def _translated_note(note: str, lang: str) -> str | None:
    """``note`` in ``lang`` from the ``notes`` domain: the whole note, or else each of its sentences
    (:mod:`indicators.text.note_templates`: fixed sentences and templates with numbers, the numbers written
    in the language's format); None when the note or any of its parts has no translation."""
    notes = translations(lang, NOTES_DOMAIN)
    text = notes.gettext(note)
    if text != note:
        return text
    parts = split_note(note)
    if not parts:
        return None
    out = []
    for msg, fields in parts:
        template = notes.gettext(msg)
        if template == msg:
            return None
        values = {}
        for key, value in fields.items():
            if key == "note":
                values[key] = _translated_note(value, lang)
                if values[key] is None:
                    return None
                continue
            number = parse_number(value)
            values[key] = value if number is None else number[0] + format_number(number[1], number[2], lang)
        out.append(template.format(**values))
    return " ".join(out)


def label_text(label, lang: str | None = None):
    """A data file's own code label (Eurostat's item, size-class and group labels; domain ``notes``) in ``lang``
    (default: the current language). A label without a translation is shown plainly in English (it names a chart
    option or a table row, where a marking sentence would not fit); empty or missing labels are returned as they are."""
    if not isinstance(label, str) or not label:
        return label
    lang = lang or _current.get()
    if lang == DEFAULT_LANGUAGE:
        return label
    if lang == PSEUDO_LANGUAGE:
        return pseudo(label)
    return translations(lang, NOTES_DOMAIN).gettext(label)


def translate_catalog(catalog, lang: str | None = None):
    """A copy of an :class:`indicators.model.catalog.Catalog` with every user-facing text in ``lang``:
    indicator names, descriptions, units, category labels and target labels, pillar names and
    descriptions. Ids, codes, scales and everything used for computing stay as they are. English
    returns the catalog itself."""
    from dataclasses import replace

    lang = lang or _current.get()
    if lang == DEFAULT_LANGUAGE:
        return catalog

    def t(text):
        return catalog_text(text, lang) if isinstance(text, str) else text

    indicators = {}
    for key, ind in catalog.indicators.items():
        changes = {
            "name": t(ind.name),
            "description": t(ind.description),
            "unit": t(ind.unit),
            "category_labels": {c: t(v) for c, v in ind.category_labels.items()},
        }
        if getattr(ind, "short_name", None):
            changes["short_name"] = t(ind.short_name)
        if ind.target and ind.target.get("label"):
            changes["target"] = {**ind.target, "label": t(ind.target["label"])}
        indicators[key] = replace(ind, **changes)
    pillars = tuple(replace(p, name=t(p.name), description=t(p.description)) for p in catalog.pillars)
    return replace(catalog, indicators=indicators, pillars=pillars)


# --------------------------------------------------------------------------------------------------
# Formatting for the current locale (CLDR data through Babel)


def rounded(x: float | int, decimals: int) -> Decimal:
    """``x`` rounded for display the way a reader rounds by hand: half away from zero on the number as
    written (its shortest decimal form), so 72.35 -> 72.4 and 44.45 -> 44.5 in every text, table and hover.
    Python's ``round`` (binary value: 72.35 -> 72.3), NumPy's (half to even: 44.45 -> 44.4) and Babel's
    (half to even) would each disagree somewhere; every displayed number goes through this one rule."""
    if isinstance(x, Decimal):
        exact = x
    else:
        exact = Decimal(repr(float(x))) if not isinstance(x, int) else Decimal(x)
    result = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return result.copy_abs() if result.is_zero() else result  # never "-0.0"


def rounded_float(x: float | int, decimals: int) -> float:
    """:func:`rounded` as a float, for values handed to a chart or a sortable table column, whose own
    printf or d3 format then shows the same digits as the page's text."""
    return float(rounded(x, decimals))


def _with_decimals(pattern: str, decimals: int) -> str:
    frac = "." + "0" * decimals if decimals > 0 else ""
    return re.sub(r"0(?:\.[0#]*)?", "0" + frac, pattern, count=1)


def format_number(x: float | int, decimals: int = 0, lang: str | None = None) -> str:
    """``x`` with exactly ``decimals`` decimals and the locale's separators (sq: ``1 234,5`` with a
    no-break space; sr, mk: ``1.234,5``). ``None`` or NaN gives an empty string: the caller shows
    its own "no data" label, never a zero."""
    if x is None or x != x:
        return ""
    loc = babel_locale(lang)
    pattern = _with_decimals(loc.decimal_formats[None].pattern, decimals)
    return _babel_format_decimal(rounded(x, decimals), format=pattern, locale=loc)


def format_trimmed(x: float | int, max_decimals: int = 2, lang: str | None = None) -> str:
    """``x`` with at most ``max_decimals`` decimals (trailing zeros dropped) and the locale's separators:
    1234.5 -> "1,234.5" (en), "1 234,5" (sq), "1.234,5" (sr, mk). ``None`` or NaN gives ""."""
    if x is None or x != x:
        return ""
    loc = babel_locale(lang)
    frac = "." + "#" * max_decimals if max_decimals > 0 else ""
    pattern = re.sub(r"0(?:\.[0#]*)?", "0" + frac, loc.decimal_formats[None].pattern, count=1)
    text = _babel_format_decimal(rounded(x, max_decimals), format=pattern, locale=loc)
    return "0" if text == "-0" else text


def plotly_separators(lang: str | None = None) -> str:
    """Plotly's ``layout.separators`` for ``lang``: the CLDR decimal symbol then the grouping symbol, so a
    chart's axes and hover text write numbers as the page does ("," + "." for sr and mk: ``1.234,5``;
    "," + no-break space for sq: ``1 234,5``; ".," for English). Plotly groups only numbers of five or
    more digits unless an axis sets ``separatethousands``, so years (2024) are never grouped."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    loc = babel_locale(lang)
    return get_decimal_symbol(loc) + get_group_symbol(loc)


def localize_figure(fig, lang: str | None = None):
    """``fig`` with the number separators of ``lang`` (default: the current language); every chart is
    shown through :func:`ui.blocks.plotly_chart`, which calls this. Returns the same figure."""
    fig.update_layout(separators=plotly_separators(lang))
    for trace in fig.data:
        _hover_rounding_as_text(trace)
    return fig


_FIXED_FORMAT = re.compile(r"%\{(r|x|y|z):\+?\.(\d)f\}")


def _hover_rounding_as_text(trace) -> None:
    """A chart's hover and text labels round with d3's ``toFixed``, on the binary value (72.35 is stored as
    72.3499999... and shows as 72.3), where the page's text rounds the number as written (:func:`rounded`:
    72.4). A value on such a tie is moved up by a few units in the last place (1e-14 of 72), so that
    ``%{r:.1f}`` shows what the text says; every other value is left exactly as it is."""
    templates = " ".join(str(getattr(trace, k, None) or "") for k in ("hovertemplate", "texttemplate"))
    for var, digits in set(_FIXED_FORMAT.findall(templates)):
        values = getattr(trace, var, None)
        if values is None or isinstance(values, str):
            continue
        out = [nudged_for_display(v, int(digits)) for v in values]
        if any(a is not b for a, b in zip(out, values)):
            trace.update({var: out})


def nudged_for_display(value, decimals: int):
    """``value`` itself, or, when it sits on a rounding tie that binary rounding (Python's ``round``,
    d3's and printf's ``toFixed``) resolves differently from :func:`rounded`, the float a few units in the
    last place away that rounds the same way in both (72.35 -> 72.35000000000001: shown as 72.4)."""
    if not isinstance(value, float) or value != value:
        return value
    target = float(rounded(value, decimals))
    return value if round(value, decimals) == target else _nudged_to(value, target)


def _nudged_to(value: float, target: float) -> float:
    """``value`` moved one unit in the last place at a time towards ``target`` until ``round`` (the binary
    rounding d3 shares) agrees with the display rule (at most a few steps)."""
    digits = max(0, -Decimal(repr(target)).as_tuple().exponent)
    step = math.inf if target > value else -math.inf
    for _ in range(8):
        value = math.nextafter(value, step)
        if round(value, digits) == target:
            break
    return value


def format_percent(value: float | int, decimals: int = 0, lang: str | None = None, *, ratio: bool = False) -> str:
    """A percentage in the locale's form (mk: ``42 %`` with a no-break space). ``value`` is in
    percent (42.5 -> "42.5%"); pass ``ratio=True`` for a fraction (0.425 -> "42.5%")."""
    if value is None or value != value:
        return ""
    loc = babel_locale(lang)
    pattern = _with_decimals(loc.percent_formats[None].pattern, decimals)
    share = rounded(value, decimals + 2) if ratio else rounded(value, decimals) / 100
    return _babel_format_percent(share, format=pattern, locale=loc)


# Month names after a day number, where the language's grammar wants another case than CLDR's names (CLDR gives
# Serbian months in the nominative, "27. novembar 2026."; after a day number the norm is the genitive,
# "27. novembra 2026.", as the Government's statements write it). sr_Cyrl is the same, transliterated.
# Albanian ("27 nëntor 2026") and Macedonian ("27 ноември 2026 г.") do not decline the month: CLDR's names stay.
_SR_GENITIVE_MONTHS = (
    "januara",
    "februara",
    "marta",
    "aprila",
    "maja",
    "juna",
    "jula",
    "avgusta",
    "septembra",
    "oktobra",
    "novembra",
    "decembra",
)
DAY_MONTH_NAMES = {"sr_Latn": _SR_GENITIVE_MONTHS, "sr_Cyrl": tuple(latin_to_cyrillic(m) for m in _SR_GENITIVE_MONTHS)}


def format_date(d: _dt.date | str, fmt: str = "medium", lang: str | None = None) -> str:
    """A date in the locale's form (``fmt``: short, medium, long, full or a CLDR pattern). A full month name after the
    day number takes the case the language wants there (:data:`DAY_MONTH_NAMES`: Serbian "27. novembra 2026.")."""
    if isinstance(d, str):
        d = _dt.date.fromisoformat(d[:10])
    lang = lang or _current.get()
    loc = babel_locale(lang)
    months = DAY_MONTH_NAMES.get(lang)
    if months:
        pattern = loc.date_formats[fmt].pattern if fmt in ("short", "medium", "long", "full") else fmt
        if "MMMM" in pattern and "MMMMM" not in pattern and "d" in pattern:
            fmt = pattern.replace("MMMM", "'" + months[d.month - 1] + "'")
    return _babel_format_date(d, format=fmt, locale=loc)
