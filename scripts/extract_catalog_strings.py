"""Extract every user-facing string of the indicator catalog into indicators/locale/catalog.pot.

The catalog YAML (indicators/catalog/*.yaml) is the one place an indicator is defined, in English.
Its names, descriptions, units, category and target labels and the pillar names and descriptions are
translated through a second gettext domain, ``catalog``, so translators work in .po files like for the
page texts. Run by scripts/update_translations.sh; the template is kept in the repository.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parents[1]
CATALOG_DIR = ROOT / "indicators" / "catalog"
OUT = ROOT / "indicators" / "locale" / "catalog.pot"


def catalog_strings(directory: Path = CATALOG_DIR) -> list[tuple[str, str]]:
    """(text, where) for every translatable string, in file order, each text once."""
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for p in doc.get("pillars") or []:
            for key in ("name", "description"):
                if p.get(key):
                    seen.setdefault(str(p[key]), f"{path.name}: pillar {p['id']} {key}")
        for ind in doc.get("indicators") or []:
            where = f"{path.name}: {ind.get('id')}"
            for key in ("name", "short_name", "description", "unit"):
                if ind.get(key):
                    seen.setdefault(str(ind[key]), f"{where} {key}")
            for code, label in (ind.get("category_labels") or {}).items():
                seen.setdefault(str(label), f"{where} category {code}")
            target = ind.get("target") or {}
            if target.get("label"):
                seen.setdefault(str(target["label"]), f"{where} target")
    return [(text, where) for text, where in seen.items()]


def main() -> int:
    pot = Catalog(project="WB6 Cyber Maturity Dashboard (indicator catalog)", fuzzy=False)
    for text, where in catalog_strings():
        pot.add(text, auto_comments=[where])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "wb") as fh:
        write_po(fh, pot, omit_header=False, sort_output=False, width=120)
    print(f"catalog strings: {len(pot)} -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
