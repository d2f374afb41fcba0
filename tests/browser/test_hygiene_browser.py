"""The hygiene page in a real browser: the real Eurostat default view (period per economy, lost flags, no
badge), the demonstration survey's gender-gap chart (screenshots kept as test artefacts), the badge, the
Kosovo* footnote, the URL following the selections, the research library, and no outside requests."""

from __future__ import annotations

from tests.browser.conftest import wait_for_app

FOOTNOTE = "This designation is without prejudice to positions on status"
ECONOMIES = {"Albania", "Bosnia and Herzegovina", "Kosovo*", "Montenegro", "North Macedonia", "Serbia"}


def test_gender_gap_chart(server, guarded_page, artefacts):
    page, _guard = guarded_page
    page.goto(server.url + "/hygiene?view=gender&q=q_two_factor")
    wait_for_app(page)
    chart = page.locator(".st-key-hygiene_gender_gap_chart .js-plotly-plot").first
    chart.wait_for()
    page.wait_for_function(
        "() => document.querySelectorAll('.st-key-hygiene_gender_gap_chart .scatterlayer .point').length === 6",
        timeout=20000,
    )
    ticks = chart.locator(".ytick text").evaluate_all("els => els.map(e => e.textContent)")
    assert sorted(ticks) == sorted(ECONOMIES) and len(ticks) == 6
    assert chart.locator(".errorbar").count() == 6  # every point has its 95% interval
    assert chart.get_by_text("lower for women").count() == 1
    assert page.get_by_text("Demonstration data", exact=False).first.is_visible()
    assert page.get_by_text(FOOTNOTE).count() >= 1
    assert page.get_by_text("Uses two-factor authentication").count() >= 1
    assert page.locator("[data-testid='stException']").count() == 0
    chart.scroll_into_view_if_needed()
    chart.screenshot(path=str(artefacts / "hygiene_gender_gap.png"))


def test_view_switch_and_suppressed_cells_in_the_browser(server, guarded_page, artefacts):
    page, _guard = guarded_page
    page.goto(server.url + "/hygiene?view=survey&economy=MNE&q=q_backup")
    wait_for_app(page)
    page.get_by_role("radio", name="By age band").click()
    page.wait_for_url("**view=age**", timeout=20000)
    chart = page.locator("[data-testid='stPlotlyChart'] .js-plotly-plot").first
    chart.wait_for()
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.annotation-text'))"
        ".some(e => e.textContent === 'Women: suppressed')",
        timeout=20000,
    )
    assert "economy=MNE" in page.url and "q=q_backup" in page.url
    assert page.locator("[data-testid='stException']").count() == 0
    chart.scroll_into_view_if_needed()
    chart.screenshot(path=str(artefacts / "hygiene_age_mne.png"))


def test_default_view_is_real_eurostat_data(server, guarded_page, artefacts):
    page, _guard = guarded_page
    page.goto(server.url + "/hygiene")
    wait_for_app(page)
    chart = page.locator("[data-testid='stPlotlyChart'] .js-plotly-plot").first
    chart.wait_for()
    page.wait_for_function("() => document.querySelectorAll('.scatterlayer .point').length >= 12", timeout=20000)
    ticks = chart.locator(".ytick text").evaluate_all("els => els.map(e => e.textContent)")
    assert "Kosovo* (2020)" in ticks and "Albania (2023)" in ticks
    body = page.locator("body").inner_text()
    assert "Period shown per economy: Albania 2023" in body and "flags (u = low reliability" in body
    assert "Demonstration data" not in body and "None" not in body.split()
    assert page.get_by_text(FOOTNOTE).count() >= 1
    assert page.locator("[data-testid='stException']").count() == 0
    chart.scroll_into_view_if_needed()
    chart.screenshot(path=str(artefacts / "hygiene_eurostat_practices.png"))
    page.goto(server.url + "/hygiene?view=gaps&compare=age")
    wait_for_app(page)
    box = page.locator(".st-key-hygiene_es_gap_chart_box").first
    box.wait_for()
    page.wait_for_function(
        "() => document.querySelectorAll('.st-key-hygiene_es_gap_chart_box .scatterlayer .point').length >= 12",
        timeout=20000,
    )
    assert "Period shown per economy" in page.locator("body").inner_text()
    box.scroll_into_view_if_needed()
    box.screenshot(path=str(artefacts / "hygiene_eurostat_age_gap.png"))


def test_demonstration_tab_is_badged(server, guarded_page):
    page, _guard = guarded_page
    page.goto(server.url + "/hygiene?view=survey")
    wait_for_app(page)
    page.get_by_text("Demonstration data", exact=False).first.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0


def test_research_library_page(server, guarded_page, artefacts):
    page, _guard = guarded_page
    page.goto(server.url + "/research?topic=gender")
    wait_for_app(page)
    page.get_by_text("of 35 publications", exact=False).first.wait_for()  # the list, not the subtitle
    body = page.locator("body").inner_text()
    assert "of 35 publications" in body and "Confidence" in body and "None" not in body.split()
    assert page.locator("[data-testid='stException']").count() == 0
    first = page.locator("[class*='st-key-research_item_']").first
    first.screenshot(path=str(artefacts / "research_item.png"))
