"""Read-only access to the built warehouse. The dashboard never writes data.

A ``Warehouse`` is bound to one build: it resolves ``data/warehouse`` (a symlink) to the build
folder at open time, so a rebuild that swaps the link does not disturb it; the dashboard opens a new
``Warehouse`` when the manifest's build id changes.
"""
from __future__ import annotations

import json
import threading
from pathlib import Path

import duckdb
import pandas as pd

from .paths import data_dir


class WarehouseMissing(RuntimeError):
    pass


def current_build_id(root: Path | None = None) -> str | None:
    try:
        manifest = json.loads((Path(root or data_dir()) / "warehouse" / "manifest.json").read_text())
        return manifest.get("build_id")
    except (OSError, ValueError):
        return None


class Warehouse:
    def __init__(self, root: Path | None = None):
        link = Path(root or data_dir()) / "warehouse"
        self.path = link.resolve()
        db = self.path / "cyber.duckdb"
        if not db.exists():
            raise WarehouseMissing(f"no warehouse at {link}: run `python -m etl build`")
        self.manifest = json.loads((self.path / "manifest.json").read_text(encoding="utf-8"))
        self.build_id = self.manifest["build_id"]
        self._con = duckdb.connect(str(db), read_only=True)
        self._lock = threading.Lock()

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run one read-only query and fetch it fully (a half-read result would keep the connection busy)."""
        with self._lock:
            cur = self._con.cursor()
        try:
            return cur.execute(sql, params or []).df()
        finally:
            cur.close()

    def table(self, name: str) -> pd.DataFrame:
        if not name.isidentifier():
            raise ValueError(f"not a table name: {name!r}")
        return self.query(f'SELECT * FROM "{name}"')

    def has_table(self, name: str) -> bool:
        return bool(len(self.query("SELECT 1 FROM information_schema.tables WHERE table_name = ?", [name])))

    def observations(self) -> pd.DataFrame:
        """All observations with their indicator, unit, pillar and source provenance (never the internal
        research notes, which stay in the warehouse for the team)."""
        return self.query("""
            SELECT o.* EXCLUDE (internal_note), i.name AS indicator_name, i.unit, i.pillar, i.family,
                   s.title AS source_title, s.publisher AS source_publisher, s.url AS source_url,
                   s.as_of AS source_as_of, s.where_found AS source_where_found
            FROM observations o
            JOIN indicators i USING (indicator_id)
            LEFT JOIN sources s USING (source_id)
            ORDER BY o.indicator_id, o.economy, o.period
        """)

    def close(self) -> None:
        self._con.close()
