"""Launcher for ``bench_coldstart.py --timeline``: ``streamlit run`` with timestamps, for finding where a cold
start's wall clock goes (not part of pytest; the app's own code is unchanged).

    python benchmarks/coldstart_probe.py TIMELINE.tsv run dashboard.py --server.port ...

Everything after the timeline path is Streamlit's command line. Each line of the timeline is
``<unix time>\t<event>\t<detail>``; events:

- ``import``: a watched module finished importing (and how long its own import took, nested imports included);
- ``script``: a script run started or ended (one per page run, the router's ``st.rerun`` included);
- ``msg``: the first message of each kind queued for the browser (``new_session``, ``script_finished``,
  each element type of a delta: ``progress``, ``plotly_chart``, ``deck_gl_json_chart``...);
- ``call``: start and end of the calls that matter on the way to the first chart (the build on first start,
  its progress stages, the catalog, the observations, the rank bands, the overview's view model, the publish
  child); each end says the CPU the calling thread spent in the call (``time.thread_time``), which the load of
  a shared machine hardly changes;
- ``cpu``: every 0.1 s, this process's CPU seconds and the machine's busy CPU seconds (all cores, /proc/stat),
  so the two give how much of the machine the server used and how much went to others (browser, publish
  child, other work on the machine).
"""

from __future__ import annotations

import functools
import importlib.abc
import os
import sys
import threading
import time

OUT = open(sys.argv[1], "a", buffering=1, encoding="utf-8")
_lock = threading.Lock()
TICK = os.sysconf("SC_CLK_TCK")


def log(event: str, detail: str = "") -> None:
    with _lock:
        OUT.write(f"{time.time():.4f}\t{event}\t{detail}\n")


log("process", "start")

WATCHED_IMPORTS = {
    "streamlit",
    "streamlit.web.bootstrap",
    "pandas",
    "duckdb",
    "pyarrow",
    "plotly",
    "plotly.graph_objects",
    "pydeck",
    "numpy",
    "yaml",
    "jsonschema",
    "babel",
    "etl.build",
    "ui.data",
    "ui.frame",
    "indicators.views.overview",
    "indicators.method.scoring",
    "indicators.model.catalog",
    "indicators.model.warehouse",
}


def _wrap(module, name: str, label: str | None = None) -> None:
    fn = getattr(module, name, None)
    if fn is None or getattr(fn, "_probed", False):
        return

    @functools.wraps(fn)
    def probed(*args, **kwargs):
        log("call", f"{label or name} start")
        cpu = time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            log("call", f"{label or name} end (thread CPU {time.thread_time() - cpu:.3f} s)")

    probed._probed = True
    setattr(module, name, probed)


def _patch(modname: str, module) -> None:
    if modname == "ui.startup":
        text = module._text

        def _text(stage, done, total):
            log("call", f"build stage {stage} {done}/{total}")
            return text(stage, done, total)

        module._text = _text
    elif modname == "ui.data":
        module._startup_build.fn = _probe_fn(module._startup_build.fn, "startup_build")
        _wrap(module, "_publish_in_background", "publish child started")
        _wrap(module, "load_catalog", "load_catalog")
        _wrap(module.Warehouse, "observations", "Warehouse.observations")
        _wrap(module.sensitivity, "rank_bands", "rank_bands")
        _wrap(module.overview, "build", "overview.build")
        _wrap(module.overview, "status_section", "overview.status_section")
        _wrap(module.map_values, "map_indicator_options", "map_indicator_options")
        _wrap(module, "translate_catalog", "translate_catalog")
        _wrap(module, "is_stale", "is_stale")
    elif modname == "etl.build":
        _wrap(module, "build", "etl.build")
    elif modname == "streamlit.runtime.app_session":
        _patch_session(module.AppSession)
    elif modname == "streamlit.runtime.scriptrunner.script_runner":
        _wrap(module.ScriptRunner, "_run_script", "script run")


def _probe_fn(fn, label):
    @functools.wraps(fn)
    def probed(*args, **kwargs):
        log("call", f"{label} start")
        cpu = time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            log("call", f"{label} end (thread CPU {time.thread_time() - cpu:.3f} s)")

    return probed


SEEN: set[str] = set()


def _patch_session(cls) -> None:
    enqueue = cls._enqueue_forward_msg

    def _enqueue_forward_msg(self, msg):
        kind = msg.WhichOneof("type")
        if kind == "delta":
            d = msg.delta
            what = d.WhichOneof("type")
            if what == "new_element":
                kind = "element " + d.new_element.WhichOneof("type")
            else:
                kind = "delta " + str(what)
        if kind not in SEEN or kind in ("script_finished", "new_session"):
            SEEN.add(kind)
            log("msg", kind)
        return enqueue(self, msg)

    cls._enqueue_forward_msg = _enqueue_forward_msg


class _Finder(importlib.abc.MetaPathFinder):
    PATCHED = {"ui.startup", "ui.data", "etl.build", "streamlit.runtime.app_session",
               "streamlit.runtime.scriptrunner.script_runner"}  # fmt: skip

    def find_spec(self, fullname, path, target=None):
        if fullname not in WATCHED_IMPORTS and fullname not in self.PATCHED:
            return None
        for finder in sys.meta_path:
            if finder is self:
                continue
            spec = finder.find_spec(fullname, path, target) if hasattr(finder, "find_spec") else None
            if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
                spec.loader = _Loader(spec.loader, fullname)
                return spec
            if spec is not None:
                return spec
        return None


class _Loader(importlib.abc.Loader):
    def __init__(self, inner, name):
        self.inner, self.name = inner, name

    def create_module(self, spec):
        return self.inner.create_module(spec)

    def exec_module(self, module):
        t0 = time.time()
        self.inner.exec_module(module)
        if self.name in WATCHED_IMPORTS:
            log("import", f"{self.name} {time.time() - t0:.3f}")
        _patch(self.name, module)

    def __getattr__(self, item):
        return getattr(self.inner, item)


sys.meta_path.insert(0, _Finder())


def _busy() -> float:
    with open("/proc/stat") as f:
        parts = f.readline().split()[1:]
    user, nice, system, idle, iowait, irq, softirq, steal = (int(x) for x in parts[:8])
    return (user + nice + system + irq + softirq + steal) / TICK


def _sampler() -> None:
    while True:
        t = os.times()
        log("cpu", f"{t.user + t.system:.2f} {_busy():.2f}")
        time.sleep(0.1)


threading.Thread(target=_sampler, daemon=True, name="probe-cpu").start()

if __name__ == "__main__":
    from streamlit.web.cli import main

    sys.argv = ["streamlit", *sys.argv[2:]]
    main(prog_name="streamlit")
