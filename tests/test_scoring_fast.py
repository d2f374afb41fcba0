"""Issue 25: the faster pillar scores, latest-value choice and demonstration test give exactly what the
implementations they replaced gave (kept below verbatim as the reference), on the bundled data and on variants
of it that reach every branch (rows shuffled under a non-default index, demonstration rows, values without a
score, too old, flagged u, not covered)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from indicators.method import scoring
from indicators.method.comparability import not_compared_notes, too_old
from indicators.method.comparability import reasons as comparability_reasons
from indicators.method.scoring import (
    MIN_FOR_GAP,
    MIN_FOR_MEDIAN,
    STATUS_LABELS,
    _,
    _gap_priority,
    _scaled,
    demonstration_only,
    display_value,
    fact_state,
    fact_value_text,
    gap_table,
    latest_observations,
    low_reliability_text,
    pillar_inputs,
    pillar_scores,
    rows_behind,
    select_indicators,
    status_matrix,
    status_year,
    target_score,
    too_old_text,
)
from indicators.method.sensitivity import (
    NOT_TESTED,
    Setup,
    _ranks,
    band_text,
    indicators_for,
    pillar_draws,
    rank_bands,
    scenario_scores,
)
from indicators.model.catalog import PILLAR_IDS, Catalog
from indicators.model.economies import ECONOMY_CODES
from indicators.topics.hygiene import inclusion as inc
from indicators.topics.profile import KEY_FACT_INDICATORS, key_facts
from tests.fixture_catalog import make_catalog, scored

# --- the reference: the implementations before issue 25's third round, verbatim --------------------------


def old_demonstration_only(obs: pd.DataFrame) -> set[str]:
    kinds = obs["confidence"].eq("synthetic").groupby(obs["indicator_id"]).all()
    return set(kinds[kinds].index)


def old_rows_behind(obs: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    cols = ["economy", "indicator_id", "period", "source_id"]
    if keys is None or not len(keys):
        return obs.iloc[0:0]
    k = keys[cols].dropna().drop_duplicates()
    return obs.merge(k.assign(period=k["period"].astype(int)), on=cols, how="inner")


def old_latest_observations(
    obs: pd.DataFrame, indicator_ids: list[str], as_of: int | None, include_synthetic: bool = False
) -> pd.DataFrame:
    """The latest preferred observation per economy and indicator dated by ``as_of`` (whole population first).

    Demonstration (synthetic) rows are left out unless ``include_synthetic`` is set, so real scores are
    never mixed with demonstration data by accident; a view that includes them must carry the badge.
    """
    cur = obs[obs["indicator_id"].isin(indicator_ids) & obs["preferred"].astype(bool) & (obs["group"] == "all")]
    if not include_synthetic:
        cur = cur[cur["confidence"] != "synthetic"]
    if as_of is not None:
        cur = cur[cur["period"] <= as_of]
    # Latest period first; within it the whole population (sex "total") wins over a single-sex row,
    # which is used only for indicators measured on one sex (e.g. violence against women).
    # Not-assessed rule: a row without a value (not assessed, not covered, suppressed ...) never hides
    # an observed value. The latest observed row is used, and the newest row after it that has no value
    # is carried beside it (``newer_status``/``newer_period``/``newer_note``), to be shown next to it.
    cur = cur.assign(_total=(cur["sex"] == "total"), _obs=(cur["status"] == "observed"))
    cur = cur.sort_values(["economy", "indicator_id", "_obs", "period", "_total"])
    keys = ["economy", "indicator_id"]
    chosen = cur.groupby(keys, as_index=False).tail(1)
    newest = cur.sort_values(["economy", "indicator_id", "period", "_total"]).groupby(keys, as_index=False).tail(1)
    newer = newest.merge(chosen[[*keys, "period"]], on=keys, suffixes=("", "_used"))
    newer = newer[newer["period"] > newer["period_used"]]
    newer = newer[[*keys, "status", "period", *(["note"] if "note" in newer else [])]].rename(
        columns={"status": "newer_status", "period": "newer_period", "note": "newer_note"}
    )
    out = chosen.drop(columns=["_total", "_obs"]).merge(newer, on=keys, how="left")
    out["newer_period"] = out["newer_period"].astype("Int64")
    return out.reset_index(drop=True)


def old_pillar_scores(
    obs: pd.DataFrame, catalog: Catalog, as_of: int | None = None, include_synthetic: bool = False
) -> pd.DataFrame:
    """One row per economy and pillar (index lens only).

    Columns: ``score`` (the mean of the available normalised index scores, NaN when the coverage rule
    does not hold), ``mean_available`` (that mean whatever the coverage, for the worked example only),
    ``n`` available, ``m`` index indicators, ``needed`` (the n the rule asks for), ``meets_rule``,
    ``period_from``/``period_to`` (the years of the scored values, <NA> without any), ``in_time``
    (meets the rule and ``period_to`` is at most :data:`MAX_PERIOD_GAP` years older than the newest
    ``period_to`` among the economies that meet the rule) and ``rank`` (1 = best among the economies
    in time; <NA> otherwise; ties share a rank).
    """
    chosen = select_indicators(catalog, as_of, exclude=set() if include_synthetic else old_demonstration_only(obs))
    latest = old_latest_observations(obs, [i.id for i in chosen], as_of, include_synthetic)
    # Each contributing value passes the one comparison rule first (comparability.reasons, per indicator across
    # the economies): a value too old against the newest of its indicator, of low reliability or anomalous is
    # left out like a missing one, and the coverage rule then decides whether the pillar is scored.
    latest = latest.assign(_why=comparability_reasons(latest, catalog))
    latest = latest.assign(_note=not_compared_notes(latest, latest["_why"]))
    # only the columns the loop reads: each selection below then copies 7 columns, not 28 (issue 25)
    latest = latest[["economy", "indicator_id", "score", "period", "status", "_why", "_note"]]
    rows = []
    for eco in ECONOMY_CODES:
        mine = latest[latest["economy"] == eco]
        for pillar in PILLAR_IDS:
            members = [i for i in chosen if i.pillar == pillar]
            rows_here = mine[mine["indicator_id"].isin([i.id for i in members])]
            scored = rows_here[rows_here["_why"] == "ok"]
            left_out = rows_here[rows_here["_note"] != ""]
            scores = scored["score"]
            rule = catalog.rule_for(pillar)
            n, m = int(len(scores)), len(members)
            mean = round(float(scores.mean()), 2) if n else float("nan")
            ok = rule.met(n, m)
            publisher_of = {i.id: i.publisher for i in members}
            uncovered = rows_here[rows_here["status"] == "not_covered"]["indicator_id"].map(publisher_of)
            rows.append(
                {
                    "economy": eco,
                    "pillar": pillar,
                    "score": mean if ok else float("nan"),
                    "mean_available": mean,
                    "n": n,
                    "m": m,
                    "needed": rule.needed(m),
                    "meets_rule": ok,
                    "period_from": int(scored["period"].min()) if n else pd.NA,
                    "period_to": int(scored["period"].max()) if n else pd.NA,
                    # evidence depth: the publishers of the pillar's indicators (catalog), of the values
                    # this economy has, and of the indicators whose publisher does not cover it
                    "publishers": ";".join(sorted({i.publisher for i in members})),
                    "single_source": len({i.publisher for i in members}) == 1,
                    "publishers_used": ";".join(sorted(set(scored["indicator_id"].map(publisher_of)))),
                    "not_covered_by": ";".join(sorted(set(uncovered.dropna()))),
                    # values with a score left out by the comparison rule, and why ('data from 2020; ...')
                    "not_compared": int(len(left_out)),
                    "not_compared_ids": ";".join(left_out["indicator_id"]),
                    "not_compared_why": "; ".join(dict.fromkeys(left_out["_note"])),
                    "not_compared_years": ";".join(sorted({str(int(y)) for y in left_out["period"]})),
                }
            )
    out = pd.DataFrame(rows)
    for col in ("period_from", "period_to"):
        out[col] = out[col].astype("Int64")
    ruled = out["period_to"].where(out["meets_rule"]).astype("Float64")
    out["in_time"] = out["meets_rule"] & ~ruled.groupby(out["pillar"]).transform(too_old).astype(bool)
    ranked_score = out["score"].where(out["in_time"])
    out["rank"] = ranked_score.groupby(out["pillar"]).rank(method="min", ascending=False).astype("Int64")
    # for a score too old to rank: the years of the scores it is not ranked against
    fresh = out[out["in_time"]].groupby("pillar").agg(first=("period_from", "min"), last=("period_to", "max"))
    unranked_old = out["meets_rule"] & ~out["in_time"]
    out["others_from"] = out["pillar"].map(fresh["first"]).where(unranked_old).astype("Int64")
    out["others_to"] = out["pillar"].map(fresh["last"]).where(unranked_old).astype("Int64")
    return out


def old_rank_bands(
    obs: pd.DataFrame,
    catalog: Catalog,
    as_of: int | None = None,
    setup: Setup = Setup(),  # noqa: B008
    include_synthetic: bool = False,
) -> pd.DataFrame:
    """One row per economy and pillar: published ``rank`` and its band ``band_lo``-``band_hi`` (NA when
    the economy is not ranked), the share of draws that reproduce the published rank, and ``band``
    text such as '2nd-4th'."""
    base = pillar_scores(obs, catalog, as_of, include_synthetic)
    chosen = indicators_for(obs, catalog, as_of, include_synthetic=include_synthetic)
    latest = latest_observations(obs, [i.id for i in chosen], as_of, include_synthetic)
    cells = latest.set_index(["economy", "indicator_id"])
    rows = []
    for p_index, pillar in enumerate(PILLAR_IDS):
        mine = base[base["pillar"] == pillar]
        ranked = mine[mine["rank"].notna()]
        ecos = list(ranked["economy"])
        members = [i for i in chosen if i.pillar == pillar]
        out = {e: (pd.NA, pd.NA, float("nan")) for e in mine["economy"]}
        tested = len({i.publisher for i in members}) >= 2
        if ecos and members and tested:
            mat = np.full((len(ecos), len(members)), np.nan)
            codes: list[list[str] | None] = []
            for j, ind in enumerate(members):
                col = []
                for e, eco in enumerate(ecos):
                    if (eco, ind.id) in cells.index:
                        c = cells.loc[(eco, ind.id)]
                        if pd.notna(c["score"]):
                            mat[e, j] = float(c["score"])
                        col.append(str(c["value_text"]) if pd.notna(c["value_text"]) else "")
                    else:
                        col.append("")
                codes.append(col)
            rng = np.random.default_rng([setup.seed, p_index])
            draws = pillar_draws(mat, codes, [dict(i.categories) or None for i in members], rng, setup)
            ranks = _ranks(draws)
            scenario_ranks = _ranks(scenario_scores(mat, [i.publisher for i in members]))
            lo_p, hi_p = setup.percentiles
            for e, eco in enumerate(ecos):
                point = int(ranked.iloc[e]["rank"])
                r = ranks[:, e][~np.isnan(ranks[:, e])]
                if not len(r):
                    out[eco] = (point, point, 1.0)
                    continue
                lo = int(np.percentile(r, lo_p, method="lower"))
                hi = int(np.percentile(r, hi_p, method="higher"))
                sc = scenario_ranks[:, e][~np.isnan(scenario_ranks[:, e])]
                lo, hi = (min(lo, int(sc.min())), max(hi, int(sc.max()))) if len(sc) else (lo, hi)
                out[eco] = (min(lo, point), max(hi, point), float((r == point).mean()))
        for eco, (lo, hi, share) in out.items():
            rows.append(
                {
                    "economy": eco,
                    "pillar": pillar,
                    "rank": mine.set_index("economy").loc[eco, "rank"],
                    "band_lo": lo,
                    "band_hi": hi,
                    "same_rank_share": share,
                    "tested": tested,
                    "band": band_text(lo, hi)
                    if lo is not pd.NA
                    else ("" if tested or pd.isna(mine.set_index("economy").loc[eco, "rank"]) else NOT_TESTED),
                }
            )
    out = pd.DataFrame(rows)
    for col in ("rank", "band_lo", "band_hi"):
        out[col] = out[col].astype("Int64")
    return out


def old_gap_table(
    obs: pd.DataFrame,
    catalog: Catalog,
    economy: str,
    as_of: int | None = None,
    include_synthetic: bool = False,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Gap rows for one economy, in priority order (see PRIORITY_RULE).

    Two kinds of gap, never mixed. Index indicators: a gap in normalised points against the WB6 best of the
    values that may be compared (:mod:`indicators.method.comparability`: same indicator, scored, not anomalous, within
    the time rule); a value too old against the newest is shown with its year but is never the best, never the
    reference of a gap, and gets no gap itself. Status facts: a state (``state``: in place / partly / missing /
    not assessed / not applicable) and how many of the economies have it in place (``status_gap``); never a
    0-100 score, a point gap or a priority rank."""
    chosen = indicators_for(obs, catalog, as_of, purpose="gap", include_synthetic=include_synthetic)
    latest = latest_observations(obs, [i.id for i in chosen], as_of, include_synthetic)
    latest = latest.assign(_why=comparability_reasons(latest, catalog))
    no_data = _(STATUS_LABELS["no_data"])
    year = status_year(as_of, today)  # status facts are read in this year (a strategy past its end is expired)
    rows = []
    for ind in chosen:
        here = latest[latest["indicator_id"] == ind.id]
        mine = here[here["economy"] == economy]
        mine_row = mine.iloc[0] if len(mine) else None
        base = {
            "indicator_id": ind.id,
            "indicator": ind.name,
            "pillar": ind.pillar,
            "value": display_value(ind, mine_row),
            "value_scaled": _scaled(ind, mine_row),
            "period": None if mine_row is None else int(mine_row["period"]),
            "status": "no_data" if mine_row is None else mine_row["status"],
            # a row without a value (not assessed, not covered, ...) carries no confidence
            "confidence": None if mine_row is None or mine_row["status"] != "observed" else mine_row["confidence"],
            "source_id": None if mine_row is None else mine_row["source_id"],
            "flag": None if mine_row is None else mine_row.get("flag"),  # publisher's flags (render/flags.py)
            "lens": ind.lens,
            "target": ind.target.get("label") if ind.target else None,
        }
        if ind.lens == "status":
            states = [fact_state(ind, r, year) for _i, r in here.iterrows()]
            states += ["not_assessed"] * (len(ECONOMY_CODES) - len(states))
            n_in = states.count("in_place")
            rows.append(
                {
                    **base,
                    "value": fact_value_text(ind, mine_row, year),
                    "value_scaled": fact_value_text(ind, mine_row, year),
                    "score": None,
                    "state": fact_state(ind, mine_row, year),
                    "status_gap": _("{n} of {m} have it in place").format(n=n_in, m=len(ECONOMY_CODES)),
                    "best_value_scaled": "—",
                    "best_value": "—",
                    "best_period": None,
                    "best_score": None,
                    "best_economies": [],
                    "gap_to_best": None,
                    "wb6_median": None,
                    "economies_with_data": 0,
                    "comparable": "status_fact",
                    "not_compared": "",
                    "target_score": None,
                    "gap_to_target": None,
                }
            )
            continue
        scored = here[here["_why"] == "ok"]
        my_why = "no_score" if mine_row is None else str(mine_row["_why"])
        my_score = None if mine_row is None or pd.isna(mine_row["score"]) else float(mine_row["score"])
        best = float(scored["score"].max()) if len(scored) else None
        leaders = sorted(scored[scored["score"] == best]["economy"]) if best is not None else []
        best_row = scored[scored["score"] == best].iloc[0] if leaders else None
        note = ""
        if my_why == "too_old" and len(scored):
            yrs = pd.to_numeric(scored["period"])
            note = too_old_text(int(mine_row["period"]), int(yrs.min()), int(yrs.max()))
        elif my_why == "low_reliability":
            note = low_reliability_text()
        tgt = target_score(ind)
        compared = my_why == "ok"
        rows.append(
            {
                **base,
                "score": my_score,
                "state": None,
                "status_gap": "",
                "best_value_scaled": _scaled(ind, best_row) if best_row is not None else no_data,
                "best_value": display_value(ind, best_row) if best_row is not None else no_data,
                "best_period": None if best_row is None else int(best_row["period"]),
                "best_score": best,
                "best_economies": leaders,
                "gap_to_best": None
                if not compared or best is None or len(scored) < MIN_FOR_GAP
                else round(best - my_score, 2),
                "wb6_median": round(float(scored["score"].median()), 2) if len(scored) >= MIN_FOR_MEDIAN else None,
                "economies_with_data": int(len(scored)),
                "comparable": my_why,
                "not_compared": note,
                "target_score": tgt,
                "gap_to_target": None if my_score is None or tgt is None else round(max(tgt - my_score, 0.0), 2),
            }
        )
    table = pd.DataFrame(rows)
    table["_g"] = table["gap_to_best"].fillna(-1)
    table["_t"] = table["gap_to_target"].fillna(-1)
    table["_s"] = (table["lens"] == "status").astype(int)
    table = table.sort_values(["_s", "_g", "_t", "indicator_id"], ascending=[True, False, False, True], kind="stable")
    table = table.drop(columns=["_g", "_t", "_s"]).reset_index(drop=True)
    table["priority"] = [_gap_priority(r) for _i, r in table.iterrows()]
    table["priority_rank"] = range(1, len(table) + 1)
    table.loc[~table["gap_to_best"].notna(), "priority_rank"] = None
    return table


def old_status_matrix(
    obs: pd.DataFrame,
    catalog: Catalog,
    economies: list[str] | None = None,
    as_of: int | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """The status lens: one row per status fact and economy with its state, value, date and source, read in
    ``as_of`` (default: this year, so a strategy past its end reads expired: :func:`expired_end`)."""
    economies = list(economies or ECONOMY_CODES)
    year = status_year(as_of, today)
    chosen = select_indicators(catalog, as_of, purpose="status")
    latest = latest_observations(obs, [i.id for i in chosen], as_of).set_index(["indicator_id", "economy"])
    rows = []
    for ind in chosen:
        for eco in economies:
            row = latest.loc[(ind.id, eco)] if (ind.id, eco) in latest.index else None
            state = fact_state(ind, row, year)
            rows.append(
                {
                    "indicator_id": ind.id,
                    "indicator": ind.name,
                    "pillar": ind.pillar,
                    "economy": eco,
                    "state": state,
                    "value": fact_value_text(ind, row, year),
                    "period": None if row is None else int(row["period"]),
                    "confidence": None if row is None or row["status"] != "observed" else row["confidence"],
                    "source_id": None if row is None else row["source_id"],
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "indicator_id",
            "indicator",
            "pillar",
            "economy",
            "state",
            "value",
            "period",
            "confidence",
            "source_id",
        ],
    )


def old_key_facts(obs: pd.DataFrame, catalog: Catalog, economy: str) -> list[dict]:
    """One dict per key fact: the preferred, latest value, plus any alternative values from other sources.

    ``obs`` is the warehouse's observations joined with source columns (Warehouse.observations()).
    """
    facts = []
    mine = obs[(obs["economy"] == economy) & (obs["group"] == "all")]
    for ind_id in KEY_FACT_INDICATORS:
        ind = catalog.get(ind_id)
        rows = mine[mine["indicator_id"] == ind_id].sort_values("period")
        preferred = rows[rows["preferred"]]
        if ind is None:
            continue
        if not len(preferred):
            facts.append(
                {
                    "indicator_id": ind_id,
                    "label": ind.name,
                    "value": "no data",
                    "status": "no_data",
                    "period": None,
                    "note": "",
                    "confidence": None,
                    "source_title": None,
                    "source_url": None,
                    "alternatives": [],
                }
            )
            continue
        row = preferred.iloc[-1]
        alternatives = [
            {
                "value": display_value(ind, alt),
                "source_title": alt["source_title"],
                "source_url": alt["source_url"],
                "confidence": alt["confidence"],
                "note": alt["note"],
            }
            for _, alt in rows[(~rows["preferred"]) & (rows["period"] == row["period"])].iterrows()
        ]
        value = display_value(ind, row)
        if ind_id == "ncsi_score" and row["status"] == "observed":
            value = f"{value} / 100"
        facts.append(
            {
                "indicator_id": ind_id,
                "label": ind.name,
                "value": value,
                "status": row["status"],
                "period": int(row["period"]),
                "note": row["note"] or "",
                "confidence": row["confidence"],
                "source_title": row["source_title"],
                "source_url": row["source_url"],
                "alternatives": alternatives,
            }
        )
    return facts


# --- variants of the bundled observations ------------------------------------------------------------------


def variants(obs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(25)
    shuffled = obs.sample(frac=1.0, random_state=25)
    shuffled.index = rng.permutation(len(shuffled)) * 3 + 7  # neither a RangeIndex nor in order
    changed = obs.copy()
    n = len(changed)
    pick = rng.choice(n, size=n // 20, replace=False)
    changed.loc[changed.index[pick[: n // 80]], "confidence"] = "synthetic"
    changed.loc[changed.index[pick[n // 80 : n // 40]], "status"] = "not_covered"
    changed.loc[changed.index[pick[n // 80 : n // 40]], "score"] = np.nan
    changed.loc[changed.index[pick[n // 40 : n // 30]], "flag"] = "u"
    changed.loc[changed.index[pick[n // 30 :]], "period"] = changed.loc[changed.index[pick[n // 30 :]], "period"] - 6
    ind = changed["indicator_id"].iloc[0]
    changed.loc[changed["indicator_id"] == ind, "confidence"] = "synthetic"  # one indicator all demonstration
    return {"bundled": obs, "shuffled": shuffled, "changed": changed}


@pytest.fixture(scope="module")
def frames(bundled_obs):
    return variants(bundled_obs)


@pytest.mark.parametrize("name", ["bundled", "shuffled", "changed"])
def test_demonstration_only_is_unchanged(frames, name):
    obs = frames[name]
    assert demonstration_only(obs) == old_demonstration_only(obs)
    if name == "changed":
        assert demonstration_only(obs)  # the branch is reached


@pytest.mark.parametrize("name", ["bundled", "shuffled", "changed"])
@pytest.mark.parametrize("as_of", [None, 2020, 2023])
@pytest.mark.parametrize("synthetic", [False, True])
def test_latest_observations_are_unchanged(frames, catalog, name, as_of, synthetic):
    obs = frames[name]
    ids = sorted(obs["indicator_id"].unique())
    pd.testing.assert_frame_equal(
        latest_observations(obs, ids, as_of, synthetic), old_latest_observations(obs, ids, as_of, synthetic)
    )


@pytest.mark.parametrize("name", ["bundled", "shuffled", "changed"])
@pytest.mark.parametrize("as_of", [None, 2020, 2023])
@pytest.mark.parametrize("synthetic", [False, True])
def test_pillar_scores_are_unchanged(frames, catalog, name, as_of, synthetic):
    obs = frames[name]
    new = pillar_scores(obs, catalog, as_of, synthetic)
    old = old_pillar_scores(obs, catalog, as_of, synthetic)
    pd.testing.assert_frame_equal(new, old, check_exact=True)
    assert new["score"].notna().any()  # something is scored
    if name == "changed" and as_of is None:
        assert (new["not_compared"] > 0).any() and (new["not_covered_by"] != "").any()  # the branches are reached


@pytest.mark.parametrize("name", ["bundled", "shuffled", "changed"])
def test_rows_behind_are_unchanged(frames, catalog, name):
    obs = frames[name]
    keys = pillar_inputs(obs, catalog, None)
    pd.testing.assert_frame_equal(rows_behind(obs, keys), old_rows_behind(obs, keys))
    assert len(rows_behind(obs, keys))
    pd.testing.assert_frame_equal(rows_behind(obs, keys.iloc[0:0]), old_rows_behind(obs, keys.iloc[0:0]))


def test_the_mean_is_pandas_mean_to_the_last_bit():
    rng = np.random.default_rng(7)
    for size in range(1, 40):
        values = rng.uniform(0, 100, size) * rng.choice([1.0, 1 / 3, np.pi], size)
        values[rng.random(size) < 0.1] = np.nan
        expected = pd.Series(values).mean()
        got = scoring._mean(values)
        assert (np.isnan(expected) and np.isnan(got)) or got == expected


@pytest.mark.parametrize("name", ["bundled", "shuffled", "changed"])
@pytest.mark.parametrize("as_of", [None, 2020])
def test_rank_bands_are_unchanged(frames, catalog, name, as_of):
    obs = frames[name]
    new = rank_bands(obs, catalog, as_of, Setup(draws=100))
    pd.testing.assert_frame_equal(new, old_rank_bands(obs, catalog, as_of, Setup(draws=100)), check_exact=True)
    assert new["band_lo"].notna().any()


@pytest.mark.parametrize("name", ["bundled", "shuffled", "changed"])
@pytest.mark.parametrize("as_of", [None, 2020])
def test_gap_tables_are_unchanged(frames, catalog, name, as_of):
    obs = frames[name]
    for economy in ECONOMY_CODES:
        new = gap_table(obs, catalog, economy, as_of)
        pd.testing.assert_frame_equal(new, old_gap_table(obs, catalog, economy, as_of), check_exact=True)
        assert new["gap_to_best"].notna().any() and (new["lens"] == "status").any()


@pytest.mark.parametrize("name", ["bundled", "shuffled", "changed"])
@pytest.mark.parametrize("as_of", [None, 2020, 2023])
def test_status_matrices_are_unchanged(frames, catalog, name, as_of):
    obs = frames[name]
    today = dt.date(2026, 12, 7)
    new = status_matrix(obs, catalog, None, as_of, today)
    pd.testing.assert_frame_equal(new, old_status_matrix(obs, catalog, None, as_of, today), check_exact=True)
    some = ["SRB", "ALB"]
    pd.testing.assert_frame_equal(
        status_matrix(obs, catalog, some, as_of, today), old_status_matrix(obs, catalog, some, as_of, today)
    )
    assert set(new["state"]) >= {"in_place", "not_assessed"}


@pytest.mark.parametrize("name", ["bundled", "shuffled", "changed"])
def test_key_facts_are_unchanged(frames, catalog, name):
    obs = frames[name]
    assert any(f["alternatives"] for f in key_facts(obs, catalog, "BIH"))  # the branch is reached
    for economy in ECONOMY_CODES:
        new = key_facts(obs, catalog, economy)
        assert new == old_key_facts(obs, catalog, economy)
        assert [f["indicator_id"] for f in new] == [i for i in KEY_FACT_INDICATORS if catalog.get(i)]


# --- pillar_scores' plain-Python path for small inputs (the Inclusion view's 81 rows) ------------------------


def flagged_variant(obs: pd.DataFrame, catalog) -> pd.DataFrame:
    """Rows flagged anomalous in every spelling the rule reads, and a ``lens`` column (some cells empty)."""
    out = obs.copy()
    rng = np.random.default_rng(26)
    pick = rng.choice(len(out), size=len(out) // 15, replace=False)
    out["anomaly"] = out["anomaly"].astype(object)
    out.loc[out.index[pick[: len(pick) // 2]], "anomaly"] = "True "
    out.loc[out.index[pick[len(pick) // 2 :]], "anomaly"] = True
    lens = out["indicator_id"].map(lambda i: catalog.get(i).lens if catalog.get(i) else "index").astype(object)
    lens[rng.random(len(out)) < 0.2] = None
    out["lens"] = lens
    return out


@pytest.mark.parametrize("name", ["bundled", "shuffled", "changed", "flagged"])
@pytest.mark.parametrize("as_of", [None, 2020, 2023])
@pytest.mark.parametrize("synthetic", [False, True])
def test_pillar_scores_small_path_is_unchanged(frames, catalog, monkeypatch, name, as_of, synthetic):
    """The plain-Python path, forced on the whole frames, gives what the reference gives, to the last bit."""
    obs = flagged_variant(frames["changed"], catalog) if name == "flagged" else frames[name]
    old = old_pillar_scores(obs, catalog, as_of, synthetic)
    monkeypatch.setattr(scoring, "SMALL_INPUT", 10**9)
    assert scoring._small_input(obs)
    new = pillar_scores(obs, catalog, as_of, synthetic)
    pd.testing.assert_frame_equal(new, old, check_exact=True)
    assert new["score"].notna().any() and new["rank"].notna().any()
    if name in ("changed", "flagged") and as_of is None:
        assert (new["not_compared"] > 0).any() and (new["not_covered_by"] != "").any()


@pytest.mark.parametrize("name", ["bundled", "shuffled", "changed"])
@pytest.mark.parametrize("synthetic", [False, True])
def test_pillar_scores_on_one_pillars_rows_are_unchanged(frames, catalog, name, synthetic):
    """Each pillar's rows alone (the Inclusion view hands pillar_scores its 81 rows) take the small path by
    default and give what the reference gives."""
    obs = frames[name]
    for pillar in PILLAR_IDS:
        mine = obs[obs["indicator_id"].isin([i.id for i in catalog.scored_in(pillar)])]
        if not len(mine):
            continue
        assert scoring._small_input(mine) == (len(mine) <= scoring.SMALL_INPUT)
        pd.testing.assert_frame_equal(
            pillar_scores(mine, catalog, None, synthetic),
            old_pillar_scores(mine, catalog, None, synthetic),
            check_exact=True,
        )


def test_the_small_path_is_taken_only_on_plain_types(frames):
    mine = frames["bundled"].head(50)
    assert scoring._small_input(mine)
    assert not scoring._small_input(mine.assign(period=mine["period"].astype("Int64")))
    assert not scoring._small_input(mine.assign(score=mine["score"].astype(object)))
    assert not scoring._small_input(mine.assign(economy=mine["economy"].where(mine.index != mine.index[0])))
    assert not scoring._small_input(frames["bundled"])  # 35k rows: the frame path


@pytest.mark.parametrize("small", [True, False])
def test_a_score_out_of_time_and_tied_ranks_are_unchanged(tmp_path, monkeypatch, small):
    """The in-time, rank and others' years of both paths on a score too old to rank (BIH 2019 against 2021-2024)
    and two equal scores (a shared rank), as test_scoring's case builds them."""
    cat = make_catalog(tmp_path, pillar_rules={"legal": {"min_share": 0.3, "min_index_indicators": 1}})
    rows = [
        {"economy": eco, "indicator_id": "idx_legal_a", "value": a, "period": year}
        for eco, a, year in (("ALB", 8.0, 2024), ("SRB", 18.0, 2023), ("MNE", 6.0, 2021), ("XKX", 18.0, 2024))
    ]
    rows.append({"economy": "BIH", "indicator_id": "idx_legal_c", "value_text": "high", "period": 2019})
    obs = scored(cat, rows)
    monkeypatch.setattr(scoring, "SMALL_INPUT", 10**9 if small else 0)
    assert scoring._small_input(obs) == small
    new = pillar_scores(obs, cat)
    pd.testing.assert_frame_equal(new, old_pillar_scores(obs, cat, None, False), check_exact=True)
    legal = new[new["pillar"] == "legal"].set_index("economy")
    assert list(legal.loc[["SRB", "XKX", "ALB", "MNE"], "rank"]) == [1, 1, 3, 4]
    assert not legal.loc["BIH", "in_time"] and pd.isna(legal.loc["BIH", "rank"])
    assert (legal.loc["BIH", "others_from"], legal.loc["BIH", "others_to"]) == (2021, 2024)


@pytest.mark.parametrize("name", ["bundled", "shuffled", "changed"])
def test_the_inclusion_view_is_unchanged(frames, catalog, name):
    """The Inclusion view (its rows sorted in plain Python, its scores from the small path) against the sort and
    the reference pillar scores it replaced."""
    obs = frames[name]
    inc._SCORES.clear()
    got = inc.inclusion_pillar(obs, catalog)
    ids = [i.id for i in catalog.scored_in("inclusion")]
    mine = obs[obs["indicator_id"].isin(ids)]
    rows = (
        mine.assign(_i=mine["indicator_id"].map(ids.index), _e=inc._eco_order(mine))
        .sort_values(["_i", "_e", "period"])
        .drop(columns=["_i", "_e"])
    )
    pd.testing.assert_frame_equal(got.rows, rows, check_exact=True)
    assert list(got.indicators["Year"]) == list(rows["period"]) and len(got.indicators) == len(rows) > 0
    for synthetic, column in ((False, 1), (True, 2)):
        if synthetic and not got.has_demo:
            continue
        old = old_pillar_scores(mine, catalog, None, synthetic).set_index(["pillar", "economy"]).loc["inclusion"]
        cells = [inc._pillar_cell(old.loc[e]) for e in ECONOMY_CODES]
        assert list(got.scores.iloc[:, column]) == cells
