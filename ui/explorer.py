"""The data explorer's widgets (Streamlit glue over :mod:`indicators.views.explorer`): the filter panel, which
the URL fills when the page opens and which writes every selection back to the URL, and the download buttons."""

from __future__ import annotations

import streamlit as st

from indicators.model.economies import display_name
from indicators.text.i18n import _
from indicators.views import explorer
from ui import data, state

KEYS = {k: f"explorer_{k}" for k in explorer.FILTER_KEYS}
DEMO_KEY = "explorer_demo"  # synthetic rows only when asked (issue 22): a checkbox, in the URL as demo=1


def from_url(prepared: explorer.ExplorerData) -> None:
    """The URL is the source of truth when the page opens: parse it once into the widgets' state."""
    lo, hi = prepared.lo, prepared.hi
    url_filters, messages = explorer.parse({k: state.values(k) for k in explorer.FILTER_KEYS}, prepared)
    for message in messages:
        st.info(message, icon=":material/info:")
    for key in explorer.LIST_KEYS:  # widgets not on screen lose their state, so this runs on every arrival
        if KEYS[key] not in st.session_state:
            st.session_state[KEYS[key]] = list(getattr(url_filters, key))
    if KEYS["period"] not in st.session_state:
        a, b = url_filters.period or (lo, hi)
        st.session_state[KEYS["period"]] = (max(lo, a), min(hi, b))
    if DEMO_KEY not in st.session_state:
        st.session_state[DEMO_KEY] = state.values("demo")[:1] == ["1"]


def filter_panel(prepared: explorer.ExplorerData) -> tuple[explorer.explore.Filters, tuple[str, ...]]:
    """Draw the filters (after :func:`from_url`), write them back to the URL, and return the filters the table
    is made with and the extra columns on screen (sex, group)."""
    allowed, lo, hi = prepared.allowed, prepared.lo, prepared.hi

    def reset() -> None:
        for key in explorer.LIST_KEYS:
            st.session_state[KEYS[key]] = []
        st.session_state[KEYS["period"]] = (lo, hi)
        st.session_state[DEMO_KEY] = False

    # Every selection is written back to the URL below. The three that matter most come first; the rest fold
    # into "More filters", so that on a phone the table is not below nine pickers (issue 15).
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
        active = sum(bool(st.session_state[KEYS[k]]) for k in explorer.MORE_FILTERS) + (
            tuple(st.session_state[KEYS["period"]]) != (lo, hi)
        )
        label = explorer.more_filters_label(active)
        with st.expander(label, expanded=bool(active), key="explorer_more_filters", icon=":material/tune:"):
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
                format_func=explorer.status_label,
            )
            extra = [k for k in ("sex", "group") if k in prepared.varying or st.session_state[KEYS[k]]]
            for col, key in zip(st.columns(2) if extra else [], extra):
                col.multiselect(
                    _("Sex") if key == "sex" else _("Group"),
                    list(allowed.sex if key == "sex" else allowed.group),
                    key=KEYS[key],
                    placeholder=_("All"),
                    format_func=explorer.sex_label if key == "sex" else explorer.group_option,
                )
        if "synthetic" in allowed.confidence:
            st.checkbox(
                _("Include demonstration (synthetic) rows"),
                key=DEMO_KEY,
                help=_("Left out unless you ask: they are made-up values for trying the dashboard, not measurements."),
            )
        st.button(_("Clear all filters"), key="explorer_reset", on_click=reset, icon=":material/filter_alt_off:")

    chosen = {k: st.session_state[KEYS[k]] for k in explorer.LIST_KEYS}
    filters = explorer.selection(chosen, st.session_state[KEYS["period"]], lo, hi)
    state.write(**filters.to_params(), demo="1" if st.session_state[DEMO_KEY] else None)
    return explorer.shown_filters(filters, st.session_state[DEMO_KEY], prepared), tuple(extra)


def downloads(view: explorer.ExplorerView, filters: explorer.explore.Filters) -> None:
    """CSV and Parquet of the very table shown, and the whole dataset as a data package; the bytes are made on
    click (a callable)."""
    wh, obs, catalog, table = data.warehouse(), data.observations(), data.catalog(), view.table
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
        data=lambda: explorer.parquet_bytes(table, filters, wh.build_id),
        file_name="wb6-cyber-explorer.parquet",
        mime="application/vnd.apache.parquet",
        key="explorer_download_parquet",
        on_click="ignore",
        icon=":material/download:",
        disabled=not len(table),
    )
    d3.download_button(  # runs on click, outside the script run: uses only what it closes over
        _("Whole dataset as a data package (zip)"),
        data=lambda: explorer.package_bytes(wh, obs, catalog),
        file_name="wb6-cyber-datapackage.zip",
        mime="application/zip",
        key="explorer_download_package",
        on_click="ignore",
        icon=":material/folder_zip:",
    )
