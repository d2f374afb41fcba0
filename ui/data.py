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


# --- view models (indicators/views), cached per build id, language and selection ---------------------------


def _language() -> str:
    from indicators import i18n
    return i18n._current.get()  # set at the start of every script run by dashboard.py


@st.cache_resource(show_spinner=False, max_entries=3)
def _cert_data(build_id: str, lang: str):
    from indicators import sim3
    from indicators.views import cert
    wh = _warehouse(build_id)
    assess = _table(build_id, sim3.TABLE) if wh.has_table(sim3.TABLE) else sim3.empty_table()
    return cert.prepare(assess, _observations(build_id), _catalog(build_id), _table(build_id, "sources"))


def cert_data():
    """The CERT page's per-build inputs (teams, summaries, public-record facts): indicators.views.cert.CertData."""
    return _cert_data(warehouse().build_id, _language())


@st.cache_resource(show_spinner=False, max_entries=64)
def _cert_view(build_id: str, lang: str, economy: str, team: str | None, date: str | None):
    from indicators.views import cert
    return cert.build(_cert_data(build_id, lang), economy, team, date)


def cert_view(economy: str, team: str | None, date: str | None):
    """indicators.views.cert.build for this selection, computed once per build, language and selection."""
    return _cert_view(warehouse().build_id, _language(), economy, team, date)


def sim3_model():
    """The SIM3 model (indicators/sim3_model.yaml), read once per process."""
    from indicators import sim3
    return sim3.load_model()


@st.cache_resource(show_spinner=False, max_entries=64)
def _plans_view(build_id: str, lang: str, economy: str, group: str, indicator: str | None, parameter: str | None,
                as_of: str, today: str):
    import datetime as dt

    from indicators import plans
    from indicators.views import plans as plans_view
    wh = _warehouse(build_id)
    items = _table(build_id, plans.TABLE) if wh.has_table(plans.TABLE) else plans.empty_table()
    sel = plans_view.Selection(economy, group, indicator, parameter, dt.date.fromisoformat(as_of))
    return plans_view.build(items, _table(build_id, "sources"), _catalog(build_id), sim3_model(), sel,
                            dt.date.fromisoformat(today))


def plans_view(sel, today):
    """indicators.views.plans.build for this selection, computed once per build, language and selection."""
    as_of = (sel.as_of or today).isoformat()
    return _plans_view(warehouse().build_id, _language(), sel.economy, sel.group, sel.indicator, sel.parameter,
                       as_of, today.isoformat())


@st.cache_resource(show_spinner=False, max_entries=3)
def _explorer_data(build_id: str, lang: str):
    from indicators.views import explorer
    return explorer.prepare(_observations(build_id), _catalog(build_id), _table(build_id, "sources"),
                            _table(build_id, "datasets"))


def explorer_data():
    """The explorer's per-build inputs (allowed filter values, period range): indicators.views.explorer.ExplorerData."""
    return _explorer_data(warehouse().build_id, _language())


@st.cache_resource(show_spinner=False, max_entries=32)
def _explorer_view(build_id: str, lang: str, filters: tuple, extra: tuple):
    from indicators.explore import Filters
    from indicators.views import explorer
    return explorer.build(_explorer_data(build_id, lang), _observations(build_id), _catalog(build_id),
                          _table(build_id, "sources"), Filters(**dict(filters)), extra)


def explorer_view(filters, extra: tuple = ()):
    """indicators.views.explorer.build for these filters, computed once per build, language and filters."""
    from dataclasses import fields
    key = tuple((f.name, getattr(filters, f.name)) for f in fields(filters))
    return _explorer_view(warehouse().build_id, _language(), key, tuple(extra))


@st.cache_data(show_spinner=False, max_entries=8)
def _rank_bands(build_id: str, as_of: int | None) -> pd.DataFrame:
    from indicators.sensitivity import rank_bands
    return rank_bands(_observations(build_id), _catalog(build_id), as_of)


def rank_bands(as_of: int | None = None) -> pd.DataFrame:
    """Rank bands of the index-lens pillar scores (indicators.sensitivity), computed once per build id
    and reference period, never per click."""
    return _rank_bands(warehouse().build_id, as_of)


# --- region pages (overview, compare, trends, profile): view models cached per build, language, selection ----


def _plan_items(build_id: str) -> pd.DataFrame:
    from indicators import plans
    return _table(build_id, plans.TABLE) if _warehouse(build_id).has_table(plans.TABLE) else plans.empty_table()


@st.cache_resource(show_spinner=False, max_entries=64)
def _profile_view(build_id: str, lang: str, economy: str, period: str):
    from indicators.views import profile
    return profile.build(_observations(build_id), _catalog(build_id), _rank_bands(build_id, profile.PERIODS[period]),
                         _plan_items(build_id), economy, period)


def profile_view(economy: str, period: str):
    """indicators.views.profile.build for this economy and period, once per build, language and selection."""
    return _profile_view(warehouse().build_id, _language(), economy, period)


@st.cache_data(show_spinner=False, max_entries=32)
def _profile_brief(build_id: str, lang: str, economy: str, period: str, link: str, accessed: str) -> tuple[bytes, bytes]:
    import datetime as dt

    from indicators import brief
    from indicators.views import profile
    content = profile.brief_input(_profile_view(build_id, lang, economy, period), build_id, link,
                                  dt.date.fromisoformat(accessed))
    pdf = brief.render_pdf(content)
    return pdf, brief.render_png(pdf)


def profile_brief(view, link: str, kind: str):
    """A callable for a deferred download: the country brief of a profile view as PDF (``kind="pdf"``) or PNG
    bytes, made on click (on Streamlit's download thread) once per build, language and selection."""
    import datetime as dt

    from indicators import i18n
    build_id, lang = warehouse().build_id, _language()
    accessed = dt.datetime.now(dt.timezone.utc).date().isoformat()

    def make() -> bytes:
        i18n.set_language(lang)  # the download thread has its own context
        pdf, png = _profile_brief(build_id, lang, view.economy, view.period, link, accessed)
        return pdf if kind == "pdf" else png
    return make


@st.cache_resource(show_spinner=False, max_entries=1)
def _public_base() -> tuple:
    from indicators.qr import load_public_base
    return load_public_base()


def public_base_url() -> str | None:
    """The public base URL set by the presenter (indicators.qr), or None."""
    base, _reason = _public_base()
    return base.url if base else None


@st.cache_resource(show_spinner=False, max_entries=64)
def _compare_view(build_id: str, lang: str, economies: tuple, period: str):
    from indicators.views import compare
    return compare.build(_observations(build_id), _catalog(build_id), _rank_bands(build_id, compare.PERIODS[period]),
                         list(economies), period)


def compare_view(economies, period: str):
    """indicators.views.compare.build for these economies and period, once per build, language and selection."""
    from indicators.compare import order_economies
    return _compare_view(warehouse().build_id, _language(), tuple(order_economies(list(economies))), period)


@st.cache_resource(show_spinner=False, max_entries=3)
def _map_options(build_id: str) -> list:
    from indicators.maps import map_indicator_options
    return map_indicator_options(_observations(build_id), _catalog(build_id))


def map_indicator_options() -> list:
    """The indicators the overview map can show (once per build)."""
    return _map_options(warehouse().build_id)


@st.cache_resource(show_spinner=False, max_entries=64)
def _overview_view(build_id: str, lang: str, by: str, pillar: str, indicator: str, period: str):
    from indicators.compare import REFERENCE_PERIODS
    from indicators.views import overview
    bands = _rank_bands(build_id, REFERENCE_PERIODS[period]) if by == "pillar" else None
    return overview.build(_observations(build_id), _catalog(build_id), bands, by, pillar, indicator, period)


def overview_view(by: str, pillar: str, indicator: str, period: str):
    """indicators.views.overview.build for this selection, once per build, language and selection."""
    return _overview_view(warehouse().build_id, _language(), by, pillar, indicator if by == "indicator" else "",
                          period)


@st.cache_resource(show_spinner=False, max_entries=64)
def _trends_view(build_id: str, lang: str, index: str, economies: tuple):
    from indicators.views import trends
    return trends.build(_observations(build_id), _catalog(build_id), index, list(economies))


def trends_view(index: str, economies):
    """indicators.views.trends.build for this index and these economies, once per build, language and selection."""
    from indicators.economies import ECONOMY_CODES
    return _trends_view(warehouse().build_id, _language(), index, tuple(c for c in ECONOMY_CODES if c in set(economies)))
