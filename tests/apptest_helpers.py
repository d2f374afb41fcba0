"""Helpers for AppTest runs of the real dashboard (router + page) on a private built warehouse."""

from __future__ import annotations

import json
import os

from streamlit.testing.v1 import AppTest

from indicators.model import page_registry
from tests.conftest import ROOT

DEFAULT_PAGE = page_registry.DEFAULT.key


def run_page(data_dir, url_path: str, params: dict | None = None, timeout: int = 60) -> AppTest:
    """Run dashboard.py with the given page selected through the URL, like a browser deep link."""
    os.environ["CYBER_DATA_DIR"] = str(data_dir)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if url_path and url_path != DEFAULT_PAGE:  # the first run already shows the default page
        spec = page_registry.BY_KEY.get(url_path)
        at.switch_page(spec.file if spec else f"pages/{url_path}.py")
        for key in list(at.query_params):  # the first run may have rewritten the URL for its own page
            del at.query_params[key]
        for key, value in (params or {}).items():
            at.query_params[key] = value
        at.run()
    return at


def plotly_figures(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def all_text(at: AppTest) -> str:
    parts = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error"):
        parts += [str(getattr(e, "value", "")) for e in getattr(at, kind)]
    return "\n".join(parts)
