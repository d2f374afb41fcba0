"""Keep Streamlit in ``st.navigation`` mode although the views live in a folder named ``pages/``.

The one place that touches Streamlit internals for routing. Streamlit 1.67 has NO public API to turn
off the legacy (v1) multipage mode for an app whose entry script has a ``pages/`` folder beside it
(``client.showSidebarNavigation`` only hides v1's sidebar; it does not change routing). What this
module relies on, verified in the installed Streamlit 1.67.0 source:

1. ``streamlit/runtime/pages_manager.py``: the CLASS attribute ``PagesManager.uses_pages_directory``
   (``bool | None``, initially None) is set once per process, in ``PagesManager.__init__``, to
   ``(main_script_parent / "pages").exists()`` while it is still None.
2. ``streamlit/runtime/scriptrunner/script_runner.py``: while it is truthy, every script run calls
   ``_mpa_v1(main_script_path)`` instead of executing the entry script; ``_mpa_v1`` builds v1 pages
   from ``pages/*.py`` and runs the requested page file on its own. A deep link such as
   ``/profile?economy=XKX`` opened as the first request to a fresh server would therefore run
   ``pages/profile.py`` without the router (dashboard.py) and the frame (sidebar, footer).
3. ``streamlit/commands/navigation.py``: ``st.navigation`` itself sets
   ``PagesManager.uses_pages_directory = False`` (the public behaviour this module imitates early).

:func:`ensure_router` is called first thing in dashboard.py and in every page: if the flag is still
truthy it sets it to False (what ``st.navigation`` would do) and reruns, so from then on the entry
script runs and routes. tests/test_router.py fails loudly when an upgrade changes (1) or (3)
(unit test) or the observable result (browser test: a deep link as the first request to a fresh
server shows the sidebar navigation and the footer). If one fails, look for a public switch in the
new release's ``st.navigation`` / config docs before patching this file.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_router() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
