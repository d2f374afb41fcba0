"""Benchmark: a room full of phones (not part of pytest).

    python benchmarks/bench_load.py                    # 20 concurrent first-time visitors, one pass
    python benchmarks/bench_load.py --visitors 50 --max-seconds 600

It copies data/raw to a temporary folder, builds it, starts ``streamlit run dashboard.py`` on
127.0.0.1 (a free port), then opens N fresh browser contexts at once in one headless Chromium
(Debian's /usr/bin/chromium), each visiting the overview, an economy profile and the presentation
deck, as people do when a forum shows the QR code. Every request that would leave 127.0.0.1 is
aborted and counted. Bounded: at most --max-visitors contexts (default cap 60) and --max-seconds
of wall time (then the remaining visits count as errors).

Time-to-rendered of a page: from ``goto`` until Streamlit has finished the run (no running status
widget) and the page's main content (a title and, for the overview and profile, a chart) is in the
DOM. It prints per page the median and p95 time-to-rendered, the errors, the server's peak resident
memory (VmHWM of the Streamlit process and its children, sampled every 100 ms) and a RESULT line.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PAGES = [  # (label, path, a selector that only exists once the page's main content is drawn)
    ("overview", "/", ".js-plotly-plot, [data-testid='stDeckGlJsonChart'] canvas"),
    ("profile", "/profile?economy=XKX", ".js-plotly-plot"),
    ("deck", "/present?present=1&slide=1", "[data-testid='slide-title']"),
]
RENDERED_JS = (
    "() => document.querySelector(\"[data-testid='stMain']\") && "
    "!document.querySelector(\"[data-testid='stStatusWidget']\") && "
    "!document.querySelector(\"[data-testid='stSkeleton']\")"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_hwm_mb(pid: int) -> float:
    """Peak resident memory of a process and its children (VmHWM), in MB."""
    total = 0.0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


class Server:
    def __init__(self, data_dir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(data_dir.parent / "streamlit.log", "w")
        env = {**os.environ, "CYBER_DATA_DIR": str(data_dir)}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "dashboard.py"),
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.peak_mb = 0.0
        self._stop = threading.Event()
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            self.stop()
            raise RuntimeError("streamlit did not start")
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self):
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, rss_hwm_mb(self.proc.pid))
            time.sleep(0.1)

    def stop(self):
        self._stop.set()
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


async def visit(browser, base: str, results: dict, errors: list, outside: list, deadline: float) -> None:
    ctx = await browser.new_context(viewport={"width": 412, "height": 915}, locale="en-GB")  # a phone

    async def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")):
            await route.continue_()
        else:
            outside.append(url)
            await route.abort()

    await ctx.route("**/*", guard)
    page = await ctx.new_page()
    try:
        for label, path, selector in PAGES:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                errors.append(f"{label}: time budget exhausted")
                continue
            started = time.monotonic()
            try:
                await page.goto(base + path, timeout=remaining * 1000)
                await page.wait_for_function(RENDERED_JS, timeout=max(remaining, 1) * 1000)
                await page.wait_for_selector(
                    selector, state="attached", timeout=max(deadline - time.monotonic(), 1) * 1000
                )
                text = await page.inner_text("[data-testid='stMain']")
                if "Traceback" in text or await page.query_selector("[data-testid='stException']"):
                    errors.append(f"{label}: exception shown")
                    continue
                results[label].append(time.monotonic() - started)
            except Exception as err:  # a timeout or a closed page: counted, never raised
                errors.append(f"{label}: {type(err).__name__}")
    finally:
        await ctx.close()


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(q * (len(values) - 1))))
    return values[k]


async def run(base: str, visitors: int, max_seconds: float) -> tuple[dict, list, list]:
    from playwright.async_api import async_playwright

    results = {label: [] for label, _, _ in PAGES}
    errors: list[str] = []
    outside: list[str] = []
    deadline = time.monotonic() + max_seconds
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            await asyncio.gather(*(visit(browser, base, results, errors, outside, deadline) for _ in range(visitors)))
        finally:
            await browser.close()
    return results, errors, outside


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--visitors", type=int, default=20)
    ap.add_argument("--max-visitors", type=int, default=60, help="hard cap on --visitors")
    ap.add_argument("--max-seconds", type=float, default=420, help="wall-time budget for the visits")
    args = ap.parse_args()
    visitors = max(1, min(args.visitors, args.max_visitors))
    tmp = Path(tempfile.mkdtemp(prefix="bench-load-"))
    data = tmp / "data"
    shutil.copytree(ROOT / "data" / "raw", data / "raw")
    subprocess.run(
        [sys.executable, "-m", "etl", "--data-dir", str(data), "build"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )
    server = Server(data)
    try:
        print(
            f"{visitors} concurrent first-time visitors -> {server.url} (overview, profile, deck); "
            f"budget {args.max_seconds:.0f} s",
            flush=True,
        )
        wall = time.monotonic()
        results, errors, outside = asyncio.run(run(server.url, visitors, args.max_seconds))
        wall = time.monotonic() - wall
        time.sleep(0.3)
        peak = server.peak_mb
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{'page':10} {'n':>4} {'median s':>9} {'p95 s':>8} {'max s':>8}")
    for label, values in results.items():
        print(
            f"{label:10} {len(values):4d} {statistics.median(values) if values else float('nan'):9.1f} "
            f"{pct(values, 0.95):8.1f} {max(values) if values else float('nan'):8.1f}"
        )
    print(f"errors: {len(errors)}" + (f" ({'; '.join(sorted(set(errors))[:5])})" if errors else ""))
    print(f"requests outside 127.0.0.1 (aborted): {len(outside)}")
    print(f"server peak memory: {peak:.0f} MB; wall time {wall:.1f} s")
    ov = results["overview"]
    print(
        f"RESULT visitors={visitors} overview_p50_s={statistics.median(ov) if ov else float('nan'):.1f} "
        f"overview_p95_s={pct(ov, 0.95):.1f} errors={len(errors)} peak_mb={peak:.0f}"
    )
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
