"""Python's full garbage collections on a warm server (issue 25: no page rerun over 150 ms).

A warm server process holds a couple of hundred thousand objects that live as long as it does: modules, the
cached frames, view models and figures. Python's full collection (generation 2) walks every one of them: 75-120 ms
of CPU on the 2-core machine, in the middle of whichever page run set it off (the slowest reruns of
``benchmarks/bench_pages.py``; docs/performance.md, "h26rerun (fifth round)").

:func:`settle` runs after every page run (ui/guard.py). After a run during which Python made a full collection,
the objects that survived it have shown they are long-lived: they are moved out of the collector's sight
(``gc.freeze``), so later full collections walk only what was made since. Freezing frees and keeps nothing by
itself: a frozen object is still freed when its last reference goes; only reference cycles among frozen objects
wait. So when the served build changes (the old build's cached view models may now be garbage), everything is
unfrozen and the next full collection sees the whole heap once more, then what survives it is frozen again.
Nothing here starts a full collection: Python's own thresholds decide when one runs, as before.
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
    """After a page run on ``build``: freeze the survivors of a full collection made since the last call, or
    unfreeze everything when the build changed. Returns whether it froze."""
    full = full_collections()
    if build == _STATE["build"] and full == _STATE["full"]:
        return False  # the common case: nothing new has proved long-lived
    with _LOCK:
        if build != _STATE["build"]:
            if _STATE["build"] is not None:
                gc.unfreeze()  # the previous build's caches may be garbage now: the next full collection decides
            _STATE.update(build=build, full=full)
            return False
        if full == _STATE["full"]:
            return False
        gc.collect(1)  # the young garbage made since that collection, not frozen with the survivors (a few ms)
        gc.freeze()
        _STATE["full"] = full_collections()
        return True
