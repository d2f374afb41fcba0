"""Values with their scale: the one place that writes "12.08 / 20", "86.5 / 100" or "41 % of women online".

Pure functions, no Streamlit. Slides, pages, the country brief and the "what changed" view all call
these, so a value never appears without the scale a reader needs to judge it.

Rules (``value_with_scale``):
- a score or points on a scale that starts at 0 (unit "points (0-20)", "score (0-100)", or
  ``scale_min=0, scale_max=20``): "12.08 / 20";
- a scale that does not start at 0: "3.5 (scale 1 to 7)";
- a percentage unit ("% of women active online"): "41 % of women active online";
- percentage points (a gap between women and men): signed, "+3.2 percentage points (women minus men)";
- a rank: "rank 12"; a year: "2019";
- anything else: the number followed by its unit.
- A missing value is never written as 0: ``None``/NaN gives ``missing`` ("no data" unless a status
  label is passed, see :func:`indicator_value`).
"""

from __future__ import annotations

import math
import re

import pandas as pd

from indicators.model.vocabulary import N_, STATUS_LABELS, _  # STATUS_LABELS: the one place naming missing statuses
from indicators.text.i18n import format_trimmed

MISSING_TEXT = N_("no data")  # English message id; shown translated
_SCALE_IN_UNIT = re.compile(r"\(\s*(-?\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(-?\d+(?:\.\d+)?)\s*\)")


def is_missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def format_number(value: float, decimals: int = 2) -> str:
    """At most ``decimals`` decimals, trailing zeros dropped, with the current language's separators
    (Babel): 12.08, 86.5, 41, 1,234.5 in English; 1.234,5 in Serbian and Macedonian; 1 234,5 in Albanian.
    Rounded by the one display rule (:func:`indicators.text.i18n.rounded`: 72.35 -> 72.4)."""
    return format_trimmed(value, decimals) or "0"


def _is_year_scale(scale_min, scale_max) -> bool:
    """A scale of calendar years (e.g. 2010 to 2030): its values are years, written without separators."""
    return scale_min is not None and scale_max is not None and 1900 <= float(scale_min) < float(scale_max) <= 2100


def scale_from_unit(unit: str | None) -> tuple[float, float] | None:
    """The (min, max) written in a unit such as "points (0-20)" or "score (0-100)", else None."""
    if not unit:
        return None
    match = _SCALE_IN_UNIT.search(str(unit))
    if not match:
        return None
    lo, hi = float(match.group(1)), float(match.group(2))
    return (lo, hi) if hi > lo else None


def _decimals_for(scale_max: float | None, decimals: int | None) -> int:
    if decimals is not None:
        return decimals
    return 3 if scale_max is not None and scale_max <= 1 else 2


def value_with_scale(
    value,
    unit: str | None = None,
    *,
    scale_min: float | None = None,
    scale_max: float | None = None,
    decimals: int | None = None,
    missing: str = MISSING_TEXT,
) -> str:
    """A numeric value written with its scale or unit (see the module rules)."""
    if is_missing(value):
        return _(missing)
    unit = (unit or "").strip()
    if scale_min is None or scale_max is None:
        parsed = scale_from_unit(unit)
        if parsed is not None and (scale_min is None and scale_max is None):
            scale_min, scale_max = parsed
    low = unit.lower()
    if low.startswith("%"):
        return f"{format_number(value, 1 if decimals is None else decimals)} {unit}"
    if low.startswith("percentage point"):
        sign = "+" if float(value) > 0 else ""
        return f"{sign}{format_number(value, 1 if decimals is None else decimals)} {unit}"
    if low == "rank":
        return _("rank {n}").format(n=format_number(value, 0))
    if low == "year" or _is_year_scale(scale_min, scale_max):  # the unit may arrive translated
        return f"{float(value):.0f}"
    if scale_min is not None and scale_max is not None and low not in ("status", "tier"):
        places = _decimals_for(scale_max, decimals)
        if float(scale_min) == 0:
            return f"{format_number(value, places)} / {format_number(scale_max, places)}"
        return _("{value} (scale {low} to {high})").format(
            value=format_number(value, places),
            low=format_number(scale_min, places),
            high=format_number(scale_max, places),
        )
    text = format_number(value, 2 if decimals is None else decimals)
    return f"{text} {unit}".strip()


def score_with_scale(score, decimals: int = 1, missing: str = MISSING_TEXT) -> str:
    """A normalised score (0-100): "86.5 / 100"."""
    return value_with_scale(score, scale_min=0, scale_max=100, decimals=decimals, missing=missing)


def gap_with_scale(gap, decimals: int = 1, missing: str = MISSING_TEXT) -> str:
    """A gap in normalised points: "31.2 points behind the best", "at the best" for 0."""
    if is_missing(gap):
        return _(missing)
    if float(gap) <= 0:
        return _("at the WB6 best")
    return _("{gap} points (of 100) behind the best").format(gap=format_number(gap, decimals))


def indicator_value(ind, value=None, value_text=None, status: str = "observed", *, decimals: int | None = None) -> str:
    """A value of a catalog indicator with its scale; a status label when it is not observed.

    ``ind`` is an :class:`indicators.model.catalog.Indicator` (or any object with ``unit``, ``min``,
    ``max``, ``is_categorical`` and ``label_for``).
    """

    if status and status != "observed":
        return _(STATUS_LABELS.get(status, str(status)))
    if getattr(ind, "is_categorical", False):
        if is_missing(value_text) or value_text in (None, ""):
            return _(STATUS_LABELS["no_data"])
        return ind.label_for(str(value_text))
    return value_with_scale(
        value,
        getattr(ind, "unit", None),
        scale_min=getattr(ind, "min", None),
        scale_max=getattr(ind, "max", None),
        decimals=decimals,
        missing=STATUS_LABELS["no_data"],
    )
