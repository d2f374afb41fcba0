"""The overview's first view in a session sends its map last, into its place (pages/overview.py): a browser drawing
WebGL in software blocks its main thread for seconds when the map arrives, and what came before is then on screen.
Later runs send the map in place, so a changed selection updates it instead of re-creating it."""

from __future__ import annotations

import json

import pytest
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from tests.apptest_helpers import run_page
from ui import links, warmup


@pytest.fixture
def sent(monkeypatch):
    """The kinds of chart and table elements, in the order the script sends them."""
    order: list[str] = []
    for name in ("pydeck_chart", "plotly_chart", "dataframe"):
        original = getattr(DeltaGenerator, name)

        def record(self, *args, _original=original, _name=name, **kwargs):
            order.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(DeltaGenerator, name, record)
        # st.<name> is bound to the main DeltaGenerator when streamlit is imported
        monkeypatch.setattr(st, name, lambda *a, _record=record, **k: _record(st._main, *a, **k))
    return order


def _map_place(at):
    """The path of block indices to the map, the kinds of element beside it, and its layers."""

    def find(node, path):
        for i, child in getattr(node, "children", {}).items():
            if getattr(child, "type", None) == "deck_gl_json_chart":
                kinds = [getattr(c, "type", None) for c in node.children.values()]
                return (*path, i), kinds[max(i - 1, 0) : i + 2], json.loads(child.proto.json)["layers"]
            found = find(child, (*path, i))
            if found:
                return found
        return None

    return find(at._tree, ())


def test_first_view_sends_the_map_last_into_its_place(bundled_data_dir, sent):
    warmup.ready()  # no hidden warm-up charts (ui/warmup.py): only the page's own
    at = run_page(bundled_data_dir, "overview")
    assert not at.exception
    assert sent[0] == "plotly_chart" and sent[-1] == "pydeck_chart" and sent.count("pydeck_chart") == 1
    assert "dataframe" in sent  # the map after the ranking and the tables
    place, beside, layers = _map_place(at)
    assert beside == ["caption", "deck_gl_json_chart", "markdown"]  # between the rule and the legend
    sent.clear()
    at.run()  # a later run of the same view: the map in place, before the ranking
    assert not at.exception
    assert sent.index("pydeck_chart") < sent.index("plotly_chart") and sent.count("pydeck_chart") == 1
    assert _map_place(at) == (place, beside, layers)  # the same place in the left column, the same map


def test_the_map_still_comes_when_something_below_it_fails(bundled_data_dir, sent, monkeypatch):
    """An error in the part of the page sent before the map (here the profile links) is shown by ui/guard as a short
    message; the map is still drawn in its place, not left as an empty box."""

    def broken():
        raise RuntimeError("profile links broke")

    monkeypatch.setattr(links, "profile_links", broken)
    warmup.ready()
    at = run_page(bundled_data_dir, "overview")
    assert sent[-1] == "pydeck_chart" and sent.count("pydeck_chart") == 1
    place = _map_place(at)
    assert place is not None and place[1] == ["caption", "deck_gl_json_chart", "markdown"]
