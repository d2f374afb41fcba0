"""Widgets that several pages share, written once: the reference-period picker of the scored pages and the
economy picker."""

from __future__ import annotations

import streamlit as st

from indicators.model.economies import ECONOMY_CODES, display_name
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


def select(label: str, options, value, key: str, *, labels=None, target=None):
    """A select box showing ``value`` (read from the URL) among ``options``; ``labels`` turns an option into its
    label (default: the option itself). ``target``: a column or container (default: the page)."""
    options = list(options)
    return (target or st).selectbox(
        label, options, index=options.index(value), key=key, **({"format_func": labels} if labels else {})
    )


def economy(current: str, key: str, *, target=None, every: tuple[str, str] | None = None) -> str:
    """The 'Economy' select box over the six economies (in their order, by name); ``every`` = (value, label)
    puts a first option for all economies. ``target``: a column or container (default: the page)."""
    options = [every[0], *ECONOMY_CODES] if every else list(ECONOMY_CODES)
    return select(
        _("Economy"),
        options,
        current,
        key,
        labels=lambda e: every[1] if every and e == every[0] else display_name(e),
        target=target,
    )
