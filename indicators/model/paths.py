"""Filesystem locations shared by the ETL and the dashboard (overridable for tests)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# CYBER_CATALOG_DIR (read once, at import) points a test server at a broken copy of the catalog.
CATALOG_DIR = Path(os.environ.get("CYBER_CATALOG_DIR") or PROJECT_ROOT / "indicators" / "catalog")
LOCALE_DIR = PROJECT_ROOT / "indicators" / "locale"  # gettext catalogs (messages, catalog) per language


def data_dir() -> Path:
    """Root of data/ (raw inputs and built warehouse). CYBER_DATA_DIR overrides it for tests."""
    return Path(os.environ.get("CYBER_DATA_DIR", PROJECT_ROOT / "data"))


def raw_dir() -> Path:
    return data_dir() / "raw"


def warehouse_dir() -> Path:
    """``data/warehouse`` is a symlink to the current build under ``data/builds/``."""
    return data_dir() / "warehouse"
