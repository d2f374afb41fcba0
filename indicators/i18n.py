"""One translation function for every user-facing string, backed by gettext catalogs.

Catalogs live in ``indicators/locale/<lang>/LC_MESSAGES/messages.po`` (edited with Babel:
``pybabel extract`` / ``update``; see README). They are compiled in memory at first use, so no
binary ``.mo`` files are committed. English is the source language; adding a language means adding
a ``.po`` file and its code to LANGUAGES, not touching the pages.

The language is held in a context variable set at the start of each script run, so concurrent
dashboard sessions never see each other's language.
"""
from __future__ import annotations

import contextvars
import gettext
import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
LANGUAGES = {"en": "English"}
DEFAULT_LANGUAGE = "en"
_current = contextvars.ContextVar("language", default=DEFAULT_LANGUAGE)


@lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.exists():
        return gettext.NullTranslations()
    with open(po, "rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def set_language(lang: str | None) -> str:
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    _current.set(lang)
    return lang


def _(message: str) -> str:
    """Translate ``message`` into the current language (falls back to English)."""
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)
