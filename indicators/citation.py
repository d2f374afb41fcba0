"""Cite this view: title, data as-of date, build id, permalink and access date, as plain text, APA-like
and BibTeX-like text. Pure functions (no Streamlit, no clock unless no access date is given).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

PUBLISHER = "WB6 Cyber Maturity Dashboard"
_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


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
