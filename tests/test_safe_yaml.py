"""The one YAML reader (indicators/model/safe_yaml.py): libyaml's C loader, aliases and duplicate keys refused
with their lines, every problem at once, size limits; the project's own YAML reads exactly as before."""

from __future__ import annotations

import json

import pytest
import yaml
from jsonschema import Draft202012Validator

from indicators.model import safe_yaml
from indicators.model.catalog_schema import SCHEMA_DIR
from tests.conftest import ROOT
from tests.test_etl_malformed import laughs


def problems(text: str) -> list[tuple[int, str]]:
    try:
        safe_yaml.loads(text)
    except safe_yaml.YamlProblems as err:
        return err.problems
    return []


def test_the_c_loader_is_used():
    assert yaml.__with_libyaml__ and safe_yaml.FAST


def test_every_yaml_file_of_the_project_reads_as_pyyaml_reads_it():
    files = [
        *(ROOT / "indicators" / "catalog").glob("*.yaml"),
        *(ROOT / "data" / "raw").glob("*/source.yaml"),
        ROOT / "indicators" / "topics" / "sim3_model.yaml",
        ROOT / "indicators" / "text" / "glossary.yaml",
    ]
    assert len(files) > 25
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert safe_yaml.loads(text) == yaml.safe_load(text), path.name


def test_billion_laughs_is_refused_with_every_anchor_and_alias_line():
    got = problems(laughs(9))
    assert (1, "anchor &a0 is not allowed: anchors and aliases are refused") in got
    assert (2, "alias *a0 is not allowed: write the value out") in got
    assert {line for line, _ in got} == set(range(1, 10))


def test_duplicate_keys_are_refused_all_at_once_with_both_lines():
    assert problems("files: [a.csv]\nlicence: CC0\nfiles: [b.csv]\nlicence: ' '\n") == [
        (3, "duplicate key 'files' (first on line 1)"),
        (4, "duplicate key 'licence' (first on line 2)"),
    ]
    assert problems("a:\n  b: 1\n  b: 2\n") == [(3, "duplicate key 'b' (first on line 2)")]


def test_aliases_are_refused_even_where_the_quick_scan_would_not_see_them():
    loader = safe_yaml._Loader("a: &x [1]\nb: *x\n")  # construction alone refuses a node met twice
    try:
        loader.get_single_data()
    finally:
        loader.dispose()
    assert loader.problems == [(1, "aliases (*name) are not allowed: write the value out")]


def test_stars_and_ampersands_in_text_are_plain_text():
    assert safe_yaml.loads("name: Kosovo*\nnote: 'R&D, *see below*'\nx: a&b\n") == {
        "name": "Kosovo*",
        "note": "R&D, *see below*",
        "x": "a&b",
    }


def test_unsafe_tags_and_syntax_errors_are_problems_not_exceptions(tmp_path):
    assert problems("a: !!python/object/apply:os.system [echo]\n")[0][1].startswith("not valid YAML")
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: [\n")
    assert safe_yaml.load_file(path, 100) == (None, [(2, "not valid YAML: did not find expected node content")])
    path.write_bytes(b"a: 1\n" * 30)
    assert safe_yaml.load_file(path, 100) == (
        None,
        [(0, "the file has 150 bytes; the limit is 100: split it or shorten it")],
    )
    path.write_bytes(b"a: \xe9\n")
    assert safe_yaml.load_file(path, 100)[1] == [(1, "not valid UTF-8 text (byte 0xe9); save the file as UTF-8")]


@pytest.mark.parametrize("name", sorted(p.name for p in SCHEMA_DIR.glob("*.json")))
def test_every_schema_file_is_a_valid_json_schema(name):
    # checked here rather than on every build (indicators.model.catalog_schema.validator)
    Draft202012Validator.check_schema(json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")))
