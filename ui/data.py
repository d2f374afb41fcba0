"""Caching wrappers around the read-only warehouse (the only place that caches data)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from etl.build import build, is_stale
from etl.contracts import ValidationFailed
from indicators.catalog import Catalog, load_catalog
from indicators.warehouse import Warehouse, current_build_id


@st.cache_resource(show_spinner=False)
def _startup_build() -> str:
    """Build the warehouse on first start when it is missing or older than data/raw or the catalog."""
    stale, why = is_stale()
    if not stale:
        return ""
    try:
        result = build()
    except ValidationFailed as err:
        if current_build_id() is None:
            raise
        return (f"The raw data has {len(err.problems)} problem(s), so the warehouse was not rebuilt; "
                "showing the previous build. Run `python -m etl check data/raw` for details.")
    return f"Warehouse built ({why}): {result.manifest['tables']['observations']} observations."


def ensure_warehouse() -> str:
    return _startup_build()


@st.cache_resource(show_spinner=False, max_entries=3)
def _warehouse(build_id: str) -> Warehouse:
    return Warehouse()


def warehouse() -> Warehouse:
    """The warehouse of the current build; a rebuild is picked up on the next interaction."""
    return _warehouse(current_build_id() or "none")


@st.cache_data(show_spinner=False, max_entries=8)
def _observations(build_id: str) -> pd.DataFrame:
    return _warehouse(build_id).observations()


def observations() -> pd.DataFrame:
    return _observations(warehouse().build_id)


@st.cache_data(show_spinner=False, max_entries=32)
def _table(build_id: str, name: str) -> pd.DataFrame:
    return _warehouse(build_id).table(name)


def table(name: str) -> pd.DataFrame:
    return _table(warehouse().build_id, name)


@st.cache_resource(show_spinner=False, max_entries=3)
def _catalog(build_id: str) -> Catalog:
    return load_catalog()


def catalog() -> Catalog:
    """The indicator catalog, re-read whenever a new build is swapped in."""
    return _catalog(current_build_id() or "none")


@st.cache_data(show_spinner=False, max_entries=8)
def _rank_bands(build_id: str, as_of: int | None) -> pd.DataFrame:
    from indicators.sensitivity import rank_bands
    return rank_bands(_observations(build_id), _catalog(build_id), as_of)


def rank_bands(as_of: int | None = None) -> pd.DataFrame:
    """Rank bands of the index-lens pillar scores (indicators.sensitivity), computed once per build id
    and reference period, never per click."""
    return _rank_bands(warehouse().build_id, as_of)
