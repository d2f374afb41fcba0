"""The README tells the truth: its column list, sidecar keys, dataset table and paths match the repository."""

from __future__ import annotations

import json
import re

import pytest

from indicators.model import page_registry, vocabulary
from tests.conftest import ROOT

# The README is the front door; the long sections live in docs/. Both tell the truth, so both are read.
README = "\n".join(
    [(ROOT / "README.md").read_text(encoding="utf-8")]
    + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))]
)
TICKED = re.compile(r"`([^`\n]+)`")
# Folders and files at the top of the repository; a backticked token starting with one is a repository path.
REPO_TOPS = (
    "benchmarks/",
    "data/",
    "deploy/",
    "docs/",
    "etl/",
    "indicators/",
    "pages/",
    "schemas/",
    "scripts/",
    "static/",
    "tests/",
    "ui/",
    ".ci/",
    ".streamlit/",
)
REPO_FILES = ("dashboard.py", "README.md", "requirements.txt", "requirements-test.txt", "pytest.ini", "babel.cfg")
GENERATED = ("data/warehouse", "data/builds", "static/data", "test-results/")  # made by a build or a test run


def section(title: str) -> str:
    start = README.index(title + "\n")
    level = title.split(" ")[0]
    end = re.search(rf"\n#{{1,{len(level)}}} ", README[start + len(title) :])
    return README[start : start + len(title) + end.start()] if end else README[start:]


def test_readme_observation_columns_are_the_code_columns():
    text = " ".join(section("### Data model").split())
    listed = re.search(r"Columns, in order: (.*?)\.\s", text).group(1)
    assert tuple(TICKED.findall(listed)) == vocabulary.OBSERVATION_COLUMNS


def test_readme_codes_are_the_vocabulary():
    text = " ".join(section("### Data model").split())
    assert f"`status`: {', '.join(vocabulary.STATUSES[:2])}" in text.replace(
        " (the source does not cover the economy)", ""
    )
    for code in (*vocabulary.STATUSES, *vocabulary.CONFIDENCE_LEVELS, *vocabulary.SEXES, *vocabulary.VULNERABLE_GROUPS):
        assert code in text, code
    assert "(" + ", ".join(f"`{k}`" for k in vocabulary.OBSERVATION_KEY) + ")" in text


def test_readme_required_sidecar_keys_are_the_schema_keys():
    schema = json.loads((ROOT / "schemas" / "source.schema.json").read_text(encoding="utf-8"))
    text = " ".join(section("## Add an indicator").split())
    listed = re.search(r"sidecar whose required keys are (.*?) \(each source with (.*?);", text)
    assert TICKED.findall(listed.group(1)) == schema["required"]
    assert TICKED.findall(listed.group(2)) == schema["$defs"]["source"]["required"]


def test_readme_required_catalog_keys_are_the_schema_keys():
    schema = json.loads((ROOT / "schemas" / "catalog.schema.json").read_text(encoding="utf-8"))
    text = " ".join(section("## Add an indicator").split())
    listed = re.search(r"Required keys: (.*?)\. Optional keys", text).group(1)
    assert TICKED.findall(listed) == schema["$defs"]["indicator"]["required"]
    optional = set(schema["$defs"]["indicator"]["properties"]) - set(schema["$defs"]["indicator"]["required"])
    rest = text[text.index("Optional keys") :]
    assert all(f"`{k}`" in rest for k in optional), optional


def test_readme_dataset_table_lists_every_raw_folder():
    table = section("## Data sources and licences")
    listed = {m.group(1) for m in re.finditer(r"^\| `([a-z0-9_]+)` \|", table, re.M)}
    folders = {p.name for p in (ROOT / "data" / "raw").iterdir() if p.is_dir()}
    assert listed == folders


def repository_paths() -> list[str]:
    out = []
    for token in sorted(set(TICKED.findall(README))):
        if not re.fullmatch(r"[\w.\-/]+", token):  # placeholders such as data/raw/<dataset>/ are not paths
            continue
        if (token.startswith(REPO_TOPS) or token in REPO_FILES) and not token.startswith(GENERATED):
            out.append(token)
    return out


def test_the_readme_names_paths_at_all():
    paths = repository_paths()
    assert "indicators/model/vocabulary.py" in paths and "indicators/model/page_registry.py" in paths


@pytest.mark.parametrize("path", repository_paths())
def test_every_repository_path_the_readme_names_exists(path):
    assert (ROOT / path.rstrip("/")).exists(), f"README names `{path}`, which does not exist"


def test_readme_architecture_names_every_registered_page_folder_and_ui_module():
    arch = section("## Architecture")
    for module in sorted((ROOT / "ui").glob("*.py")):
        if module.name != "__init__.py":
            assert module.name in arch, module.name
    assert all((ROOT / p.file).exists() for p in page_registry.PAGES)
