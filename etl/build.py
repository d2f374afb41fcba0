"""Validate data/raw and build the warehouse atomically.

Layout written:
    data/builds/<build_id>/cyber.duckdb
    data/builds/<build_id>/parquet/<table>.parquet
    data/builds/<build_id>/catalog/*.yaml         (the indicator catalog this build was made with: pages read it)
    data/builds/<build_id>/manifest.json          (inputs with sha256, rows, tables, timing, and the
                                                   sha256 of every file written: checked when the build is opened)
    data/builds/<build_id>/validation_report.json
    data/warehouse -> builds/<build_id>           (symlink, swapped with one rename)
    data/builds/archive/<build_id>/manifest.json   (kept for every build, for "what changed" views)
    data/builds/archive/<build_id>/parquet/observations.parquet
    data/builds/.build.lock                       (one build at a time: a second build waits)

Nothing under data/warehouse is touched until the new build is complete, so a failed build leaves
the previous warehouse byte-for-byte unchanged and readers never see a half-written one.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from indicators.model import vocabulary
from indicators.model.catalog import Catalog, CatalogError, catalog_files, load_catalog
from indicators.model.catalog_schema import catalog_errors
from indicators.model.economies import ECONOMY_CODES, ECONOMY_NAMES, KOSOVO_FOOTNOTE, colour
from indicators.model.paths import CATALOG_DIR, PROJECT_ROOT, data_dir
from indicators.model.warehouse import (  # noqa: F401 - the archive is read by the library
    ARCHIVE,
    archived_builds,
    current_build_path,
    file_sha256,
)

from . import publish
from .contracts import Problem, ValidationFailed
from .extract import OBSERVATION_COLUMNS, Extracted, extract_folder, rel
from .formats import survey
from .parse_cache import Digests, ParseCache

MANIFEST = "manifest.json"
KEEP_BUILDS = 3
KEEP_ARCHIVED = 100  # archived builds (manifest + observations, ~0.1 MB each) kept for comparisons
LOCK_FILE = ".build.lock"
LOCK_TIMEOUT_S = 900


@contextlib.contextmanager
def arrow_pool():
    """Arrow's allocations during a build go to the system allocator (glibc malloc), not Arrow's default
    mimalloc pool; the previous pool is restored afterwards (the dashboard builds in its own process).

    Why: with mimalloc, a large buffer freed and allocated again (the Eurostat reader's text columns of
    44k rows, the Parquet files read by the publish reuse) is, at random, returned to the system and
    faulted in afresh: the same ``take`` cost 1-3 ms or 56-306 ms from one call to the next, which made the
    Eurostat stage 0.2-0.8 s of CPU and the publish reuse 0.1-1.0 s from one build to the next
    (docs/performance.md, "Build (fourth round)"). ``ARROW_DEFAULT_MEMORY_POOL``, when set, is respected.
    ``check``, ``build`` and ``publish_build`` use it around their private bodies (not as a decorator,
    whose wrapper would hide their defaults: tests/test_serving_faults.py points them elsewhere)."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        yield
        return
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


class BuildBusy(RuntimeError):
    """Another build held the lock for longer than the caller was willing to wait."""


@contextlib.contextmanager
def build_lock(root: Path, timeout: float | None = None, on_wait=None):
    """Serialise builds of one data folder with an advisory lock on data/builds/.build.lock.

    A second build waits (calling ``on_wait(holder)`` once, with the holder's pid if known) until the
    first finishes, or raises BuildBusy after ``timeout`` seconds (0: do not wait at all).
    """
    timeout = LOCK_TIMEOUT_S if timeout is None else timeout
    builds = Path(root) / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    fh = open(builds / LOCK_FILE, "a+")
    try:
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told and on_wait is not None:
                    fh.seek(0)
                    on_wait(fh.read().strip() or "?")
                    told = True
                if time.monotonic() >= deadline:
                    raise BuildBusy(
                        "another build of this data folder is running; try again when it has finished"
                    ) from None
                time.sleep(0.2)
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        yield
    finally:
        fh.close()  # closing releases the lock


@dataclass
class BuildResult:
    build_id: str
    path: Path
    manifest: dict
    catalog: Catalog | None = None  # the catalog the build was checked with (the dashboard reuses it)


def raw_folders(raw: Path) -> list[Path]:
    return sorted(p for p in raw.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def input_files(root: Path, catalog_dir: Path = CATALOG_DIR) -> list[Path]:
    """Every file whose change makes the warehouse stale: raw data, sidecars and the catalog."""
    raw = root / "raw"
    files = [p for p in raw.rglob("*") if p.is_file() and not p.name.startswith(".")] if raw.exists() else []
    # the model files beside the catalog: indicators/topics/sim3_model.yaml, indicators/text/glossary.yaml
    models = sorted(p for p in catalog_dir.parent.rglob("*.yaml") if catalog_dir not in p.parents)
    return sorted(files) + catalog_files(catalog_dir) + models


def check(
    paths: list[Path],
    catalog: Catalog | None = None,
    root: Path | None = None,
    progress=None,
    stages=None,
    cache: ParseCache | None = None,
) -> tuple[list[Extracted], list[Problem]]:
    """Validate raw dataset folders (or files inside them) without loading anything.

    ``progress(stage, done, total)``, when given, is called before each dataset folder (stage ``raw``).
    ``stages``, when given, is a :class:`Stages` that records the checks across datasets. ``cache``
    (the build's): a folder whose files, catalog and code are unchanged since it was last read cleanly
    is taken from it (etl/parse_cache.py); the checks across datasets always run."""
    with arrow_pool():
        return _check(paths, catalog, root, progress, stages, cache)


def _check(
    paths: list[Path], catalog: Catalog | None, root: Path | None, progress, stages, cache: ParseCache | None
) -> tuple[list[Extracted], list[Problem]]:
    root = Path(root or data_dir()).absolute()
    if catalog is None:
        try:
            catalog = checked_catalog()
        except ValidationFailed as err:
            return [], err.problems
    problems: list[Problem] = []
    extracted: list[Extracted] = []
    folders: list[Path] = []
    for given in paths:
        path = Path(given).absolute()  # labels relative to the data folder, as `build` gives them
        if not path.exists() and not path.is_symlink():
            problems.append(Problem(str(given), 0, "-", "no such file or folder"))
        elif path.is_file():
            folders.append(path.parent)
        elif (path / "source.yaml").exists() or path.is_symlink():
            folders.append(path)
        elif subfolders := raw_folders(path):  # data/raw: every dataset folder in it
            folders.extend(subfolders)
        else:  # a dataset folder without its sidecar: reported as such, exactly as `build` does
            folders.append(path)
    folders = list(dict.fromkeys(folders))
    for done, folder in enumerate(folders):
        if progress is not None:
            progress("raw", done, len(folders))
        started, cpu = time.perf_counter(), time.process_time()
        got = cache.get(folder) if cache is not None else None
        if got is None:
            before = len(problems)
            got = extract_folder(folder, catalog, root, problems, cache)
            if cache is not None and got is not None and len(problems) == before:
                cache.put(folder, got)
        if got is not None:
            got.seconds = time.perf_counter() - started
            got.cpu_seconds = time.process_time() - cpu
            extracted.append(got)
    if stages is not None:
        stages.lap()
    _cross_dataset_checks(extracted, problems)
    if stages is not None:
        stages.lap("checks across datasets")
    return extracted, problems


class Stages:
    """Seconds per stage of a build, wall clock (``stages_s`` in the manifest) and CPU time of this process,
    all threads (``stages_cpu_s``: on a shared machine the wall clock mostly measures waiting for a core)."""

    def __init__(self):
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._wall, self._cpu = time.perf_counter(), time.process_time()

    def lap(self, name: str | None = None) -> None:
        """Record the time since the last lap as stage ``name`` (None: start a new lap, record nothing)."""
        wall, cpu = time.perf_counter(), time.process_time()
        if name is not None:
            self.add(name, wall - self._wall, cpu - self._cpu)
        self._wall, self._cpu = wall, cpu

    def add(self, name: str, wall: float, cpu: float) -> None:
        self.wall[name] = round(self.wall.get(name, 0.0) + wall, 3)
        self.cpu[name] = round(self.cpu.get(name, 0.0) + cpu, 3)


def _stage_seconds(extracted: list[Extracted], stages: Stages) -> None:
    """Seconds spent reading and validating the raw files, per format (the benchmark's breakdown)."""
    for ex in sorted(extracted, key=lambda ex: ex.meta.get("format", "?")):
        stages.add(f"parse+validate {ex.meta.get('format', '?')}", ex.seconds, ex.cpu_seconds)


def catalog_problems(catalog_dir: Path | None = None) -> list[Problem]:
    """Every schema or rule error of the indicator catalog, as problems (``file:0:path: rule``)."""
    catalog_dir = Path(catalog_dir or CATALOG_DIR)
    return _as_problems(catalog_dir, catalog_errors(catalog_dir))


def _as_problems(catalog_dir: Path, errors) -> list[Problem]:
    base = rel(catalog_dir, PROJECT_ROOT)
    return [Problem(f"{base}/{file}", 0, path, rule) for file, path, rule in errors]


def checked_catalog(catalog_dir: Path | None = None, cache: ParseCache | None = None) -> Catalog:
    """The indicator catalog, read, parsed and schema-checked once; ValidationFailed with every error
    (``file:0:path: rule``, as ``catalog_problems`` lists them) when it is malformed. ``cache``: taken
    from the build's parse cache when the catalog files and the code are unchanged (a valid catalog only)."""
    catalog_dir = Path(catalog_dir or CATALOG_DIR)
    if cache is not None and (cached := cache.get_catalog()) is not None:
        return cached
    try:
        catalog = load_catalog(catalog_dir)
    except CatalogError as err:
        if not err.errors:
            raise
        raise ValidationFailed(_as_problems(catalog_dir, err.errors)) from None
    if cache is not None:
        cache.put_catalog(catalog)
    return catalog


def _cross_dataset_checks(extracted: list[Extracted], problems: list[Problem]) -> None:
    names: dict[str, str] = {}
    for ex in extracted:
        ds, where = ex.meta["dataset"], ex.meta.get("_sidecar", "")
        if ds in names:
            problems.append(
                Problem(
                    where or f"raw/{ds}/source.yaml",
                    0,
                    "dataset",
                    f"dataset name '{ds}' is also used by {names[ds]}: names must be unique",
                )
            )
        else:
            names[ds] = where or ds
    seen: dict[str, str] = {}
    for ex in extracted:
        ds = ex.meta["dataset"]
        for src in ex.sources:
            if src["source_id"] in seen and seen[src["source_id"]] != ds:
                problems.append(
                    Problem(
                        f"raw/{ds}/source.yaml",
                        0,
                        "sources",
                        f"source id '{src['source_id']}' is also used by dataset '{seen[src['source_id']]}'",
                    )
                )
            seen[src["source_id"]] = ds
    frames = [ex.observations for ex in extracted if ex.observations is not None and len(ex.observations)]
    if not frames:
        return
    # only the columns checked here (the long provenance texts are not copied)
    columns = list(
        dict.fromkeys(["dataset", "preferred", "group", *vocabulary.CODED_COLUMNS, *vocabulary.OBSERVATION_KEY])
    )
    obs = pd.concat([f[columns] for f in frames], ignore_index=True)
    _check_codes(obs, problems)
    pref = obs[obs["preferred"]]
    dup = pref[pref.duplicated(list(vocabulary.OBSERVATION_KEY), keep=False)]
    for (eco, ind, period), grp in dup.groupby(["economy", "indicator_id", "period"]):
        problems.append(
            Problem(
                f"raw/{'+'.join(sorted(set(grp['dataset'])))}",
                0,
                "preferred",
                f"{eco} {ind} {period}: preferred in more than one dataset",
            )
        )


def _check_codes(obs: pd.DataFrame, problems: list[Problem]) -> None:
    """Every adapter's rows use the vocabulary's codes (observations_csv rows are checked per row as
    read; this also covers the codes other adapters derive, e.g. survey age bands and SDMX breakdowns)."""
    checks = [(col, lambda s, allowed=allowed: s.isin(allowed)) for col, allowed in vocabulary.CODED_COLUMNS.items()]
    checks.append(("group", _valid_groups))
    for col, ok in checks:
        wrong = ~np.asarray(ok(obs[col]), dtype=bool)
        if not wrong.any():
            continue
        bad = obs.loc[wrong, ["dataset", col]]
        for (ds, value), _rows in bad.groupby(["dataset", col], dropna=False):
            problems.append(
                Problem(
                    f"raw/{ds}", 0, col, f"unknown {col} code '{value}' made from this dataset ({len(_rows)} row(s))"
                )
            )


def _valid_groups(groups: pd.Series) -> np.ndarray:
    """``vocabulary.is_group_code`` of every row, computed once per distinct code (a few dozen, not 35k rows)."""
    codes, distinct = pd.factorize(groups, use_na_sentinel=False)
    return np.array([bool(vocabulary.is_group_code(g)) for g in distinct], dtype=bool)[codes]


def _tables(extracted: list[Extracted], catalog: Catalog) -> dict[str, pd.DataFrame]:
    obs_frames = [ex.observations for ex in extracted if ex.observations is not None]
    observations = pd.concat(obs_frames, ignore_index=True) if obs_frames else pd.DataFrame(columns=OBSERVATION_COLUMNS)
    observations = observations.astype(
        {"period": "int64", "value": "float64", "score": "float64", "preferred": "bool", "flag": "string"}
    )
    observations = observations.sort_values(
        ["indicator_id", "economy", "period", "source_id"], kind="stable"
    ).reset_index(drop=True)
    economies = pd.DataFrame(
        [
            {
                "economy": c,
                "name": ECONOMY_NAMES[c],
                "colour": colour(c),
                "footnote": KOSOVO_FOOTNOTE if c == "XKX" else "",
            }
            for c in ECONOMY_CODES
        ]
    )
    indicators = pd.DataFrame(
        [
            {
                "indicator_id": i.id,
                "name": i.name,
                "description": i.description,
                "family": i.family,
                "pillar": i.pillar,
                "in_pillar_score": i.in_pillar_score,
                "in_gap_table": i.in_gap_table,
                "series": i.series,
                "edition": i.edition,
                "unit": i.unit,
                "scale_min": i.min,
                "scale_max": i.max,
                "categories": json.dumps(i.categories) if i.categories else None,
                "scale": i.scale_text(),
                "direction": i.direction,
                "source_datasets": ", ".join(i.sources),
                "gci_pillar": i.crosswalk.get("gci_pillar"),
                "cmm_dimension": i.crosswalk.get("cmm_dimension"),
                "ncsi_area": i.crosswalk.get("ncsi_area"),
                "sim3_category": i.crosswalk.get("sim3_category"),
                "nis2_article": i.crosswalk.get("nis2_article"),
                "target": (i.target or {}).get("label"),
            }
            for i in catalog.indicators.values()
        ]
    ).astype({"edition": "Int64"})
    sources = pd.DataFrame([s for ex in extracted for s in ex.sources])
    datasets = pd.DataFrame(
        [
            {
                "dataset": ex.meta["dataset"],
                "title": ex.meta["title"],
                "publisher": ex.meta["publisher"],
                "url": ex.meta["url"],
                "licence": ex.meta.get("licence", ""),
                "as_of": str(ex.meta["as_of"]),
                "format": ex.meta["format"],
                "description": ex.meta.get("description", ""),
            }
            for ex in extracted
        ]
    )
    tables = {
        "economies": economies,
        "indicators": indicators,
        "sources": sources,
        "datasets": datasets,
        "observations": observations,
    }
    for ex in extracted:
        for name, frame in ex.tables.items():
            tables[name] = pd.concat([tables[name], frame], ignore_index=True) if name in tables else frame
    return tables


def _write(tables: dict[str, pd.DataFrame], target: Path, loaders=()) -> dict[str, int]:
    """Every table into ``cyber.duckdb`` and ``parquet/<table>.parquet``.

    The tables are created in ONE transaction: with a commit per ``CREATE TABLE`` (DuckDB's autocommit) every
    table was written to the write-ahead log and synced, then written again by the checkpoint (docs/performance.md,
    "h25write (second wave)"). The row counts are the frames' lengths (a table made from a frame has its rows), not
    one ``count(*)`` query per table.

    The Parquet copies are made after the ``COMMIT``, from the committed tables, on two connections of the same
    database at once (this thread and one more): each ``COPY`` of a table smaller than a row group runs on one core,
    so the second core had nothing to do during them. The files are byte for byte those of a ``COPY`` inside the
    transaction (tests/test_build_speed.py; docs/performance.md, "h27build (sixth round)")."""
    (target / "parquet").mkdir(parents=True)
    con = duckdb.connect(str(target / "cyber.duckdb"))
    try:
        counts = {}
        con.execute("BEGIN TRANSACTION")
        for name, frame in tables.items():
            # DuckDB's replacement scan reads the local frame by its name: the same scan as ``register``, without
            # creating and dropping a view per table (about 2 ms of CPU less per table, most of it on the small ones)
            frame_in = frame  # noqa: F841
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM frame_in')
            counts[name] = len(frame)
        for loader in loaders:
            counts.update(loader(con, target))
        con.execute("COMMIT")
        mine, theirs = _halves(tables)
        cursors = con.cursor(), con.cursor()  # made here: a connection object is not shared between threads
        with ThreadPoolExecutor(max_workers=1) as pool:
            other = pool.submit(_copy_parquet, cursors[1], theirs, target)
            try:
                _copy_parquet(cursors[0], mine, target)
            finally:
                other.result()  # waits, and raises what the other connection raised
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return counts


def _halves(tables: dict[str, pd.DataFrame]) -> tuple[list[str], list[str]]:
    """The table names in two lists of about the same number of cells (rows x columns), largest first."""
    halves: tuple[list[str], list[str]] = ([], [])
    load = [0, 0]
    for name in sorted(tables, key=lambda n: -tables[n].size):
        side = 0 if load[0] <= load[1] else 1
        halves[side].append(name)
        load[side] += tables[name].size
    return halves


def _copy_parquet(cursor: duckdb.DuckDBPyConnection, names: list[str], target: Path) -> None:
    """``parquet/<table>.parquet`` of each committed table, on a cursor (connection) of its own, closed after."""
    try:
        for name in names:
            cursor.execute(f"COPY \"{name}\" TO '{target / 'parquet' / (name + '.parquet')}' (FORMAT parquet)")
    finally:
        cursor.close()


def build(
    root: Path | None = None,
    catalog_dir: Path = CATALOG_DIR,
    on_wait=None,
    progress=None,
    publish_now: bool = True,
    use_cache: bool = True,
) -> BuildResult:
    """Validate everything, then write a new build and swap it in (one build at a time per data folder).

    ``publish_now=False`` (the dashboard's first start): the public tables are not written before the
    swap but afterwards, by :func:`publish_build` (``python -m etl publish``, run by the caller in a
    child process), so the first page does not wait for them; ``latest`` keeps naming the previous
    build's complete files until then.

    ``progress(stage, done, total)``, when given, reports what the build is doing: ``catalog``, then
    ``raw`` once per dataset folder (done of total), then ``write`` (the dashboard shows it on first start).

    ``use_cache``: reuse what the parse cache holds for unchanged dataset folders and an unchanged
    catalog (etl/parse_cache.py; the manifest lists the folders reused as ``parse_cache.reused``);
    False (``python -m etl build --no-cache``) reads and checks everything, as a fresh clone does.

    Raises ValidationFailed (nothing written), BuildBusy (another build held the lock too long) or
    OSError (the data folder cannot be written, e.g. a read-only deployment).
    """
    with arrow_pool():
        return _validate_and_build(root, catalog_dir, on_wait, progress, publish_now, use_cache)


def _validate_and_build(
    root: Path | None, catalog_dir: Path, on_wait, progress, publish_now: bool, use_cache: bool
) -> BuildResult:
    started = time.perf_counter()
    stages = Stages()
    root = Path(root or data_dir())
    if progress is not None:
        progress("catalog", 0, 1)
    digests = Digests()
    cache = ParseCache(root, catalog_dir, digests) if use_cache else None
    catalog = checked_catalog(catalog_dir, cache)
    stages.lap("catalog")
    raw = Stages()
    # the survey adapter keeps its own cache (etl/formats/survey.py): off with --no-cache, and it hashes an input
    # file through the build's digests, so a respondent file is hashed once per build
    tokens = survey.REUSE.set(use_cache), survey.DIGEST.set(digests)
    try:
        extracted, problems = check([root / "raw"], catalog, root, progress, raw, cache)
    finally:
        survey.REUSE.reset(tokens[0])
        survey.DIGEST.reset(tokens[1])
    if problems:
        raise ValidationFailed(problems)
    if cache is not None:
        cache.prune(raw_folders(root / "raw"))
    stages.lap("raw files (parse+validate)")
    _stage_seconds(extracted, stages)
    stages.add("checks across datasets", raw.wall["checks across datasets"], raw.cpu["checks across datasets"])
    if progress is not None:
        progress("write", 0, 1)
    with build_lock(root, on_wait=on_wait):
        return _build(root, catalog_dir, catalog, extracted, started, stages, publish_now, digests, cache)


def _build(
    root: Path,
    catalog_dir: Path,
    catalog: Catalog,
    extracted: list[Extracted],
    started: float,
    stages: Stages | None = None,
    publish_now: bool = True,
    digests: Digests | None = None,
    cache: ParseCache | None = None,
) -> BuildResult:
    stages = stages or Stages()
    digests = digests or Digests()
    stages.lap()  # the wait for the build lock is no stage
    tables = _tables(extracted, catalog)
    stages.lap("tables")
    inputs = [
        {
            "path": rel(p, root.parent if p.is_relative_to(root.parent) else root),
            "sha256": digests(p),
            "bytes": p.stat().st_size,
        }
        for p in input_files(root, catalog_dir)
    ]
    rows_by_file = {k: v for ex in extracted for k, v in ex.input_rows.items()}
    for item in inputs:
        key = item["path"].removeprefix("data/")
        if key in rows_by_file:
            item["rows"] = rows_by_file[key]
    fingerprint = hashlib.sha256("".join(i["sha256"] for i in inputs).encode()).hexdigest()[:12]
    public_key = publish.content_key([f"{i['path']} {i['sha256']}" for i in inputs])
    build_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ") + "-" + fingerprint
    builds = root / "builds"
    tmp = builds / f".tmp-{build_id}"
    tmp.parent.mkdir(parents=True, exist_ok=True)
    try:
        counts = _write(tables, tmp, [f for ex in extracted for f in ex.loaders])
        _copy_catalog(catalog_dir, tmp)
        obs = tables["observations"]
        manifest = {
            "build_id": build_id,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "built_at_epoch": time.time(),
            "input_fingerprint": fingerprint,
            "inputs": inputs,
            "tables": counts,
            "datasets": len(extracted),
            "sources": int(len(tables["sources"])),
            "observations_by_confidence": {k: int(v) for k, v in obs["confidence"].value_counts().items()},
            "real_observations": int((obs["confidence"] != "synthetic").sum()),
            "synthetic_observations": int((obs["confidence"] == "synthetic").sum()),
            "economies_covered": sorted(obs["economy"].unique().tolist()),
            "checksums": build_checksums(tmp),
            "public_key": public_key,  # the public tables' content (etl/publish.py): same key, files reused
            # dataset folders taken from the parse cache and read afresh (None: built with --no-cache)
            "parse_cache": {"reused": cache.reused, "parsed": cache.parsed} if cache is not None else None,
        }
        stages.lap("write")  # inputs hashed, DuckDB + Parquet written
        manifest["stages_s"] = stages.wall
        manifest["stages_cpu_s"] = stages.cpu
        manifest["duration_s"] = round(time.perf_counter() - started, 3)
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        (tmp / "validation_report.json").write_text(
            json.dumps({"build_id": build_id, "problems": [], "checked_files": len(inputs)}, indent=2), encoding="utf-8"
        )
        if publish_now:
            stages.lap()
            # public tables, complete before the swap (etl/publish.py); reused when the content is unchanged
            publish.write_public(root, tmp, catalog, key=public_key, previous=publish.same_content(builds, public_key))
            stages.lap("publish")
            manifest["duration_s"] = round(time.perf_counter() - started, 3)
            (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")  # with the publish stage
        final = builds / build_id
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _archive(builds, final, manifest)
    _swap_in(root, final)
    _prune(builds, keep=final)
    if publish_now:
        publish.serve(root, final)  # static URLs: /app/static/data/latest/ and .../builds/<build_id>/
    return BuildResult(build_id, final, manifest, catalog)


def publish_build(root: Path | None = None, on_wait=None) -> Path | None:
    """Write and serve the public tables of the current build when it has none yet (a build made with
    ``publish_now=False``): under the build lock, into ``<build>/.public-tmp`` renamed to ``public/`` when
    complete, then linked and ``latest`` swapped (etl/publish.py). Returns the published folder, or None
    when there is no current build; a build that already has its public files is only served."""
    with arrow_pool():
        return _publish_build(root, on_wait)


def _publish_build(root: Path | None, on_wait) -> Path | None:
    root = Path(root or data_dir())
    with build_lock(root, on_wait=on_wait):
        current = current_build_path(root)
        if current is None:
            return None
        target = current / publish.PUBLIC
        if not target.is_dir():
            manifest = json.loads((current / MANIFEST).read_text(encoding="utf-8"))
            key = manifest.get("public_key", "")
            tmp = current / ".public-tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            catalog = load_catalog(current / BUILD_CATALOG)
            try:
                publish.write_public(
                    root, current, catalog, key=key, previous=publish.same_content(root / "builds", key), into=tmp
                )
                os.rename(tmp, target)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
        return publish.serve(root, current)


BUILD_CATALOG = "catalog"


def _copy_catalog(catalog_dir: Path, target: Path) -> None:
    """Store the catalog the build was validated with: pages read it from the pinned build, so a broken
    catalog edit never reaches a visitor (ui/data.py)."""
    (target / BUILD_CATALOG).mkdir()
    for path in catalog_files(catalog_dir):
        shutil.copy2(path, target / BUILD_CATALOG / path.name)


def build_checksums(folder: Path) -> dict[str, dict]:
    """sha256 and size of every file a build serves from (cyber.duckdb, parquet/*, catalog/*), by relative
    path: written into the manifest, checked by indicators.model.warehouse when the build is opened."""
    files = [
        folder / "cyber.duckdb",
        *sorted((folder / "parquet").glob("*")),
        *sorted((folder / BUILD_CATALOG).glob("*")),
    ]
    return {
        p.relative_to(folder).as_posix(): {"sha256": file_sha256(p), "bytes": p.stat().st_size}
        for p in files
        if p.is_file()
    }


def _archive(builds: Path, final: Path, manifest: dict) -> None:
    """Keep the manifest and the observations of every build under builds/archive/<build_id>/."""
    target = builds / ARCHIVE / manifest["build_id"]
    tmp = builds / ARCHIVE / f".tmp-{manifest['build_id']}"
    (tmp / "parquet").mkdir(parents=True, exist_ok=True)
    shutil.copy2(final / MANIFEST, tmp / MANIFEST)
    shutil.copy2(final / "parquet" / "observations.parquet", tmp / "parquet" / "observations.parquet")
    os.rename(tmp, target)


def _swap_in(root: Path, final: Path) -> None:
    link = root / "warehouse"
    if link.exists() and not link.is_symlink():  # an old plain folder: keep it aside, never delete data
        os.rename(link, root / "builds" / f"legacy-{int(time.time())}")
    tmp_link = root / f".warehouse-{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(Path("builds") / final.name, tmp_link)
    os.replace(tmp_link, link)  # atomic on POSIX: readers see the old or the new build, never half


def _prune(builds: Path, keep: Path) -> None:
    done = sorted((p for p in builds.iterdir() if p.is_dir() and p.name[:1].isdigit()), key=lambda p: p.name)
    for old in done[:-KEEP_BUILDS]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
    archive = builds / ARCHIVE
    kept = sorted(p for p in archive.iterdir() if p.is_dir() and p.name[:1].isdigit()) if archive.is_dir() else []
    for old in kept[:-KEEP_ARCHIVED]:
        shutil.rmtree(old, ignore_errors=True)
    for stale in builds.glob(".tmp-*"):
        if time.time() - stale.stat().st_mtime > 3600:
            shutil.rmtree(stale, ignore_errors=True)


def read_manifest(root: Path | None = None) -> dict | None:
    path = Path(root or data_dir()) / "warehouse" / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_stale(root: Path | None = None, catalog_dir: Path = CATALOG_DIR) -> tuple[bool, str]:
    """Whether the warehouse is missing or older than any raw file or catalog file, and why (in the
    current language: the dashboard shows it)."""
    root = Path(root or data_dir())
    manifest = read_manifest(root)
    if manifest is None or not (root / "warehouse" / "cyber.duckdb").exists():
        return True, vocabulary._("no warehouse has been built yet")
    newest = max((p.stat().st_mtime for p in input_files(root, catalog_dir)), default=0.0)
    if newest > manifest.get("built_at_epoch", 0):
        return True, vocabulary._("data/raw or the indicator catalog changed since the last build")
    return False, vocabulary._("up to date")
