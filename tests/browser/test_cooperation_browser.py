"""The cooperation page in a real browser: opportunities and the planner in two languages, the planner's choice
restored from the URL, no outside request."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from tests.browser.conftest import wait_for_app


def test_planner_state_lives_in_the_url_and_survives_a_reload(server, guarded_page, artefacts):
    page, _guard = guarded_page
    page.set_viewport_size({"width": 1440, "height": 1400})
    page.goto(server.url + "/cooperation?economy=BIH&reforms=fact:national_strategy")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == "Cooperation"
    planner = page.locator(".st-key-cooperation_reforms")
    planner.wait_for()
    assert "National cybersecurity strategy" in planner.inner_text()
    page.get_by_text("with the planned reforms 4 of 8", exact=False).first.wait_for(timeout=60000)
    # add a second reform: the URL follows, and a reload restores both
    planner.locator("input").click()
    page.get_by_role("option", name="National CSIRT").click()
    page.wait_for_url(lambda url: "national_csirt" in url, timeout=20000)
    query = parse_qs(urlparse(page.url).query)
    assert query["economy"] == ["BIH"]
    assert set(query["reforms"][0].split(",")) == {"fact:national_strategy", "fact:national_csirt"}
    page.reload()
    wait_for_app(page)
    text = page.locator(".st-key-cooperation_reforms").inner_text()
    assert "National cybersecurity strategy" in text and "National CSIRT" in text
    page.get_by_text("with the planned reforms 5 of 8", exact=False).first.wait_for(timeout=60000)
    assert page.locator("[data-testid='stException']").count() == 0
    page.locator("[data-testid='stMain']").screenshot(path=str(artefacts / "cooperation_bih_planner.png"))


def test_opportunities_in_albanian(server, guarded_page, artefacts):
    page, _guard = guarded_page
    page.goto(server.url + "/cooperation?economy=BIH&lang=sq")
    wait_for_app(page)
    boxes = page.locator("[class*='st-key-opportunity_']")
    boxes.first.wait_for(timeout=60000)
    assert boxes.count() >= 2
    assert page.locator("#opportunities").count() == 1
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Bosnja dhe Hercegovina" in page.locator("[data-testid='stMain']").inner_text()
