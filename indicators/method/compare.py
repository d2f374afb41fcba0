"""Side-by-side comparison of economies: the indicator table with the best and worst value per row
marked, the economies x indicators heatmap, and text summaries. Pure functions, no Streamlit.

Missing is never zero: a cell without a score keeps its status (not covered, not assessed,
suppressed, not applicable, or "no data" when there is no row) and is drawn apart from low values.

Like with like (:mod:`indicators.method.comparability`, the one rule): only values that may be compared are marked
best or lowest, tallied or coloured as a score; a value too old against the newest keeps its year and says
so; a status fact (law, treaty, CSIRT) is a state mark (in place / partly / missing / ...), never a number.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from indicators.method.comparability import (
    LOW_RELIABILITY,
    MAX_PERIOD_GAP,
    TOO_OLD,
    not_compared_notes,
    not_covered_by,
    rank_of,
    ranked_counts,
)
from indicators.method.comparability import reasons as comparability_reasons
from indicators.method.scoring import (
    STATE_LABELS,
    STATE_MARKS,
    STATUS_LABELS,
    average_text,
    coverage_text,
    fact_state,
    fact_value_text,
    indicators_for,
    latest_observations,
    pillar_cell_text,
    status_year,
)
from indicators.method.sensitivity import ordinal, rank_text
from indicators.model.catalog import PILLAR_IDS, Catalog
from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.render import flags as fl
from indicators.render.figures import FONT
from indicators.render.map_values import format_value, short_status
from indicators.text.i18n import _, format_number

# Reference periods shared with the economy profile (?period=latest|2020).
REFERENCE_PERIODS: dict[str, int | None] = {"latest": None, "2020": 2020}

BEST_MARK, WORST_MARK = "▲", "▼"
MISSING_CELL_COLOUR = "#d9d9d9"
# Viridis is dark below about 55 and light above: the score text is white on dark cells, black on light.
LIGHT_FROM = 55.0


def comparison_long(
    obs: pd.DataFrame,
    catalog: Catalog,
    economies: list[str],
    as_of: int | None = None,
    include_synthetic: bool = False,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """One row per indicator (gap-table set for the reference period) and economy: display value,
    score (NaN when missing), status ('no_data' when there is no row), period, confidence, source, the
    indicator's ``lens``, the fact ``state`` of a status fact (None for an index value) and ``comparable``
    (:func:`indicators.method.comparability.reasons` among the compared economies: 'ok', 'too_old', ...)."""
    chosen = indicators_for(obs, catalog, as_of, purpose="gap", include_synthetic=include_synthetic)
    latest = latest_observations(obs, [i.id for i in chosen], as_of, include_synthetic)
    index = latest.set_index(["indicator_id", "economy"])
    year = status_year(as_of, today)  # a strategy past its end reads expired (scoring.expired_end)
    rows = []
    for ind in chosen:
        for eco in economies:
            row = index.loc[(ind.id, eco)] if (ind.id, eco) in index.index else None
            if row is None:
                status, score = "no_data", float("nan")
            else:
                status = str(row["status"])
                score = float(row["score"]) if pd.notna(row["score"]) else float("nan")
            rows.append(
                {
                    "indicator_id": ind.id,
                    "indicator": ind.name,
                    "pillar": ind.pillar,
                    "lens": ind.lens,
                    "state": fact_state(ind, row, year) if ind.lens == "status" else None,
                    "economy": eco,
                    "display": fact_value_text(ind, row, year) if ind.lens == "status" else format_value(ind, row),
                    "score": score,
                    "status": status,
                    "period": None if row is None else int(row["period"]),
                    "confidence": None if row is None else row["confidence"],
                    "source_id": None if row is None else row["source_id"],
                    "flag": None if row is None else fl.letters(row.get("flag")),
                }
            )
    out = pd.DataFrame(
        rows,
        columns=[
            "indicator_id",
            "indicator",
            "pillar",
            "lens",
            "state",
            "economy",
            "display",
            "score",
            "status",
            "period",
            "confidence",
            "source_id",
            "flag",
        ],
    )
    out["comparable"] = comparability_reasons(out)  # reads the flag letters (u: low reliability)
    out["note"] = not_compared_notes(out, out["comparable"])
    return out


def _comparable(grp: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``grp`` that may be compared (all scored rows when ``comparable`` is absent)."""
    if "comparable" in grp.columns:
        return grp[grp["comparable"] == "ok"]
    return grp.dropna(subset=["score"])


def best_and_worst(long: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: the economies holding the best and the worst score among the compared ones.
    Marked only when at least two economies have a comparable score (index lens, within the time rule,
    not anomalous) and the scores differ; a status fact is never marked."""
    out = []
    for ind_id, grp in long.groupby("indicator_id", sort=False):
        scored = _comparable(grp)
        best = worst = []
        if len(scored) >= 2 and scored["score"].max() > scored["score"].min():
            best = list(scored.loc[scored["score"] == scored["score"].max(), "economy"])
            worst = list(scored.loc[scored["score"] == scored["score"].min(), "economy"])
        out.append({"indicator_id": ind_id, "best": best, "worst": worst})
    return pd.DataFrame(out, columns=["indicator_id", "best", "worst"])


def comparison_table(long: pd.DataFrame, catalog: Catalog, economies: list[str]) -> pd.DataFrame:
    """The side-by-side table shown on the page: one row per indicator, one column per economy
    (display name), cells like '86.51 ▲' (best) or 'Ratified ▼' (worst); missing cells say why."""
    marks = best_and_worst(long).set_index("indicator_id")
    cells = long.set_index(["indicator_id", "economy"])
    rows = []
    for ind_id in dict.fromkeys(long["indicator_id"]):
        ind = catalog.get(ind_id)
        row = {
            _("Indicator"): ind.name if ind else ind_id,
            _("Pillar"): _(catalog.pillar_name(ind.pillar))
            if ind and ind.pillar != "headline"
            else _("Headline index"),
        }
        for eco in economies:
            cell = cells.loc[(ind_id, eco)]
            text = fl.mark(cell["display"], cell.get("flag"))
            if "state" in cell and isinstance(cell["state"], str):
                text = f"{STATE_MARKS[cell['state']]} {text}"
            if "note" in cell and cell["note"]:
                text += " (" + _("not compared: {why}").format(why=cell["note"]) + ")"
            if eco in marks.loc[ind_id, "best"]:
                text += f" {BEST_MARK}"
            elif eco in marks.loc[ind_id, "worst"]:
                text += f" {WORST_MARK}"
            row[display_name(eco)] = text
        rows.append(row)
    return pd.DataFrame(rows)


def comparison_styles(long: pd.DataFrame, economies: list[str]) -> pd.DataFrame:
    """CSS per cell of :func:`comparison_table` (same shape, economy columns only): bold on a blue tint
    for the best, on an orange tint for the worst, grey italics for missing values."""
    marks = best_and_worst(long).set_index("indicator_id")
    cells = long.set_index(["indicator_id", "economy"])
    out = []
    for ind_id in dict.fromkeys(long["indicator_id"]):
        row = {}
        for eco in economies:
            status = cells.loc[(ind_id, eco), "status"]
            if eco in marks.loc[ind_id, "best"]:
                row[display_name(eco)] = "background-color: #d6e9f8; font-weight: 700"
            elif eco in marks.loc[ind_id, "worst"]:
                row[display_name(eco)] = "background-color: #fde3c8; font-weight: 700"
            elif status != "observed":
                row[display_name(eco)] = "color: #555555; font-style: italic"
            else:
                row[display_name(eco)] = ""
        out.append(row)
    return pd.DataFrame(out)


def _short_indicator(name: str, n: int = 46) -> str:
    return name if len(name) <= n else name[: n - 1].rstrip() + "…"


def heatmap(long: pd.DataFrame, economies: list[str], *, height: int | None = None) -> go.Figure:
    """Indicators (rows) x economies (columns), normalised 0-100 on viridis. Missing cells are a
    separate grey trace labelled 'n/c' (not covered), 'n/a' (not assessed), ... or 'no data', so a
    missing value never looks like a low one. A status fact is a grey cell with its state mark
    (● in place, ◐ partly, ○ missing, ...), never a 0-100 number; a value too old to compare carries its year."""
    ind_ids = list(dict.fromkeys(long["indicator_id"]))
    names = {r.indicator_id: r.indicator for r in long.drop_duplicates("indicator_id").itertuples()}
    y = [_short_indicator(names[i]) for i in ind_ids]
    x = [display_name(e) for e in economies]
    cells = long.set_index(["indicator_id", "economy"])
    grids = {k: [] for k in ("dark", "light", "missing", "dark_t", "light_t", "missing_t", "hover")}
    for ind_id in ind_ids:
        row = {k: [] for k in grids}
        for eco in economies:
            cell = cells.loc[(ind_id, eco)]
            state = cell["state"] if "state" in cell and isinstance(cell["state"], str) else None
            score = float(cell["score"]) if pd.notna(cell["score"]) and state is None else None
            status = (
                "observed"
                if score is not None
                else (str(cell["status"]) if cell["status"] != "observed" else "no_data")
            )
            band = "missing" if score is None else ("light" if score >= LIGHT_FROM else "dark")
            why = cell.get("comparable", "ok")
            old = score is not None and why in (TOO_OLD, LOW_RELIABILITY)
            if state is not None:  # a status fact: its state mark and word, never a 0-100 number; with more
                # than three economies the cells are too narrow for the word: the mark alone (the key is
                # under the heatmap), never a word cut in half ("not assesse", issue 22)
                text = STATE_MARKS[state] + ("" if len(economies) > 3 else f" {_(STATE_LABELS[state])}")
            elif band == "missing":
                text = short_status(status)
            else:  # a year as a year ("2020", never "2020.0"), issue 22
                period = cell["period"]
                period = int(period) if isinstance(period, float) and period.is_integer() else period
                text = fl.mark(f"{score:.0f}", cell.get("flag"), html=True) + (
                    (" (u)" if why == LOW_RELIABILITY else f" ({period})") if old else ""
                )
            for k in ("dark", "light", "missing"):
                row[k].append(None if k != band else (0 if band == "missing" else round(score, 1)))
                row[f"{k}_t"].append("" if k != band else text)
            if state is not None:
                hover = f"{_(STATE_LABELS[state])}: {cell['display']}" + (
                    f" ({cell['period']})" if cell["period"] else ""
                )
            elif score is not None:
                hover = f"{cell['display']} · {format_number(score, 1)} / 100" + (
                    f" ({cell['period']})" if cell["period"] else ""
                )
                if old and cell.get("note"):
                    hover += " · " + _("not compared: {why}").format(why=cell["note"])
                hover += fl.hover(cell.get("flag"))
            else:
                hover = _(STATUS_LABELS.get(status, status))
            row["hover"].append(hover)
        for k in grids:
            grids[k].append(row[k])
    common = dict(
        x=x,
        y=y,
        xgap=3,
        ygap=3,
        customdata=grids["hover"],
        hoverongaps=False,
        texttemplate="%{text}",
        hovertemplate="%{y}<br>%{x}: %{customdata}<extra></extra>",
    )
    fig = go.Figure()
    fig.add_trace(
        go.Heatmap(
            z=grids["missing"],
            text=grids["missing_t"],
            name=_("missing"),
            showscale=False,
            colorscale=[[0, MISSING_CELL_COLOUR], [1, MISSING_CELL_COLOUR]],
            textfont=dict(size=14, color="#222222"),
            **common,
        )
    )
    for band, text_colour in (("dark", "#ffffff"), ("light", "#111111")):
        fig.add_trace(
            go.Heatmap(
                z=grids[band],
                text=grids[f"{band}_t"],
                name=_("score (dark cells)") if band == "dark" else _("score (light cells)"),
                zmin=0,
                zmax=100,
                colorscale="Viridis",
                showscale=band == "light",
                textfont=dict(size=16, color=text_colour),
                colorbar=dict(title=dict(text=_("Score<br>(0-100)")), tickvals=[0, 25, 50, 75, 100], thickness=16),
                **common,
            )
        )
    fig.update_layout(
        font=FONT,
        height=height or 120 + 40 * len(y),
        margin=dict(l=10, r=10, t=10, b=10),
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis=dict(side="top", tickfont=dict(size=16, color="#111111")),
        yaxis=dict(autorange="reversed", tickfont=dict(size=15, color="#111111")),
    )
    return fl.annotate(fig, long.get("flag"), below_px=8)


def with_missing_reasons(
    scores: pd.DataFrame, obs: pd.DataFrame, catalog: Catalog, as_of: int | None = None
) -> pd.DataFrame:
    """Pillar scores with a ``missing_reason`` column: for a pillar without any comparable value, why ("not
    covered by the ITU GCI" where the publisher does not assess the economy, e.g. Kosovo*; "data from 2020 not
    compared" where the comparison rule left its values out; both joined by '; '); '' otherwise (then it is
    "no data"). The radar axis labels, the pillar tables, the slides and the brief read it."""
    ids = {}
    for ind in indicators_for(obs, catalog, as_of):
        ids.setdefault(ind.pillar, []).append(ind.id)
    left_out = scores["not_compared_ids"] if "not_compared_ids" in scores else pd.Series("", index=scores.index)
    years = scores["not_compared_years"] if "not_compared_years" in scores else pd.Series("", index=scores.index)
    reasons = []
    for e, p, n, out, yrs in zip(scores["economy"], scores["pillar"], scores["n"], left_out, years):
        if int(n):
            reasons.append("")
            continue
        out = set(str(out or "").split(";"))
        parts = [not_covered_by(obs, catalog, e, [i for i in ids.get(p, []) if i not in out])]
        if yrs:
            parts.append(_("data from {years} not compared").format(years=", ".join(str(yrs).split(";"))))
        reasons.append("; ".join(t for t in parts if t))
    return scores.assign(missing_reason=reasons)


def rank_of_n_text(row, n: int) -> str:
    """The rank with how many were ranked and its band: '2nd of 5 (band 1st-3rd)'; the reason when the
    economy is not ranked (:func:`indicators.method.sensitivity.rank_text`)."""
    text = rank_text(row)
    rank = row.get("rank") if hasattr(row, "get") else None
    if not text or rank is None or pd.isna(rank):
        return text
    first = ordinal(int(rank))
    return text.replace(first, rank_of(first, n), 1)


def pillar_table(scores: pd.DataFrame, average: pd.DataFrame, catalog: Catalog, economies: list[str]) -> pd.DataFrame:
    """Index-lens pillar scores of the compared economies and the WB6 average: the table alternative to
    the radar. Cells read 'score (n of m)' plus the rank and its band when ``scores`` carries them
    (:func:`indicators.method.sensitivity.with_bands`); below the coverage rule 'insufficient data (n of m)',
    without data 'no data (0 of m)', never 0. The average reads 'x (average of n)' or says why there is none."""
    rows = []
    avg = average.set_index("pillar")
    ranked = ranked_counts(scores)
    for pid in PILLAR_IDS:
        row = {_("Pillar"): _(catalog.pillar_name(pid))}
        for eco in economies:
            cell = scores[(scores["economy"] == eco) & (scores["pillar"] == pid)].iloc[0]
            reason = cell.get("missing_reason") or ""
            text = (
                f"{reason} ({coverage_text(int(cell['n']), int(cell['m']))})" if reason else _(pillar_cell_text(cell))
            )
            if "rank" in cell and rank_text(cell):
                text += f" · {rank_of_n_text(cell, ranked.get(pid, 0))}"
            row[display_name(eco)] = text
        row[_("WB6 average")] = average_text(avg.loc[pid])
        rows.append(row)
    return pd.DataFrame(rows)


def radar_summary(scores: pd.DataFrame, catalog: Catalog, economies: list[str]) -> str:
    """Text alternative to the radar: per pillar, the highest and lowest of the compared economies among the
    scores that are ranked (coverage and time rule); a score too old to rank is named apart with its year."""
    parts = []
    for pid in PILLAR_IDS:
        mine = scores[(scores["pillar"] == pid) & scores["economy"].isin(economies)].dropna(subset=["score"])
        name = _(catalog.pillar_name(pid))
        if not len(mine):
            parts.append(f"{name}: {_('no data')}")
            continue
        ranked = mine[mine["in_time"].astype(bool)] if "in_time" in mine.columns else mine
        old = mine[~mine.index.isin(ranked.index)]
        if len(ranked):
            top = ranked.loc[ranked["score"].idxmax()]
            low = ranked.loc[ranked["score"].idxmin()]
            text = _("{pillar}: highest {economy} {score}").format(
                pillar=name, economy=display_name(top["economy"]), score=format_number(top["score"], 1)
            )
            if len(ranked) > 1 and low["economy"] != top["economy"]:
                text += ", " + _("lowest {economy} {score}").format(
                    economy=display_name(low["economy"]), score=format_number(low["score"], 1)
                )
        else:
            text = name + ":"
        if len(old):
            text += (
                " ("
                + "; ".join(
                    _("{economy} {score}, not ranked: data from {year}").format(
                        economy=display_name(r.economy), score=format_number(r.score, 1), year=int(r.period_to)
                    )
                    for r in old.itertuples()
                )
                + ")"
            )
        absent = scores[(scores["pillar"] == pid) & scores["economy"].isin(economies) & scores["score"].isna()]
        why = dict(zip(absent["economy"], absent.get("missing_reason", pd.Series("", index=absent.index))))
        n_of = dict(zip(absent["economy"], absent["n"])) if "n" in absent.columns else {}
        unscored = [e for e in economies if e not in set(mine["economy"])]
        missing = [display_name(e) for e in unscored if not why.get(e) and not n_of.get(e)]
        if missing:
            text += " (" + _("no data: {economies}").format(economies=", ".join(missing)) + ")"
        for e in unscored:
            if why.get(e):
                text += f" ({display_name(e)}: {why[e]})"
            elif n_of.get(e):
                row = absent[absent["economy"] == e].iloc[0]
                text += f" ({display_name(e)}: {_(pillar_cell_text(row))})"
        parts.append(text)
    return "; ".join(parts) + "."


def tally_items(long: pd.DataFrame, catalog: Catalog | None = None) -> list[str]:
    """The indicators a "best on N of M" tally counts: index values only (a status fact is a state, not a
    score), each source once: when a headline index of a family (e.g. the ITU GCI overall score) is in the
    table, its component indicators of the same family (the GCI pillars) are not counted again."""
    rows = long.drop_duplicates("indicator_id")
    if "lens" in rows.columns:
        rows = rows[rows["lens"] == "index"]
    if catalog is None:
        return list(rows["indicator_id"])
    family = {i: (catalog.get(i).family if catalog.get(i) else i) for i in rows["indicator_id"]}
    headline_families = {family[i] for i, p in zip(rows["indicator_id"], rows["pillar"]) if p == "headline"}
    return [
        i for i, p in zip(rows["indicator_id"], rows["pillar"]) if p == "headline" or family[i] not in headline_families
    ]


def tally(long: pd.DataFrame, economies: list[str], catalog: Catalog | None = None) -> tuple[dict, int]:
    """economy -> [best on, lowest on] over :func:`tally_items` where a comparison was possible (at least two
    comparable values that differ), and that number of items."""
    marks = best_and_worst(long)
    marks = marks[marks["indicator_id"].isin(tally_items(long, catalog))]
    marks = marks[[bool(b) for b in marks["best"]]]
    counts = {e: [0, 0] for e in economies}
    for r in marks.itertuples():
        for e in r.best:
            counts[e][0] += 1
        for e in r.worst:
            counts[e][1] += 1
    return counts, int(len(marks))


def table_summary(long: pd.DataFrame, economies: list[str], catalog: Catalog | None = None) -> str:
    """How often each economy holds the best / the lowest value among the compared economies, over the index
    values that may be compared (each source counted once, status facts apart)."""
    counts, n = tally(long, economies, catalog)
    return (
        "; ".join(
            _("{economy}: best on {best}, lowest on {worst} of {n}").format(
                economy=display_name(e), best=b, worst=w, n=n
            )
            for e, (b, w) in counts.items()
        )
        + ". "
        + _(
            "Counted over the index values that can be compared (same period within {k} years, each source "
            "once: a headline index or its pillars, not both); status facts are states, not scores."
        ).format(k=MAX_PERIOD_GAP)
    )


def order_economies(codes: list[str]) -> list[str]:
    """Selected codes in the usual WB6 order (stable columns whatever the click order)."""
    return [c for c in ECONOMY_CODES if c in set(codes)]
