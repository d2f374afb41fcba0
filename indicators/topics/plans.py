"""Capacity-building plans: progress per economy and target group, overdue items, items addressing a gap.

Pure functions over the warehouse table ``plan_items`` (one row per plan item; template in
data/templates/plan_items_template.*). Rules (also stated on the plans page):
- Progress of a group = the mean ``progress`` (0-100) of its items that are not cancelled and report a
  progress; items without a reported progress are left out (never counted as 0) and the count of items
  behind the mean is always shown.
- Overdue = the deadline is before *today* and the status is neither done nor cancelled. ``today`` is a
  parameter everywhere, so tests and the page's "as of" date can fix it.
- An item addresses a gap when its ``linked_indicator`` is the gap row's indicator id and its economy is
  the profile's economy; cancelled items do not count as addressing it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.model.export import to_csv_bytes
from indicators.text.i18n import _, ngettext

if TYPE_CHECKING:  # pragma: no cover
    import plotly.graph_objects as go

TABLE = "plan_items"
TARGET_GROUPS = ("general_public", "critical_infrastructure", "public_sector_staff", "cert_staff")
STATUSES = ("planned", "in_progress", "done", "delayed", "cancelled")
CLOSED = ("done", "cancelled")
TEMPLATE_COLUMNS = [
    "item_id",
    "economy",
    "institution",
    "target_group",
    "action",
    "linked_indicator",
    "linked_sim3_parameter",
    "baseline",
    "target",
    "deadline",
    "status",
    "progress",
    "confidence",
    "source_id",
    "note",
]
TABLE_COLUMNS = [*TEMPLATE_COLUMNS, "dataset"]
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=15, color="#1a1a1a")
STATUS_COLOURS = {
    "planned": "#999999",
    "in_progress": "#0072B2",
    "done": "#009E73",
    "delayed": "#D55E00",
    "cancelled": "#333333",
}


def target_group_label(group: str) -> str:
    return {
        "general_public": _("General public"),
        "critical_infrastructure": _("Critical infrastructure"),
        "public_sector_staff": _("Public-sector staff"),
        "cert_staff": _("CERT staff"),
    }.get(group, group)


def status_label(status: str) -> str:
    return {
        "planned": _("Planned"),
        "in_progress": _("In progress"),
        "done": _("Done"),
        "delayed": _("Delayed"),
        "cancelled": _("Cancelled"),
    }.get(status, status)


def empty_table() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64" if c == "progress" else "str") for c in TABLE_COLUMNS})


def _today(today: dt.date | str | None) -> str:
    if today is None:
        return dt.date.today().isoformat()
    return today.isoformat() if isinstance(today, dt.date) else str(today)


def overdue_mask(items: pd.DataFrame, today: dt.date | str | None = None) -> pd.Series:
    """True where the deadline is before ``today`` and the item is neither done nor cancelled."""
    return (items["deadline"] < _today(today)) & ~items["status"].isin(CLOSED)


def overdue(items: pd.DataFrame, today: dt.date | str | None = None) -> pd.DataFrame:
    """Overdue items, most overdue first, with the number of days past the deadline."""
    day = dt.date.fromisoformat(_today(today))
    out = items[overdue_mask(items, today)].copy()
    out["days_overdue"] = [(day - dt.date.fromisoformat(d)).days for d in out["deadline"]]
    return out.sort_values(
        ["days_overdue", "economy", "item_id"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)


def progress_summary(
    items: pd.DataFrame, by: tuple[str, ...] = ("economy", "target_group"), today: dt.date | str | None = None
) -> pd.DataFrame:
    """One row per group: item counts by status, overdue count, and mean progress with its basis.

    ``mean_progress`` is NaN (not 0) when no active item of the group reports a progress;
    ``with_progress`` says how many items the mean is over.
    """
    by = list(by)
    cols = [*by, "items", "active", "with_progress", "mean_progress", *STATUSES, "overdue"]
    if not len(items):
        return pd.DataFrame(columns=cols)
    items = items.assign(_overdue=overdue_mask(items, today))
    rows = []
    for key, grp in items.groupby(by, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        active = grp[grp["status"] != "cancelled"]
        reported = active["progress"].dropna()
        rows.append(
            {
                **dict(zip(by, key)),
                "items": len(grp),
                "active": len(active),
                "with_progress": len(reported),
                "mean_progress": round(float(reported.mean()), 1) if len(reported) else float("nan"),
                **{s: int((grp["status"] == s).sum()) for s in STATUSES},
                "overdue": int(grp["_overdue"].sum()),
            }
        )
    return pd.DataFrame(rows, columns=cols)


def items_for_gap(items: pd.DataFrame, economy: str, indicator_id: str, include_cancelled: bool = True) -> pd.DataFrame:
    rows = items[(items["economy"] == economy) & (items["linked_indicator"] == indicator_id)]
    if not include_cancelled:
        rows = rows[rows["status"] != "cancelled"]
    return rows.reset_index(drop=True)


def gap_counts(items: pd.DataFrame, economy: str, indicator_ids) -> dict[str, int]:
    """For each indicator id: how many (not cancelled) plan items of the economy address it."""
    mine = items[(items["economy"] == economy) & (items["status"] != "cancelled")]
    counts = mine["linked_indicator"].value_counts()
    return {i: int(counts.get(i, 0)) for i in indicator_ids}


def items_for_parameter(items: pd.DataFrame, economy: str | None, parameter_id: str) -> pd.DataFrame:
    rows = items[items["linked_sim3_parameter"] == parameter_id]
    if economy:
        rows = rows[rows["economy"] == economy]
    return rows.reset_index(drop=True)


def export_frame(items: pd.DataFrame, today: dt.date | str | None = None) -> pd.DataFrame:
    """The items as shown, in the template's columns plus dataset and overdue flag (confidence included)."""
    out = items[TABLE_COLUMNS].copy().reset_index(drop=True)
    out["overdue_as_of_" + _today(today)] = overdue_mask(items, today).astype(bool).values
    return out


def export_csv(items: pd.DataFrame, today: dt.date | str | None = None) -> bytes:
    """:func:`export_frame` as CSV through the project's one protected writer (indicators.model.export.to_csv_bytes):
    text cells that a spreadsheet would run as a formula are neutralised, numbers are untouched."""

    return to_csv_bytes(export_frame(items, today))


# ---------------------------------------------------------------------------------------------------
# Figures


def progress_heatmap(summary: pd.DataFrame) -> go.Figure:
    """Economies (rows) x target groups (columns): mean progress, with the number of items in each cell.

    A cell with no item, or no reported progress, stays empty and says so; it is never 0 %.
    """
    import plotly.graph_objects as go  # imported here: the ETL uses this module without figures

    ecos = [e for e in ECONOMY_CODES if e in set(summary["economy"])]
    idx = summary.set_index(["economy", "target_group"]) if len(summary) else None
    z, text = [], []
    for eco in ecos:
        zr, tr = [], []
        for grp in TARGET_GROUPS:
            if idx is None or (eco, grp) not in idx.index:
                zr.append(None)
                tr.append(_("no items"))
                continue
            row = idx.loc[(eco, grp)]
            mean = row["mean_progress"]
            zr.append(None if pd.isna(mean) else float(mean))
            n = int(row["items"])
            base = f"{mean:.0f}%" if pd.notna(mean) else _("no progress reported")
            extra = " · " + _("{n} overdue").format(n=int(row["overdue"])) if int(row["overdue"]) else ""
            tr.append(f"{base}<br>" + ngettext("{n} item", "{n} items", n).format(n=n) + extra)
        z.append(zr)
        text.append(tr)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[target_group_label(g) for g in TARGET_GROUPS],
            y=[display_name(e) for e in ecos],
            text=text,
            texttemplate="%{text}",
            textfont=dict(size=14),
            zmin=0,
            zmax=100,
            xgap=3,
            ygap=3,
            hoverongaps=True,
            colorscale=[[0, "#fde0c5"], [0.5, "#9ecae1"], [1, "#08519c"]],
            colorbar=dict(
                title=dict(text=_("Mean progress %"), side="right"),
                tickvals=[0, 25, 50, 75, 100],
                thickness=14,
                len=0.9,
            ),
            hovertemplate="%{y} · %{x}<br>%{text}<extra></extra>",
        )
    )
    fig.update_layout(
        font=FONT,
        height=max(260, 72 * len(ecos) + 80),
        margin=dict(l=10, r=10, t=50, b=10),
        paper_bgcolor="white",
        plot_bgcolor="#f4f4f4",
        xaxis=dict(side="top", fixedrange=True, tickangle=0, tickfont=dict(size=15)),
        yaxis=dict(autorange="reversed", fixedrange=True, automargin=True),
    )
    return fig


def status_bars(summary_by_economy: pd.DataFrame) -> go.Figure:
    """Stacked horizontal bars: item counts by status per economy."""
    import plotly.graph_objects as go  # imported here: the ETL uses this module without figures

    ecos = [e for e in ECONOMY_CODES if e in set(summary_by_economy["economy"])]
    idx = summary_by_economy.set_index("economy")
    fig = go.Figure()
    for status in STATUSES:
        fig.add_trace(
            go.Bar(
                y=[display_name(e) for e in ecos],
                x=[int(idx.loc[e, status]) for e in ecos],
                name=status_label(status),
                orientation="h",
                marker=dict(color=STATUS_COLOURS[status]),
                hovertemplate="%{y}: %{x}<extra>" + status_label(status) + "</extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        font=FONT,
        height=max(260, 50 * len(ecos) + 110),
        margin=dict(l=10, r=10, t=20, b=10),
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis=dict(title=_("Plan items"), gridcolor="#dddddd", dtick=1 if len(ecos) < 3 else None),
        yaxis=dict(autorange="reversed", automargin=True),
        legend=dict(orientation="h", yanchor="top", y=-0.2, xanchor="center", x=0.5),
    )
    return fig
