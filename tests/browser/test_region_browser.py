"""The regional pages in a real browser: the offline map draws the six economies (checked by pixel
colour and tooltip), a URL copied from the compare page after changing the selection reproduces it in
a fresh browser context, and links carry the selection to the next page. No request leaves 127.0.0.1."""

from __future__ import annotations

import math

from PIL import Image

from indicators.model.catalog import load_catalog
from indicators.model.warehouse import Warehouse
from indicators.render import map_geometry, map_values
from tests.browser.conftest import NetworkGuard, wait_for_app

FOOTNOTE = "This designation is without prejudice to positions on status"
# A point inside each economy, away from its label (checked against the shipped outlines below).
INSIDE = {
    "SRB": (20.2, 45.3),
    "ALB": (20.0, 40.5),
    "BIH": (18.2, 43.4),
    "MNE": (19.4, 42.4),
    "MKD": (21.2, 41.3),
    "XKX": (20.6, 42.35),
}


def project(lon: float, lat: float, width: float, height: float) -> tuple[float, float]:
    """Web-mercator position in the deck's canvas (deck.gl: the world is 512 px wide at zoom 0)."""
    view = map_geometry.VIEW
    scale = 512 * 2 ** view["zoom"]

    def merc(la):
        return math.log(math.tan(math.pi / 4 + math.radians(la) / 2))

    return (
        width / 2 + (lon - view["longitude"]) / 360 * scale,
        height / 2 - (merc(lat) - merc(view["latitude"])) / (2 * math.pi) * scale,
    )


def hide_header(page) -> None:
    """Element screenshots scroll the element to the top, under Streamlit's fixed header: hide it."""
    page.add_style_tag(content="[data-testid='stHeader'], [data-testid='stToastContainer'] {display: none !important}")


def inside(point, ring) -> bool:
    x, y = point
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def test_sample_points_are_inside_their_economy():
    geo = {
        f["id"]: f["geometry"]["coordinates"][0]
        for f in map_geometry.load_geojson()["features"]
        if f["properties"]["role"] == "focus"
    }
    for code, point in INSIDE.items():
        assert inside(point, geo[code]) and all(not inside(point, geo[o]) for o in geo if o != code)


def test_overview_map_draws_the_six_economies(server, guarded_page, browser_data_dir, artefacts):
    page, _guard = guarded_page
    page.goto(server.url + "/?by=indicator&indicator=gci_2024_overall")
    wait_for_app(page)
    chart = page.locator("[data-testid='stDeckGlJsonChart']").first
    chart.locator("canvas").first.wait_for()
    page.wait_for_timeout(2500)  # let deck.gl draw its first frame
    assert page.locator("[data-testid='stException']").count() == 0

    values = map_values.indicator_map_values(
        Warehouse(browser_data_dir).observations(), load_catalog(), "gci_2024_overall"
    ).set_index("economy")
    hide_header(page)
    box = chart.bounding_box()
    chart.screenshot(path=str(artefacts / "overview_map_gci2024.png"))
    image = Image.open(artefacts / "overview_map_gci2024.png").convert("RGB")
    for code, (lon, lat) in INSIDE.items():
        x, y = project(lon, lat, box["width"], box["height"])
        if code == "XKX":  # not covered: a light neutral fill with dark hatch lines, never a scale colour
            patch = [image.getpixel((int(x) + dx, int(y) + dy)) for dx in range(-6, 7) for dy in range(-6, 7)]
            assert all(abs(r - g) < 12 and abs(g - b) < 12 for r, g, b in patch), patch[:5]
            assert max(sum(p) for p in patch) > 3 * 235 and min(sum(p) for p in patch) < 3 * 170
            continue
        expected = map_geometry.fill_colour("observed", values.loc[code, "score"])[:3]
        got = image.getpixel((int(x), int(y)))
        assert all(abs(a - b) <= 14 for a, b in zip(got, expected)), (code, got, expected)

    # tooltips: value, period, source and confidence of the economy under the pointer
    for code, must in (
        ("XKX", ["Kosovo*", "not covered by the source", "Confidence"]),
        ("SRB", ["Serbia", "96.82", "Period: 2024", "Source:"]),
    ):
        x, y = project(*INSIDE[code], box["width"], box["height"])
        page.mouse.move(box["x"] + x, box["y"] + y)
        tooltip = page.locator(".deck-tooltip")
        page.wait_for_function(
            f"() => (document.querySelector('.deck-tooltip') || {{}}).innerText?.includes({must[0]!r})", timeout=10000
        )
        text = tooltip.inner_text()
        for part in must:
            assert part in text, text
        if code == "XKX":
            chart.screenshot(path=str(artefacts / "overview_map_tooltip_kosovo.png"))
    page.mouse.move(box["x"] + box["width"] + 40, box["y"] - 40)  # leave the map: no hover highlight

    legend = page.locator(".wb6-legend").first
    assert "Not covered by the source" in legend.inner_text() and "No data" in legend.inner_text()
    legend.screenshot(path=str(artefacts / "overview_legend.png"))
    ranking = page.locator(".js-plotly-plot").first
    assert "not covered" in " ".join(ranking.locator("text").evaluate_all("els => els.map(e => e.textContent)"))
    ranking.screenshot(path=str(artefacts / "overview_ranking.png"))
    assert page.get_by_text(FOOTNOTE).count() >= 1
    page.set_viewport_size({"width": 1600, "height": 2200})  # Streamlit draws only what is in the viewport
    page.wait_for_timeout(1500)
    page.locator("[data-testid='stMainBlockContainer']").screenshot(path=str(artefacts / "overview_page.png"))


def _chips(page) -> list[str]:
    """The economies shown as selected in the multiselect (its tags)."""
    page.locator("[data-testid='stMultiSelect'] [data-tag]").first.wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    page.wait_for_timeout(300)
    return [t.strip() for t in page.locator("[data-testid='stMultiSelect'] [data-tag] span[title]").all_inner_texts()]


def _heatmap_columns(page) -> list[str]:
    heat = page.locator(".js-plotly-plot").nth(1)
    heat.wait_for()
    return [t.strip() for t in heat.locator(".xtick text").evaluate_all("els => els.map(e => e.textContent)")]


def test_copied_compare_url_reproduces_the_selection(server, guarded_page, browser, browser_context_args, artefacts):
    page, _guard = guarded_page
    page.goto(server.url + "/compare?economies=ALB,SRB")
    wait_for_app(page)
    assert _chips(page) == ["Albania", "Serbia"]
    # change the selection in the UI: add Kosovo*, switch the reference period
    page.locator("[data-testid='stMultiSelect'] input").first.click()
    page.get_by_role("option", name="Kosovo*").click()
    page.keyboard.press("Escape")
    page.wait_for_function("() => decodeURIComponent(location.search).includes('economies=ALB,SRB,XKX')")
    wait_for_app(page)
    page.get_by_role("radio", name="As of 2020 (GCI 2020)").click()
    page.wait_for_function("() => location.search.includes('period=2020')")
    wait_for_app(page)
    page.get_by_text("ITU GCI 2020: overall score").first.wait_for(state="attached")
    copied = page.url
    before = _heatmap_columns(page)
    assert before == ["Albania", "Kosovo*", "Serbia"]
    hide_header(page)
    page.locator(".js-plotly-plot").nth(1).screenshot(path=str(artefacts / "compare_heatmap_before_copy.png"))

    # open the copied URL in a fresh browser context (no shared session, cookies or storage)
    context = browser.new_context(**browser_context_args)
    try:
        fresh = context.new_page()
        guard = NetworkGuard(fresh)
        fresh.set_default_timeout(30000)
        fresh.goto(copied)
        wait_for_app(fresh)
        assert _chips(fresh) == ["Albania", "Serbia", "Kosovo*"]
        assert fresh.get_by_role("radio", name="As of 2020 (GCI 2020)").get_attribute("aria-checked") == "true"
        assert fresh.get_by_role("radio", name="Latest editions").get_attribute("aria-checked") == "false"
        assert _heatmap_columns(fresh) == before
        assert fresh.get_by_text("ITU GCI 2020: overall score").count() >= 1
        assert fresh.get_by_text(FOOTNOTE).count() >= 1
        assert fresh.locator("[data-testid='stException']").count() == 0
        hide_header(fresh)
        fresh.locator(".js-plotly-plot").first.screenshot(path=str(artefacts / "compare_radar_fresh_context.png"))
        fresh.locator(".js-plotly-plot").nth(1).screenshot(path=str(artefacts / "compare_heatmap_fresh_context.png"))
        assert guard.outside == [], guard.outside[:5]
    finally:
        context.close()


def test_links_carry_the_selection_to_the_next_page(server, guarded_page, artefacts):
    page, _guard = guarded_page
    page.goto(server.url + "/compare?economies=MNE,XKX")
    wait_for_app(page)
    link = page.locator("[data-testid='stMain'] [data-testid='stPageLink'] a", has_text="Trends by edition")
    link.wait_for()
    assert "economies=MNE%2CXKX" in link.get_attribute("href")
    link.click()
    page.wait_for_url("**/trends?**")
    wait_for_app(page)
    assert "economies=MNE%2CXKX" in page.url or "economies=MNE,XKX" in page.url
    page.get_by_text("Kosovo*: not covered by the ITU GCI.").first.wait_for(state="attached")
    assert _chips(page) == ["Montenegro", "Kosovo*"]
    assert page.locator(".js-plotly-plot").count() == 2
    hide_header(page)
    # charts follow the usual WB6 order: Kosovo* before Montenegro
    page.locator(".js-plotly-plot").first.screenshot(path=str(artefacts / "trends_kosovo_not_covered.png"))
    page.locator(".js-plotly-plot").nth(1).screenshot(path=str(artefacts / "trends_montenegro_gci.png"))


def test_technical_pillar_does_not_rank_kosovo_first(server, guarded_page, artefacts):
    """Facts alone (a national CSIRT) never make an index-lens score: Kosovo* is listed last, unranked,
    and every bar reads 'score (n/m; rank band)'."""
    page, _guard = guarded_page
    page.goto(server.url + "/?by=pillar&pillar=technical")
    wait_for_app(page)
    ranking = page.locator(".js-plotly-plot").first
    ranking.wait_for()
    page.wait_for_timeout(1500)
    assert page.locator("[data-testid='stException']").count() == 0
    ticks = ranking.locator(".ytick text").evaluate_all(
        "els => els.map(e => [e.getBoundingClientRect().top, e.textContent]).sort((a, b) => a[0] - b[0]).map(p => p[1])"
    )
    assert ticks[0] != "Kosovo*" and ticks[-1] == "Kosovo*", ticks  # top to bottom on the screen
    bars = ranking.locator(".bars .point text, .textpoint text, text.bartext").evaluate_all(
        "els => els.map(e => e.textContent)"
    )
    assert bars and all("/" in b and ("st" in b or "nd" in b or "rd" in b or "th" in b) for b in bars), bars
    texts = " ".join(ranking.locator("text").evaluate_all("els => els.map(e => e.textContent)"))
    assert "not covered" in texts
    ranking.screenshot(path=str(artefacts / "overview_ranking_technical.png"))
