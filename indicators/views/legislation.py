"""View model of the legislation tracker: treaty, strategy, law, NIS2, data protection and CSIRT status for the
six economies as of a chosen year, and the details and sources of one fact. :func:`build` returns a
:class:`~indicators.views.blocks.Page` (widgets resolved, every table and caption in order)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from indicators.method.scoring import STATUS_LABELS
from indicators.text.i18n import _, note_text
from indicators.text.markup import md
from indicators.topics.legislation import TRACKED, tracker, tracker_matrix
from indicators.views.blocks import Page
from indicators.views.hygiene import research_links

ENTITY_LEVEL_FACTS = ("cyber_law", "national_csirt", "national_strategy")


def details_table(sel: pd.DataFrame) -> pd.DataFrame:
    """One fact for every economy: status, year, confidence, what the source says, when last checked, link."""
    return pd.DataFrame(
        {
            _("Economy"): sel["economy_name"],
            _("Status"): [
                v if s == "observed" else _(STATUS_LABELS.get(s, s)) for v, s in zip(sel["value"], sel["status"])
            ],
            _("Year"): ["—" if pd.isna(y) else str(int(y)) for y in sel["period"]],
            _("What the date is"): [d or "—" for d in sel["date"]],
            _("Confidence"): [_(c) if isinstance(c, str) else "—" for c in sel["confidence"]],
            _("What the source says"): [note_text(n) if isinstance(n, str) else "" for n in sel["note"]],
            _("Last checked"): [
                (c if isinstance(c, str) else "—") + (" ⚠ " + _("not checked for 12 months") if s else "")
                for c, s in zip(sel["last_checked"], sel["stale"])
            ],
            _("Source link"): sel["source_url"].fillna(""),
        }
    )


def build(d, url: Mapping[str, Sequence[str]], widgets: Mapping[str, Any], today: dt.date) -> Page:
    """``d``: indicators.views.hygiene.Data of one build."""
    page = Page(url, widgets)
    obs, catalog = d.obs, d.catalog
    facts = obs[obs["indicator_id"].isin(TRACKED)]
    years = list(range(int(facts["period"].min()), today.year + 1)) if len(facts) else [today.year]
    as_of = page.choice(
        "as_of", "legislation_as_of", _("As of the end of"), years, years[-1], _("year"), kind="select_slider"
    )
    latest = as_of == years[-1]
    long = tracker(obs, catalog, None if latest else as_of, today)
    if not latest:
        page.info(
            _("Showing what was true at the end of {year}: each economy's latest fact dated {year} or earlier.").format(
                year=as_of
            ),
            icon=":material/history:",
        )
    page.table(tracker_matrix(long, catalog), "legislation_matrix", index=True)
    page.caption(
        _(
            "Each cell: the status and, in brackets, its date: a treaty's ratification and entry into force, "
            "a strategy's period (expired after its end unless a successor is recorded), otherwise the year "
            "of adoption, establishment or membership ('by' a year when only that is known). 'Not assessed' "
            "means the sources read did not establish it; it is not 'no'."
        )
    )
    page.sources(long.dropna(subset=["source_id"]))
    page.kosovo()

    page.header(_("Details and sources"))
    fact = page.choice(
        "fact", "legislation_fact", _("Fact"), list(TRACKED), TRACKED[0], _("fact"), lambda i: catalog.get(i).name
    )
    page.params.update(fact=fact, as_of=None if latest else as_of)
    page.markdown(md(catalog.get(fact).description))
    sel = long[long["indicator_id"] == fact]
    page.table(details_table(sel), "legislation_details", links=(_("Source link"),), wide=(_("What the source says"),))
    page.sources(sel.dropna(subset=["source_id"]))
    page.caption(
        _(
            "Last checked: the day the fact was last read in a source. A fact not checked for 12 months is "
            "marked ⚠ and should be read again before it is relied on."
        )
    )
    if fact == "budapest_convention":
        page.caption(
            _(
                "Kosovo* is not a Council of Europe member and cannot become a party to the Budapest "
                "Convention in the ordinary way: shown as not applicable, not as a gap."
            )
        )
    if fact in ENTITY_LEVEL_FACTS:
        page.caption(
            _(
                "Bosnia and Herzegovina: several facts are entity-level (Republika Srpska) rather than "
                "state-level arrangements."
            )
        )
    research_links(page, d, "legislation")
    return page
