"""View model of the cooperation page: peer-learning opportunities (who in the region has in place what another
economy lacks, and the channels that already link them) and the stakeholder register (who sits at the table in
each economy, and how the bodies are linked). :func:`build` returns a :class:`~indicators.views.blocks.Page`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from indicators.method.scoring import STATE_LABELS, gap_table, status_matrix
from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.model.export import to_csv_bytes
from indicators.text.i18n import _, ngettext
from indicators.text.markup import md
from indicators.topics import cooperation as co
from indicators.views.blocks import Page

ALL = "all"
NCSI_TABLE = "ncsi_points"


def _sources(d, ids) -> pd.DataFrame:
    """source_id, source_title, source_url of the given source ids (for the sources line)."""
    src = d.table("sources") if d.has_table("sources") else pd.DataFrame(columns=["source_id", "title", "url"])
    sel = src[src["source_id"].isin(list(ids))]
    return pd.DataFrame({"source_id": sel["source_id"], "source_title": sel["title"], "source_url": sel["url"]})


def opportunities(d, economy: str | None, matrix: pd.DataFrame | None = None) -> pd.DataFrame:
    """The status facts that are a peer-learning opportunity (see :func:`indicators.topics.cooperation.fact_opportunities`)."""
    return co.fact_opportunities(status_matrix(d.obs, d.catalog) if matrix is None else matrix, economy)


def profile_opportunities(
    obs: pd.DataFrame, catalog, gap_rows: pd.DataFrame, economy: str, as_of=None
) -> tuple[str, bool]:
    """The profile's section on peer learning (markdown, data escaped): the status facts ``economy`` lacks that
    other economies have in place (region-wide gaps first, with the year of each economy's evidence), then the
    index indicators where it is 30 points or more behind the comparable WB6 best (``gap_rows``: the profile's
    gap table, under the comparison rule). A sentence when there is none. Also: whether Kosovo* is named (the
    page then shows the footnote)."""
    facts = co.fact_opportunities(status_matrix(obs, catalog, as_of=as_of), economy)
    index = co.index_opportunities(gap_rows)
    lines = [f"- **{md(r['indicator'])}**: {md(co.opportunity_text(r))}" for _i, r in facts.iterrows()]
    lines += [f"- **{md(r['indicator'])}**: {md(co.index_headline(r))}" for _i, r in index.iterrows()]
    named = {economy} | {e for r in facts.itertuples() for e in r.gap_economies + r.peer_economies}
    named |= {e for es in index["best_economies"] for e in es}
    kosovo = "XKX" in named
    if not lines:
        text = _("No status fact or index indicator of {economy} is a gap that another economy has closed.")
        return md(text.format(economy=display_name(economy))), kosovo
    return "\n".join(lines), kosovo


def index_section(page: Page, d, economy: str, ent, links, has_register: bool, used_sources: set) -> None:
    """The index indicators where ``economy`` is far behind the comparable WB6 best (the gap table's 'High'
    priority): the best economies are the peers to learn from."""
    opp = co.index_opportunities(gap_table(d.obs, d.catalog, economy))
    page.markdown(
        "**"
        + md(
            _("Index indicators {threshold} points or more behind the WB6 best").format(threshold=f"{co.HIGH_GAP:.0f}")
        )
        + "**"
    )
    page.caption(
        _(
            "Under the comparison rule (comparable values only, best of n; a value too old against the newest is "
            "never the best). The economies with the best value are the peers."
        )
    )
    if not len(opp):
        page.info(_("No index indicator is that far behind the best."))
        return
    for r in opp.itertuples():
        box = page.container(key=f"index_opportunity_{r.indicator_id}", border=True)
        box.markdown(f"**{md(r.indicator)}**\n\n{md(co.index_headline(r._asdict()))}")  # one element, not two
        if has_register:
            box.caption(
                md(
                    _("Channels that already link {economy} with these peers: {channels}").format(
                        economy=display_name(economy), channels=co.channels_text(ent, links, economy, r.best_economies)
                    )
                )
            )
        if isinstance(r.source_id, str):
            used_sources.add(r.source_id)


def _plan_items(d) -> pd.DataFrame | None:
    return d.table("plan_items") if d.has_table("plan_items") else None


def _ncsi_points(d) -> pd.DataFrame | None:
    return d.table(NCSI_TABLE) if d.has_table(NCSI_TABLE) else None


def reform_options(d, matrix: pd.DataFrame, economy: str) -> dict[str, str]:
    """Every reform one economy can plan, key -> label: its missing or partial status facts ('fact:<id>'), the
    NCSI indicators it does not meet in the version read ('ncsi:<methodology>:<id>') and its open capacity-plan
    items ('plan:<item_id>')."""
    options = co.reform_options(matrix, economy)
    options |= {r["key"]: co.ncsi_label(r) for _i, r in co.ncsi_options(_ncsi_points(d), economy).iterrows()}
    options |= {k: _("Plan item {label}").format(label=v) for k, v in co.plan_options(_plan_items(d), economy).items()}
    return options


def _ncsi_section(page: Page, d, economy: str, chosen: list[str], label: str) -> set[str]:
    """The NCSI points the chosen NCSI reforms would earn (exact), or why there is no projection. Returns the
    sources used."""
    points = _ncsi_points(d)
    page.markdown("**" + md(_("NCSI points under NCSI's point rule")) + "**")
    why = co.ncsi_unavailable(points, economy)
    indicators, capacities = co.project_ncsi(points, economy, chosen)
    if why:
        page.caption(md(why) + ".")
        return set()
    if not len(indicators):
        page.caption(_("Choose an NCSI indicator above to see the points meeting it would earn."))
        return set()
    page.table(
        pd.DataFrame(
            {
                _("NCSI indicator"): [f"{r.indicator_id} {r.indicator_name}" for r in indicators.itertuples()],
                _("Methodology"): [
                    _("legacy methodology") if m == "legacy" else _("current methodology")
                    for m in indicators["methodology"]
                ],
                _("Today (points)"): [f"{r.points} / {r.max_points}" for r in indicators.itertuples()],
                _("Projected ({label})").format(label=label): [
                    f"{r.projected} / {r.max_points} (+{r.earned})" for r in indicators.itertuples()
                ],
            }
        ),
        key="planner_ncsi_table",
    )
    lines = [
        _("{capacity}: today {today} of {max} points; with the planned reforms {after} of {max} ({label}).").format(
            capacity=f"{r.capacity_id}. {r.capacity_name}",
            today=r.points,
            after=r.projected,
            max=r.max_points,
            label=label,
        )
        for r in capacities.itertuples()
    ]
    earned = int(indicators["earned"].sum())
    lines.append(
        ngettext(
            "In all: {n} NCSI point earned ({label}).", "In all: {n} NCSI points earned ({label}).", earned
        ).format(n=earned, label=label)
    )
    page.markdown("\n".join(f"- {md(x)}" for x in lines))
    page.caption(
        _(
            "NCSI gives every indicator fixed points and meeting its criteria earns them, so the points are exact. "
            "The overall NCSI score and rank are not projected: they need every indicator's points, and only a "
            "few were read. Legacy and current methodologies are separate series."
        )
    )
    return set(indicators["source_id"]) | set(capacities["source_id"])


def planner(page: Page, d, economy: str, matrix: pd.DataFrame) -> set[str]:
    """The reform planner for one economy: choose reforms (its missing or partial status facts, the NCSI indicators
    it does not meet, its open plan items) and see the status lens and the NCSI points today beside the projection.
    The choice is in the URL (?reforms=fact:<id>,ncsi:<methodology>:<id>,plan:<item>,...). Returns the sources."""
    page.subheader(_("Reform planner"), anchor="planner")
    options = reform_options(d, matrix, economy)
    if not options:
        page.info(
            _(
                "{economy} has no missing or partial status fact, unmet NCSI indicator or open plan item to plan for."
            ).format(economy=display_name(economy))
        )
        return set()
    chosen = page.multichoice(
        "reforms", "cooperation_reforms", _("Reforms to plan"), list(options), _("reform"), options.get
    )
    page.params.update(reforms=",".join(chosen) or None)
    label = _(co.PROJECTION_LABEL)
    page.caption(
        _(
            "Projection: not a measurement. A planned reform puts a status fact in place, or meets an NCSI indicator "
            "and earns its points; nothing else changes. Projections are made only where a publisher's rule makes "
            "them exact (status facts, NCSI points); index and survey values (GCI, Eurostat, surveys) are never "
            "projected. A projection is never stored, downloaded or ranked."
        )
    )
    items = _plan_items(d)
    proj = co.project_status(matrix, economy, chosen, items)
    today, m = co.in_place_count(proj["today"])
    after, _m = co.in_place_count(proj["projected"])
    page.markdown(
        md(
            _(
                "Status lens of {economy}: today {today} of {m} in place; with the planned reforms {after} of {m} ({label})."
            ).format(economy=display_name(economy), today=today, after=after, m=m, label=label)
        )
    )
    table = pd.DataFrame(
        {
            _("Fact"): proj["indicator"],
            _("Today"): [_(STATE_LABELS[s]) for s in proj["today"]],
            _("Projected ({label})").format(label=label): [
                ("→ " if c else "") + _(STATE_LABELS[s])
                for s, c in zip(proj["projected"], proj["changed"], strict=True)
            ],
        }
    )
    page.table(table, key="planner_table")
    effects = co.plan_effects(items, matrix, _ncsi_points(d), economy, chosen, lambda i: _name(d.catalog, i))
    if effects:
        page.markdown("**" + md(_("What completing the chosen plan items would change")) + "**")
        picked = items[items["item_id"].isin([r.split(":", 1)[1] for r in chosen if r.startswith("plan:")])]
        if (picked["confidence"] == "synthetic").any():
            page.demo_badge(_("made-up plan items of made-up institutions"))
        page.markdown("\n".join(f"- {md(x)}" for x in effects))
    used = _ncsi_section(page, d, economy, chosen, label)
    page.caption(
        _(
            "No rank band is shown under the projection: the status lens is counted, never ranked, and the overall "
            "NCSI score cannot be projected from the points read."
        )
    )
    return used


def _name(catalog, indicator_id: str) -> str:
    ind = catalog.get(indicator_id)
    return ind.name if ind else indicator_id


def build(d, url: Mapping[str, Sequence[str]], widgets: Mapping[str, Any]) -> Page:
    """``d``: indicators.views.hygiene.Data of one build."""
    page = Page(url, widgets)
    economy = page.choice(
        "economy",
        "cooperation_economy",
        _("Economy"),
        [ALL, *ECONOMY_CODES],
        ALL,
        _("economy"),
        lambda e: _("All economies") if e == ALL else display_name(e),
    )
    chosen = None if economy == ALL else economy
    page.params.update(economy=chosen)
    has_register = d.has_table("stakeholders")
    ent = d.table("stakeholders") if has_register else pd.DataFrame(columns=co.REGISTER_COLUMNS + ["entity_id"])
    links = (
        d.table("stakeholder_links")
        if d.has_table("stakeholder_links")
        else pd.DataFrame(columns=["from_id", "relation", "to", "since", "source_id", "confidence"])
    )

    # ---- peer learning ------------------------------------------------------------------------------
    page.subheader(_("Peer-learning opportunities"), anchor="opportunities")
    page.caption(
        _(
            "A status fact that some economies have in place and others do not (missing or partly), from the "
            "legislation and CSIRT facts; facts are compared as states, never as points. Economies whose fact is "
            "not assessed or not applicable are neither a gap nor a peer. Region-wide gaps first."
        )
    )
    matrix = status_matrix(d.obs, d.catalog)
    opp = opportunities(d, chosen, matrix)
    if not len(opp):
        page.info(
            _("No status fact of {economy} is a gap that another economy has in place.").format(
                economy=display_name(chosen)
            )
            if chosen
            else _("No status fact is in place in some economies and missing in others.")
        )
    used_sources: set[str] = set()
    for r in opp.itertuples():
        box = page.container(key=f"opportunity_{r.indicator_id}", border=True)
        # one markdown block and one caption block (its lines as paragraphs) per opportunity: each Streamlit
        # element costs about 0.2 ms of every rerun (issue 25)
        box.markdown(f"**{md(r.indicator)}**\n\n{md(co.opportunity_headline(r._asdict()))}")
        evidence = "; ".join(f"{display_name(e)}: {r.evidence[e]}" for e in r.peer_economies)
        gaps = "; ".join(f"{display_name(e)}: {r.evidence[e]}" for e in r.gap_economies)
        lines = [
            _("In place: {evidence}").format(evidence=evidence),
            _("Not yet in place: {evidence}").format(evidence=gaps),
        ]
        if chosen and has_register:
            lines.append(
                _("Channels that already link {economy} with these peers: {channels}").format(
                    economy=display_name(chosen), channels=co.channels_text(ent, links, chosen, r.peer_economies)
                )
            )
        box.caption("\n\n".join(md(x) for x in lines))
        used_sources |= set(r.source_ids)
    if chosen:
        index_section(page, d, chosen, ent, links, has_register, used_sources)
    page.sources(_sources(d, used_sources))

    if chosen and (used := planner(page, d, chosen, matrix)):
        page.sources(_sources(d, used))

    # ---- who sits at the table ----------------------------------------------------------------------
    page.subheader(_("Who sits at the table"), anchor="stakeholders")
    if not has_register:
        page.info(_("No stakeholder register is loaded (data/raw/stakeholders)."))
        return page
    page.caption(
        _(
            "National authorities, coordination bodies, CSIRTs, law enforcement and the regional and international "
            "partners active in the economy, each read in the body's own text or an official act (verified) or in "
            "a report (secondary). A sector with no entry is shown as missing, never filled."
        )
    )
    for eco in [chosen] if chosen else ECONOMY_CODES:
        sel, missing = co.economy_register(ent, eco)
        box = page.container(key=f"register_{eco}", border=True)
        box.markdown(
            f"**{md(display_name(eco))}** · " + md(ngettext("{n} body", "{n} bodies", len(sel)).format(n=len(sel)))
        )
        if len(sel):
            box.table(co.register_table(sel), key=f"register_table_{eco}", wide=(_("Role"),))
        if missing:
            box.caption(md(co.missing_sectors_text(missing)))
    regional = ent[~ent["area"].isin(ECONOMY_CODES)]
    if len(regional):
        page.markdown(f"**{md(_('Regional and international partners'))}**")
        page.table(co.register_table(regional), key="register_table_regional", wide=(_("Role"),))
    page.chart(co.network_figure(ent, links, chosen), key="stakeholder_network")
    page.caption(
        _(
            "Links: {n} recorded (member, beneficiary, serves, founded, coordinates, oversees, supports, works with)."
        ).format(n=len(links))
    )
    shown = ent if not chosen else ent[ent["area"].isin([chosen, "WB6", "INT"])]
    page.sources(_sources(d, set(shown["source_id"]) | set(links["source_id"])))

    page.download(to_csv_bytes(shown), "stakeholders.csv", "stakeholders_download", _("Download the register (CSV)"))
    if chosen in (None, "XKX"):
        page.kosovo()
    return page
