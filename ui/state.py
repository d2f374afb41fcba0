"""URL state: read selections from st.query_params through the pure parsers, write them back, and
show a short, friendly message (never a traceback) when a parameter was not usable."""

from __future__ import annotations

import streamlit as st

from indicators.model import urlstate
from indicators.text.i18n import _


def values(key: str) -> list[str]:
    """Every value given for ``key`` in the URL (repeated keys included), as strings; [] when absent."""
    try:
        return [str(v) for v in st.query_params.get_all(key)]
    except Exception:  # a malformed query string must never break a page
        return []


def _warn(message: str | None) -> None:
    if message:
        st.info(_(message) if message else message, icon=":material/info:")


def economy(key: str = "economy", default: str = "ALB") -> str:
    code, message = urlstate.parse_economy(values(key), default)
    _warn(message)
    return code


def economies(
    key: str = "economies", default=("ALB", "BIH", "XKX", "MNE", "MKD", "SRB"), min_n: int = 1, max_n: int = 6
) -> list[str]:
    codes, message = urlstate.parse_economies(values(key), default, min_n, max_n)
    _warn(message)
    return codes


def choice(key: str, allowed, default: str, label: str) -> str:
    value, message = urlstate.parse_choice(values(key), list(allowed), default, label)
    _warn(message)
    return value


def integer(key: str, allowed, default: int, label: str) -> int:
    value, message = urlstate.parse_int(values(key), list(allowed), default, label)
    _warn(message)
    return value


def write(**params) -> None:
    """Put the current selections in the URL so that a copied link reproduces the view."""
    for key, value in params.items():
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
            continue
        text = ",".join(value) if isinstance(value, (list, tuple)) else str(value)
        if st.query_params.get(key) != text or len(st.query_params.get_all(key)) != 1:
            st.query_params[key] = text
