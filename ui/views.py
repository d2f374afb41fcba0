"""Render the shared pieces of view models (indicators/views) with Streamlit: tables, the messages about URL
values that could not be used, downloads, the demonstration-data badge."""

from __future__ import annotations

import threading
import weakref

import pyarrow as pa
import streamlit as st

from indicators.render import tablefit
from indicators.text.i18n import _, current_language
from indicators.views import Table
from ui import frame


def fitted(frame, config: dict | None = None, **kwargs) -> tuple[dict, dict]:
    """Column config and keyword arguments that make ``frame`` fit the page (indicators.render.tablefit):
    column widths and, where text wraps, a taller row. A width or row height the caller gave wins."""
    data = getattr(frame, "data", frame)  # a pandas Styler shows its data
    widths, row = tablefit.fit(data.reset_index() if kwargs.get("hide_index") is False else data)
    return _fit_config(data, (widths, row), config, **kwargs)


def _fit_config(data, fit: tuple, config: dict | None = None, **kwargs) -> tuple[dict, dict]:
    """:func:`fitted` with the widths and row height (``tablefit.fit``) already made."""
    config = dict(config or {})
    widths, row = fit
    names = set(map(str, data.columns)) if widths else ()  # once, not once per column (issue 25)
    for col, width in widths.items():
        key = "_index" if col not in names else col
        if key not in config or "width" not in dict(config[key] or {}):
            config[key] = {**dict(config.get(key) or {}), "width": width}
    if row and "row_height" not in kwargs:
        kwargs["row_height"] = row
        if "height" not in kwargs and len(data) <= 25:  # the grid's automatic height counts 35 px rows
            kwargs["height"] = 40 + row * len(data)
    return config, kwargs


def turned(t: Table, corner: str) -> Table:
    """``t`` turned a quarter when that fits the page better (indicators.render.tablefit.better_turned): a
    pillar-by-economy table of six economies and the WB6 average fits 1440 px with pillars as headers. The
    turned table is kept with ``t`` (one object on every rerun, so what is shown of it is made once too)."""
    turned = held(t, ("turned", corner), lambda: _turned(t.frame, corner))
    return t if turned is None else turned


def _turned(frame, corner: str) -> Table | None:  # None: not turned (never ``t`` itself, held by its own memo)
    turned = tablefit.better_turned(frame, corner)
    return None if turned is None else Table(turned)


# What is drawn of each view-model Table (held weakly) per language: its frame in the language's number format
# and that frame as an Arrow table. The tables of a cached view model are the same objects on every rerun and
# are not changed after they are built; st.dataframe turned each into Arrow on every rerun (pyarrow's
# Table.from_pandas, the same call Streamlit makes: issue 25). A Table made on the rerun is a new object: a miss.
_HELD: dict[int, tuple[weakref.ref, dict]] = {}
_HELD_LOCK = threading.Lock()


def held(t, key, make):
    """``make()`` remembered per object (held weakly: nothing outlives it) and ``key``: what a rerun would redo
    for an object of a cached view model (a table's shown frame and fit, a figure's dictionary in ``ui.blocks``),
    which is the same object on every rerun and never changed after it is built."""
    ident = id(t)
    with _HELD_LOCK:
        held = _HELD.get(ident)
        if held is not None and held[0]() is t and key in held[1]:
            return held[1][key]
    value = make()
    with _HELD_LOCK:
        held = _HELD.get(ident)
        if held is None or held[0]() is not t:
            # the memo dictionary bound to the callback: at interpreter exit the module's globals are gone before the
            # last objects (frozen ones too, ui/heap.py) are freed
            held = _HELD[ident] = (weakref.ref(t, lambda _r, memo=_HELD: memo.pop(ident, None)), {})
        held[1][key] = value
    return value


def arrow(frame) -> pa.Table | None:
    """``frame`` as Streamlit turns a pandas frame into Arrow for st.dataframe (``pyarrow.Table.from_pandas``
    with pyarrow's own choice for the index), or None where that fails: Streamlit then fixes the column types
    itself, as before."""
    try:
        return pa.Table.from_pandas(frame, preserve_index=None)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, ValueError, TypeError):
        return None


def shown(t: Table) -> tuple:
    """(frame, number formats, the frame as Arrow or None) of ``t`` in the current language, made once per
    Table object and language."""

    def make():
        frame, formats = t.shown()
        return frame, formats, arrow(frame)

    return held(t, ("shown", current_language()), make)


def table(t: Table, key: str, **kwargs):
    """A view-model table as a dataframe: number formats (in the language's format: a decimal comma in sq, sr,
    mk) and progress bars from the table itself, column widths that fit the page. Returns what st.dataframe
    returns (the selection state when ``on_select`` is given)."""
    frame, formats, data = shown(t)
    config = {c: st.column_config.NumberColumn(format=f) for c, f in formats.items()}
    config |= {c: st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f%%") for c in t.progress}
    config |= kwargs.pop("column_config", {}) or {}
    fit = held(t, ("fit", current_language()), lambda: tablefit.fit(frame))  # the frame shown is held too
    config, kwargs = _fit_config(frame, fit, config, **kwargs)
    drawn = st.dataframe(
        frame if data is None else data, hide_index=True, key=key, column_config=config or None, **kwargs
    )
    if t.note:  # the flagged values' legend (indicators.render.flags)
        st.caption(t.note)
    return drawn


def matrix(t: Table, config: dict, **kwargs) -> tuple:
    """(frame, column config, keyword arguments) of a matrix whose row labels are
    its index (the legislation and CERT status matrices): turned a quarter when six economies fit 1440 px as
    headers, widths fitted. Made once per Table object, language and column config (it was made on every rerun:
    ``tablefit.better_turned`` and ``fit`` hash the frame's content each time, issue 25); the config returned
    is a copy, so Streamlit never sees the kept one."""
    key = ("matrix", current_language(), repr(sorted(config.items())), repr(sorted(kwargs.items())))

    def make():
        frame = t.frame
        if tablefit.better_turned(frame.reset_index(), "") is not None:  # six economies fit 1440 px
            frame = frame.T.rename_axis(frame.columns.name or _("Fact"))
        made, extra = fitted(frame, config, hide_index=False, **kwargs)
        extra.pop("hide_index")
        return frame, made, extra

    frame, made, extra = held(t, key, make)  # the frame itself goes to st.dataframe (its index is shown)
    return (
        frame,
        {c: dict(v) if isinstance(v, dict) else v for c, v in made.items()},
        dict(extra),
    )


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
