"""What ui/router.py relies on in Streamlit's internals (see its docstring). If an upgrade changes it,
these fail loudly; the end-to-end check is tests/browser/test_router_browser.py."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import streamlit
from streamlit.runtime import pages_manager
from streamlit.runtime.pages_manager import PagesManager

from indicators.model import page_registry
from tests.conftest import ROOT


def _source(module_rel: str) -> str:
    return (Path(streamlit.__file__).parent / module_rel).read_text(encoding="utf-8")


def test_pages_manager_has_the_class_level_flag():
    assert "uses_pages_directory" in vars(PagesManager), "PagesManager.uses_pages_directory is gone"
    assert "uses_pages_directory" in inspect.getsource(pages_manager.PagesManager.__init__)


def test_st_navigation_still_sets_the_flag_to_false():
    tree = ast.parse(_source("commands/navigation.py"))
    sets_false = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(
            isinstance(t, ast.Attribute)
            and t.attr == "uses_pages_directory"
            and isinstance(t.value, ast.Name)
            and t.value.id == "PagesManager"
            for t in node.targets
        )
        and isinstance(node.value, ast.Constant)
        and node.value.value is False
    ]
    assert sets_false, "streamlit/commands/navigation.py no longer sets PagesManager.uses_pages_directory = False"


def test_the_script_runner_still_branches_on_the_flag():
    assert "if PagesManager.uses_pages_directory:" in _source("runtime/scriptrunner/script_runner.py")


def test_every_page_calls_the_router_first():
    for spec in page_registry.PAGES:
        tree = ast.parse((ROOT / spec.file).read_text(encoding="utf-8"))
        calls = [
            n
            for n in tree.body
            if isinstance(n, ast.Expr)
            and isinstance(n.value, ast.Call)
            and getattr(n.value.func, "id", None) == "ensure_router"
        ]
        assert calls, f"{spec.file} does not call ensure_router() at top level"


def test_the_registry_matches_the_page_files():
    files = {p.name for p in (ROOT / "pages").glob("*.py") if p.name != "__init__.py"}
    registered = {Path(p.file).name for p in page_registry.PAGES}
    assert registered == files  # a page file nobody can reach, or a registered page without a file
    assert [p for p in page_registry.PAGES if p.default] == [page_registry.DEFAULT]
    assert len({p.url_path for p in page_registry.PAGES}) == len(page_registry.PAGES)
    assert all(p.section in page_registry.SECTIONS for p in page_registry.PAGES)
