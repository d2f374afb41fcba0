"""No operator text in front of visitors (issue 22): every visitor page and the deck (AppTest on the bundled
data) are scanned for the dashboard's own operator phrases (public-URL setup hints, build messages, raw build
ids) and for all-caps working notes left in the data ("CONFLICTING, not assessed: ...").

Operator information has its places: the log, the methodology page (build and data provenance) and the
presenter's setup screen (the audience QR hint). Those two pages are scanned for working notes only.
"""

from __future__ import annotations

import os
import re

import pytest
from streamlit.testing.v1 import AppTest

from indicators.model.page_registry import PAGES
from tests.apptest_helpers import all_text, run_page
from tests.conftest import ROOT

OPERATOR_PHRASES = (
    "No public URL is set",
    "permalink is a path relative",
    "presenter.toml",
    "WB6_PUBLIC_URL",
    "--public-url",
    "Warehouse built",
    "no warehouse has been built yet",
)
# a raw build id in words; inside an archived build's stable table URL (.../data/builds/<id>/...) it is an address
BUILD_ID = re.compile(r"(?<!builds/)\b\d{8}T\d{6,}Z(?:-[0-9a-f]+)?\b")  # "20261207T025644147260Z-fa870bf0662d"
# a working note: an all-caps word of five letters or more opening a phrase ("CONFLICTING, ...",
# "CONFLICTING DATE: ...", "TODO:"); acronyms inside a sentence (NCSI, CSIRT, GDPR) are not notes
WORKING_NOTE = re.compile(r"(?:^|[.;(>]\s*|\n)([A-Z]{5,}(?:\s+[A-Z]{3,})*)\s*[,:]\s", re.MULTILINE)
KNOWN_CAPS = {  # organisations' acronyms that open a source or team name ("ENISA: ..."), not notes
    "ENISA": "EU Agency for Cybersecurity",
    "GCSCC": "Global Cyber Security Capacity Centre (Oxford)",
    "RNIDS": "Serbian national internet domain registry",
    "UNICEF": "UN Children's Fund",
    "FIRST": "Forum of Incident Response and Security Teams",
}

OPERATOR_PAGES = {"methodology", "present"}  # the places for operator information (setup screen, provenance)
VISITOR_PAGES = [p.url_path for p in PAGES if p.url_path not in OPERATOR_PAGES]
PROFILES = [("profile", {"economy": e}) for e in ("XKX", "SRB", "ALB")]
DECK = [("present", {"present": "1", "economies": "XKX,SRB", "focus": "legal", "slide": str(n)}) for n in (1, 3, 4)]


def page_text(at) -> str:
    toasts = [str(getattr(t, "value", "")) for t in at.get("toast")]
    return all_text(at) + "\n" + "\n".join(toasts)


def operator_findings(text: str) -> list[str]:
    found = [p for p in OPERATOR_PHRASES if p.lower() in text.lower()]
    return found + BUILD_ID.findall(text)


def working_notes(text: str) -> list[str]:
    return sorted({m for m in WORKING_NOTE.findall(text) if m not in KNOWN_CAPS})


def test_the_scanners_find_what_they_look_for():
    assert operator_findings("No public URL is set, so the permalink is a path relative to ...") != []
    assert operator_findings("Build 20261207T025644147260Z-fa870bf0662d") == ["20261207T025644147260Z-fa870bf0662d"]
    assert operator_findings("Built on 2026-12-07. NCSI score 84 / 100 (2026)") == []
    assert working_notes("CONFLICTING, not assessed: see the 2026 score.") == ["CONFLICTING"]
    assert working_notes("Note. CONFLICTING DATE: another law firm says 2024") == ["CONFLICTING DATE"]
    assert working_notes("The NCSI, CSIRT and GDPR: acronyms in a sentence.") == []
    assert operator_findings("/app/static/data/builds/20261207T025644147260Z-fa870bf0662d/observations.csv") == []


@pytest.mark.parametrize("url_path, params", [(p, {}) for p in VISITOR_PAGES] + PROFILES + DECK)
def test_visitors_see_no_operator_text(bundled_data_dir, url_path, params):
    at = run_page(bundled_data_dir, url_path, params)
    assert not at.exception
    assert operator_findings(page_text(at)) == [], (url_path, params)


@pytest.mark.parametrize("url_path, params", [(p.url_path, {}) for p in PAGES] + PROFILES + DECK)
def test_no_all_caps_working_notes_on_any_page(bundled_data_dir, url_path, params):
    """Working notes in the data ("CONFLICTING, not assessed: ...") are research notes, not visitor text.
    The notes are data (data/raw/legislation, data/raw/csirts): issue 20 separates public from research
    notes. A failure here names the page and the note; it is the data's, not the page code's."""
    at = run_page(bundled_data_dir, url_path, params)
    assert working_notes(page_text(at)) == [], (url_path, params)


def test_cite_this_view_names_the_economy_and_asks_the_presenter_for_the_link(bundled_data_dir):
    at = run_page(bundled_data_dir, "profile", {"economy": "SRB"})
    cite = next(m.value for m in at.markdown if m.value.startswith("`") and "WB6 Cyber Maturity Dashboard" in m.value)
    assert "Economy profile: Serbia." in cite  # the page with its economy
    assert "link: ask the presenter" in cite and "profile?economy" not in cite  # no public URL set in tests
    assert not BUILD_ID.search(cite) and re.search(r"built on \d{4}-\d{2}-\d{2}", cite)  # ISO dates in English


def test_cite_this_view_follows_the_view_and_language(bundled_data_dir):
    """The footer keeps each citation line once made, process-wide (ui/frame.py, issue 25): another economy or
    language must still cite its own view, and the first view again gives the same line."""

    def cite(params):  # a deep link: one run straight on the page, no widget state of another page carried over
        os.environ["CYBER_DATA_DIR"] = str(bundled_data_dir)
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
        for key, value in params.items():
            at.query_params[key] = value
        at.switch_page("pages/profile.py")
        at.run()
        return next(m.value for m in at.markdown if m.value.startswith("`") and "Dashboard" in m.value)

    serbia = cite({"economy": "SRB"})
    albania = cite({"economy": "ALB"})
    assert "Economy profile: Albania." in albania and "Serbia" not in albania
    in_albanian = cite({"economy": "ALB", "lang": "sq"})
    assert in_albanian != albania and "Economy profile" not in in_albanian and "Shqipëri" in in_albanian
    assert cite({"economy": "SRB"}) == serbia
