"""Benchmark: survey microdata at scale (not part of pytest).

    python benchmarks/bench_hygiene.py                       # 1,000,000 and 10,000,000 respondents
    python benchmarks/bench_hygiene.py --rows 1000000 --build-runs 5

For each size it
1. generates the respondents with scripts/generate_demo_survey.py (seeded) into a temporary data folder,
   beside a copy of the other bundled raw datasets (the bundled 24k demo survey is replaced);
2. times two floors in the same run: ``python -c "import pandas, duckdb"`` (start-up) and DuckDB copying
   the same respondent CSV to Parquet with its types guessed and nothing checked (reading);
3. builds the warehouse with ``python -m etl build`` in a child process, timing it (wall, CPU time of
   the child, and the survey's own stage from the manifest's ``stages_s``) and sampling the child's peak
   resident memory (its VmHWM in /proc, every 10 ms): the whole ETL, every dataset, validation included.
   Two kinds of build, printed apart: **fresh** (the survey's kept work, data/builds/.survey-cache, removed
   first: what a fresh clone or a changed respondent file gets) and **rebuild** (the respondent file, its
   sidecar, the catalog and the code unchanged since the last build: its work is reused after hashing it,
   as when a steward edits another dataset);
4. times each hygiene view's queries as the page runs them (read-only warehouse, DuckDB, aggregates),
   median of 5 runs, wall and CPU time (``time.process_time``, DuckDB's threads included), with a
   ``SELECT 1`` through the same connection timed between the runs as the floor; the Inclusion view twice:
   ``inclusion`` with its scores' memo emptied before every run (the first time a process shows it for a
   build) and ``inclusion (memo)`` as every later language, URL state or caller gets it; then the same views
   computed from the aggregates' Parquet file and straight from the respondent Parquet file;
5. runs the heaviest aggregation (weighted share with Wilson interval by economy x sex x age band x
   question, from the respondent Parquet file) in DuckDB and in pandas (written as a pandas user would:
   batches, categorical keys, one float block per batch, sums per group before reshaping, as DuckDB
   does), checks that both give the same numbers, and prints pandas / DuckDB in wall and in CPU time.

The last line per size is ``RESULT rows=<n> build_s=<s> survey_s=<s> build_cpu_s=<s> peak_mb=<mb>
rebuild_s=<s> rebuild_survey_s=<s> query_ms_max=<ms> query_cpu_ms_max=<ms> pandas_ratio=<x>
pandas_cpu_ratio=<x>``: build_s is the median ``duration_s`` of the fresh builds the ETL writes to its
manifest (reading raw files to swapping in the warehouse; the process wall time with interpreter start-up is
printed too), survey_s the survey's stage in it, rebuild_s and rebuild_survey_s the same for the rebuilds,
build_cpu_s the child's CPU time, peak_mb the largest child peak RSS, query_ms_max the slowest view of
the page (median wall; its CPU time beside it) and pandas_ratio the wall-clock ratio (DuckDB uses both
cores, pandas one) with the CPU-time ratio beside it. On a shared machine read the CPU times and the
ratios to the floors; the load average is printed at each step.
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

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indicators.model.catalog import load_catalog  # noqa: E402
from indicators.model.warehouse import Warehouse  # noqa: E402
from indicators.topics.hygiene import inclusion as inc  # noqa: E402
from indicators.topics.hygiene import queries as hq  # noqa: E402
from indicators.topics.hygiene import stats as hs  # noqa: E402
from indicators.topics.hygiene.inclusion import inclusion_pillar  # noqa: E402

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


def build_once(data: Path, fresh: bool = True) -> dict:
    """``python -m etl build`` in a child process: wall time, the manifest's duration, peak memory.

    Peak memory is the child's VmHWM (its own high-water mark after exec), sampled every 10 ms from
    /proc until it exits; VmHWM only grows, so the last sample is the peak. (The ``ru_maxrss`` that
    ``os.wait4`` returns is not used: Linux folds the parent's resident size at fork time into it, which
    overstates a child forked from this benchmark once pandas has loaded millions of rows.)"""
    if fresh:  # nothing kept from an earlier build of the same respondent file
        shutil.rmtree(data / "builds" / ".survey-cache", ignore_errors=True)
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
        "survey_s": (manifest.get("stages_s") or {}).get("parse+validate survey_microdata", float("nan")),
        "survey_cpu_s": (manifest.get("stages_cpu_s") or {}).get("parse+validate survey_microdata", float("nan")),
    }


def floor_import() -> dict:
    """The start-up floor: ``python -c "import pandas, duckdb"`` in a child, wall and CPU time."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", "import pandas, duckdb"])
    _pid, _status, usage = os.wait4(proc.pid, 0)
    return {"wall_s": time.perf_counter() - started, "cpu_s": usage.ru_utime + usage.ru_stime}


def floor_duckdb_copy(csv_path: Path, out: Path) -> dict:
    """The reading floor: DuckDB copying the same CSV to Parquet (types guessed, nothing checked), in this
    process, wall and CPU time (``time.process_time`` counts DuckDB's threads too)."""
    con = duckdb.connect(config={"threads": 2})
    started, cpu = time.perf_counter(), time.process_time()
    con.execute(f"COPY (SELECT * FROM read_csv_auto(?)) TO '{out}' (FORMAT parquet)", [str(csv_path)])
    result = {"wall_s": time.perf_counter() - started, "cpu_s": time.process_time() - cpu}
    con.close()
    out.unlink(missing_ok=True)
    return result


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

    def inclusion():  # the pillar part of the page's Inclusion view: two pillar_scores calls and the table
        inc._SCORES.clear()  # the first time this process shows the view for this build
        hq.survey_datasets(q)
        return inclusion_pillar(obs, catalog)

    def inclusion_memo():  # the same, its two score frames memoised (every later language, URL, caller)
        hq.survey_datasets(q)
        return inclusion_pillar(obs.copy(deep=False), catalog)

    out = {"practices": practices, "gender": gender, "age": age, "groups": groups}
    if source is None and obs is not None:
        out["inclusion"] = inclusion
        out["inclusion (memo)"] = inclusion_memo
    return out


def timed(fn, runs: int, floor=None) -> dict:
    """Median wall and CPU milliseconds of ``fn`` over ``runs`` runs; with ``floor``, the floor is timed
    right after each run (interleaved, so both see the same load) and its medians are returned too."""
    wall, cpu, fwall, fcpu = [], [], [], []
    for _ in range(runs):
        started, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        if floor is not None:
            started, c = time.perf_counter(), time.process_time()
            floor()
            fwall.append((time.perf_counter() - started) * 1000)
            fcpu.append((time.process_time() - c) * 1000)
    out = {"wall": statistics.median(wall), "cpu": statistics.median(cpu)}
    if floor is not None:
        out.update(floor_wall=statistics.median(fwall), floor_cpu=statistics.median(fcpu))
    return out


PANDAS_KEYS = ["dataset", "economy", "year", "sex", "age_band"]


def pandas_shares(path: str, questions: list[str], batch_rows: int = 500_000) -> pd.DataFrame:
    """The same estimate in pandas, written as a pandas user would for a file of this size: the Parquet
    file read in batches (codes as categoricals, answers as nullable booleans), the four sums per question
    put in one float block per batch and summed per group (dataset, economy, year, sex, age band; the
    keys DuckDB groups on), the partial sums added up, reshaped to one row per question, then Wilson.

    (The previous version built a frame from 72 separate arrays of object booleans and took about
    2.5 times the CPU of this one; a fair comparison gives pandas its own good practice. The block is
    column-major since the fifth round: about 30 % less CPU than the row-major block of the third and fourth
    rounds, the same numbers.)"""
    source = pq.ParquetFile(path, read_dictionary=["dataset", "economy", "sex", "age_band"])
    names = [f"{s}__{q}" for q in questions for s in ("n", "sw", "sw2", "swy")]
    parts = []
    for batch in source.iter_batches(batch_size=batch_rows, columns=PANDAS_KEYS + ["weight"] + questions):
        df = batch.to_pandas(types_mapper={pa.bool_(): pd.BooleanDtype()}.get)
        w = df["weight"].to_numpy(dtype=float)
        # Column-major, as pandas keeps a float block (one contiguous column per sum): a row-major block made
        # every column write strided and cost pandas about 30 % more CPU in all (h26survey).
        block = np.empty((len(df), 4 * len(questions)), order="F")
        for j, q in enumerate(questions):
            answered = df[q].notna().to_numpy()
            block[:, 4 * j] = answered
            block[:, 4 * j + 1] = w * answered
            block[:, 4 * j + 2] = w * w * answered
            block[:, 4 * j + 3] = w * df[q].fillna(False).to_numpy(dtype=bool)
        wide = pd.DataFrame(block, columns=names, copy=False)
        for k in PANDAS_KEYS:
            wide[k] = df[k].array
        parts.append(wide.groupby(PANDAS_KEYS, observed=True, sort=False).sum())
    wide = pd.concat(parts).groupby(level=PANDAS_KEYS, observed=True, sort=False).sum()
    out = pd.concat(
        {
            q: wide[[f"n__{q}", f"sw__{q}", f"sw2__{q}", f"swy__{q}"]].set_axis(["n", "sw", "sw2", "swy"], axis=1)
            for q in questions
        },
        names=["question"],
    ).reset_index()
    p = out["swy"] / out["sw"]
    m = out["sw"] ** 2 / out["sw2"]
    z = hs.Z95
    centre = (p + z * z / (2 * m)) / (1 + z * z / m)
    half = z * np.sqrt(p * (1 - p) / m + z * z / (4 * m * m)) / (1 + z * z / m)
    ok = (out["n"] >= hs.DEFAULT_MIN_N) & (out["sw"] > 0)
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


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run_size(rows: int, args) -> str:
    print(f"\n=== {rows:,} respondents ===", flush=True)
    print(f"  machine: {os.cpu_count()} cores, load average before: {_load()}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="bench-hygiene-", dir=args.workdir))
    try:
        data = prepare(work, rows, args.seed)
        csv_path = data / "raw" / DATASET / "respondents.csv"
        imp = floor_import()
        copy = floor_duckdb_copy(csv_path, work / "floor.parquet")
        print(
            f"  floors: `import pandas, duckdb` {imp['wall_s']:.2f} s wall, CPU {imp['cpu_s']:.2f} s; DuckDB copying "
            f"the respondent CSV to Parquet (types guessed, nothing checked) {copy['wall_s']:.2f} s wall, CPU "
            f"{copy['cpu_s']:.2f} s (load average {_load()})",
            flush=True,
        )
        build_runs = args.build_runs or (3 if rows <= 2_000_000 else 1)
        rebuild_runs = args.rebuild_runs if args.rebuild_runs >= 0 else build_runs
        medians = {}
        for kind, runs in (("fresh build", build_runs), ("rebuild", rebuild_runs)):
            builds = []
            for i in range(runs):
                wait_quiet(args)
                load = os.getloadavg()[0]
                b = build_once(data, fresh=kind == "fresh build" or not (data / "builds" / ".survey-cache").exists())
                builds.append(b)
                print(
                    f"  {kind} {i + 1}/{runs}: build() {b['build_s']:.2f} s, of which the survey "
                    f"{b['survey_s']:.2f} s (CPU {b['survey_cpu_s']:.2f} s); process wall {b['wall_s']:.2f} s (CPU {b['cpu_s']:.2f} s), peak RSS "
                    f"{b['peak_mb']:.0f} MB, {b['rows']:,} respondents loaded (load average at start {load:.2f})",
                    flush=True,
                )
            if not builds:
                continue
            m = medians[kind] = {
                k: statistics.median(b[k] for b in builds)
                for k in ("build_s", "survey_s", "survey_cpu_s", "cpu_s", "wall_s")
            }
            m["peak_mb"] = max(b["peak_mb"] for b in builds)
            print(
                f"  {kind} medians: build() {m['build_s']:.2f} s, survey stage {m['survey_s']:.2f} s (CPU "
                f"{m['survey_cpu_s']:.2f} s), process "
                f"wall {m['wall_s']:.2f} s, CPU {m['cpu_s']:.2f} s = {m['cpu_s'] / imp['cpu_s']:.1f}x the import "
                f"floor's CPU; survey stage / DuckDB copy floor {m['survey_s'] / copy['wall_s']:.2f}x wall, "
                f"{m['survey_cpu_s'] / copy['cpu_s']:.2f}x CPU",
                flush=True,
            )
        build_s, survey_s = medians["fresh build"]["build_s"], medians["fresh build"]["survey_s"]
        cpu_s, peak_mb = medians["fresh build"]["cpu_s"], max(m["peak_mb"] for m in medians.values())
        rebuild = medians.get("rebuild", {"build_s": float("nan"), "survey_s": float("nan")})
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

        def floor():  # one trivial query through the same warehouse connection
            return wh.query("SELECT 1 AS one")

        fetch = timed(wh.observations, args.query_runs)
        obs = wh.observations()
        page = {name: timed(fn, args.query_runs, floor) for name, fn in views(wh, catalog, obs=obs).items()}
        print(
            "  page views (aggregates in DuckDB, median of %d; wall / CPU ms, and the floor `SELECT 1` timed "
            "between runs): "
            % args.query_runs
            + ", ".join(f"{k} {v['wall']:.1f} / {v['cpu']:.1f}" for k, v in page.items())
            + "; floor "
            + "{:.1f} / {:.1f}".format(
                statistics.median(v["floor_wall"] for v in page.values()),
                statistics.median(v["floor_cpu"] for v in page.values()),
            )
            + f"; observations fetch (once per build, cached by the page) {fetch['wall']:.1f} / {fetch['cpu']:.1f}"
            + f" (load average {_load()})",
            flush=True,
        )
        cells = hq.CellsParquet(str(wh.path / "parquet" / "survey_cells.parquet"))
        from_pq = {name: timed(fn, args.query_runs) for name, fn in views(wh, catalog, cells).items()}
        print(
            "  same views reading the aggregates' Parquet file parquet/survey_cells.parquet (median of %d, wall / "
            "CPU ms): "
            % args.query_runs
            + ", ".join(f"{k} {v['wall']:.1f} / {v['cpu']:.1f}" for k, v in from_pq.items()),
            flush=True,
        )
        before = rss_mb()
        source = hq.ParquetSource(str(parquet), tuple(questions))
        direct = {name: timed(fn, args.query_runs) for name, fn in views(wh, catalog, source).items()}
        print(
            "  same views straight from the respondent Parquet (median of %d, wall / CPU ms): " % args.query_runs
            + ", ".join(f"{k} {v['wall']:.1f} / {v['cpu']:.1f}" for k, v in direct.items())
            + f"; benchmark resident memory {before:.0f} MB before, {rss_mb():.0f} MB after",
            flush=True,
        )

        def duck():
            return hq.shares(wh.query, dataset=DATASET, year=None, dims=("age_band",), by_sex=True, source=source)

        runs = args.query_runs if rows <= 2_000_000 else max(1, args.query_runs // 2)
        d = timed(duck, runs)
        pd_t = timed(lambda: pandas_shares(str(parquet), questions), runs)
        a = duck().set_index(["economy", "sex", "value", "question"])["share"]
        b = pandas_shares(str(parquet), questions).set_index(["economy", "sex", "age_band", "question"])["share"]
        b.index.names = a.index.names
        diff = (a.astype(float) - b.astype(float).reindex(a.index)).abs().max()
        ratio, cpu_ratio = pd_t["wall"] / d["wall"], pd_t["cpu"] / d["cpu"]
        print(
            f"  economy x sex x age band x question ({len(a):,} estimates) from the respondent Parquet, median of "
            f"{runs}: DuckDB {d['wall']:.0f} ms wall / {d['cpu']:.0f} ms CPU (2 threads), pandas {pd_t['wall']:.0f} ms "
            f"wall / {pd_t['cpu']:.0f} ms CPU (one thread): pandas / DuckDB = {ratio:.1f}x wall, {cpu_ratio:.1f}x CPU; "
            f"max |difference| in share {0.0 if math.isnan(diff) else diff:.2e} pp",
            flush=True,
        )
        wh.close()
        print(f"  load average after: {_load()}", flush=True)
        line = (
            f"RESULT rows={rows} build_s={build_s:.2f} survey_s={survey_s:.2f} build_cpu_s={cpu_s:.2f} "
            f"peak_mb={peak_mb:.0f} rebuild_s={rebuild['build_s']:.2f} rebuild_survey_s={rebuild['survey_s']:.2f} "
            f"query_ms_max={max(v['wall'] for v in page.values()):.1f} "
            f"query_cpu_ms_max={max(v['cpu'] for v in page.values()):.1f} pandas_ratio={ratio:.1f} "
            f"pandas_cpu_ratio={cpu_ratio:.1f}"
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
    parser.add_argument(
        "--rebuild-runs",
        type=int,
        default=-1,
        help="rebuilds reusing the survey's kept work, after the fresh builds (default: as many as --build-runs)",
    )
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
