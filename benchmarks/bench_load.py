"""Benchmark: a room full of phones (not part of pytest).

    python benchmarks/bench_load.py                      # 20 visitors: the room, then all in one browser
    python benchmarks/bench_load.py --visitors 50 --rounds 2 --skip-one-box

When a forum shows the QR code, N people open the same view within a minute, each on a phone of their
own. Every visitor goes through the overview, a profile (Kosovo*) and slide 1 of the deck, as a first-time
visitor (a fresh session, an empty browser cache). Everything stays on 127.0.0.1; bounded by
--max-visitors (cap 60) and --max-seconds per phase (then the remaining visits count as errors).

Phase 1, "the room" (what the target is about). On a freshly started server (cold caches), built from a
copy of data/raw, N visitors arrive at once: N-K of them are protocol visitors that do what a browser does
on the network (GET the page, GET every static file the page needs, open Streamlit's websocket and run the
page with its query string) without drawing anything, and K are real browser contexts in one headless
Chromium (Debian's /usr/bin/chromium). Repeated for --rounds, each on a fresh server. It prints per page
  - server time-to-delivered of the protocol visitors (from the first GET until the page's run has
    finished and every message is received: what the server adds when the room arrives), and
  - browser time-to-rendered of the K real browsers (from ``goto`` until the run has finished and the
    page's title and chart are in the DOM: what a visitor sees while the server carries the whole room).
Phase 2, "all in one box" (--skip-one-box to leave out). N real browser contexts at once in one Chromium
on this machine, against the dashboard and against a floor app (Streamlit itself with one plotly and one
pydeck chart and nothing of ours). N browsers on 2 cores share the CPU with the server: the figure says
what this machine can draw, and the ratio to the floor says what the dashboard adds to Streamlit's own
page weight.

It prints the server's peak resident memory (VmHWM) and a RESULT line; exit 1 when a visit failed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "deploy"))

import serve  # noqa: E402 (deploy/serve.py: replicas behind nginx)

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, LOCAL_PREFIXES, StreamlitServer, free_port  # noqa: E402

# (label, URL path and query, the page name Streamlit's websocket takes, a selector that exists once the
# page's main content is drawn)
PAGES = [
    ("overview", "/", "", ".js-plotly-plot, [data-testid='stDeckGlJsonChart'] canvas"),
    ("profile", "/profile?economy=XKX", "profile", ".js-plotly-plot"),
    ("deck", "/present?present=1&slide=1", "present", "[data-testid='slide-title']"),
]
RENDERED_JS = (
    "() => document.querySelector(\"[data-testid='stMain']\") && "
    "!document.querySelector(\"[data-testid='stStatusWidget']\") && "
    "!document.querySelector(\"[data-testid='stSkeleton']\")"
)
FLOOR_APP = """import pandas as pd, plotly.express as px, pydeck as pdk, streamlit as st
st.title("Floor")
df = pd.DataFrame({"economy": list("ABCDEF"), "score": [50, 61, 42, 70, 55, 38]})
st.plotly_chart(px.bar(df, x="score", y="economy", orientation="h"))
st.pydeck_chart(pdk.Deck(layers=[pdk.Layer("ScatterplotLayer", [{"p": [20, 42]}], get_position="p",
    get_radius=30000)], initial_view_state=pdk.ViewState(latitude=42, longitude=20, zoom=5), map_provider=None))
"""
FLOOR_PAGES = [("overview", "/", "", ".js-plotly-plot")]
PARALLEL_GETS = 6  # connections a browser opens to one host


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(q * (len(values) - 1))))]


def summary(values: list[float]) -> str:
    if not values:
        return f"{0:4d} {'-':>9} {'-':>8} {'-':>8}"
    return f"{len(values):4d} {statistics.median(values):9.1f} {pct(values, 0.95):8.1f} {max(values):8.1f}"


# --- a protocol visitor: a browser's network traffic without drawing ---------------------------------


def _get(url: str, cookie: str = "") -> int:
    """GET as a browser does (gzip accepted, the session's cookie sent); returns the bytes on the wire."""
    return _fetch(url, cookie)[0]


def _fetch(url: str, cookie: str = "") -> tuple[int, str]:
    headers = {"Accept-Encoding": "gzip"}
    if cookie:
        headers["Cookie"] = cookie
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=120) as r:
        set_cookie = r.headers.get("Set-Cookie", "")
        return len(r.read()), set_cookie.split(";", 1)[0]


async def protocol_visit(
    base: str,
    pages,
    assets: dict,
    times: dict,
    static_times: dict,
    errors: list,
    deadline: float,
    received: dict | None = None,
):
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    loop = asyncio.get_running_loop()
    gets = asyncio.Semaphore(PARALLEL_GETS)
    received = received if received is not None else {}
    cookie = ""  # a phone keeps the cookie of its first page (the proxy's affinity key)

    async def get(url):
        async with gets:
            return await loop.run_in_executor(None, _get, url, cookie)

    for label, path, page_name, _selector in pages:
        started = time.monotonic()
        try:
            async with asyncio.timeout(max(deadline - started, 0.1)):
                size, set_cookie = await loop.run_in_executor(None, _fetch, base + path, cookie)
                cookie = cookie or set_cookie
                sizes = await asyncio.gather(*(get(base + a) for a in assets.get(label, ())))
                received["page"] = received.get("page", 0) + size
                received["static"] = received.get("static", 0) + sum(sizes)
                static_done = time.monotonic()
                async with websockets.connect(
                    base.replace("http", "ws", 1) + "/_stcore/stream",
                    max_size=None,
                    subprotocols=["streamlit"],
                    additional_headers={"Cookie": cookie} if cookie else None,
                ) as ws:
                    msg = BackMsg()
                    msg.rerun_script.query_string = urlsplit(path).query
                    msg.rerun_script.page_name = page_name
                    await ws.send(msg.SerializeToString())
                    while True:  # a run can end early for a rerun: wait for the one that finishes
                        fwd = ForwardMsg()
                        raw = await ws.recv()
                        received["websocket"] = received.get("websocket", 0) + len(raw)
                        fwd.ParseFromString(raw)
                        if fwd.WhichOneof("type") == "script_finished":
                            if fwd.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                                break
                            if fwd.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                                raise RuntimeError("compile error")
                        if (
                            fwd.WhichOneof("type") == "delta"
                            and fwd.delta.new_element.WhichOneof("type") == "exception"
                        ):
                            raise RuntimeError("exception shown")
            times[label].append(time.monotonic() - started)
            static_times[label].append(static_done - started)
        except Exception as err:  # a timeout or a refused connection: counted, never raised
            errors.append(f"protocol {label}: {type(err).__name__} {err}"[:120])


# --- a real browser visitor ----------------------------------------------------------------------------


async def browser_visit(browser, base: str, pages, times: dict, errors: list, outside: list, deadline: float):
    ctx = await browser.new_context(viewport={"width": 412, "height": 915}, locale="en-GB")  # a phone

    async def guard(route):
        if route.request.url.startswith(LOCAL_PREFIXES):
            await route.continue_()
        else:
            outside.append(route.request.url)
            await route.abort()

    await ctx.route("**/*", guard)
    page = await ctx.new_page()
    try:
        for label, path, _page_name, selector in pages:
            started = time.monotonic()
            remaining = deadline - started
            if remaining <= 0:
                errors.append(f"browser {label}: time budget exhausted")
                continue
            try:
                await page.goto(base + path, timeout=remaining * 1000)
                await page.wait_for_function(RENDERED_JS, timeout=max(deadline - time.monotonic(), 1) * 1000)
                await page.wait_for_selector(
                    selector, state="attached", timeout=max(deadline - time.monotonic(), 1) * 1000
                )
                if await page.query_selector("[data-testid='stException']"):
                    errors.append(f"browser {label}: exception shown")
                    continue
                times[label].append(time.monotonic() - started)
            except Exception as err:  # a timeout or a closed page: counted, never raised
                errors.append(f"browser {label}: {type(err).__name__}")
    finally:
        await ctx.close()


async def capture_assets(base: str, pages) -> dict[str, list[str]]:
    """The static files (/static/...) a first-time browser fetches for each page, in the order asked."""
    from playwright.async_api import async_playwright

    assets: dict[str, list[str]] = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for label, path, _name, selector in pages:
                ctx = await browser.new_context(viewport={"width": 412, "height": 915})
                page = await ctx.new_page()
                seen: list[str] = []
                page.on("request", lambda r, seen=seen: seen.append(urlsplit(r.url).path))
                await page.goto(base + path)
                await page.wait_for_function(RENDERED_JS, timeout=120000)
                await page.wait_for_selector(selector, state="attached", timeout=120000)
                assets[label] = sorted({s for s in seen if s.startswith("/static/")})
                await ctx.close()
        finally:
            await browser.close()
    return assets


async def room(
    base: str, pages, visitors: int, browsers: int, assets: dict, max_seconds: float, received: dict | None = None
):
    from playwright.async_api import async_playwright

    server_t = {label: [] for label, *_ in pages}
    static_t = {label: [] for label, *_ in pages}
    browser_t = {label: [] for label, *_ in pages}
    errors: list[str] = []
    outside: list[str] = []
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=visitors * PARALLEL_GETS))
    if browsers == 0:  # protocol visitors only: no Chromium on the machine
        deadline = time.monotonic() + max_seconds
        await asyncio.gather(
            *(
                protocol_visit(base, pages, assets, server_t, static_t, errors, deadline, received)
                for _ in range(visitors)
            )
        )
        return server_t, static_t, browser_t, errors, outside
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        deadline = time.monotonic() + max_seconds
        try:
            await asyncio.gather(
                *(browser_visit(browser, base, pages, browser_t, errors, outside, deadline) for _ in range(browsers)),
                *(
                    protocol_visit(base, pages, assets, server_t, static_t, errors, deadline, received)
                    for _ in range(visitors - browsers)
                ),
            )
        finally:
            await browser.close()
    return server_t, static_t, browser_t, errors, outside


# --- targets: one Streamlit process (direct) or replicas behind nginx (deploy/serve.py) -------------


class Target:
    """Where the room goes: ``direct`` (one ``streamlit run``) or ``proxy`` (nginx + ``replicas``)."""

    def __init__(self, kind: str, data: Path, replicas: int = 1):
        self.kind, self.replicas = kind, replicas
        self.server = self.deployment = None
        if kind == "direct":
            self.server = StreamlitServer(data, start_timeout=90)
            self.url = self.server.url
        else:
            ports = [free_port() for _ in range(replicas)]
            self.deployment = serve.Deployment(
                data_dir=data, port=free_port(), replica_ports=ports, build=False, quiet=True, start_timeout=120
            ).start()
            self.url = self.deployment.url

    @property
    def label(self) -> str:
        if self.kind == "direct":
            return "direct"
        return f"proxy, {self.replicas} replica" + ("s" if self.replicas > 1 else "")

    def process_urls(self) -> list[str]:
        """Each Streamlit process's own address (bypassing nginx)."""
        return [self.server.url] if self.server else self.deployment.replica_urls()

    def cpu_seconds(self) -> float:
        return self.server.cpu_seconds() if self.server else self.deployment.cpu_seconds()

    def memory_mb(self) -> list[float]:
        """Peak resident memory of each Streamlit process."""
        return [self.server.peak_memory_mb()] if self.server else list(self.deployment.memory_mb().values())

    def stop(self) -> None:
        if self.server:
            self.server.stop()
        if self.deployment:
            self.deployment.stop()


def one_room(
    kind: str, replicas: int, data: Path, visitors: int, assets: dict, max_seconds: float, warm: bool = False
) -> dict:
    """One room of protocol visitors against a freshly started target: times, bytes, CPU, memory.

    ``warm``: one visit to each Streamlit process first (the organiser opens the deck before the room
    arrives), so every process has loaded the build; otherwise the room meets cold caches."""
    target = Target(kind, data, replicas)
    try:
        for url in target.process_urls() if warm else ():
            t: dict = {label: [] for label, *_ in PAGES}
            errs: list = []
            asyncio.run(protocol_visit(url, PAGES, {}, t, {label: [] for label in t}, errs, time.monotonic() + 300))
            if errs:
                raise RuntimeError(f"warm-up visit failed: {errs}")
        cpu0, wall0 = target.cpu_seconds(), time.monotonic()
        received: dict = {}
        s_t, _static, _b, errors, _out = asyncio.run(
            room(target.url, PAGES, visitors, 0, assets, max_seconds, received)
        )
        wall = time.monotonic() - wall0
        cpu = target.cpu_seconds() - cpu0
        time.sleep(0.3)
        memory = target.memory_mb()
    finally:
        target.stop()
    return {
        "label": target.label,
        "kind": kind,
        "visitors": visitors,
        "times": s_t,
        "errors": errors,
        "received": received,
        "cpu": cpu,
        "wall": wall,
        "memory": memory,
    }


def compare(
    data: Path, counts: list[int], replica_counts: list[int], assets: dict, max_seconds: float, warm: bool = False
) -> list[dict]:
    """Direct vs proxy with each replica count, for each number of visitors: one table."""
    rows = []
    for visitors in counts:
        for kind, replicas in [("direct", 1)] + [("proxy", n) for n in replica_counts]:
            rows.append(one_room(kind, replicas, data, visitors, assets, max_seconds, warm))
            r = rows[-1]
            print(
                f"  ... {r['label']}, {visitors} visitors: overview p95 {pct(r['times']['overview'], 0.95):.1f} s",
                flush=True,
            )
    print(
        f"\n{'target':18} {'visitors':>8} | {'server time-to-delivered p95 (s)':>32} | {'errors':>6} | "
        f"{'MB per visitor':>23} | {'CPU s':>6} | peak MB per replica"
    )
    print(
        f"{'':18} {'':>8} | {'overview':>10} {'profile':>10} {'deck':>10} | {'':>6} | "
        f"{'from Python':>11} {'from nginx':>11} | {'':>6} |"
    )
    for r in rows:
        got, n = r["received"], r["visitors"]
        pages_static = (got.get("page", 0) + got.get("static", 0)) / n / 1e6
        ws = got.get("websocket", 0) / n / 1e6
        python_mb, nginx_mb = (pages_static + ws, 0.0) if r["kind"] == "direct" else (ws, pages_static)
        t = r["times"]
        print(
            f"{r['label']:18} {n:>8} | {pct(t['overview'], 0.95):10.1f} {pct(t['profile'], 0.95):10.1f} "
            f"{pct(t['deck'], 0.95):10.1f} | {len(r['errors']):>6} | {python_mb:11.2f} {nginx_mb:11.2f} | "
            f"{r['cpu']:6.1f} | {', '.join(f'{m:.0f}' for m in r['memory'])}"
        )
    for visitors in counts:
        direct = next(r for r in rows if r["visitors"] == visitors and r["kind"] == "direct")
        base = pct(direct["times"]["overview"], 0.95)
        for r in rows:
            if r["visitors"] == visitors and r["kind"] == "proxy":
                ratio = pct(r["times"]["overview"], 0.95) / base
                print(f"overview p95, {r['label']} / direct, {visitors} visitors: {ratio:.2f}")
    return rows


def fresh_data(tmp: Path) -> Path:
    data = tmp / "data"
    if not data.exists():
        shutil.copytree(ROOT / "data" / "raw", data / "raw")
        subprocess.run(
            [sys.executable, "-m", "etl", "--data-dir", str(data), "build"],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return data


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--visitors", type=int, default=20)
    ap.add_argument("--browsers", type=int, default=2, help="real browsers among the visitors of the room")
    ap.add_argument("--rounds", type=int, default=3, help="rooms, each on a freshly started server")
    ap.add_argument("--max-visitors", type=int, default=60, help="hard cap on --visitors")
    ap.add_argument("--max-seconds", type=float, default=420, help="wall-time budget of each phase")
    ap.add_argument(
        "--static-from-proxy",
        action="store_true",
        help="protocol visitors skip /static/ (as when a caching proxy serves the immutable front-end files)",
    )
    ap.add_argument("--skip-one-box", action="store_true", help="leave out phase 2 (N browsers in one Chromium)")
    ap.add_argument(
        "--target",
        choices=["direct", "proxy", "compare"],
        default="direct",
        help="the room against one streamlit process (direct), against --replicas behind nginx (proxy, "
        "deploy/serve.py), or side by side: direct and proxy with 1 and 2 replicas for --compare-visitors "
        "protocol visitors (compare)",
    )
    ap.add_argument("--replicas", type=int, default=2, help="replicas behind nginx with --target proxy")
    ap.add_argument("--compare-visitors", default="20,50", help="visitor counts of --target compare")
    ap.add_argument("--compare-replicas", default="1,2", help="replica counts of --target compare")
    ap.add_argument(
        "--warm", action="store_true", help="--target compare: one visit to each Streamlit process before the room"
    )
    args = ap.parse_args()
    visitors = max(1, min(args.visitors, args.max_visitors))
    browsers = max(0, min(args.browsers, visitors))
    tmp = Path(tempfile.mkdtemp(prefix="bench-load-"))
    errors: list[str] = []
    outside: list[str] = []
    peaks: list[float] = []
    try:
        data = fresh_data(tmp)
        srv = StreamlitServer(data, start_timeout=90)
        try:
            assets = asyncio.run(capture_assets(srv.url, PAGES))
            weight_mb = {label: sum(_get(srv.url + a) for a in paths) / 1e6 for label, paths in assets.items()}
        finally:
            srv.stop()
        if args.target == "compare":
            counts = [max(1, min(int(c), args.max_visitors)) for c in args.compare_visitors.split(",")]
            replica_counts = [int(c) for c in args.compare_replicas.split(",")]
            print(
                f"Direct vs proxy: {', '.join(map(str, counts))} protocol visitors at once, each target freshly "
                f"started ({'warmed by one visit per process' if args.warm else 'cold caches'}); "
                "static files per first visit: "
                + ", ".join(f"{k} {len(assets[k])} files ({weight_mb[k]:.1f} MB uncompressed)" for k in assets),
                flush=True,
            )
            rows = compare(data, counts, replica_counts, assets, args.max_seconds, args.warm)
            errors = [e for r in rows for e in r["errors"]]
            print(f"errors: {len(errors)}" + (f" ({'; '.join(sorted(set(errors))[:5])})" if errors else ""))
            line = "RESULT compare"
            for r in rows:
                key = r["kind"] + ("" if r["kind"] == "direct" else str(len(r["memory"])))
                line += f" {key}_{r['visitors']}_overview_p95_s={pct(r['times']['overview'], 0.95):.1f}"
            print(line + f" errors={len(errors)}")
            return 0 if not errors else 1
        print(
            f"Target: {args.target}" + (f" ({args.replicas} replicas behind nginx)" if args.target == "proxy" else ""),
            flush=True,
        )
        print(
            f"The room: {visitors} first-time visitors at once ({visitors - browsers} protocol, {browsers} browser), "
            f"{args.rounds} round(s), each on a fresh server; static files per first visit: "
            + ", ".join(f"{k} {len(assets[k])} files ({weight_mb[k]:.1f} MB)" for k in assets),
            flush=True,
        )
        server_t = {label: [] for label, *_ in PAGES}
        static_t = {label: [] for label, *_ in PAGES}
        browser_t = {label: [] for label, *_ in PAGES}
        cpu_server = cpu_client = wall = 0.0
        for _ in range(args.rounds):
            srv = Target(args.target, data, args.replicas)
            server_cpu0, client_cpu0, wall0 = srv.cpu_seconds(), time.process_time(), time.monotonic()
            try:
                s_t, st_t, b_t, errs, out = asyncio.run(
                    room(srv.url, PAGES, visitors, browsers, assets, args.max_seconds)
                )
                wall += time.monotonic() - wall0
                cpu_server += srv.cpu_seconds() - server_cpu0
                cpu_client += time.process_time() - client_cpu0
                time.sleep(0.3)
                peaks.append(sum(srv.memory_mb()))
            finally:
                srv.stop()
            for label in server_t:
                server_t[label] += s_t[label]
                static_t[label] += st_t[label]
                browser_t[label] += b_t[label]
            errors += errs
            outside += out
        print(f"{'page':10} {'server time-to-delivered':>32} | {'browser time-to-rendered':>32} | static files")
        print(
            f"{'':10} {'n':>4} {'median s':>9} {'p95 s':>8} {'max s':>8} | {'n':>4} {'median s':>9} {'p95 s':>8} {'max s':>8}"
        )
        for label in server_t:
            static = statistics.median(static_t[label]) if static_t[label] else float("nan")
            print(f"{label:10} {summary(server_t[label])} | {summary(browser_t[label])} | median {static:.1f} s")
        print(
            f"CPU in the room: server {cpu_server:.1f} s, protocol visitors (this script) {cpu_client:.1f} s, "
            f"over {wall:.1f} s of wall time on {os.cpu_count()} cores (the rest: Chromium)"
        )
        one_box = floor = None
        if not args.skip_one_box and args.target == "direct":  # the browsers drawing: one process is enough
            one_box = one_box_phase(data, ROOT / "dashboard.py", PAGES, visitors, args.max_seconds, errors, outside)
            floor_app = tmp / "floor_app.py"
            floor_app.write_text(FLOOR_APP)
            floor = one_box_phase(data, floor_app, FLOOR_PAGES, visitors, args.max_seconds, [], outside)
            print(f"All in one box: {visitors} browser contexts at once in one Chromium on this machine")
            print(f"{'page':10} {'n':>4} {'median s':>9} {'p95 s':>8} {'max s':>8}")
            for label, values in one_box.items():
                print(f"{label:10} {summary(values)}")
            print(f"{'floor app':10} {summary(floor['overview'])}   (Streamlit + one plotly + one pydeck chart)")
            ratio = pct(one_box["overview"], 0.95) / pct(floor["overview"], 0.95)
            print(f"overview p95 / floor p95: {ratio:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    peak = max(peaks) if peaks else float("nan")
    print(f"errors: {len(errors)}" + (f" ({'; '.join(sorted(set(errors))[:5])})" if errors else ""))
    print(f"requests outside 127.0.0.1 (aborted): {len(outside)}")
    print(f"server peak memory (the room): {peak:.0f} MB")
    ov_s, ov_b = server_t["overview"], browser_t["overview"]
    line = (
        f"RESULT visitors={visitors} room_server_overview_p95_s={pct(ov_s, 0.95):.1f} "
        f"room_browser_overview_p95_s={pct(ov_b, 0.95):.1f} errors={len(errors)} peak_mb={peak:.0f}"
    )
    if one_box is not None:
        line += (
            f" one_box_overview_p95_s={pct(one_box['overview'], 0.95):.1f}"
            f" floor_p95_s={pct(floor['overview'], 0.95):.1f}"
        )
    print(line)
    return 0 if not errors else 1


def one_box_phase(data: Path, app: Path, pages, visitors: int, max_seconds: float, errors: list, outside: list):
    srv = StreamlitServer(data, app=app, start_timeout=90)
    try:
        _s, _static, times, errs, out = asyncio.run(room(srv.url, pages, visitors, visitors, {}, max_seconds))
    finally:
        srv.stop()
    errors += errs
    outside += out
    return times


if __name__ == "__main__":
    sys.exit(main())
