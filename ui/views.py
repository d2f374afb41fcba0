"""Render the shared pieces of view models (indicators/views) with Streamlit."""

from __future__ import annotations

import streamlit as st

from indicators.views import Table


def table(t: Table, key: str, **kwargs):
    """A view-model table as a dataframe: number formats and progress bars from the table itself. Returns
    what st.dataframe returns (the selection state when ``on_select`` is given)."""
    frame, formats = t.shown()  # numbers in the language's format (a decimal comma in sq, sr, mk)
    config = {c: st.column_config.NumberColumn(format=f) for c, f in formats.items()}
    config |= {c: st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f%%") for c in t.progress}
    config |= kwargs.pop("column_config", {})
    shown = st.dataframe(frame, hide_index=True, key=key, column_config=config or None, **kwargs)
    if t.note:  # the flagged values' legend (indicators.render.flags)
        st.caption(t.note)
    return shown
