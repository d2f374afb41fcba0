"""Caching wrappers around the read-only warehouse (the only place that caches data).

One page run reads one build: ``pin_build()`` (called once at the top of every run by dashboard.py)
resolves ``data/warehouse`` once and remembers that build for the run; every accessor below
(``warehouse``, ``observations``, ``table``, ``catalog``) reads the pinned build, so a rebuild that
swaps the link in the middle of a run cannot mix two builds. The next run pins the new build.

When the current build cannot be read (link missing, build folder deleted, database truncated) the
last good build is served with a notice; when there is none, ``WarehouseMissing`` carries a short
message for the page (dashboard.py shows it instead of a traceback).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import sys
import threading
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd
import streamlit as st

from etl.build import BUILD_CATALOG, BuildBusy, build, is_stale
from etl.contracts import ValidationFailed
from indicators.method import sensitivity
from indicators.method.changes import (
    BuildNotFound,
    choose_build,
    compare_builds,
    list_archived_builds,
    load_archived_build,
)
from indicators.method.compare import REFERENCE_PERIODS, order_economies
from indicators.model.catalog import Catalog, load_catalog
from indicators.model.economies import ECONOMY_CODES
from indicators.model.explore import Filters
from indicators.model.paths import CATALOG_DIR, PROJECT_ROOT, data_dir, raw_dir
from indicators.model.warehouse import (
    Warehouse,
    WarehouseMissing,
    complete_builds,
    current_build_path,
    damaged_file,
    open_last_good,
    use_system_arrow_pool,
)
from indicators.render import map_values
from indicators.render.qr import PublicBase, load_public_base
from indicators.text import i18n
from indicators.text.citation import latest_as_of
from indicators.text.i18n import _, current_language, translate_catalog
from indicators.topics import plans, sim3
from indicators.views import (
    cert,
    changes,
    compare,
    cooperation,
    explorer,
    hygiene,
    legislation,
    methodology,
    overview,
    present,
    profile,
    research,
    trends,
)
from indicators.views import plans as views_plans
from indicators.views.present import parse_since

# Once per server process, when the data layer is imported: Arrow's system pool (random 36-157 ms stalls in the
# observations' reads with mimalloc; indicators.model.warehouse.use_system_arrow_pool).
use_system_arrow_pool()

PIN_KEY = "_pinned_build"
# "0": this process never builds on start (a replica behind deploy/serve.py, which built once before
# starting the replicas); it serves the current build and picks up a new one like any other process.
BUILD_ON_START_ENV = "WB6_BUILD_ON_START"


@dataclass(frozen=True)
class Pin:
    root: str  # the data folder (CYBER_DATA_DIR or ./data)
    build: str  # the build folder's path, resolved once for this run
    build_id: str
    notice: str  # non-empty when the current build was unusable and an older good one is served


def _usable_build_exists(root: Path) -> bool:
    return current_build_path(root) is not None or bool(complete_builds(root))


@dataclass(frozen=True)
class BuildNotice:
    text: str = ""
    warning: bool = False  # True: the data changed but the warehouse shown is an older one


class _OncePerProcess:
    """A process-wide memo per data folder (like ``st.cache_resource``, which would replay the progress
    bar of the first visitor on every later run): the first session builds, with its progress shown;
    sessions arriving meanwhile wait for that build; an exception is not remembered."""

    def __init__(self, fn):
        self.fn = fn
        self.lock = threading.Lock()
        self.results: dict[str, BuildNotice] = {}

    def __call__(self, root: str, progress=None) -> BuildNotice:
        with self.lock:
            if root not in self.results:
                self.results[root] = self.fn(root, progress)
            return self.results[root]

    def clear(self) -> None:
        with self.lock:
            self.results.clear()


@_OncePerProcess
def _startup_build(root: str, progress=None) -> BuildNotice:
    """Build the warehouse on first start when it is missing or older than data/raw or the catalog.

    Never raises when a usable build exists: invalid raw data, another build running or a read-only
    data folder leave the existing warehouse in service and return a notice. ``progress(stage, done,
    total)`` is passed to the build (see etl.build.build).
    """
    path = Path(root)
    stale, why = is_stale(path)
    if not stale:
        return BuildNotice()
    try:
        result = build(path, progress=progress, publish_now=False)  # the public tables: after the first page
    except ValidationFailed as err:
        if not _usable_build_exists(path):
            raise WarehouseMissing(
                _(
                    "the raw data has {n} problem(s) and no earlier build exists: run "
                    "`python -m etl check data/raw` and fix what it lists"
                ).format(n=len(err.problems))
            )
        return BuildNotice(
            _(
                "The raw data has {n} problem(s), so the warehouse was not rebuilt; showing the "
                "previous build. Run `python -m etl check data/raw` for details."
            ).format(n=len(err.problems)),
            True,
        )
    except (OSError, BuildBusy) as err:
        reason = (
            _("another build is running")
            if isinstance(err, BuildBusy)
            else _("the data folder cannot be written ({error})").format(error=type(err).__name__)
        )
        if not _usable_build_exists(path):
            raise WarehouseMissing(
                _(
                    "no warehouse exists and a new one could not be built: {reason}; run "
                    "`python -m etl build` where the data folder is writable"
                ).format(reason=reason)
            )
        return BuildNotice(
            _(
                "The data changed but the warehouse could not be rebuilt ({reason}); showing the "
                "existing warehouse. Run `python -m etl build` to refresh it."
            ).format(reason=reason),
            True,
        )
    _keep_checked_catalog(result)
    _publish_in_background(path)
    # Operator details go to the server log; visitors saw the progress and need nothing afterwards.
    logging.getLogger("dashboard").info(
        "Warehouse %s built (%s): %s observations in %.2f s",
        result.build_id,
        why,
        result.manifest["tables"]["observations"],
        result.manifest.get("duration_s", 0.0),
    )
    return BuildNotice()


# ``python -m etl publish`` at the lowest CPU priority (nice 19 where the system has it): on a 2-core machine the
# server's first page and the browser drawing it come first; the publishing takes what they leave.
_PUBLISH_NICELY = (
    "import os, sys\nif hasattr(os, 'nice'):\n    os.nice(19)\nfrom etl.cli import main\nsys.exit(main(sys.argv[1:]))"
)


# The catalog a build on first start was checked with, by build folder (resolved), until ``_catalog`` takes it:
# the first page then does not read and schema-check the same files again (0.2-0.3 s of CPU on a fresh clone).
_CHECKED_CATALOGS: dict[str, Catalog] = {}


def _keep_checked_catalog(result) -> None:
    """Keep ``result.catalog`` (etl.build.BuildResult) for the build's first page when the catalog files stored with
    the build are, byte for byte, the files the build hashed as its inputs (the manifest's checksums against its
    inputs); otherwise keep nothing and the page reads the stored files."""
    if result.catalog is None:
        return
    manifest = result.manifest
    stored = {k.removeprefix(BUILD_CATALOG + "/"): v["sha256"] for k, v in manifest.get("checksums", {}).items()}
    stored = {name: sha for name, sha in stored.items() if "/" not in name and name.endswith(".yaml")}
    hashed = {
        Path(item["path"]).name: item["sha256"]
        for item in manifest.get("inputs", [])
        if Path(item["path"]).parent.name == CATALOG_DIR.name
    }
    if stored and all(hashed.get(name) == sha for name, sha in stored.items()):
        _CHECKED_CATALOGS[str(Path(result.path).resolve())] = result.catalog


def _publish_in_background(root: Path) -> None:
    """``python -m etl publish`` in a child process at the lowest priority (another core, not this server's
    time): the public tables of the build just made, written and served a few seconds after the first page
    (etl.build.publish_build)."""
    try:
        child = subprocess.Popen(
            [sys.executable, "-c", _PUBLISH_NICELY, "--data-dir", str(root), "publish"],
            cwd=str(PROJECT_ROOT),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        threading.Thread(target=child.wait, name="publish-wait", daemon=True).start()  # reaped when it ends
    except OSError as err:
        logging.getLogger("dashboard").warning("public tables not published (%s): run `python -m etl publish`", err)


def ensure_warehouse(progress=None) -> BuildNotice:
    if os.environ.get(BUILD_ON_START_ENV, "1").strip() == "0":
        return BuildNotice()
    return _startup_build(str(data_dir()), progress)


@st.cache_resource(show_spinner=False, max_entries=4)
def _warehouse(root: str, build: str) -> Warehouse:
    return Warehouse(Path(root), build=Path(build))


_ASIDE: dict[str, set[str]] = {}


def _set_aside(root: str) -> set[str]:
    """Build folders of this data folder found damaged while serving: never pinned again by this process (a
    plain dictionary: st.cache_resource hashed its key on every page run, about 0.07 ms)."""
    return _ASIDE.setdefault(root, set())


def pin_build() -> Pin:
    """Resolve the current build once and pin it for this run (call at the top of every run).

    A build whose files no longer match what was opened (truncated or replaced while serving) is set aside
    and the last good build is served with a notice. Raises WarehouseMissing when no build can be read.
    """
    root = data_dir()
    aside = _set_aside(str(root))
    build_path = current_build_path(root)
    pin = None
    if build_path is not None and str(build_path) not in aside:
        try:
            wh = _warehouse(str(root), str(build_path))
            if wh.intact():
                pin = Pin(str(root), str(build_path), wh.build_id, "")
            else:
                set_aside(str(build_path))
        except WarehouseMissing:
            pin = None
    if pin is None:  # the current build is unusable: fall back to the newest good one, with a notice
        pin = _fallback(root, aside)
    st.session_state[PIN_KEY] = pin
    return pin


def _fallback(root: Path, aside: set[str]) -> Pin:
    while True:
        wh, notice = open_last_good(root, skip=aside)
        wh.close()
        pin = Pin(str(root), str(wh.path), wh.build_id, notice or _("Showing build {id}.").format(id=wh.build_id))
        cached = _warehouse(pin.root, pin.build)
        if cached.intact():
            return pin
        set_aside(pin.build)  # the cached connection is to a file changed since: never serve it again


def set_aside(build: str) -> None:
    """Never pin this build folder again in this process (its files changed after it was opened)."""

    logging.getLogger("dashboard").warning("build %s is damaged: set aside, serving the last good build", build)
    _set_aside(str(data_dir())).add(str(build))


def pinned_build_damaged() -> bool:
    """After an error in a page run: whether the pinned build's files changed or no longer match their
    checksums (then the build is set aside, and a rerun serves the last good build)."""

    pin = st.session_state.get(PIN_KEY)
    if not isinstance(pin, Pin) or pin.build in _set_aside(pin.root):
        return False
    wh = _warehouse(pin.root, pin.build)
    if wh.intact() and damaged_file(wh.path, wh.manifest) is None:
        return False
    set_aside(pin.build)
    return True


def pinned() -> Pin:
    """The build pinned for this run (pinned now if the run has not pinned one yet)."""
    pin = st.session_state.get(PIN_KEY)
    if not isinstance(pin, Pin) or pin.root != str(data_dir()):
        pin = pin_build()
    return pin


def warehouse() -> Warehouse:
    """The warehouse of the build pinned for this run; a rebuild is picked up on the next run."""
    pin = pinned()
    return _warehouse(pin.root, pin.build)


# The frames are held once per build for every session (cache_resource) and handed out as shallow
# copies: pandas >= 3 copies on write, so a caller that changes its copy never changes the shared one,
# and a page run costs no copy of the 35k observations (st.cache_data unpickled a full copy per call,
# about 45 MB a session; measured with benchmarks/bench_load.py).
@st.cache_resource(show_spinner=False, max_entries=8)
def _observations(root: str, build: str) -> pd.DataFrame:
    return _warehouse(root, build).observations()


def observations() -> pd.DataFrame:
    pin = pinned()
    return _observations(pin.root, pin.build).copy(deep=False)


@st.cache_resource(show_spinner=False, max_entries=32)
def _observations_of(root: str, build: str, economies: tuple | None, first: int | None, last: int | None):
    return _warehouse(root, build).observations(economies, first, last)


def observations_of(economies=None, first: int | None = None, last: int | None = None) -> pd.DataFrame:
    """The observations of these economies (codes) and periods (inclusive) only, read by DuckDB with the
    filter in the query: exactly the rows of :func:`observations` filtered in pandas, in the same order
    (indicators.model.warehouse.Warehouse.observations). For a page that shows one economy's rows and
    needs nothing of the others."""
    pin = pinned()
    key = None if economies is None else tuple(sorted(economies))
    return _observations_of(pin.root, pin.build, key, first, last).copy(deep=False)


@st.cache_resource(show_spinner=False, max_entries=32)
def _table(root: str, build: str, name: str) -> pd.DataFrame:
    return _warehouse(root, build).table(name)


def table(name: str) -> pd.DataFrame:
    pin = pinned()
    return _table(pin.root, pin.build, name).copy(deep=False)


@st.cache_resource(show_spinner=False, max_entries=3)
def _catalog(build: str) -> Catalog:
    """The catalog stored with the build (a broken catalog edit on disk never reaches a visitor); builds
    made before the catalog was stored read indicators/catalog. After a build on first start: the catalog that
    build checked (``_keep_checked_catalog``), not read and checked again."""
    checked = _CHECKED_CATALOGS.pop(build, None)
    if checked is not None:
        return checked
    folder = Path(build) / BUILD_CATALOG
    return load_catalog(folder) if folder.is_dir() else load_catalog()


@st.cache_resource(show_spinner=False, max_entries=18)
def _catalog_in(build: str, lang: str) -> Catalog:

    return translate_catalog(_catalog(build), lang)


def catalog() -> Catalog:
    """The indicator catalog of the pinned build in the current language (names, descriptions, units, labels
    translated through the ``catalog`` gettext domain)."""

    return _catalog_in(pinned().build, current_language())


# --- view models (indicators/views), cached per pinned build, language and selection.
# The cached functions take the pinned build's path as their key and read that same build through
# the accessors above (they run inside the page run that pinned it) ---------------------------


def _language() -> str:

    return i18n.current_language()  # set at the start of every script run by dashboard.py


@st.cache_resource(show_spinner=False, max_entries=3)
def _cert_data(build_id: str, lang: str):

    wh = warehouse()
    assess = table(sim3.TABLE) if wh.has_table(sim3.TABLE) else sim3.empty_table()
    return cert.prepare(assess, observations(), catalog(), table("sources"))


def cert_data():
    """The CERT page's per-build inputs (teams, summaries, public-record facts): indicators.views.cert.CertData."""
    return _cert_data(pinned().build, _language())


@st.cache_resource(show_spinner=False, max_entries=64)
def _cert_view(build_id: str, lang: str, economy: str, team: str | None, date: str | None):

    return cert.build(_cert_data(build_id, lang), economy, team, date)


def cert_view(economy: str, team: str | None, date: str | None):
    """indicators.views.cert.build for this selection, computed once per build, language and selection."""
    return _cert_view(pinned().build, _language(), economy, team, date)


def sim3_model():
    """The SIM3 model (indicators/topics/sim3_model.yaml), read once per process."""

    return sim3.load_model()


@st.cache_resource(show_spinner=False, max_entries=64)
def _plans_view(
    build_id: str,
    lang: str,
    economy: str,
    group: str,
    indicator: str | None,
    parameter: str | None,
    as_of: str,
    today: str,
):

    wh = warehouse()
    items = table(plans.TABLE) if wh.has_table(plans.TABLE) else plans.empty_table()
    sel = views_plans.Selection(economy, group, indicator, parameter, dt.date.fromisoformat(as_of))
    return views_plans.build(
        items, table("sources"), catalog(), sim3_model(), sel, dt.date.fromisoformat(today), observations()
    )


def plans_view(sel, today):
    """indicators.views.plans.build for this selection, computed once per build, language and selection."""
    as_of = (sel.as_of or today).isoformat()
    return _plans_view(
        pinned().build, _language(), sel.economy, sel.group, sel.indicator, sel.parameter, as_of, today.isoformat()
    )


@st.cache_resource(show_spinner=False, max_entries=3)
def _explorer_data(build_id: str, lang: str):

    return explorer.prepare(observations(), catalog(), table("sources"), table("datasets"))


def explorer_data():
    """The explorer's per-build inputs (allowed filter values, period range): indicators.views.explorer.ExplorerData."""
    return _explorer_data(pinned().build, _language())


@st.cache_resource(show_spinner=False, max_entries=32)
def _explorer_view(build_id: str, lang: str, filters: tuple, extra: tuple):

    chosen = Filters(**dict(filters))
    first, last = chosen.period or (None, None)
    rows = observations_of(chosen.economy or None, first, last)  # economy and period in the DuckDB query
    return explorer.build(
        _explorer_data(build_id, lang), rows, catalog(), table("sources"), chosen, extra, total=len(observations())
    )


def explorer_view(filters, extra: tuple = ()):
    """indicators.views.explorer.build for these filters, computed once per build, language and filters."""

    key = tuple((f.name, getattr(filters, f.name)) for f in fields(filters))
    return _explorer_view(pinned().build, _language(), key, tuple(extra))


@st.cache_data(show_spinner=False, max_entries=8)
def _rank_bands(build_id: str, as_of: int | None) -> pd.DataFrame:

    return sensitivity.rank_bands(observations(), catalog(), as_of)


def rank_bands(as_of: int | None = None) -> pd.DataFrame:
    """Rank bands of the index-lens pillar scores (indicators.method.sensitivity), computed once per build id
    and reference period, never per click."""
    return _rank_bands(pinned().build, as_of)


@st.cache_data(show_spinner=False, ttl=60)
def archived_builds() -> pd.DataFrame:
    """Archived builds (indicators.method.changes.list_archived_builds), re-listed at most once a minute."""

    return list_archived_builds()


@st.cache_resource(show_spinner=False, max_entries=8)
def _change_report(build_id: str, old_id: str):

    old = load_archived_build(old_id)
    return compare_builds(old.observations, observations(), old.manifest, warehouse().manifest, catalog())


def change_report(since: str | None):
    """The "last forum" comparison for ``since`` (build id or YYYY-MM-DD; None: the latest other archived
    build): (ChangeReport or None, message for the reader or None). Never raises on user input."""

    build_id, day = parse_since(since)
    current = warehouse().build_id
    old_id, message = choose_build(archived_builds(), build_id, day, exclude=current)
    if old_id is None:
        return None, message
    try:
        return _change_report(pinned().build, old_id), message
    except BuildNotFound as err:
        return None, str(err)


@st.cache_resource(show_spinner=False, max_entries=32)
def _present_view(
    build_id: str,
    lang: str,
    economies: tuple,
    focus: str,
    screen: int,
    since: str | None,
    base: tuple | None,
    base_reason: str | None,
):

    report, message = change_report(since)
    qr, qr_reason = present.audience_qr(PublicBase(*base) if base else None, base_reason, economies, focus, since, lang)
    return present.build(
        observations(),
        catalog(),
        table("datasets"),
        warehouse().manifest,
        _rank_bands(build_id, None),
        list(economies),
        focus,
        screen,
        qr=qr,
        qr_reason=qr_reason,
        changes=report,
        changes_message=message,
    )


def present_view(economies, focus: str, screen: int, since: str | None):
    """indicators.views.present.build for this deck, with its audience QR code, once per build, language,
    selection and public base URL (read on every run, so a URL set while the server runs is used)."""
    base, reason = load_public_base()
    key = (base.url, base.origin) if base else None
    return _present_view(pinned().build, _language(), tuple(economies), focus, screen, since, key, reason)


@st.cache_resource(show_spinner=False, max_entries=16)
def _changes_view(build_id: str, lang: str, since: str | None, economies: tuple):

    report, message = change_report(since)
    return changes.build(report, message, list(economies), table("datasets"))


def changes_view(since: str | None, economies):
    """indicators.views.changes.build for this comparison, once per build, language and selection."""
    return _changes_view(pinned().build, _language(), since, tuple(economies))


def _table_reader():
    """table(name) bound to the build pinned for this run (kept inside cached view-model inputs)."""
    pin = pinned()
    return lambda name: _table(pin.root, pin.build, name)


# --- view models of the people pages (hygiene, methodology, legislation, research) ----------------------------
def _frozen(mapping) -> tuple:
    return tuple(sorted((str(k), tuple(v) if isinstance(v, (list, tuple)) else v) for k, v in mapping.items()))


@st.cache_resource(show_spinner=False, max_entries=64)
def _hygiene_view(build_id: str, lang: str, url: tuple, widgets: tuple):

    wh = warehouse()
    d = hygiene.Data(wh.has_table, _table_reader(), wh.query, catalog(), observations())
    return hygiene.build(d, dict(url), dict(widgets))


def hygiene_view(url: dict, widgets: dict):
    """indicators.views.hygiene.build for these URL values and widget values, once per build and language."""
    return _hygiene_view(pinned().build, _language(), _frozen(url), _frozen(widgets))


def _people_data(build_id: str):

    wh = warehouse()
    return hygiene.Data(wh.has_table, _table_reader(), wh.query, catalog(), observations())


@st.cache_resource(show_spinner=False, max_entries=64)
def _legislation_view(build_id: str, lang: str, url: tuple, widgets: tuple, today: str):

    return legislation.build(_people_data(build_id), dict(url), dict(widgets), dt.date.fromisoformat(today))


def legislation_view(url: dict, widgets: dict, today):
    """indicators.views.legislation.build for these URL and widget values, once per build, language and day."""
    return _legislation_view(pinned().build, _language(), _frozen(url), _frozen(widgets), today.isoformat())


@st.cache_resource(show_spinner=False, max_entries=64)
def _research_view(build_id: str, lang: str, url: tuple, widgets: tuple):

    return research.build(_people_data(build_id), dict(url), dict(widgets))


def research_view(url: dict, widgets: dict):
    """indicators.views.research.build for these URL and widget values, once per build and language."""
    return _research_view(pinned().build, _language(), _frozen(url), _frozen(widgets))


@st.cache_resource(show_spinner=False, max_entries=3)
def _methodology_data(build_id: str, lang: str):

    return methodology.prepare(_people_data(build_id), raw_dir())


@st.cache_resource(show_spinner=False, max_entries=64)
def _methodology_view(build_id: str, lang: str, url: tuple, widgets: tuple):

    return methodology.build(_methodology_data(build_id, lang), dict(url), dict(widgets))


def methodology_view(url: dict, widgets: dict):
    """indicators.views.methodology.build for these URL and widget values, once per build and language."""
    return _methodology_view(pinned().build, _language(), _frozen(url), _frozen(widgets))


# --- region pages (overview, compare, trends, profile): view models cached per build, language, selection ----


def _plan_items() -> pd.DataFrame:

    return table(plans.TABLE) if warehouse().has_table(plans.TABLE) else plans.empty_table()


@st.cache_resource(show_spinner=False, max_entries=16)
def _profile_base(build_id: str, lang: str, period: str):
    # what every economy's profile shares (pillar scores of all economies, WB6 average...): once per period
    return profile.prepare(observations(), catalog(), _rank_bands(build_id, profile.PERIODS[period]), period)


@st.cache_resource(show_spinner=False, max_entries=64)
def _profile_view(build_id: str, lang: str, economy: str, period: str):

    bands, base = _rank_bands(build_id, profile.PERIODS[period]), _profile_base(build_id, lang, period)
    return profile.build(observations(), catalog(), bands, _plan_items(), economy, period, base)


def profile_view(economy: str, period: str):
    """indicators.views.profile.build for this economy and period, once per build, language and selection."""
    return _profile_view(pinned().build, _language(), economy, period)


@st.cache_resource(show_spinner=False, max_entries=64)
def _profile_peers(build_id: str, lang: str, economy: str, period: str) -> tuple[str, bool]:

    view = _profile_view(build_id, lang, economy, period)
    return cooperation.profile_opportunities(observations(), catalog(), view.gap_rows, economy, profile.PERIODS[period])


def profile_peers(economy: str, period: str) -> tuple[str, bool]:
    """The profile's peer-learning section (indicators.views.cooperation.profile_opportunities) for this economy
    and period: (markdown, whether Kosovo* is named), once per build, language and selection."""
    return _profile_peers(pinned().build, _language(), economy, period)


@st.cache_resource(show_spinner=False, max_entries=1)
def _public_base() -> tuple:

    return load_public_base()


def public_base_url() -> str | None:
    """The public base URL set by the presenter (indicators.render.qr), or None."""
    base, _reason = _public_base()
    return base.url if base else None


@st.cache_resource(show_spinner=False, max_entries=64)
def _compare_view(build_id: str, lang: str, economies: tuple, period: str):

    return compare.build(
        observations(), catalog(), _rank_bands(build_id, compare.PERIODS[period]), list(economies), period
    )


def compare_view(economies, period: str):
    """indicators.views.compare.build for these economies and period, once per build, language and selection."""

    return _compare_view(pinned().build, _language(), tuple(order_economies(list(economies))), period)


@st.cache_resource(show_spinner=False, max_entries=3)
def _map_options(build_id: str) -> list:

    return map_values.map_indicator_options(observations(), catalog())


def map_indicator_options() -> list:
    """The indicators the overview map can show (once per build)."""
    return _map_options(pinned().build)


@st.cache_resource(show_spinner=False, max_entries=64)
def _overview_view(build_id: str, lang: str, by: str, pillar: str, indicator: str, period: str):

    bands = _rank_bands(build_id, REFERENCE_PERIODS[period]) if by == "pillar" else None
    return overview.build(observations(), catalog(), bands, by, pillar, indicator, period, with_status=False)


def overview_view(by: str, pillar: str, indicator: str, period: str):
    """indicators.views.overview.build for this selection (without the status facts: :func:`overview_status`), once per build, language and selection."""
    return _overview_view(pinned().build, _language(), by, pillar, indicator if by == "indicator" else "", period)


@st.cache_resource(show_spinner=False, max_entries=32)
def _overview_status(build_id: str, lang: str, pillar: str, period: str):

    return overview.status_section(observations(), catalog(), pillar, period)


def overview_status(pillar: str, period: str):
    """The overview's status facts of a pillar (indicators.views.overview.status_section), once per build, language
    and selection; the page asks for them after drawing its map and ranking."""
    return _overview_status(pinned().build, _language(), pillar, period)


@st.cache_resource(show_spinner=False, max_entries=64)
def _trends_view(build_id: str, lang: str, index: str, economies: tuple):

    return trends.build(observations(), catalog(), index, list(economies))


def trends_view(index: str, economies):
    """indicators.views.trends.build for this index and these economies, once per build, language and selection."""

    return _trends_view(pinned().build, _language(), index, tuple(c for c in ECONOMY_CODES if c in set(economies)))


# --- language and citation helpers (issue 14 "Cite this view", issue 15) ------------------------------


@st.cache_data(show_spinner=False, max_entries=8)
def _latest_dataset_as_of(build_id: str) -> str | None:

    datasets = table("datasets")
    if datasets is None or "as_of" not in datasets:
        return None
    return latest_as_of(datasets["as_of"].dropna().tolist())


def latest_dataset_as_of() -> str | None:
    """The latest as-of date of the datasets in the pinned build (indicators.text.citation.latest_as_of)."""
    return _latest_dataset_as_of(pinned().build)


@st.cache_resource(show_spinner=False, max_entries=64)
def _cooperation_view(build_id: str, lang: str, url: tuple, widgets: tuple):

    return cooperation.build(_people_data(build_id), dict(url), dict(widgets))


def cooperation_view(url: dict, widgets: dict):
    """indicators.views.cooperation.build for these URL and widget values, once per build and language."""
    return _cooperation_view(pinned().build, _language(), _frozen(url), _frozen(widgets))
