"""First start of a fresh clone: the project's bytecode compiled by a child process (ui/precompile.py) while the
server imports the libraries. The child covers every module of the project the first start imports, writes the
files Python itself reads, runs once per process, never when Python is told not to write bytecode, and starts
before dashboard.py imports anything slow to compile."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

from tests.conftest import ROOT
from ui import precompile


def test_the_packages_hold_every_module_of_the_project_the_first_start_imports():
    code = (
        "import sys\n"
        "import ui.precompile, ui.navigation, ui.warmup, ui.router, ui.data, ui.frame, ui.startup, ui.guard\n"
        "print('\\n'.join(getattr(m, '__file__', None) or '' for m in list(sys.modules.values())))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    mine = [f for f in out.splitlines() if f.startswith(str(ROOT) + os.sep)]
    assert len(mine) > 50  # the data layer: ui, etl and indicators modules
    outside = [f for f in mine if not any(f.startswith(str(ROOT / p) + os.sep) for p in precompile.PACKAGES)]
    assert outside == []


def test_the_command_writes_the_bytecode_python_reads(tmp_path):
    sources = []
    for package in precompile.PACKAGES:
        (tmp_path / package / "inner").mkdir(parents=True)
        for rel in ("__init__.py", "a.py", "inner/__init__.py", "inner/b.py"):
            (tmp_path / package / rel).write_text(f"X = {rel!r}\n", encoding="utf-8")
            sources.append(tmp_path / package / rel)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    subprocess.run(precompile.command(), cwd=tmp_path, env=env, check=True)
    for source in sources:  # where the import system looks, valid for the source as it is
        cached = importlib.util.cache_from_source(str(source))
        data = open(cached, "rb").read()
        assert data[:4] == importlib.util.MAGIC_NUMBER
        assert int.from_bytes(data[12:16], "little") == source.stat().st_size


def test_started_once_per_process_and_never_when_bytecode_is_off(monkeypatch):
    started = []

    class FakeChild:
        def __init__(self, cmd, **kw):
            started.append((cmd, kw["cwd"]))

        def wait(self):
            return 0

    monkeypatch.setattr(precompile.subprocess, "Popen", FakeChild)
    monkeypatch.setattr(precompile, "_started", False)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert precompile.start() is False and started == []
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert precompile.start() is True
    assert precompile.start() is False  # once per process
    assert started == [(precompile.command(), str(ROOT))]


def test_a_child_that_cannot_start_changes_nothing(monkeypatch):
    def refuse(*a, **kw):
        raise OSError("no processes left")

    monkeypatch.setattr(precompile.subprocess, "Popen", refuse)
    monkeypatch.setattr(precompile, "_started", False)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert precompile.start() is False


def test_the_dashboard_starts_it_before_importing_the_project():
    source = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    call = source.index("precompile.start()")
    assert all(
        call < source.index(line) for line in ("from indicators", "from ui import navigation", "from ui import data")
    )
