"""The build's speed measures that must not change what it builds (issue 25): the Arrow memory pool used
during a build, and (below) the parse cache."""

from __future__ import annotations

import pyarrow as pa

from etl.build import arrow_pool


def test_arrow_pool_is_the_system_allocator_during_a_build_and_restored_after(monkeypatch):
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    before = pa.default_memory_pool().backend_name
    with arrow_pool():
        assert pa.default_memory_pool().backend_name == "system"
        with arrow_pool():  # nested (build calls check): still the system pool, then restored
            assert pa.default_memory_pool().backend_name == "system"
        assert pa.default_memory_pool().backend_name == "system"
    assert pa.default_memory_pool().backend_name == before


def test_arrow_pool_respects_the_environment(monkeypatch):
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "mimalloc")
    before = pa.default_memory_pool().backend_name
    with arrow_pool():
        assert pa.default_memory_pool().backend_name == before
