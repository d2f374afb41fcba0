"""An indicator adds itself: following the README's steps (a catalog entry plus a dataset with its sidecar) checks,
builds and shows, in every language, with no other step. Texts not yet translated are shown in English and
`etl check` says so; nothing fails. The pseudo-locale wraps the new texts at once (no extraction needed)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from indicators.model.catalog import load_catalog
from indicators.text.i18n import catalog_text, pseudo, set_language, untranslated_catalog_texts
from tests.apptest_helpers import all_text, run_page
from tests.conftest import ROOT

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
    "economy,indicator_id,period,value,value_text,sex,group,status,confidence,source_id,preferred,note\n"
    "SRB,awareness_campaigns,2025,4,,,,,verified,awareness_campaigns.s01,,\n"
    "ALB,awareness_campaigns,2025,2,,,,,verified,awareness_campaigns.s01,,\n"
)


def add_indicator(tmp_path):
    """The README's steps 1-2 in a copy of the catalog and the raw data."""
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "indicators" / "catalog", catalog)
    (catalog / "awareness.yaml").write_text(NEW_ENTRY, encoding="utf-8")
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "raw", data / "raw")
    folder = data / "raw" / "awareness_campaigns"
    folder.mkdir()
    (folder / "source.yaml").write_text(SIDECAR, encoding="utf-8")
    (folder / "awareness_campaigns.csv").write_text(ROWS, encoding="utf-8")
    (folder / "EXCLUDED.md").write_text("Nothing of the original was left out.\n", encoding="utf-8")
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


def test_the_bundled_catalog_is_translated_in_every_language():
    texts = load_catalog().user_texts()
    assert len(texts) > 300
    for lang in ("sq", "sr_Latn", "sr_Cyrl", "mk"):
        assert untranslated_catalog_texts(texts, lang) == [], lang


def test_the_new_indicator_reaches_the_methodology_page_in_the_pseudo_locale(tmp_path):
    catalog, data = add_indicator(tmp_path)
    assert etl("build", catalog, data).returncode == 0
    try:  # AppTest formats widget options in the test's thread: it must be in the page's language
        set_language("qps")
        at = run_page(data, "methodology", {"lang": "qps"})  # pages read the catalog stored with the build
        assert not at.exception
        shown = all_text(at) + "\n".join(df.value.to_csv() for df in at.dataframe)
    finally:
        set_language("en")
    assert pseudo("National awareness campaigns") in shown
