"""Public tables of a build at stable URLs: written by the build, served by the app itself.

:func:`write_public` runs inside ``etl.build`` on the new build folder BEFORE it is swapped in, so the
public files are complete exactly when the build is. It writes ``<build>/public/``:

    observations.csv|.parquet   the analyst table of the explorer's downloads (indicators.model.export.export_table),
                                every row, synthetic (demonstration) rows included and marked
                                ``confidence = synthetic`` (the explorer can show them too)
    indicators.csv|.parquet     the indicator catalog table
    sources.csv|.parquet        every source
    pillar_scores.csv|.parquet  index-lens pillar scores with coverage, rank and rank band (real data only)
    status.csv|.parquet         the status lens: one row per legal/institutional fact and economy (real data only)
    datapackage.json            Frictionless descriptor of the CSVs (schemas, keys, sources)

CSV: the bytes of :func:`indicators.model.export.to_csv_bytes` (UTF-8, formula-safe), written by DuckDB
(:func:`write_csv`), Parquet through
:func:`indicators.model.export.to_parquet_bytes` (exact values, provenance in the file metadata).

:func:`serve` runs after the swap and makes the files reachable under the app's ``static/`` folder,
which Streamlit serves at ``/app/static/`` (``server.enableStaticServing``). Streamlit resolves symlinks
and refuses any file whose real path leaves ``static/``, so the files are hard-linked (copied when the
file system cannot link) into ``<public dir>/builds/<build_id>/``; then ``<public dir>/latest`` (a
symlink to ``builds/<build_id>``, inside the folder) is swapped with one rename. A published build
folder is never rewritten; it is removed only when its build leaves the archive (``KEEP_ARCHIVED``).
Identical files of successive builds share one inode (hard links), so an unchanged table costs no space.

The public dir is ``$CYBER_PUBLIC_DIR`` if set, else ``<app>/static/data`` when the data folder is the
app's own ``data/``, else ``<data folder>/public`` (a deployment points its static route or proxy there).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from indicators.method.scoring import pillar_scores_export, status_matrix
from indicators.method.sensitivity import rank_bands
from indicators.model.catalog import Catalog
from indicators.model.explore import Filters
from indicators.model.export import (
    csv_ready,
    export_table,
    package_descriptor,
    provenance,
    to_csv_bytes,
    to_parquet_bytes,
)
from indicators.model.paths import PROJECT_ROOT
from indicators.model.warehouse import Warehouse
from indicators.render.datalinks import BUILDS, DESCRIPTOR, LATEST, TABLES

PUBLIC = "public"
PROVENANCE_KEY = b"wb6.provenance"
_MAGIC = b"PAR1"  # first and last bytes of a Parquet file
CODE_DIRS = ("indicators", "etl")  # the code the public tables are made by: any change there rewrites them

DESCRIPTIONS = {
    "observations": "One row per value with its provenance; the explorer's download table. Rows with "
    "confidence 'synthetic' are demonstration data, not measurements. Rows with a 'flag' carry the "
    "publisher's observation flag (b break in series, u low reliability, p provisional, e estimated).",
    "indicators": "The indicator catalog: definition, pillar, unit, scale, direction and crosswalks.",
    "sources": "Every source the values were read in: publisher, URL, licence, as-of date.",
    "pillar_scores": "Index-lens pillar scores (latest values, real data only) with coverage n of m, the "
    "coverage rule, rank and rank band; empty score below the coverage rule.",
    "status": "Status lens (real data only): one row per legal or institutional fact and economy with its "
    "state (in_place, partly, missing, not_assessed, not_applicable), value, year and source.",
}


def public_dir(root: Path) -> Path:
    """Where the served copies go (see the module docstring)."""
    env = os.environ.get("CYBER_PUBLIC_DIR")
    if env:
        return Path(env)
    if Path(root).resolve() == (PROJECT_ROOT / "data").resolve():
        return PROJECT_ROOT / "static" / "data"
    return Path(root) / PUBLIC


def public_tables(wh: Warehouse, catalog: Catalog) -> dict[str, pd.DataFrame]:
    """The five public tables of one build, read from its warehouse."""
    obs = wh.observations()
    sources = wh.table("sources").drop(columns=["internal_note"], errors="ignore")
    observations = export_table(obs, catalog, Filters(), sources)
    return {
        "observations": observations,
        "indicators": wh.table("indicators"),
        "sources": sources,
        "pillar_scores": pillar_scores_export(obs, catalog, None, rank_bands(obs, catalog)),
        "status": status_matrix(obs, catalog),
    }


def content_key(input_digests: list[str]) -> str:
    """What the public tables are a function of: the build's inputs (raw files, sidecars, catalog, by
    sha256) and the code and library versions that turn them into tables. Two builds with the same key
    publish the same rows, byte for byte, apart from the build id and the time in the metadata."""
    digest = hashlib.sha256()
    for item in input_digests:
        digest.update(item.encode())
    for folder in CODE_DIRS:
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            digest.update(path.relative_to(PROJECT_ROOT).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(f"pandas {pd.__version__} pyarrow {pa.__version__} duckdb {duckdb.__version__}".encode())
    return digest.hexdigest()


def same_content(builds: Path, key: str) -> Path | None:
    """The newest build folder under ``builds`` whose public files were written for ``key``, or None."""
    if not key or not Path(builds).is_dir():
        return None
    done = sorted((p for p in Path(builds).iterdir() if p.is_dir() and p.name[:1].isdigit()), reverse=True)
    return next((p for p in done if reusable(p, key) is not None), None)


def reusable(previous: Path | None, key: str) -> Path | None:
    """The ``public/`` folder of ``previous`` (the build being replaced) when it was written for the same
    content key and is complete; else None."""
    if previous is None or not key:
        return None
    try:
        manifest = json.loads((Path(previous) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    folder = Path(previous) / PUBLIC
    names = [DESCRIPTOR] + [f"{t}.{ext}" for t in TABLES for ext in ("csv", "parquet")]
    if manifest.get("public_key") != key or not all((folder / n).is_file() for n in names):
        return None
    return folder


def write_public(
    root: Path,
    build_folder: Path,
    catalog: Catalog,
    *,
    key: str = "",
    previous: Path | None = None,
    into: Path | None = None,
) -> dict[str, int]:
    """Write ``<build_folder>/public/`` (the build folder must hold its database and manifest).
    Returns the rows per table.

    ``into``: the folder to write (default ``<build_folder>/public``; etl.build.publish_build writes a
    temporary folder and renames it). When ``previous`` (a build, see :func:`same_content`) published the same content (``key``, see
    :func:`content_key`), its files are reused: the CSVs are hard-linked (they hold no build id), the
    Parquet files and the descriptor are rewritten with the new build id and time. The result is what a
    fresh write gives (``tests/test_publish.py`` compares them)."""
    target = Path(into or Path(build_folder) / PUBLIC)
    target.mkdir()
    same = reusable(previous, key)
    if same is not None:
        return _reuse(same, target, build_id_of(build_folder))
    wh = Warehouse(root, build=build_folder)
    try:
        frames = public_tables(wh, catalog)
        build_id = wh.build_id
    finally:
        wh.close()
    con = duckdb.connect()
    try:
        for name in TABLES:
            df = frames[name]
            meta = provenance(Filters(), build_id, len(df), df["confidence"] if name == "observations" else None)
            meta["table"] = name
            write_csv(df, target / f"{name}.csv", con)  # for scripts: plain UTF-8
            (target / f"{name}.parquet").write_bytes(to_parquet_bytes(df, meta))
    finally:
        con.close()
    descriptor = package_descriptor(
        frames,
        frames["sources"],
        build_id=build_id,
        paths={name: f"{name}.csv" for name in TABLES},
        descriptions=DESCRIPTIONS,
    )
    descriptor["wb6"]["parquet"] = {name: f"{name}.parquet" for name in TABLES}
    (target / DESCRIPTOR).write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")
    return {name: int(len(frames[name])) for name in TABLES}


# the column types whose text DuckDB's CSV writer gives exactly as pandas' to_csv does (tests/test_publish.py)
_SAME_TEXT = {"VARCHAR", "DOUBLE", "BIGINT"}


def write_csv(df: pd.DataFrame, path: Path, con: duckdb.DuckDBPyConnection) -> None:
    """``to_csv_bytes(df, bom=False)`` written to ``path`` (the public CSVs: plain UTF-8, formula-safe), by
    DuckDB's CSV writer: the 29 MB analyst table in about 0.15 s of CPU instead of 0.7-0.9 s with pandas'.

    The same bytes, because the frame is the one ``to_csv_bytes`` writes (:func:`csv_ready`) and DuckDB is
    told to write it as pandas does (QUOTE_MINIMAL, ``\\r\\n``): an empty text as an empty field (pandas
    writes empty and missing texts alike, DuckDB quotes an empty text unless it is NULL), no comment
    character (DuckDB quotes a field with ``#`` otherwise). Floats are written as the shortest text that reads
    back as the same double by both. Any other column type (or a frame DuckDB would read differently: one
    column, names equal but for case) is written by ``to_csv_bytes`` itself. ``tests/test_publish.py``
    compares both writers on the bundled public tables and on awkward texts and numbers."""
    ready = csv_ready(df)
    names = [str(c) for c in ready.columns]
    plain = len(names) > 1 and len({n.lower() for n in names}) == len(names) and all(map(_plain_column, ready.items()))
    if plain:
        con.register("public_csv", ready)
        try:
            types = dict(con.execute('SELECT column_name, column_type FROM (DESCRIBE "public_csv")').fetchall())
            # DuckDB names a column "" C0: any name it changed goes to pandas' writer too
            if list(types) == names and set(types.values()) <= _SAME_TEXT:
                select = ", ".join(
                    f"NULLIF({q}, '') AS {q}" if types[n] == "VARCHAR" else q for n in names for q in [_ident(n)]
                )
                where = str(path).replace("'", "''")
                con.execute(
                    f"COPY (SELECT {select} FROM public_csv) TO '{where}' "
                    "(FORMAT csv, HEADER, DELIMITER ',', QUOTE '\"', ESCAPE '\"', NEW_LINE '\r\n', COMMENT '')"
                )
                return
        finally:
            con.unregister("public_csv")
    path.write_bytes(to_csv_bytes(df, bom=False))


def _plain_column(item) -> bool:
    """A column DuckDB reads as VARCHAR, DOUBLE or BIGINT with the values pandas writes."""
    _name, values = item
    dtype = values.dtype
    if isinstance(dtype, pd.StringDtype) or dtype in ("float64", "int64", "Int64"):
        return True
    return pd.api.types.is_object_dtype(dtype) and pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty")


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def build_id_of(build_folder: Path) -> str:
    return json.loads((Path(build_folder) / "manifest.json").read_text(encoding="utf-8"))["build_id"]


def _reuse(source: Path, target: Path, build_id: str) -> dict[str, int]:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows = {}
    for name in TABLES:
        _link_or_copy(source / f"{name}.csv", target / f"{name}.csv")
        data = (source / f"{name}.parquet").read_bytes()
        schema = pq.read_schema(pa.BufferReader(data))
        meta = dict(schema.metadata or {})
        prov = json.loads(meta[PROVENANCE_KEY])
        prov.update(build_id=build_id, exported_at=now)
        meta[PROVENANCE_KEY] = json.dumps(prov, ensure_ascii=False).encode("utf-8")
        restamped, rows[name] = with_schema_metadata(data, schema.with_metadata(meta))
        (target / f"{name}.parquet").write_bytes(restamped)
    descriptor = json.loads((source / DESCRIPTOR).read_text(encoding="utf-8"))
    descriptor["created"] = now
    descriptor["wb6"]["build_id"] = build_id
    (target / DESCRIPTOR).write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")
    return rows


def with_schema_metadata(data: bytes, schema: pa.Schema) -> tuple[bytes, int]:
    """The Parquet file ``data`` with the schema (and so the file's key-value metadata) ``schema``, which has
    the same columns; and its number of rows. Only the footer is written again: the column chunks are
    copied as they are and keep their offsets, so nothing is decoded or encoded. The bytes are those
    ``pq.write_table`` gives for the file's table with that schema (same writer version and options;
    ``tests/test_publish.py`` compares them), in about 1 ms instead of 0.1-0.4 s for the observations.

    The footer is made by pyarrow: an empty file written with ``schema`` gives the footer's schema, key-value
    metadata (``ARROW:schema`` included) and writer name; the file's own row groups are appended to it.
    Layout of a Parquet file: ``PAR1``, column chunks, footer (Thrift), footer length (4 bytes, little
    endian), ``PAR1``."""
    if data[:4] != _MAGIC or data[-4:] != _MAGIC:  # an encrypted footer ends in PARE
        raise ValueError("not a Parquet file with a plain footer")
    footer = int.from_bytes(data[-8:-4], "little")
    chunks = data[: len(data) - 8 - footer]
    own = pq.read_metadata(pa.BufferReader(data))
    empty = pa.BufferOutputStream()
    pq.ParquetWriter(empty, schema).close()
    meta = pq.read_metadata(pa.BufferReader(empty.getvalue()))
    meta.append_row_groups(own)  # requires the same Parquet schema: raises otherwise
    out = pa.BufferOutputStream()
    meta.write_metadata_file(out)  # PAR1 + footer + length + PAR1
    return chunks + out.getvalue().to_pybytes()[len(_MAGIC) :], own.num_rows


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def serve(root: Path, build_folder: Path) -> Path | None:
    """Link ``<build_folder>/public`` into the public dir and point ``latest`` at it; remove the published
    folders of builds no longer in ``data/builds/archive``. Returns the published folder (None when the
    build has no public files)."""
    source = Path(build_folder) / PUBLIC
    if not source.is_dir():
        return None
    out = public_dir(root)
    builds = out / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    build_id = Path(build_folder).name
    final = builds / build_id
    if not final.is_dir():
        known = _known_files(builds)
        tmp = builds / f".tmp-{build_id}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        for f in sorted(source.iterdir()):
            same = _same_file(known, f)
            _link_or_copy(same or f, tmp / f.name)
            if same is not None:
                _share_inode(same, f)
        os.rename(tmp, final)
    link_tmp = out / f".{LATEST}-{os.getpid()}"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    os.symlink(Path(BUILDS) / build_id, link_tmp)
    os.replace(link_tmp, out / LATEST)  # atomic: a reader gets the old or the new build's files
    archive = Path(root) / "builds" / "archive"
    if archive.is_dir():
        keep = {p.name for p in archive.iterdir()} | {build_id}
        for old in builds.iterdir():
            if old.is_dir() and old.name[:1].isdigit() and old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)
    return final


def _known_files(builds: Path) -> dict[str, Path]:
    """Files of the newest published build, by name: an unchanged table is hard-linked to its file."""
    done = sorted(p for p in builds.iterdir() if p.is_dir() and p.name[:1].isdigit())
    if not done:
        return {}
    return {f.name: f for f in done[-1].iterdir() if f.is_file()}


def _same_file(known: dict[str, Path], f: Path) -> Path | None:
    """The published file with the same name and bytes as ``f`` (the same inode when the build reused
    it: no need to read it), or None."""
    other = known.get(f.name)
    if other is None:
        return None
    mine, theirs = f.stat(), other.stat()
    if (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino):
        return other
    if mine.st_size != theirs.st_size or _digest(f) != _digest(other):
        return None
    return other


def _share_inode(served: Path, f: Path) -> None:
    """Make the build's public file ``f`` the same file as the published copy ``served`` (same bytes, checked
    by the caller), so that the next build's reuse hard-links the published inode and :func:`serve` sees one
    inode instead of reading and hashing both files again: after a fresh write whose CSVs equal the published
    ones (a change of code that does not change the tables), every later rebuild hashed 2 x 29 MB (about 0.1 s).
    ``f`` is replaced with one rename; on another file system, or when it fails, it is left as it is."""
    mine, theirs = f.stat(), served.stat()
    if (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino):
        return
    tmp = f.with_name(f".{f.name}.{os.getpid()}.link")
    try:
        os.link(served, tmp)
        os.replace(tmp, f)
    except OSError:
        tmp.unlink(missing_ok=True)


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def published_builds(root: Path) -> list[str]:
    """Build ids with a published folder, oldest first."""
    builds = public_dir(root) / BUILDS
    if not builds.is_dir():
        return []
    return sorted(p.name for p in builds.iterdir() if p.is_dir() and p.name[:1].isdigit())
