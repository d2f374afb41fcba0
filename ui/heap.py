"""Python's full garbage collections on a warm server (issue 25: no page rerun over 150 ms).

A warm server process holds a couple of hundred thousand objects that live as long as it does: modules, the
cached frames, view models and figures. Python's full collection (generation 2) walks every one of them: 75-120 ms
of CPU on the 2-core machine, in the middle of whichever page run set it off (the slowest reruns of
``benchmarks/bench_pages.py``; docs/performance.md, "h26rerun (fifth round)").

:func:`settle` runs after every page run (ui/guard.py). After a run during which Python made a full collection,
the objects that survived it have shown they are long-lived: they are moved out of the collector's sight
(``gc.freeze``), so later full collections walk only what was made since. Freezing frees and keeps nothing by
itself: a frozen object is still freed when its last reference goes; only reference cycles among frozen objects
wait. So the first run on each build served by the process (a start, or the first visit after a rebuild, both slow
runs already) unfreezes everything, makes one full collection (the old build's cached view models may be garbage
now) and freezes what survives: the one full collection this code starts. Later full collections are Python's own,
when its thresholds say, and walk only what was made since the last freeze.
"""

from __future__ import annotations

import gc
import threading

_LOCK = threading.Lock()
_STATE = {"build": None, "full": None}  # the build served when last settled; full collections counted then


def full_collections() -> int:
    """How many full (generation 2) collections this process has made."""
    return gc.get_stats()[2]["collections"]


def settle(build: str | None) -> bool:
    """After a page run on ``build``: on the first run on a build, collect everything and freeze the survivors;
    later, freeze the survivors of a full collection Python made since the last call. Returns whether it froze."""
    full = full_collections()
    if build == _STATE["build"] and full == _STATE["full"]:
        return False  # the common case: nothing new has proved long-lived
    with _LOCK:
        if build != _STATE["build"]:
            # The first run on a build in this process (a start, or the first visit after a rebuild: both slow
            # runs already, the page drawn by now): one full collection of everything, the previous build's
            # caches included, then its survivors frozen, so that no warm rerun later pays for this heap.
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            _STATE.update(build=build, full=full_collections())
            return True
        if full == _STATE["full"]:
            return False
        gc.collect(1)  # the young garbage made since that collection, not frozen with the survivors (a few ms)
        gc.freeze()
        _STATE["full"] = full_collections()
        return True
