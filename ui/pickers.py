"""Widgets that several pages share, written once: the reference-period picker of the scored pages."""

from __future__ import annotations

import streamlit as st

from indicators.text.i18n import _


def period_label(period: str) -> str:
    """A reference period of pillar scores: the latest editions, or the editions published by 2020."""
    return _("Latest editions") if period == "latest" else _("As of 2020 (GCI 2020)")


def reference_period(periods, default: str, key: str, *, required: bool = True) -> str:
    """The 'Reference period' segmented control (``periods`` such as ``["latest", "2020"]``); 'latest' when
    nothing is chosen."""
    return (
        st.segmented_control(
            _("Reference period"),
            list(periods),
            default=default,
            key=key,
            required=required,
            format_func=period_label,
        )
        or "latest"
    )
