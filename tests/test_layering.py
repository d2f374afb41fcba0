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

# Translation is beneath everything: any layer, the model included, may call _() and transliterate.
BASE = {"indicators.text.i18n", "indicators.text.translit"}

# The one sanctioned way up to the ETL from above it: the dashboard builds a missing or stale warehouse on
# first start (the README's first command), with a progress bar. Nothing else above the ETL imports it.
ETL_ENTRY_POINTS = {
    "ui.data -> etl.build": "first-start build (build, is_stale, BuildBusy)",
    "ui.data -> etl.contracts": "first-start build: the ValidationFailed it may raise",
}

# Known debt, listed so that it can only shrink (a stale entry fails): each pair is a place where the ETL still
# reads a definition that lives in the library rather than in the model.
ETL_READS_LIBRARY = {
    "etl.extract -> indicators.method.scoring": "normalisation (score) computed as rows are read",
    "etl.formats.plans -> indicators.topics.plans": "plan item columns and states",
    "etl.formats.plans -> indicators.topics.sim3": "SIM3 parameter ids of the plan items",
    "etl.formats.research -> indicators.topics.research": "research library columns and topics",
    "etl.formats.sdmx -> indicators.method.scoring": "normalisation of the Eurostat rows",
    "etl.formats.sim3 -> indicators.topics.sim3": "the SIM3 model (parameters, levels)",
    "etl.formats.survey -> indicators.method.scoring": "normalisation of the survey shares",
    "etl.formats.survey -> indicators.topics.hygiene": "the survey estimates",
    "etl.formats.survey -> indicators.topics.hygiene.queries": "the survey estimates (survey_cells, shares, gaps)",
    "etl.formats.survey -> indicators.topics.hygiene.stats": "the survey method's constants (minimum n, bands)",
    "etl.publish -> indicators.method.scoring": "the published pillar_scores and status tables",
    "etl.publish -> indicators.method.sensitivity": "rank bands in the published pillar_scores table",
    "etl.publish -> indicators.render.datalinks": "the published tables' URLs",
}

# Known debt: pages that still reach past their view model into the library (layout only is the rule). Empty: a
# new entry needs a reason the reviewer accepts.
PAGE_REACHES: set[str] = set()
# A page is layout only, about 120 lines at most; the pages still longer are listed (the list only shrinks).
MAX_PAGE_LINES = 120
LONG_PAGES: set[str] = set()
# What a page may use besides ui/ and the view models: translation, escaping, economy names, the page list.
PAGE_MAY_USE = BASE | {
    "indicators.model",
    "indicators.text",
    "indicators.text.markup",
    "indicators.model.economies",
    "indicators.model.page_registry",
}

# Imports inside a function that remain, and why (each stale entry fails, so the list only shrinks).
INNER_IMPORTS_ALLOWED: dict[str, str] = {
    "etl.cli -> indicators.model.catalog": "commands import only what the chosen command needs (start-up time)",
    "etl.cli -> indicators.model.explore": "commands import only what the chosen command needs (start-up time)",
    "etl.cli -> indicators.model.export": "commands import only what the chosen command needs (start-up time)",
    "etl.cli -> indicators.model.warehouse": "commands import only what the chosen command needs (start-up time)",
    "indicators.model.catalog -> indicators.model.catalog_schema": "jsonschema is imported when a catalog is loaded",
}


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
    bad = [
        f"{a}:{line} imports {b}"
        for a, b, _, line in edges()
        if layer(b) == "etl" and layer(a) != "etl" and f"{a} -> {b}" not in ETL_ENTRY_POINTS
    ]
    assert not bad, "the ETL sits beneath the library and the pages:\n" + "\n".join(bad)


def test_the_etl_imports_only_the_model():
    bad = [
        f"{a}:{line} imports {b}"
        for a, b, _, line in edges()
        if layer(a) == "etl"
        and layer(b) not in ("etl", "model")
        and b not in BASE
        and f"{a} -> {b}" not in ETL_READS_LIBRARY
    ]
    assert not bad, "the ETL imports only indicators/model/:\n" + "\n".join(bad)


def test_imports_point_down():
    order = {"model": 0, "library": 1, "view": 2, "ui": 3, "page": 4}
    known = {"indicators.model.explore -> indicators.method.scoring"}  # debt: inside a function, listed below
    bad = [
        f"{a}:{line} ({layer(a)}) imports {b} ({layer(b)})"
        for a, b, _, line in edges()
        if layer(a) in order
        and layer(b) in order
        and order[layer(b)] > order[layer(a)]
        and b not in BASE
        and f"{a} -> {b}" not in known
    ]
    assert not bad, "\n".join(bad)


def test_pages_use_views_and_ui_not_library_internals():
    bad = [
        f"{a}:{line} imports {b}"
        for a, b, _, line in edges()
        if layer(a) == "page"
        and layer(b) not in ("ui", "view", "page")
        and b not in PAGE_MAY_USE
        and f"{a} -> {b}" not in PAGE_REACHES
    ]
    assert not bad, "a page is layout over ui/ and one view model:\n" + "\n".join(bad)


def test_pages_are_short():
    lines = {
        str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
        for p in sorted((ROOT / "pages").glob("*.py"))
    }
    too_long = {p: n for p, n in lines.items() if n > MAX_PAGE_LINES and p not in LONG_PAGES}
    assert not too_long, f"a page is layout over ui/ and one view model (at most {MAX_PAGE_LINES} lines): {too_long}"
    stale = sorted(p for p in LONG_PAGES if lines.get(p, 0) <= MAX_PAGE_LINES)
    assert not stale, f"listed as long but no longer: delete from LONG_PAGES: {stale}"


@pytest.mark.parametrize(
    "pair", sorted(set(ETL_ENTRY_POINTS) | set(ETL_READS_LIBRARY) | PAGE_REACHES | set(INNER_IMPORTS_ALLOWED))
)
def test_every_listed_exception_still_exists(pair):
    """The lists of known exceptions only shrink: an entry that no longer happens must be deleted."""
    a, b = pair.split(" -> ")
    assert any(x == a and y == b for x, y, _, _ in edges()), f"{pair} is listed but no longer imported: delete it"


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
