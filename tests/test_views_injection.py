"""HTML and markdown planted in the data's text fields never become markup on the CERT, plans and explorer
pages (AppTest: every markdown body is checked; tests/browser/test_views_injection_browser.py checks the DOM).
The CSV downloads of these pages are checked in tests/test_views.py (the view models make their bytes)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from etl.build import build
from tests.apptest_helpers import run_page
from tests.planted import TEAM

# Planted markup that markdown would turn into an element: an unescaped '<tag', '[label](' or '![' sequence.
UNESCAPED_MD = re.compile(r"(?<!\\)(<(img|a|b) (id|class)=.planted|<style>h1|!?\[planted)")
PAGES = [
    ("cert", {"economy": "MNE"}),
    ("plans", {"economy": "ALB", "indicator": "gci_2024_capacity"}),
    ("explorer", {}),
]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.planted: list[str] = []

    def handle_starttag(self, tag, attrs):
        if any("planted" in (v or "") or "127.0.0.1:9" in (v or "") for _k, v in attrs):
            self.planted.append(tag)

    def handle_data(self, data):
        if "h1{color:red}" in data:  # the planted <style> became a style element
            self.planted.append("style")


@pytest.fixture(scope="module")
def planted_dir(tmp_path_factory):
    from tests.planted import planted_raw

    d = planted_raw(tmp_path_factory.mktemp("planted") / "data")
    build(d)
    return d


def markdown_bodies(at):
    """(body, allow_html) of every markdown-rendered element of the page."""
    out = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success"):
        for el in getattr(at, kind):
            proto = el.proto
            out.append(
                (getattr(proto, "body", "") or str(getattr(el, "value", "")), bool(getattr(proto, "allow_html", False)))
            )
    return out


@pytest.mark.parametrize("page, params", PAGES)
def test_planted_html_creates_no_element(planted_dir, page, params):
    at = run_page(planted_dir, page, params)
    assert not at.exception
    bodies = markdown_bodies(at)
    assert any("planted" in b for b, _h in bodies) or page != "cert"  # the planted texts are on the page
    for body, allow_html in bodies:
        if allow_html:
            tags = _Tags()
            tags.feed(body)
            assert not tags.planted, body
        assert not UNESCAPED_MD.search(body.replace("&lt;", "").replace("&gt;", "")), body
    if page == "cert":
        assert at.selectbox(key="cert_team_MNE").value == TEAM  # the planted (real) team is the one shown
