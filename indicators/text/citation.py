"""Cite this view: title, data as-of date, build id, permalink and access date, as plain text, APA-like
and BibTeX-like text. Pure functions (no Streamlit, no clock unless no access date is given).

:func:`cite_line` is the one line shown to visitors (the footer's "Cite this view", the country brief): in the
current language, with dates in the language's own format, the build named by its date (never its id) and,
when no public URL is set, "link: ask the presenter" instead of a path that means nothing on paper.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from indicators.text.i18n import PSEUDO_LANGUAGE, _, current_language, format_date

PUBLISHER = "WB6 Cyber Maturity Dashboard"
_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_BUILD_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})T")


@dataclass(frozen=True)
class Citation:
    title: str  # the view, e.g. "Economy profile: Kosovo*"
    data_as_of: str  # latest as-of date of the data shown, e.g. "2026-06-30"
    build_id: str
    permalink: str
    accessed: date
    publisher: str = PUBLISHER


def latest_as_of(values: Iterable) -> str | None:
    """The latest of the datasets' as-of dates ("2024-09-12", "2026-06", 2023 ...); None when there is none.

    Dates are compared as (year, month, day), so "2026" < "2026-06" < "2026-06-30"."""
    best, best_key = None, None
    for raw in values:
        if raw is None:
            continue
        match = _DATE.match(str(raw))
        if not match:
            continue
        key = tuple(int(g) if g else 0 for g in match.groups())
        if best_key is None or key > best_key:
            best, best_key = str(raw).strip(), key
    return best


def build_date(build_id: str | None) -> date | None:
    """The day a build was made, read from its id ("20261207T025644147260Z-fa870bf0662d" -> 2026-12-07);
    None when the id does not start with a date."""
    match = _BUILD_DATE.match(str(build_id or "").rsplit("/", 1)[-1])
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def local_date(value, fmt: str = "long") -> str:
    """A date for visitors: a full ISO date ("2026-06-30") or a date object in the current language's own
    format ("7 dhjetor 2026"), in English as ISO (2026-06-30: the US "December 7, 2026" misleads a European
    reader); a year or a year-month stays as it is; None is "unknown"."""
    if value is None or value == "" or value == "unknown":
        return _("unknown")
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat() if current_language() in ("en", PSEUDO_LANGUAGE) else format_date(value, fmt)
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return local_date(date.fromisoformat(text), fmt)
        except ValueError:
            return text
    return text


def build_label(build_id: str | None, fmt: str = "long") -> str:
    """How visitors see a build: its date in the language's format ("7 December 2026"); the id only when
    it carries no date."""
    day = build_date(build_id)
    return local_date(day, fmt) if day else (str(build_id) if build_id else _("unknown"))


def is_absolute(link: str | None) -> bool:
    return bool(link) and "://" in str(link)


def shown_link(link: str | None) -> str:
    """The permalink as printed for visitors: the absolute URL, or "link: ask the presenter" when no public
    URL is set (a relative path means nothing on paper or on another machine)."""
    return str(link) if is_absolute(link) else _("link: ask the presenter")


def cite_line(
    title: str,
    data_as_of: str | None,
    build_id: str | None,
    link: str | None,
    accessed: date | datetime | None = None,
    fmt: str = "long",
) -> str:
    """The citation of a view in the current language (one line to copy or print)."""
    if accessed is None:
        accessed = datetime.now(UTC).date()
    text = _("{publisher}. {title}. Data as of {as_of}; built on {built}. {link} (accessed {date}).").format(
        publisher=PUBLISHER,
        title=str(title).strip().rstrip("."),
        as_of=local_date(data_as_of, fmt),
        built=build_label(build_id, fmt),
        link=shown_link(link),
        date=local_date(accessed, fmt),
    )
    return re.sub(r"\.\.(?=\s|$)", ".", text)  # a date that ends in a full stop ("2026 г.") before ". "


def make_citation(
    title: str,
    data_as_of: str | None,
    build_id: str | None,
    permalink: str,
    accessed: date | datetime | None = None,
    publisher: str = PUBLISHER,
) -> Citation:
    if accessed is None:
        accessed = datetime.now(UTC).date()
    if isinstance(accessed, datetime):
        accessed = accessed.date()
    return Citation(
        title=title.strip(),
        data_as_of=(data_as_of or "unknown"),
        build_id=(build_id or "unknown"),
        permalink=permalink,
        accessed=accessed,
        publisher=publisher,
    )


def plain_text(c: Citation) -> str:
    """One line: Publisher. Title. Data as of ...; build .... Permalink (accessed YYYY-MM-DD)."""
    return (
        f"{c.publisher}. {_end(c.title)} Data as of {c.data_as_of}; build {c.build_id}. "
        f"{c.permalink} (accessed {c.accessed.isoformat()})."
    )


def apa(c: Citation) -> str:
    """APA-like reference for a dataset/dashboard view (year of the data as-of date)."""
    year = _year(c.data_as_of) or str(c.accessed.year)
    accessed = f"{c.accessed.strftime('%B')} {c.accessed.day}, {c.accessed.year}"
    return (
        f"{c.publisher}. ({year}). {c.title} [Data dashboard; data as of {c.data_as_of}; "
        f"build {c.build_id}]. Retrieved {accessed}, from {c.permalink}"
    )


def bibtex(c: Citation) -> str:
    """BibTeX-like ``@misc`` entry; braces and backslashes in fields are neutralised."""
    key = "wb6cyber_" + re.sub(r"[^A-Za-z0-9]", "", c.build_id)[:16] + "_" + c.accessed.strftime("%Y%m%d")
    fields = {
        "title": c.title,
        "author": "{" + c.publisher + "}",
        "year": _year(c.data_as_of) or str(c.accessed.year),
        "howpublished": "\\url{" + _bib(c.permalink) + "}",
        "note": f"Data as of {c.data_as_of}; build {c.build_id}; accessed {c.accessed.isoformat()}",
        "urldate": c.accessed.isoformat(),
    }
    body = ",\n".join(f"  {k} = {{{v if k in ('author', 'howpublished') else _bib(v)}}}" for k, v in fields.items())
    return f"@misc{{{key},\n{body}\n}}"


def all_forms(c: Citation) -> dict[str, str]:
    return {"plain": plain_text(c), "apa": apa(c), "bibtex": bibtex(c)}


def _year(text: str) -> str | None:
    match = _DATE.match(text or "")
    return match.group(1) if match else None


def _end(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def _bib(text: str) -> str:
    out = str(text).replace("\\", "/").replace("{", "(").replace("}", ")")
    return re.sub(r"([%&#_$])", r"\\\1", out) if "://" not in out else out.replace("%", "\\%").replace("#", "\\#")
