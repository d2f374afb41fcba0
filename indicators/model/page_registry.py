"""The one list of the dashboard's pages: dashboard.py builds ``st.Page`` from it, ui/links.py links with
it, benchmarks/bench_pages.py times it and the tests iterate it. No Streamlit.

Titles and section names are English message ids (marked with ``N_`` for extraction); the router
translates them per run with ``_()``. To add a page: write ``pages/<key>.py`` and add one PageSpec here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from indicators.model.paths import PROJECT_ROOT
from indicators.model.vocabulary import N_


@dataclass(frozen=True)
class PageSpec:
    key: str  # the page's identity in links and tests; equals url_path
    file: str  # path of the page script, relative to the project root
    title: str  # English message id; translate with _() at run time
    icon: str  # Streamlit material icon
    section: str  # English message id of the sidebar section
    url_path: str  # /<url_path> in the browser
    default: bool = False  # the page shown at /


def _page(key: str, title: str, icon: str, section: str, default: bool = False) -> PageSpec:
    return PageSpec(
        key=key, file=f"pages/{key}.py", title=title, icon=icon, section=section, url_path=key, default=default
    )


REGION, ECONOMY, CERTS, PEOPLE, DATA, FORUM = (
    N_("Region"),
    N_("Economy"),
    N_("CERTs and plans"),
    N_("People"),
    N_("Data"),
    N_("Forum"),
)
SECTIONS = (REGION, ECONOMY, CERTS, PEOPLE, DATA, FORUM)  # in sidebar order

PAGES: tuple[PageSpec, ...] = (
    _page("overview", N_("Regional overview"), ":material/map:", REGION, default=True),
    _page("compare", N_("Compare economies"), ":material/compare_arrows:", REGION),
    _page("trends", N_("Trends by edition"), ":material/timeline:", REGION),
    _page("profile", N_("Economy profile"), ":material/person_pin:", ECONOMY),
    _page("legislation", N_("Legislation tracker"), ":material/gavel:", ECONOMY),
    _page("cert", N_("CERT maturity (SIM3)"), ":material/security:", CERTS),
    _page("plans", N_("Capacity-building plans"), ":material/checklist:", CERTS),
    _page("hygiene", N_("Cyber hygiene and inclusion"), ":material/diversity_3:", PEOPLE),
    _page("research", N_("Research library"), ":material/local_library:", PEOPLE),
    _page("explorer", N_("Data explorer and downloads"), ":material/table_view:", DATA),
    _page("methodology", N_("Methodology and sources"), ":material/menu_book:", DATA),
    _page("glossary", N_("Glossary"), ":material/dictionary:", DATA),
    _page("cooperation", N_("Cooperation"), ":material/handshake:", FORUM),
    _page("present", N_("Presentation mode"), ":material/slideshow:", FORUM),
    _page("changes", N_("What changed"), ":material/difference:", FORUM),
)
BY_KEY = {p.key: p for p in PAGES}
DEFAULT = next(p for p in PAGES if p.default)
PRESENT = BY_KEY["present"]


def page(key: str) -> PageSpec:
    """The page registered under ``key`` (KeyError for an unknown key)."""
    return BY_KEY[key]


def keys() -> list[str]:
    return [p.key for p in PAGES]


def by_section() -> dict[str, list[PageSpec]]:
    """Section -> its pages, in sidebar order (untranslated section ids)."""
    return {s: [p for p in PAGES if p.section == s] for s in SECTIONS if any(p.section == s for p in PAGES)}


def path(spec: PageSpec, root: Path = PROJECT_ROOT) -> Path:
    return root / spec.file
