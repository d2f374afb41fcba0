"""Read-only access to the built warehouse. The dashboard never writes data.

A ``Warehouse`` is bound to one build: it resolves ``data/warehouse`` (a symlink) to the build
folder at open time (or opens a named build folder), so a rebuild that swaps the link does not
disturb it; the dashboard pins one build per page run (ui/data.py).

Opening never raises anything but ``WarehouseMissing`` (a short message for the operator): a
missing link, a deleted build folder, an unreadable manifest, a truncated ``cyber.duckdb`` or any served
file whose sha256 differs from the one the build wrote into its manifest (``checksums``) are all reported
that way; :meth:`Warehouse.intact` re-checks sizes, modification times and inodes cheaply on every page run. ``open_last_good`` falls back to the newest complete build when the current one
is unusable.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from indicators.model.paths import data_dir
from indicators.text.i18n import _


def use_system_arrow_pool() -> str:
    """Send this process's Arrow allocations to the system allocator (glibc malloc) instead of Arrow's default
    mimalloc pool, unless ``ARROW_DEFAULT_MEMORY_POOL`` says otherwise; returns the pool's name. The dashboard
    calls it once per server process (ui/data.py): with mimalloc, the observations' conversion to pandas
    (``to_pandas`` of 35k rows) took 3-15 ms or, at random, 36-157 ms from one read to the next; with the system
    pool at most 17 ms (docs/performance.md, "First chart (fourth round)"; the build does the same for itself:
    etl.build.arrow_pool)."""
    if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        pa.set_memory_pool(pa.system_memory_pool())
    return pa.default_memory_pool().backend_name


class WarehouseMissing(RuntimeError):
    """No usable warehouse: the message says what happened (without server paths) and what to run."""


def current_build_id(root: Path | None = None) -> str | None:
    try:
        manifest = json.loads((Path(root or data_dir()) / "warehouse" / "manifest.json").read_text())
        return manifest.get("build_id")
    except (OSError, ValueError, AttributeError):
        return None


def current_build_path(root: Path | None = None) -> Path | None:
    """The build folder ``data/warehouse`` points to now (resolved once), or None."""
    link = Path(root or data_dir()) / "warehouse"
    try:
        path = link.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return path if path.is_dir() else None


def complete_builds(root: Path | None = None) -> list[Path]:
    """Build folders that hold a manifest and a database, newest first (candidates for a fallback)."""
    builds = Path(root or data_dir()) / "builds"
    try:
        found = [p for p in builds.iterdir() if p.name[:1].isdigit() and p.is_dir()]
    except OSError:
        return []
    return sorted(
        (p for p in found if (p / "manifest.json").is_file() and (p / "cyber.duckdb").is_file()),
        key=lambda p: p.name,
        reverse=True,
    )


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MiB blocks (the build's checksums, the caches' keys)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def damaged_file(build: Path, manifest: dict) -> str | None:
    """The first served file of a build whose size or sha256 differs from its manifest's ``checksums``
    (relative path), or None. Builds made before checksums were written have nothing to check."""
    checksums = manifest.get("checksums")
    if not isinstance(checksums, dict):
        return None
    for name, want in checksums.items():
        path = Path(build) / name
        try:
            if path.stat().st_size != want.get("bytes") or file_sha256(path) != want.get("sha256"):
                return name
        except (OSError, AttributeError):
            return name
    return None


class Warehouse:
    def __init__(self, root: Path | None = None, build: Path | None = None):
        """Open the current build (``data/warehouse``) or the given build folder, read-only."""
        if build is None:
            build = current_build_path(root)
            if build is None:
                raise WarehouseMissing(
                    _(
                        "no warehouse has been built yet, or data/warehouse points to a deleted "
                        "build: the operator runs `python -m etl build`"
                    )
                )
        self.path = Path(build)
        db = self.path / "cyber.duckdb"
        if not db.is_file():
            raise WarehouseMissing(
                _("build {id} is incomplete (no database): the operator runs `python -m etl build`").format(
                    id=self.path.name
                )
            )
        try:
            self.manifest = json.loads((self.path / "manifest.json").read_text(encoding="utf-8"))
            self.build_id = str(self.manifest["build_id"])
        except (OSError, ValueError, KeyError, TypeError):
            raise WarehouseMissing(
                _("build {id} has no readable manifest: the operator runs `python -m etl build`").format(
                    id=self.path.name
                )
            ) from None
        damaged = damaged_file(self.path, self.manifest)
        if damaged is not None:
            raise WarehouseMissing(
                _(
                    "build {id} is damaged ({file} differs from its manifest): the operator runs `python -m etl build`"
                ).format(id=self.path.name, file=damaged)
            )
        # The served files' paths as text, joined once: the stat of every served file on every page run
        # (intact) is then one os.stat per file, not a pathlib join and a stat (0.44 -> 0.1 ms a run).
        self._served = [
            (name, os.path.join(self.path, name))
            for name in [*(self.manifest.get("checksums") or {})] or ["cyber.duckdb"]
        ]
        self._stamps = self._stat()
        try:
            self._con = duckdb.connect(str(db), read_only=True)
            self._con.execute("SELECT count(*) FROM observations").fetchall()
        except Exception:  # a truncated or corrupt database file: never a traceback for a visitor
            with contextlib.suppress(Exception):
                self._con.close()
            raise WarehouseMissing(
                _("build {id} has a damaged database: the operator runs `python -m etl build`").format(
                    id=self.path.name
                )
            ) from None
        self._lock = threading.Lock()

    def _stat(self) -> list[tuple[int, int, int]]:
        """(size, modification time, inode) of every served file, in the manifest's order; (-1, -1, -1) for a
        file that cannot be read. A file rewritten, truncated or replaced (a new inode) changes its entry."""
        out = []
        for _name, path in self._served:
            try:
                st = os.stat(path)
                out.append((st.st_size, st.st_mtime_ns, st.st_ino))
            except OSError:
                out.append((-1, -1, -1))
        return out

    def intact(self) -> bool:
        """Whether the served files still have the size, modification time and inode they had when the build
        was opened (one stat call per file: cheap enough for every page run)."""
        return self._stat() == self._stamps

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run one read-only query and fetch it fully (a half-read result would keep the connection busy)."""
        with self._lock:
            cur = self._con.cursor()
        try:
            return cur.execute(sql, params or []).df()
        finally:
            cur.close()

    def _typed_query(self, sql: str, params: list) -> pd.DataFrame:
        """As :meth:`query`, fetched through Arrow: about three times faster than ``.df()`` on the
        observations' long texts, and every text column (VARCHAR) is pandas text (``str``) even when all
        its values are missing, so a filtered read has the dtypes of the unfiltered one."""
        with self._lock:
            cur = self._con.cursor()
        try:
            return cur.sql(sql, params=params).to_arrow_table().to_pandas()
        finally:
            cur.close()

    def table(self, name: str) -> pd.DataFrame:
        if not name.isidentifier():
            raise ValueError(f"not a table name: {name!r}")
        return self.query(f'SELECT * FROM "{name}"')

    def has_table(self, name: str) -> bool:
        return bool(len(self.query("SELECT 1 FROM information_schema.tables WHERE table_name = ?", [name])))

    def observations(
        self, economies: Sequence[str] | None = None, first: int | None = None, last: int | None = None
    ) -> pd.DataFrame:
        """All observations with their indicator, unit, pillar and source provenance (never the internal
        research notes, which stay in the warehouse for the team).

        A page that needs fewer rows says which, and DuckDB reads only those: ``economies`` (codes),
        ``first`` and ``last`` (periods, inclusive). Ties of the order keep the build's row order (rowid,
        the build writes the table sorted by indicator, economy, period and source). The rows, columns, types and order are exactly those
        of the unfiltered read filtered in pandas (tests/test_warehouse_filtered.py)."""
        where, params = [], []
        if economies is not None:
            where.append("o.economy IN (SELECT unnest(?::VARCHAR[]))")
            params.append([str(e) for e in economies])
        if first is not None:
            where.append("o.period >= ?")
            params.append(int(first))
        if last is not None:
            where.append("o.period <= ?")
            params.append(int(last))
        return self._typed_query(
            f"""
            SELECT o.* EXCLUDE (internal_note), i.name AS indicator_name, i.unit, i.pillar, i.family,
                   s.title AS source_title, s.publisher AS source_publisher, s.url AS source_url,
                   s.as_of AS source_as_of, s.where_found AS source_where_found
            FROM observations o
            JOIN indicators i USING (indicator_id)
            LEFT JOIN sources s USING (source_id)
            {"WHERE " + " AND ".join(where) if where else ""}
            ORDER BY o.indicator_id, o.economy, o.period, o.rowid
        """,
            params,
        )

    def close(self) -> None:
        self._con.close()


def open_last_good(root: Path | None = None, skip=()) -> tuple[Warehouse, str]:
    """The current warehouse, or else the newest complete build that opens, with a notice saying why.

    ``skip``: build folders already found damaged (set aside: never opened again by this process). Raises WarehouseMissing (with the first reason) when no build can be opened.
    """
    skip = {str(p) for p in skip}
    current = current_build_path(root)
    if current is not None and str(current) in skip:
        first = WarehouseMissing(_("build {id} is damaged").format(id=current.name))
    else:
        try:
            return Warehouse(root), ""
        except WarehouseMissing as err:
            first = err
    for path in complete_builds(root):
        if (current is not None and path == current) or str(path) in skip:
            continue
        try:
            wh = Warehouse(root, build=path)
        except WarehouseMissing:
            continue
        return wh, _("The current warehouse cannot be read ({reason}); showing the last good build {id}.").format(
            reason=first, id=wh.build_id
        )
    raise first


ARCHIVE = "archive"  # data/builds/archive/<build id>/: manifest + observations of each past build


def archived_builds(root: Path | None = None) -> list[dict]:
    """Manifests of the archived builds, oldest first (each with ``path`` to its archive folder)."""
    folder = Path(root or data_dir()) / "builds" / ARCHIVE
    out = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.name.startswith("."):
            continue
        try:
            manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if (path / "parquet" / "observations.parquet").is_file():
            out.append({**manifest, "path": str(path)})
    return out
