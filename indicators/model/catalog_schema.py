"""Schema checks for the project's YAML metadata: the indicator catalog and the ``source.yaml`` sidecars.

The JSON Schemas live in ``schemas/`` (editors can use them too: see README "The ETL"). Every error is
returned at once as ``(file, path, rule)``, e.g. ``("itu_gci.yaml", "indicators[3].scale.min",
"must be a number, got 'zero'")``; unknown keys are errors. Rules a JSON Schema cannot express (scale
min < max, unique indicator ids, the six pillars in order) are checked here too. No Streamlit.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from indicators.model import safe_yaml
from indicators.model.paths import CATALOG_DIR, PROJECT_ROOT
from indicators.model.vocabulary import PUBLISHERS

if TYPE_CHECKING:  # pragma: no cover
    from jsonschema import Draft202012Validator

SCHEMA_DIR = PROJECT_ROOT / "schemas"
CATALOG_SCHEMA = "catalog.schema.json"
SOURCE_SCHEMA = "source.schema.json"
PILLAR_ORDER = ("legal", "technical", "organisational", "capacity", "cooperation", "inclusion")

SchemaError = tuple[str, str, str]  # (file, path, rule)

_TYPE_NAMES = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of keys",
    "null": "empty",
}


@cache
def validator(name: str) -> Draft202012Validator:
    """The validator of one schema file (the schema files themselves are checked against the JSON Schema
    meta-schema by tests/test_safe_yaml.py, not on every build).

    jsonschema (about 0.1 s of CPU to import, with attrs and referencing) is imported on the first
    check, not with this module: a build whose catalog and sidecars all come from the parse cache
    (etl/parse_cache.py) checks nothing and never imports it."""
    jsonschema = importlib.import_module("jsonschema")
    return jsonschema.Draft202012Validator(json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")))


def plain(value):
    """YAML values as JSON would hold them: dates as ISO text, mapping keys as text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _kind(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"'{value[:40]}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else type(value).__name__


def _path(parts, doc) -> str:
    """indicators[3] (gci_2024_overall).scale.min"""
    out, node = "", doc
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                out += f" ({node['id']})"
        else:
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(top level)"


def _join(base: str, key: str) -> str:
    return key if base == "(top level)" else f"{base}.{key}"


def _messages(err, doc) -> list[tuple[str, str]]:
    path = _path(err.absolute_path, doc)
    v, inst = err.validator, err.instance
    if v == "required":
        missing = [k for k in err.validator_value if not (isinstance(inst, dict) and k in inst)]
        return [(_join(path, k), "required key missing") for k in missing]
    if v == "additionalProperties" and isinstance(inst, dict):
        allowed = sorted(err.schema.get("properties", {}))
        extra = [k for k in inst if k not in err.schema.get("properties", {})]
        hint = f" (allowed: {', '.join(allowed)})" if allowed else ""
        return [(_join(path, k), f"unknown key{hint}") for k in extra]
    if v == "type":
        want = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        return [(path, f"must be {' or '.join(_TYPE_NAMES.get(t, t) for t in want)}, got {_kind(inst)}")]
    if v == "enum":
        return [
            (path, f"{_kind(inst)} is not allowed (expected one of: {', '.join(str(x) for x in err.validator_value)})")
        ]
    if v == "pattern":
        return [
            (
                path,
                f"{_kind(inst)} is not in the expected form ({err.schema.get('description') or err.validator_value})",
            )
        ]
    if v == "oneOf" and path.endswith("scale"):
        return [(path, "give either min and max (numbers) or categories, not both")]
    if v in ("minItems", "minProperties"):
        return [(path, "must not be empty")]
    if v == "minLength":
        return [(path, "must not be empty")]
    if v in ("minimum", "maximum"):
        return [(path, f"{_kind(inst)} must be {'>=' if v == 'minimum' else '<='} {err.validator_value}")]
    if v == "propertyNames":
        return [(path, f"{err.message}")]
    return [(path, err.message)]


def schema_errors(doc, schema: str, label: str) -> list[SchemaError]:
    """Every schema error of one parsed YAML document, as (file, path, rule), in document order."""
    doc = plain(doc)
    errors = sorted(validator(schema).iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])
    out: list[SchemaError] = []
    for err in errors:
        for path, rule in _messages(err, doc):
            if (label, path, rule) not in out:
                out.append((label, path, rule))
    return out


def load_yaml(path: Path, label: str, max_bytes: int = safe_yaml.SIDECAR_MAX_BYTES) -> tuple[object, list[SchemaError]]:
    """Parse one YAML file with the project's safe loader (indicators/model/safe_yaml.py): syntax and encoding
    errors, anchors, aliases, duplicate keys and an oversized file become (file, 'line N', rule) errors,
    all at once, never an exception."""
    doc, problems = safe_yaml.load_file(path, max_bytes)
    return doc, [(label, f"line {line}" if line else "(top level)", rule) for line, rule in problems]


def catalog_errors(directory: Path = CATALOG_DIR, docs: dict | None = None) -> list[SchemaError]:
    """Every problem of the catalog folder at once: YAML syntax, schema, scale ranges, ids, pillars.

    ``docs``: when given, filled with each file's parsed document by name (so a caller parses once)."""
    directory = Path(directory)
    errors: list[SchemaError] = []
    seen: dict[str, str] = {}
    pillars_file = None
    files = sorted(directory.glob("*.yaml"))
    if not files:
        return [(str(directory), "(top level)", "no catalog files (*.yaml) found")]
    for path in files:
        label = path.name
        doc, problems = load_yaml(path, label, safe_yaml.CATALOG_MAX_BYTES)
        if problems:
            errors += problems
            continue
        if doc is None:
            doc = {}
        if docs is not None:
            docs[path.name] = doc
        if not isinstance(doc, dict):
            errors.append(
                (label, "(top level)", f"must be a mapping of keys (pillars or indicators), got {_kind(doc)}")
            )
            continue
        errors += schema_errors(doc, CATALOG_SCHEMA, label)
        if "pillars" in doc:
            pillars_file = label
            ids = tuple(p.get("id") for p in doc["pillars"] or [] if isinstance(p, dict))
            if ids != PILLAR_ORDER:
                errors.append((label, "pillars", "must list the six pillars in order: " + ", ".join(PILLAR_ORDER)))
        entries = doc.get("indicators")
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(entry, dict):
                continue
            where = f"indicators[{i}]" + (f" ({entry['id']})" if isinstance(entry.get("id"), str) else "")
            ind_id = entry.get("id")
            if isinstance(ind_id, str):
                if ind_id in seen:
                    errors.append((label, f"{where}.id", f"indicator '{ind_id}' is already defined in {seen[ind_id]}"))
                else:
                    seen[ind_id] = label
            scores = entry.get("in_pillar_score") is True and entry.get("lens", "index") == "index"
            if scores and entry.get("pillar") != "headline" and entry.get("publisher") not in PUBLISHERS:
                errors.append(
                    (
                        label,
                        f"{where}.publisher",
                        "an index indicator in a pillar score needs a publisher: " + ", ".join(PUBLISHERS),
                    )
                )
            scale = entry.get("scale")
            if isinstance(scale, dict):
                lo, hi = scale.get("min"), scale.get("max")
                if (
                    isinstance(lo, (int, float))
                    and isinstance(hi, (int, float))
                    and not isinstance(lo, bool)
                    and not isinstance(hi, bool)
                    and not lo < hi
                ):
                    errors.append((label, f"{where}.scale", f"min ({lo:g}) must be smaller than max ({hi:g})"))
                labels = entry.get("category_labels")
                cats = scale.get("categories")
                if isinstance(labels, dict) and isinstance(cats, dict):
                    for code in labels:
                        if str(code) not in {str(c) for c in cats}:
                            errors.append(
                                (
                                    label,
                                    f"{where}.category_labels.{code}",
                                    "label for a code that is not one of the scale's categories",
                                )
                            )
    if pillars_file is None:
        errors.append(
            (
                str(directory.name) + "/_pillars.yaml",
                "pillars",
                "no catalog file lists the pillars: " + ", ".join(PILLAR_ORDER),
            )
        )
    return errors


def format_error(error: SchemaError) -> str:
    return f"{error[0]}: {error[1]}: {error[2]}"
