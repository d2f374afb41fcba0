"""View model of the data explorer: every observation with its provenance, filtered, and the downloads.

- :func:`prepare` does the per-build work (the allowed filter values, the period range, labels).
- :func:`parse` turns URL parameters into :class:`indicators.model.explore.Filters` with a message per unusable value.
- :func:`build` returns :class:`ExplorerView` for one set of filters: the export table (the same one every
  download is made from), the table on screen with its labels, the row count, the text summary, the rows
  whose sources are named, and the command line that makes the same export.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from indicators.method.scoring import STATUS_LABELS
from indicators.model import explore
from indicators.model.economies import display_name
from indicators.model.export import (
    datapackage_bytes,
    export_table,
    filter_observations,
    provenance,
    to_csv_bytes,
    to_parquet_bytes,
    warehouse_tables,
)
from indicators.model.vocabulary import flag_label, group_option, sex_label  # noqa: F401 - the page's option labels
from indicators.render import datalinks
from indicators.text.i18n import _, catalog_text, format_number, format_trimmed, ngettext, plotly_separators
from indicators.text.markup import html
from indicators.views import Table, confidence_summary


@dataclass(frozen=True)
class ExplorerData:
    """Per-build inputs shared by every selection."""

    allowed: explore.Choices
    lo: int
    hi: int
    dataset_ids: frozenset
    varying: tuple[str, ...]  # 'sex' / 'group' when the data holds more than one value


@dataclass(frozen=True)
class ExplorerView:
    filters: explore.Filters
    table: pd.DataFrame  # indicators.model.export.export_table: the rows on screen and in every download
    shown: Table | None  # None: no row matches
    compact: Table | None  # the few columns that matter, for narrow screens (details of a row on demand)
    row_count_html: str  # rendered with unsafe_allow_html: only numbers and escaped words
    demo: bool
    summary: str | None
    chosen: pd.DataFrame  # the observations behind the table (sources line)
    kosovo_footnote: bool
    cli: str
    formats_note: str

    def csv(self) -> bytes:
        """The table as CSV through the project's one protected writer."""

        return to_csv_bytes(self.table)


def prepare(obs: pd.DataFrame, catalog, sources: pd.DataFrame, datasets: pd.DataFrame) -> ExplorerData:
    allowed = explore.choices(obs, catalog, sources, datasets)
    lo, hi = allowed.period_range or (2000, 2030)
    return ExplorerData(
        allowed=allowed,
        lo=lo,
        hi=hi,
        dataset_ids=frozenset(set(obs["dataset"].dropna()) | set(datasets["dataset"])),
        varying=tuple(k for k in ("sex", "group") if obs[k].nunique() > 1),
    )


def parse(params: Mapping[str, Sequence[str]], data: ExplorerData) -> tuple[explore.Filters, list[str]]:
    """Filters from the URL; a period outside the data falls back to all periods with a message."""
    filters, messages = explore.parse_filters(params, data.allowed)
    if filters.period is not None:
        a, b = filters.period
        if b < data.lo or a > data.hi:
            messages.append(f"No data in the period {a}-{b}: showing all periods ({data.lo}-{data.hi}).")
            filters = replace(filters, period=None)
    return filters, [_(m) for m in messages]


def source_label(data: ExplorerData, source: str, width: int = 70) -> str:
    """How a source filter value reads in the picker: 'Dataset: <title>' or '<id>: <title>', shortened."""
    text = str(data.allowed.labels.get("source", {}).get(source, source))
    text = text if len(text) <= width else text[: width - 1] + "…"
    return (_("Dataset") + ": " if source in data.dataset_ids else f"{source}: ") + text


def row_count_text(shown: int, total: int) -> str:
    """Safe HTML: '2,020 rows' when every row is shown, else '12 of 2,020 rows' (the shown count in bold);
    numbers with the locale's separators, the noun in the right plural form."""
    if shown == total:
        return html(ngettext("{n} row", "{n} rows", total)).format(n=f"<b>{format_number(total)}</b>")
    template = ngettext("{shown} of {total} row", "{shown} of {total} rows", total)
    return html(template).format(shown=f"<b>{format_number(shown)}</b>", total=format_number(total))


COMPACT_COLUMNS = ("Economy", "Indicator", "Value", "Period")  # msgids of the shown table's labels


_NUMBER = re.compile(r"-?\d+(?:\.(\d+))?")


def shown_value(label: str) -> str:
    """``value_label`` (the export's English form: "0.206", "1234.5", a category label) as the screen shows it
    in the current language: a number with the language's separators and the same decimals ("0,206",
    "1 234,5" in sq), a category label translated through the catalog domain; unchanged in English. The
    exports keep ``value_label`` as it is (stable data)."""
    if plotly_separators().startswith(".") or not label or label == "—":
        return label
    number = _NUMBER.fullmatch(label)
    if number:
        return format_trimmed(float(label), len(number.group(1) or ""))
    return catalog_text(label)


def compact_table(shown: Table) -> Table:
    """The explorer table for a phone: economy, indicator, the value with its unit (its scale) and the
    period; every other column of a row is shown when the row is selected (details on demand)."""
    frame = shown.frame
    unit = frame[_("Unit")].fillna("")
    value = [v if v == "—" or not u else f"{v} ({u})" for v, u in zip(frame[_("Value")], unit)]
    return Table(
        pd.DataFrame(
            {
                _("Economy"): frame[_("Economy")],
                _("Indicator"): frame[_("Indicator")],
                _("Value"): value,
                _("Period"): frame[_("Period")],
            }
        )
    )


def row_details(shown: Table, row: int) -> list[tuple[str, str]]:
    """(label, text) of every column of one row of the shown table, for the details under the compact
    table; a missing text reads '—', never blank."""
    record = shown.frame.iloc[row]
    out = []
    for label, value in record.items():
        if isinstance(value, (bool, np.bool_)):
            text = _("yes") if value else _("no")
        elif value is None or value is pd.NA or (isinstance(value, float) and value != value):
            text = "—"
        else:
            text = str(value)
        out.append((str(label), text))
    return out


def build(
    data: ExplorerData,
    obs: pd.DataFrame,
    catalog,
    sources: pd.DataFrame,
    filters: explore.Filters,
    extra: Sequence[str] = (),
    total: int | None = None,
) -> ExplorerView:
    """Everything the explorer shows for ``filters``; ``extra``: the sex/group pickers on screen. ``obs`` may be
    the warehouse's rows already narrowed to the filters' economies and period in the DuckDB query
    (``ui.data.observations_of``); ``total`` is then the number of all rows ("120 of 35,379 rows")."""

    table = export_table(obs, catalog, filters, sources)
    chosen = filter_observations(obs, filters)
    total = len(obs) if total is None else total
    row_count = f"<p id='explorer-row-count' style='font-size:1.25rem'>{row_count_text(len(table), total)}</p>"
    shown = compact = summary = None
    if len(table):
        # Sex and group sit next to the indicator when they tell rows apart, so no row looks duplicated.
        split = [k for k in extra if table[k].nunique() > 1 or getattr(filters, k)]
        shown = Table(
            pd.DataFrame(
                {
                    _("Economy"): table["economy_name"],
                    _("Indicator"): [catalog_text(n) for n in table["indicator_name"]],
                    **{
                        (_("Sex") if k == "sex" else _("Group")): [
                            (sex_label if k == "sex" else group_option)(v) if isinstance(v, str) else v
                            for v in table[k]
                        ]
                        for k in split
                    },
                    _("Period"): table["period"],
                    _("Value"): [shown_value(v) for v in table["value_label"].fillna("—")],
                    # the publisher's flags in the language, only when a row has one (b, u, p, e...)
                    **({_("Flag"): [flag_label(f) for f in table["flag"]]} if table["flag"].notna().any() else {}),
                    _("Unit"): [catalog_text(u) if isinstance(u, str) and u else u for u in table["unit"]],
                    _("Status"): [_(STATUS_LABELS.get(s, s)) for s in table["status"]],
                    _("Confidence"): [_(c) for c in table["confidence"]],
                    _("Source"): table["source_title"].fillna("—"),
                    _("Preferred"): table["preferred"],
                }
            )
        )
        compact = compact_table(shown)
        eco_names = [display_name(e) for e in dict.fromkeys(table["economy"])]
        status_counts = table["status"].value_counts()
        n_ind = int(table["indicator_id"].nunique())
        summary = (
            _("Text summary")
            + ": "
            + ngettext("{n} row", "{n} rows", len(table)).format(n=format_number(len(table)))
            + "; "
            + ngettext("{n} economy", "{n} economies", len(eco_names)).format(n=format_number(len(eco_names)))
            + f" ({', '.join(eco_names)}); "
            + ngettext("{n} indicator", "{n} indicators", n_ind).format(n=format_number(n_ind))
            + f"; {_('periods')} "
            + f"{table['period'].min()}–{table['period'].max()}; {_('status')}: "
            + ", ".join(f"{format_number(int(n))} {_(STATUS_LABELS.get(s, s))}" for s, n in status_counts.items())
            + f"; {_('confidence')}: {confidence_summary(table)}. "
            + _("'—' is a missing value, never a zero.")
        )
    cli = (
        _("The same exports from the command line:")
        + " `"
        + " ".join(
            ["python -m etl export --format csv"]
            + [f"--{k} {v}" for k, v in filters.to_params().items() if v]
            + ["out.csv"]
        ).replace("`", "'")
        + "`"
    )
    return ExplorerView(
        filters=filters,
        table=table,
        shown=shown,
        compact=compact,
        row_count_html=row_count,
        demo=bool((table["confidence"] == "synthetic").any()),
        summary=summary,
        chosen=chosen,
        kosovo_footnote=bool(len(table)) and bool((table["economy"] == "XKX").any()),
        cli=cli,
        formats_note=_(
            "CSV: UTF-8, one header row, numbers as numbers, and the provenance of every row (source title, "
            "publisher, URL, licence, as-of date, confidence, status, note); Kosovo* rows carry the designation "
            "footnote in the economy_footnote column. Text cells that begin with =, +, -, @, a tab or a carriage "
            "return get a leading ' so that spreadsheets do not run them as formulas. Parquet: the same table "
            "with exact values. Data package: every table of the warehouse as CSV with a Frictionless "
            "datapackage.json (schemas and sources) and a README on how to cite and the licences."
        ),
    )


# --------------------------------------------------------------------------------------------------
# What the page's widgets need (moved from pages/explorer.py: the page imports only this view model)
# --------------------------------------------------------------------------------------------------
FILTER_KEYS = explore.FILTER_KEYS
LIST_KEYS = explore.LIST_KEYS
# The filters folded into "More filters" (the three that matter most stay on screen, issue 15).
MORE_FILTERS = ("source", "confidence", "status", "sex", "group")


def status_label(status: str) -> str:
    """A status in the Status picker."""
    return _(STATUS_LABELS.get(status, status))


def more_filters_label(active: int) -> str:
    """The title of the folded filters: how many are in use, or which they are."""
    if active:
        return ngettext("More filters ({n} in use)", "More filters ({n} in use)", active).format(n=active)
    return _("More filters: source, period, confidence, status")


def selection(chosen: Mapping[str, Sequence[str]], period: tuple[int, int], lo: int, hi: int) -> explore.Filters:
    """The filters the widgets hold (the whole period range means no period filter): what the URL records."""
    return explore.Filters(
        **{k: tuple(chosen[k]) for k in LIST_KEYS},
        period=None if tuple(period) == (lo, hi) else (int(period[0]), int(period[1])),
    )


def shown_filters(filters: explore.Filters, demo: bool, data: ExplorerData) -> explore.Filters:
    """The filters the table is made with: synthetic rows are left out unless asked for (the demo box, or
    the synthetic level chosen by name)."""
    if demo or filters.confidence:
        return filters
    return replace(filters, confidence=tuple(c for c in data.allowed.confidence if c != "synthetic"))


def parquet_bytes(table: pd.DataFrame, filters: explore.Filters, build_id: str) -> bytes:
    """The filtered table as Parquet, with its provenance in the file's metadata."""
    return to_parquet_bytes(table, provenance(filters, build_id, len(table), table["confidence"]))


def package_bytes(warehouse, obs: pd.DataFrame, catalog) -> bytes:
    """The whole dataset as a data package (zip)."""
    tables, skipped = warehouse_tables(warehouse)
    return datapackage_bytes(obs, catalog, tables, build_id=warehouse.build_id, skipped=skipped)


def link_block(filters: explore.Filters, url: str | None, base_path: str | None, build_id: str):
    """The stable URLs of the public tables and this filter as pandas, R and DuckDB code (docs/data-urls.md)."""
    return datalinks.link_block(filters, datalinks.app_base(url, base_path), build_id)
