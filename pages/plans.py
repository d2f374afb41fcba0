"""Capacity-building plans: progress per economy and target group, overdue items, and the plan items
that address one gap of an economy profile (?economy=..&indicator=..) or one SIM3 parameter."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from indicators import plans
from indicators.economies import ECONOMY_CODES, display_name, normalise_code
from indicators.i18n import _
from indicators.sim3 import load_model
from indicators.urlstate import shown
from ui import data, frame, state
from ui.router import ensure_router

ensure_router()

ALL = "all"
catalog = data.catalog()
model = load_model()
items = data.table(plans.TABLE) if data.warehouse().has_table(plans.TABLE) else plans.empty_table()
sources = data.table("sources")


def _param(key: str) -> str | None:
    try:
        values = st.query_params.get_all(key)
    except Exception:  # a malformed query string must never break a page
        return None
    return str(values[-1]).strip() if values else None


def _note(message: str) -> None:
    st.info(message, icon=":material/info:")


# --- selections from the URL (bad values: a short message and the default) ---
raw_economy = _param("economy")
economy = ALL
if raw_economy and raw_economy.lower() != ALL:
    code = normalise_code(raw_economy)
    if code is None:
        _note(_("Unknown economy code '{code}': showing all economies. Valid codes: {codes}.").format(
            code=shown(raw_economy), codes=", ".join(ECONOMY_CODES)))
    else:
        economy = code
group = state.choice("group", [ALL, *plans.TARGET_GROUPS], ALL, _("target group"))
indicator = _param("indicator")
if indicator and catalog.get(indicator) is None:
    _note(_("Unknown indicator '{id}': showing plan items for every indicator.").format(id=shown(indicator)))
    indicator = None
parameter = _param("parameter")
if parameter and model.param(parameter.upper()) is None:
    _note(_("Unknown SIM3 parameter '{id}': showing plan items for every parameter.").format(id=shown(parameter)))
    parameter = None
parameter = parameter.upper() if parameter else None
today = dt.date.today()
as_of = today
raw_as_of = _param("as_of")
if raw_as_of:
    try:
        as_of = dt.date.fromisoformat(raw_as_of)
    except ValueError:
        _note(_("Unknown date '{date}': showing the status as of today ({today}).").format(
            date=shown(raw_as_of), today=today.isoformat()))

frame.page_header(_("Capacity-building plans"),
                  _("Plan items for cyber hygiene (general public, critical infrastructure, public-sector staff) and "
                    "for CERT capacity: progress, what is overdue, and which gap each item addresses."))

c1, c2, c3 = st.columns([2, 2, 1])
with c1:
    options = [ALL, *ECONOMY_CODES]
    economy = st.selectbox(_("Economy"), options, index=options.index(economy), key="plans_economy",
                           format_func=lambda e: _("All economies") if e == ALL else display_name(e))
with c2:
    options = [ALL, *plans.TARGET_GROUPS]
    group = st.selectbox(_("Target group"), options, index=options.index(group), key="plans_group",
                         format_func=lambda g: _("All target groups") if g == ALL else plans.target_group_label(g))
with c3:
    as_of = st.date_input(_("Status as of"), value=as_of, key="plans_as_of", format="YYYY-MM-DD") or today
state.write(economy=None if economy == ALL else economy, group=None if group == ALL else group,
            indicator=indicator, parameter=parameter, as_of=None if as_of == today else as_of.isoformat())

view = items
if economy != ALL:
    view = view[view["economy"] == economy]
if group != ALL:
    view = view[view["target_group"] == group]
demo = bool((view["confidence"] == "synthetic").any())
if (items["confidence"] == "synthetic").any():
    frame.demo_badge(_("made-up plan items of made-up institutions"))


def _items_table(rows: pd.DataFrame, key: str) -> None:
    od = plans.overdue_mask(rows, as_of) if len(rows) else pd.Series(dtype=bool)
    st.dataframe(pd.DataFrame({
        _("Item"): rows["item_id"], _("Economy"): [display_name(e) for e in rows["economy"]],
        _("Target group"): [plans.target_group_label(g) for g in rows["target_group"]],
        _("Action"): rows["action"],
        _("Status"): [plans.status_label(s) + (" · " + _("overdue") if o else "") for s, o in zip(rows["status"], od)],
        _("Progress %"): rows["progress"], _("Deadline"): rows["deadline"],
        _("Addresses"): [", ".join(x for x in (catalog.get(i).name if isinstance(i, str) and catalog.get(i) else "",
                                               f"SIM3 {p}" if isinstance(p, str) and p else "") if x) or "—"
                         for i, p in zip(rows["linked_indicator"], rows["linked_sim3_parameter"])],
        _("Institution"): rows["institution"], _("Baseline"): rows["baseline"], _("Target"): rows["target"],
        _("Confidence"): [_(c) for c in rows["confidence"]],
    }), hide_index=True, key=key, width="stretch",
        column_config={_("Progress %"): st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f%%")})


# --- 1. the items addressing one gap (from the economy profile) or one SIM3 parameter ---
if indicator or parameter:
    if indicator:
        ind = catalog.get(indicator)
        where = display_name(economy) if economy != ALL else _("all economies")
        st.subheader(_("Plan items addressing the gap: {indicator} ({where})").format(indicator=ind.name, where=where),
                     anchor=False)
        linked = view[view["linked_indicator"] == indicator]
    else:
        p = model.param(parameter)
        where = display_name(economy) if economy != ALL else _("all economies")
        st.subheader(_("Plan items addressing SIM3 {id} {name} ({where})").format(id=p.id, name=p.name, where=where),
                     anchor=False)
        linked = view[view["linked_sim3_parameter"] == parameter]
    if indicator and parameter:
        linked = linked[linked["linked_sim3_parameter"] == parameter]
    if not len(linked):
        st.warning(_("No plan item addresses this gap."), icon=":material/playlist_remove:")
        st.caption(_("Add one with the plan-items template (data/templates/plan_items_template.csv or .xlsx), "
                     "setting linked_indicator (or linked_sim3_parameter) to this id."))
    else:
        active = linked[linked["status"] != "cancelled"]
        st.markdown(_("{n} plan item(s) address this gap ({a} not cancelled).").format(n=len(linked), a=len(active)))
        _items_table(linked, "plans_gap_table")
    if economy != ALL:
        st.page_link("pages/profile.py", label=_("Back to the economy profile of {economy}").format(
            economy=display_name(economy)), icon=":material/arrow_back:", query_params={"economy": economy})
    st.page_link("pages/plans.py", label=_("Show all plan items"), icon=":material/list:",
                 query_params={"economy": economy} if economy != ALL else {})
    st.divider()

# --- 2. headline numbers ---
summary_all = plans.progress_summary(view, ("economy",), as_of)
late = plans.overdue(view, as_of)
m1, m2, m3, m4 = st.columns(4)
reported = view[(view["status"] != "cancelled")]["progress"].dropna()
m1.metric(_("Plan items"), len(view))
m2.metric(_("Mean progress"), f"{reported.mean():.0f}%" if len(reported) else _("not reported"),
          help=_("Mean over the items that are not cancelled and report a progress ({n} items).").format(n=len(reported)))
m3.metric(_("Overdue as of {date}").format(date=as_of.isoformat()), len(late))
m4.metric(_("Done"), int((view["status"] == "done").sum()))

# --- 3. progress per economy and target group ---
st.subheader(_("Progress per economy and target group"), anchor=False)
if not len(view):
    st.info(_("No plan items match this selection."), icon=":material/info:")
else:
    by_group = plans.progress_summary(view, ("economy", "target_group"), as_of)
    if demo:
        frame.demo_badge()
    st.plotly_chart(plans.progress_heatmap(by_group), key="plans_progress_heatmap", config={"displayModeBar": False})
    order = {c: i for i, c in enumerate(ECONOMY_CODES)}
    by_group = by_group.assign(_o=by_group["economy"].map(order)).sort_values(["_o", "target_group"])
    st.dataframe(pd.DataFrame({
        _("Economy"): [display_name(e) for e in by_group["economy"]],
        _("Target group"): [plans.target_group_label(g) for g in by_group["target_group"]],
        _("Items"): by_group["items"], _("Mean progress %"): by_group["mean_progress"],
        _("Items with progress reported"): by_group["with_progress"],
        **{plans.status_label(s): by_group[s] for s in plans.STATUSES},
        _("Overdue"): by_group["overdue"],
    }), hide_index=True, key="plans_summary_table", width="stretch",
        column_config={_("Mean progress %"): st.column_config.NumberColumn(format="%.0f")})
    st.caption(_("Text summary") + ": " + "; ".join(
        f"{display_name(r['economy'])}: {r['items']} {_('items')}, "
        + (f"{_('mean progress')} {r['mean_progress']:.0f}%" if pd.notna(r["mean_progress"]) else _("no progress reported"))
        + f", {r['overdue']} {_('overdue')}"
        for _i, r in summary_all.assign(_o=summary_all["economy"].map(order)).sort_values("_o").iterrows()) + ".")
    st.caption(_("Progress is the mean of the items that are not cancelled and report a progress; an item without a "
                 "reported progress is left out, never counted as 0. An empty cell means no plan item."))
    st.subheader(_("Plan items by status"), anchor=False)
    st.plotly_chart(plans.status_bars(summary_all), key="plans_status_bars", config={"displayModeBar": False})
    st.caption(_("Text summary") + ": " + "; ".join(
        f"{display_name(r['economy'])}: " + ", ".join(f"{int(r[s])} {plans.status_label(s).lower()}"
                                                     for s in plans.STATUSES if int(r[s]))
        for _i, r in summary_all.assign(_o=summary_all["economy"].map(order)).sort_values("_o").iterrows()) + ".")

# --- 4. overdue items ---
st.subheader(_("Overdue items (as of {date})").format(date=as_of.isoformat()), anchor=False)
st.caption(_("Overdue: the deadline is before the 'status as of' date and the item is neither done nor cancelled."))
if not len(late):
    st.success(_("No overdue items in this selection."), icon=":material/check_circle:")
else:
    if demo:
        frame.demo_badge()
    st.dataframe(pd.DataFrame({
        _("Item"): late["item_id"], _("Economy"): [display_name(e) for e in late["economy"]],
        _("Action"): late["action"], _("Deadline"): late["deadline"], _("Days overdue"): late["days_overdue"],
        _("Status"): [plans.status_label(s) for s in late["status"]], _("Progress %"): late["progress"],
        _("Institution"): late["institution"], _("Confidence"): [_(c) for c in late["confidence"]],
    }), hide_index=True, key="plans_overdue_table", width="stretch",
        column_config={_("Progress %"): st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f%%")})

# --- 5. all items in the selection ---
st.subheader(_("Plan items"), anchor=False)
if len(view):
    if demo:
        frame.demo_badge()
    _items_table(view.sort_values(["deadline", "item_id"], kind="stable"), "plans_items_table")
    st.download_button(_("Download these plan items (CSV)"), plans.export_csv(view, as_of),
                       file_name=f"plan_items_{economy}_{as_of.isoformat()}.csv", mime="text/csv",
                       key="plans_download", on_click="ignore")
used = view.drop_duplicates("source_id").merge(sources[["source_id", "title", "url"]], on="source_id", how="left")
frame.sources_line(used.rename(columns={"title": "source_title", "url": "source_url"}))
if economy in (ALL, "XKX"):
    frame.kosovo_footnote()
