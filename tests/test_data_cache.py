"""ui/data.py hands every session the same observations and tables, without a copy per page run (a room
of first-time visitors must not multiply the server's memory), and no caller can change what the others
read."""

from __future__ import annotations

import os

from streamlit.testing.v1 import AppTest


def _app():
    import streamlit as st

    from ui import data

    pin = data.pinned()
    first = data.observations()
    shared = data._observations(pin.root, pin.build)
    st.session_state["same_object"] = data._observations(pin.root, pin.build) is shared
    before = float(shared["value"].dropna().iloc[0])
    first.loc[first.index[0], "economy"] = "ZZZ"  # a caller changing its copy ...
    first["planted"] = 1
    first.iloc[:, first.columns.get_loc("value")] = -1.0
    again = data.observations()  # ... changes nothing the next caller reads
    st.session_state["unchanged"] = (
        "planted" not in again.columns
        and "ZZZ" not in set(again["economy"])
        and float(again["value"].dropna().iloc[0]) == before
    )
    table = data.table("sources")
    table["title"] = "planted"
    st.session_state["table_unchanged"] = "planted" not in set(data.table("sources")["title"])


def test_observations_are_shared_once_and_copies_cannot_change_them(bundled_data_dir):
    os.environ["CYBER_DATA_DIR"] = str(bundled_data_dir)
    at = AppTest.from_function(_app, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["same_object"] is True
    assert at.session_state["unchanged"] is True
    assert at.session_state["table_unchanged"] is True
