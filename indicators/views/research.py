"""View model of the research library: publications on cybersecurity, gender and vulnerable groups, filtered
by economy, topic and year; each with authors or publisher, year, link and confidence.
:func:`build` returns a :class:`~indicators.views.blocks.Page`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.model.export import to_csv_bytes
from indicators.text.i18n import _, ngettext, note_text
from indicators.text.markup import md, md_link
from indicators.topics import research as rs
from indicators.views.blocks import Page

ALL = "all"
EXPORT_COLUMNS = [
    "title",
    "authors",
    "year",
    "economies",
    "topics",
    "type",
    "url",
    "summary",
    "where_found",
    "confidence",
]


def year_range(lib: pd.DataFrame, asked) -> tuple[tuple[int, int], tuple[int, int]]:
    """The slider's bounds from the library's years and the chosen range (clamped to them)."""
    known = sorted(int(y) for y in lib["year"].dropna())
    lo, hi = (known[0], known[-1]) if known else (2000, 2026)
    if isinstance(asked, (tuple, list)) and len(asked) == 2 and all(isinstance(v, int) for v in asked):
        a, b = max(lo, min(asked)), min(hi, max(asked))
        if a <= b:
            return (lo, hi), (a, b)
    return (lo, hi), (lo, hi)


def item_caption(r) -> str:
    """Authors · year · type · economies · topics · confidence of one publication (escaped for markdown)."""
    year = str(int(r.year)) if pd.notna(r.year) else _("year not stated")
    topics = ", ".join(_(rs.TOPICS[t][0]) for t in str(r.filter_topics).split(";") if t in rs.TOPICS)
    return md(
        f"{r.authors} · {year} · {rs.type_label(r.type)} · {rs.economies_text(r.economies)} · "
        + _("Topics: {topics}").format(topics=topics or "—")
        + " · "
        + _("Confidence: {level}").format(level=_(r.confidence))
    )


def build(d, url: Mapping[str, Sequence[str]], widgets: Mapping[str, Any]) -> Page:
    """``d``: indicators.views.hygiene.Data of one build."""
    page = Page(url, widgets)
    if not d.has_table("research_library"):
        page.info(_("No research library is loaded (data/raw/research_library)."))
        return page
    lib = d.table("research_library")
    c1, c2, c3 = page.columns([2, 2, 3])
    economy = c1.choice(
        "economy",
        "research_economy",
        _("Economy"),
        [ALL, *ECONOMY_CODES],
        ALL,
        _("economy"),
        lambda e: _("All economies") if e == ALL else display_name(e),
    )
    topic = c2.choice(
        "topic",
        "research_topic",
        _("Topic"),
        [ALL, *rs.TOPICS],
        ALL,
        _("topic"),
        lambda t: _("All topics") if t == ALL else _(rs.TOPICS[t][0]),
    )
    (lo, hi), years = year_range(lib, widgets.get("research_years"))
    c3._add("range_slider", _("Year"), key="research_years", data=(lo, hi), value=years)
    page.params.update(economy=None if economy == ALL else economy, topic=None if topic == ALL else topic)
    shown = rs.filter_library(lib, None if economy == ALL else economy, () if topic == ALL else (topic,), years)
    page.caption(
        _(
            "{shown} of {total} · confidence: verified = read on the publisher's own page; secondary = "
            "known from a page that cites it. An item on the whole region counts for every economy."
        ).format(shown=len(shown), total=ngettext("{n} publication", "{n} publications", len(lib)).format(n=len(lib)))
    )
    for r in shown.itertuples():
        box = page.container(key=f"research_item_{str(r.item_id).replace('.', '_')}", border=True)
        # one block per item (title, the caption line in small grey type, summary): a Streamlit element
        # costs about 0.2 ms of every rerun, and 35 items drew 105 of them (issue 25)
        box.markdown(f"**{md_link(r.title, r.url)}**\n\n:gray[:small[{item_caption(r)}]]\n\n{md(note_text(r.summary))}")
    if not len(shown):
        page.info(_("No publication matches these filters."))
    table = shown.assign(year=shown["year"].astype("Int64"))[EXPORT_COLUMNS]

    page.download(
        to_csv_bytes(table), "research_library.csv", "research_download", _("Download these publications (CSV)")
    )
    if economy == "XKX" or (economy == ALL and any("XKX" in str(e) for e in shown["economies"])):
        page.kosovo()
    return page
