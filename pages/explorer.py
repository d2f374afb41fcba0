"""Data explorer: filter every observation, see it with its provenance, download exactly that."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from etl.export import (datapackage_bytes, export_table, filter_observations, provenance, to_csv_bytes,
                        to_parquet_bytes, warehouse_tables)
from indicators import explore
from indicators.economies import display_name
from indicators.i18n import _
from indicators.scoring import STATUS_LABELS
from ui import data, frame, state
from ui.router import ensure_router

ensure_router()

KEYS = {k: f"explorer_{k}" for k in explore.FILTER_KEYS}

catalog = data.catalog()
obs = data.observations()
sources = data.table("sources")
datasets = data.table("datasets")
allowed = explore.choices(obs, catalog, sources, datasets)
lo, hi = allowed.period_range or (2000, 2030)

# 1. The URL is the source of truth when the page opens: parse it once into the widgets' state.
url_filters, messages = explore.parse_filters({k: state.values(k) for k in explore.FILTER_KEYS}, allowed)
if url_filters.period is not None:
    a, b = url_filters.period
    if b < lo or a > hi:
        messages.append(f"No data in the period {a}-{b}: showing all periods ({lo}-{hi}).")
        url_filters = replace(url_filters, period=None)
for message in messages:
    st.info(_(message), icon=":material/info:")
for key in explore.LIST_KEYS:  # widgets not on screen lose their state, so this runs on every arrival
    if KEYS[key] not in st.session_state:
        st.session_state[KEYS[key]] = list(getattr(url_filters, key))
if KEYS["period"] not in st.session_state:
    a, b = url_filters.period or (lo, hi)
    st.session_state[KEYS["period"]] = (max(lo, a), min(hi, b))


def _reset() -> None:
    for key in explore.LIST_KEYS:
        st.session_state[KEYS[key]] = []
    st.session_state[KEYS["period"]] = (lo, hi)


def _short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


frame.page_header(_("Data explorer and downloads"),
                  _("Every value in the dashboard with its source, period, confidence and status. "
                    "Filter it, then download exactly what you see."))

# 2. Filters (every selection is written back to the URL below).
source_labels = allowed.labels.get("source", {})
dataset_ids = set(obs["dataset"].dropna()) | set(datasets["dataset"])
with st.container(border=True, key="explorer_filters"):
    c1, c2, c3 = st.columns(3)
    c1.multiselect(_("Economy"), list(allowed.economy), key=KEYS["economy"], format_func=display_name,
                   placeholder=_("All economies"))
    c2.multiselect(_("Pillar"), list(allowed.pillar), key=KEYS["pillar"], placeholder=_("All pillars"),
                   format_func=lambda p: _(allowed.labels["pillar"].get(p, p)))
    c3.multiselect(_("Indicator"), list(allowed.indicator), key=KEYS["indicator"], placeholder=_("All indicators"),
                   format_func=lambda i: allowed.labels["indicator"].get(i, i))
    c4, c5, c6, c7 = st.columns([3, 2, 2, 2])
    c4.multiselect(_("Source (dataset or single source)"), list(allowed.source), key=KEYS["source"],
                   placeholder=_("All sources"),
                   format_func=lambda s: (_("Dataset") + ": " if s in dataset_ids else f"{s}: ")
                   + _short(str(source_labels.get(s, s))))
    if lo < hi:
        c5.slider(_("Period"), min_value=lo, max_value=hi, step=1, key=KEYS["period"])
    c6.multiselect(_("Confidence"), list(allowed.confidence), key=KEYS["confidence"],
                   placeholder=_("All levels"), format_func=_)
    c7.multiselect(_("Status"), list(allowed.status), key=KEYS["status"], placeholder=_("All statuses"),
                   format_func=lambda s: _(STATUS_LABELS.get(s, s)))
    extra = [k for k in ("sex", "group") if obs[k].nunique() > 1 or st.session_state[KEYS[k]]]
    if extra:
        cols = st.columns(4)
        for col, key in zip(cols, extra):
            options = list(allowed.sex if key == "sex" else allowed.group)
            col.multiselect(_("Sex") if key == "sex" else _("Group"), options, key=KEYS[key],
                            placeholder=_("All"), format_func=_)
    st.button(_("Clear all filters"), key="explorer_reset", on_click=_reset, icon=":material/filter_alt_off:")

period = tuple(st.session_state[KEYS["period"]])
filters = explore.Filters(
    **{k: tuple(st.session_state[KEYS[k]]) for k in explore.LIST_KEYS},
    period=None if period == (lo, hi) else (int(period[0]), int(period[1])),
)
state.write(**filters.to_params())

# 3. The table: the same function builds it for the screen and for every download.
table = export_table(obs, catalog, filters, sources)
chosen = filter_observations(obs, filters)
st.markdown(f"<p id='explorer-row-count' style='font-size:1.25rem'><b>{len(table)}</b> "
            f"{_('of')} {len(obs):,} {_('rows')}</p>", unsafe_allow_html=True)
synthetic = bool((table["confidence"] == "synthetic").any())
if synthetic:
    frame.demo_badge(_("some rows are demonstration data, not measurements"))

if len(table):
    # Sex and group sit next to the indicator when they tell rows apart, so no row looks duplicated.
    split = [k for k in extra if table[k].nunique() > 1 or getattr(filters, k)]
    shown = pd.DataFrame({
        _("Economy"): table["economy_name"],
        _("Indicator"): table["indicator_name"],
        **{(_("Sex") if k == "sex" else _("Group")): table[k] for k in split},
        _("Period"): table["period"],
        _("Value"): table["value_label"].fillna("—"),
        _("Unit"): table["unit"],
        _("Status"): [_(STATUS_LABELS.get(s, s)) for s in table["status"]],
        _("Confidence"): [_(c) for c in table["confidence"]],
        _("Source"): table["source_title"].fillna("—"),
        _("Preferred"): table["preferred"],
    })
    st.dataframe(shown, hide_index=True, key="explorer_table", width="stretch",
                 row_height=36, height=min(36 * (len(shown) + 1) + 3, 36 * 16 + 3),
                 column_config={
                     _("Indicator"): st.column_config.TextColumn(width="large"),
                     _("Group"): st.column_config.TextColumn(width="small"),
                     _("Period"): st.column_config.NumberColumn(format="%d"),
                     _("Value"): st.column_config.TextColumn(
                         width="medium", help=_("The number, or the category label; '—' when the value is missing (see Status)")),
                     _("Preferred"): st.column_config.CheckboxColumn(
                         help=_("Where sources disagree, both values are kept; the preferred one is shown "
                                "elsewhere in the dashboard")),
                 })
    eco_names = [display_name(e) for e in dict.fromkeys(table["economy"])]
    status_counts = table["status"].value_counts()
    st.caption(
        _("Text summary") + ": "
        + f"{len(table)} {_('rows')}; {len(eco_names)} {_('economies')} ({', '.join(eco_names)}); "
        + f"{table['indicator_id'].nunique()} {_('indicators')}; {_('periods')} "
        + f"{table['period'].min()}–{table['period'].max()}; {_('status')}: "
        + ", ".join(f"{int(n)} {_(STATUS_LABELS.get(s, s))}" for s, n in status_counts.items())
        + f"; {_('confidence')}: {frame.confidence_summary(table)}. "
        + _("'—' is a missing value, never a zero."))
    frame.sources_line(chosen)
    if (table["economy"] == "XKX").any():
        frame.kosovo_footnote()
else:
    st.warning(_("No rows match these filters. Clear a filter to see more."), icon=":material/filter_alt:")

# 4. Downloads.
st.subheader(_("Download"), anchor=False)
meta = provenance(filters, data.warehouse().build_id, len(table), table["confidence"])
d1, d2, d3 = st.columns(3)
# The bytes are made on click (a callable), from the very table shown above.
d1.download_button(_("Filtered table as CSV"), data=lambda: to_csv_bytes(table), file_name="wb6-cyber-explorer.csv",
                   mime="text/csv", key="explorer_download_csv", on_click="ignore", icon=":material/download:",
                   disabled=not len(table))
d2.download_button(_("Filtered table as Parquet"), data=lambda: to_parquet_bytes(table, meta),
                   file_name="wb6-cyber-explorer.parquet", mime="application/vnd.apache.parquet",
                   key="explorer_download_parquet", on_click="ignore", icon=":material/download:",
                   disabled=not len(table))


wh = data.warehouse()


def _package() -> bytes:  # runs on click, outside the script run: uses only what it closes over
    tables, skipped = warehouse_tables(wh)
    return datapackage_bytes(obs, catalog, tables, build_id=wh.build_id, skipped=skipped)


d3.download_button(_("Whole dataset as a data package (zip)"), data=_package, file_name="wb6-cyber-datapackage.zip",
                   mime="application/zip", key="explorer_download_package", on_click="ignore",
                   icon=":material/folder_zip:")
st.caption(
    _("CSV: UTF-8, one header row, numbers as numbers, and the provenance of every row (source title, "
      "publisher, URL, licence, as-of date, confidence, status, note); Kosovo* rows carry the designation "
      "footnote in the economy_footnote column. Text cells that begin with =, +, -, @, a tab or a carriage "
      "return get a leading ' so that spreadsheets do not run them as formulas. Parquet: the same table "
      "with exact values. Data package: every table of the warehouse as CSV with a Frictionless "
      "datapackage.json (schemas and sources) and a README on how to cite and the licences."))
st.caption(_("The same exports from the command line:") + " `" + " ".join(
    ["python -m etl export --format csv"] + [f"--{k} {v}" for k, v in filters.to_params().items() if v] + ["out.csv"])
    + "`")
