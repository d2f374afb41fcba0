"""Extract: one adapter per raw format, each turning a dataset folder into tidy tables.

A dataset folder holds data files and a ``source.yaml`` sidecar describing them (publisher, title,
URL, licence, as-of date, format, files, and the sources its rows cite). Adapters validate as they
read and return every problem; they never raise on bad data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    import duckdb

from indicators.method.scoring import normalise
from indicators.model import vocabulary
from indicators.model.catalog import Catalog
from indicators.model.catalog_schema import SOURCE_SCHEMA, load_yaml, schema_errors

from .anomalies import apply_anomalies
from .contracts import (
    VALID_SEX,
    VALID_STATUSES,
    Problem,
    check_date,
    check_economy,
    check_provenance,
    control_problem,
    parse_number,
    parse_year,
    read_csv,
    require_columns,
)

SIDECAR = "source.yaml"
SIDECAR_KEYS = (
    "dataset",
    "title",
    "publisher",
    "url",
    "licence",
    "as_of",
    "format",
    "files",
    "sources",
)  # required (schemas/source.schema.json)
OBSERVATION_COLUMNS = list(vocabulary.OBSERVATION_COLUMNS)
# internal_note: research notes ("verify before publishing", repository columns, commit dates). Kept in
# the warehouse for the team; never shown on a page (Warehouse.observations drops it) or exported.


@dataclass
class Extracted:
    """What one dataset contributes to the warehouse."""

    meta: dict
    sources: list[dict] = field(default_factory=list)
    observations: pd.DataFrame | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    input_rows: dict[str, int] = field(default_factory=dict)  # data file -> data rows read
    # Heavy inputs (survey microdata) are loaded inside DuckDB rather than through pandas: each loader
    # gets the new build's connection and folder, creates its tables, writes parquet/<table>.parquet
    # and returns {table: rows}. Loaders run only in a build, never in `check`.
    loaders: list[Callable[[duckdb.DuckDBPyConnection, Path], dict[str, int]]] = field(default_factory=list)
    seconds: float = 0.0  # time spent reading and validating this dataset (the build's stage breakdown)
    cpu_seconds: float = 0.0  # the same in CPU time of the process


def rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def read_sidecar(folder: Path, root: Path, problems: list[Problem], cache=None) -> dict | None:
    """The folder's source.yaml, checked against schemas/source.schema.json (every error at once).

    ``cache`` (the build's ``etl.parse_cache.ParseCache``): a sidecar read cleanly before, with the same
    bytes, label and code, is taken from it (parsed and checked sidecars only; any problem: read again)."""
    path = folder / SIDECAR
    label = rel(path, root)
    if cache is not None and (cached := cache.get_sidecar(path, label)) is not None:
        return cached
    before = len(problems)
    meta = _read_sidecar(path, folder, label, problems)
    if cache is not None and meta is not None and len(problems) == before:
        cache.put_sidecar(path, label, meta)
    return meta


def _read_sidecar(path: Path, folder: Path, label: str, problems: list[Problem]) -> dict | None:
    if not path.is_file():
        problems.append(
            Problem(label, 0, "-", "missing sidecar: every raw folder needs a source.yaml describing its source")
        )
        return None
    if path.is_symlink() or not _inside(path, folder):
        problems.append(Problem(label, 0, "-", "the sidecar is a symbolic link: refused (copy the file instead)"))
        return None
    meta, errors = load_yaml(path, label)
    if not errors and meta is None:
        meta = {}
    if not errors and not isinstance(meta, dict):
        errors = [(label, "(top level)", "a sidecar must be a mapping of keys (dataset, title, ...)")]
    if not errors:
        errors = schema_errors(meta, SOURCE_SCHEMA, label)
    for _file, where, rule in errors:
        if where.startswith("line "):  # a YAML syntax or encoding error: its line, the whole row
            problems.append(Problem(label, int(where[5:]), "-", rule))
        else:
            problems.append(Problem(label, 0, "-" if where == "(top level)" else where, rule))
    if errors:
        return None
    if meta["format"] not in ADAPTERS:
        problems.append(
            Problem(label, 0, "format", f"unknown format '{meta['format']}' (known: {', '.join(sorted(ADAPTERS))})")
        )
        return None
    meta["as_of"] = str(meta["as_of"])
    before = len(problems)
    sidecar_values(meta, label, problems)
    return meta if len(problems) == before else None


def sidecar_values(meta: dict, label: str, problems: list[Problem]) -> None:
    """What the schema cannot say: a real as-of date not after the build date, a licence with text, no address
    with another scheme than http(s) (``javascript:``, ``data:``, ``file:``), no control characters in any text."""
    check_date(str(meta["as_of"]), label, 0, "as_of", problems)
    if not str(meta.get("licence") or "").strip():
        problems.append(Problem(label, 0, "licence", "must name the licence (text, not blank)"))
    urls = [("url", meta.get("url"))]
    for i, src in enumerate(meta.get("sources") or []):
        where = f"sources[{i}] ({src.get('id')})"
        urls.append((f"{where}.url", src.get("url")))
        urls += [(f"{where}.other_urls[{j}]", u) for j, u in enumerate(src.get("other_urls") or [])]
        if src.get("as_of"):
            check_date(str(src["as_of"]), label, 0, f"{where}.as_of", problems)
    for where, url in urls:  # an address, or a plain note such as a generator script's path (shown as text)
        scheme = re.match(r"\s*([A-Za-z][A-Za-z0-9+.-]*):", str(url))
        if scheme and (scheme.group(1).lower() not in ("http", "https") or not re.match(r"https?://[^\s/]", url)):
            problems.append(Problem(label, 0, where, f"only http(s) addresses are allowed, got '{str(url)[:60]}'"))

    def walk(value, where: str) -> None:
        if isinstance(value, str):
            if rule := control_problem(value):
                problems.append(Problem(label, 0, where, rule))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{where}.{k}" if where else str(k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{where}[{i}]")

    walk(meta, "")


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, with every symlink resolved, stays inside ``folder`` (the dataset folder)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def source_rows(meta: dict) -> list[dict]:
    return [
        {
            "source_id": s["id"],
            "dataset": meta["dataset"],
            "title": s["title"],
            "publisher": s.get("publisher") or meta.get("publisher"),
            "url": s.get("url") or meta.get("url"),
            "other_urls": " ; ".join(s.get("other_urls") or []),
            "where_found": s.get("where_found", ""),
            "licence": s.get("licence") or meta.get("licence", ""),
            "as_of": str(meta.get("as_of", "")),
            "dataset_title": meta["title"],
        }
        for s in meta.get("sources") or []
        if isinstance(s, dict) and s.get("id")
    ]


REQUIRED_OBS = ("economy", "indicator_id", "period", "value", "value_text", "status", "confidence", "source_id")
# Every column an observation CSV may have; any other column is refused (a typo such as ``notes``
# would otherwise drop data silently). ``internal_note`` is research-only: never shown or exported.
OBSERVATION_INPUT_COLUMNS = REQUIRED_OBS + (
    "sex",
    "group",
    "preferred",
    "note",
    "anomaly",
    "last_checked",
    "internal_note",
)


def extract_observations_csv(
    folder: Path, meta: dict, catalog: Catalog, root: Path, problems: list[Problem]
) -> Extracted:
    """Tidy observation rows, one per value (the format of every bundled real dataset)."""
    out = Extracted(meta=meta, sources=source_rows(meta))
    known_sources = {s["source_id"] for s in out.sources}
    records: list[dict] = []
    seen: dict[tuple, tuple[str, int]] = {}  # per dataset, across its files: (file, row) of the first
    preferred_seen: dict[tuple, tuple[str, int]] = {}

    def where(first: tuple[str, int], label: str) -> str:
        return f"row {first[1]}" if first[0] == label else f"row {first[1]} of {first[0]}"

    for path, label in data_files(folder, meta, root, problems):
        table = read_csv(path, label, problems, allowed=OBSERVATION_INPUT_COLUMNS)
        if table is None or not require_columns(table, REQUIRED_OBS, label, problems):
            continue
        out.input_rows[label] = len(table.rows)
        for line, r in table.rows:
            rec = _observation(r, line, label, catalog, known_sources, problems)
            if rec is None:
                continue
            key = (rec["economy"], rec["indicator_id"], rec["period"], rec["sex"], rec["group"], rec["source_id"])
            if key in seen:
                problems.append(
                    Problem(
                        label,
                        line,
                        "-",
                        f"duplicate key (economy, indicator_id, period, "
                        f"sex, group, source_id) already on {where(seen[key], label)}",
                    )
                )
                continue
            seen[key] = (label, line)
            if rec["preferred"]:
                pkey = key[:5]
                if pkey in preferred_seen:
                    problems.append(
                        Problem(
                            label,
                            line,
                            "preferred",
                            "two preferred values for the same "
                            f"economy, indicator and period (also {where(preferred_seen[pkey], label)}): "
                            "mark one preferred=false",
                        )
                    )
                    continue
                preferred_seen[pkey] = (label, line)
            rec["dataset"] = meta["dataset"]
            records.append(rec)
    out.observations = pd.DataFrame(records, columns=OBSERVATION_COLUMNS)
    return out


def _observation(
    r: dict, line: int, label: str, catalog: Catalog, known_sources: set[str], problems: list[Problem]
) -> dict | None:
    before = len(problems)
    economy = check_economy(r["economy"], label, line, problems)
    ind = catalog.get(r["indicator_id"])
    if ind is None:
        problems.append(
            Problem(
                label,
                line,
                "indicator_id",
                f"indicator '{r['indicator_id']}' is not in the catalog (indicators/catalog/*.yaml)",
            )
        )
    period = parse_year(r["period"], label, line, "period", problems)
    if period is not None and period > dt.date.today().year:
        problems.append(Problem(label, line, "period", f"period {period} is after the build year"))
    elif period is not None and ind is not None and ind.edition is not None and period > ind.edition:
        problems.append(
            Problem(
                label,
                line,
                "period",
                f"period {period} is after the edition of '{ind.id}' ({ind.edition}): an edition reports its own "
                "year or earlier ones",
            )
        )
    value = parse_number(r["value"], label, line, "value", problems)
    value_text = r["value_text"] or None
    status = r["status"] or "observed"
    if status not in VALID_STATUSES:
        problems.append(
            Problem(label, line, "status", f"unknown status '{status}' (expected {', '.join(VALID_STATUSES)})")
        )
    check_provenance(r, known_sources, label, line, problems)
    sex = r.get("sex") or "total"
    if sex not in VALID_SEX:
        problems.append(Problem(label, line, "sex", f"unknown sex '{sex}' (expected {', '.join(VALID_SEX)})"))
    group = r.get("group") or vocabulary.ALL_GROUPS
    if not vocabulary.is_group_code(group):
        problems.append(Problem(label, line, "group", f"unknown group '{group}' (expected {vocabulary.GROUP_RULE})"))
    last_checked = r.get("last_checked") or None
    if last_checked is not None and check_date(last_checked, label, line, "last_checked", problems) is None:
        last_checked = None
    preferred_text = (r.get("preferred") or "true").lower()
    if preferred_text not in ("true", "false"):
        problems.append(Problem(label, line, "preferred", f"must be true or false, got '{preferred_text}'"))
    if ind is not None and status in VALID_STATUSES:
        if status == "observed":
            if ind.is_categorical and value_text is None:
                problems.append(
                    Problem(
                        label,
                        line,
                        "value_text",
                        f"observed row has no value_text (categories of {ind.id}: {', '.join(ind.categories)})",
                    )
                )
            if not ind.is_categorical and value is None and not r["value"]:
                problems.append(Problem(label, line, "value", "observed row has no value"))
        elif r["value"]:
            problems.append(
                Problem(label, line, "value", f"a '{status}' row must not carry a value: missing is never a number")
            )
        if ind.is_categorical and value_text is not None and value_text not in ind.categories:
            problems.append(
                Problem(
                    label,
                    line,
                    "value_text",
                    f"'{value_text}' is not a category of {ind.id} ({', '.join(ind.categories)})",
                )
            )
        if not ind.is_categorical and value is not None and not ind.min <= value <= ind.max:
            problems.append(
                Problem(
                    label,
                    line,
                    "value",
                    f"{value:g} is outside the declared scale {ind.min:g} to {ind.max:g} of {ind.id}",
                )
            )
    if len(problems) > before:
        return None
    observed = status == "observed"
    return {
        "economy": economy,
        "indicator_id": ind.id,
        "period": period,
        "value": value,
        "value_text": value_text,
        "sex": sex,
        "group": group,
        "status": status,
        "confidence": r["confidence"],
        "source_id": r["source_id"],
        "preferred": preferred_text == "true",
        "note": r.get("note", ""),
        "anomaly": (r.get("anomaly") or "").strip() or None,
        "score": normalise(ind, value, value_text) if observed and not (r.get("anomaly") or "").strip() else None,
        "last_checked": last_checked,
        "internal_note": r.get("internal_note") or None,
    }


Adapter = Callable[[Path, dict, Catalog, Path, list[Problem]], Extracted]
ADAPTERS: dict[str, Adapter] = {"observations_csv": extract_observations_csv}


def register_adapter(name: str, adapter: Adapter) -> None:
    """Formats added by other modules (SDMX-CSV, SIM3 templates, survey microdata) register here."""
    ADAPTERS[name] = adapter


def data_files(folder: Path, meta: dict, root: Path, problems: list[Problem]) -> list[tuple[Path, str]]:
    """The sidecar's data files that exist, with their labels. A listed file that is missing, is not a
    regular file, or leads outside data/raw (``..``, an absolute path, a symlink) is a problem."""
    out = []
    sidecar = rel(folder / SIDECAR, root)
    listed: set[str] = set()
    for name in meta.get("files") or []:
        if str(name) in listed:  # read once: a second reading would repeat every row as a duplicate
            problems.append(Problem(sidecar, 0, "files", f"'{name}' is listed twice: list each file once"))
            continue
        listed.add(str(name))
        path = folder / str(name)
        if Path(str(name)).is_absolute() or ".." in Path(str(name)).parts:
            problems.append(
                Problem(
                    sidecar,
                    0,
                    "files",
                    f"'{name}' leads outside the dataset folder: list files by their name inside the folder",
                )
            )
            continue
        if path.is_symlink() or not _inside(path, folder):
            problems.append(
                Problem(
                    sidecar,
                    0,
                    "files",
                    f"'{name}' is a symbolic link: copy the file into the folder instead (links are refused)",
                )
            )
            continue
        if not path.exists():
            problems.append(Problem(sidecar, 0, "files", f"listed file '{name}' does not exist"))
            continue
        if not path.is_file():
            problems.append(Problem(sidecar, 0, "files", f"'{name}' is not a file"))
            continue
        out.append((path, rel(path, root)))
    for path in unlisted_data_files(folder, meta):
        problems.append(
            Problem(
                rel(path, root),
                0,
                "-",
                f"data file not listed in {SIDECAR}: add it to files (or move it out of the folder); it is not read",
            )
        )
    return out


DATA_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xls", ".json", ".parquet", ".txt.gz", ".zip")


def unlisted_data_files(folder: Path, meta: dict) -> list[Path]:
    """Data files in the dataset folder that the sidecar names nowhere (notes such as EXCLUDED.md are fine)."""
    named = {str(v) for v in meta.values() if isinstance(v, str)}
    named |= {str(v) for v in meta.get("files") or []}
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    return [
        p
        for p in entries
        if p.name not in named and not p.name.startswith(".") and p.name.lower().endswith(DATA_SUFFIXES)
    ]


def extract_folder(folder: Path, catalog: Catalog, root: Path, problems: list[Problem], cache=None) -> Extracted | None:
    if folder.is_symlink():
        problems.append(
            Problem(
                rel(folder, root),
                0,
                "-",
                "dataset folder is a symbolic link: refused (copy the folder into data/raw instead)",
            )
        )
        return None
    meta = read_sidecar(folder, root, problems, cache)
    if (
        meta is None
        or meta.get("format") not in ADAPTERS
        or any(p.file == rel(folder / SIDECAR, root) for p in problems)
    ):
        return None
    meta["_sidecar"] = rel(folder / SIDECAR, root)  # for cross-dataset messages only
    out = ADAPTERS[meta["format"]](folder, meta, catalog, root, problems)
    if out is not None:  # the anomaly flag: shown, never scored (etl/anomalies.py)
        out.observations = apply_anomalies(meta, out.observations)
    return out


from . import formats  # noqa: E402,F401  (registers the additional raw formats)
