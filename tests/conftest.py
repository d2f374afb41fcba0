"""Shared fixtures: small raw datasets made in code, and a built copy of the bundled data."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
import yaml

from indicators.model.vocabulary import RAW_OBSERVATION_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
ARTEFACTS = ROOT / "test-results"

OBS_HEADER = list(RAW_OBSERVATION_COLUMNS[:12])  # the required and usual columns of an observations_csv file


def obs_row(**kw) -> dict:
    row = {
        "economy": "ALB",
        "indicator_id": "gci_2024_legal",
        "period": "2024",
        "value": "18.5",
        "value_text": "",
        "sex": "total",
        "group": "all",
        "status": "observed",
        "confidence": "verified",
        "source_id": "demo.s01",
        "preferred": "true",
        "note": "",
    }
    row.update({k: str(v) for k, v in kw.items()})
    return row


def write_dataset(
    data_dir: Path,
    name: str,
    rows: list[dict] | None = None,
    *,
    raw_text: bytes | None = None,
    header: list[str] | None = None,
    sidecar: dict | None = None,
) -> Path:
    """Write data_dir/raw/<name>/ with a source.yaml and <name>.csv (rows, or raw bytes as given)."""
    folder = data_dir / "raw" / name
    folder.mkdir(parents=True, exist_ok=True)
    meta = {
        "dataset": name,
        "title": f"Test dataset {name}",
        "publisher": "Test publisher",
        "url": "https://example.org/test",
        "licence": "CC0",
        "as_of": "2026-01-01",
        "format": "observations_csv",
        "files": [f"{name}.csv"],
        "sources": [{"id": "demo.s01", "title": "Test source", "url": "https://example.org/s1"}],
    }
    meta.update(sidecar or {})
    (folder / "source.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    path = folder / f"{name}.csv"
    if raw_text is not None:
        path.write_bytes(raw_text)
    else:
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=header or OBS_HEADER, extrasaction="ignore", lineterminator="\n")
            w.writeheader()
            w.writerows(rows or [])
    return folder


@pytest.fixture
def data_dir(tmp_path) -> Path:
    d = tmp_path / "data"
    (d / "raw").mkdir(parents=True)
    return d


@pytest.fixture(scope="session")
def bundled_data_dir(tmp_path_factory) -> Path:
    """A private copy of data/raw built into a private warehouse (tests never touch data/warehouse)."""
    from etl.build import build

    d = tmp_path_factory.mktemp("bundled") / "data"
    shutil.copytree(ROOT / "data" / "raw", d / "raw")
    build(d)
    return d


@pytest.fixture(scope="session")
def bundled_obs(bundled_data_dir):
    from indicators.model.warehouse import Warehouse

    w = Warehouse(bundled_data_dir)
    try:
        yield w.observations()
    finally:
        w.close()


@pytest.fixture(scope="session")
def catalog():
    from indicators.model.catalog import load_catalog

    return load_catalog()


@pytest.fixture(scope="session")
def artefacts() -> Path:
    ARTEFACTS.mkdir(exist_ok=True)
    return ARTEFACTS


# The test tiers (README "Test it"): `-m "not browser and not slow"` is the fast tier for a change in progress;
# the README's test command runs everything.
SLOW_FILES = {
    "test_i18n_pages.py",  # every page in every language (AppTest)
    "test_serving_faults.py",  # damaged warehouse and catalog, every page (AppTest)
    "test_url_fuzz.py",  # hundreds of fuzzed URLs through AppTest
    "test_visitor_text.py",  # every page and slide scanned for operator text
    "test_views_injection.py",  # planted markup through every page
}


# Single tests of otherwise fast files that were the slowest of the fast tier (measured 2026-12-07, see
# docs/architecture.md "Test tiers"): each builds a whole warehouse of its own, validates the whole data package,
# runs a page in a translated locale, or sweeps every economy or slide. They stay in the README's test command
# (the slow tier).
SLOW_TESTS = {
    "test_add_indicator.py::test_a_new_indicator_checks_builds_and_warns_about_its_untranslated_texts",
    "test_app_explorer.py::test_demonstration_rows_carry_the_badge_and_sex_group_filters",  # its own full build
    "test_comparability.py::test_bundled_gaps_bests_and_tallies_keep_the_time_rule",  # every economy x 2 periods
    "test_app_hygiene.py::test_published_view_shows_eurostat_flags_and_statuses",  # its own full build
    "test_etl_contracts.py::test_failed_build_leaves_previous_warehouse_unchanged",  # two builds of the bundled data
    "test_etl_contracts.py::test_build_summary_and_atomic_swap",  # two builds of the bundled data
    "test_present.py::test_every_slide_kind_for_each_economy",  # every slide of two decks (14 page runs)
    "test_add_indicator.py::test_the_new_indicator_passes_the_pseudo_locale_check_on_the_methodology_page",
    "test_app_cert.py::test_a_steward_adds_a_real_assessment_without_code_change",
    "test_export.py::test_worked_example_equals_the_pillar_scores",
    "test_export.py::test_datapackage_foreign_keys_are_really_checked",
    "test_export.py::test_datapackage_validates_with_frictionless",
    "test_i18n.py::test_a_page_renders_in_the_pseudo_locale",
}


def pytest_collection_modifyitems(config, items):
    # scripts/test.sh runs pytest-xdist with `--dist loadgroup`: each test file is one group, so a worker runs a
    # file whole (its module fixtures are made once), and the browser tests are one group (never two at once).
    distributed = config.pluginmanager.hasplugin("xdist")
    for item in items:
        path = item.path
        if "browser" in path.parts:
            item.add_marker(pytest.mark.browser)
        elif path.name in SLOW_FILES or f"{path.name}::{item.originalname}" in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
        if distributed:
            item.add_marker(pytest.mark.xdist_group("browser" if "browser" in path.parts else path.name))
