"""ui/heap.py: the first run on a build collects everything once and freezes the survivors; later, the survivors
of a full collection Python made are frozen after the run it happened in; cyclic garbage made after a freeze is
still collected, and a new build unfreezes what the old one left."""

from __future__ import annotations

import gc
import weakref

import pytest

from ui import heap


@pytest.fixture
def fresh_heap(monkeypatch):
    gc.unfreeze()
    monkeypatch.setattr(heap, "_STATE", {"build": None, "full": None})
    yield
    gc.unfreeze()


class Node:
    def __init__(self):
        self.other = None


def cycle() -> None:
    a, b = Node(), Node()
    a.other, b.other = b, a


def test_the_first_run_on_a_build_collects_once_and_freezes_the_survivors(fresh_heap):
    cycle()  # garbage made before the first run ends: collected, not frozen
    before = heap.full_collections()
    assert heap.settle("build-a") is True
    assert heap.full_collections() == before + 1
    frozen = gc.get_freeze_count()
    assert frozen > 0
    assert heap.settle("build-a") is False  # the next runs: nothing new has proved long-lived
    assert gc.get_freeze_count() == frozen
    assert gc.collect() == 0  # nothing was left for a full collection to find


def test_the_survivors_of_a_later_full_collection_are_frozen_once(fresh_heap):
    heap.settle("build-a")
    frozen = gc.get_freeze_count()
    kept = [Node() for _ in range(100)]
    gc.collect()  # what Python's thresholds would start in the middle of some page run
    assert heap.settle("build-a") is True
    assert gc.get_freeze_count() >= frozen + len(kept)
    assert heap.settle("build-a") is False


def test_cyclic_garbage_made_after_a_freeze_is_still_collected(fresh_heap):
    heap.settle("build-a")
    cycle()
    assert gc.collect() >= 2  # the two nodes of the cycle (and their attribute dictionaries)


def test_a_new_build_unfreezes_what_the_old_one_left_and_collects_it(fresh_heap):
    heap.settle("build-a")
    old = [Node(), Node()]
    old[0].other, old[1].other = old[1], old[0]
    gone = weakref.ref(old[0])
    gc.collect()
    heap.settle("build-a")  # the cycle is frozen now, like an old build's cached view model
    del old
    gc.collect()
    assert gone() is not None  # frozen: out of the collector's sight
    assert heap.settle("build-b") is True  # the first run on the new build: unfrozen, collected, frozen again
    assert gone() is None
