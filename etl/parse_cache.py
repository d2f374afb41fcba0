"""The build's parse cache: what a dataset folder gave when it was last read and validated, and the
indicator catalog as last parsed and checked, reused when nothing they depend on has changed.

A rebuild after editing one file re-reads and re-checks only that file's dataset folder (or, after a
catalog edit, the catalog and every folder, since the adapters check values against the catalog's
scales). What a folder's entry depends on, all in its key (SHA-256):

- the content (SHA-256) and relative path of every file under the folder, hidden files included;
- the folder's path relative to the data folder (it is in every message and label) and the data
  folder's absolute path;
- the indicator catalog: every catalog file's content, and the model files beside it (sim3, glossary);
- the code: every ``.py`` file under ``etl/`` and ``indicators/`` and the JSON Schemas in ``schemas/``,
  by content, and the Python, pandas, pyarrow, DuckDB, numpy and PyYAML versions.

A folder's ``source.yaml`` is also kept on its own (parsed and schema-checked, keyed by its bytes, its
label and the code), for the folders that are read afresh anyway (survey microdata).

Only clean results are kept: a folder that reported a problem is read again on every build, so every
message (``file:row:column: rule``) is produced by the adapter itself, exactly as without the cache; the
checks across datasets (etl/build.py) always run. A folder whose adapter loads a table inside the new
build's DuckDB (``Extracted.loaders``: survey microdata) is not cached here either.

Entries live in ``data/builds/.parse-cache/`` (one file per dataset folder, replaced when its key
changes and removed when its dataset folder is gone, so the folder does not grow), written atomically.
A missing, unreadable or stale entry is a miss: the folder is read as without the cache. ``python -m etl build --no-cache`` ignores the cache (and
writes none); a fresh clone has none. They are Python pickles written by this program in the data
folder; anyone who can write there can change the warehouse anyway.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import platform
import sys
import uuid
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import yaml

from indicators.model.catalog import Catalog, catalog_files
from indicators.model.paths import PROJECT_ROOT

from .extract import Extracted

CACHE_DIR = ".parse-cache"  # under data/builds/
FORMAT = "1"  # bump when the entries' layout changes
CODE_DIRS = ("indicators", "etl")
SCHEMA_DIR = PROJECT_ROOT / "schemas"


class Digests:
    """SHA-256 of files, each file read once per build (the manifest lists the same digests)."""

    def __init__(self):
        self._known: dict[Path, str] = {}

    def __call__(self, path: Path) -> str:
        path = Path(path).absolute()  # the same file under a relative and an absolute name: read once
        got = self._known.get(path)
        if got is None:
            digest = hashlib.sha256()
            with open(path, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
            got = self._known[path] = digest.hexdigest()
        return got


def code_digest() -> str:
    """The code and library versions every cached result is a function of."""
    digest = hashlib.sha256(f"parse-cache {FORMAT}\n".encode())
    files = [p for folder in CODE_DIRS for p in sorted((PROJECT_ROOT / folder).rglob("*.py"))]
    files += sorted(SCHEMA_DIR.glob("*.json"))
    for path in files:
        digest.update(path.relative_to(PROJECT_ROOT).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    versions = (
        f"python {platform.python_version()} {sys.implementation.name} pandas {pd.__version__} "
        f"pyarrow {pa.__version__} duckdb {duckdb.__version__} numpy {np.__version__} yaml {yaml.__version__}"
    )
    digest.update(versions.encode())
    return digest.hexdigest()


class ParseCache:
    """The cache of one data folder (``root``), for one build: ``catalog_key`` and ``folder_key`` say
    what an entry depends on, ``get``/``put`` read and write entries. ``reused`` and ``parsed`` list the
    dataset folders (relative to ``root``) taken from the cache and read afresh by this build."""

    def __init__(self, root: Path, catalog_dir: Path, digests: Digests | None = None):
        self.root = Path(root).absolute()
        self.dir = self.root / "builds" / CACHE_DIR
        self.digest = digests or Digests()
        self.catalog_dir = Path(catalog_dir).absolute()
        self.code = code_digest()
        self.reused: list[str] = []
        self.parsed: list[str] = []
        self._catalog_key: str | None = None

    # keys ------------------------------------------------------------------------------------------
    def catalog_key(self) -> str:
        if self._catalog_key is None:
            models = sorted(p for p in self.catalog_dir.parent.rglob("*.yaml") if self.catalog_dir not in p.parents)
            digest = hashlib.sha256(f"catalog {self.code} {self.catalog_dir}\n".encode())
            for path in catalog_files(self.catalog_dir) + models:
                digest.update(f"{path} {self.digest(path)}\n".encode())
            self._catalog_key = digest.hexdigest()
        return self._catalog_key

    def folder_key(self, folder: Path) -> str | None:
        """None when the folder cannot be keyed (a symbolic link, unreadable files): never cached."""
        folder = Path(folder).absolute()
        if folder.is_symlink() or not folder.is_dir():
            return None
        digest = hashlib.sha256(f"folder {self.catalog_key()} {self.root} {_rel(folder, self.root)}\n".encode())
        try:
            for path in sorted(folder.rglob("*")):
                if path.is_symlink():
                    return None  # the adapters refuse or follow links: always read afresh
                if path.is_file():
                    digest.update(f"{path.relative_to(folder).as_posix()} {self.digest(path)}\n".encode())
                elif not path.is_dir():
                    return None
        except OSError:
            return None
        return digest.hexdigest()

    # entries ---------------------------------------------------------------------------------------
    def _entry(self, name: str) -> Path:
        return self.dir / f"{name}.pkl"

    def _load(self, name: str, key: str | None):
        if key is None:
            return None
        try:
            with open(self._entry(name), "rb") as fh:
                stored_key, value = pickle.load(fh)
        except Exception:  # missing, truncated, written by another version: a miss
            return None
        return value if stored_key == key else None

    def _store(self, name: str, key: str | None, value) -> None:
        if key is None:
            return
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            tmp = self.dir / f".{name}.{uuid.uuid4().hex}.tmp"
            with open(tmp, "wb") as fh:
                pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self._entry(name))
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            # a read-only data folder or an unpicklable result: the build goes on without an entry
            for stale in self.dir.glob(f".{name}.*.tmp"):
                stale.unlink(missing_ok=True)

    def get_catalog(self) -> Catalog | None:
        got = self._load("_catalog", self.catalog_key())
        return got if isinstance(got, Catalog) else None

    def put_catalog(self, catalog: Catalog) -> None:
        self._store("_catalog", self.catalog_key(), catalog)

    def _sidecar_key(self, path: Path, label: str) -> str | None:
        try:
            return hashlib.sha256(f"sidecar {self.code} {self.root} {label} {self.digest(path)}".encode()).hexdigest()
        except OSError:
            return None

    def get_sidecar(self, path: Path, label: str) -> dict | None:
        """A folder's ``source.yaml`` as parsed and checked before (a new copy on every call): for the
        folders read afresh anyway (survey microdata), so that no schema check (nor jsonschema's import)
        is needed when only their data changed or nothing did."""
        got = self._load("sidecar-" + Path(path).parent.name, self._sidecar_key(path, label))
        return got if isinstance(got, dict) else None

    def put_sidecar(self, path: Path, label: str, meta: dict) -> None:
        self._store("sidecar-" + Path(path).parent.name, self._sidecar_key(path, label), meta)

    def get(self, folder: Path) -> Extracted | None:
        # The folder is hashed BEFORE its adapter reads it, with or without an entry: the key (and the manifest's
        # digest, from the same store) then describes content no newer than what was read, so a file changed during
        # a build makes the next build miss instead of keeping an old result under the new content's key
        # (a lookup without hashing, tried in the sixth round, had that flaw: docs/performance.md, "h27survey").
        key = self.folder_key(folder)
        if not self._entry(_name(folder)).exists():
            return None
        got = self._load(_name(folder), key)
        if not isinstance(got, Extracted):
            return None
        self.reused.append(_rel(Path(folder).absolute(), self.root))
        return got

    def put(self, folder: Path, extracted: Extracted) -> None:
        """Keep a clean result (the caller passes only results that reported no problem)."""
        self.parsed.append(_rel(Path(folder).absolute(), self.root))
        if extracted.loaders:
            return  # loaders work on files of this build (survey microdata): not reusable
        self._store(_name(folder), self.folder_key(folder), extracted)

    def prune(self, folders: list[Path]) -> None:
        """Remove the entries of dataset folders that are gone (a renamed or deleted dataset)."""
        keep = {_name(f) for f in folders} | {"sidecar-" + Path(f).name for f in folders} | {"_catalog"}
        try:
            entries = list(self.dir.glob("*.pkl"))
        except OSError:
            return
        for entry in entries:
            if entry.stem not in keep:
                entry.unlink(missing_ok=True)


def _name(folder: Path) -> str:
    return "raw-" + Path(folder).name


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
