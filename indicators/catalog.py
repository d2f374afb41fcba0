"""Load and check the indicator catalog (indicators/catalog/*.yaml): the one place an indicator is defined."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .paths import CATALOG_DIR

PILLAR_IDS = ("legal", "technical", "organisational", "capacity", "cooperation", "inclusion")
DIRECTIONS = ("higher_is_better", "lower_is_better")
REQUIRED_KEYS = ("id", "name", "description", "family", "pillar", "unit", "scale", "direction", "sources")


class CatalogError(ValueError):
    """The catalog itself is malformed; ``errors`` holds every (file, path, rule) found at once."""

    def __init__(self, message: str, errors: list[tuple[str, str, str]] | None = None):
        super().__init__(message)
        self.errors = errors or []


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    description: str
    family: str
    pillar: str  # one of PILLAR_IDS or "headline"
    unit: str
    direction: str
    sources: tuple[str, ...]
    in_pillar_score: bool = False
    in_gap_table: bool = False
    series: str = ""
    edition: int | None = None
    min: float | None = None
    max: float | None = None
    categories: dict[str, float] = field(default_factory=dict)
    category_labels: dict[str, str] = field(default_factory=dict)
    crosswalk: dict[str, str] = field(default_factory=dict)
    target: dict = field(default_factory=dict)

    @property
    def is_categorical(self) -> bool:
        return bool(self.categories)

    def label_for(self, code: str | None) -> str:
        if code is None:
            return ""
        return self.category_labels.get(code, code)

    def scale_text(self) -> str:
        if self.is_categorical:
            return ", ".join(f"{self.label_for(k)} = {v:g}" for k, v in self.categories.items())
        return f"{self.min:g} to {self.max:g}"


@dataclass(frozen=True)
class Pillar:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class Catalog:
    indicators: dict[str, Indicator]
    pillars: tuple[Pillar, ...]

    def get(self, indicator_id: str) -> Indicator | None:
        return self.indicators.get(indicator_id)

    def pillar_name(self, pillar_id: str) -> str:
        for p in self.pillars:
            if p.id == pillar_id:
                return p.name
        return pillar_id.capitalize()

    def scored_in(self, pillar_id: str) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.pillar == pillar_id and i.in_pillar_score]


def _indicator(entry: dict, where: str) -> Indicator:
    missing = [k for k in REQUIRED_KEYS if k not in entry]
    if missing:
        raise CatalogError(f"{where}: indicator {entry.get('id', '?')} lacks {', '.join(missing)}")
    scale = entry["scale"] or {}
    cats = {str(k): float(v) for k, v in (scale.get("categories") or {}).items()}
    lo, hi = scale.get("min"), scale.get("max")
    if not cats and (lo is None or hi is None or float(hi) <= float(lo)):
        raise CatalogError(f"{where}: indicator {entry['id']} needs scale min < max or categories")
    if entry["direction"] not in DIRECTIONS:
        raise CatalogError(f"{where}: indicator {entry['id']} has direction {entry['direction']!r}")
    if entry["pillar"] not in (*PILLAR_IDS, "headline"):
        raise CatalogError(f"{where}: indicator {entry['id']} has unknown pillar {entry['pillar']!r}")
    return Indicator(
        id=entry["id"], name=entry["name"], description=entry["description"],
        family=entry["family"], pillar=entry["pillar"], unit=entry["unit"],
        direction=entry["direction"], sources=tuple(entry["sources"]),
        in_pillar_score=bool(entry.get("in_pillar_score", False)),
        in_gap_table=bool(entry.get("in_gap_table", entry.get("in_pillar_score", False))),
        series=entry.get("series") or entry["id"], edition=entry.get("edition"),
        min=None if cats else float(lo), max=None if cats else float(hi),
        categories=cats, category_labels=dict(entry.get("category_labels") or {}),
        crosswalk=dict(entry.get("crosswalk") or {}), target=dict(entry.get("target") or {}),
    )


def load_catalog(directory: Path = CATALOG_DIR) -> Catalog:
    from .catalog_schema import catalog_errors, format_error  # schemas/catalog.schema.json + cross-file rules
    errors = catalog_errors(directory)
    if errors:
        raise CatalogError("; ".join(format_error(e) for e in errors), errors)
    indicators: dict[str, Indicator] = {}
    pillars: tuple[Pillar, ...] = ()
    for path in sorted(Path(directory).glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if "pillars" in doc:
            pillars = tuple(Pillar(**p) for p in doc["pillars"])
        for entry in doc.get("indicators", []):
            ind = _indicator(entry, path.name)
            if ind.id in indicators:
                raise CatalogError(f"{path.name}: indicator {ind.id} is defined twice")
            indicators[ind.id] = ind
    if tuple(p.id for p in pillars) != PILLAR_IDS:
        raise CatalogError("_pillars.yaml must list the six pillars in order: " + ", ".join(PILLAR_IDS))
    return Catalog(indicators=indicators, pillars=pillars)


def catalog_files(directory: Path = CATALOG_DIR) -> list[Path]:
    return sorted(Path(directory).glob("*.yaml"))
