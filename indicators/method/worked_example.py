"""The methodology page's worked example: one pillar score of one economy, step by step, computed with
:mod:`indicators.method.scoring` (moved here from ``indicators.model.explore``, which must not import the method:
the model sits beneath it)."""

from __future__ import annotations

import pandas as pd

from indicators.method.scoring import (
    comparability_reasons,
    display_value,
    indicators_for,
    latest_observations,
    not_compared_notes,
    pillar_scores,
)
from indicators.model.catalog import Catalog
from indicators.model.vocabulary import STATUS_LABELS, _
from indicators.text.i18n import format_trimmed


def _fmt(x: float) -> str:
    # in the page's language ("2,5" in sq, sr, mk), every significant decimal kept
    return format_trimmed(float(x), 15)


def normalisation_steps(ind, value, value_text, score) -> str:
    """How one value became its 0-100 score, in plain arithmetic (for the worked example)."""
    if score is None or pd.isna(score):
        return _("no score (not observed)")
    if ind.is_categorical:
        return _("category '{category}' scores {score} by the catalog rule").format(
            category=ind.label_for(value_text), score=_fmt(score)
        )
    lo, hi = _fmt(ind.min), _fmt(ind.max)
    core = f"100 × ({_fmt(value)} − {lo}) / ({hi} − {lo})"
    if ind.direction == "lower_is_better":
        return f"100 − {core} = {_fmt(round(score, 2))} (" + _("lower is better") + ")"
    return f"{core} = {_fmt(round(score, 2))}"


def _steps(ind, row, score) -> str:
    if row is None:
        return _("{status}: not counted (not zero)").format(status=_(STATUS_LABELS["no_data"]))
    if row["status"] != "observed" or score is None:
        return _("{status}: not counted (not zero)").format(status=_(STATUS_LABELS.get(row["status"], row["status"])))
    return normalisation_steps(ind, row["value"], row["value_text"], score)


def worked_example(
    obs: pd.DataFrame,
    catalog: Catalog,
    economy: str,
    pillar: str,
    as_of: int | None = None,
    official_scores: pd.DataFrame | None = None,
) -> dict:
    """One pillar score of one economy, step by step, computed with indicators.method.scoring.

    Returns ``rows`` (one per indicator of the pillar: value, scale, score and the arithmetic),
    ``mean`` (the mean of the available scores, or None), ``n``/``m`` (coverage) and ``pillar_score``
    (what :func:`indicators.method.scoring.pillar_scores` gives, which must equal ``mean`` rounded). ``official_scores``:
    that function's result for the same ``obs`` and ``as_of`` when the caller already has it.
    """
    chosen = [i for i in indicators_for(obs, catalog, as_of) if i.pillar == pillar]
    latest = latest_observations(obs, [i.id for i in chosen], as_of)
    # the one comparison rule, as in pillar_scores: a value too old for its indicator or flagged u is left out
    why = comparability_reasons(latest, catalog)
    latest = latest.assign(_ok=why.eq("ok"), _note=not_compared_notes(latest, why))
    mine = latest[latest["economy"] == economy].set_index("indicator_id")
    rows = []
    for ind in chosen:
        row = mine.loc[ind.id] if ind.id in mine.index else None
        score = None if row is None or pd.isna(row["score"]) or not row["_ok"] else float(row["score"])
        rows.append(
            {
                "indicator_id": ind.id,
                "indicator": ind.name,
                "unit": ind.unit,
                "scale": ind.scale_text(),
                "direction": ind.direction,
                "period": None if row is None else int(row["period"]),
                "value": display_value(ind, row),
                "status": "no_data" if row is None else row["status"],
                "score": score,
                "steps": _("Not compared: {why}").format(why=row["_note"])
                if row is not None and row["_note"]
                else _steps(ind, row, score),
                "source_id": None if row is None else row["source_id"],
                "confidence": None if row is None else row["confidence"],
                "not_compared": "" if row is None else row["_note"],  # why a value is left out of the score
            }
        )
    scores = [r["score"] for r in rows if r["score"] is not None]
    official = pillar_scores(obs, catalog, as_of) if official_scores is None else official_scores
    official = official[(official["economy"] == economy) & (official["pillar"] == pillar)].iloc[0]
    return {
        "economy": economy,
        "pillar": pillar,
        "as_of": as_of,
        "rows": rows,
        "n": len(scores),
        "m": len(chosen),
        "mean": sum(scores) / len(scores) if scores else None,
        "sum": sum(scores) if scores else None,
        "pillar_score": None if pd.isna(official["score"]) else float(official["score"]),
    }
