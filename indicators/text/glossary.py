"""Plain words: the glossary of acronyms and scale terms, in every language of the dashboard.

The terms live in ``indicators/text/glossary.yaml`` (en, sq, sr_Latn, mk written by hand; sr_Cyrl made
from sr_Latn by the transliterator when loaded). No Streamlit here: pages call

- :func:`lookup` for one term (by id or by any of its names) in a language, falling back to English
  with ``fallback=True`` when the language has no text for it;
- :func:`all_terms` for the glossary page;
- :func:`first_use_help` to find the glossary terms in a text, in order, each once per page (pass
  the same ``seen`` set for every text block of a page), so the page can show help on first use;
- :func:`help_text` to turn those entries into plain text for a ``help=`` tooltip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indicators.model import safe_yaml
from indicators.model.paths import LOCALE_DIR
from indicators.text.translit import latin_to_cyrillic

GLOSSARY_FILE = Path(__file__).resolve().parent / "glossary.yaml"
LANGS = ("en", "sq", "sr_Latn", "sr_Cyrl", "mk")
WRITTEN = ("en", "sq", "sr_Latn", "mk")
KINDS = ("acronym", "scale", "status", "confidence", "lens", "pillar", "place")


@dataclass(frozen=True)
class Term:
    id: str
    kind: str
    term: dict[str, str]
    definition: dict[str, str]
    also: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Entry:
    """One term as shown in one language."""

    id: str
    kind: str
    term: str
    definition: str
    lang: str  # the language asked for
    fallback: bool  # True when the text is English because ``lang`` has none
    source: str


def _per_language(value, field: str, term_id: str) -> dict[str, str]:
    if isinstance(value, str):
        out = {lang: value for lang in WRITTEN}
    elif isinstance(value, dict):
        out = {str(k): str(v).strip() for k, v in value.items() if v is not None and str(v).strip()}
    else:
        raise ValueError(f"glossary term {term_id!r}: {field} must be a string or a mapping")
    unknown = set(out) - set(LANGS)
    if unknown:
        raise ValueError(f"glossary term {term_id!r}: unknown languages in {field}: {sorted(unknown)}")
    if "en" not in out:
        raise ValueError(f"glossary term {term_id!r}: {field} needs English (en)")
    if "sr_Latn" in out and "sr_Cyrl" not in out:
        out["sr_Cyrl"] = latin_to_cyrillic(out["sr_Latn"])
    return out


def parse(data: dict) -> dict[str, Term]:
    """Terms from the parsed YAML, checked: unique ids, known kinds, English always present."""
    terms: dict[str, Term] = {}
    for raw in (data or {}).get("terms", []):
        tid = str(raw.get("id", "")).strip()
        if not tid or tid in terms:
            raise ValueError(f"glossary: missing or duplicate id {tid!r}")
        if raw.get("kind") not in KINDS:
            raise ValueError(f"glossary term {tid!r}: kind must be one of {KINDS}")
        terms[tid] = Term(
            id=tid,
            kind=raw["kind"],
            term=_per_language(raw.get("term"), "term", tid),
            definition=_per_language(raw.get("definition"), "definition", tid),
            also=tuple(str(a) for a in raw.get("also") or ()),
            source=str(raw.get("source", "")),
        )
    return terms


@lru_cache(maxsize=4)
def load(path: str | Path = GLOSSARY_FILE) -> dict[str, Term]:
    with open(path, encoding="utf-8") as fh:
        return parse(safe_yaml.loads(fh.read()))


def _entry(t: Term, lang: str) -> Entry:
    fallback = lang not in t.definition
    return Entry(
        id=t.id,
        kind=t.kind,
        term=t.term.get(lang, t.term["en"]),
        definition=t.definition.get(lang, t.definition["en"]),
        lang=lang,
        fallback=fallback,
        source=t.source,
    )


def _names(t: Term, lang: str) -> list[str]:
    """Names under which ``t`` may appear in a text of ``lang``: its name there, its English name
    (untranslated text) and the other spellings, longest first."""
    names = {t.term.get(lang, t.term["en"]), t.term["en"], *t.also}
    return sorted((n for n in names if n), key=len, reverse=True)


def lookup(key: str, lang: str = "en", terms: dict[str, Term] | None = None) -> Entry | None:
    """The term whose id, or whose name in any language, or other spelling is ``key`` (case-
    insensitive), in ``lang``; ``None`` if there is none."""
    terms = load() if terms is None else terms
    if key in terms:
        return _entry(terms[key], lang)
    folded = key.strip().casefold()
    for t in terms.values():
        if folded in {n.casefold() for n in (*t.term.values(), *t.also)}:
            return _entry(t, lang)
    return None


def all_terms(lang: str = "en", terms: dict[str, Term] | None = None, kind: str | None = None) -> list[Entry]:
    """Every term in ``lang`` for the glossary page, sorted by the name shown (case-insensitive)."""
    terms = load() if terms is None else terms
    entries = [_entry(t, lang) for t in terms.values() if kind is None or t.kind == kind]
    return sorted(entries, key=lambda e: (e.term.casefold(), e.id))


def _is_code(name: str) -> bool:
    """Acronyms and codes (no lower-case letter) match case-sensitively: 'FIRST' is not 'first'."""
    return not any(ch.islower() for ch in name)


@lru_cache(maxsize=64)
def _pattern(names: tuple[str, ...], case_sensitive_pillar: bool) -> re.Pattern:
    parts = []
    for n in names:
        body = re.escape(n)
        if _is_code(n) or case_sensitive_pillar:
            parts.append(rf"(?<!\w){body}(?!\w)")
        else:
            parts.append(rf"(?i:(?<!\w){body}(?!\w))")
    return re.compile("|".join(parts))


def find_terms(text: str, lang: str = "en", terms: dict[str, Term] | None = None) -> list[tuple[int, Entry]]:
    """(position of the first occurrence, entry) of every glossary term in ``text``, in text order."""
    terms = load() if terms is None else terms
    found = []
    for t in terms.values():
        # Pillar names are ordinary words ("legal", "cooperation"): only their capitalised form counts.
        m = _pattern(tuple(_names(t, lang)), t.kind == "pillar").search(text or "")
        if m:
            found.append((m.start(), _entry(t, lang)))
    return sorted(found, key=lambda pe: (pe[0], pe[1].id))


def first_use_help(
    text: str, lang: str = "en", seen: set[str] | None = None, terms: dict[str, Term] | None = None
) -> list[Entry]:
    """Glossary entries for the terms in ``text`` not yet in ``seen``, in the order they first
    appear; their ids are added to ``seen`` so each term gets help once per page."""
    seen = set() if seen is None else seen
    out = []
    for _pos, entry in find_terms(text, lang, terms):
        if entry.id not in seen:
            seen.add(entry.id)
            out.append(entry)
    return out


def help_text(entries: list[Entry]) -> str:
    """Plain text for a tooltip: one paragraph per entry, 'TERM: definition'."""
    return "\n\n".join(f"{e.term}: {e.definition}" for e in entries)


TERMINOLOGY_FILE = LOCALE_DIR / "terminology.csv"
CONFIDENCE_LEVELS = ("official", "secondary", "standard", "unverified")


@lru_cache(maxsize=2)
def load_terminology(path: str | Path = TERMINOLOGY_FILE) -> dict[str, dict[str, str]]:
    """The official local terms (``indicators/locale/terminology.csv``) by term id: en, sq, sr_Latn,
    sr_Cyrl, mk, confidence (e.g. "sq:secondary; sr:official") and source."""
    import csv

    with open(path, encoding="utf-8", newline="") as fh:
        return {row["term_id"]: row for row in csv.DictReader(fh)}


def official_term(term_id: str, lang: str) -> str | None:
    """The local term a translation must use for ``term_id`` in ``lang`` (English if ``lang`` is
    unknown); ``None`` if the id is not in the terminology list."""
    row = load_terminology().get(term_id)
    if row is None:
        return None
    return row.get(lang) or row["en"]
