"""Phones, small laptops and the keyboard in a real browser (issue 15), measured rather than eyeballed:

- at 390x844 (a phone) no page needs sideways scrolling: the document and Streamlit's main scroller are
  no wider than the screen on the overview, the profile and the explorer;
- the explorer shows its compact table (economy, indicator, value with its unit, period) under 700 px,
  every one of those columns inside the screen, and a selected row's other columns below it; at
  1366x768 with the sidebar open it shows the full table instead;
- the profile radar at 1366x768 keeps its legend below the bottom axis label;
- focus stays on a download button after it is pressed with the keyboard;
- a sidebar link reached with Tab shows the focus ring.

Element screenshots go to test-results/ (conftest ``artefacts``).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_drawn

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "en-GB"}
LAPTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "en-GB"}
COMPACT = ["Economy", "Indicator", "Value", "Period"]

WIDTHS_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return {doc: document.documentElement.scrollWidth, body: document.body.scrollWidth,
          main: main.scrollWidth, mainClient: main.clientWidth, screen: window.innerWidth};
}"""


@pytest.fixture(scope="module")
def phone(browser):
    ctx = browser.new_context(**PHONE)
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def laptop(browser):
    ctx = browser.new_context(**LAPTOP)
    yield ctx
    ctx.close()


@pytest.mark.parametrize(
    "target",
    [
        "overview",
        "profile?economy=XKX",
        "explorer",
        "trends",
    ],
)
def test_no_sideways_scrolling_on_a_phone(server, phone, target, artefacts):
    page, guard = open_drawn(phone, f"{server.url}/{target}")
    widths = page.evaluate(WIDTHS_JS)
    assert widths["screen"] == 390
    assert widths["doc"] <= 390 and widths["body"] <= 390, widths
    assert widths["main"] <= widths["mainClient"], widths
    page.locator("[data-testid='stMainBlockContainer'] h1").first.screenshot(
        path=str(artefacts / f"phone_{target.split('?')[0]}_title.png")
    )
    assert guard.outside == []
    page.close()


def test_explorer_compact_table_on_a_phone(server, phone, artefacts):
    page, guard = open_drawn(phone, f"{server.url}/explorer?economy=SRB&pillar=legal")
    expect(page.locator(".st-key-explorer_table_full")).to_be_hidden()
    compact = page.locator(".st-key-explorer_table_compact [data-testid='stDataFrame']")
    expect(compact).to_be_visible()
    expect(compact.locator("[role='columnheader']")).to_have_count(len(COMPACT))
    headers = [h.inner_text().strip() for h in compact.locator("[role='columnheader']").all()]
    assert headers == COMPACT
    compact.scroll_into_view_if_needed()
    box = compact.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    # every compact column is inside the table's box: no column hides behind a sideways scroll
    inner = compact.evaluate(
        "el => { const s = el.querySelector('.dvn-scroller'); return s ? [s.scrollWidth, s.clientWidth] : null; }"
    )
    assert inner is None or inner[0] <= inner[1] + 1, inner
    first = [c.inner_text().strip() for c in compact.locator("[role='row']").nth(1).locator("[role='gridcell']").all()]
    assert first[0] == "Serbia" and first[3].isdigit()
    compact.screenshot(path=str(artefacts / "phone_explorer_compact_table.png"))
    # details on demand: select the first row (its checkbox, left of the first column)
    page.mouse.click(box["x"] + 18, box["y"] + 36 + 18)
    details = page.locator(".st-key-explorer_row_details")
    expect(details).to_be_visible(timeout=30000)
    text = details.inner_text()
    for label in ("Economy: Serbia", "Indicator:", "Unit:", "Status:", "Confidence:", "Source:", "Preferred:"):
        assert label in text, text
    details.screenshot(path=str(artefacts / "phone_explorer_row_details.png"))
    assert guard.outside == []
    page.close()


def test_explorer_full_table_on_a_laptop_with_the_sidebar_open(server, laptop, artefacts):
    page, guard = open_drawn(laptop, f"{server.url}/explorer?economy=SRB&pillar=legal")
    sidebar = page.locator("[data-testid='stSidebar']").bounding_box()
    assert sidebar is not None and sidebar["width"] > 200  # open by default on a laptop
    expect(page.locator(".st-key-explorer_table_compact")).to_be_hidden()
    full = page.locator(".st-key-explorer_table_full [data-testid='stDataFrame']")
    expect(full).to_be_visible()
    expect(full.locator("[role='columnheader']").first).to_have_text("Economy")
    headers = [h.inner_text().strip() for h in full.locator("[role='columnheader']").all()]
    # the grid names the columns in view (it scrolls sideways inside itself, never the page)
    assert headers[:4] == ["Economy", "Indicator", "Period", "Value"], headers
    assert page.evaluate(WIDTHS_JS)["doc"] <= 1366
    page.locator(".st-key-explorer_filters").screenshot(path=str(artefacts / "laptop_explorer_filters.png"))
    assert guard.outside == []
    page.close()


def test_profile_radar_legend_below_its_labels_on_a_laptop(server, laptop, artefacts):
    page, guard = open_drawn(laptop, f"{server.url}/profile?economy=MKD")
    chart = page.locator(".st-key-profile_radar, [data-testid='stPlotlyChart']").first
    chart.scroll_into_view_if_needed()
    expect(chart.locator(".legend")).to_be_visible()
    boxes = chart.evaluate(
        """el => {
          const legend = el.querySelector('.legend').getBoundingClientRect();
          const labels = [...el.querySelectorAll('.angularaxistick text')].map(t => t.getBoundingClientRect());
          return {legendTop: legend.top, lowest: Math.max(...labels.map(r => r.bottom)), n: labels.length};
        }"""
    )
    assert boxes["n"] >= 6 and boxes["lowest"] <= boxes["legendTop"] + 1, boxes
    chart.screenshot(path=str(artefacts / "laptop_profile_radar.png"))
    assert guard.outside == []
    page.close()


def test_focus_stays_on_a_download_button_pressed_with_the_keyboard(server, laptop):
    page, guard = open_drawn(laptop, f"{server.url}/explorer?economy=ALB&pillar=legal")
    button = page.get_by_role("button", name="Filtered table as CSV")
    button.focus()
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename == "wb6-cyber-explorer.csv"
    # the button is disabled while its file is made, then enabled again: focus must come back to it
    page.wait_for_function(
        "() => { const a = document.activeElement; return a && a.tagName === 'BUTTON' && !a.disabled"
        " && a.closest('.st-key-explorer_download_csv') !== null; }",
        timeout=30000,
    )
    assert guard.outside == []
    page.close()


def test_sidebar_link_shows_a_focus_ring(server, laptop, artefacts):
    page, guard = open_drawn(laptop, f"{server.url}/glossary")
    ring = None
    for _i in range(6):
        page.keyboard.press("Tab")
        ring = page.evaluate(
            """() => { const a = document.activeElement; if (!a.closest('[data-testid="stSidebarNav"]')) return null;
                      const s = getComputedStyle(a); return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"""
        )
        if ring:
            break
    assert ring == ["solid", 3.0, "rgb(31, 78, 140)"], ring
    page.locator("[data-testid='stSidebarNav']").screenshot(path=str(artefacts / "sidebar_focus_ring.png"))
    assert guard.outside == []
    page.close()
