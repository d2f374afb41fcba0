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
        raw.write_text(
            original.replace("SRB,first_membership,2020,,full_member", "SRB,first_membership,2020,,liaison"),
            encoding="utf-8",
        )
        build(browser_data_dir)
        page.reload()
        wait_for_app(page)
        page.get_by_text("Liaison member", exact=True).first.wait_for(state="attached", timeout=20000)
        assert page.get_by_text("Full member", exact=True).count() == 0
    finally:
        raw.write_text(original, encoding="utf-8")
        build(browser_data_dir)


def test_profile_on_a_phone_and_the_country_brief(server, browser, artefacts):
    """Issue 15 at 390x844: no sideways scrolling, the radar fills the column, the gap table starts compact;
    issue 14: the country brief downloads as a one-page PDF with the economy and the permalink."""
    import pypdfium2 as pdfium
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(server.url + "/profile?economy=SRB")
        wait_for_app(page)
        radar = page.locator(".js-plotly-plot").first
        radar.wait_for()
        expect(page.get_by_role("heading", name="Country brief")).to_be_attached()
        assert not page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
        box = radar.bounding_box()
        assert box["width"] >= 300  # sized to the container, not a fixed wide box
        polar = page.locator(".js-plotly-plot .polarlayer .plotbg").first.bounding_box()
        assert polar["width"] >= 180  # the circle itself is readable
        toggle = page.get_by_text("Show all columns")
        expect(toggle).to_be_attached()
        radar.screenshot(path=str(artefacts / "profile_srb_radar_390.png"))
        page.locator("[data-testid='stDataFrame']").nth(1).screenshot(path=str(artefacts / "profile_srb_gaps_390.png"))
        close = page.locator("[data-testid='stSidebarCollapseButton'] button")
        if close.count() and close.first.is_visible():  # Streamlit opens the sidebar over a phone screen
            close.first.click()
            expect(page.locator("[data-testid='stSidebar']")).to_have_attribute("data-collapsed", "true")
        button = page.get_by_role("button", name="Country brief (PDF, A4)")
        button.scroll_into_view_if_needed()
        with page.expect_download(timeout=60000) as info:
            button.click()
        pdf = open(info.value.path(), "rb").read()
        doc = pdfium.PdfDocument(pdf)
        try:
            assert len(doc) == 1
            text = doc[0].get_textpage().get_text_range().replace("\r\n", " ")
        finally:
            doc.close()
        assert "Serbia" in text and "askthepresenter" in text.replace(" ", "")  # no public URL set: no bare path
    finally:
        context.close()
