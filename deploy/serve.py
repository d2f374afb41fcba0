"""Serve the dashboard to a big room: N Streamlit replicas behind nginx, with one command.

    python deploy/serve.py                      # 2 replicas (REPLICAS below) behind http://127.0.0.1:8080
    python deploy/serve.py --replicas 4 --port 8090
    WB6_REPLICAS=3 python deploy/serve.py

What it does, in order:
1. builds the warehouse once when it is missing or stale (``python -m etl build``, under the existing
   build lock); the replicas never build (they run with WB6_BUILD_ON_START=0) and all of them pick up
   a later ``python -m etl build`` on their next page run, as a single server does;
2. copies Streamlit's front-end build (``streamlit/static``) into the run folder with a ``.gz`` twin of
   every text file, so nginx serves the compressed bytes from disk (gzip_static) and Python serves none;
3. starts the replicas (``streamlit run dashboard.py``) on 127.0.0.1 ports and waits for their health
   endpoint (``/_stcore/health``);
4. renders deploy/nginx.conf.template into the run folder, checks it (``nginx -t``) and starts nginx as
   an ordinary process (its own prefix, pid, logs and temp folders, listening on 127.0.0.1 only);
5. watches: a replica that exits is started again; Ctrl-C or SIGTERM stops nginx and every replica.

``--proxy-only --upstream host:port ...`` renders and runs nginx alone in front of replicas started
elsewhere (deploy/compose.yaml uses it). Needs nginx (Debian: ``apt-get install nginx``); the system's
nginx service is not used and need not run.
"""

from __future__ import annotations

import argparse
import contextlib
import grp
import gzip
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import streamlit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.build import is_stale  # noqa: E402 (the project's root on the path first)

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
REPLICAS = 2  # the replica count, set here (or --replicas, or the WB6_REPLICAS environment variable)
REPLICAS_ENV = "WB6_REPLICAS"
BUILD_ON_START_ENV = "WB6_BUILD_ON_START"  # read by ui/data.py: "0" = this process never builds
FIRST_REPLICA_PORT = 8511
PROXY_PORT = 8080
COMPRESSED_SUFFIXES = {".js", ".css", ".html", ".json", ".svg", ".txt", ".map", ".wasm", ".ttf"}
NGINX_CANDIDATES = ("nginx", "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")
MIME_TYPES = "/etc/nginx/mime.types"
FALLBACK_MIME_TYPES = """types {
    text/html html; text/css css; application/javascript js mjs; application/json json map;
    image/png png; image/gif gif; image/svg+xml svg; image/x-icon ico; font/woff2 woff2; font/woff woff;
    font/ttf ttf; application/wasm wasm; text/plain txt; text/csv csv;
}
"""


def find_nginx() -> str | None:
    for name in NGINX_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def streamlit_static_dir() -> Path:
    return Path(streamlit.__file__).parent / "static"


def render_config(
    *,
    upstreams: list[str],
    listen: str,
    run_dir: Path,
    static_root: Path,
    app_static: Path,
    mime_types: Path,
    workers: int | str = "auto",
    user: str | None = None,
) -> str:
    """The nginx configuration for these replicas (``host:port`` each), from deploy/nginx.conf.template."""
    if not upstreams:
        raise ValueError("at least one replica")
    servers = "\n".join(f"        server {u} max_fails=2 fail_timeout=10s;" for u in upstreams)
    values = {
        "replica_count": str(len(upstreams)),
        "user_line": f"user {user};" if user else "# (not started as root: runs as the calling user)",
        "workers": str(workers),
        "run_dir": str(run_dir),
        "mime_types": str(mime_types),
        "upstream_servers": servers,
        "listen": listen,
        "static_root": str(static_root),
        "app_static": str(app_static),
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    if "{{" in text:
        raise ValueError("unrendered placeholder in " + TEMPLATE.name)
    return text


def prepare_static(source: Path, target: Path, level: int = 6) -> tuple[int, int]:
    """Copy ``source`` (Streamlit's front-end build, or the app's static folder) to ``target`` with a
    ``.gz`` twin next to every text file; returns (bytes, compressed bytes) of the text files."""
    plain = packed = 0
    for path in sorted(source.rglob("*")):
        if not path.is_file() or path.suffix == ".gz" or "__pycache__" in path.parts:
            continue
        out = target / path.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, out)  # keeps the mtime: the same ETag on every launch
        if path.suffix in COMPRESSED_SUFFIXES:
            data = path.read_bytes()
            zipped = gzip.compress(data, compresslevel=level, mtime=0)
            twin = out.with_name(out.name + ".gz")
            twin.write_bytes(zipped)
            shutil.copystat(path, twin)
            plain, packed = plain + len(data), packed + len(zipped)
    return plain, packed


def healthy(url: str, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


def wait_healthy(urls: list[str], timeout: float, procs: list[subprocess.Popen] | None = None) -> list[str]:
    """Wait until every URL answers its health check; returns those that did not within ``timeout``."""
    deadline = time.monotonic() + timeout
    pending = list(urls)
    while pending and time.monotonic() < deadline:
        pending = [u for u in pending if not healthy(u)]
        if procs and any(p.poll() is not None for p in procs):
            break
        if pending:
            time.sleep(0.3)
    return pending


def build_once(data_dir: Path) -> str:
    """Build the warehouse when it is missing or stale (one build, before any replica starts)."""
    stale, why = is_stale(data_dir)
    if not stale:
        return "warehouse up to date"
    subprocess.run([sys.executable, "-m", "etl", "--data-dir", str(data_dir), "build"], cwd=ROOT, check=True)
    return f"warehouse built ({why})"


@dataclass
class Deployment:
    """N replicas and nginx on 127.0.0.1. ``start()`` returns when all are healthy; ``stop()`` ends all.

    Usable as a context manager (tests/browser/test_deploy_browser.py, benchmarks/bench_load.py).
    """

    data_dir: Path
    replicas: int = REPLICAS
    port: int = PROXY_PORT
    replica_ports: list[int] = field(default_factory=list)  # default: FIRST_REPLICA_PORT, +1, ...
    run_dir: Path | None = None
    app: Path = ROOT / "dashboard.py"
    build: bool = True
    start_timeout: float = 120
    quiet: bool = False
    nginx: str | None = None
    procs: dict[int, subprocess.Popen] = field(default_factory=dict)
    nginx_proc: subprocess.Popen | None = None
    _own_run_dir: bool = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def replica_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{p}" for p in self.replica_ports]

    def say(self, text: str) -> None:
        if not self.quiet:
            print(f"[serve] {text}", flush=True)

    def start(self) -> Deployment:
        self.nginx = self.nginx or find_nginx()
        if self.nginx is None:
            raise RuntimeError("nginx not found: apt-get install nginx (the package, not the service)")
        if not self.replica_ports:
            self.replica_ports = [FIRST_REPLICA_PORT + i for i in range(self.replicas)]
        self.replicas = len(self.replica_ports)
        if self.run_dir is None:
            self.run_dir = Path(tempfile.mkdtemp(prefix="wb6-serve-"))
            self._own_run_dir = True
        try:
            if self.build:
                self.say(build_once(self.data_dir))
            self.start_replicas()
            self.start_nginx([f"127.0.0.1:{p}" for p in self.replica_ports])
        except BaseException:
            self.stop()
            raise
        return self

    def start_replicas(self) -> None:
        (self.run_dir / "logs").mkdir(parents=True, exist_ok=True)
        for port in self.replica_ports:
            self.procs[port] = self.start_replica(port)
        missing = wait_healthy(self.replica_urls(), self.start_timeout, list(self.procs.values()))
        if missing:
            logs = "\n".join(self.log_tail(port) for port in self.replica_ports)
            raise RuntimeError(f"replicas not healthy: {missing}\n{logs}")
        self.say(f"{self.replicas} replica(s) healthy on ports {', '.join(map(str, self.replica_ports))}")

    def start_replica(self, port: int) -> subprocess.Popen:
        env = {**os.environ, "CYBER_DATA_DIR": str(self.data_dir), BUILD_ON_START_ENV: "0"}
        log = open(self.run_dir / "logs" / f"replica-{port}.log", "a")  # noqa: SIM115 (held by the child)
        cmd = [sys.executable, "-m", "streamlit", "run", str(self.app), "--server.port", str(port)]
        cmd += ["--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
        try:
            return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        finally:
            log.close()

    def log_tail(self, port: int, lines: int = 15) -> str:
        path = self.run_dir / "logs" / f"replica-{port}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return f"--- {path.name}\n" + "\n".join(text.splitlines()[-lines:])

    def start_nginx(self, upstreams: list[str], listen: str | None = None) -> None:
        run = self.run_dir
        for sub in ("logs", "temp/body", "temp/proxy", "temp/fastcgi", "temp/uwsgi", "temp/scgi"):
            (run / sub).mkdir(parents=True, exist_ok=True)
        plain, packed = prepare_static(streamlit_static_dir(), run / "www")
        prepare_static(ROOT / "static", run / "app-static")
        self.say(f"front-end copied with gzip twins: {plain / 1e6:.1f} MB of text as {packed / 1e6:.1f} MB")
        mime = Path(MIME_TYPES)
        if not mime.exists():
            mime = run / "mime.types"
            mime.write_text(FALLBACK_MIME_TYPES)
        user = None
        if os.geteuid() == 0:  # nginx as root hands its workers to an unprivileged user: let it read and write
            closed = [d for d in run.parents if not d.stat().st_mode & 0o001]
            if closed:
                raise RuntimeError(f"nginx's workers (user nobody) cannot reach {run}: {closed[0]} is closed to others")
            nobody = pwd.getpwnam("nobody")
            user = f"nobody {grp.getgrgid(nobody.pw_gid).gr_name}"
            for path in [run, *run.rglob("*")]:
                if path.is_dir():
                    path.chmod(0o755)
                    if "temp" in path.relative_to(run).parts:
                        os.chown(path, nobody.pw_uid, nobody.pw_gid)
                else:
                    path.chmod(0o644)
        conf = run / "nginx.conf"
        conf.write_text(
            render_config(
                upstreams=upstreams,
                listen=listen or f"127.0.0.1:{self.port}",
                run_dir=run,
                static_root=run / "www",
                app_static=run / "app-static",
                mime_types=mime,
                user=user,
            )
        )
        base = [self.nginx, "-p", str(run), "-c", str(conf), "-e", str(run / "logs" / "error.log")]
        check = subprocess.run([*base, "-t", "-q"], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError("nginx -t failed: " + check.stderr)
        self.nginx_proc = subprocess.Popen(
            base, stdout=subprocess.DEVNULL, stderr=open(run / "logs" / "nginx.out", "w")
        )  # noqa: SIM115
        if wait_healthy([f"http://{listen}" if listen else self.url], 20, [self.nginx_proc]):
            raise RuntimeError("nginx did not come up: " + (run / "logs" / "error.log").read_text(errors="replace"))
        self.say(f"nginx serving {listen or self.url} (config {conf})")

    def watch(self, stop: list[bool]) -> None:
        """Restart a replica that exits, until ``stop[0]`` is set (by a signal)."""
        while not stop[0]:
            for port, proc in list(self.procs.items()):
                if proc.poll() is not None and not stop[0]:
                    self.say(f"replica on port {port} exited ({proc.returncode}): starting it again")
                    self.procs[port] = self.start_replica(port)
            if self.nginx_proc is not None and self.nginx_proc.poll() is not None:
                self.say("nginx exited: stopping")
                return
            time.sleep(1)

    def memory_mb(self) -> dict[int, float]:
        """Peak resident memory (VmHWM, MB) of each replica."""
        out = {}
        for port, proc in self.procs.items():
            with contextlib.suppress(OSError, ValueError, IndexError):
                for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        out[port] = int(line.split()[1]) / 1024
        return out

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the replicas have used so far."""
        total = 0.0
        for proc in self.procs.values():
            with contextlib.suppress(OSError, ValueError, IndexError):
                fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def stop(self) -> None:
        if self.nginx_proc is not None and self.nginx_proc.poll() is None:
            self.nginx_proc.send_signal(signal.SIGQUIT)  # graceful: finish the requests in flight
            try:
                self.nginx_proc.wait(10)
            except subprocess.TimeoutExpired:
                self.nginx_proc.kill()
                self.nginx_proc.wait()
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._own_run_dir and self.run_dir is not None:
            shutil.rmtree(self.run_dir, ignore_errors=True)

    def __enter__(self) -> Deployment:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replicas", type=int, default=int(os.environ.get(REPLICAS_ENV, REPLICAS)))
    ap.add_argument("--port", type=int, default=PROXY_PORT, help="nginx's port on 127.0.0.1")
    ap.add_argument("--first-replica-port", type=int, default=FIRST_REPLICA_PORT)
    ap.add_argument("--data-dir", type=Path, default=Path(os.environ.get("CYBER_DATA_DIR", ROOT / "data")))
    ap.add_argument("--run-dir", type=Path, help="nginx's prefix, pid, logs, temp files (default: a new temp folder)")
    ap.add_argument("--no-build", action="store_true", help="serve the existing build as it is")
    ap.add_argument("--proxy-only", action="store_true", help="run nginx alone in front of --upstream replicas")
    ap.add_argument("--upstream", nargs="*", default=[], help="host:port of replicas started elsewhere")
    ap.add_argument("--listen", default=None, help="nginx's address:port (default 127.0.0.1:--port)")
    args = ap.parse_args(argv)
    if args.listen and not args.proxy_only:
        ap.error("--listen is for --proxy-only (replicas and nginx on one machine listen on 127.0.0.1)")

    dep = Deployment(
        data_dir=args.data_dir.resolve(),
        replicas=max(1, args.replicas),
        port=args.port,
        replica_ports=[args.first_replica_port + i for i in range(max(1, args.replicas))],
        run_dir=args.run_dir.resolve() if args.run_dir else None,
        build=not args.no_build,
    )
    stop = [False]

    def on_signal(signum, _frame):
        stop[0] = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        if args.proxy_only:
            if not args.upstream:
                ap.error("--proxy-only needs --upstream host:port ...")
            dep.nginx = find_nginx()
            if dep.nginx is None:
                raise RuntimeError("nginx not found")
            dep.run_dir = dep.run_dir or Path(tempfile.mkdtemp(prefix="wb6-proxy-"))
            dep.replica_ports = []
            dep.start_nginx(args.upstream, listen=args.listen)
        else:
            dep.start()
        dep.say(f"open {dep.url if not args.listen else 'http://' + args.listen}  (Ctrl-C stops everything)")
        dep.watch(stop)
    finally:
        dep.say("stopping nginx and the replicas")
        dep.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
