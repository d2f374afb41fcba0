"""Presentation deck: slide order from the URL, economy slide content, and an AppTest of every slide
kind for every economy."""
from __future__ import annotations

import pytest

from indicators.economies import ECONOMY_CODES, KOSOVO_FOOTNOTE, display_name
from indicators.slides import build_deck, economy_summary
from tests.apptest_helpers import all_text, run_page


def test_deck_order_follows_the_presenter(catalog):
    deck = build_deck(["SRB", "XKX"], "legal", catalog)
    assert [s.kind for s in deck] == ["title", "map", "economy", "economy", "compare", "closing"]
    assert [s.economy for s in deck if s.kind == "economy"] == ["SRB", "XKX"]
    assert deck[1].title == "The region at a glance: Legal"
    assert deck[3].title == "Kosovo*"


def test_economy_summary_strengths_and_gaps(bundled_obs, catalog):
    s = economy_summary(bundled_obs, catalog, "BIH")
    assert len(s["strengths"]) == 3 and len(s["gaps"]) == 3
    assert s["gaps"][0]["gap"] >= s["gaps"][1]["gap"] >= s["gaps"][2]["gap"] > 0
    assert all(g["text"] for g in s["gaps"])
    x = economy_summary(bundled_obs, catalog, "XKX")
    facts = {f["indicator_id"]: f for f in x["facts"]}
    assert facts["gci_2024_overall"]["status"] == "not_covered"


def slide_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("code", ECONOMY_CODES)
def test_every_slide_kind_for_each_economy(bundled_data_dir, code):
    others = [c for c in ECONOMY_CODES if c != code][:1]
    economies = [code, *others]
    deck_len = 2 + len(economies) + 2
    seen = []
    for n in range(1, deck_len + 1):
        at = run_page(bundled_data_dir, "present", {"present": "1", "economies": ",".join(economies),
                                                    "focus": "legal", "slide": str(n)})
        assert not at.exception, (code, n)
        text = slide_text(at)
        assert f"{n} / {deck_len}" in text
        seen.append(text)
    assert "Cybersecurity maturity in the Western Balkans" in seen[0]
    assert "The region at a glance: Legal" in seen[1]
    assert display_name(code) in seen[2] and "Strengths" in seen[2] and "Largest gaps" in seen[2]
    assert "Side by side" in seen[-2]
    assert "Sources and how to read this" in seen[-1] and "verified" in seen[-1]
    if code == "XKX":
        assert KOSOVO_FOOTNOTE in seen[2] and "not covered by the source" in seen[2]


def test_setup_page_and_bad_parameters(bundled_data_dir):
    at = run_page(bundled_data_dir, "present", {"economies": "SRB,ZZZ", "focus": "nonsense", "slide": "99"})
    assert not at.exception
    assert at.title[0].value == "Presentation mode"
    text = all_text(at)
    assert "Ignored unknown economy code(s): ZZZ" in text and "Unknown focus" in text
    assert "present=1" in text
    at = run_page(bundled_data_dir, "present", {"present": "1", "slide": "-3", "auto": "7"})
    assert not at.exception and "1 / 10" in slide_text(at)
