"""First start: the hidden warm-up that makes the browser load its chart code while the server prepares the data
(ui/warmup.py). It holds no data, is never displayed, goes away with the loading line, and is sent only until
the first start's data is ready."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import run_page
from tests.conftest import ROOT
from ui import warmup

SCRIPT = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
import streamlit as st
from ui import warmup
slot = warmup.loading_slot()
if st.session_state.get("progress"):
    slot.progress(0.5, text="halfway")
if st.session_state.get("done"):
    slot.empty()
"""


@pytest.fixture
def first_start():
    warmup._ready.clear()
    yield
    warmup._ready.set()


def _run(**state) -> AppTest:
    at = AppTest.from_string(SCRIPT)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def test_first_start_sends_empty_charts_in_a_hidden_container(first_start):
    at = _run()
    assert not at.exception
    box = at.main.children[0]
    assert [c.value for c in at.caption] == ["Preparing the data…"]
    hidden = box.children[1]
    assert hidden.proto.id.endswith("-" + warmup.KEY)
    assert "display:none" in at.get("html")[0].proto.body and f".st-key-{warmup.KEY}" in at.get("html")[0].proto.body
    # nothing to show and no number: an empty progress bar (first), one empty trace, a map without layers, a table
    # without rows
    (bar,) = at.get("progress")
    assert bar.proto.value == 0 and bar.proto.text == ""
    assert [c.type for c in hidden.children.values() if c.type != "html"][:2] == ["progress", "plotly_chart"]
    (fig,) = [json.loads(e.proto.spec) for e in at.get("plotly_chart")]
    assert [(t["type"], t["x"], t["y"]) for t in fig["data"]] == [("scatter", [], [])]
    (deck,) = [json.loads(e.proto.json) for e in at.get("deck_gl_json_chart")]
    assert "layers" not in deck or deck["layers"] == []
    (table,) = at.dataframe
    assert len(table.value) == 0


def test_progress_replaces_the_line_and_keeps_the_warm_up(first_start):
    at = _run(progress=True)
    assert [e.proto.text for e in at.get("progress")] == ["halfway", ""]  # the line's bar, the hidden empty one
    assert not at.caption and len(at.get("plotly_chart")) == 1 and len(at.get("deck_gl_json_chart")) == 1


def test_emptied_slot_leaves_nothing(first_start):
    at = _run(done=True)
    assert not at.get("plotly_chart") and not at.get("deck_gl_json_chart") and not at.dataframe and not at.caption
    assert not at.get("progress")


def test_after_the_first_start_only_the_line():
    warmup.ready()
    at = _run()
    assert [c.value for c in at.caption] == ["Preparing the data…"]
    assert not at.get("plotly_chart") and not at.get("deck_gl_json_chart") and not at.dataframe


def test_dashboard_first_start_leaves_only_the_real_charts(bundled_data_dir, first_start):
    at = run_page(bundled_data_dir, "overview")
    assert not at.exception and not warmup.first_start()  # the data is ready: no warm-up on later runs
    (deck,) = [json.loads(e.proto.json) for e in at.get("deck_gl_json_chart")]
    assert deck["layers"]  # the overview's map, not the empty warm-up
    figures = [json.loads(e.proto.spec) for e in at.get("plotly_chart")]
    assert figures and all(any(len(t.get("y") or t.get("x") or []) for t in f["data"]) for f in figures)
