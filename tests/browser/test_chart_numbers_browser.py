"""Numbers in charts follow the language (issue 23), in a real browser: every chart carries Plotly's
``separators`` for the page's language (indicators.text.i18n.plotly_separators, set in ui.blocks.plotly_chart),
the hover text of the profile's radar writes its one-decimal scores with the language's decimal sign
("90,2" in sq, sr and mk; "90.2" in English), no axis tick uses the other sign, and the trend charts'
year ticks are never grouped ("2024", not "2.024")."""

from __future__ import annotations

import re

import pytest

from indicators.text.i18n import plotly_separators
from tests.browser.conftest import wait_for_app

LANGS = ["en", "sq", "sr_Latn", "sr_Cyrl", "mk"]
_CHARTS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(g => ({
    sep: g._fullLayout ? g._fullLayout.separators : null,
    ticks: [...g.querySelectorAll('.xtick text, .ytick text, .radialaxistick text')].map(t => t.textContent)}))"""


def _charts(page, path, lang, server):
    sep = "&" if "?" in path else "?"
    page.goto(f"{server.url}/{path}{sep}lang={lang}")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60000)
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')].every(g => g._fullLayout)")
    return page.evaluate(_CHARTS)


def _hover_texts(page, n=6):
    texts = []
    points = page.locator(".js-plotly-plot .polarlayer path.point")
    for i in range(min(points.count(), n)):
        points.nth(i).hover(force=True, timeout=5000)
        page.wait_for_timeout(300)
        texts += [
            t for t in page.evaluate("() => [...document.querySelectorAll('.hoverlayer')].map(h => h.textContent)") if t
        ]
    return texts


@pytest.mark.parametrize("lang", LANGS)
def test_chart_numbers_use_the_language_s_separators(server, guarded_page, lang):
    page, _guard = guarded_page
    decimal, group = plotly_separators(lang)
    other = "." if decimal == "," else ","
    charts = _charts(page, "profile?economy=ALB", lang, server)
    assert charts and all(c["sep"] == decimal + group for c in charts), charts
    ticks = [t for c in charts for t in c["ticks"]]
    assert ticks and not [t for t in ticks if re.search(rf"\d{re.escape(other)}\d(?!\d\d)", t)], ticks
    hover = _hover_texts(page)
    with_decimals = [t for t in hover if re.search(r"\d[.,]\d\b", t)]
    assert with_decimals, hover  # the radar's scores have one decimal
    assert all(re.search(rf"\d{re.escape(decimal)}\d\b", t) for t in with_decimals), with_decimals
    assert not [t for t in with_decimals if re.search(rf"\d{re.escape(other)}\d\b", t)], with_decimals


@pytest.mark.parametrize("lang", ["sq", "mk"])
def test_trend_years_are_never_grouped(server, guarded_page, lang):
    page, _guard = guarded_page
    charts = _charts(page, "trends", lang, server)
    assert charts and all(c["sep"] == plotly_separators(lang) for c in charts)
    ticks = [t.strip() for c in charts for t in c["ticks"]]
    years = [t for t in ticks if re.fullmatch(r"20\d\d", t)]
    assert years, ticks
    assert not [t for t in ticks if re.fullmatch(r"20[.,\u00a0\u202f ]\d\d\d", t)], ticks
