"""An indicator adds itself: following the README's steps (a catalog entry plus a dataset with its sidecar) checks,
builds and shows, in every language, with no other step. Texts not yet translated are shown in English and
`etl check` says so; nothing fails. The pseudo-locale wraps the new texts at once (no extraction needed)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import warnings

from indicators.model.catalog import load_catalog
from indicators.model.vocabulary import RAW_OBSERVATION_COLUMNS
from indicators.text.i18n import catalog_text, pseudo, set_language, untranslated_catalog_texts
from tests.apptest_helpers import all_text, run_page
from tests.conftest import ROOT
from tests.test_i18n_pages import _normal, data_strings, fragments, shown_as_written, texts

STEPS = ROOT / "docs" / "data-pipeline.md"  # the steps the README points to ("The ETL and adding an indicator")

NEW_ENTRY = """indicators:
- id: awareness_campaigns
  name: National awareness campaigns
  description: Number of national cybersecurity awareness campaigns run in the year.
  family: awareness
  pillar: capacity
  unit: campaigns
  scale: {min: 0, max: 20}
  direction: higher_is_better
  sources: [awareness_campaigns]
"""
SIDECAR = """dataset: awareness_campaigns
title: National awareness campaigns (test)
publisher: A ministry
url: https://example.org/campaigns
licence: Facts from a public page
as_of: '2026-12-01'
format: observations_csv
files:
- awareness_campaigns.csv
sources:
- id: awareness_campaigns.s01
  title: A ministry's page on its campaigns
  url: https://example.org/campaigns
"""
ROWS = (
    ",".join(RAW_OBSERVATION_COLUMNS[:12]) + "\n"  # the columns the steps list
    "SRB,awareness_campaigns,2025,4,,,,,verified,awareness_campaigns.s01,,\n"
    "ALB,awareness_campaigns,2025,2,,,,,verified,awareness_campaigns.s01,,\n"
)
EXCLUDED = "None.\n"  # the steps: an EXCLUDED.md that lists the rows left out "or says there are none"


def add_indicator(tmp_path):
    """The steps 1-2 of docs/data-pipeline.md in a copy of the catalog and the raw data."""
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "indicators" / "catalog", catalog)
    (catalog / "awareness.yaml").write_text(NEW_ENTRY, encoding="utf-8")
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "raw", data / "raw")
    folder = data / "raw" / "awareness_campaigns"
    folder.mkdir()
    (folder / "source.yaml").write_text(SIDECAR, encoding="utf-8")
    (folder / "awareness_campaigns.csv").write_text(ROWS, encoding="utf-8")
    (folder / "EXCLUDED.md").write_text(EXCLUDED, encoding="utf-8")
    return catalog, data


def etl(command: str, catalog, data) -> subprocess.CompletedProcess:
    env = {**os.environ, "CYBER_CATALOG_DIR": str(catalog), "CYBER_DATA_DIR": str(data)}
    args = [sys.executable, "-m", "etl", command] + (["data/raw"] if command == "check" else [])
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_a_new_indicator_checks_builds_and_warns_about_its_untranslated_texts(tmp_path):
    catalog, data = add_indicator(tmp_path)
    checked = etl("check", catalog, data)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "warning: sq: 3 of" in checked.stderr and "'National awareness campaigns'" in checked.stderr
    assert "LC_MESSAGES/catalog.po" in checked.stderr
    built = etl("build", catalog, data)
    assert built.returncode == 0, built.stdout + built.stderr
    texts = load_catalog(catalog).user_texts()
    assert {"National awareness campaigns", "campaigns"} <= set(untranslated_catalog_texts(texts, "mk"))
    assert untranslated_catalog_texts(texts, "en") == [] and untranslated_catalog_texts(texts, "qps") == []


def test_an_untranslated_text_falls_back_to_english_and_the_pseudo_locale_wraps_any_text():
    assert catalog_text("National awareness campaigns", "sq") == "National awareness campaigns"
    assert catalog_text("National awareness campaigns", "qps") == pseudo("National awareness campaigns")
    assert catalog_text("Legal", "sq") != "Legal"  # a bundled text stays translated


def test_the_bundled_catalog_reports_its_untranslated_texts_without_failing():
    """A new indicator's texts may wait for their translators: they are reported (a warning here, one line per
    language from `etl check`, the coverage from scripts/update_translations.sh), never a failure."""
    found = load_catalog().user_texts()
    assert len(found) > 300
    for lang in ("sq", "sr_Latn", "sr_Cyrl", "mk"):
        missing = untranslated_catalog_texts(found, lang)
        if missing:
            warnings.warn(f"{lang}: {len(missing)} catalog texts shown in English: {missing[:3]}", stacklevel=1)
    assert untranslated_catalog_texts(found, "en") == []


def _steps() -> str:
    text = STEPS.read_text(encoding="utf-8")
    return text[text.index("## Add an indicator") :]


def test_the_steps_name_the_sidecar_format_the_columns_and_the_translation_script():
    steps = _steps()
    assert "format: observations_csv" in steps and "format: observations_csv" in SIDECAR
    assert "bash scripts/update_translations.sh" in steps
    assert "LC_MESSAGES/catalog.po" in steps
    listed = re.search(r"Columns: `([^`]+)`", steps.replace("\n   ", " ")).group(1)
    assert [c.strip() for c in listed.split(",")] == list(RAW_OBSERVATION_COLUMNS[:12])
    assert "docs/data-pipeline.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_new_indicator_passes_the_pseudo_locale_check_on_the_methodology_page(tmp_path):
    """The pseudo-locale test's own check (tests/test_i18n_pages.py) on the page that shows every indicator and
    every EXCLUDED.md: the new texts are wrapped, and the new folder's EXCLUDED.md is counted, never quoted."""
    catalog, data = add_indicator(tmp_path)
    assert etl("build", catalog, data).returncode == 0
    try:  # AppTest formats widget options in the test's thread: it must be in the page's language
        set_language("qps")
        at = run_page(data, "methodology", {"lang": "qps"})  # pages read the catalog stored with the build
        assert not at.exception
        shown = all_text(at) + "\n".join(df.value.to_csv() for df in at.dataframe)
        sidebar = texts(at.sidebar)
        written = shown_as_written(str(data))
        main = [x for x in texts(at) if x not in sidebar and _normal(x) not in written]
        left = fragments(main, data_strings(str(data)))
    finally:
        set_language("en")
    assert pseudo("National awareness campaigns") in shown
    assert "None." not in shown  # the folder's EXCLUDED.md is a researcher's record: the page only counts it
    assert not left, f"English fragments in the pseudo-locale: {sorted(left)[:10]}"
