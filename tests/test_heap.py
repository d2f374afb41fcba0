"""ui/heap.py: the first run on a build collects everything once and freezes the survivors, every other run does
nothing; cyclic garbage made after the freeze is still collected, and a new build's first run frees what the old
build left frozen."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

from ui import heap


@pytest.fixture
def fresh_heap(monkeypatch):
    gc.unfreeze()
    monkeypatch.setattr(heap, "_STATE", {"build": None, "settled": set()})
    yield
    gc.unfreeze()


class Node:
    def __init__(self):
        self.other = None


def cycle() -> weakref.ref:
    a, b = Node(), Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def full_collections() -> int:
    return gc.get_stats()[2]["collections"]


def test_the_first_run_on_a_build_collects_once_and_freezes_the_survivors(fresh_heap):
    gone = cycle()  # garbage made during the first run: collected, not frozen
    before = full_collections()
    assert heap.settle("build-a") is True
    assert gone() is None
    assert full_collections() == before + 1
    frozen = gc.get_freeze_count()
    assert frozen > 0
    for _ in range(3):  # every later run on the same build: nothing
        assert heap.settle("build-a") is False
    assert gc.get_freeze_count() == frozen and full_collections() == before + 1
    assert heap.settle(None) is False  # no pinned build: nothing


def test_cyclic_garbage_made_after_the_freeze_is_still_collected(fresh_heap):
    heap.settle("build-a")
    gone = cycle()
    gc.collect()
    assert gone() is None


def test_a_new_build_frees_what_the_old_one_left_frozen(fresh_heap):
    old = [Node(), Node()]
    old[0].other, old[1].other = old[1], old[0]
    gone = weakref.ref(old[0])
    heap.settle("build-a")  # the cycle is frozen now, like the first page's cached figure
    del old
    gc.collect()
    assert gone() is not None  # a frozen cycle waits
    assert heap.settle("build-b") is True  # the first run on the new build: unfrozen, collected, frozen again
    assert gone() is None


def test_a_late_run_on_the_previous_build_does_not_freeze_again(fresh_heap):
    # a run that pinned build A and ends after build B's first run was settled: no unfreeze, collection and freeze
    assert heap.settle("A") and heap.settle("B")
    frozen = gc.get_freeze_count()
    assert not heap.settle("A")
    assert gc.get_freeze_count() == frozen and heap._STATE["build"] == "B"
    assert not heap.settle("B")


def test_exit_frees_what_was_frozen():
    """Shutdown does not collect the frozen generation: without the unfreeze at exit, a DuckDB connection held
    in a reference cycle when the page run froze it is reported by DuckDB's bindings as leaked on stderr."""
    script = (
        "import duckdb\n"
        "from ui import heap\n"
        "class Holder: pass\n"
        "h = Holder(); h.me = h; h.con = duckdb.connect()\n"
        "assert heap.settle('build-1')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "leaked" not in done.stderr
