"""Render the shared pieces of view models (indicators/views) with Streamlit: tables, the messages about URL
values that could not be used, downloads, the demonstration-data badge."""

from __future__ import annotations

import streamlit as st

from indicators.render import tablefit
from indicators.views import Table
from ui import frame


def fitted(frame, config: dict | None = None, **kwargs) -> tuple[dict, dict]:
    """Column config and keyword arguments that make ``frame`` fit the page (indicators.render.tablefit):
    column widths and, where text wraps, a taller row. A width or row height the caller gave wins."""
    config = dict(config or {})
    data = getattr(frame, "data", frame)  # a pandas Styler shows its data
    widths, row = tablefit.fit(data.reset_index() if kwargs.get("hide_index") is False else data)
    for col, width in widths.items():
        key = "_index" if col not in map(str, data.columns) else col
        if key not in config or "width" not in dict(config[key] or {}):
            config[key] = {**dict(config.get(key) or {}), "width": width}
    if row and "row_height" not in kwargs:
        kwargs["row_height"] = row
        if "height" not in kwargs and len(data) <= 25:  # the grid's automatic height counts 35 px rows
            kwargs["height"] = 40 + row * len(data)
    return config, kwargs


def turned(t: Table, corner: str) -> Table:
    """``t`` turned a quarter when that fits the page better (indicators.render.tablefit.better_turned): a
    pillar-by-economy table of six economies and the WB6 average fits 1440 px with pillars as headers."""
    turned = tablefit.better_turned(t.frame, corner)
    return t if turned is None else Table(turned)


def table(t: Table, key: str, **kwargs):
    """A view-model table as a dataframe: number formats (in the language's format: a decimal comma in sq, sr,
    mk) and progress bars from the table itself, column widths that fit the page. Returns what st.dataframe
    returns (the selection state when ``on_select`` is given)."""
    frame, formats = t.shown()
    config = {c: st.column_config.NumberColumn(format=f) for c, f in formats.items()}
    config |= {c: st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f%%") for c in t.progress}
    config |= kwargs.pop("column_config", {}) or {}
    config, kwargs = fitted(frame, config, **kwargs)
    shown = st.dataframe(frame, hide_index=True, key=key, column_config=config or None, **kwargs)
    if t.note:  # the flagged values' legend (indicators.render.flags)
        st.caption(t.note)
    return shown


def notices(messages) -> None:
    """The view model's messages about URL values that could not be used (each says what is shown instead)."""
    for message in messages:
        st.info(message, icon=":material/info:")


def download(label: str, data: bytes, file_name: str, key: str, *, mime: str = "text/csv", target=None) -> None:
    """A download of bytes the view model made (a CSV by indicators.model.export.to_csv_bytes unless ``mime``
    says otherwise); clicking it does not rerun the page. ``target``: a column or container (default: the page)."""
    (target or st).download_button(label, data, file_name=file_name, mime=mime, key=key, on_click="ignore")


def demo_badge(demo: bool, what: str = "") -> None:
    """The demonstration-data badge (ui.frame.demo_badge) when what follows is built from synthetic data."""
    if demo:
        frame.demo_badge(what)
