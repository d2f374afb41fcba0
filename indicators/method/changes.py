"""What changed since the last forum: compare the observations of two warehouse builds.

Archived builds live in ``data/builds/archive/<build_id>/`` with ``manifest.json`` (at least
``build_id`` and ``built_at``) and ``parquet/observations.parquet`` (the warehouse ``observations``
table). :func:`list_archived_builds` lists them with their dates, :func:`choose_build` picks the
"last forum" build from a build id or a date given in the URL (never raising on user input),
:func:`load_archived_build` reads one, and :func:`compare_builds` compares two sets of observations.

A change is keyed by (economy, indicator_id, period, sex, group) over the *preferred* rows (the ones
the dashboard shows). Kinds:
- ``added``: a row in the new build only (a new edition, a new indicator, a new fact);
- ``withdrawn``: a row in the old build only;
- ``changed``: the value, the categorical value, the status (e.g. not assessed -> observed), the
  source or the confidence differ (``what`` says which);
- ``derived``: a pillar rank that moved because values changed (e.g. Serbia from joint 1st to 2nd on
  Legal), listed after the value changes of its economy, with the indicators whose values caused it
  (``caused_by``). Computed only when a :class:`~indicators.model.catalog.Catalog` is given.
Facts are paired by their key, not by their date: a fact whose date was corrected (the same economy,
indicator, sex and group, one row withdrawn at the old date and one added at the new one) is ONE
``changed`` row with ``what`` "date" and its ``old_period``, never "withdrawn" plus "new".
Rows are marked ``lens = "fact"`` for categorical (status-lens) facts, ``"rank"`` for derived ranks and
``"value"`` otherwise. Pure pandas; no Streamlit.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

import pandas as pd

from indicators.method.scoring import pillar_scores
from indicators.method.sensitivity import ordinal
from indicators.model.catalog import PILLAR_IDS
from indicators.model.paths import data_dir
from indicators.model.urlstate import shown
from indicators.model.vocabulary import _
from indicators.model.warehouse import archived_builds
from indicators.text.formatting import value_with_scale

KEY = ["economy", "indicator_id", "period", "sex", "group"]
COMPARED = ["value", "value_text", "status", "source_id", "confidence"]
KIND_ORDER = {"changed": 0, "added": 1, "withdrawn": 2, "derived": 3}
_BUILD_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CHANGE_COLUMNS = [
    "economy",
    "indicator_id",
    "indicator",
    "period",
    "old_period",
    "sex",
    "group",
    "kind",
    "lens",
    "what",
    "old_value",
    "new_value",
    "delta",
    "old_status",
    "new_status",
    "old_source_id",
    "new_source_id",
    "source_id",
    "confidence",
    "dataset",
    "caused_by",
]


class BuildNotFound(LookupError):
    """An archived build is missing or unreadable (the message is fit to show to a reader)."""


@dataclass
class ArchivedBuild:
    build_id: str
    built_at: str
    manifest: dict
    observations: pd.DataFrame


@dataclass
class ChangeReport:
    old: dict  # {"build_id", "built_at"}
    new: dict
    changes: pd.DataFrame  # CHANGE_COLUMNS, one row per changed, added or withdrawn observation
    new_indicators: list[str] = field(default_factory=list)  # indicator ids only in the new build
    dropped_indicators: list[str] = field(default_factory=list)  # indicator ids only in the old build
    new_periods: pd.DataFrame = field(default_factory=pd.DataFrame)  # indicator_id, period, economies

    def for_economy(self, economy: str) -> pd.DataFrame:
        return self.changes[self.changes["economy"] == economy].reset_index(drop=True)

    def summary(self) -> pd.DataFrame:
        """Counts per economy: changed, added, withdrawn (0 where none)."""
        if self.changes.empty:
            return pd.DataFrame(columns=["economy", "changed", "added", "withdrawn"])
        table = pd.crosstab(self.changes["economy"], self.changes["kind"])
        kinds = [k for k in KIND_ORDER if k != "derived" or k in table.columns]  # derived ranks only when any
        for kind in kinds:
            if kind not in table.columns:
                table[kind] = 0
        return table[kinds].reset_index().rename_axis(None, axis=1)

    @property
    def empty(self) -> bool:
        return self.changes.empty


# ---------------------------------------------------------------- comparing two builds


def _prepare(obs: pd.DataFrame, preferred_only: bool) -> pd.DataFrame:
    frame = obs.copy()
    for col in KEY + COMPARED + ["preferred", "dataset"]:
        if col not in frame.columns:
            frame[col] = None
    if preferred_only:
        frame = frame[frame["preferred"].fillna(True).astype(bool)]
    frame = frame.assign(period=frame["period"].astype("int64"))
    return frame.drop_duplicates(KEY, keep="last").set_index(KEY)


def _same(a, b) -> bool:
    a_na = a is None or (isinstance(a, float) and math.isnan(a)) or a is pd.NA
    b_na = b is None or (isinstance(b, float) and math.isnan(b)) or b is pd.NA
    if a_na or b_na:
        return a_na and b_na
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9)
    return str(a) == str(b)


def _lens(row) -> str:
    text = row.get("value_text")
    return "fact" if text is not None and not (isinstance(text, float) and math.isnan(text)) else "value"


def _shown(row, ind_meta: dict | None) -> str:
    """A value as a reader sees it: status label, category, or the number with its scale."""
    if row is None:
        return "—"
    status = row.get("status")
    if status and status != "observed":
        return str(status).replace("_", " ")
    text = row.get("value_text")
    if text is not None and not (isinstance(text, float) and math.isnan(text)):
        labels = (ind_meta or {}).get("labels") or {}
        return str(labels.get(str(text), text))
    meta = ind_meta or {}
    return value_with_scale(
        row.get("value"), meta.get("unit"), scale_min=meta.get("scale_min"), scale_max=meta.get("scale_max")
    )


def _indicator_meta(indicators) -> dict[str, dict]:
    if indicators is None:
        return {}
    if hasattr(indicators, "indicators") and isinstance(indicators.indicators, dict):  # a Catalog
        return {
            i.id: {
                "name": i.name,
                "unit": i.unit,
                "scale_min": i.min,
                "scale_max": i.max,
                "labels": dict(i.category_labels),
            }
            for i in indicators.indicators.values()
        }
    if indicators.empty:
        return {}
    meta = {}
    for rec in indicators.to_dict("records"):
        labels = rec.get("category_labels")
        meta[rec["indicator_id"]] = {
            "name": rec.get("name") or rec["indicator_id"],
            "unit": rec.get("unit"),
            "scale_min": _num(rec.get("scale_min")),
            "scale_max": _num(rec.get("scale_max")),
            "labels": labels if isinstance(labels, dict) else {},
        }
    return meta


def _num(value):
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def compare_builds(
    old_obs: pd.DataFrame,
    new_obs: pd.DataFrame,
    old_manifest: dict | None = None,
    new_manifest: dict | None = None,
    indicators=None,
    preferred_only: bool = True,
) -> ChangeReport:
    """Every observation that changed, was added or was withdrawn between two builds, per economy.

    ``indicators`` (optional) is the :class:`~indicators.model.catalog.Catalog` (names, scales and category
    labels) or the warehouse ``indicators`` table (indicator_id, name, unit, scale_min, scale_max;
    optionally a ``category_labels`` dict): with it, values are written with their scale
    ("12.08 / 20") and indicators by name."""
    old, new = _prepare(old_obs, preferred_only), _prepare(new_obs, preferred_only)
    meta = _indicator_meta(indicators)
    rows = []
    old_rec, new_rec = old.to_dict("index"), new.to_dict("index")
    for key in old.index.union(new.index):
        o, n = old_rec.get(key), new_rec.get(key)
        if o is not None and n is not None:
            what = [c for c in COMPARED if not _same(o.get(c), n.get(c))]
            if not what:
                continue
            kind = "changed"
        else:
            what, kind = [], "added" if o is None else "withdrawn"
        here = n if n is not None else o
        ind_meta = meta.get(key[1])
        delta = None
        if o is not None and n is not None and "value" in what:
            a, b = _num(o.get("value")), _num(n.get("value"))
            delta = None if a is None or b is None else round(b - a, 6)
        rows.append(
            {
                "economy": key[0],
                "indicator_id": key[1],
                "indicator": (ind_meta or {}).get("name") or here.get("indicator_name") or key[1],
                "period": int(key[2]),
                "old_period": None,
                "sex": key[3],
                "group": key[4],
                "kind": kind,
                "lens": _lens(here),
                "what": ", ".join(_WHAT.get(w, w) for w in what),
                "old_value": _shown(o, ind_meta),
                "new_value": _shown(n, ind_meta),
                "delta": delta,
                "old_status": None if o is None else o.get("status"),
                "new_status": None if n is None else n.get("status"),
                "old_source_id": None if o is None else o.get("source_id"),
                "new_source_id": None if n is None else n.get("source_id"),
                "source_id": here.get("source_id"),
                "confidence": here.get("confidence"),
                "dataset": here.get("dataset"),
                "caused_by": "",
            }
        )
    rows = _pair_redated(rows, old_rec, new_rec, meta)
    if hasattr(indicators, "pillars") and "score" in old_obs.columns and "score" in new_obs.columns:
        rows += derived_rank_changes(old_obs, new_obs, indicators, rows)
    changes = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    changes = changes.astype({"period": "Int64", "old_period": "Int64"})
    if not changes.empty:
        changes = (
            changes.assign(_k=changes["kind"].map(KIND_ORDER))
            .sort_values(["economy", "_k", "indicator_id", "period", "sex", "group"], kind="stable")
            .drop(columns="_k")
        )
        changes = changes.reset_index(drop=True)
    old_ids = set(old.index.get_level_values("indicator_id"))
    new_ids = set(new.index.get_level_values("indicator_id"))
    old_periods = {
        (i, p) for i, p in zip(old.index.get_level_values("indicator_id"), old.index.get_level_values("period"))
    }
    added = changes[(changes["kind"] == "added") & changes["indicator_id"].isin(old_ids)] if len(changes) else changes
    fresh = [
        (i, p, e)
        for i, p, e in zip(added.get("indicator_id", []), added.get("period", []), added.get("economy", []))
        if (i, p) not in old_periods
    ]
    new_periods = (
        pd.DataFrame(fresh, columns=["indicator_id", "period", "economy"])
        .groupby(["indicator_id", "period"])["economy"]
        .agg(lambda s: sorted(set(s)))
        .reset_index()
        .rename(columns={"economy": "economies"})
        if fresh
        else pd.DataFrame(columns=["indicator_id", "period", "economies"])
    )
    return ChangeReport(
        old=_ident(old_manifest),
        new=_ident(new_manifest),
        changes=changes,
        new_indicators=sorted(new_ids - old_ids),
        dropped_indicators=sorted(old_ids - new_ids),
        new_periods=new_periods,
    )


def _pair_redated(rows: list[dict], old_rec: dict, new_rec: dict, meta: dict) -> list[dict]:
    """Facts paired by key, not date: per (economy, indicator, sex, group), withdrawn and added fact rows in
    equal numbers are the same facts re-dated; each pair becomes one 'changed' row (what: 'date', plus
    'value' etc. when those differ too)."""
    groups: dict[tuple, dict[str, list[int]]] = {}
    for k, r in enumerate(rows):
        if r["lens"] == "fact" and r["kind"] in ("added", "withdrawn"):
            g = groups.setdefault(
                (r["economy"], r["indicator_id"], r["sex"], r["group"]), {"added": [], "withdrawn": []}
            )
            g[r["kind"]].append(k)
    drop = set()
    for (eco, ind, sex, grp), g in groups.items():
        if not g["added"] or len(g["added"]) != len(g["withdrawn"]):
            continue
        olds = sorted(g["withdrawn"], key=lambda k: rows[k]["period"])
        news = sorted(g["added"], key=lambda k: rows[k]["period"])
        for ko, kn in zip(olds, news):
            o_row, n_row = rows[ko], rows[kn]
            o = old_rec[(eco, ind, o_row["period"], sex, grp)]
            n = new_rec[(eco, ind, n_row["period"], sex, grp)]
            what = ["date"] + [_WHAT.get(c, c) for c in COMPARED if not _same(o.get(c), n.get(c))]
            n_row.update(
                kind="changed",
                old_period=o_row["period"],
                what=", ".join(dict.fromkeys(what)),
                old_value=f"{_shown(o, meta.get(ind))} ({o_row['period']})",
                new_value=f"{_shown(n, meta.get(ind))} ({n_row['period']})",
                old_status=o.get("status"),
                old_source_id=o.get("source_id"),
            )
            drop.add(ko)
    return [r for k, r in enumerate(rows) if k not in drop]


def _rank_words(row) -> str:
    if row is None or pd.isna(row["rank"]):
        return _("not ranked")
    return _("{rank} of {n}").format(rank=ordinal(int(row["rank"])), n=int(row["_n"]))


def derived_rank_changes(old_obs: pd.DataFrame, new_obs: pd.DataFrame, catalog, value_rows: list[dict]) -> list[dict]:
    """Pillar ranks that differ between the two builds (scored with the same functions as the pages), one
    'derived' row per economy and pillar, naming the changed indicators of that pillar that caused it."""

    def ranks(obs):
        s = pillar_scores(obs, catalog)
        s["_n"] = s.groupby("pillar")["rank"].transform(lambda r: r.notna().sum())
        return s.set_index(["economy", "pillar"])

    try:
        old, new = ranks(old_obs), ranks(new_obs)
    except (KeyError, ValueError, TypeError):  # an archived build without the columns scoring needs
        return []
    pillar_of = {i.id: i.pillar for i in catalog.indicators.values()}
    changed_by_pillar: dict[str, list[str]] = {}
    for r in value_rows:
        p = pillar_of.get(r["indicator_id"])
        if p in PILLAR_IDS:
            changed_by_pillar.setdefault(p, [])
            if r["indicator_id"] not in changed_by_pillar[p]:
                changed_by_pillar[p].append(r["indicator_id"])
    out = []
    for key in new.index.union(old.index):
        o = old.loc[key] if key in old.index else None
        n = new.loc[key] if key in new.index else None
        a = None if o is None or pd.isna(o["rank"]) else (int(o["rank"]), int(o["_n"]))
        b = None if n is None or pd.isna(n["rank"]) else (int(n["rank"]), int(n["_n"]))
        if a == b:
            continue
        eco, pillar = key
        period = n["period_to"] if n is not None and pd.notna(n["period_to"]) else None
        out.append(
            {
                "economy": eco,
                "indicator_id": f"pillar_rank:{pillar}",
                "indicator": _("{pillar}: pillar rank").format(pillar=_(catalog.pillar_name(pillar))),
                "period": None if period is None else int(period),
                "old_period": None,
                "sex": "total",
                "group": "all",
                "kind": "derived",
                "lens": "rank",
                "what": "rank",
                "old_value": _rank_words(o),
                "new_value": _rank_words(n),
                "delta": None,
                "old_status": None,
                "new_status": None,
                "old_source_id": None,
                "new_source_id": None,
                "source_id": None,
                "confidence": None,
                "dataset": None,
                "caused_by": ";".join(changed_by_pillar.get(pillar, [])),
            }
        )
    return out


_WHAT = {"value": "value", "value_text": "value", "status": "status", "source_id": "source", "confidence": "confidence"}


def _ident(manifest: dict | None) -> dict:
    manifest = manifest or {}
    return {"build_id": manifest.get("build_id"), "built_at": manifest.get("built_at")}


def describe(row) -> str:
    """One sentence for a change row, e.g. "ITU GCI 2024: Legal (2024): 10.5 / 20 -> 12.08 / 20 (source)"."""
    head = f"{row['indicator']} ({row['period']})"
    if row["kind"] == "derived":
        cause = f"; after changes in {row['caused_by'].replace(';', ', ')}" if row.get("caused_by") else ""
        return f"{row['indicator']}: {row['old_value']} → {row['new_value']} (derived{cause})"
    if row["kind"] == "added":
        return f"{head}: new, {row['new_value']}"
    if row["kind"] == "withdrawn":
        return f"{head}: withdrawn (was {row['old_value']})"
    return f"{head}: {row['old_value']} → {row['new_value']} ({row['what']} changed)"


# ---------------------------------------------------------------- archived builds


def archive_dir(root: Path | None = None) -> Path:
    return Path(root or data_dir()) / "builds" / "archive"


def _parse_time(text) -> datetime | None:
    if not text:
        return None
    try:
        stamp = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def list_archived_builds(root: Path | None = None) -> pd.DataFrame:
    """Archived builds, oldest first: build_id, built_at (UTC timestamp), observations (row count or
    None), path. Folders without a readable manifest or observations file are skipped."""

    rows = [
        {
            "build_id": str(manifest.get("build_id") or Path(manifest["path"]).name),
            "built_at": _parse_time(manifest.get("built_at")),
            "observations": (manifest.get("tables") or {}).get("observations"),
            "path": manifest["path"],
        }
        for manifest in archived_builds(Path(root) if root else None)
    ]
    table = pd.DataFrame(rows, columns=["build_id", "built_at", "observations", "path"])
    if not table.empty:
        table["built_at"] = pd.to_datetime(table["built_at"], utc=True)
        table = table.sort_values(["built_at", "build_id"], kind="stable").reset_index(drop=True)
    return table


def load_archived_build(build_id: str, root: Path | None = None) -> ArchivedBuild:
    """Manifest and observations of one archived build. Raises BuildNotFound with a readable message."""
    if not isinstance(build_id, str) or not _BUILD_ID.match(build_id) or ".." in build_id:
        raise BuildNotFound("not a build id")
    path = archive_dir(root) / build_id
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        observations = pd.read_parquet(path / "parquet" / "observations.parquet")
    except (OSError, ValueError) as exc:
        raise BuildNotFound(f"build {build_id} is not in the archive") from exc
    return ArchivedBuild(
        build_id=str(manifest.get("build_id") or build_id),
        built_at=str(manifest.get("built_at") or ""),
        manifest=manifest,
        observations=observations,
    )


def choose_build(
    builds: pd.DataFrame, build_id: str | None = None, on_or_before: str | None = None, exclude: str | None = None
) -> tuple[str | None, str | None]:
    """The "last forum" build: by build id (exact, or a unique prefix), else the latest built on or
    before a date (YYYY-MM-DD, end of that day UTC), else the latest archived build other than
    ``exclude`` (the current build). Returns (build_id or None, message for the reader or None)."""

    if builds is None or builds.empty:
        return None, _("No earlier build is archived yet, so there is nothing to compare with.")
    candidates = builds[builds["build_id"] != exclude] if exclude else builds
    if build_id:
        exact = candidates[candidates["build_id"] == build_id]
        if len(exact):
            return build_id, None
        prefix = candidates[candidates["build_id"].str.startswith(str(build_id))]
        if len(prefix) == 1:
            return str(prefix.iloc[0]["build_id"]), None
        fallback, _msg = choose_build(builds, None, on_or_before, exclude)
        extra = _("several builds match it") if len(prefix) > 1 else _("no archived build has it")
        return fallback, _("Build '{build}': {problem}; comparing with {other} instead.").format(
            build=shown(build_id), problem=extra, other=fallback or _("nothing")
        )
    if on_or_before:
        text = str(on_or_before).strip()
        try:
            day = date.fromisoformat(text) if _DAY.match(text) else None
        except ValueError:
            day = None
        if day is None:
            fallback, _msg = choose_build(builds, None, None, exclude)
            return fallback, _("Unknown date '{date}' (use YYYY-MM-DD); comparing with {other}.").format(
                date=shown(text), other=fallback or _("nothing")
            )
        limit = pd.Timestamp(datetime.combine(day, time.max, tzinfo=UTC))
        earlier = candidates[candidates["built_at"] <= limit]
        if earlier.empty:
            return None, _("No archived build dates from {date} or before.").format(date=day.isoformat())
        return str(earlier.iloc[-1]["build_id"]), None
    if candidates.empty:
        return None, _("No earlier build is archived yet, so there is nothing to compare with.")
    return str(candidates.iloc[-1]["build_id"]), None
