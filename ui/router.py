"""Keep Streamlit in st.navigation mode although the views live in a folder named ``pages/``.

Streamlit still treats a ``pages/`` folder beside the entry script as a legacy (v1) multipage app
until some session has called ``st.navigation``; a deep link such as ``/profile?economy=XKX`` opened
on a freshly started server would then run the page file on its own, without the router and frame.
Calling :func:`ensure_router` first thing in the entry script and in every page switches the
process to navigation mode once and reruns, so the router always runs.
"""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_router() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
