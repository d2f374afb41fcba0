"""The economy profile in a real browser: radar, gap table, Kosovo* footnote, no outside requests."""
from __future__ import annotations

from tests.browser.conftest import wait_for_app

FOOTNOTE = "This designation is without prejudice to positions on status"


def test_kosovo_profile_deep_link(server, guarded_page, artefacts):
    page, _guard = guarded_page
    page.goto(server.url + "/profile?economy=XKX")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == "Economy profile: Kosovo*"
    radar = page.locator(".js-plotly-plot").first
    radar.wait_for()
    assert radar.locator(".scatterlayer .trace").count() == 2
    gap = page.locator("[data-testid='stDataFrame']").nth(1)
    gap.wait_for()
    assert page.get_by_text(FOOTNOTE).first.is_visible() or page.get_by_text(FOOTNOTE).count() >= 1
    assert page.get_by_text("not covered by the source").count() >= 1
    assert page.locator("[data-testid='stException']").count() == 0
    radar.screenshot(path=str(artefacts / "profile_xkx_radar.png"))
    gap.screenshot(path=str(artefacts / "profile_xkx_gap_table.png"))
    page.locator("[data-testid='stMainBlockContainer']").screenshot(path=str(artefacts / "profile_xkx_page.png"))


def test_rebuild_while_serving_shows_new_build_without_restart(server, guarded_page, browser_data_dir):
    """`python -m etl build` while the dashboard serves: it keeps answering and shows the new data next time."""
    from etl.build import build
    page, _guard = guarded_page
    page.goto(server.url + "/profile?economy=SRB")
    wait_for_app(page)
    page.get_by_text("Full member", exact=True).first.wait_for(state="attached")
    raw = browser_data_dir / "raw" / "csirts" / "csirts.csv"
    original = raw.read_text(encoding="utf-8")
    try:
        raw.write_text(original.replace("SRB,first_membership,2020,,full_member", "SRB,first_membership,2020,,liaison"),
                       encoding="utf-8")
        build(browser_data_dir)
        page.reload()
        wait_for_app(page)
        page.get_by_text("Liaison member", exact=True).first.wait_for(state="attached", timeout=20000)
        assert page.get_by_text("Full member", exact=True).count() == 0
    finally:
        raw.write_text(original, encoding="utf-8")
        build(browser_data_dir)
