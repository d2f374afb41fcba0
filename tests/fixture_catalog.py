"""A small catalog made in code for scoring tests (never the production catalog), and observation rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from indicators.method.scoring import normalise
from indicators.model.catalog import load_catalog


class NoAliases(yaml.SafeDumper):
    """A safe dumper that writes every value out (no &anchors / *aliases)."""

    def ignore_aliases(self, data):
        return True


PILLARS = [
    {"id": p, "name": p.capitalize(), "description": p}
    for p in ("legal", "technical", "organisational", "capacity", "cooperation", "inclusion")
]


# who measured each fixture indicator (catalog key publisher): two publishers on legal and cooperation,
# one on technical and inclusion (single-source pillars)
PUBLISHER = {"idx_legal_b": "oecd", "idx_legal_c": "eurostat", "idx_coop_b": "eurostat", "idx_incl": "eurostat"}


def _num(i, pillar, lo=0, hi=20, **kw):
    return {
        "id": i,
        "name": f"Index {i}",
        "description": "d",
        "family": "f",
        "publisher": PUBLISHER.get(i, "itu"),
        "pillar": pillar,
        "in_pillar_score": True,
        "unit": "points",
        "scale": {"min": lo, "max": hi},
        "direction": "higher_is_better",
        "sources": ["s"],
        **kw,
    }


INDICATORS = [
    _num("idx_legal_a", "legal"),
    _num("idx_legal_b", "legal", 0, 100),
    {**_num("idx_legal_c", "legal"), "scale": {"categories": {"high": 100, "mid": 50, "low": 0}}},
    _num("idx_tech_2020", "technical", series="idx_tech", edition=2020),
    _num("idx_tech_2024", "technical", series="idx_tech", edition=2024, target={"value": 20, "label": "Full marks"}),
    _num("idx_coop_a", "cooperation"),
    _num("idx_coop_b", "cooperation"),
    _num("idx_incl", "inclusion", 0, 100, direction="lower_is_better"),
    {**_num("headline", "headline", 0, 1), "in_pillar_score": False, "in_gap_table": True},
    {
        "id": "fact_csirt",
        "name": "Has a national CSIRT",
        "description": "d",
        "family": "f",
        "lens": "status",
        "pillar": "technical",
        "in_pillar_score": True,
        "unit": "status",
        "scale": {"categories": {"national": 100, "entity": 25, "none": 0}},
        "direction": "higher_is_better",
        "sources": ["s"],
        "category_labels": {"national": "National CSIRT"},
    },
    {
        "id": "fact_law",
        "name": "Cyber law",
        "description": "d",
        "family": "f",
        "lens": "status",
        "pillar": "legal",
        "in_pillar_score": True,
        "unit": "status",
        "scale": {"categories": {"aligned": 100, "law": 75, "none": 0}},
        "direction": "higher_is_better",
        "sources": ["s"],
    },
]


def make_catalog(tmp_path: Path, *, rule=None, pillar_rules: dict | None = None, extra: list | None = None):
    d = tmp_path / "catalog"
    d.mkdir(exist_ok=True)
    pillars = [
        dict(p, **({"coverage_rule": pillar_rules[p["id"]]} if pillar_rules and p["id"] in pillar_rules else {}))
        for p in PILLARS
    ]
    (d / "_pillars.yaml").write_text(
        yaml.dump(
            {"coverage_rule": rule or {"min_share": 0.667, "min_index_indicators": 1}, "pillars": pillars},
            Dumper=NoAliases,
        )
    )
    # written out in full: the project's YAML reader refuses anchors and aliases (shared dicts would make them)
    (d / "fixture.yaml").write_text(yaml.dump({"indicators": INDICATORS + list(extra or [])}, Dumper=NoAliases))
    return load_catalog(d)


def scored(catalog, rows) -> pd.DataFrame:
    base = {
        "sex": "total",
        "group": "all",
        "status": "observed",
        "confidence": "verified",
        "source_id": "s",
        "preferred": True,
        "value": float("nan"),
        "value_text": None,
        "note": "",
        "period": 2024,
    }
    df = pd.DataFrame([{**base, **r} for r in rows])
    df["score"] = [
        normalise(catalog.get(i), v, t) if s == "observed" else None
        for i, v, t, s in zip(df["indicator_id"], df["value"], df["value_text"], df["status"])
    ]
    return df
