"""Labels that are read whole (h27look, the presenter's look at 1440x900): a download button's or a metric's
label in a longer language wraps onto a second line instead of ending in "…" (Streamlit 1.67 cuts them with
its ``stMarkdownEllipsis`` style; ui/frame.py's STYLE lets them wrap). Element screenshots go to test-results/.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_drawn, wait_for_app

# page -> a label that Streamlit cut at 1440 px (h27look's screenshots)
TARGETS = {
    "compare?lang=sq": "Shkarko rezultatet e shtyllave me mbulimin dhe brezat e renditjes (CSV)",
    "explorer?lang=sr_Cyrl": "Цео скуп података као пакет података (зип)",
    "cert?lang=sr_Cyrl": "Изведени ниво (правило пројекта)",
}

CUT_JS = """() => [...document.querySelectorAll(
    '[data-testid="stMain"] :is([data-testid="stDownloadButton"], [data-testid="stButton"], '
    + '[data-testid="stLinkButton"], [data-testid="stMetricLabel"]) .stMarkdownEllipsis')]
  .filter(el => el.getBoundingClientRect().width > 0)
  .map(el => ({text: el.innerText.trim(), scroll: el.scrollWidth, client: el.clientWidth}))"""


@pytest.mark.parametrize("target", list(TARGETS))
def test_button_and_metric_labels_are_not_cut_at_1440(server, desktop, target, artefacts):
    page, guard = open_drawn(desktop, f"{server.url}/{target}")
    label = page.get_by_text(TARGETS[target], exact=True).first
    expect(label).to_be_visible(timeout=120000)
    labels = page.evaluate(CUT_JS)
    assert TARGETS[target] in [lab["text"] for lab in labels], labels
    cut = [lab for lab in labels if lab["scroll"] > lab["client"] + 1]
    assert cut == [], f"{target}: labels cut: {cut}"
    label.screenshot(path=str(artefacts / f"label_{target.split('?')[0]}.png"))
    assert guard.outside == []
    page.close()


TICKS_JS = """() => {
  const chart = document.querySelector('.st-key-cert_heatmap [data-testid="stPlotlyChart"], [data-testid="stPlotlyChart"]');
  return [...chart.querySelectorAll('.xtick text')].map(t => {
    const r = t.getBoundingClientRect(); return {text: t.textContent, left: r.left, right: r.right}; });
}"""


@pytest.mark.parametrize("lang", ["sq", "sr_Latn"])
def test_the_sim3_heatmaps_level_labels_do_not_run_together(server, desktop, lang, artefacts):
    # "Eksplicit, i formalizuar" / "Eksplicitno, formalizovano": one word a line, but in 3/5 of the page the
    # five columns were narrower than "formalizovano" and neighbouring labels overlapped
    page = desktop.new_page()
    page.set_default_timeout(60000)
    page.goto(f"{server.url}/cert?lang={lang}")
    wait_for_app(page)
    chart = page.locator("[data-testid='stPlotlyChart']").first
    expect(chart.locator(".xtick text")).to_have_count(5, timeout=120000)
    ticks = page.evaluate(TICKS_JS)
    assert len(ticks) == 5, ticks
    for a, b in zip(ticks, ticks[1:]):
        assert a["right"] <= b["left"] + 1, f"{lang}: {a['text']!r} runs into {b['text']!r}"
    page.close()


NAV_JS = """() => [...document.querySelectorAll('[data-testid="stSidebarNav"] .stMarkdownEllipsis')]
  .map(el => ({text: el.innerText.trim(), scroll: el.scrollWidth, client: el.clientWidth}))"""


def test_the_sidebars_page_names_are_not_cut_in_albanian(server, desktop):
    # "Higjiena kibernetike dhe përfshi…", "Eksploruesi i të dhënave dhe sh…": the page names wrap
    page = desktop.new_page()
    page.set_default_timeout(60000)
    page.goto(f"{server.url}/glossary?lang=sq")
    wait_for_app(page)
    names = page.evaluate(NAV_JS)
    assert "Eksploruesi i të dhënave dhe shkarkimet" in [n["text"] for n in names], names
    cut = [n for n in names if n["scroll"] > n["client"] + 1]
    assert cut == [], cut
    page.close()


PERIOD_JS = """() => {
  const group = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stButtonGroup"]')][0];
  const column = group.closest('[data-testid="stColumn"]');
  return {group: group.scrollWidth, client: group.clientWidth,
          buttons: [...group.querySelectorAll('button')].map(b => Math.round(b.getBoundingClientRect().right)),
          column: Math.round(column.getBoundingClientRect().right)};
}"""


def test_the_compare_pages_period_control_is_whole_in_albanian(server, desktop):
    # "Gjendja në 2020 (GCI 2020)" ran past its column's edge and was cut ([4, 2] columns)
    page = desktop.new_page()
    page.set_default_timeout(60000)
    page.goto(f"{server.url}/compare?lang=sq")
    wait_for_app(page)
    expect(page.get_by_text("Gjendja në 2020 (GCI 2020)", exact=True)).to_be_attached(timeout=120000)
    got = page.evaluate(PERIOD_JS)
    assert got["buttons"] and max(got["buttons"]) <= got["column"] + 1, got
    assert got["group"] <= got["client"] + 1, got
    page.close()
