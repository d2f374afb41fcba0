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


def test_planner_in_serbian_restores_ncsi_and_plan_reforms_and_survives_a_reload(server, guarded_page, artefacts):
    page, _guard = guarded_page
    page.set_viewport_size({"width": 1440, "height": 1400})
    url = "/cooperation?economy=MKD&reforms=ncsi:legacy:1.1,ncsi:legacy:1.4,plan:MKD-06&lang=sr_Latn"
    for _visit in range(2):  # a shared link, then a reload: the URL is the state
        page.goto(server.url + url) if not _visit else page.reload()
        wait_for_app(page)
        # North Macedonia, legacy NCSI 2023: 1.1 (0 of 3) and 1.4 (0 of 1) met would earn 3 + 1 = 4 points
        page.get_by_text("Ukupno: 4 NCSI poena osvojena", exact=False).first.wait_for(timeout=60000)
        text = page.locator("[data-testid='stMain']").inner_text()
        assert "Planer reformi" in text and "projekcija: nije merenje" in text
        assert "danas 3 od 7 poena; sa planiranim reformama 7 od 7" in text
        assert "MKD-06" in text and "nema projekcije" in text
        query = parse_qs(urlparse(page.url).query)
        assert query["reforms"][0].split(",") == ["ncsi:legacy:1.1", "ncsi:legacy:1.4", "plan:MKD-06"]
        assert query["lang"] == ["sr_Latn"]
    assert page.locator("[data-testid='stException']").count() == 0
    page.locator("[data-testid='stMain']").screenshot(path=str(artefacts / "cooperation_mkd_planner_sr.png"))


def test_montenegro_gets_words_not_an_ncsi_estimate_in_albanian(server, guarded_page):
    page, _guard = guarded_page
    page.goto(server.url + "/cooperation?economy=MNE&lang=sq")
    wait_for_app(page)
    page.get_by_text("Planifikuesi i reformave", exact=False).first.wait_for(timeout=60000)
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "pa projeksion: vlerësimi NCSI sipas treguesve nuk është i disponueshëm (ekonomia: Mali i Zi)" in text


def test_a_plan_item_opens_the_planner_with_that_item(server, guarded_page):
    page, _guard = guarded_page
    page.set_viewport_size({"width": 1440, "height": 1400})
    page.goto(server.url + "/plans?economy=BIH")
    wait_for_app(page)
    box = page.locator(".st-key-plans_gap_links")
    box.wait_for(timeout=60000)
    box.locator("summary").click()
    link = box.locator("a[href*='cooperation']").first
    link.wait_for(timeout=60000)
    assert "closes the gap 'National cybersecurity strategy'" in box.inner_text()
    link.click()
    page.wait_for_url("**/cooperation?**", timeout=60000)
    wait_for_app(page)
    page.locator(".st-key-cooperation_reforms").get_by_text("Plan item BIH-01", exact=False).wait_for(timeout=60000)
    assert parse_qs(urlparse(page.url).query)["reforms"] == ["plan:BIH-01"]
