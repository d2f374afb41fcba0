"""The test tiers stay honest: what tests/conftest.py sends to the slow tier exists, so that every test is in
exactly one tier (fast: neither marker; slow; browser) and a renamed test does not drift back silently."""

from __future__ import annotations

import ast

from tests.conftest import ROOT, SLOW_FILES, SLOW_TESTS


def _test_names(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}


def test_every_slow_file_exists():
    assert all((ROOT / "tests" / name).is_file() for name in SLOW_FILES), SLOW_FILES


def test_every_slow_test_exists_in_a_fast_file():
    for entry in SLOW_TESTS:
        name, _, test = entry.partition("::")
        assert name not in SLOW_FILES, entry
        assert test in _test_names(ROOT / "tests" / name), f"{entry} is listed as slow but does not exist"
