"""The README's "Scores and gaps" section states the rule values the catalog and the code use."""

from __future__ import annotations

import re

from indicators.method.scoring import MIN_FOR_AVERAGE, MIN_FOR_GAP, MIN_FOR_MEDIAN
from indicators.method.sensitivity import CATEGORY_SWING, DRAWS, PERCENTILES, SEED
from indicators.model.catalog import load_catalog
from tests.conftest import ROOT


def section(title: str) -> str:
    text = "\n".join(
        [(ROOT / "README.md").read_text(encoding="utf-8")]
        + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))]
    )
    start = text.index(f"### {title}\n")
    end = re.search(r"\n##+ ", text[start + 4 :])
    return text[start : start + 4 + end.start()] if end else text[start:]


def test_readme_rules_match_the_catalog_and_the_code():
    rule = load_catalog().coverage_rule
    text = section("Scores and gaps")
    assert f"`min_share: {rule.min_share:g}`" in text
    assert f"`min_index_indicators: {rule.min_index_indicators}`" in text
    assert "two thirds" in rule.text() and "at least two thirds" in text
    assert f"and at least {rule.min_index_indicators}." in text
    assert f"there is none when fewer than {MIN_FOR_AVERAGE} have one" in text
    assert f"No median when fewer than {MIN_FOR_MEDIAN}" in text
    assert (
        f"against a best of at\n  least {MIN_FOR_GAP} economies" in text
        or f"against a best of at least {MIN_FOR_GAP}" in " ".join(text.split())
    )
    flat = " ".join(text.split())
    assert f"{DRAWS} draws, seed {SEED}" in flat and f"±{CATEGORY_SWING:g}" in flat
    assert f"{PERCENTILES[0]}th-{PERCENTILES[1]}th percentile" in flat
    assert "mean imputation" in flat and "Nothing is imputed" not in flat


def test_the_crosswalk_in_the_docs_is_the_catalogs():
    """docs/evidence.md carries the per-pillar crosswalk that indicators.method.crosswalk derives from the catalog,
    and the README links it."""
    from indicators.method.crosswalk import crosswalk_markdown

    text = (ROOT / "docs" / "evidence.md").read_text(encoding="utf-8")
    start, end = text.index("<!-- crosswalk:start -->\n"), text.index("<!-- crosswalk:end -->")
    shown = text[start + len("<!-- crosswalk:start -->\n") : end].strip()
    assert shown == crosswalk_markdown(load_catalog()), "regenerate the table with indicators.method.crosswalk"
    assert "(docs/evidence.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
