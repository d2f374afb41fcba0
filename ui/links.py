"""Links between pages that carry the shared selections along.

``st.page_link`` and ``st.switch_page`` drop every query parameter unless they are given
``query_params=`` (see shared-notes/apis.md §1), and so do the sidebar navigation links. The links
made here pass the shared selections on, cleaned: only known keys, only valid values, one value per
key, so a link never spreads a malformed parameter. :func:`carried` is pure and unit-tested.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import streamlit as st

from indicators.method.compare import REFERENCE_PERIODS
from indicators.model import page_registry
from indicators.model.catalog import PILLAR_IDS
from indicators.model.economies import ECONOMY_CODES, display_name, normalise_code
from indicators.text.i18n import LANGUAGES, PSEUDO_LANGUAGE, _
from ui import navigation

# The selections shared by every page, in the order they appear in a URL.
SHARED_KEYS = ("economy", "economies", "pillar", "indicator", "period", "index", "lang")
INDICATOR_ID = re.compile(r"[a-z][a-z0-9_]{0,79}")
TREND_INDEX_IDS = ("gci", "ncsi")

RELATED = ("overview", "compare", "trends", "profile")  # the regional views and the profile, linked in a row


def _codes(values: Sequence[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        for part in str(value).split(","):
            code = normalise_code(part)
            if code and code not in out:
                out.append(code)
    return out


def carried(params: Mapping[str, Sequence[str] | str], overrides: Mapping[str, object] | None = None) -> dict[str, str]:
    """The shared selections to put on a link, from the current parameters (key -> list of values).

    ``overrides`` set a key (or, with None, remove it) before cleaning. Unknown keys and invalid
    values are dropped; the last value of a repeated key wins (as the pages read it); ``economy``
    falls back to the first of ``economies``. Every value returned parses without a message.
    """
    merged: dict[str, list[str]] = {}
    for key, raw in params.items():
        merged[key] = [raw] if isinstance(raw, str) else [str(v) for v in raw]
    removed = set()
    for key, value in (overrides or {}).items():
        if value is None:
            merged.pop(key, None)
            removed.add(key)
        else:
            merged[key] = [",".join(value) if isinstance(value, (list, tuple)) else str(value)]

    def values(key: str) -> list[str]:
        return merged.get(key, [])

    out: dict[str, str] = {}
    economies = _codes(values("economies"))[:6]
    if economies:
        out["economies"] = ",".join(economies)
    economy = [c for c in (normalise_code(v) for v in values("economy")) if c]
    if economy:
        out["economy"] = economy[-1]
    elif economies and "economy" not in removed:
        out["economy"] = economies[0]
    pillar = [v.strip().lower() for v in values("pillar") if v.strip().lower() in PILLAR_IDS]
    if pillar:
        out["pillar"] = pillar[-1]
    indicator = [v.strip() for v in values("indicator") if INDICATOR_ID.fullmatch(v.strip())]
    if indicator:
        out["indicator"] = indicator[-1]
    period = [v.strip() for v in values("period") if v.strip() in REFERENCE_PERIODS]
    if period and period[-1] != "latest":
        out["period"] = period[-1]
    index = [v.strip().lower() for v in values("index") if v.strip().lower() in TREND_INDEX_IDS]
    if index:
        out["index"] = index[-1]
    lang = [v for v in values("lang") if v in LANGUAGES or v == PSEUDO_LANGUAGE]  # qps: the test locale
    if lang:
        out["lang"] = lang[-1]
    return {k: out[k] for k in SHARED_KEYS if k in out}


def current() -> dict[str, list[str]]:
    """The current query parameters with every value of repeated keys."""
    try:
        return {k: [str(v) for v in st.query_params.get_all(k)] for k in st.query_params}
    except Exception:  # a malformed query string must never break a page
        return {}


def page_link(
    target: str, label: str | None = None, icon: str | None = None, *, overrides: Mapping[str, object] | None = None
) -> None:
    """``st.page_link`` to a registered page (by key, see indicators/model/page_registry.py) or a page file,
    carrying the shared selections."""
    spec = page_registry.BY_KEY.get(target)
    path, default_label, default_icon = (registered(target), spec.title, spec.icon) if spec else (target, target, None)
    st.page_link(
        path, label=label or _(default_label), icon=icon or default_icon, query_params=carried(current(), overrides)
    )


def registered(key: str) -> st.Page:
    """The registered page ``key`` (indicators/model/page_registry.py) as an ``st.Page``, which ``st.page_link``
    accepts: made once per language and process (ui/navigation.py), so many links to one page never look its
    file up on disk (a page path given as text is resolved, ``realpath``, for every link)."""
    return navigation.page(key)


def related_links(here: str, *, overrides: Mapping[str, object] | None = None) -> None:
    """A row of links to the other regional views and the profile, keeping the current selections."""
    targets = [t for t in RELATED if t != here]
    cols = st.columns(len(targets))
    for col, target in zip(cols, targets):
        with col:
            page_link(target, overrides=overrides)


def profile_links() -> None:
    """A link to each economy's profile, three to a row, keeping the current selections."""
    cols = st.columns(3)
    for k, code in enumerate(ECONOMY_CODES):
        with cols[k % 3]:
            page_link(
                "profile",
                label=_("Profile of {economy}").format(economy=display_name(code)),
                overrides={"economy": code},
            )
