"""What the one-page country brief (:mod:`indicators.render.brief`) takes and the name of its file, without the
PDF library: a view model builds a :class:`BriefInput` and a page names the download without importing fpdf
(and fontTools), which the first page of a fresh start does not need (issue 25). ``indicators.render.brief``
re-exports both."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class BriefInput:
    economy: str
    pillars: object
    average_label: str = "WB6 average"
    status: object = None
    gaps: object = None
    key_facts: object = None
    sources: list[str] = field(default_factory=list)
    data_as_of: str = "unknown"
    build_id: str = "unknown"
    permalink: str = ""
    accessed: date | None = None
    title: str | None = None
    demonstration: bool = False


def filename(economy: str, build_id: str, ext: str) -> str:
    safe = "".join(ch for ch in str(build_id) if ch.isalnum() or ch in "-")[:24] or "build"
    return f"wb6-cyber-brief-{economy.lower()}-{safe}.{ext}"
