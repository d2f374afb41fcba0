"""Benchmark: server-side rerun time of every page (not part of pytest).

    python benchmarks/bench_pages.py                 # every page, 15 timed reruns each
    python benchmarks/bench_pages.py --runs 30 --pages cert plans explorer

What it measures. The pages registered in dashboard.py (read from its ``st.Page(...)`` calls) are run
with Streamlit's AppTest, the same harness as the tests: the whole script run of the router
(dashboard.py) plus the page, on a private copy of the bundled data built into a private warehouse
(``data/raw`` is copied to a temporary folder and built once; the repository's own warehouse is never
touched). For each page, two warm-up runs fill the caches (``st.cache_data`` / ``st.cache_resource`` are
process-wide, so the caches stay warm between reruns, as on a server), then ``--runs`` reruns are timed
(wall time of ``AppTest.run()``: the script run on the server side, no browser, no network). The same is
done for a one-line app (``st.write("x")``) in the same process, interleaved with the pages so that both
see the same machine load; ``ratio`` is a page's median over the one-line app's median. Each rerun's CPU
time (``time.process_time``) is printed beside its wall time: the load of the machine hardly changes it.
Scripts are compiled once per process, as on a server (AppTest alone recompiles dashboard.py and the page on
every run; ``--compile-each-run`` measures that way, as the rounds before the third did), and dashboard.py
runs as a server runs it after its first run, not through Streamlit's listing of ``pages/`` as a version-1
multipage app, which AppTest repeats on every run (``--apptest-navigation`` keeps it; the rounds before the
fourth measured that way).

Output: a table (page, median ms, max ms, ratio; the CPU median, its ratio and the CPU max; Python's full garbage
collections made while the page was timed, how many and their CPU ms) and the line
``RESULT pages=<n> median_of_medians_ms=<ms> worst_page=<page> worst_median_ms=<ms> max_ms=<ms>
baseline_ms=<ms> cpu_median_of_medians_ms=<ms> baseline_cpu_ms=<ms> cpu_max_ms=<ms> full_gcs=<n>
full_gc_max_ms=<ms>``. A full collection walks every object of the process (75-160 ms in a warm process before
ui/heap.py froze what the first run on a build leaves): it lands in whichever rerun is running, a page's or the
one-line app's. The targets of issue 12: median over pages at most 100 ms, no page over 250 ms.
Timings depend on the machine and its load; the load average before and after is printed.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ONE_LINE_APP = "import streamlit as st\nst.write('x')\n"


def registered_pages() -> list[str]:
    """The pages of indicators/model/page_registry.py, in menu order (e.g. ``overview``, ``compare``, ...)."""
    from indicators.model import page_registry

    return page_registry.keys()


def prepare(work: Path) -> Path:
    from etl.build import build

    data = work / "data"
    shutil.copytree(ROOT / "data" / "raw", data / "raw")
    started = time.perf_counter()
    build(data)
    print(f"  built a private warehouse from the bundled data in {time.perf_counter() - started:.1f} s", flush=True)
    return data


def share_script_cache() -> None:
    """Compile each script once per process, as a Streamlit server does (its Runtime keeps one ScriptCache:
    dashboard.py and each page are compiled, with the magic-command rewrite, on their first run only).
    AppTest makes a new ScriptCache for every ``run()``, so without this each timed rerun also recompiled
    dashboard.py and the page: a cost a server does not pay on a rerun (``--compile-each-run`` keeps it)."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    app_test.ScriptCache = lambda: shared
    local_script_runner.ScriptCache = lambda: shared


def server_navigation() -> None:
    """Run dashboard.py as a server does after its first run. A folder ``pages/`` beside the main script makes
    Streamlit take the app for a version-1 multipage app (``PagesManager.uses_pages_directory``): the script
    is then run through ``_mpa_v1``, which lists ``pages/*.py`` and makes an ``st.Page`` for each (16 file
    lookups) before running dashboard.py. A server does this on its first run only: dashboard.py's
    ``st.navigation`` sets the flag to False for the process. AppTest sets it back to None before every
    ``run()``, so without this each timed rerun paid that listing too (``--apptest-navigation`` keeps it)."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test

    class ServerPagesManager(PagesManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False  # as after a server's first st.navigation

    app_test.PagesManager = ServerPagesManager


def page_app(page: str, timeout: int):
    """An AppTest of dashboard.py showing ``page`` (like a deep link), already run once."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    from indicators.model import page_registry

    at.run()
    if page != page_registry.DEFAULT.key:
        at.switch_page(page_registry.page(page).file)
        at.run()
    if at.exception:
        raise SystemExit(f"page {page} raised: {at.exception[0].message}")
    return at


def timed_run(at, cpu: list | None = None) -> float:
    """Wall ms of one rerun; its CPU ms (``time.process_time`` of this process: the script thread and
    AppTest's, which the machine's load hardly changes) is appended to ``cpu`` when given."""
    started, cpu_started = time.perf_counter(), time.process_time()
    at.run()
    if cpu is not None:
        cpu.append((time.process_time() - cpu_started) * 1000)
    return (time.perf_counter() - started) * 1000


class FullCollections:
    """Python's full garbage collections (generation 2) while timing: how many, and their CPU ms. A full
    collection walks every object of the process (about 200,000 in a warm app: 75-120 ms here), so it makes
    the slowest reruns; ui/heap.py freezes what survives the first run on a build."""

    def __init__(self):
        self.times: list[float] = []
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._started = time.process_time()
        else:
            self.times.append((time.process_time() - self._started) * 1000)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed reruns per page (default 15)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed reruns per page before timing (default 2)")
    parser.add_argument("--pages", nargs="*", help="only these pages (url paths), default: every registered page")
    parser.add_argument("--timeout", type=int, default=120)
    parser.add_argument(
        "--compile-each-run",
        action="store_true",
        help="recompile dashboard.py and the page on every rerun (AppTest's default; a server compiles once)",
    )
    parser.add_argument(
        "--apptest-navigation",
        action="store_true",
        help="list pages/ as a version-1 multipage app on every rerun (AppTest's default; a server does it once)",
    )
    args = parser.parse_args(argv)
    if not args.compile_each_run:
        share_script_cache()
    if not args.apptest_navigation:
        server_navigation()

    pages = registered_pages()
    if args.pages:
        unknown = sorted(set(args.pages) - set(pages))
        if unknown:
            parser.error(f"not registered in dashboard.py: {', '.join(unknown)}")
        pages = [p for p in pages if p in args.pages]
    print(
        f"  machine: {os.cpu_count()} cores, load average before: " + " ".join(f"{x:.2f}" for x in os.getloadavg()),
        flush=True,
    )
    work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    try:
        os.environ["CYBER_DATA_DIR"] = str(prepare(work))
        from streamlit.testing.v1 import AppTest

        baseline_app = AppTest.from_string(ONE_LINE_APP, default_timeout=args.timeout)
        baseline_app.run()
        full = FullCollections()
        baseline: list[float] = []
        baseline_cpu: list[float] = []
        results: dict[str, list[float]] = {}
        cpu: dict[str, list[float]] = {}
        collections: dict[str, list[float]] = {}
        for page in pages:
            at = page_app(page, args.timeout)
            for _i in range(args.warmup):
                at.run()
            times, cpu[page] = [], []
            full.times.clear()  # counted while timing only (a page's first runs make its cached views)
            for _i in range(args.runs):
                times.append(timed_run(at, cpu[page]))
                baseline.append(timed_run(baseline_app, baseline_cpu))
            if at.exception:
                raise SystemExit(f"page {page} raised: {at.exception[0].message}")
            results[page] = times
            collections[page] = list(full.times)
        base = statistics.median(baseline)
        base_cpu = statistics.median(baseline_cpu)
        print(
            f"\n  {'page':<14}{'median ms':>11}{'max ms':>10}{'ratio':>9}{'CPU ms':>9}{'CPU ratio':>11}"
            f"{'CPU max':>9}{'full GCs':>10}"
        )
        for page, times in results.items():
            med, med_cpu = statistics.median(times), statistics.median(cpu[page])
            gcs = collections[page]
            print(
                f"  {page:<14}{med:>11.1f}{max(times):>10.1f}{med / base:>9.0f}{med_cpu:>9.1f}{med_cpu / base_cpu:>11.0f}"
                f"{max(cpu[page]):>9.1f}{len(gcs):>4} {sum(gcs):>5.0f}ms"
            )
        print(f"  {'one-line app':<14}{base:>11.1f}{max(baseline):>10.1f}{1:>9.0f}{base_cpu:>9.1f}{1:>11.0f}")
        every_gc = [t for gcs in collections.values() for t in gcs]
        medians = {p: statistics.median(t) for p, t in results.items()}
        worst = max(medians, key=medians.get)
        print("  load average after: " + " ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)
        print(
            f"RESULT pages={len(results)} median_of_medians_ms={statistics.median(medians.values()):.1f} "
            f"worst_page={worst} worst_median_ms={medians[worst]:.1f} "
            f"max_ms={max(max(t) for t in results.values()):.1f} baseline_ms={base:.1f} "
            f"cpu_median_of_medians_ms={statistics.median(statistics.median(c) for c in cpu.values()):.1f} "
            f"baseline_cpu_ms={base_cpu:.1f} cpu_max_ms={max(max(c) for c in cpu.values()):.1f} "
            f"full_gcs={len(every_gc)} full_gc_max_ms={max(every_gc, default=0):.1f}",
            flush=True,
        )
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
