"""Load and check the indicator catalog (indicators/catalog/*.yaml): the one place an indicator is defined."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from indicators.model.paths import CATALOG_DIR
from indicators.model.vocabulary import _

PILLAR_IDS = ("legal", "technical", "organisational", "capacity", "cooperation", "inclusion")
DIRECTIONS = ("higher_is_better", "lower_is_better")
# The two lenses, never averaged together: ``index`` = a graded external measurement (scored 0-100 and
# averaged into pillar scores); ``status`` = a legal or institutional fact (shown in the status matrix).
LENSES = ("index", "status")
DEFAULT_COVERAGE_RULE = {"min_share": 0.667, "min_index_indicators": 1}
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
    lens: str = "index"
    publisher: str = ""  # who measured it (indicators.model.vocabulary.PUBLISHERS); required to score a pillar

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
class CoverageRule:
    """When a pillar score may be shown as a number and ranked: at least ``min_share`` of the pillar's
    index-lens indicators have a value, and at least ``min_index_indicators`` of them."""

    min_share: float = DEFAULT_COVERAGE_RULE["min_share"]
    min_index_indicators: int = DEFAULT_COVERAGE_RULE["min_index_indicators"]

    def met(self, n: int, m: int) -> bool:
        # shares compared at 3 decimals, so 0.667 reads as "two thirds" (2 of 3 meets it)
        return m > 0 and n >= self.min_index_indicators and round(n / m, 3) >= self.min_share

    def needed(self, m: int) -> int:
        """The smallest n of m that meets the rule (m + 1 when none can)."""
        for n in range(0, m + 1):
            if self.met(n, m):
                return n
        return m + 1

    def text(self) -> str:
        """The rule in words, in the current language."""
        share = self.min_share
        words = {0.667: _("two thirds"), 0.5: _("half"), 1.0: _("all")}.get(round(share, 3), f"{share:.0%}")
        return _(
            "at least {share} of the pillar's graded (index-lens) indicators have a value, and at least {n} of them"
        ).format(share=words, n=self.min_index_indicators)


def _rule(doc: dict | None, where: str, default: CoverageRule | None = None) -> CoverageRule:
    base = default or CoverageRule()
    if not doc:
        return base
    unknown = set(doc) - {"min_share", "min_index_indicators"}
    if unknown:
        raise CatalogError(f"{where}: coverage_rule has unknown keys {', '.join(sorted(unknown))}")
    share = float(doc.get("min_share", base.min_share))
    least = int(doc.get("min_index_indicators", base.min_index_indicators))
    if not 0 < share <= 1 or least < 1:
        raise CatalogError(f"{where}: coverage_rule needs 0 < min_share <= 1 and min_index_indicators >= 1")
    return CoverageRule(min_share=share, min_index_indicators=least)


@dataclass(frozen=True)
class Pillar:
    id: str
    name: str
    description: str
    coverage_rule: CoverageRule | None = None  # None: the catalog-wide rule


@dataclass(frozen=True)
class Catalog:
    indicators: dict[str, Indicator]
    pillars: tuple[Pillar, ...]
    coverage_rule: CoverageRule = field(default_factory=CoverageRule)

    def rule_for(self, pillar_id: str) -> CoverageRule:
        """The coverage rule of a pillar: its own when _pillars.yaml gives one, else the catalog-wide rule."""
        for p in self.pillars:
            if p.id == pillar_id and p.coverage_rule is not None:
                return p.coverage_rule
        return self.coverage_rule

    def status_indicators(self) -> list[Indicator]:
        """The status-lens facts, in catalog order."""
        return [i for i in self.indicators.values() if i.lens == "status"]

    def user_texts(self) -> list[str]:
        """Every user-facing text of the catalog, each once, in catalog order: pillar names and descriptions,
        indicator names, descriptions, units, category labels and target labels (what translators translate in
        the ``catalog`` gettext domain; scripts/extract_catalog_strings.py writes the same list to its template)."""
        texts: dict[str, None] = {}
        for p in self.pillars:
            texts.update(dict.fromkeys(t for t in (p.name, p.description) if t))
        for ind in self.indicators.values():
            texts.update(dict.fromkeys(t for t in (ind.name, ind.description, ind.unit) if t))
            texts.update(dict.fromkeys(str(v) for v in ind.category_labels.values() if v))
            if ind.target.get("label"):
                texts[str(ind.target["label"])] = None
        return list(texts)

    def get(self, indicator_id: str) -> Indicator | None:
        return self.indicators.get(indicator_id)

    def pillar_name(self, pillar_id: str) -> str:
        for p in self.pillars:
            if p.id == pillar_id:
                return p.name
        return pillar_id.capitalize()

    def scored_in(self, pillar_id: str) -> list[Indicator]:
        return [
            i for i in self.indicators.values() if i.pillar == pillar_id and i.in_pillar_score and i.lens == "index"
        ]


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
    lens = entry.get("lens", "index")
    if lens not in LENSES:
        raise CatalogError(f"{where}: indicator {entry['id']} has lens {lens!r} (index or status)")
    return Indicator(
        id=entry["id"],
        name=entry["name"],
        description=entry["description"],
        family=entry["family"],
        pillar=entry["pillar"],
        unit=entry["unit"],
        direction=entry["direction"],
        sources=tuple(entry["sources"]),
        in_pillar_score=bool(entry.get("in_pillar_score", False)),
        in_gap_table=bool(entry.get("in_gap_table", entry.get("in_pillar_score", False))),
        series=entry.get("series") or entry["id"],
        edition=entry.get("edition"),
        min=None if cats else float(lo),
        max=None if cats else float(hi),
        categories=cats,
        category_labels=dict(entry.get("category_labels") or {}),
        crosswalk=dict(entry.get("crosswalk") or {}),
        target=dict(entry.get("target") or {}),
        lens=lens,
        publisher=str(entry.get("publisher") or ""),
    )


def load_catalog(directory: Path = CATALOG_DIR) -> Catalog:
    from indicators.model.catalog_schema import catalog_errors, format_error  # schema + cross-file rules

    docs: dict = {}
    errors = catalog_errors(directory, docs)  # each file parsed once, with the safe loader
    if errors:
        raise CatalogError("; ".join(format_error(e) for e in errors), errors)
    indicators: dict[str, Indicator] = {}
    pillars: tuple[Pillar, ...] = ()
    rule = CoverageRule()
    for path in sorted(Path(directory).glob("*.yaml")):
        doc = docs[path.name]
        if "coverage_rule" in doc:
            rule = _rule(doc["coverage_rule"], path.name)
        if "pillars" in doc:
            pillars = tuple(doc["pillars"])
            pillar_file = path.name
        for entry in doc.get("indicators", []):
            ind = _indicator(entry, path.name)
            if ind.id in indicators:
                raise CatalogError(f"{path.name}: indicator {ind.id} is defined twice")
            indicators[ind.id] = ind
    if tuple(p.get("id") for p in pillars) != PILLAR_IDS:
        raise CatalogError("_pillars.yaml must list the six pillars in order: " + ", ".join(PILLAR_IDS))
    built = tuple(
        Pillar(
            id=p["id"],
            name=p["name"],
            description=p["description"],
            coverage_rule=_rule(p["coverage_rule"], f"{pillar_file} ({p['id']})", rule)
            if p.get("coverage_rule")
            else None,
        )
        for p in pillars
    )
    return Catalog(indicators=indicators, pillars=built, coverage_rule=rule)


def catalog_files(directory: Path = CATALOG_DIR) -> list[Path]:
    return sorted(Path(directory).glob("*.yaml"))
