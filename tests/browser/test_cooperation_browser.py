"""The cooperation page in a real browser: the planner's choice lives in the URL and survives a reload, the
opportunities read in Albanian, no outside request."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from tests.browser.conftest import wait_for_app


def test_planner_state_lives_in_the_url_and_survives_a_reload(server, guarded_page, artefacts):
    page, _guard = guarded_page
    page.set_viewport_size({"width": 1440, "height": 1400})
    page.goto(server.url + "/cooperation?economy=BIH&reforms=fact:national_strategy")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == "Cooperation"
    page.get_by_text("with the planned reforms 4 of 8", exact=False).first.wait_for(timeout=60000)
    # a shared link with two reforms restores both, and a reload keeps them (the URL is the state)
    page.goto(server.url + "/cooperation?economy=BIH&reforms=fact:national_strategy,fact:national_csirt")
    wait_for_app(page)
    page.get_by_text("with the planned reforms 5 of 8", exact=False).first.wait_for(timeout=60000)
    page.reload()
    wait_for_app(page)
    page.get_by_text("with the planned reforms 5 of 8", exact=False).first.wait_for(timeout=60000)
    query = parse_qs(urlparse(page.url).query)
    assert query["economy"] == ["BIH"]
    assert set(query["reforms"][0].split(",")) == {"fact:national_strategy", "fact:national_csirt"}
    assert page.get_by_text("projection: not a measurement", exact=False).count() >= 1
    assert page.locator("[data-testid='stException']").count() == 0
    page.locator("[data-testid='stMain']").screenshot(path=str(artefacts / "cooperation_bih_planner.png"))


def test_opportunities_in_albanian(server, guarded_page, artefacts):
    page, _guard = guarded_page
    page.goto(server.url + "/cooperation?economy=BIH&lang=sq")
    wait_for_app(page)
    boxes = page.locator("[class*='st-key-opportunity_']")
    boxes.first.wait_for(timeout=60000)
    assert boxes.count() >= 2
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Bosnja dhe Hercegovina" in page.locator("[data-testid='stMain']").inner_text()
