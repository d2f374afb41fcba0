"""View model of the capacity-building plans page: progress per economy and target group, overdue items, and
the plan items that address one gap of an economy profile (``?economy=..&indicator=..``) or one SIM3 parameter.

- :func:`parse` turns the URL parameters into a :class:`Selection` with a message per unusable value.
- :func:`build` returns :class:`PlansView` for a selection (after the page's widgets have had their say): every
  table, figure (with the demonstration watermark already drawn when built from synthetic data), caption and the
  link of each item to the gap it closes.
- :func:`labels` holds the page's headings, widget labels and fixed captions, translated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from indicators.method.scoring import STATE_LABELS, status_matrix
from indicators.model.economies import ECONOMY_CODES, display_name, normalise_code
from indicators.model.export import to_csv_bytes
from indicators.model.urlstate import parse_choice, shown
from indicators.render.figures import demo_watermark
from indicators.text.i18n import _, ngettext
from indicators.text.markup import md
from indicators.topics import plans
from indicators.topics.sim3 import Sim3Model
from indicators.views import Table

ALL = "all"
GROUPS = (ALL, *plans.TARGET_GROUPS)  # the target-group picker's options


@dataclass(frozen=True)
class Labels:
    """The page's headings, widget labels and fixed captions, translated (the data-derived ones are in the view)."""

    title: str
    subtitle: str
    every_economy: str
    group: str
    demo_items: str
    as_of: str
    no_gap_item: str
    no_gap_hint: str
    all_items: str
    progress_title: str
    no_match: str
    progress_rule: str
    status_title: str
    overdue_rule: str
    no_overdue: str
    items_title: str
    download: str
    links_title: str
    links_caption: str
    link: str
    closed: str


def labels() -> Labels:
    return Labels(
        title=_("Capacity-building plans"),
        subtitle=_(
            "Plan items for cyber hygiene (general public, critical infrastructure, public-sector staff) and "
            "for CERT capacity: progress, what is overdue, and which gap each item addresses."
        ),
        every_economy=_("All economies"),
        group=_("Target group"),
        demo_items=_("made-up plan items of made-up institutions"),
        as_of=_("Status as of"),
        no_gap_item=_("No plan item addresses this gap."),
        no_gap_hint=_(
            "Add one with the plan-items template (data/templates/plan_items_template.csv or .xlsx), "
            "setting linked_indicator (or linked_sim3_parameter) to this id."
        ),
        all_items=_("Show all plan items"),
        progress_title=_("Progress per economy and target group"),
        no_match=_("No plan items match this selection."),
        progress_rule=_(
            "Progress is the mean of the items that are not cancelled and report a progress; an item without a "
            "reported progress is left out, never counted as 0. An empty cell means no plan item."
        ),
        status_title=_("Plan items by status"),
        overdue_rule=_(
            "Overdue: the deadline is before the 'status as of' date and the item is neither done nor cancelled."
        ),
        no_overdue=_("No overdue items in this selection."),
        items_title=_("Plan items"),
        download=_("Download these plan items (CSV)"),
        links_title=_("The gap each item closes, and what completing it would change"),
        links_caption=_(
            "An open item links to the reform planner of the Cooperation page with that item chosen: a status "
            "fact it closes is projected in place (projection: not a measurement); index and survey values are "
            "never projected."
        ),
        link=_("What completing it would change"),
        closed=_("Done or cancelled: nothing to plan."),
    )


def group_label(group: str) -> str:
    """A target group as the picker shows it (all of them: 'All target groups')."""
    return _("All target groups") if group == ALL else plans.target_group_label(group)


@dataclass(frozen=True)
class Selection:
    economy: str = ALL  # an economy code or ALL
    group: str = ALL  # a target group or ALL
    indicator: str | None = None
    parameter: str | None = None  # SIM3 parameter id, upper case
    as_of: dt.date | None = None  # None: today
    messages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gap:
    """The items addressing one gap (a catalog indicator) or one SIM3 parameter."""

    heading: str
    table: Table | None  # None: no item addresses it
    count_text: str
    back_to_profile: str | None  # the economy whose profile to link back to
    back_label: str = ""  # the label of that link


@dataclass(frozen=True)
class Progress:
    heatmap: Any
    table: Table
    caption: str
    status_bars: Any
    status_caption: str


@dataclass(frozen=True)
class PlansView:
    selection: Selection
    as_of: dt.date
    demo_anywhere: bool  # the plan items hold demonstration data (badge at the top)
    demo: bool  # the selected items hold demonstration data (badge beside each table)
    gap: Gap | None
    metrics: tuple  # (label, value, help or None)
    progress: Progress | None  # None: no item matches
    overdue_title: str
    overdue: Table | None  # None: nothing is overdue
    items: Table | None
    csv: bytes | None
    csv_name: str
    sources: pd.DataFrame  # source_id, source_title, source_url of the selected items
    kosovo_footnote: bool
    rows: pd.DataFrame | None = None  # the selected plan items
    links: tuple = ()  # PlanLink per selected item: the gap it closes and the planner's link (build given ``obs``)


@dataclass(frozen=True)
class PlanLink:
    """One plan item, the gap it closes and (when it is still open) the planner link that shows what completing
    it would change."""

    item_id: str
    text: str  # markdown, data escaped
    query: dict | None  # the cooperation page's URL values (economy, reforms); None for a done or cancelled item


def parse(params: Mapping[str, Sequence[str]], catalog, model: Sim3Model, today: dt.date) -> Selection:
    """The selection named by the URL; each value that cannot be used gives a message and its default."""

    def last(key: str) -> str | None:
        values = params.get(key) or []
        return str(values[-1]).strip() if values else None

    messages = []
    economy = ALL
    raw = last("economy")
    if raw and raw.lower() != ALL:
        code = normalise_code(raw)
        if code is None:
            messages.append(
                _("Unknown economy code '{code}': showing all economies. Valid codes: {codes}.").format(
                    code=shown(raw), codes=", ".join(ECONOMY_CODES)
                )
            )
        else:
            economy = code
    group, message = parse_choice(list(params.get("group") or []), [ALL, *plans.TARGET_GROUPS], ALL, _("target group"))
    if message:
        messages.append(_(message))
    indicator = last("indicator")
    if indicator and catalog.get(indicator) is None:
        messages.append(
            _("Unknown indicator '{id}': showing plan items for every indicator.").format(id=shown(indicator))
        )
        indicator = None
    parameter = last("parameter")
    if parameter and model.param(parameter.upper()) is None:
        messages.append(
            _("Unknown SIM3 parameter '{id}': showing plan items for every parameter.").format(id=shown(parameter))
        )
        parameter = None
    as_of = None
    raw = last("as_of")
    if raw:
        try:
            as_of = dt.date.fromisoformat(raw)
        except ValueError:
            messages.append(
                _("Unknown date '{date}': showing the status as of today ({today}).").format(
                    date=shown(raw), today=today.isoformat()
                )
            )
    return Selection(
        economy, group, indicator or None, parameter.upper() if parameter else None, as_of, tuple(messages)
    )


def _ordered(df: pd.DataFrame) -> pd.DataFrame:
    order = {c: i for i, c in enumerate(ECONOMY_CODES)}
    return df.assign(_o=df["economy"].map(order)).sort_values(
        ["_o", *(["target_group"] if "target_group" in df else [])], kind="stable"
    )


def _items_table(rows: pd.DataFrame, catalog, as_of: dt.date) -> Table:
    od = plans.overdue_mask(rows, as_of) if len(rows) else pd.Series(dtype=bool)

    def addresses(i, p) -> str:
        ind = catalog.get(i) if isinstance(i, str) and i else None
        parts = (ind.name if ind else "", f"SIM3 {p}" if isinstance(p, str) and p else "")
        return ", ".join(x for x in parts if x) or "—"

    progress = _("Progress %")
    return Table(
        pd.DataFrame(
            {
                _("Item"): rows["item_id"],
                _("Economy"): [display_name(e) for e in rows["economy"]],
                _("Target group"): [plans.target_group_label(g) for g in rows["target_group"]],
                _("Action"): rows["action"],
                _("Status"): [
                    plans.status_label(s) + (" · " + _("overdue") if o else "") for s, o in zip(rows["status"], od)
                ],
                progress: rows["progress"],
                _("Deadline"): rows["deadline"],
                _("Addresses"): [
                    addresses(i, p) for i, p in zip(rows["linked_indicator"], rows["linked_sim3_parameter"])
                ],
                _("Institution"): rows["institution"],
                _("Baseline"): rows["baseline"],
                _("Target"): rows["target"],
                _("Confidence"): [_(c) for c in rows["confidence"]],
            }
        ),
        progress=(progress,),
    )


def _gap(sel: Selection, view: pd.DataFrame, catalog, model: Sim3Model, as_of: dt.date) -> Gap | None:
    if not (sel.indicator or sel.parameter):
        return None
    where = display_name(sel.economy) if sel.economy != ALL else _("all economies")
    if sel.indicator:
        heading = _("Plan items addressing the gap: {indicator} ({where})").format(
            indicator=md(catalog.get(sel.indicator).name), where=where
        )
        linked = view[view["linked_indicator"] == sel.indicator]
    else:
        p = model.param(sel.parameter)
        heading = _("Plan items addressing SIM3 {id} {name} ({where})").format(id=p.id, name=md(p.name), where=where)
        linked = view[view["linked_sim3_parameter"] == sel.parameter]
    if sel.indicator and sel.parameter:
        linked = linked[linked["linked_sim3_parameter"] == sel.parameter]
    active = linked[linked["status"] != "cancelled"]
    return Gap(
        heading=heading,
        table=_items_table(linked, catalog, as_of) if len(linked) else None,
        count_text=ngettext(
            "{n} plan item addresses this gap ({a} not cancelled).",
            "{n} plan items address this gap ({a} not cancelled).",
            len(linked),
        ).format(n=len(linked), a=len(active)),
        back_to_profile=None if sel.economy == ALL else sel.economy,
        back_label=""
        if sel.economy == ALL
        else _("Back to the economy profile of {economy}").format(economy=display_name(sel.economy)),
    )


def _shown(fig, demo: bool):
    """A figure as the page shows it: a chart built from demonstration data carries the watermark
    (indicators.render.figures.demo_watermark), drawn once here, not on every rerun."""
    return demo_watermark(fig) if demo else fig


def _progress(view: pd.DataFrame, summary_all: pd.DataFrame, as_of: dt.date, demo: bool) -> Progress | None:
    if not len(view):
        return None
    by_group = plans.progress_summary(view, ("economy", "target_group"), as_of)
    heatmap = _shown(plans.progress_heatmap(by_group), demo)
    by_group = _ordered(by_group)
    mean = _("Mean progress %")
    table = Table(
        pd.DataFrame(
            {
                _("Economy"): [display_name(e) for e in by_group["economy"]],
                _("Target group"): [plans.target_group_label(g) for g in by_group["target_group"]],
                _("Items"): by_group["items"],
                mean: by_group["mean_progress"],
                _("Items with progress reported"): by_group["with_progress"],
                **{plans.status_label(s): by_group[s] for s in plans.STATUSES},
                _("Overdue"): by_group["overdue"],
            }
        ),
        formats={mean: "%.0f"},
    )
    per_economy = list(_ordered(summary_all).iterrows())
    caption = (
        _("Text summary")
        + ": "
        + "; ".join(
            f"{display_name(r['economy'])}: "
            + ngettext("{n} item", "{n} items", int(r["items"])).format(n=r["items"])
            + ", "
            + (
                _("mean progress {percent}").format(percent=f"{r['mean_progress']:.0f}%")
                if pd.notna(r["mean_progress"])
                else _("no progress reported")
            )
            + ", "
            + _("{n} overdue").format(n=r["overdue"])
            for _i, r in per_economy
        )
        + "."
    )
    status_caption = (
        _("Text summary")
        + ": "
        + "; ".join(
            f"{display_name(r['economy'])}: "
            + ", ".join(f"{int(r[s])} {plans.status_label(s).lower()}" for s in plans.STATUSES if int(r[s]))
            for _i, r in per_economy
        )
        + "."
    )
    return Progress(heatmap, table, caption, _shown(plans.status_bars(summary_all), demo), status_caption)


def build(
    items: pd.DataFrame,
    sources: pd.DataFrame,
    catalog,
    model: Sim3Model,
    sel: Selection,
    today: dt.date,
    obs: pd.DataFrame | None = None,
) -> PlansView:
    """Everything the plans page shows for a selection; ``today`` fixes the 'status as of' default. With the
    observations ``obs``, each selected item's link to the gap it closes (:func:`plan_links`)."""

    as_of = sel.as_of or today
    view = items
    if sel.economy != ALL:
        view = view[view["economy"] == sel.economy]
    if sel.group != ALL:
        view = view[view["target_group"] == sel.group]
    summary_all = plans.progress_summary(view, ("economy",), as_of)
    late = plans.overdue(view, as_of)
    reported = view[view["status"] != "cancelled"]["progress"].dropna()
    metrics = (
        (_("Plan items"), len(view), None),
        (
            _("Mean progress"),
            f"{reported.mean():.0f}%" if len(reported) else _("not reported"),
            _("Mean over the items that are not cancelled and report a progress ({n} items).").format(n=len(reported)),
        ),
        (_("Overdue as of {date}").format(date=as_of.isoformat()), len(late), None),
        (_("Done"), int((view["status"] == "done").sum()), None),
    )
    progress = _("Progress %")
    overdue = (
        None
        if not len(late)
        else Table(
            pd.DataFrame(
                {
                    _("Item"): late["item_id"],
                    _("Economy"): [display_name(e) for e in late["economy"]],
                    _("Action"): late["action"],
                    _("Deadline"): late["deadline"],
                    _("Days overdue"): late["days_overdue"],
                    _("Status"): [plans.status_label(s) for s in late["status"]],
                    progress: late["progress"],
                    _("Institution"): late["institution"],
                    _("Confidence"): [_(c) for c in late["confidence"]],
                }
            ),
            progress=(progress,),
        )
    )
    used = view.drop_duplicates("source_id").merge(sources[["source_id", "title", "url"]], on="source_id", how="left")
    demo = bool((view["confidence"] == "synthetic").any())
    return PlansView(
        selection=sel,
        as_of=as_of,
        demo_anywhere=bool((items["confidence"] == "synthetic").any()),
        demo=demo,
        gap=_gap(sel, view, catalog, model, as_of),
        metrics=metrics,
        progress=_progress(view, summary_all, as_of, demo),
        overdue_title=_("Overdue items (as of {date})").format(date=as_of.isoformat()),
        overdue=overdue,
        items=_items_table(view.sort_values(["deadline", "item_id"], kind="stable"), catalog, as_of)
        if len(view)
        else None,
        csv=to_csv_bytes(plans.export_frame(view, as_of)) if len(view) else None,
        csv_name=f"plan_items_{sel.economy}_{as_of.isoformat()}.csv",
        sources=used.rename(columns={"title": "source_title", "url": "source_url"}),
        kosovo_footnote=sel.economy in (ALL, "XKX"),
        rows=view,
        links=plan_links(view, obs, catalog) if obs is not None else (),
    )


def gap_of(item, states: dict, name_of) -> str:
    """The gap a plan item closes, in words: a status fact and its state today, an index indicator (its distance
    to the best is in the economy profile's gap table), or a SIM3 parameter."""
    linked = item["linked_indicator"] if isinstance(item["linked_indicator"], str) else ""
    if linked in states:
        state = states[linked]
        if state in ("missing", "partly"):
            return _("closes the gap '{fact}' (today: {state})").format(
                fact=name_of(linked), state=_(STATE_LABELS[state])
            )
        return _("'{fact}': {state} today").format(fact=name_of(linked), state=_(STATE_LABELS[state]))
    if linked:
        return _("addresses '{indicator}' (an index or survey value)").format(indicator=name_of(linked))
    sim3 = item["linked_sim3_parameter"]
    return _("addresses SIM3 {parameter}").format(parameter=sim3) if isinstance(sim3, str) and sim3 else "—"


def plan_links(rows: pd.DataFrame | None, obs: pd.DataFrame, catalog) -> tuple[PlanLink, ...]:
    """Each plan item with the gap it closes (its linked indicator, with its state today under the status lens) and, for an item that is not done or cancelled, the reform planner's URL values with that item
    (``/cooperation?economy=X&reforms=plan:<item>``)."""
    if rows is None or not len(rows):
        return ()

    def name_of(i: str) -> str:
        ind = catalog.get(i)
        return ind.name if ind else i

    matrix = status_matrix(obs, catalog, sorted(set(rows["economy"])))
    out = []
    for eco, grp in rows.sort_values(["economy", "item_id"], kind="stable").groupby("economy", sort=False):
        states = matrix[matrix["economy"] == eco].set_index("indicator_id")["state"].to_dict()
        for _i, item in grp.iterrows():
            text = f"**{md(item['item_id'])}** ({md(display_name(eco))}): {md(gap_of(item, states, name_of))}"
            open_ = item["status"] not in plans.CLOSED
            out.append(
                PlanLink(
                    item["item_id"], text, {"economy": eco, "reforms": f"plan:{item['item_id']}"} if open_ else None
                )
            )
    return tuple(out)
