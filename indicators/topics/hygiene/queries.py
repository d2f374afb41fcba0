"""Survey estimates in DuckDB: SQL building blocks, the ``survey_cells`` aggregate the ETL writes, weighted
shares with 95% intervals, female-male and vulnerable-group differences, and the survey metadata tables
(written by etl/formats/survey.py). The method: :mod:`indicators.topics.hygiene`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from indicators.topics.hygiene.stats import DEFAULT_MIN_N, Z95, Query


def ident(name: str) -> str:
    """Quote a column name for SQL (names come from validated headers, never from the URL)."""
    return '"' + str(name).replace('"', '""') + '"'


def wide_sums_sql(questions: Sequence[str], weight: str = "weight") -> str:
    """Per question: n answered, sum of weights, sum of squared weights, weighted yes (NULL-free).

    Written as products with 0/1 rather than ``FILTER`` clauses: about 3x less CPU in DuckDB 2.0 for
    twenty questions on a million rows. Each 0/1 factor is one cast straight to DOUBLE (an answer that is
    NULL stays NULL and ``sum`` leaves it out), not BOOLEAN -> TINYINT -> DOUBLE: one vector operation
    fewer per product (0-12 % less CPU for the whole grouped pass, depending on the run: see
    docs/performance.md, h26survey)."""
    parts = []
    for q in questions:
        c = ident(q)
        answered = f"CAST({c} IS NOT NULL AS DOUBLE)"
        parts += [
            f"count({c}) AS {ident('n__' + q)}",
            f"sum({weight} * {answered}) AS {ident('sw__' + q)}",
            f"sum({weight} * {weight} * {answered}) AS {ident('sw2__' + q)}",
            f"coalesce(sum({weight} * CAST({c} AS DOUBLE)), 0) AS {ident('swy__' + q)}",
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
    result to one row per question, then one breakdown at a time: 'all', 'age_band', 'area' and each flag.

    One statement (the reshaped pass a materialised CTE), not three tables made and dropped: on a small file
    (the bundled 24,000 respondents) each statement is mostly DuckDB's planning, and this takes about a fifth
    less CPU, with the same sums to the last bit; at 1M respondents it is as fast (see docs/performance.md,
    h27survey)."""
    keys = ", ".join(ident(k) for k in ("dataset", "economy", "year", "sex", "age_band", "area", *flags))
    fine = f"SELECT {keys}, {wide_sums_sql(questions)} FROM {relation} GROUP BY ALL"
    parts = [
        f"SELECT dataset, CAST(economy AS VARCHAR) AS economy, year, CAST(sex AS VARCHAR) AS sex, "
        f"'{d}' AS dim, {dim_expr(d)} AS value, question, CAST(sum(n) AS BIGINT) AS n, sum(sw) AS sw, "
        "sum(sw2) AS sw2, sum(swy) AS swy FROM fine_long GROUP BY ALL"
        for d in ("all", "age_band", "area", *flags)
    ]
    con.execute(
        f"CREATE OR REPLACE TABLE survey_cells AS WITH fine_long AS MATERIALIZED ({unpivot_sql(fine, questions)}) "
        + " UNION ALL ".join(parts),
        params,
    )


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


def _estimate_sql(relation: str, keys: str, min_n: int) -> str:
    """share, interval and status columns from summed n, sw, sw2, swy (percent, Wilson on Kish n_eff).

    Written in layers (p and n_eff, then the Wilson centre and half-width, then the columns) rather than
    as one expression repeating p and n_eff a dozen times: planning, not the few hundred rows, is most of
    a view's query, and the smaller tree takes 15-20 % less CPU per view query (measured interleaved)."""
    z = repr(Z95)
    ok = f"(n >= {int(min_n)} AND sw > 0)"
    return (
        f"e1 AS (SELECT *, swy / sw AS _p, sw * sw / sw2 AS _m, {ok} AS _ok FROM {relation}), "
        f"e2 AS (SELECT *, (_p + {z}*{z} / (2 * _m)) / (1 + {z}*{z} / _m) AS _c, "
        f"{z} * sqrt(_p * (1 - _p) / _m + {z}*{z} / (4 * _m * _m)) / (1 + {z}*{z} / _m) AS _h FROM e1) "
        f"SELECT {keys}, n, CASE WHEN _ok THEN 100 * _p END AS share, "
        "CASE WHEN _ok THEN 100 * greatest(0, _c - _h) END AS ci_low, "
        "CASE WHEN _ok THEN 100 * least(1, _c + _h) END AS ci_high, "
        "CASE WHEN _ok THEN _m END AS n_eff, "
        "CASE WHEN _ok THEN 'observed' ELSE 'suppressed' END AS status FROM e2"
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
    keys = f"economy, year, {sex_key}dim, value, question"
    sql = (
        f"WITH c AS ({cells}), agg AS (SELECT {keys}, CAST(sum(n) AS BIGINT) AS n, sum(sw) AS sw, "
        f"sum(sw2) AS sw2, sum(swy) AS swy FROM c GROUP BY ALL), {_estimate_sql('agg', keys, min_n)} ORDER BY ALL"
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
    """Join the estimates of two groups (``split_col`` = left / right) and add Newcombe's interval. The
    estimates are computed once (MATERIALIZED) for both sides."""
    return (
        f"WITH e AS MATERIALIZED ({inner}), a AS (SELECT * FROM e WHERE {split_col} = '{left}'), "
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
