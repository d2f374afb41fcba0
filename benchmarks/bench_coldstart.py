"""Benchmark: a fresh clone to the first chart in Chromium (not part of pytest).

    python benchmarks/bench_coldstart.py                  # 3 runs
    python benchmarks/bench_coldstart.py --runs 5 --screenshots /tmp/coldstart

What it measures, per run:

1. ``git clone`` of this repository (its committed HEAD) into a temporary folder: no ``data/builds``,
   no ``data/warehouse``, no ``__pycache__``, exactly what a newcomer gets; the server runs in a newcomer's
   environment too (``PYTHONDONTWRITEBYTECODE``, set on the shared development machine, is removed: Python
   writes its bytecode cache as it does by default);
2. ``streamlit run dashboard.py`` in that clone (127.0.0.1, a free port, headless), with the clock
   started just before the process starts; ``health`` is when ``/_stcore/health`` first answers;
3. Chromium (Debian's /usr/bin/chromium through Playwright, started before the clock) opens the app as
   soon as the server answers; ``first chart`` is when the first Plotly chart or map of the default
   page is drawn. The warehouse is built on this first start (that is the point), with its progress bar;
   with ``--screenshots`` a screenshot is taken every 0.5 s until then, to look at the progress and the
   sidebar while the build runs.

The floor, in the same run and interleaved: the same steps with a one-line app that draws one Plotly
chart (``st.plotly_chart`` of a 3-point line) from the same clone, so ``ratio`` is the dashboard's first
chart over the fastest possible Streamlit chart on this machine at this moment.

Each start also gives the server process's CPU seconds (user + system, /proc) up to its first chart, and
Chromium's (every process of the browser: renderer, GPU, network) from opening the page to the first chart,
which the load of a shared machine hardly changes: on this machine the browser's share is as large as the
server's (plotly.js and deck.gl are compiled and drawn in software, without a GPU). ``--before REV`` starts a clone of an earlier commit in every
run too, interleaved with the others, so a before/after comparison shares the machine's load.

Medians of ``--runs``. The last line is
``RESULT first_chart_s=<s> health_s=<s> floor_first_chart_s=<s> floor_health_s=<s> ratio=<x> cpu_s=<s>
floor_cpu_s=<s> browser_cpu_s=<s> floor_browser_cpu_s=<s> draw_s=<s> draw_cpu_s=<s>`` (and ``before_first_chart_s``,
``before_cpu_s``, ``before_browser_cpu_s``, ``before_draw_s``, ``before_draw_cpu_s``, ``before_ratio`` with
``--before``). ``draw_s`` and ``draw_cpu_s`` are the wall clock and the browser's CPU from the moment the page's
first chart message reaches the browser to the chart drawn: the browser's part of the critical path. ``map_s``
(``before_map_s``): when the overview's map is drawn, seconds from the launch (the page sends it last, so it is not
the first chart; a warm-up change can move it while the first chart stays).

``--timeline FILE`` starts the first run's dashboard through ``benchmarks/coldstart_probe.py`` (the same
``streamlit run`` with timestamps: imports, script runs, build stages, the calls of the overview's first run,
the first message of each kind queued and received, the browser's files, CPU every 0.1 s) and prints the
merged timeline, seconds from the server's launch.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

FLOOR_APP = (
    "import plotly.express as px\nimport streamlit as st\n\nst.plotly_chart(px.line(x=[1, 2, 3], y=[1, 3, 2]))\n"
)
CHART = "[data-testid='stPlotlyChart'] .js-plotly-plot, [data-testid='stDeckGlJsonChart'] canvas"


def fresh_clone(work: Path, name: str, rev: str | None = None) -> Path:
    target = work / name
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(target)], check=True)
    if rev:  # an earlier commit, for a before/after comparison on the same machine
        subprocess.run(["git", "-C", str(target), "checkout", "-q", rev], check=True)
    for leftover in ("data/builds", "data/warehouse"):
        shutil.rmtree(target / leftover, ignore_errors=True)
    return target


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc), 0.0 when it cannot be read. The load of a
    shared machine stretches the wall clock several times but hardly changes this."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _descendants_cpu(root: int) -> float:
    """CPU seconds (user + system, /proc) of every process below ``root``: the browser Playwright started (its
    renderer, GPU and network processes) when ``root`` is this benchmark. Processes that ended are not counted,
    so read it before and after and take the difference while the browser runs."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    below, todo = set(), [root]
    while todo:
        pid = todo.pop()
        kids = [p for p, pp in parents.items() if pp == pid and p not in below]
        below.update(kids)
        todo.extend(kids)
    return sum(cpu_seconds(p) for p in below if "chrom" in _name(p))


def _name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip().lower()
    except OSError:
        return ""


def one_start(browser, clone: Path, app: str, shots: Path | None, timeline: Path | None = None) -> tuple[float, ...]:
    """(health, first chart, server CPU, browser CPU, wall and browser CPU from the first chart's message to
    the chart drawn, the overview's map drawn (0.0 for the one-chart app)), seconds."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    # a newcomer's environment: no CYBER_DATA_DIR, and Python writing its bytecode cache (this machine sets
    # PYTHONDONTWRITEBYTECODE=1; a fresh clone has no __pycache__ either way, so the first start compiles the project)
    env = {k: v for k, v in os.environ.items() if k not in ("CYBER_DATA_DIR", "PYTHONDONTWRITEBYTECODE")}
    log = open(clone / f"streamlit-{port}.log", "w")
    launcher = [sys.executable, "-m", "streamlit"]
    if timeline:  # the same server, started through the probe that writes timestamps (coldstart_probe.py)
        timeline.unlink(missing_ok=True)
        launcher = [sys.executable, str(ROOT / "benchmarks" / "coldstart_probe.py"), str(timeline)]
    mark = _Marks(timeline)
    mark("bench", "server process launched")
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*launcher, "run", app, "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=clone, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        health = None
        while time.perf_counter() - started < 300:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        health = time.perf_counter() - started
                        mark("bench", "health answers")
                        break
            except OSError:
                time.sleep(0.05)
        if health is None:
            raise SystemExit("streamlit did not start: " + (clone / f"streamlit-{port}.log").read_text()[-2000:])
        browser_cpu = _descendants_cpu(os.getpid())
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        arrived: list[tuple[float, float]] = []  # (time, browser CPU) when the page's first chart message arrived
        page.on("websocket", lambda ws: ws.on("framereceived", lambda p: _chart_arrived(p, arrived)))
        if timeline:
            _watch_browser(page, mark)
        page.goto(url, wait_until="commit")
        mark("browser", "page opened")
        chart = page.locator(f"{CHART} >> visible=true").first  # the first chart drawn on screen
        k = 0
        while True:
            try:
                chart.wait_for(state="visible", timeout=500 if shots else 300_000)
                break
            except Exception:
                if not shots or time.perf_counter() - started > 300:
                    raise
                shots.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shots / f"{Path(app).stem}-{k:02d}.png"))
                k += 1
        first_chart = time.perf_counter() - started
        cpu = cpu_seconds(proc.pid)  # the server's CPU until its first chart (build on start included)
        browser_end = _descendants_cpu(os.getpid())
        browser_cpu = browser_end - browser_cpu  # Chromium's CPU from opening the page
        after = (first_chart - (arrived[0][0] - started), browser_end - arrived[0][1]) if arrived else (0.0, 0.0)
        mark("browser", "first chart visible")
        map_s = 0.0
        if app == "dashboard.py":  # the overview's map (sent last: it is not the first chart), drawn or 60 s
            try:
                page.locator(f"{CHART.split(',')[1].strip()} >> visible=true").first.wait_for(
                    state="visible", timeout=60_000
                )
                map_s = time.perf_counter() - started
            except Exception:
                map_s = float("nan")
        if timeline:  # which came first, and when the other one is drawn
            for what, sel in (("plotly chart", CHART.split(",")[0]), ("map canvas", CHART.split(",")[1].strip())):
                try:
                    page.locator(f"{sel} >> visible=true").first.wait_for(state="visible", timeout=60_000)
                    mark("browser", f"{what} visible")
                except Exception:
                    mark("browser", f"{what} not visible within 60 s")
        if shots:
            page.screenshot(path=str(shots / f"{Path(app).stem}-done.png"))
        page.close()
        return health, first_chart, cpu, browser_cpu, *after, map_s
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


class _Marks:
    """Timestamps of the benchmark and the browser, appended to the server's timeline (``--timeline``)."""

    def __init__(self, path: Path | None):
        self.path = path

    def __call__(self, event: str, detail: str) -> None:
        if self.path:
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(f"{time.time():.4f}\t{event}\t{detail}\n")


def _forward_msg(payload):
    """A websocket frame from the server as Streamlit's ForwardMsg, or None (text frames, anything unreadable)."""
    if isinstance(payload, str):
        return None
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    try:
        msg.ParseFromString(payload)
    except Exception:
        return None
    return msg


def _chart_arrived(payload, arrived: list) -> None:
    """Note when the first chart or map of the page (not the hidden warm-up of ui/warmup.py) reaches the browser."""
    msg = None if arrived else _forward_msg(payload)
    if msg is None or msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return
    element = msg.delta.new_element
    kind = element.WhichOneof("type")
    if kind in ("plotly_chart", "deck_gl_json_chart") and _has_content(kind, getattr(element, kind)):
        arrived.append((time.perf_counter(), _descendants_cpu(os.getpid())))


def _has_content(kind: str, chart) -> bool:
    """A map with layers or a Plotly chart with points: not the empty charts of the warm-up (ui/warmup.py)."""
    try:
        if kind == "deck_gl_json_chart":
            return bool(json.loads(chart.json or "{}").get("layers"))
        return any(t.get("x") or t.get("y") for t in json.loads(chart.spec or "{}").get("data", []))
    except (ValueError, AttributeError):
        return False


def _watch_browser(page, mark) -> None:
    """Log the first message of each kind the browser receives, and the app's files as they arrive."""
    seen: set[str] = set()

    def frame(payload) -> None:
        msg = _forward_msg(payload)
        if msg is None:
            return
        kind = msg.WhichOneof("type")
        if kind == "delta":
            what = msg.delta.WhichOneof("type")
            kind = "element " + msg.delta.new_element.WhichOneof("type") if what == "new_element" else f"delta {what}"
        if kind not in seen or kind in ("script_finished", "new_session"):
            seen.add(kind)
            mark("received", kind)

    page.on("websocket", lambda ws: (mark("browser", "websocket opened"), ws.on("framereceived", frame)))
    page.on("console", lambda m: m.type == "error" and mark("console", m.text[:160]))
    page.on(
        "requestfinished",
        lambda req: mark("file", f"{req.url.rsplit('/', 1)[-1][:60]} {req.sizes().get('responseBodySize', 0)}"),
    )


def summarize(path: Path) -> str:
    """The timeline as text: seconds from the server's launch, and per half second the share of the 2 cores
    used by the server and by everything else (browser, publish child, other work)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        t, event, detail = line.split("\t", 2)
        rows.append((float(t), event, detail))
    rows.sort()
    t0 = next(t for t, e, d in rows if e == "bench")
    out, cpu = [], [(t, *map(float, d.split())) for t, e, d in rows if e == "cpu"]
    for t, event, detail in rows:
        if event != "cpu":
            out.append(f"{t - t0:7.3f}  {event:9s} {detail}")
    out.append("  CPU per 0.5 s (cores busy: server / everything else on the machine):")
    for a, b in zip(cpu[::5], cpu[5::5]):
        span = b[0] - a[0]
        server, machine = (b[1] - a[1]) / span, (b[2] - a[2]) / span
        out.append(f"{a[0] - t0:7.2f}  server {server:4.2f}  others {max(machine - server, 0):4.2f}")
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rev", help="clone this commit instead of HEAD (before/after comparisons)")
    parser.add_argument(
        "--before", help="also start this earlier commit in every run, interleaved (a before/after in one run)"
    )
    parser.add_argument("--screenshots", type=Path, help="folder for screenshots taken every 0.5 s (first run)")
    parser.add_argument(
        "--timeline", type=Path, help="file: the first run's dashboard start with timestamps (coldstart_probe.py)"
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    print(
        f"  machine: {os.cpu_count()} cores, load average before: " + " ".join(f"{x:.2f}" for x in os.getloadavg()),
        flush=True,
    )
    work = Path(tempfile.mkdtemp(prefix="bench-coldstart-"))
    dash, floor, before = [], [], []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for i in range(args.runs):
                clone = fresh_clone(work, f"clone-{i}", args.rev)
                (clone / "floor_app.py").write_text(FLOOR_APP, encoding="utf-8")
                floor.append(one_start(browser, clone, "floor_app.py", None))
                if args.before:
                    old = fresh_clone(work, f"before-{i}", args.before)
                    before.append(one_start(browser, old, "dashboard.py", None))
                    shutil.rmtree(old, ignore_errors=True)
                dash.append(
                    one_start(
                        browser,
                        clone,
                        "dashboard.py",
                        args.screenshots if i == 0 else None,
                        args.timeline if i == 0 else None,
                    )
                )
                if args.timeline and i == 0:
                    print(summarize(args.timeline), flush=True)
                print(
                    f"  run {i + 1}: dashboard health {dash[-1][0]:.2f} s, first chart {dash[-1][1]:.2f} s, "
                    f"server CPU {dash[-1][2]:.2f} s, browser CPU {dash[-1][3]:.2f} s (after the chart's message: "
                    f"{dash[-1][4]:.2f} s wall, {dash[-1][5]:.2f} s CPU), map {dash[-1][6]:.2f} s; one-chart app health "
                    f"{floor[-1][0]:.2f} s, first chart {floor[-1][1]:.2f} s, server CPU {floor[-1][2]:.2f} s, "
                    f"browser CPU {floor[-1][3]:.2f} s"
                    + (
                        f"; before ({args.before}): first chart {before[-1][1]:.2f} s, server CPU {before[-1][2]:.2f} s, "
                        f"browser CPU {before[-1][3]:.2f} s (after the chart's message: {before[-1][4]:.2f} s wall, "
                        f"{before[-1][5]:.2f} s CPU), map {before[-1][6]:.2f} s"
                        if before
                        else ""
                    ),
                    flush=True,
                )
                shutil.rmtree(clone, ignore_errors=True)
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def med(values) -> float:  # a NaN (a figure a run could not take: no map drawn) left out; median mis-sorts NaN
        kept = [v for v in values if not math.isnan(v)]
        return statistics.median(kept) if kept else math.nan

    d_h, d_c = med(x[0] for x in dash), med(x[1] for x in dash)
    f_h, f_c = med(x[0] for x in floor), med(x[1] for x in floor)
    d_cpu, f_cpu = med(x[2] for x in dash), med(x[2] for x in floor)
    d_bcpu, f_bcpu = med(x[3] for x in dash), med(x[3] for x in floor)
    d_draw, d_draw_cpu, d_map = med(x[4] for x in dash), med(x[5] for x in dash), med(x[6] for x in dash)
    print("  load average after: " + " ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)
    extra = ""
    if before:
        b_c, b_cpu, b_bcpu, b_draw, b_draw_cpu, b_map = (med(x[i] for x in before) for i in (1, 2, 3, 4, 5, 6))
        extra = (
            f" before_first_chart_s={b_c:.2f} before_cpu_s={b_cpu:.2f} before_browser_cpu_s={b_bcpu:.2f}"
            f" before_draw_s={b_draw:.2f} before_draw_cpu_s={b_draw_cpu:.2f} before_map_s={b_map:.2f}"
            f" before_ratio={b_c / f_c:.2f}"
        )
    print(
        f"RESULT first_chart_s={d_c:.2f} health_s={d_h:.2f} floor_first_chart_s={f_c:.2f} "
        f"floor_health_s={f_h:.2f} ratio={d_c / f_c:.2f} cpu_s={d_cpu:.2f} floor_cpu_s={f_cpu:.2f} "
        f"browser_cpu_s={d_bcpu:.2f} floor_browser_cpu_s={f_bcpu:.2f} draw_s={d_draw:.2f} draw_cpu_s={d_draw_cpu:.2f}"
        f" map_s={d_map:.2f}" + extra,
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
