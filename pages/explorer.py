"""Data explorer: filter every observation, see it with its provenance, download exactly that. Everything
shown comes from the view model indicators/views/explorer.py; this page reads the URL, draws the widgets
and renders."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from indicators.method.scoring import STATUS_LABELS
from indicators.model import explore
from indicators.model.economies import display_name
from indicators.model.export import datapackage_bytes, provenance, to_parquet_bytes, warehouse_tables
from indicators.model.vocabulary import group_option, sex_label
from indicators.render import datalinks
from indicators.text.i18n import _, ngettext
from indicators.text.markup import md
from indicators.views import explorer
from ui import data, frame, state, views
from ui.router import ensure_router

ensure_router()
KEYS = {k: f"explorer_{k}" for k in explore.FILTER_KEYS}
prepared = data.explorer_data()
allowed, lo, hi = prepared.allowed, prepared.lo, prepared.hi

# 1. The URL is the source of truth when the page opens: parse it once into the widgets' state.
url_filters, messages = explorer.parse({k: state.values(k) for k in explore.FILTER_KEYS}, prepared)
for message in messages:
    st.info(message, icon=":material/info:")
for key in explore.LIST_KEYS:  # widgets not on screen lose their state, so this runs on every arrival
    if KEYS[key] not in st.session_state:
        st.session_state[KEYS[key]] = list(getattr(url_filters, key))
if KEYS["period"] not in st.session_state:
    a, b = url_filters.period or (lo, hi)
    st.session_state[KEYS["period"]] = (max(lo, a), min(hi, b))
DEMO_KEY = "explorer_demo"  # synthetic rows only when asked (issue 22): a checkbox, in the URL as demo=1
if DEMO_KEY not in st.session_state:
    st.session_state[DEMO_KEY] = state.values("demo")[:1] == ["1"]


def _reset() -> None:
    for key in explore.LIST_KEYS:
        st.session_state[KEYS[key]] = []
    st.session_state[KEYS["period"]] = (lo, hi)
    st.session_state[DEMO_KEY] = False


frame.page_header(
    _("Data explorer and downloads"),
    _(
        "Every value in the dashboard with its source, period, confidence and status. "
        "Filter it, then download exactly what you see."
    ),
)

# 2. Filters (every selection is written back to the URL below). The three that matter most come first;
# the rest fold into "More filters", so that on a phone the table is not below nine pickers (issue 15).
MORE = ("source", "confidence", "status", "sex", "group")
with st.container(border=True, key="explorer_filters"):
    c1, c2, c3 = st.columns(3)
    c1.multiselect(
        _("Economy"),
        list(allowed.economy),
        key=KEYS["economy"],
        format_func=display_name,
        placeholder=_("All economies"),
    )
    c2.multiselect(
        _("Pillar"),
        list(allowed.pillar),
        key=KEYS["pillar"],
        placeholder=_("All pillars"),
        format_func=lambda p: _(allowed.labels["pillar"].get(p, p)),
    )
    c3.multiselect(
        _("Indicator"),
        list(allowed.indicator),
        key=KEYS["indicator"],
        placeholder=_("All indicators"),
        format_func=lambda i: allowed.labels["indicator"].get(i, i),
    )
    active = sum(bool(st.session_state[KEYS[k]]) for k in MORE) + (tuple(st.session_state[KEYS["period"]]) != (lo, hi))
    more_label = (
        ngettext("More filters ({n} in use)", "More filters ({n} in use)", active).format(n=active)
        if active
        else _("More filters: source, period, confidence, status")
    )
    with st.expander(more_label, expanded=bool(active), key="explorer_more_filters", icon=":material/tune:"):
        c4, c5 = st.columns([3, 2])
        c4.multiselect(
            _("Source (dataset or single source)"),
            list(allowed.source),
            key=KEYS["source"],
            placeholder=_("All sources"),
            format_func=lambda s: explorer.source_label(prepared, s),
        )
        if lo < hi:
            c5.slider(_("Period"), min_value=lo, max_value=hi, step=1, key=KEYS["period"])
        c6, c7 = st.columns(2)
        c6.multiselect(
            _("Confidence"),
            list(allowed.confidence),
            key=KEYS["confidence"],
            placeholder=_("All levels"),
            format_func=_,
        )
        c7.multiselect(
            _("Status"),
            list(allowed.status),
            key=KEYS["status"],
            placeholder=_("All statuses"),
            format_func=lambda s: _(STATUS_LABELS.get(s, s)),
        )
        extra = [k for k in ("sex", "group") if k in prepared.varying or st.session_state[KEYS[k]]]
        for col, key in zip(st.columns(2) if extra else [], extra):
            col.multiselect(
                _("Sex") if key == "sex" else _("Group"),
                list(allowed.sex if key == "sex" else allowed.group),
                key=KEYS[key],
                placeholder=_("All"),
                format_func=sex_label if key == "sex" else group_option,
            )
    if "synthetic" in allowed.confidence:
        st.checkbox(
            _("Include demonstration (synthetic) rows"),
            key=DEMO_KEY,
            help=_("Left out unless you ask: they are made-up values for trying the dashboard, not measurements."),
        )
    st.button(_("Clear all filters"), key="explorer_reset", on_click=_reset, icon=":material/filter_alt_off:")

period = tuple(st.session_state[KEYS["period"]])
filters = explore.Filters(
    **{k: tuple(st.session_state[KEYS[k]]) for k in explore.LIST_KEYS},
    period=None if period == (lo, hi) else (int(period[0]), int(period[1])),
)
state.write(**filters.to_params(), demo="1" if st.session_state[DEMO_KEY] else None)
if not st.session_state[DEMO_KEY] and not filters.confidence:  # asked for synthetic by name: shown
    filters = replace(filters, confidence=tuple(c for c in allowed.confidence if c != "synthetic"))

# 3. The table: the same view-model table is shown and downloaded.
view = data.explorer_view(filters, tuple(extra))
st.markdown(view.row_count_html, unsafe_allow_html=True)  # numbers and escaped words only
if view.demo:
    frame.demo_badge(_("some rows are demonstration data, not measurements"))
if view.shown is not None:
    # Two forms of the same rows; CSS (frame.STYLE) shows the full table on wide screens and the compact
    # one under 700 px, where a row's other columns open below the table when the row is selected.
    with st.container(key="explorer_table_full"):
        views.table(
            view.shown,
            "explorer_table",
            width="stretch",
            row_height=36,
            height=min(36 * (len(view.shown) + 1) + 3, 36 * 16 + 3),
            column_config={
                _("Indicator"): st.column_config.TextColumn(width="large"),
                _("Group"): st.column_config.TextColumn(width="small"),
                _("Period"): st.column_config.NumberColumn(format="%d"),
                _("Value"): st.column_config.TextColumn(
                    width="medium",
                    help=_("The number, or the category label; '—' when the value is missing (see Status)"),
                ),
                _("Preferred"): st.column_config.CheckboxColumn(
                    help=_(
                        "Where sources disagree, both values are kept; the preferred one is shown "
                        "elsewhere in the dashboard"
                    )
                ),
            },
        )
    with st.container(key="explorer_table_compact"):
        st.caption(_("Compact table: select a row to see its source, confidence and status."))
        picked = views.table(
            view.compact,
            "explorer_table_compact_grid",
            width="stretch",
            row_height=36,
            height=min(36 * (len(view.compact) + 1) + 3, 36 * 12 + 3),
            on_select="rerun",
            selection_mode="single-row",
            column_config={
                # pixel widths that fit 390 px beside the selection column; wider screens share out the rest
                _("Economy"): st.column_config.TextColumn(width=78),
                _("Indicator"): st.column_config.TextColumn(width=112),
                _("Value"): st.column_config.TextColumn(width=74),
                _("Period"): st.column_config.NumberColumn(format="%d", width=50),
            },
        )
        rows = list(picked.selection.rows) if picked is not None else []
        if rows and rows[0] < len(view.shown):
            with st.container(border=True, key="explorer_row_details"):
                st.markdown(
                    "\n".join(
                        f"- **{md(label)}**: {md(text)}" for label, text in explorer.row_details(view.shown, rows[0])
                    )
                )
    st.caption(view.summary)
    frame.sources_line(view.chosen)
    if view.kosovo_footnote:
        frame.kosovo_footnote()
else:
    st.warning(_("No rows match these filters. Clear a filter to see more."), icon=":material/filter_alt:")

# 4. Downloads: the bytes are made on click (a callable), from the very table shown above.
st.header(_("Download"), anchor=False)  # h2 under the page h1 (axe heading-order)
wh, obs, table = data.warehouse(), data.observations(), view.table
meta = provenance(filters, wh.build_id, len(table), table["confidence"])
d1, d2, d3 = st.columns(3)
d1.download_button(
    _("Filtered table as CSV"),
    data=view.csv,
    file_name="wb6-cyber-explorer.csv",
    mime="text/csv",
    key="explorer_download_csv",
    on_click="ignore",
    icon=":material/download:",
    disabled=not len(table),
)
d2.download_button(
    _("Filtered table as Parquet"),
    data=lambda: to_parquet_bytes(table, meta),
    file_name="wb6-cyber-explorer.parquet",
    mime="application/vnd.apache.parquet",
    key="explorer_download_parquet",
    on_click="ignore",
    icon=":material/download:",
    disabled=not len(table),
)
catalog = data.catalog()


def _package() -> bytes:  # runs on click, outside the script run: uses only what it closes over
    tables, skipped = warehouse_tables(wh)
    return datapackage_bytes(obs, catalog, tables, build_id=wh.build_id, skipped=skipped)


d3.download_button(
    _("Whole dataset as a data package (zip)"),
    data=_package,
    file_name="wb6-cyber-datapackage.zip",
    mime="application/zip",
    key="explorer_download_package",
    on_click="ignore",
    icon=":material/folder_zip:",
)
st.caption(view.formats_note)
st.caption(view.cli)

# 5. Link to this data: the stable URLs of the public tables and this filter as pandas, R and DuckDB code
# (indicators/render/datalinks.py, docs/data-urls.md).
link = datalinks.link_block(
    filters, datalinks.app_base(st.context.url, st.get_option("server.baseUrlPath")), wh.build_id
)
with st.expander(link.title, icon=":material/link:", key="explorer_link"):
    st.markdown(link.intro)
    for label, language, code in link.code:
        st.caption(label)
        st.code(code, language=language, wrap_lines=True)
    st.caption(link.note)
