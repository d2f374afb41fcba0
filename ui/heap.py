"""Python's full garbage collections on a warm server (issue 25: no page rerun over 150 ms).

A warm server process holds a couple of hundred thousand objects that live as long as it does: modules, the
cached frames, view models and figures. Python's full collection (generation 2) walks every one of them: 75-160 ms
of CPU on the 2-core machine, in the middle of whichever page run set it off (the slowest reruns of
``benchmarks/bench_pages.py``; docs/performance.md, "h26rerun (fifth round)").

:func:`settle` runs after every page run (ui/guard.py). On the first run on a build in this process (a start, or
the first visit after a rebuild: slow runs already, the page drawn by then) it makes one full collection and
freezes what survives (``gc.freeze``): the modules, the build's frames and the first page's view models are then
out of the collector's sight, and Python's own later full collections walk only what was made since. What is frozen
is everything alive in the process at that moment, other sessions' runs included; a build is settled once per
process, so a run that pinned the previous build and ends later does not freeze again.

Freezing frees and keeps nothing by itself: a frozen object is still freed when its last reference goes. Only a
reference cycle among frozen objects (a plotly figure and its traces, in a cached view model the cache later drops)
waits, until the next build's first run unfreezes and collects everything. That is why only the first run is
frozen, never the survivors of later collections: what can wait is bounded by what was alive at the first run on
each build.

At exit everything is unfrozen again (``atexit``): Python's shutdown does not collect the frozen generation, and
DuckDB's bindings (nanobind) then report the connections and types still alive as "leaked" on stderr.
"""

from __future__ import annotations

import atexit
import gc
import threading

_LOCK = threading.Lock()
# the build whose first run was settled last in this process, and every build settled so far
_STATE = {"build": None, "settled": set()}


def settle(build: str | None) -> bool:
    """After a page run on ``build``: on the first run on a build, unfreeze what an earlier build left, collect
    everything once and freeze the survivors. Returns whether it did (False on every other run)."""
    if build is None or build == _STATE["build"]:
        return False  # the common case: one comparison per run
    with _LOCK:
        # a run that pinned the previous build and ends after the new build's first run: no second freeze
        if build in _STATE["settled"]:
            return False
        gc.unfreeze()  # the earlier build's cached views may be garbage now (cycles among them included)
        gc.collect()
        gc.freeze()
        if _STATE["build"] is None:
            atexit.register(gc.unfreeze)  # once per process: shutdown then frees what was frozen
        _STATE["build"] = build
        _STATE["settled"].add(build)
        return True
