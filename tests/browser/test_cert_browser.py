"""The CERT and plans views in a real browser: the SIM3 heatmap (screenshot kept as an artefact), the team
selection in the URL, and the economy profile's gap link to the plan items that address it."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from tests.browser.conftest import wait_for_app

FOOTNOTE = "This designation is without prejudice to positions on status"


def test_sim3_heatmap_of_a_team(server, guarded_page, artefacts):
    page, _guard = guarded_page
    page.set_viewport_size({"width": 1600, "height": 1500})  # the 44-row heatmap fits, so the shot is whole
    page.goto(server.url + "/cert?economy=SRB")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == "CERT maturity (SIM3)"
    heatmap = page.locator("[data-testid='stPlotlyChart']").first
    heatmap.locator(".js-plotly-plot").wait_for()
    ticks = heatmap.locator(".ytick text")
    assert ticks.count() == 44
    labels = ticks.all_text_contents()
    assert "O-1 Mandate" in labels and "P-17 Peer-to-Peer Process" in labels
    assert heatmap.locator(".xtick text").count() == 5
    assert page.get_by_text("Demonstration data", exact=False).first.is_visible()
    assert page.get_by_text("Public record (real data)").first.is_visible()
    assert page.locator("[data-testid='stException']").count() == 0
    heatmap.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    heatmap.screenshot(path=str(artefacts / "cert_srb_sim3_heatmap.png"))
    page.locator(".st-key-cert_assessment_box").screenshot(path=str(artefacts / "cert_srb_tier_box.png"))
    radar = page.locator("[data-testid='stPlotlyChart']").nth(1)
    radar.screenshot(path=str(artefacts / "cert_srb_radar.png"))


def test_choosing_a_team_puts_it_in_the_url(server, guarded_page):
    page, _guard = guarded_page
    page.goto(server.url + "/cert?economy=MNE")
    wait_for_app(page)
    page.locator(".st-key-cert_team_MNE input").click()
    page.get_by_role("option", name="Demo government CERT (Montenegro)").click()
    page.wait_for_url(lambda url: "government" in url, timeout=20000)
    query = parse_qs(urlparse(page.url).query)
    assert query["team"] == ["Demo government CERT (Montenegro)"] and query["economy"] == ["MNE"]
    wait_for_app(page)
    page.reload()
    wait_for_app(page)
    assert page.locator(".st-key-cert_team_MNE input").input_value() == "Demo government CERT (Montenegro)"


def test_gap_table_links_to_the_plan_items_that_address_the_gap(server, guarded_page, artefacts):
    page, _guard = guarded_page
    page.goto(server.url + "/profile?economy=ALB")
    wait_for_app(page)
    page.get_by_text("Plan items addressing each gap").click()
    link = page.get_by_role("link", name=re.compile(r"plan items? address(es)? this gap")).first
    link.wait_for()
    link.click()
    page.wait_for_url("**/plans?**", timeout=20000)
    wait_for_app(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["economy"] == ["ALB"] and len(query["indicator"]) == 1
    heading = page.get_by_text("Plan items addressing the gap:", exact=False).first
    heading.wait_for()
    assert "(Albania)" in heading.inner_text()
    assert page.get_by_text("No plan item addresses this gap.").count() == 0
    assert page.locator("[data-testid='stException']").count() == 0
    page.locator("[data-testid='stDataFrame']").first.screenshot(path=str(artefacts / "plans_alb_gap_items.png"))
    page.goto(server.url + "/plans?economy=SRB&indicator=first_membership")
    wait_for_app(page)
    page.get_by_text("No plan item addresses this gap.").first.wait_for()
