"""The layers hold: drawn from the source's own imports (ast), never from running it.

pages/ + dashboard.py -> ui/ -> indicators/views/ -> the library (indicators/{method,topics,render,text}) ->
the model (indicators/model/); etl/ writes the warehouse beneath and imports only the model. No circles, and
no import inside a function except the few listed here with their reason."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("dashboard", "pages", "ui", "indicators", "etl")

# module -> imported modules that may be imported inside a function, and why
INNER_IMPORTS_ALLOWED: dict[str, str] = {}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def source_files() -> list[Path]:
    files = [ROOT / "dashboard.py"]
    for d in PACKAGES[1:]:
        files += sorted((ROOT / d).rglob("*.py"))
    return files


def imports_of(path: Path) -> list[tuple[str, bool, int]]:
    """(imported module, inside a function?, line) for every import of the project's own packages."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = module_name(path).split(".")
    inner: set[int] = set()
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inner |= {id(n) for n in ast.walk(fn) if isinstance(n, (ast.Import, ast.ImportFrom))}
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                pkg = own[: len(own) - node.level] if path.name != "__init__.py" else own[: len(own) - node.level + 1]
                base = ".".join(pkg + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            names = [base]
            # "from indicators.model import catalog": the submodule is the import
            names += [
                f"{base}.{a.name}" for a in node.names if (ROOT / Path(*base.split("."), a.name + ".py")).exists()
            ]
        for name in names:
            if name.split(".")[0] in PACKAGES:
                found.append((name, id(node) in inner, node.lineno))
    return found


GRAPH: dict[str, list[tuple[str, bool, int]]] = {module_name(p): imports_of(p) for p in source_files()}
MODULES = set(GRAPH)


def resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def layer(mod: str) -> str:
    parts = mod.split(".")
    if parts[0] in ("dashboard", "pages"):
        return "page"
    if parts[0] in ("ui", "etl"):
        return parts[0]
    if len(parts) > 1 and parts[1] == "views":
        return "view"
    if len(parts) > 1 and parts[1] == "model":
        return "model"
    return "library"


def edges():
    for mod, imps in GRAPH.items():
        for name, inner, line in imps:
            target = resolve(name)
            if target and target != mod:
                yield mod, target, inner, line


def test_nothing_above_the_etl_imports_it():
    bad = [f"{a}:{line} imports {b}" for a, b, _, line in edges() if layer(b) == "etl" and layer(a) != "etl"]
    assert not bad, "the ETL sits beneath the library and the pages:\n" + "\n".join(bad)


def test_the_etl_imports_only_the_model():
    bad = [
        f"{a}:{line} imports {b}" for a, b, _, line in edges() if layer(a) == "etl" and layer(b) not in ("etl", "model")
    ]
    assert not bad, "\n".join(bad)


def test_imports_point_down():
    order = {"model": 0, "library": 1, "view": 2, "ui": 3, "page": 4}
    bad = [
        f"{a}:{line} ({layer(a)}) imports {b} ({layer(b)})"
        for a, b, _, line in edges()
        if layer(a) in order and layer(b) in order and order[layer(b)] > order[layer(a)]
    ]
    assert not bad, "\n".join(bad)


def test_pages_use_views_and_ui_not_library_internals():
    allowed = ("ui", "view")
    bad = [
        f"{a}:{line} imports {b}"
        for a, b, _, line in edges()
        if layer(a) == "page" and layer(b) not in allowed + ("page",)
    ]
    assert not bad, "a page is layout over ui/ and one view model:\n" + "\n".join(bad)


def test_no_import_circles():
    graph = defaultdict(set)
    for a, b, inner, _ in edges():
        if not inner:
            graph[a].add(b)
    seen, stack, cycles = set(), [], []

    def visit(node, on_path):
        seen.add(node)
        stack.append(node)
        on_path.add(node)
        for nxt in sorted(graph[node]):
            if nxt in on_path:
                cycles.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in seen:
                visit(nxt, on_path)
        stack.pop()
        on_path.discard(node)

    for node in sorted(graph):
        if node not in seen:
            visit(node, set())
    assert not cycles, "import circles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_no_import_inside_a_function_outside_the_allow_list():
    bad = [
        f"{a}:{line} imports {b} inside a function"
        for a, b, inner, line in edges()
        if inner and f"{a} -> {b}" not in INNER_IMPORTS_ALLOWED
    ]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("pair", sorted(INNER_IMPORTS_ALLOWED))
def test_every_allowed_inner_import_still_exists(pair):
    a, b = pair.split(" -> ")
    assert any(x == a and y == b and inner for x, y, inner, _ in edges()), f"{pair} is allowed but no longer there"


def test_the_library_never_imports_streamlit():
    bad = []
    for path in source_files():
        mod = module_name(path)
        if layer(mod) in ("model", "library", "view", "etl"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else []
                )
                if any(n.split(".")[0] == "streamlit" for n in names):
                    bad.append(f"{mod}:{node.lineno}")
    assert not bad, bad
