"""Presentation mode in a real browser, as a forum presenter uses it: walk the deck with PageDown (what a
clicker sends) at 1920x1080 and 1280x720 for 2, 4 and 6 economies, and check on every slide that

- no text element (HTML or SVG, chart text included) is under 18 px at 1080p or 14 px at 720p;
- neither the document nor the main container overflows, and no element lies outside the screen;
- the navigation bar sits at the same place on every slide, and nothing (text, chart, table) reaches below
  its top edge, with the audience QR badge off (no public URL) and on (issue 22);
- every slide has a real heading (h1) and no empty table header;
- the sources slide lists exactly the datasets cited on the slides;
- no request leaves 127.0.0.1.

Element screenshots of every slide go to test-results/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.browser.conftest import NetworkGuard

# the slide counter, not the stale copy Streamlit keeps on screen while a rerun draws the next slide
COUNTER = "[data-testid='stElementContainer']:not([data-stale='true']) [data-testid='slide-counter']"
TITLE = "[data-testid='stElementContainer']:not([data-stale='true']) [data-testid='slide-title']"
SIZES = {"1080p": ((1920, 1080), 18.0), "720p": ((1280, 720), 14.0)}
DECKS = {2: "ALB,XKX", 4: "SRB,XKX,BIH,MKD", 6: "ALB,BIH,XKX,MNE,MKD,SRB"}
FOCUS = {2: "overview", 4: "technical", 6: "legal"}

CHECK_JS = """(limit) => {
  const W = window.innerWidth, H = window.innerHeight, small = [], outside = [];
  const root = document.querySelector('[data-testid="stMainBlockContainer"]');
  const skip = el => el.closest('.st-key-slide_hidden_keys') || el.closest('title');
  for (const el of root.querySelectorAll('*')) {
    if (skip(el)) continue;
    const st = getComputedStyle(el);
    if (st.visibility === 'hidden' || st.display === 'none' || st.opacity === '0') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (own && parseFloat(st.fontSize) < limit - 0.01)
      small.push(`${el.tagName} ${st.fontSize} "${el.textContent.trim().slice(0, 40)}"`);
    if (!el.closest('svg') && (r.right > W + 1 || r.bottom > H + 1 || r.left < -1 || r.top < -1))
      outside.push(`${el.getAttribute('data-testid') || el.tagName} ${Math.round(r.left)},${Math.round(r.top)}-${Math.round(r.right)},${Math.round(r.bottom)}`);
  }
  const doc = document.scrollingElement;
  const main = document.querySelector('[data-testid="stMain"]');
  const navEl = document.querySelector('.st-key-slide_nav'), nav = navEl.getBoundingClientRect(), under = [];
  for (const el of root.querySelectorAll('*')) {
    if (navEl.contains(el) || skip(el) || el.closest('.slide-qr-badge')) continue;
    const st = getComputedStyle(el);
    if (st.visibility === 'hidden' || st.display === 'none') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if ((own || ['svg', 'IMG', 'TABLE', 'CANVAS'].includes(el.tagName)) && r.bottom > nav.top + 0.5)
      under.push(`${el.tagName} ${Math.round(r.top)}-${Math.round(r.bottom)} "${el.textContent.trim().slice(0, 40)}"`);
  }
  const badge = document.querySelector('.slide-qr-badge');
  const badgeBox = badge ? badge.getBoundingClientRect() : null;
  const badgeUnder = badgeBox ? badgeBox.bottom > nav.top + 0.5 : false;
  const navButtons = [...document.querySelectorAll('.st-key-slide_nav button')].map(b => {
    const q = b.getBoundingClientRect(); return [Math.round(q.left), Math.round(q.top), Math.round(q.width), Math.round(q.height)];});
  const headings = document.querySelectorAll('[data-testid="stMainBlockContainer"] h1, [data-testid="stMainBlockContainer"] h2').length;
  const emptyTh = [...root.querySelectorAll('th')].filter(th => !th.textContent.trim()).length;
  return {small: small.slice(0, 8), outside: outside.slice(0, 8), under: under.slice(0, 8), badgeUnder,
          badge: !!badge,
          docOverflow: doc.scrollHeight > H + 1 || doc.scrollWidth > W + 1,
          mainOverflow: main.scrollHeight > main.clientHeight + 1 || main.scrollWidth > main.clientWidth + 1,
          nav: [Math.round(nav.left), Math.round(nav.top), Math.round(nav.width), Math.round(nav.height)],
          navButtons, headings, emptyTh,
          cited: [...root.querySelectorAll('[data-testid="slide-sources"] .slide-source')].map(e => e.textContent.trim()),
          listed: [...root.querySelectorAll('.slide-sources-list .slide-source')].map(e => e.textContent.trim())};
}"""


@pytest.fixture(scope="module")
def contexts(browser):
    made = {name: browser.new_context(viewport={"width": w, "height": h}) for name, ((w, h), _l) in SIZES.items()}
    yield made
    for ctx in made.values():
        ctx.close()


@pytest.mark.parametrize("n", [2, 4, 6])
@pytest.mark.parametrize("size", list(SIZES))
def test_deck_is_projector_grade(server, contexts, size, n, artefacts):
    walk_deck(server, contexts, size, n, artefacts, qr=False)


@pytest.fixture(scope="module")
def qr_server(server):
    """A second server on the same (built) data with a public URL set: the deck carries the audience QR badge."""
    import os

    from tests.browser.server import StreamlitServer

    old = os.environ.get("WB6_PUBLIC_URL")
    os.environ["WB6_PUBLIC_URL"] = "https://forum.example.org/wb6/"
    try:
        srv = StreamlitServer(server.data_dir)
    finally:
        if old is None:
            os.environ.pop("WB6_PUBLIC_URL", None)
        else:
            os.environ["WB6_PUBLIC_URL"] = old
    yield srv
    srv.stop()


@pytest.mark.parametrize("n", [2, 4, 6])
@pytest.mark.parametrize("size", list(SIZES))
def test_deck_with_the_qr_badge_keeps_clear_of_the_navigation(qr_server, contexts, size, n, artefacts):
    walk_deck(qr_server, contexts, size, n, artefacts, qr=True)


def walk_deck(server, contexts, size, n, artefacts, qr: bool):
    (width, height), limit = SIZES[size]
    page = contexts[size].pages[0] if contexts[size].pages else contexts[size].new_page()
    guard = NetworkGuard(page)
    page.goto(f"{server.url}/present?present=1&economies={DECKS[n]}&focus={FOCUS[n]}&screen={height}&slide=1")
    counter = page.locator(COUNTER)
    # the first test of a session may wait for the first-start build of the warehouse
    expect(counter).to_have_text(re.compile(r"^1 / \d+$"), timeout=240000)
    total = int(counter.inner_text().split("/")[1])
    cited, navs = set(), set()
    for k in range(1, total + 1):
        expect(counter).to_have_text(f"{k} / {total}", timeout=30000)
        expect(page.locator("[data-testid='stSkeleton']")).to_have_count(0, timeout=60000)
        if page.locator(".js-plotly-plot").count() or page.locator("[data-testid='stPlotlyChart']").count():
            expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=30000)
        assert page.locator("[data-testid='stException']").count() == 0
        result = page.evaluate(CHECK_JS, limit)
        where = f"slide {k}/{total} at {size}, {n} economies"
        assert result["headings"] >= 1, where
        assert result["emptyTh"] == 0, where
        assert result["small"] == [], f"{where}: text under {limit} px: {result['small']}"
        assert result["outside"] == [], f"{where}: outside the screen: {result['outside']}"
        assert result["under"] == [] and not result["badgeUnder"], f"{where}: under the navigation: {result['under']}"
        heading = page.locator(TITLE).inner_text()
        assert result["badge"] == (qr and "phone" not in heading), where
        assert not result["docOverflow"] and not result["mainOverflow"], f"{where}: overflow {result}"
        navs.add((tuple(result["nav"]), tuple(map(tuple, result["navButtons"]))))
        cited |= set(result["cited"])
        page.locator("[data-testid='stMainBlockContainer']").screenshot(
            path=str(artefacts / f"present_{size}_{n}eco{'_qr' if qr else ''}_slide{k:02d}.png")
        )
        if k < total:
            page.keyboard.press("PageDown")
        else:
            heading = page.locator(TITLE).inner_text()
            assert heading == "Sources and how to read this"
            assert set(result["listed"]) == cited, f"sources slide {result['listed']} vs cited {sorted(cited)}"
            assert len(result["listed"]) == len(set(result["listed"]))
    assert len(navs) == 1, f"the navigation moved between slides: {navs}"
    assert guard.outside == []


IDLE_JS = (
    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
    " && document.querySelectorAll('.st-key-slide_nav button').length >= 2"
)


def press_when_idle(page, key: str, counter, expected: str) -> None:
    """Press ``key`` once the app has finished its run, then wait for the counter to say ``expected``: waits
    on the app's state, never on a fixed sleep. On a loaded machine a key pressed before the buttons' key
    handlers are attached is dropped: when the counter and the URL still show the slide before after 20 s,
    the key is pressed again (at most three times). A key that moves two slides still fails."""
    page.wait_for_function(IDLE_JS, timeout=60000)
    before, url = counter.inner_text().strip(), page.url
    for _attempt in range(3):
        page.keyboard.press(key)
        try:
            page.wait_for_function(
                "([el, before]) => el.textContent.trim() !== before",
                arg=[counter.element_handle(), before],
                timeout=20000,
            )
            break
        except PlaywrightTimeout:
            assert page.url == url and counter.inner_text().strip() == before
            page.wait_for_function(IDLE_JS, timeout=60000)
    expect(counter).to_have_text(expected, timeout=60000)


def test_arrow_keys_and_auto_advance(server, contexts):
    page = contexts["720p"].new_page()
    guard = NetworkGuard(page)
    page.goto(f"{server.url}/present?present=1&economies=ALB&focus=legal&slide=1&screen=720")
    counter = page.locator(COUNTER)
    expect(counter).to_have_text("1 / 6", timeout=240000)  # run alone, it may wait for the first-start build
    press_when_idle(page, "ArrowRight", counter, "2 / 6")
    press_when_idle(page, "PageDown", counter, "3 / 6")
    press_when_idle(page, "ArrowLeft", counter, "2 / 6")
    press_when_idle(page, "PageUp", counter, "1 / 6")
    page.wait_for_url(re.compile(r"[?&]slide=1(&|$)"), timeout=30000)
    # auto-advance every 10 s: the slide moves on by itself, once per tick, and the URL follows
    page.goto(f"{server.url}/present?present=1&economies=ALB&focus=legal&slide=1&auto=10&screen=720")
    expect(counter).to_have_text("1 / 6", timeout=60000)
    expect(counter).to_have_text("2 / 6", timeout=90000)  # the first tick, however late a loaded machine runs it
    page.wait_for_url(re.compile(r"[?&]slide=2(&|$)"), timeout=30000)
    assert guard.outside == []
    page.close()
