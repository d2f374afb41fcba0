"""ui/heap.py: the survivors of a full garbage collection are frozen after the run it happened in, a change of
build unfreezes everything, and cyclic garbage made after a freeze is still collected."""

from __future__ import annotations

import gc

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


def test_nothing_is_frozen_until_a_full_collection_has_run(fresh_heap):
    assert heap.settle("build-a") is False  # the first run of the process: only remembered
    assert heap.settle("build-a") is False  # no full collection since: nothing has proved long-lived
    assert gc.get_freeze_count() == 0


def test_the_survivors_of_a_full_collection_are_frozen_once(fresh_heap):
    heap.settle("build-a")
    kept = [Node() for _ in range(100)]
    gc.collect()  # what Python's thresholds would start in the middle of some page run
    assert heap.settle("build-a") is True
    frozen = gc.get_freeze_count()
    assert frozen > len(kept)
    assert heap.settle("build-a") is False  # the next run: nothing new
    assert gc.get_freeze_count() == frozen


def test_cyclic_garbage_made_after_a_freeze_is_still_collected(fresh_heap):
    heap.settle("build-a")
    gc.collect()
    heap.settle("build-a")
    a, b = Node(), Node()
    a.other, b.other = b, a
    del a, b
    assert gc.collect() >= 2  # the two nodes of the cycle (and their attribute dictionaries)


def test_a_new_build_unfreezes_everything_for_the_next_full_collection(fresh_heap):
    heap.settle("build-a")
    gc.collect()
    assert heap.settle("build-a") is True and gc.get_freeze_count() > 0
    assert heap.settle("build-b") is False  # the old build's cached views may be garbage now
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert heap.settle("build-b") is True and gc.get_freeze_count() > 0
