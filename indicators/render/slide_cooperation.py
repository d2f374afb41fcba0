"""The deck's peer-learning slide: who in the region can learn from whom (issue 28).

:func:`cooperation_slide` returns the fields of one slide (heading, HTML blocks, datasets, Kosovo* footnote,
sources line) for :class:`indicators.views.present.SlideView`, or ``None`` when no status fact is in place in
some economies and missing in others (the slide is then left out, never shown empty). Region-wide topics come
first: "3 of 6 assessed economies do not have it in place (…); in place in: Montenegro (2024), …". Built from
the status lens under the same rules as the cooperation page (:func:`indicators.topics.cooperation.fact_opportunities`):
facts compared as states, never as points; not assessed and not applicable are neither a gap nor a peer.
Kept apart from indicators/render/slides.py (another owner); the deck adds it with a short hook.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from indicators.method.scoring import status_matrix
from indicators.model.catalog import Catalog
from indicators.text.i18n import _, ngettext
from indicators.text.markup import html
from indicators.topics.cooperation import fact_opportunities, opportunity_text

MAX_ON_SLIDE = 4  # more opportunities than this: the rest are named as a count (they are on the page)


def slide_datasets(obs: pd.DataFrame, opp: pd.DataFrame) -> tuple[str, ...]:
    """The datasets behind the shown opportunities (their sources), real data only, sorted."""
    ids = set().union(*[set(s) for s in opp["source_ids"]]) if len(opp) else set()
    rows = obs[obs["source_id"].isin(ids) & (obs["confidence"] != "synthetic") & obs["dataset"].notna()]
    return tuple(sorted(set(rows["dataset"])))


def cooperation_slide(
    obs: pd.DataFrame, catalog: Catalog, sources_line: Callable[[tuple[str, ...]], str]
) -> dict | None:
    """The peer-learning slide's fields for ``SlideView(kind="cooperation", **fields)``, or None when there is
    no opportunity. ``sources_line`` renders the datasets' line (the deck's own helper, so it looks the same)."""
    opp = fact_opportunities(status_matrix(obs, catalog))
    if not len(opp):
        return None
    shown = opp.head(MAX_ON_SLIDE)
    lines = [f"<b>{html(r['indicator'])}</b>: {html(opportunity_text(r))}" for _i, r in shown.iterrows()]
    blocks = [
        f"<div class='slide-sub'>{html(_('Region-wide gaps first: whom each economy can learn from'))}</div>",
        "<ul class='slide-text' data-testid='slide-opportunities'>" + "".join(f"<li>{x}</li>" for x in lines) + "</ul>",
    ]
    if len(opp) > len(shown):
        more = len(opp) - len(shown)
        blocks.append(
            "<div class='slide-small'>"
            + html(
                ngettext(
                    "{n} more opportunity on the Cooperation page.",
                    "{n} more opportunities on the Cooperation page.",
                    more,
                ).format(n=more)
            )
            + "</div>"
        )
    blocks.append(
        "<div class='slide-small'>"
        + html(
            _(
                "Status lens: legal and institutional facts compared as states, never as points (year of each "
                "economy's evidence in brackets). Not assessed or not applicable is neither a gap nor a peer. "
                "Evidence and the channels that already link the economies: Cooperation page."
            )
        )
        + "</div>"
    )
    datasets = slide_datasets(obs, shown)
    kosovo = any("XKX" in (r["gap_economies"] + r["peer_economies"]) for _i, r in shown.iterrows())
    return {
        "heading": _("Peer learning: who in the region has it in place"),
        "blocks": tuple(blocks),
        "datasets": datasets,
        "footnote": kosovo,
        "sources_line": sources_line(datasets),
    }
