"""Benchmark: survey microdata at scale (not part of pytest).

    python benchmarks/bench_hygiene.py                       # 1,000,000 and 10,000,000 respondents
    python benchmarks/bench_hygiene.py --rows 1000000 --build-runs 5

For each size it
1. generates the respondents with scripts/generate_demo_survey.py (seeded) into a temporary data folder,
   beside a copy of the other bundled raw datasets (the bundled 24k demo survey is replaced);
2. builds the warehouse with ``python -m etl build`` in a child process, timing it and sampling the
   child's peak resident memory (its VmHWM in /proc, every 10 ms): the whole ETL, every dataset,
   validation included;
3. times each hygiene view's queries as the page runs them (read-only warehouse, DuckDB, aggregates),
   median of 5 runs, and the same views computed straight from the respondent Parquet file (no table
   loaded into memory; the benchmark's own peak memory is printed before and after);
4. runs the heaviest aggregation (weighted share with Wilson interval by economy x sex x age band x
   question, from the Parquet file) in DuckDB and in plain pandas (aggregating per group before
   reshaping, as DuckDB does), checks that both give the same numbers, and prints the ratio
   pandas time / DuckDB time.

The last line per size is
``RESULT rows=<n> build_s=<s> peak_mb=<mb> query_ms_max=<ms> pandas_ratio=<x>`` where build_s is the
median ``duration_s`` the ETL writes to its manifest (reading raw files to swapping in the warehouse;
the process wall time with interpreter start-up is printed too), peak_mb the largest child peak RSS,
query_ms_max the slowest view of the page (median of 5) and pandas_ratio as above.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indicators.method.scoring import pillar_scores  # noqa: E402
from indicators.model.catalog import load_catalog  # noqa: E402
from indicators.model.warehouse import Warehouse  # noqa: E402
from indicators.topics.hygiene import queries as hq  # noqa: E402
from indicators.topics.hygiene import stats as hs  # noqa: E402

DATASET = "demo_hygiene_survey"


def _generate(folder: Path, rows: int, seed: int) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import generate_demo_survey

    generate_demo_survey.write_dataset(folder, rows, seed)


def prepare(work: Path, rows: int, seed: int) -> Path:
    data = work / "data"
    shutil.copytree(ROOT / "data" / "raw", data / "raw", ignore=shutil.ignore_patterns(DATASET))
    started = time.perf_counter()
    # The generator's write_dataset, run in a spawned child process so that the benchmark's own memory
    # reflects only the query phase.
    child = multiprocessing.get_context("spawn").Process(target=_generate, args=(data / "raw" / DATASET, rows, seed))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit("generating the survey failed")
    size = (data / "raw" / DATASET / "respondents.csv").stat().st_size
    print(
        f"  generated {rows:,} respondents ({size / 1e6:,.0f} MB CSV) in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return data


def wait_quiet(args) -> None:
    """Other work on a shared machine skews timings: optionally wait until the 1-minute load is low."""
    if not args.quiet_load:
        return
    deadline = time.time() + args.quiet_wait
    while os.getloadavg()[0] > args.quiet_load and time.time() < deadline:
        time.sleep(5)


def _hwm_mb(pid: int) -> float | None:
    """The kernel's high-water mark of a process's resident memory (VmHWM), in MB."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def build_once(data: Path) -> dict:
    """``python -m etl build`` in a child process: wall time, the manifest's duration, peak memory.

    Peak memory is the child's VmHWM (its own high-water mark after exec), sampled every 10 ms from
    /proc until it exits; VmHWM only grows, so the last sample is the peak. (The ``ru_maxrss`` that
    ``os.wait4`` returns is not used: Linux folds the parent's resident size at fork time into it, which
    overstates a child forked from this benchmark once pandas has loaded millions of rows.)"""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "etl", "--data-dir", str(data), "build"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    peak = [0.0]
    done = threading.Event()

    def sample():  # never reaps the child: os.wait4 below does
        while not done.is_set():
            value = _hwm_mb(proc.pid)
            if value:
                peak[0] = max(peak[0], value)
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read().decode()
    _pid, status, usage = os.wait4(proc.pid, 0)
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{out}")
    manifest = json.loads((data / "warehouse" / "manifest.json").read_text())
    return {
        "wall_s": wall,
        "build_s": manifest["duration_s"],
        "peak_mb": peak[0],
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "rows": manifest["tables"]["survey_responses"],
    }


def views(wh: Warehouse, catalog, source=None, obs: pd.DataFrame | None = None) -> dict:
    """Each view's queries, as pages/hygiene.py runs them (defaults of each view). The observations table
    is fetched once per build by the page's cache (ui.data.observations), so the Inclusion view gets it
    ready-made here too; its one-off fetch is timed separately."""
    q = wh.query

    def meta():
        hq.survey_datasets(q)
        hq.survey_years(q, DATASET)
        hq.survey_questions(q, DATASET)
        hq.survey_groups(q, DATASET)

    flags = ["vg_disability", "vg_older", "vg_minority", "vg_low_income"]

    def practices():
        meta()
        return hq.shares(q, dataset=DATASET, year=2025, dims=("all",), source=source)

    def gender():
        meta()
        return hq.gender_gap(q, dataset=DATASET, year=2025, dims=("all",), source=source)

    def age():
        meta()
        return hq.shares(
            q,
            dataset=DATASET,
            year=2025,
            dims=("age_band",),
            by_sex=True,
            sexes=("female", "male"),
            economies=["MNE"],
            questions=["q_two_factor"],
            source=source,
        )

    def groups():
        meta()
        return hq.group_gap(
            q,
            dataset=DATASET,
            year=2025,
            groups=flags,
            economies=["SRB"],
            questions=["q_two_factor"],
            sexes=["female"],
            source=source,
        )

    def inclusion():
        hq.survey_datasets(q)
        ids = [i.id for i in catalog.scored_in("inclusion")]
        mine = obs[obs["indicator_id"].isin(ids)]
        pillar_scores(mine, catalog)
        return pillar_scores(mine, catalog, include_synthetic=True)

    out = {"practices": practices, "gender": gender, "age": age, "groups": groups}
    if source is None and obs is not None:
        out["inclusion"] = inclusion
    return out


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def pandas_shares(path: str, questions: list[str]) -> pd.DataFrame:
    """The same estimate in plain pandas: aggregate per group (wide), then reshape, then Wilson."""
    keys = ["economy", "sex", "age_band"]
    df = pd.read_parquet(path, columns=keys + ["weight"] + questions, dtype_backend="numpy_nullable")
    w = df["weight"].to_numpy(dtype=float)
    parts = {k: df[k] for k in keys}
    for q in questions:
        col = df[q]
        answered = col.notna().to_numpy()
        yes = col.fillna(False).to_numpy(dtype=bool)
        parts["n__" + q] = answered.astype(np.int64)
        parts["sw__" + q] = w * answered
        parts["sw2__" + q] = w * w * answered
        parts["swy__" + q] = w * yes
    wide = pd.DataFrame(parts).groupby(keys, observed=True, sort=False).sum()
    long = []
    for q in questions:
        part = wide[["n__" + q, "sw__" + q, "sw2__" + q, "swy__" + q]].copy()
        part.columns = ["n", "sw", "sw2", "swy"]
        part["question"] = q
        long.append(part)
    out = pd.concat(long).reset_index()
    p = out["swy"] / out["sw"]
    m = out["sw"] ** 2 / out["sw2"]
    z = hs.Z95
    centre = (p + z * z / (2 * m)) / (1 + z * z / m)
    half = z * np.sqrt(p * (1 - p) / m + z * z / (4 * m * m)) / (1 + z * z / m)
    ok = out["n"] >= hs.DEFAULT_MIN_N
    out["share"] = (100 * p).where(ok)
    out["ci_low"] = (100 * (centre - half).clip(lower=0)).where(ok)
    out["ci_high"] = (100 * (centre + half).clip(upper=1)).where(ok)
    return out


def rss_mb() -> float:
    """Current resident memory of this process (VmRSS), in MB."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_size(rows: int, args) -> str:
    print(f"\n=== {rows:,} respondents ===", flush=True)
    print(
        f"  machine: {os.cpu_count()} cores, load average before: " + " ".join(f"{x:.2f}" for x in os.getloadavg()),
        flush=True,
    )
    work = Path(tempfile.mkdtemp(prefix="bench-hygiene-", dir=args.workdir))
    try:
        data = prepare(work, rows, args.seed)
        build_runs = args.build_runs or (3 if rows <= 2_000_000 else 1)
        builds = []
        for i in range(build_runs):
            wait_quiet(args)
            load = os.getloadavg()[0]
            b = build_once(data)
            builds.append(b)
            print(
                f"  build {i + 1}/{build_runs}: build() {b['build_s']:.2f} s, process wall {b['wall_s']:.2f} s "
                f"(CPU {b['cpu_s']:.2f} s), peak RSS {b['peak_mb']:.0f} MB, {b['rows']:,} respondents loaded "
                f"(load average at start {load:.2f})",
                flush=True,
            )
        build_s = statistics.median(b["build_s"] for b in builds)
        peak_mb = max(b["peak_mb"] for b in builds)
        wh = Warehouse(data)
        catalog = load_catalog()
        parquet = wh.path / "parquet" / "survey_responses.parquet"
        questions = list(hq.survey_questions(wh.query, DATASET)["question"])
        print(
            f"  warehouse: {(wh.path / 'cyber.duckdb').stat().st_size / 1e6:.1f} MB DuckDB file, respondent Parquet "
            f"{parquet.stat().st_size / 1e6:.1f} MB, survey_cells "
            f"{int(wh.query('SELECT count(*) AS n FROM survey_cells')['n'][0]):,} rows",
            flush=True,
        )
        wait_quiet(args)
        fetch_ms = median_ms(wh.observations, args.query_runs)
        obs = wh.observations()
        page = {name: median_ms(fn, args.query_runs) for name, fn in views(wh, catalog, obs=obs).items()}
        print(
            "  page views (aggregates in DuckDB, median of %d): " % args.query_runs
            + ", ".join(f"{k} {v:.1f} ms" for k, v in page.items())
            + f"; observations fetch (once per build, cached by the page) {fetch_ms:.1f} ms",
            flush=True,
        )
        cells = hq.CellsParquet(str(wh.path / "parquet" / "survey_cells.parquet"))
        from_pq = {name: median_ms(fn, args.query_runs) for name, fn in views(wh, catalog, cells).items()}
        print(
            "  same views reading the aggregates' Parquet file parquet/survey_cells.parquet (median of %d): "
            % args.query_runs
            + ", ".join(f"{k} {v:.1f} ms" for k, v in from_pq.items()),
            flush=True,
        )
        before = rss_mb()
        source = hq.ParquetSource(str(parquet), tuple(questions))
        direct = {name: median_ms(fn, args.query_runs) for name, fn in views(wh, catalog, source).items()}
        print(
            "  same views straight from the respondent Parquet (median of %d): " % args.query_runs
            + ", ".join(f"{k} {v:.1f} ms" for k, v in direct.items())
            + f"; max {max(direct.values()):.1f} ms; benchmark resident memory {before:.0f} MB before, "
            f"{rss_mb():.0f} MB after",
            flush=True,
        )

        def duck():
            return hq.shares(
                wh.query,
                dataset=DATASET,
                year=None,
                dims=("age_band",),
                by_sex=True,  # noqa: E731
                source=source,
            )

        duck_ms = median_ms(duck, args.query_runs)
        pandas_ms = median_ms(lambda: pandas_shares(str(parquet), questions), args.query_runs)
        a = duck().set_index(["economy", "sex", "value", "question"])["share"]
        b = pandas_shares(str(parquet), questions).set_index(["economy", "sex", "age_band", "question"])["share"]
        b.index.names = a.index.names
        diff = (a - b.reindex(a.index)).abs().max()
        ratio = pandas_ms / duck_ms
        print(
            f"  economy x sex x age band x question ({len(a):,} estimates) from Parquet: DuckDB {duck_ms:.0f} ms, "
            f"pandas {pandas_ms:.0f} ms (pandas / DuckDB = {ratio:.1f}); max |difference| in share "
            f"{0.0 if math.isnan(diff) else diff:.2e} pp",
            flush=True,
        )
        wh.close()
        print("  load average after: " + " ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)
        line = (
            f"RESULT rows={rows} build_s={build_s:.2f} peak_mb={peak_mb:.0f} query_ms_max={max(page.values()):.1f} "
            f"pandas_ratio={ratio:.1f}"
        )
        print(line, flush=True)
        return line
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--build-runs", type=int, default=0, help="builds per size (default 3 up to 2M rows, else 1)")
    parser.add_argument("--query-runs", type=int, default=5)
    parser.add_argument("--workdir", default=None, help="where the temporary data folders go (default: system temp)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folders")
    parser.add_argument(
        "--quiet-load",
        type=float,
        default=0.0,
        help="before each build and the query phase, wait until the 1-minute load average is "
        "below this (0 = do not wait)",
    )
    parser.add_argument("--quiet-wait", type=float, default=600, help="longest wait for --quiet-load, seconds")
    args = parser.parse_args(argv)
    for rows in args.rows:
        run_size(rows, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
