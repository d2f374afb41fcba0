"""Format ``survey_microdata``: respondent-level cyber-hygiene survey files, validated and loaded in DuckDB.

One row per respondent (layout: ``data/templates/survey_microdata_template.csv``, documented in
``data/templates/README-survey.md``): ``respondent_id, economy, year, weight, sex, age_band, area``,
then ``vg_<group>`` flags (yes/no/empty) and ``q_<question>`` answers (yes/no/empty = not answered).
The sidecar describes every question and group, the survey's confidence and its minimum cell size.

How a file is read, so that a million rows take about a second and little memory:

1. **One pass over the CSV in DuckDB** (never through pandas): its reader converts answers and flags to
   BOOLEAN (yes/no; y/n, true/false and 1/0 read the same; empty = not answered), the weight to DOUBLE
   and the year to SMALLINT, and writes the typed rows straight to a Parquet file next to the builds,
   on both cores (row order is not kept: the respondent file is a set, identified by respondent_id).
   A value it cannot convert, and a ragged or badly quoted row, is rejected and kept in DuckDB's reject
   table with its file line and column.
2. **Validation** of the text columns (economy code, sex, age band, area), of the weight's sign, the
   year's range and duplicate respondent ids runs on that Parquet file (columnar, fast). Only when
   something is wrong, a plain Python scan of the CSV finds the line number and the raw text of the first
   offending rows, so each problem reads ``file:row:column: rule``; for that the file is written once
   more in the CSV's order, and blank lines, quoted line breaks and rejected rows are counted exactly as
   the reader counts them.
3. **Aggregates** are computed from the typed file in one grouped pass (wide sums per group, then
   reshaped to one row per question): ``survey_cells`` (what the hygiene views sum) and the tidy
   observations for the catalog's survey indicators (shares, gender gaps, Inclusion indicators).
4. **Load** (in the build only, via ``Extracted.loaders``): the typed file is moved into the new build as
   ``parquet/survey_responses.parquet``. The respondent table is not copied into ``cyber.duckdb``: views
   read the aggregates, and ad-hoc queries read the Parquet file.
5. **Reuse**: a clean file's work (the typed Parquet file, the tables, the observations) is kept under
   ``data/builds/.survey-cache/<dataset>/`` and taken again by the next build when the file's sha256, its
   sidecar, the catalog, the code and the library versions are all unchanged (see :data:`CACHE_DIR`); a
   file with any problem is read in full every time.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import threading
import uuid
import weakref
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow
import pyarrow.parquet as pq

from indicators.method.scoring import normalise
from indicators.model.catalog import Catalog
from indicators.model.economies import CODE_ALIASES, ECONOMY_CODES
from indicators.model.paths import PROJECT_ROOT
from indicators.model.warehouse import file_sha256
from indicators.topics.hygiene import queries as hq
from indicators.topics.hygiene import stats as hs

from ..contracts import DECIMAL_COMMA, VALID_CONFIDENCE, Problem, utf8_error
from ..extract import OBSERVATION_COLUMNS, SIDECAR, Extracted, data_files, register_adapter, rel, source_rows

FORMAT = "survey_microdata"
REQUIRED = ("respondent_id", "economy", "year", "weight", "sex", "age_band", "area")
KINDS = ("practice", "incident")
MAX_LISTED = 20  # rows listed per rule; the total is reported in one more line
# Row order is not kept on the fast path: with it, DuckDB writes the Parquet file on one thread (about
# twice the wall time on two cores). Only when a problem must be located is the file written again in
# the CSV's order, so that a Parquet row number maps to a CSV line.
DUCKDB_CONFIG = {"threads": 2, "memory_limit": "400MB", "preserve_insertion_order": False}
CSV_OPTIONS = (
    "header=true, delim=',', quote='\"', escape='\"', strict_mode=true, null_padding=false, "
    "auto_detect=false, store_rejects=true"
)
RESPONSES_PARQUET = "survey_responses.parquet"
# Small dictionaries only: the code columns (economy, sex, age band, area) stay dictionary-encoded, while
# DuckDB gives up at once on the unique respondent ids instead of building a dictionary per row group
# (about 0.35 s of CPU less per million rows).
DICTIONARY_LIMIT = 4096
CAST_VALUE = re.compile(r'Could not convert string "(.*)" to')


def _lit(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _answer_rule(raw: str) -> str:
    return f"answer must be yes or no (empty = not answered), got '{raw}'"


def _year_rule(raw: str) -> str:
    return f"must be a year between 1990 and 2100, got '{raw}'"


def _read_types(header: list[str]) -> dict[str, str]:
    """Types the CSV reader converts to (its own fast parsers; a value it cannot convert is rejected
    with its line and column): answers and flags BOOLEAN (yes/no, also y/n, true/false, 1/0; empty =
    not answered), weight DOUBLE, year SMALLINT, the rest text checked afterwards."""
    types = {h: "VARCHAR" for h in header}
    types.update(weight="DOUBLE", year="SMALLINT")
    types.update({h: "BOOLEAN" for h in header if h.startswith(("q_", "vg_"))})
    return types


def _select(header: list[str], dataset: str) -> str:
    eco = "CASE upper(economy) " + " ".join(f"WHEN {_lit(k)} THEN {_lit(v)}" for k, v in CODE_ALIASES.items()) + " END"
    rest = ", ".join(hq.ident(h) for h in header if h.startswith(("vg_", "q_")))
    return (
        f"{_lit(dataset)} AS dataset, respondent_id, {eco} AS economy, year, weight, lower(sex) AS sex, "
        f"age_band, lower(area) AS area, {rest}"
    )


def _value_rules(age_bands: list[str]) -> list[tuple[str, str, object]]:
    """(column, SQL test on the typed staging file, rule text from the raw value) for the text columns."""
    sexes = ", ".join(_lit(x) for x in hs.SEXES)
    ages = ", ".join(_lit(x) for x in age_bands)
    areas = ", ".join(_lit(x) for x in hs.AREAS)
    return [
        (
            "respondent_id",
            "respondent_id IS NULL",
            lambda raw: "respondent_id is empty: every respondent needs an identifier",
        ),
        (
            "economy",
            "economy IS NULL",
            lambda raw: f"unknown economy code '{raw}' (expected {', '.join(ECONOMY_CODES)}; XK is accepted for XKX)",
        ),
        ("year", "year IS NULL OR year NOT BETWEEN 1990 AND 2100", _year_rule),
        ("weight", "weight IS NULL OR NOT (weight > 0 AND isfinite(weight))", lambda raw: _weight_rule(raw)),
        (
            "sex",
            f"sex IS NULL OR sex NOT IN ({sexes})",
            lambda raw: f"unknown sex '{raw}' (expected {', '.join(hs.SEXES)})",
        ),
        (
            "age_band",
            f"age_band IS NULL OR age_band NOT IN ({ages})",
            lambda raw: f"unknown age band '{raw}' (expected {', '.join(age_bands)})",
        ),
        (
            "area",
            f"area IS NULL OR area NOT IN ({areas})",
            lambda raw: f"unknown area '{raw}' (expected {', '.join(hs.AREAS)})",
        ),
    ]


def _weight_rule(raw: str) -> str:
    if DECIMAL_COMMA.match(raw or ""):
        return f"decimal comma in '{raw}': write '{raw.replace(',', '.')}' (decimal point)"
    if raw == "":
        return "weight is empty: every respondent needs a survey weight"
    try:
        float(raw)
    except ValueError:
        return f"weight is not a number: '{raw}'"
    return f"weight must be a finite number greater than 0, got '{raw}'"


MAX_HEADER_CHARS = 64 * 1024
FIRST_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


def _not_utf8(path: Path, label: str, problems: list[Problem]) -> bool:
    """Report the byte-accurate line of the first byte that is not UTF-8, if there is one."""
    bad = utf8_error(path)
    if bad is not None:
        problems.append(
            Problem(label, bad[0], "-", f"not valid UTF-8 text (byte 0x{bad[1]:02x}); save the file as UTF-8")
        )
    return bad is not None


def _header(path: Path, label: str, problems: list[Problem]) -> list[str] | None:
    # Only the header line is decoded here; the rest of the file is checked by DuckDB's reader as it
    # reads (an invalid byte is rejected as INVALID ENCODING), and only then scanned by utf8_error for
    # the exact line and byte (a scan of every byte cost 0.2 s of CPU per million respondents).
    with open(path, "rb") as fh:
        raw = fh.readline(4 * MAX_HEADER_CHARS + 1)  # a character is at most 4 bytes in UTF-8
    too_long = len(raw) > 4 * MAX_HEADER_CHARS
    try:
        text = "" if too_long else raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        _not_utf8(path, label, problems)
        return None
    first = FIRST_LINE.match(text).group(0)  # a line ends at \n, \r\n or \r, as a text-mode reader splits it
    if not too_long and not first.strip():
        problems.append(Problem(label, 0, "-", "empty file: expected a header row and data rows"))
        return None
    if too_long or len(first) > MAX_HEADER_CHARS:
        problems.append(
            Problem(
                label,
                1,
                "-",
                f"the header line is longer than {MAX_HEADER_CHARS:,} characters: "
                "is this a respondent CSV with one row per line?",
            )
        )
        return None
    try:
        header = [h.strip() for h in next(csv.reader([first], strict=True))]
    except csv.Error as err:
        problems.append(Problem(label, 1, "-", f"cannot read the header: {err}"))
        return None
    before = len(problems)
    for col in REQUIRED:
        if col not in header:
            problems.append(Problem(label, 1, col, "required column missing"))
    seen = set()
    for col in header:
        if col in seen:
            problems.append(Problem(label, 1, col, "column appears twice in the header"))
        seen.add(col)
        if col not in REQUIRED and not re.fullmatch(r"(q|vg)_[a-z0-9_]+", col):
            problems.append(
                Problem(
                    label,
                    1,
                    col,
                    "unknown column: expected the template's columns, "
                    "vg_<group> flags or q_<question> answers (lower case)",
                )
            )
    if not any(h.startswith("q_") for h in header):
        problems.append(Problem(label, 1, "q_*", "no question column: at least one q_<question> is needed"))
    return header if len(problems) == before else None


def _sidecar_checks(
    meta: dict, header: list[str], catalog: Catalog, sidecar: str, problems: list[Problem]
) -> tuple[dict, dict, int, str]:
    questions = meta.get("questions") or {}
    groups = meta.get("groups") or {}
    confidence = meta.get("confidence")
    if confidence not in VALID_CONFIDENCE:
        problems.append(
            Problem(
                sidecar,
                0,
                "confidence",
                f"a survey needs confidence ({', '.join(VALID_CONFIDENCE)}), got '{confidence}'",
            )
        )
    min_n = meta.get("min_n", hs.DEFAULT_MIN_N)
    if not isinstance(min_n, int) or isinstance(min_n, bool) or min_n < 1:
        problems.append(Problem(sidecar, 0, "min_n", f"minimum cell size must be a whole number >= 1, got '{min_n}'"))
        min_n = hs.DEFAULT_MIN_N
    if len(meta.get("files") or []) != 1:
        problems.append(
            Problem(
                sidecar,
                0,
                "files",
                "a survey dataset holds exactly one respondent file "
                "(put several years in one file, with the year column)",
            )
        )
    for col in header:
        if col.startswith("q_"):
            q = questions.get(col)
            if not isinstance(q, dict) or not q.get("label"):
                problems.append(
                    Problem(
                        sidecar,
                        0,
                        f"questions.{col}",
                        "question not described: give it a label and a kind (practice or incident)",
                    )
                )
            elif q.get("kind") not in KINDS:
                problems.append(
                    Problem(
                        sidecar,
                        0,
                        f"questions.{col}.kind",
                        f"kind must be one of {', '.join(KINDS)}, got '{q.get('kind')}'",
                    )
                )
        if col.startswith("vg_") and not (isinstance(groups.get(col), dict) and groups[col].get("label")):
            problems.append(Problem(sidecar, 0, f"groups.{col}", "vulnerable group not described: give it a label"))
    for key in questions:
        if key not in header:
            problems.append(Problem(sidecar, 0, f"questions.{key}", "described question is not a column of the file"))
    for key in groups:
        if key not in header:
            problems.append(Problem(sidecar, 0, f"groups.{key}", "described group is not a column of the file"))
    for key, q in questions.items():
        for role in ("share_indicator", "gap_indicator"):
            if isinstance(q, dict) and q.get(role) and catalog.get(q[role]) is None:
                problems.append(
                    Problem(
                        sidecar,
                        0,
                        f"questions.{key}.{role}",
                        f"indicator '{q[role]}' is not in the catalog (indicators/catalog/*.yaml)",
                    )
                )
    for role, spec in (meta.get("inclusion_indicators") or {}).items():
        ind_id = spec.get("indicator") if isinstance(spec, dict) else spec
        if catalog.get(ind_id) is None:
            problems.append(
                Problem(
                    sidecar,
                    0,
                    f"inclusion_indicators.{role}",
                    f"indicator '{ind_id}' is not in the catalog (indicators/catalog/*.yaml)",
                )
            )
    sources = meta.get("sources") or []
    source_id = sources[0]["id"] if sources and isinstance(sources[0], dict) and sources[0].get("id") else ""
    return questions, groups, min_n, source_id


def _staging_dir(root: Path, dataset: str) -> Path:
    builds = Path(root) / "builds"
    try:
        builds.mkdir(parents=True, exist_ok=True)
        path = builds / f".tmp-survey-{dataset}-{uuid.uuid4().hex[:8]}"
        path.mkdir()
    except OSError:  # a read-only data folder (`etl check` on a deployment): stage in the system temp
        import tempfile

        path = Path(tempfile.mkdtemp(prefix=f"cyber-survey-{dataset}-"))
    return path


def _connect(stage: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(config={**DUCKDB_CONFIG, "temp_directory": str(stage / "spill")})


def _locate(path: Path, wanted: set[int], skip_lines: set[int] = frozenset()) -> dict[int, tuple[int, list[str]]]:
    """Line number and raw cells of the wanted records of the staging file (0-based). Records are counted
    as DuckDB reads them: blank lines are skipped, and so are the rows it rejected (``skip_lines``)."""
    found: dict[int, tuple[int, list[str]]] = {}
    if not wanted:
        return found
    last = max(wanted)
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
        reader = csv.reader(fh)
        next(reader, None)
        start, idx = reader.line_num + 1, 0
        for record in reader:
            line, start = start, reader.line_num + 1
            if not record or line in skip_lines:
                continue
            if idx in wanted:
                found[idx] = (line, record)
            idx += 1
            if idx > last:
                break
    return found


# The work on a clean respondent file (the typed Parquet file, survey_cells and the other tables, the
# observations) is kept under data/builds/.survey-cache/<dataset>/ and reused by the next build when the file's
# content (sha256), its sidecar, the catalog, the code that turns them into tables (every module of etl/ and
# indicators/, as the public tables' key) and the library versions are all the same: a rebuild after editing
# another dataset then hashes the respondent file instead of reading it. The Parquet file is a hard link shared
# with the build that made it (no second copy on disk). Only a file without any problem is kept; a file with
# problems is read in full every time, so its messages are always those of the full reading.
CACHE_DIR = ".survey-cache"
CACHE_VERSION = "survey-cache 1"
# Set by the build: False reads every respondent file in full and keeps nothing (a build without caches, as a
# fresh clone gets: ``python -m etl build --no-cache``); DIGEST, the build's sha256 of an input file when it
# has one (each file hashed once per build), else file_sha256.
REUSE: ContextVar[bool] = ContextVar("survey_reuse", default=True)
DIGEST: ContextVar[Callable[[Path], str] | None] = ContextVar("survey_digest", default=None)
CODE_DIRS = ("etl", "indicators")
CACHED_TABLES = ("survey_cells", "survey_datasets", "survey_questions", "survey_groups")
_code_digest: list[str] = []


def _code_key() -> str:
    """sha256 of the code a survey's tables are made by (every .py file of etl/ and indicators/), once per
    process."""
    if not _code_digest:
        digest = hashlib.sha256()
        for folder in CODE_DIRS:
            for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
                digest.update(path.relative_to(PROJECT_ROOT).as_posix().encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
        _code_digest.append(digest.hexdigest())
    return _code_digest[0]


def cache_key(file_digest: str, label: str, meta: dict, catalog: Catalog) -> str:
    """What a clean respondent file's tables are a function of (see :data:`CACHE_DIR`), from the file's
    sha256 (:func:`file_sha256`)."""
    digest = hashlib.sha256()
    for part in (
        CACHE_VERSION,
        label,
        file_digest,
        json.dumps(meta, sort_keys=True, default=str),
        repr(catalog),
        _code_key(),
        f"duckdb {duckdb.__version__} pandas {pd.__version__} pyarrow {pyarrow.__version__}",
    ):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _in_background(fn, *args) -> Callable[[], object]:
    """Run ``fn(*args)`` in a thread (hashlib lets go of the GIL while it hashes); the returned callable waits
    for its result."""
    box: list = []
    thread = threading.Thread(target=lambda: box.append(fn(*args)), daemon=True)
    thread.start()

    def result():
        thread.join()
        if not box:
            raise OSError("the respondent file could not be hashed")
        return box[0]

    return result


def _cache_folder(root: Path, dataset: str) -> Path:
    return Path(root) / "builds" / CACHE_DIR / dataset


def _cache_info(root: Path, dataset: str) -> dict:
    try:
        return json.loads((_cache_folder(root, dataset) / "info.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _cached(root: Path, dataset: str, key: str, info: dict) -> tuple[dict, pd.DataFrame, dict, Path] | None:
    """The tables, observations, info and respondent Parquet file kept for ``key``, or None (no entry, another
    key, or an entry that cannot be read whole: then the file is read in full)."""
    folder = _cache_folder(root, dataset)
    try:
        if info.get("key") != key:
            return None
        responses = folder / RESPONSES_PARQUET
        if responses.stat().st_size != info["parquet_bytes"]:
            return None
        tables = {name: _read_parquet(folder / f"{name}.parquet") for name in CACHED_TABLES}
        obs = _read_parquet(folder / "observations.parquet")
    except (OSError, ValueError, KeyError, pyarrow.ArrowException):
        return None
    return tables, obs, info, responses


def _read_parquet(path: Path) -> pd.DataFrame:
    """``pd.read_parquet(path)`` (the same frame, dtypes included) without ``pyarrow.parquet.read_table``, which
    imports ``pyarrow.dataset`` (about 30-50 ms of a rebuild's start-up) for a single file."""
    with pq.ParquetFile(path) as fh:
        return fh.read().to_pandas()


def _linked(root: Path, dataset: str, responses: Path) -> Path | None:
    """A hard link (a copy where links cannot be made) to the kept respondent file in a new staging folder, or
    None when it has gone (then the file is read in full)."""
    stage = _staging_dir(root, dataset)
    try:
        try:
            os.link(responses, stage / RESPONSES_PARQUET)
        except OSError:
            shutil.copyfile(responses, stage / RESPONSES_PARQUET)
    except OSError:
        shutil.rmtree(stage, ignore_errors=True)
        return None
    return stage / RESPONSES_PARQUET


def _keep(root: Path, dataset: str, key: str, staged: Path, tables: dict, obs: pd.DataFrame, info: dict) -> None:
    """Keep a clean file's work for the next build (best effort: a folder that cannot be written, or a file
    system without hard links, only means no reuse)."""
    cache = _cache_folder(root, dataset)
    tmp = cache.parent / f".tmp-{dataset}-{uuid.uuid4().hex[:8]}"
    try:
        tmp.mkdir(parents=True)
        os.link(staged, tmp / RESPONSES_PARQUET)
        for name in CACHED_TABLES:
            tables[name].to_parquet(tmp / f"{name}.parquet", index=False)
        obs.to_parquet(tmp / "observations.parquet", index=False)
        info = {**info, "key": key, "parquet_bytes": staged.stat().st_size}
        (tmp / "info.json").write_text(json.dumps(info, indent=1), encoding="utf-8")
        old = cache.parent / f".old-{dataset}-{uuid.uuid4().hex[:8]}"
        if cache.exists():
            os.rename(cache, old)
        os.rename(tmp, cache)
        shutil.rmtree(old, ignore_errors=True)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)


def extract_survey(folder: Path, meta: dict, catalog: Catalog, root: Path, problems: list[Problem]) -> Extracted:
    out = Extracted(meta=meta, sources=source_rows(meta))
    sidecar = rel(folder / SIDECAR, root)
    found = data_files(folder, meta, root, problems)  # refuses links and paths leading out of the folder
    if len(found) != 1:
        if len(meta.get("files") or []) > 1:
            problems.append(
                Problem(
                    sidecar,
                    0,
                    "files",
                    "a survey dataset holds exactly one respondent file "
                    "(put several years in one file, with the year column)",
                )
            )
        return out
    path, label = found[0]
    header = _header(path, label, problems)
    if header is None:
        return out
    before = len(problems)
    questions, groups, min_n, source_id = _sidecar_checks(meta, header, catalog, sidecar, problems)
    age_bands = [str(a) for a in (meta.get("age_bands") or hs.DEFAULT_AGE_BANDS)]
    if len(problems) > before:
        return out
    reuse, digest = REUSE.get(), DIGEST.get() or file_sha256
    info, size = _cache_info(root, meta["dataset"]) if reuse else {}, path.stat().st_size
    if info.get("file_bytes") == size:  # same size as the file kept: hash it first, it may be the same
        key = cache_key(digest(path), label, meta, catalog)
        hit = _cached(root, meta["dataset"], key, info)
        staged = _linked(root, meta["dataset"], hit[3]) if hit is not None else None
        if staged is not None:  # a private link: the kept entry may be replaced by another build meanwhile
            out.tables, out.observations, info = hit[:3]
            out.input_rows[label] = int(info["input_rows"])
            weakref.finalize(out, shutil.rmtree, staged.parent, True)
            out.loaders.append(_loader(staged.parent, staged))
            return out
        pending_key = lambda: key  # noqa: E731
    elif reuse:  # another file: its key is needed only to keep its work, so it is hashed while DuckDB reads it
        pending_key = _in_background(lambda: cache_key(digest(path), label, meta, catalog))
    else:  # nothing kept (--no-cache): the build hashes the file for its manifest anyway, so that is done (once,
        # through the build's DIGEST) while DuckDB reads, not afterwards on one core (0.1 s of CPU per million rows)
        build_digest = DIGEST.get()
        hashed = _in_background(build_digest, path) if build_digest is not None else None

        def pending_key() -> None:  # waits for the build's digest; no key, as nothing is kept
            if hashed is not None:
                hashed()

    stage = _staging_dir(root, meta["dataset"])
    weakref.finalize(out, shutil.rmtree, stage, True)
    con = _connect(stage)
    try:
        staged = stage / RESPONSES_PARQUET
        types = _read_types(header)
        columns = "{" + ", ".join(f"{_lit(h)}: {_lit(types[h])}" for h in header) + "}"
        # One pass over the CSV: typed, checked, written as the respondent Parquet file of the build.
        sql = (
            f"COPY (SELECT {_select(header, meta['dataset'])} FROM read_csv(?, {CSV_OPTIONS}, columns={columns})) "
            f"TO ? (FORMAT parquet, DICTIONARY_SIZE_LIMIT {DICTIONARY_LIMIT})"
        )

        def in_file_order() -> Path:
            ordered = stage / "in_file_order.parquet"
            con.execute("SET preserve_insertion_order = true")
            con.execute(sql, [str(path), str(ordered)])
            return ordered

        try:
            con.execute(sql, [str(path), str(staged)])
        except duckdb.Error as err:
            if _not_utf8(path, label, problems):
                return out
            text = str(err)
            m = re.search(r"[Ll]ine:? (\d+)", text)
            problems.append(
                Problem(label, int(m.group(1)) if m else 0, "-", "cannot read the CSV: " + text.splitlines()[0][:200])
            )
            return out
        encoding = con.execute("SELECT count(*) FROM reject_errors WHERE error_type = 'INVALID ENCODING'").fetchall()
        if encoding[0][0] and _not_utf8(path, label, problems):
            return out
        rows = con.execute("SELECT count(*) FROM read_parquet(?)", [str(staged)]).fetchall()[0][0]
        rejected = _rejected_rows(con, label, problems)
        out.input_rows[label] = int(rows) + len(rejected)
        if rows == 0 and not rejected:
            problems.append(Problem(label, 1, "-", "header only: the file has no data rows"))
            return out
        if not _value_problems(con, staged, rows, in_file_order, path, label, header, age_bands, rejected, problems):
            return out
        out.tables, out.observations = _aggregate(
            con, staged, meta, header, questions, groups, age_bands, min_n, source_id, catalog, int(rows)
        )
    finally:
        con.close()
    try:
        key = pending_key()
    except OSError:
        key = None
    if key is not None:
        kept = {"input_rows": out.input_rows[label], "file_bytes": size}
        _keep(root, meta["dataset"], key, staged, out.tables, out.observations, kept)
    out.loaders.append(_loader(stage, staged))
    return out


def _rejected_rows(con, label: str, problems: list[Problem]) -> set[int]:
    """Rows the CSV reader could not convert or split, reported per column (first MAX_LISTED per column)."""
    rejects = con.execute(
        "SELECT line, column_name, error_type, error_message FROM reject_errors ORDER BY line, column_idx"
    ).fetchall()
    by_column: dict[str, int] = {}
    for line, column, etype, message in rejects:
        column = column or "-"
        by_column[column] = by_column.get(column, 0) + 1
        if by_column[column] > MAX_LISTED:
            continue
        m = CAST_VALUE.search(message or "")
        if etype == "CAST" and m:
            raw = m.group(1)
            rule = (
                _answer_rule(raw)
                if column.startswith(("q_", "vg_"))
                else _weight_rule(raw)
                if column == "weight"
                else _year_rule(raw)
                if column == "year"
                else message
            )
        else:
            rule = f"malformed CSV row: {message}"
        problems.append(Problem(label, int(line), column, rule))
    for column, count in by_column.items():
        if count > MAX_LISTED:
            problems.append(
                Problem(label, 0, column, f"{count} rows in total break this rule (first {MAX_LISTED} listed)")
            )
    return {int(r[0]) for r in rejects}


def _repeated_hashes(con, staged: Path, rows: int) -> list[int]:
    """The 64-bit hashes (DuckDB's ``hash``) that more than one respondent id has: candidate duplicates.

    The hashes are streamed into one numpy array (8 bytes per respondent) and sorted; a repeated hash is two equal
    neighbours. The same set as ``GROUP BY hash(respondent_id) HAVING count(*) > 1``, for about a third of its
    CPU (its hash table of a million groups cost 0.15-0.2 s of CPU per million rows; see docs/performance.md,
    h27survey)."""
    hashes = np.empty(rows, dtype=np.uint64)
    filled = 0
    relation = con.sql(
        "SELECT hash(respondent_id) FROM read_parquet($1) WHERE respondent_id IS NOT NULL", params=[str(staged)]
    )
    for batch in relation.to_arrow_reader(1 << 17):
        part = batch.column(0).to_numpy()
        hashes[filled : filled + len(part)] = part
        filled += len(part)
    hashes = hashes[:filled]
    hashes.sort()
    return np.unique(hashes[1:][hashes[1:] == hashes[:-1]]).tolist()


def _value_problems(
    con,
    staged: Path,
    rows: int,
    in_file_order,
    path: Path,
    label: str,
    header: list[str],
    age_bands: list[str],
    rejected: set[int],
    problems: list[Problem],
) -> bool:
    """Check the text columns and duplicates on the typed staging file; report the first MAX_LISTED rows of
    each rule with their CSV line and raw value. True when the whole file is clean."""
    rules = _value_rules(age_bands)
    # First one filter for every rule at once (DuckDB tests it on the code columns' dictionaries and row group
    # statistics: about 0.06 s of CPU per million rows, against 0.15 s for seven filtered counts); only when a
    # row breaks a rule are the rules counted one by one. A test is never NULL, so the OR misses no row.
    broken = con.execute(
        "SELECT count(*) FROM read_parquet(?) WHERE " + " OR ".join(f"({test})" for _c, test, _r in rules),
        [str(staged)],
    ).fetchall()[0][0]
    counts = (
        con.execute(
            "SELECT "
            + ", ".join(f"count(*) FILTER (WHERE {test})" for _c, test, _r in rules)
            + " FROM read_parquet(?)",
            [str(staged)],
        ).fetchall()[0]
        if broken
        else (0,) * len(rules)
    )
    # Duplicates: a 64-bit hash per id first (cheap), then the candidates confirmed on the text itself.
    candidates = _repeated_hashes(con, staged, rows)
    if not any(counts) and not candidates and not rejected:
        return True
    staged = in_file_order()  # row numbers of this copy are CSV record numbers
    dups = (
        con.execute(
            "SELECT respondent_id, list(file_row_number ORDER BY file_row_number)[1:2] AS at FROM read_parquet(?, "
            "file_row_number=true) WHERE list_contains(?, hash(respondent_id)) GROUP BY respondent_id "
            "HAVING count(*) > 1 ORDER BY min(file_row_number)",
            [str(staged), candidates],
        ).fetchall()
        if candidates
        else []
    )
    if not any(counts) and not dups and not rejected:
        return True
    wanted: dict[int, list[int]] = {}
    for k, (_column, test, _rule) in enumerate(rules):
        if counts[k]:
            wanted[k] = [
                r[0]
                for r in con.execute(
                    f"SELECT file_row_number FROM read_parquet(?, file_row_number=true) WHERE {test} ORDER BY 1 "
                    f"LIMIT {MAX_LISTED}",
                    [str(staged)],
                ).fetchall()
            ]
    needed = {i for idx in wanted.values() for i in idx} | {i for _r, at in dups[:MAX_LISTED] for i in at}
    located = _locate(path, needed, rejected)
    for k, idx in wanted.items():
        column, _test, rule = rules[k]
        pos = header.index(column)
        for i in idx:
            line, record = located.get(i, (0, []))
            problems.append(Problem(label, line, column, rule(record[pos] if pos < len(record) else "")))
        if counts[k] > len(idx):
            problems.append(
                Problem(label, 0, column, f"{counts[k]} rows in total break this rule (first {len(idx)} listed)")
            )
    for rid, at in dups[:MAX_LISTED]:
        first, second = (located.get(i, (0, []))[0] for i in at)
        problems.append(
            Problem(label, second, "respondent_id", f"duplicate respondent_id '{rid}' (already on row {first})")
        )
    if len(dups) > MAX_LISTED:
        problems.append(
            Problem(
                label,
                0,
                "respondent_id",
                f"{len(dups)} duplicated respondent_id values in total (first {MAX_LISTED} listed)",
            )
        )
    return False


def _aggregate(
    con,
    staged: Path,
    meta: dict,
    header: list[str],
    questions: dict,
    groups: dict,
    age_bands: list[str],
    min_n: int,
    source_id: str,
    catalog: Catalog,
    rows: int,
):
    """survey_cells and the catalog observations, from one grouped pass over the staging file."""
    qs = [h for h in header if h.startswith("q_")]
    vgs = [h for h in header if h.startswith("vg_")]
    # Aggregate per group in wide form first, reshape the small result after (see hygiene.build_cells).
    hq.build_cells(con, "read_parquet(?)", [str(staged)], qs, vgs)
    cells = con.execute(f"SELECT {', '.join(hs.CELL_COLUMNS)} FROM survey_cells ORDER BY ALL").df()
    years = sorted(int(y) for y in cells["year"].unique())
    source = next((s for s in meta.get("sources") or [] if s.get("id") == source_id), {})
    tables = {
        "survey_cells": cells.astype({"year": "int64", "n": "int64"}),
        "survey_datasets": pd.DataFrame(
            [
                {
                    "dataset": meta["dataset"],
                    "title": meta["title"],
                    "confidence": meta["confidence"],
                    "min_n": int(min_n),
                    "respondents": int(rows),
                    "years": ", ".join(map(str, years)),
                    "latest_year": max(years),
                    "questions": len(qs),
                    "groups": len(vgs),
                    "source_id": source_id,
                    "source_title": source.get("title", ""),
                    "source_url": source.get("url", ""),
                    "parquet": f"parquet/{RESPONSES_PARQUET}",
                    "description": meta.get("description", ""),
                }
            ]
        ),
        "survey_questions": pd.DataFrame(
            [
                {
                    "dataset": meta["dataset"],
                    "position": i,
                    "question": q,
                    "label": questions[q]["label"],
                    "kind": questions[q]["kind"],
                    "share_indicator": questions[q].get("share_indicator") or None,
                    "gap_indicator": questions[q].get("gap_indicator") or None,
                }
                for i, q in enumerate(qs)
            ]
        ),
        "survey_groups": pd.DataFrame(
            [
                {
                    "dataset": meta["dataset"],
                    "position": i,
                    "flag": g,
                    "label": groups[g]["label"],
                }
                for i, g in enumerate(vgs)
            ],
            columns=["dataset", "position", "flag", "label"],
        ),
    }
    obs = _observations(hs.duckdb_query(con), meta, qs, vgs, questions, age_bands, min_n, source_id, catalog)
    return tables, obs


def _present(value) -> bool:
    """Not None, NA or NaN (what ``pd.notna`` tells of the plain values of :func:`_records`, cheaper)."""
    return not (value is None or value is pd.NA or value != value)


def _count(value) -> str:
    return f"{int(value):,}" if _present(value) else "0"


def _records(frame: pd.DataFrame) -> list[dict]:
    """The rows of a query's frame as plain dicts of Python values, from one ``tolist()`` per column: the same
    values as ``to_dict("records")``, which boxes every cell of the Arrow-backed text columns one at a time
    (most of this step's CPU on the bundled survey)."""
    columns = list(frame.columns)
    return [dict(zip(columns, row)) for row in zip(*(frame[c].tolist() for c in columns))]


def _mean_abs(values: list[float]) -> float:
    """``Series.abs().mean()`` of the gaps, as before (the same summation, so the same last bit)."""
    return float(pd.Series(values, dtype="float64").abs().mean())


def _differences(
    rows: list[dict], split: str, sides: tuple[str, str], keys: tuple[str, ...], names: tuple[str, str]
) -> list[dict]:
    """What hq's difference query (``_difference_sql``) returns, from estimate rows already fetched: the rows whose
    ``split`` is ``sides[0]`` against those whose ``split`` is ``sides[1]``, joined on ``keys`` as a full outer join,
    with the difference and Newcombe's interval (:func:`hs.newcombe_difference`, the SQL's own formula term for
    term, so the same floats), ``status`` observed when both sides are, in the order of the keys (ORDER BY ALL).
    Columns ``n``, ``share``, ``ci_low``, ``ci_high`` get the suffixes ``_<name>``, as hq names them (``n_female``,
    ``n_group``)."""
    by_side: dict[str, dict[tuple, dict]] = {side: {} for side in sides}
    for r in rows:
        if r[split] in by_side:
            by_side[r[split]][tuple(r[k] for k in keys)] = r
    out = []
    for key in sorted(by_side[sides[0]].keys() | by_side[sides[1]].keys()):
        a, b = (by_side[side].get(key) for side in sides)
        row = dict(zip(keys, key))
        for got, name in ((a, names[0]), (b, names[1])):
            for col in ("n", "share", "ci_low", "ci_high"):
                row[f"{col}_{name}"] = got[col] if got is not None else None
        observed = a is not None and b is not None and a["status"] == "observed" and b["status"] == "observed"
        row["gap"], row["gap_low"], row["gap_high"] = (
            hs.newcombe_difference(a["share"], a["ci_low"], a["ci_high"], b["share"], b["ci_low"], b["ci_high"])
            if observed
            else (None, None, None)
        )
        row["status"] = "observed" if observed else "suppressed"
        out.append(row)
    return out


def _note(r, confidence: str, what: str = "share") -> str:
    if what == "gap":
        text = (
            f"Suppressed: women (n = {_count(r['n_female'])}) or men (n = {_count(r['n_male'])}) below the "
            "survey's minimum number of respondents."
            if r["status"] != "observed"
            else f"Female minus male {r['gap']:+.1f} pp (95% CI {r['gap_low']:+.1f} to {r['gap_high']:+.1f}; "
            f"Newcombe); women {r['share_female']:.1f}% (n = {_count(r['n_female'])}), men "
            f"{r['share_male']:.1f}% (n = {_count(r['n_male'])})."
        )
    elif r["status"] != "observed":
        text = f"Suppressed: fewer respondents (n = {_count(r['n'])}) than the survey's minimum."
    else:
        text = (
            f"Weighted share {r['share']:.1f}% (95% CI {r['ci_low']:.1f}-{r['ci_high']:.1f}%, Wilson on "
            f"Kish effective n {r['n_eff']:,.0f}); n = {_count(r['n'])} respondents."
        )
    return text + (" " + hs.DEMO_NOTE if confidence == "synthetic" else "")


def _observations(
    query,
    meta: dict,
    qs: list[str],
    vgs: list[str],
    questions: dict,
    age_bands: list[str],
    min_n: int,
    source_id: str,
    catalog: Catalog,
) -> pd.DataFrame:
    ds, conf = meta["dataset"], meta["confidence"]
    records: list[dict] = []

    def add(ind_id: str | None, eco: str, year: int, value, status: str, note: str, sex="total", group="all"):
        ind = catalog.get(ind_id) if ind_id else None
        if ind is None:
            return
        observed = status == "observed" and _present(value)
        records.append(
            {
                "economy": eco,
                "indicator_id": ind_id,
                "period": int(year),
                "value": round(float(value), 4) if observed else None,
                "value_text": None,
                "sex": sex,
                "group": group,
                "status": "observed" if observed else "suppressed",
                "confidence": conf,
                "source_id": source_id,
                "preferred": True,
                "note": note,
                "dataset": ds,
                "score": normalise(ind, float(value), None) if observed else None,
            }
        )

    share_of = {q: questions[q].get("share_indicator") for q in qs}
    gap_of = {q: questions[q].get("gap_indicator") for q in qs}
    # The totals, the age bands and the groups in one query (each query on survey_cells is mostly DuckDB's
    # planning: about 20 ms of CPU apiece), split by breakdown after; each part keeps the order its own
    # query had (ORDER BY economy, year, dim, value, question). The rows are handled as plain dicts.
    every = _records(hq.shares(query, dataset=ds, year=None, dims=("all", "age_band", *vgs), min_n=min_n))
    flags = set(vgs)
    total = [r for r in every if r["dim"] == "all"]
    by_age = [r for r in every if r["dim"] == "age_band"]
    by_group = [r for r in every if r["dim"] in flags and r["value"] == "yes"]
    by_sex = _records(
        hq.shares(query, dataset=ds, year=None, dims=("all",), by_sex=True, sexes=("female", "male"), min_n=min_n)
    )
    for rows, sex_col, group_of in (
        (total, None, lambda r: "all"),
        (by_sex, "sex", lambda r: "all"),
        (by_age, None, lambda r: "age_" + r["value"]),
        (by_group, None, lambda r: r["dim"][3:]),
    ):
        for r in rows:
            add(
                share_of.get(r["question"]),
                r["economy"],
                r["year"],
                r["share"],
                r["status"],
                _note(r, conf),
                sex=r[sex_col] if sex_col else "total",
                group=group_of(r),
            )
    # The female-male and group-rest differences from the estimates above (the same rows hq.gender_gap and
    # hq.group_gap compute again in a query of their own: about 15 ms of CPU apiece, mostly planning).
    gaps = _differences(
        by_sex, "sex", ("female", "male"), ("economy", "year", "dim", "value", "question"), ("female", "male")
    )
    for r in gaps:
        add(gap_of.get(r["question"]), r["economy"], r["year"], r["gap"], r["status"], _note(r, conf, "gap"))
    practices = {q for q in qs if questions[q]["kind"] == "practice"}
    spec = meta.get("inclusion_indicators") or {}
    in_groups = [r for r in every if r["dim"] in flags]
    gg = (
        _differences(in_groups, "value", ("yes", "no"), ("economy", "year", "dim", "question"), ("group", "rest"))
        if vgs
        else None
    )
    harass = spec.get("women_harassment")
    harass_q = harass.get("question") if isinstance(harass, dict) and harass.get("question") in qs else None
    for eco, year in sorted({(r["economy"], r["year"]) for r in total}):
        if spec.get("gender_gap"):
            g = [r for r in gaps if r["economy"] == eco and r["year"] == year and r["question"] in practices]
            ok = [r["gap"] for r in g if r["status"] == "observed"]
            enough = len(practices) > 0 and len(ok) * 2 >= len(practices)
            add(
                spec["gender_gap"],
                eco,
                year,
                _mean_abs(ok) if enough else None,
                "observed" if enough else "suppressed",
                (
                    f"Mean absolute female-minus-male gap over {len(ok)} of {len(practices)} practice questions "
                    "(suppressed questions left out)."
                    if enough
                    else "Suppressed: fewer than half of the practice questions have both sexes above the minimum n."
                )
                + (" " + hs.DEMO_NOTE if conf == "synthetic" else ""),
            )
        if spec.get("group_gap") and gg is not None:
            mine = [r for r in gg if r["economy"] == eco and r["year"] == year and r["question"] in practices]
            okg = [r["gap"] for r in mine if r["status"] == "observed"]
            enough = len(mine) > 0 and len(okg) * 2 >= len(mine)
            add(
                spec["group_gap"],
                eco,
                year,
                _mean_abs(okg) if enough else None,
                "observed" if enough else "suppressed",
                (
                    f"Mean absolute gap between members of {len(vgs)} vulnerable groups and the other respondents, "
                    f"over {len(okg)} of {len(mine)} group x practice cells."
                    if enough
                    else "Suppressed: fewer than half of the group x practice cells reach the minimum n."
                )
                + (" " + hs.DEMO_NOTE if conf == "synthetic" else ""),
            )
        if harass_q is not None:
            r = next(
                (
                    r
                    for r in by_sex
                    if r["economy"] == eco and r["year"] == year and r["sex"] == "female" and r["question"] == harass_q
                ),
                None,
            )
            if r is not None:
                add(harass["indicator"], eco, year, r["share"], r["status"], _note(r, conf), sex="female")
    return pd.DataFrame(records, columns=OBSERVATION_COLUMNS)


def _loader(stage: Path, staged: Path):

    def load(con: duckdb.DuckDBPyConnection, target: Path) -> dict[str, int]:
        dest = target / "parquet" / RESPONSES_PARQUET
        if dest.exists():  # a second survey dataset: one file, columns united by name
            tmp = dest.with_suffix(".tmp.parquet")
            con.execute(
                f"COPY (SELECT * FROM read_parquet(?) UNION ALL BY NAME SELECT * FROM read_parquet(?)) "
                f"TO '{tmp}' (FORMAT parquet)",
                [str(dest), str(staged)],
            )
            tmp.replace(dest)
        else:  # the staging file already is the typed respondent table: move it (same file system)
            shutil.move(str(staged), str(dest))
        rows = con.execute("SELECT count(*) FROM read_parquet(?)", [str(dest)]).fetchall()[0][0]
        shutil.rmtree(stage, ignore_errors=True)
        return {"survey_responses": int(rows)}

    return load


register_adapter(FORMAT, extract_survey)
