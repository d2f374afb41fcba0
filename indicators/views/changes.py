"""View model of "What changed since the last forum": the current build compared with an archived one.

:func:`build` takes the :class:`indicators.method.changes.ChangeReport` (or None and the reason), the economies
to show and the warehouse ``datasets`` table, and returns :class:`ChangesView`: the per-economy summary,
every change with its values written with their scale, its source dataset and confidence, the datasets
behind the changes (with their as-of dates) and the CSV download (indicators.model.export.to_csv_bytes). No Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from indicators.method.changes import ChangeReport
from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.model.export import to_csv_bytes
from indicators.text.i18n import N_, _
from indicators.views import Table

KIND_LABELS = {"changed": "changed", "added": "added", "withdrawn": "withdrawn", "derived": N_("derived: rank")}
EXPORT_COLUMNS = [
    "economy",
    "indicator_id",
    "indicator",
    "period",
    "sex",
    "group",
    "kind",
    "what",
    "old_value",
    "new_value",
    "delta",
    "old_status",
    "new_status",
    "source_id",
    "dataset",
    "confidence",
    "old_build",
    "new_build",
]


@dataclass(frozen=True)
class ChangesView:
    message: str | None  # why there is nothing to compare, or how the URL choice was resolved
    old: dict | None  # {"build_id", "built_at"} of the earlier build
    new: dict | None
    summary: Table | None  # one row per economy: changed, added, withdrawn
    table: Table | None  # every change, as shown
    export: pd.DataFrame  # the CSV rows (EXPORT_COLUMNS)
    sources: Table | None  # datasets behind the changes, with their as-of dates
    kosovo_footnote: bool

    def csv(self) -> bytes:

        return to_csv_bytes(self.export)


def build(
    report: ChangeReport | None, message: str | None, economies: list[str] | None, datasets: pd.DataFrame
) -> ChangesView:
    economies = [e for e in (economies or ECONOMY_CODES) if e in ECONOMY_CODES] or list(ECONOMY_CODES)
    empty = pd.DataFrame(columns=EXPORT_COLUMNS)
    if report is None:
        return ChangesView(
            message or _("No earlier build is archived yet, so there is nothing to compare with."),
            None,
            None,
            None,
            None,
            empty,
            None,
            False,
        )
    rows = report.changes[report.changes["economy"].isin(economies)].reset_index(drop=True)
    export = rows.assign(old_build=report.old.get("build_id"), new_build=report.new.get("build_id"))
    export = export.reindex(columns=EXPORT_COLUMNS)
    counts = {e: rows[rows["economy"] == e]["kind"].value_counts() for e in economies}
    summary = pd.DataFrame(
        {
            _("Economy"): [display_name(e) for e in economies],
            _("Values changed"): [int(counts[e].get("changed", 0)) for e in economies],
            _("Added"): [int(counts[e].get("added", 0)) for e in economies],
            _("Withdrawn"): [int(counts[e].get("withdrawn", 0)) for e in economies],
        }
    )
    titles = dict(zip(datasets["dataset"], datasets["title"]))
    as_of = dict(zip(datasets["dataset"], datasets["as_of"]))
    shown = pd.DataFrame(
        {
            _("Economy"): [display_name(e) for e in rows["economy"]],
            _("Indicator"): rows["indicator"],
            _("Period"): rows["period"],
            _("Change"): [_(KIND_LABELS.get(k, k)) for k in rows["kind"]],
            _("Before"): rows["old_value"].fillna("—"),
            _("Now"): rows["new_value"].fillna("—"),
            _("What changed"): [w or "—" for w in rows["what"].fillna("")],
            _("Source dataset"): [titles.get(d, d) for d in rows["dataset"]],
            _("Confidence"): [_(c) if isinstance(c, str) else "—" for c in rows["confidence"]],
        }
    )
    used = sorted(set(rows["dataset"].dropna()), key=lambda d: (titles.get(d, d), d))
    sources = pd.DataFrame(
        {_("Dataset"): [titles.get(d, d) for d in used], _("As of"): [as_of.get(d) or _("unknown") for d in used]}
    )
    return ChangesView(
        message,
        report.old,
        report.new,
        Table(summary),
        Table(shown) if len(rows) else None,
        export,
        Table(sources) if used else None,
        "XKX" in set(rows["economy"]) or "XKX" in economies,
    )
