"""Stable table URLs and the explorer's "link to this data" snippets. Pure functions, no Streamlit.

Every build publishes its public tables (written by ``etl/publish.py``) into the app's static folder,
which Streamlit serves at ``/app/static/`` when ``server.enableStaticServing`` is on:

    /app/static/data/latest/<table>.csv|.parquet        the current build (moves with every build)
    /app/static/data/builds/<build_id>/<table>.csv|...  one build, never rewritten
    .../datapackage.json                                Frictionless descriptor of the CSVs

What never changes between builds: the table and file names, the column names and their order, the
codes (economy, indicator_id, pillar, status, confidence, sex, group, flag) and each indicator's unit.
What changes: the rows (new values, new sources), the build id, ``source_as_of`` dates.

:func:`snippets` turns the explorer's current filter (:class:`indicators.model.explore.Filters`) into
copy-paste code for pandas, R and DuckDB that reads the stable URL and keeps exactly the rows the
explorer shows, in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from indicators.model.explore import Filters
from indicators.text.i18n import _

STATIC_ROUTE = "app/static"  # Streamlit's route for the app's static/ folder
DATA_FOLDER = "data"  # static/data/ in the app folder
LATEST = "latest"
BUILDS = "builds"
TABLES = ("observations", "indicators", "sources", "pillar_scores", "status")
FORMATS = ("csv", "parquet")
DESCRIPTOR = "datapackage.json"

# Explorer filter key -> the public observations table's column (``source`` matches two columns).
FILTER_COLUMNS = {
    "economy": "economy",
    "pillar": "pillar",
    "indicator": "indicator_id",
    "confidence": "confidence",
    "status": "status",
    "sex": "sex",
    "group": "group",
}


def table_path(table: str, fmt: str = "csv", build_id: str | None = None) -> str:
    """The path of one published file under the app's root URL, e.g. ``app/static/data/latest/sources.csv``."""
    if table != DESCRIPTOR and (table not in TABLES or fmt not in FORMATS):
        raise ValueError(f"not a published table: {table}.{fmt}")
    folder = LATEST if build_id is None else f"{BUILDS}/{build_id}"
    name = table if table == DESCRIPTOR else f"{table}.{fmt}"
    return f"{STATIC_ROUTE}/{DATA_FOLDER}/{folder}/{name}"


def table_url(base_url: str, table: str, fmt: str = "csv", build_id: str | None = None) -> str:
    """The full URL of one published file: ``base_url`` is the app's address (``https://host/``)."""
    return base_url.rstrip("/") + "/" + table_path(table, fmt, build_id)


def _conditions(filters: Filters) -> list[tuple[str, str, tuple]]:
    """(kind, column, values) for each active filter: kind ``in``, ``source`` or ``between``."""
    out: list[tuple[str, str, tuple]] = []
    for key, column in FILTER_COLUMNS.items():
        values = getattr(filters, key)
        if values and key in ("economy", "pillar", "indicator"):
            out.append(("in", column, tuple(values)))
    if filters.source:
        out.append(("source", "source_id", tuple(filters.source)))
    if filters.period is not None:
        out.append(("between", "period", tuple(filters.period)))
    for key in ("confidence", "status", "sex", "group"):
        values = getattr(filters, key)
        if values:
            out.append(("in", FILTER_COLUMNS[key], tuple(values)))
    return out


def _py(values: tuple) -> str:
    return "[" + ", ".join(repr(str(v)) for v in values) + "]"


def _r(values: tuple) -> str:
    return "c(" + ", ".join(_r_str(v) for v in values) + ")"


def _r_str(value) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _sql_str(value) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _sql(values: tuple) -> str:
    return "(" + ", ".join(_sql_str(v) for v in values) + ")"


def pandas_snippet(filters: Filters, url: str) -> str:
    """Python: read the table with pandas and keep the explorer's rows (same order)."""
    lines = [
        "import pandas as pd",
        "",
        f"df = pd.read_csv({url!r}, keep_default_na=False, na_values=[''], low_memory=False)",
    ]
    for kind, column, values in _conditions(filters):
        if kind == "in":
            lines.append(f"df = df[df[{column!r}].isin({_py(values)})]")
        elif kind == "source":
            lines.append(f"df = df[df['source_id'].isin({_py(values)}) | df['dataset'].isin({_py(values)})]")
        else:
            lines.append(f"df = df[df['period'].between({int(values[0])}, {int(values[1])})]")
    return "\n".join(lines)


def r_snippet(filters: Filters, url: str) -> str:
    """R (base): ``read.csv`` and the same filter."""
    lines = [
        f'df <- read.csv({_r_str(url)}, encoding = "UTF-8", na.strings = "", check.names = FALSE,',
        "               stringsAsFactors = FALSE)",
    ]
    for kind, column, values in _conditions(filters):
        if kind == "in":
            lines.append(f"df <- df[df[[{_r_str(column)}]] %in% {_r(values)}, ]")
        elif kind == "source":
            lines.append(f"df <- df[df$source_id %in% {_r(values)} | df$dataset %in% {_r(values)}, ]")
        else:
            lines.append(f"df <- df[df$period >= {int(values[0])} & df$period <= {int(values[1])}, ]")
    return "\n".join(lines)


def duckdb_snippet(filters: Filters, url: str) -> str:
    """DuckDB SQL: ``read_csv`` on the URL (``INSTALL httpfs; LOAD httpfs;`` for http(s)) or a downloaded file."""
    where = []
    for kind, column, values in _conditions(filters):
        if kind == "in":
            where.append(f'"{column}" IN {_sql(values)}')
        elif kind == "source":
            where.append(f"(source_id IN {_sql(values)} OR dataset IN {_sql(values)})")
        else:
            where.append(f"period BETWEEN {int(values[0])} AND {int(values[1])}")
    sql = f"SELECT * FROM read_csv({_sql_str(url)}, header = true)"
    if where:
        sql += "\nWHERE " + "\n  AND ".join(where)
    return sql + ";"


def snippets(filters: Filters, base_url: str, build_id: str | None = None) -> dict[str, str]:
    """Copy-paste code for ``pandas``, ``R`` and ``DuckDB`` applying ``filters`` to the observations table
    of the latest build (or of ``build_id``, whose URL never changes)."""
    url = table_url(base_url, "observations", "csv", build_id)
    return {
        "pandas": pandas_snippet(filters, url),
        "R": r_snippet(filters, url),
        "DuckDB": duckdb_snippet(filters, url),
    }


def app_base(page_url: str | None, base_path: str | None = None) -> str:
    """The app's root address from the address of a page (``st.context.url``) and Streamlit's
    ``server.baseUrlPath``: ``http://host:8501/explorer`` -> ``http://host:8501``."""
    parts = urlsplit(page_url or "")
    if not parts.scheme or not parts.netloc:
        return "http://localhost:8501"
    path = "/" + (base_path or "").strip("/") if (base_path or "").strip("/") else ""
    return f"{parts.scheme}://{parts.netloc}{path}"


@dataclass(frozen=True)
class LinkBlock:
    """What the explorer's "Link to this data" block shows."""

    title: str
    intro: str  # markdown: the stable URLs
    code: tuple[tuple[str, str, str], ...]  # (label, language for highlighting, code)
    note: str


def link_block(filters: Filters, base_url: str, build_id: str | None = None) -> LinkBlock:
    """The explorer's "Link to this data": the stable URLs and the snippets that apply ``filters``."""
    latest = table_url(base_url, "observations", "csv")
    pinned = table_url(base_url, "observations", "csv", build_id) if build_id else None
    intro = _("Scripts can read this table from its stable address: `{url}` (always the latest build).").format(
        url=latest
    )
    if pinned:
        intro += " " + _("This build's copy never changes: `{url}`.").format(url=pinned)
    intro += " " + _(
        "Parquet: the same address ending in `.parquet`. The code below applies the filter of this page and "
        "returns the rows shown above."
    )
    code = snippets(filters, base_url)
    return LinkBlock(
        title=_("Link to this data (pandas, R, DuckDB)"),
        intro=intro,
        code=(("pandas", "python", code["pandas"]), ("R", "r", code["R"]), ("DuckDB", "sql", code["DuckDB"])),
        note=_(
            "Rows with confidence `synthetic` are demonstration data, not measurements. Column names, codes "
            "and units stay the same from build to build; the rows change. DuckDB reads an `http(s)` address "
            "after `INSTALL httpfs; LOAD httpfs;` or a downloaded file."
        ),
    )


def stability_text() -> str:
    """What changes between builds and what never does (methodology page, docs/data-urls.md)."""
    return (
        _(
            "Each build publishes `observations`, `indicators`, `sources`, `pillar_scores` and `status` as CSV "
            "(UTF-8, formula-safe) and Parquet, with a `datapackage.json` that describes them. The address under "
            "`latest/` always serves the newest build; the address under `builds/<build id>/` never changes and its "
            "files are never rewritten. Between builds the rows change (new values, new sources, corrections); the "
            "table names, the column names and their order, the codes (`economy`, `indicator_id`, `pillar`, "
            "`status`, `confidence`, `sex`, `group`, `flag`) and each indicator's unit do not. Rows with confidence "
            "`synthetic` are demonstration data and are marked as such."
        )
        + " "
        + _(
            "A new column is only ever added at the end of a table. A build's own addresses answer as long as the "
            "build is kept in the archive, and 404 once it has been removed from it."
        )
    )


def url_rows(build_id: str | None = None) -> list[tuple[str, str, str]]:
    """(table, CSV path, Parquet path) under the app's address, for the latest build or ``build_id``."""
    return [(t, "/" + table_path(t, "csv", build_id), "/" + table_path(t, "parquet", build_id)) for t in TABLES]
