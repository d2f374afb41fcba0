"""Tables that fit (issue 22), measured in a real browser at 1440x900 beside the open sidebar: the status
and comparison tables of six economies, the legislation tracker and the profile's status table show every
column without a sideways scroll (the grid's scroll width is its visible width), nothing reaches past the
screen's right edge, and the compare page's picker shows all six chosen economies.

Element screenshots go to test-results/ (conftest ``artefacts``).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_drawn

SIX = "ALB,BIH,XKX,MNE,MKD,SRB"
NAMES = ["Albania", "Bosnia and Herzegovina", "Kosovo*", "Montenegro", "North Macedonia", "Serbia"]

GRIDS_JS = """() => [...document.querySelectorAll('[data-testid="stMainBlockContainer"] [data-testid="stDataFrame"]')]
  .filter(el => el.getBoundingClientRect().width > 80)
  .map(el => {
    const r = el.getBoundingClientRect(), s = el.querySelector('.dvn-scroller');
    const head = el.querySelector('th, [role="columnheader"]');
    return {head: head ? head.textContent.trim() : '', right: Math.round(r.right), width: Math.round(r.width),
            scroll: s ? s.scrollWidth : null, client: s ? s.clientWidth : null};
  })"""

# page -> the first column headers of the tables on it that must fit
PAGES = {
    # pillar table (pillars down, or turned: economies down), status, side by side
    f"compare?economies={SIX}": ["Pillar|Economy", "Fact", "Indicator"],
    "legislation": ["Fact"],  # the tracker: facts down, economies across
    "profile?economy=MNE": ["Fact", "Indicator"],  # status facts, gaps
    "overview": ["Fact"],
}


@pytest.mark.parametrize("target", list(PAGES))
def test_tables_fit_1440(server, desktop, target, artefacts):
    page, guard = open_drawn(desktop, f"{server.url}/{target}")
    assert page.locator("[data-testid='stException']").count() == 0
    # the grids draw when they come into view: scroll to each, wait for it, then measure them all
    frames = page.locator("[data-testid='stMainBlockContainer'] [data-testid='stDataFrame']")
    expect(frames.first).to_be_attached(timeout=120000)
    for k in range(frames.count()):
        grid = frames.nth(k)
        if not grid.is_visible():
            continue
        grid.scroll_into_view_if_needed()
        expect(grid.locator(".dvn-scroller")).to_have_count(1, timeout=60000)
        expect(grid.locator("th, [role='columnheader']").first).to_be_attached(timeout=60000)
    grids = page.evaluate(GRIDS_JS)
    heads = [g["head"] for g in grids]
    allowed = {h for wanted in PAGES[target] for h in wanted.split("|")}
    for wanted in PAGES[target]:
        assert set(wanted.split("|")) & set(heads), f"{target}: no table headed {wanted!r} in {heads}"
    for g in grids:
        if g["head"] not in allowed:
            continue
        assert g["right"] <= 1440, f"{target}: {g}"
        assert g["scroll"] is not None and g["scroll"] <= g["client"] + 1, f"{target}: clipped sideways: {g}"
    if target.startswith("compare"):
        picker = page.locator("[data-testid='stMultiSelect']").first
        for name in NAMES:  # every chosen economy visible in the picker, none scrolled out of sight
            chip = picker.get_by_text(name, exact=True)
            expect(chip).to_be_visible()
            box, area = chip.bounding_box(), picker.bounding_box()
            assert area["y"] <= box["y"] and box["y"] + box["height"] <= area["y"] + area["height"] + 1, name
        picker.screenshot(path=str(artefacts / "compare_picker_six.png"))
    page.screenshot(path=str(artefacts / f"fit1440_{target.split('?')[0]}.png"))
    assert guard.outside == []
    page.close()
