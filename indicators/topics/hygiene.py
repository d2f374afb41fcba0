"""Cyber hygiene and inclusion: weighted survey estimates with 95% intervals, computed in DuckDB.

Method (also shown on the page and in docs/views.md, "Cyber hygiene and inclusion"):

- **Weighted share.** For a cell (economy, year, and any breakdown) and a yes/no question, the share
  is ``p = sum(w * yes) / sum(w)`` over the respondents who answered the question (an empty answer
  means "not answered" and is left out of that question's denominator).
- **Effective sample size (Kish).** ``n_eff = (sum w)^2 / sum(w^2)``: unequal weights make a sample
  worth fewer respondents than it has.
- **95% interval.** Wilson score interval for ``p`` with ``n_eff`` in place of ``n`` and z = 1.96.
  It stays inside 0-100% and behaves at shares near 0 or 100%, where the normal (Wald) interval
  does not. It treats the survey as a weighted simple random sample: clustering and stratification
  are not modelled, so the true intervals of a clustered design are wider.
- **Differences** (female minus male; members of a vulnerable group minus the other respondents):
  Newcombe's hybrid score interval (method 10), which combines the two Wilson intervals:
  ``d - sqrt((p1 - l1)^2 + (u2 - p2)^2)`` to ``d + sqrt((u1 - p1)^2 + (p2 - l2)^2)``.
- **Suppression.** A cell answered by fewer than ``min_n`` respondents (unweighted; default 30, set
  per survey in its ``source.yaml``) is *suppressed*: no share and no interval is returned, only the
  status. A difference is suppressed when either side is. Missing is never zero: a breakdown with no
  respondents at all has no row ("no data").

Data: the ETL aggregates the respondent microdata once per build into ``survey_cells`` (per dataset,
economy, year, sex, and one breakdown ``dim``/``value`` at a time: the additive sums ``n``, ``sw``,
``sw2``, ``swy`` per question), aggregating in wide form per group *before* reshaping to one row per
question. Every view below sums those cells in DuckDB, so it answers in milliseconds whatever the
number of respondents. The same functions can instead read the respondent-level Parquet file
(``ParquetSource``), aggregating it on the fly for the one breakdown a view needs: that path serves
ad-hoc questions and the benchmark, and gives identical numbers (tested).

The module does not import Streamlit: queries go through a ``query(sql, params) -> DataFrame``
callable (``Warehouse.query`` in the dashboard, :func:`duckdb_query` elsewhere). Figure builders at
the end are pure functions returning plotly figures.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from indicators.model.economies import ECONOMY_CODES, KOSOVO_FOOTNOTE, WB6_AVERAGE_COLOUR, colour, display_name
from indicators.model.vocabulary import flag_label as vocab_flag_label
from indicators.render import flags as fl
from indicators.render.figures import demo_watermark
from indicators.render.palette import BLUES_SCALE, MEN, TEXT, WOMEN, scale_colour, text_colour_on
from indicators.text.i18n import N_, _, format_number

Z95 = 1.959963984540054
DEFAULT_MIN_N = 30
SEXES = ("female", "male", "other", "not_stated")
DEFAULT_AGE_BANDS = ("16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+")
AREAS = ("urban", "rural", "unknown")
CELL_COLUMNS = ("dataset", "economy", "year", "sex", "dim", "value", "question", "n", "sw", "sw2", "swy")
DEMO_NOTE = "DEMONSTRATION DATA: synthetic respondents, not a measurement of any economy."
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=15, color=TEXT)
SUPPRESSED_COLOUR = "#d9d9d9"
SEX_COLOURS = {"female": WOMEN, "male": MEN, "total": WB6_AVERAGE_COLOUR}

Query = Callable[[str, list], pd.DataFrame]


def duckdb_query(con) -> Query:
    """A ``query`` callable over a DuckDB connection (each call on its own cursor, fully fetched)."""

    def run(sql: str, params: list | None = None) -> pd.DataFrame:
        cur = con.cursor()
        try:
            return cur.execute(sql, params or []).df()
        finally:
            cur.close()

    return run


# --------------------------------------------------------------------------------------------------
# Reference implementation in plain Python (documents the method; the unit tests compare SQL with it)
# --------------------------------------------------------------------------------------------------


def wilson_interval(p: float, n_eff: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion ``p`` (0-1) with effective sample size ``n_eff``."""
    z2 = z * z
    denom = 1.0 + z2 / n_eff
    centre = (p + z2 / (2.0 * n_eff)) / denom
    half = z * math.sqrt(p * (1.0 - p) / n_eff + z2 / (4.0 * n_eff * n_eff)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def weighted_share(
    answers: Sequence[bool | None], weights: Sequence[float], min_n: int = DEFAULT_MIN_N, z: float = Z95
) -> dict:
    """Weighted share of ``True`` among the answered items, with n, Kish n_eff and a Wilson interval.

    Returns shares in percent (0-100). ``None`` answers are not answered and are left out.
    """
    pairs = [(a, w) for a, w in zip(answers, weights) if a is not None]
    n = len(pairs)
    if n == 0:
        return {"n": 0, "status": "no_data", "share": None, "ci_low": None, "ci_high": None, "n_eff": None}
    sw = sum(w for _a, w in pairs)
    sw2 = sum(w * w for _a, w in pairs)
    swy = sum(w for a, w in pairs if a)
    if n < min_n:
        return {"n": n, "status": "suppressed", "share": None, "ci_low": None, "ci_high": None, "n_eff": None}
    p = swy / sw
    n_eff = sw * sw / sw2
    lo, hi = wilson_interval(p, n_eff, z)
    return {"n": n, "status": "observed", "share": 100 * p, "ci_low": 100 * lo, "ci_high": 100 * hi, "n_eff": n_eff}


def newcombe_difference(p1: float, l1: float, u1: float, p2: float, l2: float, u2: float) -> tuple[float, float, float]:
    """Difference p1 - p2 with Newcombe's hybrid score interval from the two Wilson intervals (any unit)."""
    d = p1 - p2
    return d, d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


# --------------------------------------------------------------------------------------------------
# SQL building blocks
# --------------------------------------------------------------------------------------------------


def ident(name: str) -> str:
    """Quote a column name for SQL (names come from validated headers, never from the URL)."""
    return '"' + str(name).replace('"', '""') + '"'


def wide_sums_sql(questions: Sequence[str], weight: str = "weight") -> str:
    """Per question: n answered, sum of weights, sum of squared weights, weighted yes (NULL-free).

    Written as products with 0/1 rather than ``FILTER`` clauses: about 3x less CPU in DuckDB 2.0 for
    twenty questions on a million rows."""
    parts = []
    for q in questions:
        c = ident(q)
        answered = f"CAST({c} IS NOT NULL AS TINYINT)"
        parts += [
            f"count({c}) AS {ident('n__' + q)}",
            f"sum({weight} * {answered}) AS {ident('sw__' + q)}",
            f"sum({weight} * {weight} * {answered}) AS {ident('sw2__' + q)}",
            f"coalesce(sum({weight} * CAST({c} AS TINYINT)), 0) AS {ident('swy__' + q)}",
        ]
    return ", ".join(parts)


def unpivot_sql(relation: str, questions: Sequence[str]) -> str:
    """Reshape the wide per-group sums (small: one row per group) to one row per group and question."""
    on = ", ".join(
        f"({ident('n__' + q)}, {ident('sw__' + q)}, {ident('sw2__' + q)}, {ident('swy__' + q)}) AS {ident(q)}"
        for q in questions
    )
    return f"UNPIVOT ({relation}) ON {on} INTO NAME question VALUE n, sw, sw2, swy"


def dim_expr(dim: str) -> str:
    """The breakdown value of a respondent for ``dim`` ('all', 'sex', 'age_band', 'area' or a vg_ flag)."""
    if dim == "all":
        return "'all'"
    if dim in ("age_band", "area"):
        return f"coalesce(CAST({ident(dim)} AS VARCHAR), 'unknown')"
    if dim.startswith("vg_"):
        return f"CASE WHEN {ident(dim)} THEN 'yes' WHEN NOT {ident(dim)} THEN 'no' ELSE 'unknown' END"
    raise ValueError(f"unknown breakdown {dim!r}")


def build_cells(con, relation: str, params: list, questions: Sequence[str], flags: Sequence[str]) -> None:
    """Create ``survey_cells`` in DuckDB connection ``con`` from respondent rows (``relation``: SQL text
    such as ``read_parquet(?)`` with ``params``). One grouped pass in wide form over the respondents
    (per dataset, economy, year, sex, age band, area and flag combination), a reshape of that small
    result to one row per question, then one breakdown at a time: 'all', 'age_band', 'area' and each flag."""
    keys = ", ".join(ident(k) for k in ("dataset", "economy", "year", "sex", "age_band", "area", *flags))
    con.execute(
        f"CREATE OR REPLACE TABLE fine AS SELECT {keys}, {wide_sums_sql(questions)} FROM {relation} GROUP BY ALL",
        params,
    )
    con.execute(f"CREATE OR REPLACE TABLE fine_long AS {unpivot_sql('SELECT * FROM fine', questions)}")
    parts = [
        f"SELECT dataset, CAST(economy AS VARCHAR) AS economy, year, CAST(sex AS VARCHAR) AS sex, "
        f"'{d}' AS dim, {dim_expr(d)} AS value, question, CAST(sum(n) AS BIGINT) AS n, sum(sw) AS sw, "
        "sum(sw2) AS sw2, sum(swy) AS swy FROM fine_long GROUP BY ALL"
        for d in ("all", "age_band", "area", *flags)
    ]
    con.execute("CREATE OR REPLACE TABLE survey_cells AS " + " UNION ALL ".join(parts))
    con.execute("DROP TABLE fine")
    con.execute("DROP TABLE fine_long")


@dataclass(frozen=True)
class ParquetSource:
    """Respondent-level Parquet file (``parquet/survey_responses.parquet``) read directly."""

    path: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class CellsParquet:
    """The aggregates as the build's Parquet file (``parquet/survey_cells.parquet``) instead of the table."""

    path: str


def _cells(
    source: ParquetSource | CellsParquet | None,
    dims: Sequence[str],
    where: list[str],
    params: list,
    questions: Sequence[str] | None,
) -> tuple[str, list]:
    """SQL of a relation with CELL_COLUMNS restricted by ``where`` (on dataset/economy/year/sex/question)."""
    if source is None or isinstance(source, CellsParquet):
        conds = [f"dim IN ({', '.join('?' for _ in dims)})", *where]
        if questions:
            conds.append(f"question IN ({', '.join('?' for _ in questions)})")
        relation, first = ("survey_cells", []) if source is None else ("read_parquet(?)", [source.path])
        return (f"SELECT * FROM {relation} WHERE {' AND '.join(conds)}", [*first, *dims, *params, *(questions or [])])
    qs = [q for q in source.questions if not questions or q in questions]
    raw_dims = [d for d in dims if d != "all"]
    keys = ", ".join(
        [
            "dataset",
            "CAST(economy AS VARCHAR) AS economy",
            "year",
            "CAST(sex AS VARCHAR) AS sex",
            *(ident(d) for d in raw_dims),
        ]
    )
    # One scan of the respondents for every requested breakdown: wide sums per group, reshaped, then
    # summed up to one breakdown at a time (as the ETL builds survey_cells).
    fine = f"SELECT {keys}, {wide_sums_sql(qs)} FROM read_parquet(?) WHERE {' AND '.join(where) or 'true'} GROUP BY ALL"
    parts = [
        f"SELECT dataset, economy, year, sex, '{d}' AS dim, {dim_expr(d)} AS value, question, "
        "CAST(sum(n) AS BIGINT) AS n, sum(sw) AS sw, sum(sw2) AS sw2, sum(swy) AS swy FROM fine_long GROUP BY ALL"
        for d in dims
    ]
    sql = f"SELECT * FROM (WITH fine_long AS MATERIALIZED ({unpivot_sql(fine, qs)}) " + " UNION ALL ".join(parts) + ")"
    return sql, [source.path, *params]


def _estimate_columns(min_n: int) -> str:
    """share, interval and status columns from summed n, sw, sw2, swy (percent, Wilson on Kish n_eff)."""
    z = repr(Z95)
    p = "(swy / sw)"
    m = "(sw * sw / sw2)"
    ok = f"(n >= {int(min_n)} AND sw > 0)"
    centre = f"(({p} + {z}*{z} / (2 * {m})) / (1 + {z}*{z} / {m}))"
    half = f"({z} * sqrt({p} * (1 - {p}) / {m} + {z}*{z} / (4 * {m} * {m})) / (1 + {z}*{z} / {m}))"
    return (
        f"CASE WHEN {ok} THEN 100 * {p} END AS share, "
        f"CASE WHEN {ok} THEN 100 * greatest(0, {centre} - {half}) END AS ci_low, "
        f"CASE WHEN {ok} THEN 100 * least(1, {centre} + {half}) END AS ci_high, "
        f"CASE WHEN {ok} THEN {m} END AS n_eff, "
        f"CASE WHEN {ok} THEN 'observed' ELSE 'suppressed' END AS status"
    )


def _filters(
    dataset: str, year: int | None, economies: Iterable[str] | None, sexes: Iterable[str] | None
) -> tuple[list[str], list]:
    where, params = ["dataset = ?"], [dataset]
    if year is not None:
        where.append("year = ?")
        params.append(int(year))
    if economies:
        economies = list(economies)
        where.append(f"CAST(economy AS VARCHAR) IN ({', '.join('?' for _ in economies)})")
        params += economies
    if sexes:
        sexes = list(sexes)
        where.append(f"CAST(sex AS VARCHAR) IN ({', '.join('?' for _ in sexes)})")
        params += sexes
    return where, params


def shares_sql(
    *,
    dataset: str,
    year: int | None,
    dims: Sequence[str] = ("all",),
    by_sex: bool = False,
    economies: Iterable[str] | None = None,
    sexes: Iterable[str] | None = None,
    questions: Sequence[str] | None = None,
    min_n: int = DEFAULT_MIN_N,
    source: ParquetSource | CellsParquet | None = None,
) -> tuple[str, list]:
    where, params = _filters(dataset, year, economies, sexes)
    cells, cparams = _cells(source, dims, where, params, questions)
    sex_key = "sex, " if by_sex else ""
    sql = (
        f"WITH c AS ({cells}), agg AS (SELECT economy, year, {sex_key}dim, value, question, "
        f"CAST(sum(n) AS BIGINT) AS n, sum(sw) AS sw, sum(sw2) AS sw2, sum(swy) AS swy FROM c "
        f"GROUP BY ALL) SELECT economy, year, {sex_key}dim, value, question, n, {_estimate_columns(min_n)} "
        f"FROM agg ORDER BY ALL"
    )
    return sql, cparams


def shares(
    query: Query,
    *,
    dataset: str,
    year: int | None,
    dims: Sequence[str] = ("all",),
    by_sex: bool = False,
    economies=None,
    sexes=None,
    questions=None,
    min_n: int = DEFAULT_MIN_N,
    source: ParquetSource | CellsParquet | None = None,
) -> pd.DataFrame:
    """Weighted shares with 95% intervals per economy x breakdown value x question (x sex if ``by_sex``).

    Columns: economy, year, [sex], dim, value, question, n, share, ci_low, ci_high (percent), n_eff,
    status ('observed' or 'suppressed'; suppressed rows have no share and no interval).
    """
    sql, params = shares_sql(
        dataset=dataset,
        year=year,
        dims=dims,
        by_sex=by_sex,
        economies=economies,
        sexes=sexes,
        questions=questions,
        min_n=min_n,
        source=source,
    )
    return query(sql, params)


def _difference_sql(inner: str, left: str, right: str, split_col: str, keys: str) -> str:
    """Join the estimates of two groups (``split_col`` = left / right) and add Newcombe's interval."""
    return (
        f"WITH e AS ({inner}), a AS (SELECT * FROM e WHERE {split_col} = '{left}'), "
        f"b AS (SELECT * FROM e WHERE {split_col} = '{right}') "
        f"SELECT {', '.join('coalesce(a.' + k + ', b.' + k + ') AS ' + k for k in keys.split(', '))}, "
        "a.n AS n_1, a.share AS share_1, a.ci_low AS ci_low_1, a.ci_high AS ci_high_1, "
        "b.n AS n_2, b.share AS share_2, b.ci_low AS ci_low_2, b.ci_high AS ci_high_2, "
        "a.share - b.share AS gap, "
        "a.share - b.share - sqrt(pow(a.share - a.ci_low, 2) + pow(b.ci_high - b.share, 2)) AS gap_low, "
        "a.share - b.share + sqrt(pow(a.ci_high - a.share, 2) + pow(b.share - b.ci_low, 2)) AS gap_high, "
        "CASE WHEN a.status = 'observed' AND b.status = 'observed' THEN 'observed' ELSE 'suppressed' END "
        "AS status "
        f"FROM a FULL OUTER JOIN b USING ({keys}) ORDER BY ALL"
    )


def gender_gap(
    query: Query,
    *,
    dataset: str,
    year: int | None,
    dims: Sequence[str] = ("all",),
    economies=None,
    questions=None,
    min_n: int = DEFAULT_MIN_N,
    source: ParquetSource | CellsParquet | None = None,
) -> pd.DataFrame:
    """Female minus male share (percentage points) with Newcombe 95% intervals.

    Columns: economy, year, dim, value, question, n_female, share_female, ci_low_female,
    ci_high_female, the same for male, gap, gap_low, gap_high, status.
    """
    inner, params = shares_sql(
        dataset=dataset,
        year=year,
        dims=dims,
        by_sex=True,
        economies=economies,
        sexes=("female", "male"),
        questions=questions,
        min_n=min_n,
        source=source,
    )
    sql = _difference_sql(inner, "female", "male", "sex", "economy, year, dim, value, question")
    out = query(sql, params)
    return out.rename(columns=lambda c: c.replace("_1", "_female").replace("_2", "_male"))


def group_gap(
    query: Query,
    *,
    dataset: str,
    year: int | None,
    groups: Sequence[str],
    by_sex: bool = False,
    economies=None,
    sexes=None,
    questions=None,
    min_n: int = DEFAULT_MIN_N,
    source: ParquetSource | CellsParquet | None = None,
) -> pd.DataFrame:
    """Members of each vulnerable group minus the other respondents (percentage points), Newcombe 95%.

    ``groups`` are the vg_ flag columns; respondents whose flag is unknown are in neither side.
    ``sexes`` restricts both sides (e.g. women with disabilities against other women).
    Columns: economy, year, [sex], dim (the flag), question, n_group, share_group, ci_low_group,
    ci_high_group, the same for rest, gap, gap_low, gap_high, status.
    """
    inner, params = shares_sql(
        dataset=dataset,
        year=year,
        dims=list(groups),
        by_sex=by_sex,
        economies=economies,
        sexes=sexes,
        questions=questions,
        min_n=min_n,
        source=source,
    )
    keys = "economy, year, " + ("sex, " if by_sex else "") + "dim, question"
    sql = _difference_sql(inner, "yes", "no", "value", keys)
    out = query(sql, params)
    return out.rename(columns=lambda c: c.replace("_1", "_group").replace("_2", "_rest"))


# --------------------------------------------------------------------------------------------------
# Metadata and view helpers over the warehouse tables written by etl/formats/survey.py
# --------------------------------------------------------------------------------------------------


def survey_datasets(query: Query) -> pd.DataFrame:
    """One row per loaded survey: dataset, title, confidence, min_n, years, respondents, source."""
    return query("SELECT * FROM survey_datasets ORDER BY dataset", [])


def survey_questions(query: Query, dataset: str) -> pd.DataFrame:
    return query("SELECT * FROM survey_questions WHERE dataset = ? ORDER BY position", [dataset])


def survey_groups(query: Query, dataset: str) -> pd.DataFrame:
    return query("SELECT * FROM survey_groups WHERE dataset = ? ORDER BY position", [dataset])


def survey_years(query: Query, dataset: str) -> list[int]:
    df = query("SELECT DISTINCT year FROM survey_cells WHERE dataset = ? ORDER BY year", [dataset])
    return [int(y) for y in df["year"]]


def fmt_share(share, status: str, digits: int = 0) -> str:
    """A share as text; a suppressed cell reads 'suppressed', never a number."""
    if status == "suppressed":
        return _("suppressed")
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return _("no data")
    return f"{share:.{digits}f} %"


def fmt_interval(lo, hi, status: str, unit: str = "%") -> str:
    if status != "observed" or lo is None or (isinstance(lo, float) and math.isnan(lo)):
        return "—"
    return f"{format_number(lo, 1)}–{format_number(hi, 1)}{' ' if unit == '%' else ''}{unit}"


def fmt_gap(gap, status: str) -> str:
    if status == "suppressed":
        return _("suppressed")
    if gap is None or (isinstance(gap, float) and math.isnan(gap)):
        return _("no data")
    return f"{gap:+.1f} pp"


def export_frame(est: pd.DataFrame, labels: dict[str, str], meta: dict, kind: str = "share") -> pd.DataFrame:
    """The CSV a reader downloads: names with Kosovo*, labels, status, provenance and the demo note.

    Suppressed cells have empty numbers (the SQL returns none) and status 'suppressed'. ``meta`` is the
    survey_datasets row.
    """
    out = est.copy()
    out.insert(1, "economy_name", [display_name(e) for e in out["economy"]])
    out.insert(out.columns.get_loc("question") + 1, "question_label", [labels.get(q, q) for q in out["question"]])
    for col in [c for c in out.columns if c.startswith(("share", "ci_", "gap", "n_eff"))]:
        out[col] = out[col].astype("float64").round(2)  # suppressed cells are already empty (NULL in SQL)
    out["dataset"] = meta["dataset"]
    out["confidence"] = meta["confidence"]
    out["source_id"] = meta["source_id"]
    out["source_title"] = meta["source_title"]
    out["min_n"] = int(meta["min_n"])
    out["note"] = DEMO_NOTE if meta["confidence"] == "synthetic" else ""
    out["footnote"] = [KOSOVO_FOOTNOTE if e == "XKX" else "" for e in out["economy"]]
    return out


def text_summary_practices(est: pd.DataFrame, labels: dict[str, str], question: str) -> str:
    """One sentence per economy for the chosen question (the table alternative to the heatmap)."""
    rows = est[est["question"] == question].sort_values("economy", key=lambda s: s.map(ECONOMY_CODES.index))
    parts = [
        f"{display_name(r.economy)} {fmt_share(r.share, r.status)}"
        + (f" ({fmt_interval(r.ci_low, r.ci_high, r.status)})" if r.status == "observed" else "")
        for r in rows.itertuples()
    ]
    return f"{labels.get(question, question)}: " + "; ".join(parts) + "."


def text_summary_gaps(gaps: pd.DataFrame, labels: dict[str, str], name_col: str = "economy") -> str:
    parts = []
    for r in gaps.itertuples():
        name = (
            display_name(getattr(r, name_col))
            if name_col == "economy"
            else labels.get(getattr(r, name_col), getattr(r, name_col))
        )
        if r.status != "observed":
            parts.append(f"{name}: {_('suppressed')}")
            continue
        sig = _("interval excludes zero") if (r.gap_low > 0 or r.gap_high < 0) else _("interval includes zero")
        parts.append(f"{name}: {r.gap:+.1f} pp ({r.gap_low:+.1f} to {r.gap_high:+.1f}; {sig})")
    return "; ".join(parts) + "."


# --------------------------------------------------------------------------------------------------
# Figures (pure functions)
# --------------------------------------------------------------------------------------------------


def _l(values) -> list:
    """Plain Python numbers for a trace (plotly would encode pandas/numpy arrays as binary in the JSON)."""
    return [
        None if v is None or (isinstance(v, float) and math.isnan(v)) else (float(v) if not isinstance(v, str) else v)
        for v in list(values)
    ]


def _layout(fig: go.Figure, height: int, **kw) -> go.Figure:
    kw.setdefault("margin", dict(l=10, r=20, t=40, b=40))
    fig.update_layout(font=FONT, height=height, paper_bgcolor="white", plot_bgcolor="white", **kw)
    # explicit dark ticks and titles: a chart theme must not grey them out (contrast 4.5:1 or more)
    for axes in (fig.update_xaxes, fig.update_yaxes):
        axes(tickfont_color=TEXT, title_font_color=TEXT)
    fig.update_layout(legend_font_color=TEXT)
    return fig


def mark_demo(fig: go.Figure) -> go.Figure:
    """Write 'Demonstration data' on the chart itself, so an image saved from it keeps the badge."""
    margin = fig.layout.margin
    fig.update_layout(
        margin=dict(l=margin.l, r=margin.r, t=margin.t, b=(margin.b or 40) + 28), height=(fig.layout.height or 400) + 28
    )
    fig.add_annotation(
        xref="paper",
        yref="paper",
        x=1.0,
        y=0.0,
        xanchor="right",
        yanchor="top",
        yshift=-34,
        showarrow=False,
        text="⚗ " + _("Demonstration data (synthetic)"),
        font=dict(size=13, color="#9A4A00"),
        bgcolor="#FFF1E0",
        borderpad=3,
    )
    return demo_watermark(fig)  # and the watermark across the plot (issue 22)


def practices_heatmap(
    est: pd.DataFrame, labels: dict[str, str], questions: Sequence[str], height: int | None = None
) -> go.Figure:
    """Economies (columns) x questions (rows): weighted share in each cell; suppressed cells are grey
    and read "suppressed"; a cell with no respondents reads "no data" (never 0)."""
    ecos = [e for e in ECONOMY_CODES if e in set(est["economy"])]
    table = est.set_index(["question", "economy"])
    z, text, custom = [], [], []
    for q in questions:
        zr, tr, cr = [], [], []
        for e in ecos:
            if (q, e) in table.index:
                r = table.loc[(q, e)]
                zr.append(None if r["status"] != "observed" else round(float(r["share"]), 1))
                tr.append(fmt_share(r["share"], r["status"]))
                cr.append(fmt_interval(r["ci_low"], r["ci_high"], r["status"]))
            else:
                zr.append(None)
                tr.append(_("no data"))
                cr.append("—")
        z.append(zr)
        text.append(tr)
        custom.append(cr)
    y = [labels.get(q, q) for q in questions]
    x = [display_name(e).replace(" and ", " and<br>").replace("North ", "North<br>") for e in ecos]
    fig = go.Figure()
    # Grey layer underneath: shows through wherever the share is missing (suppressed or no data).
    fig.add_trace(
        go.Heatmap(
            z=[[0] * len(x) for _r in y],
            x=x,
            y=y,
            showscale=False,
            hoverinfo="skip",
            colorscale=[[0, SUPPRESSED_COLOUR], [1, SUPPRESSED_COLOUR]],
            name=_("missing"),
        )
    )
    fig.add_trace(
        go.Heatmap(
            z=z,
            x=x,
            y=y,
            text=text,
            customdata=custom,
            zmin=0,
            zmax=100,
            colorscale=BLUES_SCALE,
            colorbar=dict(title=dict(text="%"), thickness=14),
            hovertemplate="%{y}<br>%{x}: %{text}<br>95% CI %{customdata}<extra></extra>",
            name=_("share"),
            xgap=2,
            ygap=2,
        )
    )
    # cell text: black or white by the cell's own colour (4.5:1 or more); grey missing cells take black
    cx, cy, ct, cc = [], [], [], []
    for yi, (zr, tr) in enumerate(zip(z, text)):
        for xi, (v, t) in enumerate(zip(zr, tr)):
            cx.append(x[xi])
            cy.append(y[yi])
            ct.append(t)
            cc.append(text_colour_on(SUPPRESSED_COLOUR if v is None else scale_colour(v)))
    fig.add_trace(
        go.Scatter(
            x=cx,
            y=cy,
            mode="text",
            text=ct,
            textfont=dict(size=14, color=cc),
            hoverinfo="skip",
            showlegend=False,
            name="cell text",
        )
    )
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=13))
    fig.update_xaxes(side="top", tickfont=dict(size=14), tickangle=0)
    return _layout(fig, height or 90 + 34 * len(questions), showlegend=False)


def share_dots(est: pd.DataFrame, question: str, label: str, height: int = 360) -> go.Figure:
    """One question across economies: weighted share with its 95% interval; suppressed rows are labelled."""
    rows = est[est["question"] == question].copy()
    rows["order"] = rows["economy"].map(ECONOMY_CODES.index)
    rows = rows.sort_values("order")
    fig = go.Figure()
    obs = rows[rows["status"] == "observed"]
    fig.add_trace(
        go.Scatter(
            x=_l(obs["share"]),
            y=[display_name(e) for e in obs["economy"]],
            mode="markers",
            marker=dict(size=13, color=[colour(e) for e in obs["economy"]], line=dict(color="#222", width=1)),
            error_x=dict(
                type="data",
                symmetric=False,
                array=_l(obs["ci_high"] - obs["share"]),
                arrayminus=_l(obs["share"] - obs["ci_low"]),
                thickness=2,
                width=6,
                color="#444",
            ),
            name=_("weighted share"),
            hovertemplate="%{y}: %{x:.1f}%<extra></extra>",
        )
    )
    sup = rows[rows["status"] != "observed"]
    for e in sup["economy"]:
        fig.add_annotation(
            x=0,
            y=display_name(e),
            text=_("suppressed (fewer than the minimum respondents)"),
            showarrow=False,
            xanchor="left",
            font=dict(size=13, color="#555"),
        )
    fig.update_xaxes(range=[0, 100], title=dict(text=f"{label} (%)"), gridcolor="#e5e5e5", zeroline=False)
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=[display_name(e) for e in reversed(ECONOMY_CODES) if e in set(rows["economy"])],
    )
    return _layout(fig, height, showlegend=False)


def gap_forest(
    gaps: pd.DataFrame,
    label_of: Callable[[str], str],
    key: str,
    title: str,
    height: int | None = None,
    left: str = "female",
    right: str = "male",
    heading: str | None = None,
) -> go.Figure:
    """Forest plot of differences (percentage points) with 95% intervals and a zero line.

    One row per value of ``key``; suppressed rows are drawn as a label, never as a point.
    """
    rows = gaps.reset_index(drop=True)
    names = [label_of(v) for v in rows[key]]
    obs = rows[rows["status"] == "observed"]
    fig = go.Figure()
    fig.add_vline(x=0, line=dict(color="#333", width=1.5))
    colours = [
        ("#B2182B" if hi < 0 else "#2166AC" if lo > 0 else "#555555") for lo, hi in zip(obs["gap_low"], obs["gap_high"])
    ]
    fig.add_trace(
        go.Scatter(
            x=_l(obs["gap"]),
            y=[label_of(v) for v in obs[key]],
            mode="markers",
            marker=dict(size=12, color=colours, symbol="diamond", line=dict(color="#222", width=1)),
            error_x=dict(
                type="data",
                symmetric=False,
                array=_l(obs["gap_high"] - obs["gap"]),
                arrayminus=_l(obs["gap"] - obs["gap_low"]),
                thickness=2,
                width=6,
                color="#444",
            ),
            name=title,
            customdata=[[float(a), float(b)] for a, b in zip(obs["gap_low"], obs["gap_high"])],
            hovertemplate="%{y}: %{x:+.1f} pp (95% CI %{customdata[0]:+.1f} to %{customdata[1]:+.1f})<extra></extra>",
        )
    )
    for v in rows.loc[rows["status"] != "observed", key]:
        fig.add_annotation(
            x=0,
            y=label_of(v),
            text=" " + _("suppressed"),
            showarrow=False,
            xanchor="left",
            font=dict(size=13, color="#555"),
        )
    span = max([abs(v) for v in list(obs["gap_low"]) + list(obs["gap_high"]) if pd.notna(v)] + [5.0])
    span = math.ceil(span / 5.0) * 5.0
    fig.update_xaxes(
        range=[-span, span],
        zeroline=False,
        gridcolor="#e5e5e5",
        title=dict(text=title + " " + _("(percentage points)")),
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(names)), tickfont=dict(size=14))
    fig.add_annotation(
        x=-span,
        y=1.0,
        yref="paper",
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        text="◀ " + _("lower for {left}").format(left=left),
        font=dict(size=13, color="#B2182B"),
    )
    fig.add_annotation(
        x=span,
        y=1.0,
        yref="paper",
        xanchor="right",
        yanchor="bottom",
        showarrow=False,
        text=_("higher for {left}").format(left=left) + " ▶",
        font=dict(size=13, color="#2166AC"),
    )
    if heading:
        fig.update_layout(title=dict(text=heading, x=0, xanchor="left", font=dict(size=17)))
    return _layout(
        fig,
        height or 110 + 40 * len(rows) + (40 if heading else 0),
        showlegend=False,
        **({"margin": dict(l=10, r=20, t=80, b=40)} if heading else {}),
    )


def age_profile(est: pd.DataFrame, age_bands: Sequence[str], label: str, by_sex: bool, height: int = 420) -> go.Figure:
    """Share by age band (x) with 95% intervals; one line per sex or one for everyone. Suppressed
    bands leave a gap in the line (never 0) and are labelled."""
    fig = go.Figure()
    series = [("female", _("Women")), ("male", _("Men"))] if by_sex else [("total", _("Everyone"))]
    for i, (sex, name) in enumerate(series):
        mine = est if sex == "total" else est[est["sex"] == sex]
        mine = mine.set_index("value")
        y, lo, hi, text = [], [], [], []
        for band in age_bands:
            if band in mine.index and mine.loc[band, "status"] == "observed":
                r = mine.loc[band]
                y.append(float(r["share"]))
                lo.append(float(r["share"] - r["ci_low"]))
                hi.append(float(r["ci_high"] - r["share"]))
                text.append("")
            else:
                y.append(None)
                lo.append(None)
                hi.append(None)
                text.append(_("suppressed") if band in mine.index else _("no data"))
        fig.add_trace(
            go.Scatter(
                x=list(age_bands),
                y=y,
                mode="lines+markers",
                name=name,
                connectgaps=False,
                line=dict(color=SEX_COLOURS[sex], width=3, dash="solid" if i == 0 else "dash"),
                marker=dict(size=10),
                error_y=dict(type="data", symmetric=False, array=hi, arrayminus=lo, thickness=1.5, width=5),
                hovertemplate="%{x}: %{y:.1f}%<extra>" + name + "</extra>",
            )
        )
        for band, t in zip(age_bands, text):
            if t:
                fig.add_annotation(
                    x=band,
                    y=4 + 7 * i,
                    text=f"{name}: {t}" if by_sex else t,
                    showarrow=False,
                    font=dict(size=12, color="#555"),
                    textangle=0,
                )
    fig.update_yaxes(range=[0, 100], title=dict(text=f"{label} (%)"), gridcolor="#e5e5e5")
    fig.update_xaxes(title=dict(text=_("Age band")), type="category")
    return _layout(fig, height, legend=dict(orientation="h", y=-0.2, x=0.5, xanchor="center"))


def group_dots(gg: pd.DataFrame, group_labels: dict[str, str], label: str, height: int | None = None) -> go.Figure:
    """Per vulnerable group: share among its members and among the other respondents, with intervals."""
    rows = gg.reset_index(drop=True)
    names = [group_labels.get(g, g) for g in rows["dim"]]
    fig = go.Figure()
    for side, name, col, symbol in (
        ("group", _("Members of the group"), "#B35806", "circle"),
        ("rest", _("Other respondents"), "#542788", "square"),
    ):
        ok = rows[rows[f"share_{side}"].notna()]
        fig.add_trace(
            go.Scatter(
                x=_l(ok[f"share_{side}"]),
                y=[group_labels.get(g, g) for g in ok["dim"]],
                mode="markers",
                name=name,
                marker=dict(size=12, color=col, symbol=symbol, line=dict(color="#222", width=1)),
                error_x=dict(
                    type="data",
                    symmetric=False,
                    array=_l(ok[f"ci_high_{side}"] - ok[f"share_{side}"]),
                    arrayminus=_l(ok[f"share_{side}"] - ok[f"ci_low_{side}"]),
                    thickness=2,
                    width=6,
                    color=col,
                ),
                hovertemplate="%{y}: %{x:.1f}%<extra>" + name + "</extra>",
            )
        )
    for g, s in zip(rows["dim"], rows["share_group"]):
        if pd.isna(s):
            fig.add_annotation(
                x=0,
                y=group_labels.get(g, g),
                text=" " + _("members: suppressed"),
                showarrow=False,
                xanchor="left",
                font=dict(size=13, color="#555"),
            )
    fig.update_xaxes(range=[0, 100], title=dict(text=f"{label} (%)"), gridcolor="#e5e5e5")
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(names)), tickfont=dict(size=14))
    return _layout(fig, height or 140 + 55 * len(rows), legend=dict(orientation="h", y=-0.25, x=0.5, xanchor="center"))


def reference_bars(rows: pd.DataFrame, title: str, height: int = 230) -> go.Figure:
    """Real figures side by side (an economy's value and a regional average): ``rows`` has label, value,
    confidence and kind ('economy' or 'reference'). Secondary values are hatched; regional averages grey."""
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=_l(rows["value"]),
            y=["<br>".join(textwrap.wrap(str(t), 18)) for t in rows["label"]],
            orientation="h",
            cliponaxis=False,
            marker=dict(
                color=[WOMEN if k == "economy" else "#9E9E9E" for k in rows["kind"]],
                pattern=dict(shape=["" if c == "verified" else "/" for c in rows["confidence"]]),
            ),
            text=[f"{v:g} %" for v in rows["value"]],
            textposition="outside",
            textfont=dict(size=15),
            customdata=[_(c) for c in rows["confidence"]],
            hovertemplate="%{y}: %{x:g}% (%{customdata})<extra></extra>",
        )
    )
    fig.update_xaxes(range=[0, 100], title=dict(text=title), gridcolor="#e5e5e5")
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=14))
    return _layout(fig, height, showlegend=False)


# --------------------------------------------------------------------------------------------------
# Real figures: Eurostat ICT-security tables (individuals and enterprises), read from the warehouse
# table ``eurostat_sdmx`` (every row as it came, with its note). EU27_2020 is a reference line, never an
# economy; each chart names the period actually shown for each economy.
# --------------------------------------------------------------------------------------------------
EU_GEO = "EU27_2020"
EU_LABEL = "EU27"
EU_COLOUR = "#8c8c8c"
HEADLINE_SIZE = "GE10"
SIZE_CLASSES = ("10-49", "50-249", "GE250")
SIZE_COLOURS = {"10-49": "#9ecae1", "50-249": "#3182bd", "GE250": "#08306b", "GE10": "#333333"}
# Group compared, reference group, and what the gap is called (codes of Eurostat's IND_TYPE codelist).
GAP_PAIRS = {
    "sex": ("F_Y16_74", "M_Y16_74"),
    "age": ("Y65_74", "Y16_24"),
    "education": ("I0_2", "I5_8"),
    "unemployed": ("UNE", "SAL_SELF_FAM"),
    "retired": ("RETIR_OTHER", "SAL_SELF_FAM"),
    "students": ("STUD", "SAL_SELF_FAM"),
    "foreign_born": ("CB_FOR", "CB_NAT"),
}
FLAGS_LOST_TEXT = N_(  # English message id: shown translated
    "Eurostat's flags (u = low reliability, b = break in series) are not available for these rows: "
    "the copy they come from lost them."
)
ANOMALY_MARK = "Known anomaly: "
FLAGS_LOST_MARK = "(the copy lost them)"  # in the note of every row of a copy without flags (etl/formats/sdmx.py)
ES_COLUMNS = ["geo", "economy", "breakdown", "period", "value", "status", "note", "flags"]


def es_rows(
    raw: pd.DataFrame, indic_is: str, unit: str, breakdowns: Sequence[str], dataset: str | None = None
) -> pd.DataFrame:
    """Rows of one Eurostat item for some breakdowns (``ind_type`` codes for individuals, ``size_emp``
    codes for enterprises, headline activity only), WB6 economies and the EU27 reference."""
    if raw is None or not len(raw):
        return pd.DataFrame(columns=ES_COLUMNS)
    rows = raw[(raw["indic_is"] == indic_is) & (raw["unit"] == unit)]
    if dataset:
        rows = rows[rows["dataset"] == dataset]
    enterprise = "size_emp" in rows.columns and rows["size_emp"].notna().any()
    col = "size_emp" if enterprise else "ind_type"
    rows = rows[rows[col].isin(list(breakdowns)) & (rows["economy"].notna() | (rows["geo"] == EU_GEO))]
    if enterprise and "nace_r2" in rows.columns:
        rows = rows[rows["nace_r2"] == "C10-S951_X_K"]
    rows = rows if "flags" in rows.columns else rows.assign(flags=None)
    out = rows.assign(breakdown=rows[col])[ES_COLUMNS].copy()
    out["period"] = out["period"].astype(int)
    return out.reset_index(drop=True)


def es_pick(rows: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """One row per (geo, breakdown): the given year, or the latest year with an observed value."""
    if not len(rows):
        return rows
    got = rows[rows["status"] == "observed"]
    got = got[got["period"] == year] if year is not None else got
    return got.sort_values("period").groupby(["geo", "breakdown"], as_index=False).tail(1).reset_index(drop=True)


def es_gap(rows: pd.DataFrame, left: str, right: str, year: int | None = None) -> pd.DataFrame:
    """Per geo, the latest year (or the given one) where both groups have an observed value:
    left, right and the difference left minus right in percentage points."""
    got = rows[rows["status"] == "observed"]
    if year is not None:
        got = got[got["period"] == year]
    out = []
    for geo, g in got.groupby("geo"):
        wide = g.pivot_table(index="period", columns="breakdown", values="value", aggfunc="first")
        if left not in wide or right not in wide:
            continue
        both = wide[[left, right]].dropna()
        if not len(both):
            continue
        period = int(both.index.max())
        notes = " ".join(dict.fromkeys(g.loc[g["period"] == period, "note"]))
        flag = g[g["period"] == period].set_index("breakdown")["flags"] if "flags" in g else pd.Series(dtype=str)
        out.append(
            {
                "geo": geo,
                "economy": g["economy"].iloc[0],
                "period": period,
                "left": both.loc[period, left],
                "right": both.loc[period, right],
                "gap": round(both.loc[period, left] - both.loc[period, right], 2),
                "note": notes,
                "left_flag": fl.letters(flag.get(left)),
                "right_flag": fl.letters(flag.get(right)),
            }
        )
    return pd.DataFrame(
        out, columns=["geo", "economy", "period", "left", "right", "gap", "note", "left_flag", "right_flag"]
    )


def area_name(geo: str, economy) -> str:
    return EU_LABEL if geo == EU_GEO else display_name(economy)


def period_text(frame: pd.DataFrame) -> str:
    """'Albania 2023 · ... · Kosovo* 2020' for the economies shown, 'no data' for those missing."""
    years = (
        {e: sorted(set(frame.loc[frame["economy"] == e, "period"].astype(int))) for e in ECONOMY_CODES}
        if len(frame)
        else {e: [] for e in ECONOMY_CODES}
    )
    return " · ".join(
        f"{display_name(e)} " + ("/".join(str(y) for y in ys) if ys else _("no data")) for e, ys in years.items()
    )


def anomaly_notes(frame: pd.DataFrame) -> list[str]:
    """The known anomalies carried in the notes of the rows shown (each once)."""
    out = []
    for note in frame.get("note", pd.Series(dtype=str)).dropna():
        if ANOMALY_MARK in note:
            out.append(note.split(ANOMALY_MARK, 1)[1].split(" " + ANOMALY_MARK)[0].strip())
    return list(dict.fromkeys(out))


def _wb6_order(frame: pd.DataFrame) -> pd.DataFrame:
    order = {e: i for i, e in enumerate(ECONOMY_CODES)}
    return (
        frame.assign(_o=[order.get(e, 99) if g != EU_GEO else 100 for e, g in zip(frame["economy"], frame["geo"])])
        .sort_values("_o")
        .drop(columns="_o")
    )


def es_dots(picked: pd.DataFrame, eu_rows: pd.DataFrame, unit_title: str, height: int = 340) -> go.Figure:
    """One item across the six economies, each at its own year (in the label), with the EU27 value for the
    same year as a grey diamond; an economy without a value reads 'no data' (never 0)."""
    picked = picked[picked["geo"] != EU_GEO]
    eu = eu_rows[(eu_rows["geo"] == EU_GEO) & (eu_rows["status"] == "observed")].set_index("period")["value"]
    labels, xs, eux, texts, colours, hovers = [], [], [], [], [], []
    by_eco = picked.set_index("economy")
    for e in ECONOMY_CODES:
        if e in by_eco.index:
            r = by_eco.loc[e]
            anomaly = ANOMALY_MARK in str(r["note"])
            labels.append(f"{display_name(e)} ({int(r['period'])}){' †' if anomaly else ''}")
            xs.append(float(r["value"]))
            eux.append(float(eu[int(r["period"])]) if int(r["period"]) in eu.index else None)
            texts.append(fl.mark(f"{format_number(r['value'], 1)} %", r.get("flags"), html=True))
            hovers.append(fl.hover(r.get("flags")))
        else:
            hovers.append("")
            labels.append(f"{display_name(e)} ({_('no data')})")
            xs.append(None)
            eux.append(None)
            texts.append("")
        colours.append(colour(e))
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=eux,
            y=labels,
            mode="markers",
            name=_("EU27 same year"),
            marker=dict(symbol="diamond", size=13, color=EU_COLOUR),
            hovertemplate="%{y}: " + _("EU27 same year") + " %{x:.1f}%<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=labels,
            mode="markers+text",
            name=_("Economy"),
            text=texts,
            textposition="middle right",
            textfont=dict(size=14),
            cliponaxis=False,
            marker=dict(size=15, color=colours, line=dict(width=1, color="white")),
            customdata=hovers,
            hovertemplate="%{y}: %{x:.1f}%%{customdata}<extra></extra>",
        )
    )
    fig.update_xaxes(range=[0, 105], title=dict(text=unit_title), gridcolor="#e5e5e5")
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=14))
    fig = _layout(fig, height, legend=dict(orientation="h", y=1.08, x=0), margin=dict(l=10, r=30, t=40, b=50))
    return fl.annotate(fig, picked.get("flags"))


def es_dumbbell(gaps: pd.DataFrame, left_name: str, right_name: str, unit_title: str, height: int = 380) -> go.Figure:
    """Two groups per economy (and the EU27 reference, grey, last), each economy at its own year."""
    gaps = _wb6_order(gaps)
    have = set(gaps["economy"].dropna())
    labels, lx, rx, texts, lh, rh = [], [], [], [], [], []
    for r in gaps.itertuples():
        anomaly = ANOMALY_MARK in str(r.note)
        labels.append(f"{area_name(r.geo, r.economy)} ({r.period}){' †' if anomaly else ''}")
        lx.append(float(r.left))
        rx.append(float(r.right))
        lf, rf = getattr(r, "left_flag", ""), getattr(r, "right_flag", "")
        texts.append(fl.mark(f"{r.gap:+.1f} pp", fl.combined(lf, rf), html=True))
        lh.append(fl.hover(lf))
        rh.append(fl.hover(rf))
    for e in ECONOMY_CODES:
        if e not in have:
            labels.insert(ECONOMY_CODES.index(e), f"{display_name(e)} ({_('no data')})")
            lx.insert(ECONOMY_CODES.index(e), None)
            rx.insert(ECONOMY_CODES.index(e), None)
            texts.insert(ECONOMY_CODES.index(e), "")
            lh.insert(ECONOMY_CODES.index(e), "")
            rh.insert(ECONOMY_CODES.index(e), "")
    fig = go.Figure()
    for y, a, b in zip(labels, lx, rx):
        if a is not None:
            fig.add_trace(
                go.Scatter(
                    x=[a, b],
                    y=[y, y],
                    mode="lines",
                    line=dict(color="#bdbdbd", width=3),
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
    fig.add_trace(
        go.Scatter(
            x=rx,
            y=labels,
            mode="markers",
            name=right_name,
            marker=dict(size=14, color=MEN, symbol="circle"),
            customdata=rh,
            hovertemplate="%{y}: " + right_name + " %{x:.1f}%%{customdata}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=lx,
            y=labels,
            mode="markers",
            name=left_name,
            marker=dict(size=14, color=WOMEN, symbol="square"),
            customdata=lh,
            hovertemplate="%{y}: " + left_name + " %{x:.1f}%%{customdata}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[102] * len(labels),
            y=labels,
            mode="text",
            text=texts,
            showlegend=False,
            textposition="middle right",
            textfont=dict(size=14),
            hoverinfo="skip",
            cliponaxis=False,
        )
    )
    fig.update_xaxes(
        range=[0, 118], title=dict(text=unit_title), gridcolor="#e5e5e5", tickvals=[0, 20, 40, 60, 80, 100]
    )
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=14))
    fig = _layout(fig, height, legend=dict(orientation="h", y=1.1, x=0), margin=dict(l=10, r=30, t=40, b=50))
    return fl.annotate(fig, [*gaps.get("left_flag", []), *gaps.get("right_flag", [])])


def es_size_dots(picked: pd.DataFrame, size_labels: dict[str, str], unit_title: str, height: int = 360) -> go.Figure:
    """Enterprises by size class, per economy (each at its own year) and the EU27 reference."""
    picked = _wb6_order(picked)
    fig = go.Figure()
    areas = []
    for (geo, eco), g in picked.groupby(["geo", "economy"], dropna=False, sort=False):
        areas.append((geo, eco, int(g["period"].max()), ANOMALY_MARK in " ".join(g["note"])))
    label_of = {geo: f"{area_name(geo, eco)} ({p}){' †' if a else ''}" for geo, eco, p, a in areas}
    present = {a[1] for a in areas}
    ys_missing = [f"{display_name(e)} ({_('no data')})" for e in ECONOMY_CODES if e not in present]
    order = [label_of[a[0]] for a in areas]
    for code in (HEADLINE_SIZE, *SIZE_CLASSES):
        g = picked[picked["breakdown"] == code]
        fig.add_trace(
            go.Scatter(
                x=_l(g["value"]),
                y=[label_of[x] for x in g["geo"]],
                mode="markers+text",
                text=[fl.letters(f) for f in g.get("flags", [None] * len(g))],  # the flag above its dot
                textposition="top center",
                textfont=dict(size=13, color=fl.LEGEND_COLOUR),
                cliponaxis=False,
                name=size_labels.get(code, code),
                marker=dict(
                    size=15 if code == HEADLINE_SIZE else 12,
                    color=SIZE_COLOURS[code],
                    symbol="line-ns-open" if code == HEADLINE_SIZE else "circle",
                    line=dict(width=3 if code == HEADLINE_SIZE else 0, color=SIZE_COLOURS[code]),
                ),
                customdata=[fl.hover(f) for f in g.get("flags", [None] * len(g))],
                hovertemplate="%{y}: " + size_labels.get(code, code) + " %{x:.1f}%%{customdata}<extra></extra>",
            )
        )
    if ys_missing:
        fig.add_trace(go.Scatter(x=[None] * len(ys_missing), y=ys_missing, mode="markers", showlegend=False))
    fig.update_xaxes(range=[0, 105], title=dict(text=unit_title), gridcolor="#e5e5e5")
    fig.update_yaxes(
        autorange="reversed", tickfont=dict(size=14), categoryorder="array", categoryarray=order + ys_missing
    )
    fig = _layout(
        fig,
        height + 30,
        legend=dict(orientation="h", y=1.02, x=0, yanchor="bottom"),
        margin=dict(l=10, r=30, t=80, b=50),
    )
    return fl.annotate(fig, picked.get("flags"))


def flags_lost(frame: pd.DataFrame) -> bool:
    """Whether the rows come from a copy that lost Eurostat's flags (their note says so; etl/formats/sdmx.py)."""
    return any(FLAGS_LOST_MARK in str(n) for n in frame.get("note", pd.Series(dtype=str)))


def dataset_confidence(obs: pd.DataFrame, dataset: str) -> str:
    """The confidence of a Eurostat dataset's values in the warehouse: 'verified' once fetched from Eurostat's
    own service (python -m etl fetch eurostat), else 'secondary' (a checked copy)."""
    got = set(obs.loc[obs["dataset"] == dataset, "confidence"]) if "dataset" in obs else set()
    return "verified" if got == {"verified"} else "secondary"


def es_export(
    frame: pd.DataFrame, item: str, unit: str, dataset: str, labels: dict[str, str], confidence: str = "secondary"
) -> pd.DataFrame:
    """A download of Eurostat rows with their provenance: source, confidence, and their flags with the flags'
    meaning (or the note that the copy lost them)."""
    out = frame.copy()
    out.insert(0, "area", [area_name(g, e) for g, e in zip(out["geo"], out["economy"])])
    out["breakdown_label"] = [labels.get(b, b) for b in out["breakdown"]] if "breakdown" in out else None
    out["indicator"] = f"{item} ({labels.get(item, item)})"
    out["unit"] = unit
    out["source"] = f"Eurostat ({dataset.replace('eurostat_', '')})"
    out["confidence"] = confidence
    if flags_lost(out):
        out["flags"] = FLAGS_LOST_TEXT
    else:  # the letters as Eurostat gave them, and their meaning in English like every download column
        got = (
            out["flags"] if "flags" in out else [fl.combined(a, b) for a, b in zip(out["left_flag"], out["right_flag"])]
        )
        out["flags"] = [fl.letters(f) for f in got]
        out["flag_meaning"] = [vocab_flag_label(f, translate=False) for f in out["flags"]]
    if "economy" in out:
        out["economy_footnote"] = [KOSOVO_FOOTNOTE if e == "XKX" else "" for e in out["economy"]]
    return out


# --------------------------------------------------------------------------------------------------
# Display tables and page-level figures (pure; used by indicators/views/hygiene.py)
# --------------------------------------------------------------------------------------------------
# The areas of a Eurostat table, in page order: (Eurostat geo, economy code); EU27 last, no economy.
AREAS_SHOWN = tuple(
    (geo, code)
    for geo, code in (("AL", "ALB"), ("BA", "BIH"), ("XK", "XKX"), ("ME", "MNE"), ("MK", "MKD"), ("RS", "SRB"))
) + ((EU_GEO, None),)
MISSING_TEXT = {
    "suppressed": "suppressed",
    "not_assessed": "not available",
    "not_applicable": "not applicable",
    "not_covered": "not covered by the source",
}


def es_size_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Every size class of an area at that area's latest headline (10+ persons employed) year."""
    head = es_pick(rows)
    head = head[head["breakdown"] == HEADLINE_SIZE].set_index("geo")["period"]
    picked = rows[(rows["status"] == "observed") & rows["geo"].isin(head.index)]
    return picked[picked["period"] == picked["geo"].map(head)]


def share_table(est: pd.DataFrame, labels: dict, extra: tuple[tuple[str, str], ...] = ()) -> pd.DataFrame:
    """Display table of survey shares: economy, [extra], question, share (or 'suppressed'), interval, respondents."""
    out = pd.DataFrame({_("Economy"): [display_name(e) for e in est["economy"]]})
    for col, title in extra:
        out[title] = list(est[col])
    out[_("Question")] = [labels.get(q, q) for q in est["question"]]
    out[_("Share")] = [fmt_share(s, st, 1) for s, st in zip(est["share"], est["status"])]
    out[_("95% interval")] = [
        fmt_interval(lo, hi, st) for lo, hi, st in zip(est["ci_low"], est["ci_high"], est["status"])
    ]
    out[_("Respondents")] = [
        format_number(int(n)) if st == "observed" else _("fewer than the minimum")
        for n, st in zip(est["n"], est["status"])
    ]
    return out


def side_text(share, n) -> str:
    """One side of a difference: its share, 'suppressed' (too few respondents) or 'no data' (none)."""
    if pd.isna(n):
        return _("no data")
    return fmt_share(share, "observed" if pd.notna(share) else "suppressed", 1)


def gap_table(gaps: pd.DataFrame, labels: dict, left: str, right: str, key_col: str = "economy") -> pd.DataFrame:
    """Display table of differences (share_1/share_2, n_1/n_2, gap, gap_low/high, status)."""
    names = (
        [display_name(e) for e in gaps["economy"]]
        if key_col == "economy"
        else [labels.get(q, q) for q in gaps[key_col]]
    )
    first = _("Economy") if key_col == "economy" else _("Question")
    return pd.DataFrame(
        {
            first: names,
            left: [side_text(s, n) for s, n in zip(gaps["share_1"], gaps["n_1"])],
            right: [side_text(s, n) for s, n in zip(gaps["share_2"], gaps["n_2"])],
            _("Difference"): [fmt_gap(g, st) for g, st in zip(gaps["gap"], gaps["status"])],
            _("95% interval (pp)"): [
                f"{lo:+.1f} to {hi:+.1f}" if st == "observed" else "—"
                for lo, hi, st in zip(gaps["gap_low"], gaps["gap_high"], gaps["status"])
            ],
        }
    )


def _eco_order(frame: pd.DataFrame) -> pd.Series:
    return frame["economy"].map(lambda e: ECONOMY_CODES.index(e) if e in ECONOMY_CODES else 99)


def context_indicators(catalog) -> list[str]:
    """The Inclusion pillar's context figures (prevalence of online violence against women): catalog
    indicators of the gender family that are not in the pillar score, in catalog order."""
    return [
        i.id
        for i in catalog.indicators.values()
        if i.family == "gender" and i.pillar == "inclusion" and not i.in_pillar_score
    ]


@dataclass(frozen=True)
class TfvawFigures:
    panels: tuple  # (indicator_id, bars frame: label, value, confidence, kind, period)
    table: pd.DataFrame
    sources: pd.DataFrame  # source_id, confidence, source_title, source_url of every figure shown


def tfvaw_figures(obs: pd.DataFrame, catalog, sources: pd.DataFrame, refs: pd.DataFrame | None) -> TfvawFigures:
    """The real (non-synthetic) figures on technology-facilitated violence against women: economies'
    own values and regional reference averages, per context indicator."""
    ids = context_indicators(catalog)
    real = obs[obs["indicator_id"].isin(ids) & (obs["confidence"] != "synthetic")]
    if refs is None:
        refs = pd.DataFrame(
            columns=[
                "area",
                "area_label",
                "indicator_id",
                "label",
                "period",
                "value",
                "confidence",
                "source_id",
                "note",
            ]
        )
    refs = refs[refs["indicator_id"].isin(ids)]
    titles = sources.set_index("source_id")["title"].to_dict()
    panels = []
    for ind_id in ids:
        bars = [
            {
                "label": display_name(r.economy),
                "value": r.value,
                "confidence": r.confidence,
                "kind": "economy",
                "period": r.period,
            }
            for r in real[real["indicator_id"] == ind_id].itertuples()
        ]
        bars += [
            {
                "label": r.area_label,
                "value": r.value,
                "confidence": r.confidence,
                "kind": "reference",
                "period": r.period,
            }
            for r in refs[refs["indicator_id"] == ind_id].itertuples()
        ]
        if bars:
            panels.append((ind_id, pd.DataFrame(bars)))
    rows = [
        {
            _("Area"): display_name(r.economy),
            _("Figure"): catalog.get(r.indicator_id).name,
            _("Year"): r.period,
            _("Value"): f"{r.value:g} %",
            _("Confidence"): _(r.confidence),
            _("Source"): r.source_title,
            _("Note"): r.note,
        }
        for r in real.itertuples()
    ]
    rows += [
        {
            _("Area"): r.area_label,
            _("Figure"): r.label,
            _("Year"): r.period,
            _("Value"): f"{r.value:g} %",
            _("Confidence"): _(r.confidence),
            _("Source"): titles.get(r.source_id, r.source_id),
            _("Note"): r.note,
        }
        for r in refs.itertuples()
    ]
    used = pd.concat([real[["source_id", "confidence"]], refs[["source_id", "confidence"]]], ignore_index=True)
    used = used.merge(
        sources[["source_id", "title", "url"]].rename(columns={"title": "source_title", "url": "source_url"}),
        on="source_id",
        how="left",
    )
    table = pd.DataFrame(
        rows, columns=[_("Area"), _("Figure"), _("Year"), _("Value"), _("Confidence"), _("Source"), _("Note")]
    ).fillna("")
    return TfvawFigures(tuple(panels), table, used)


@dataclass(frozen=True)
class InclusionPillar:
    scores: pd.DataFrame  # per economy: real data only, and with the demonstration survey when there is one
    indicators: pd.DataFrame  # every Inclusion indicator row shown, with value, unit, score, year, confidence
    rows: pd.DataFrame  # the observations behind it (for the sources line)
    has_demo: bool


def _pillar_cell(row) -> str:
    if row["n"] == 0:
        return _("no data")
    if not row["meets_rule"] or pd.isna(row["score"]):
        return _("insufficient data ({n} of {m})").format(n=row["n"], m=row["m"])
    return _("{score} of 100 ({n} of {m} indicators)").format(
        score=format_number(row["score"], 1), n=row["n"], m=row["m"]
    )


def inclusion_pillar(obs: pd.DataFrame, catalog) -> InclusionPillar:
    """The Inclusion pillar as indicators.method.scoring computes it (one call per data choice: real data only,
    and with the demonstration survey only when one feeds the pillar), and its indicator rows."""
    from indicators.method.scoring import STATUS_LABELS, pillar_scores

    ids = [i.id for i in catalog.scored_in("inclusion")]
    mine = obs[obs["indicator_id"].isin(ids)]
    has_demo = bool((mine["confidence"] == "synthetic").any())
    scores = pd.DataFrame({_("Economy"): [display_name(e) for e in ECONOMY_CODES]})
    for title, synthetic in (
        (_("Real data only (score, coverage)"), False),
        (_("With the demonstration survey (score, coverage)"), True),
    ):
        if synthetic and not has_demo:
            continue
        got = pillar_scores(mine, catalog, include_synthetic=synthetic)
        got = got[got["pillar"] == "inclusion"].set_index("economy")
        scores[title] = [_pillar_cell(got.loc[e]) for e in ECONOMY_CODES]
    rows = (
        mine.assign(_i=mine["indicator_id"].map(ids.index), _e=_eco_order(mine))
        .sort_values(["_i", "_e", "period"])
        .drop(columns=["_i", "_e"])
    )
    indicators = pd.DataFrame(
        [
            {
                _("Economy"): display_name(r.economy),
                _("Indicator"): catalog.get(r.indicator_id).name,
                _("Value"): format_number(r.value, 1)
                if r.status == "observed"
                else _(STATUS_LABELS.get(r.status, r.status)),
                _("Unit"): catalog.get(r.indicator_id).unit,
                _("Score (0-100)"): None if pd.isna(r.score) else round(r.score, 1),
                _("Year"): r.period,
                _("Confidence"): _(r.confidence),
            }
            for r in rows.itertuples()
        ]
    )
    return InclusionPillar(scores, indicators, rows, has_demo)


def published_hygiene(obs: pd.DataFrame, catalog) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hygiene figures read in published sources (real rows of the hygiene family) and their display table."""
    fam = {i.id for i in catalog.indicators.values() if i.family == "hygiene"}
    pub = obs[obs["indicator_id"].isin(fam) & (obs["confidence"] != "synthetic")]
    pub = pub.assign(_e=_eco_order(pub)).sort_values(["indicator_id", "period", "_e"]).drop(columns="_e")
    table = pd.DataFrame(
        [
            {
                _("Economy"): display_name(r.economy),
                _("Figure"): catalog.get(r.indicator_id).name,
                _("Year"): r.period,
                _("Value"): f"{r.value:g} %" if r.status == "observed" else _(MISSING_TEXT.get(r.status, r.status)),
                _("Confidence"): _(r.confidence),
                _("Source"): r.source_title,
                _("Note"): r.note,
            }
            for r in pub.itertuples()
        ],
        columns=[_("Economy"), _("Figure"), _("Year"), _("Value"), _("Confidence"), _("Source"), _("Note")],
    ).fillna("")
    return pub, table
