"""Benchmark: ``python -m etl build`` on the bundled data and on a 10x copy (not part of pytest).

    python benchmarks/bench_build.py                 # 1x and 10x, 5 runs each
    python benchmarks/bench_build.py --runs 7 --scales 1 10 20

What it measures, for each scale (the bundled ``data/raw`` copied into a temporary data folder; at a
scale above 1 the Eurostat SDMX-CSV files of that copy are enlarged, see ``scale_eurostat``):

- **build**: wall clock of ``python -m etl build --data-dir <copy>`` in a child process, rebuilding the
  same content (the public tables of the previous build are reused, as etl/publish.py does when the
  inputs and code are unchanged, and every dataset folder without a loader comes from the parse cache,
  etl/parse_cache.py); **build, no parse cache**: the same rebuild with ``--no-cache`` (every file read
  and checked, the public tables reused); and **build, nothing reused**: every build's ``public/`` and
  the parse cache removed first (what a fresh clone's first build costs; a build with changed data
  costs about this too) (interpreter
  start-up, imports, catalog, every raw file read and validated, the warehouse written and swapped in),
  and the child's peak resident memory (``ru_maxrss`` of that child alone, from ``os.wait4``);
- **build, one raw file changed**: what a steward's rebuild costs after editing one file. Before each of
  these builds the benchmark changes the text of the last field (``internal_note``) of the first data row
  of ``EDITED`` (a new text every run), so the build reads and checks that dataset folder again (the others
  come from the parse cache) and, the inputs having changed, writes the public tables afresh (their content
  key includes every input file's digest); the manifest's ``parse_cache.parsed`` names the folder re-read;
- **stages**: the build's own breakdown, as it records it in the manifest (``stages_s``, wall clock, and
  ``stages_cpu_s``, CPU time of the build process, all threads): ``catalog`` (the indicator catalog parsed
  and schema-checked), ``parse+validate`` per raw format (read and check every file of the datasets of
  that format), ``checks across datasets`` (codes, unique names and sources, one preferred value per key),
  ``tables`` (assembling the warehouse tables), ``write`` (inputs hashed, DuckDB file, Parquet files) and
  ``publish`` (the public tables, reused or written);
- **CPU time** (user + system) of the build and of the import floor, from the same ``os.wait4``: on a
  shared machine the wall clock mostly measures waiting for a core, the CPU time hardly moves;
- **floors, in the same run, interleaved with the builds** so that both see the same machine load:
  ``python -c "import pandas, duckdb"`` (start-up the build cannot avoid) and ``duckdb-read``: a child
  process that imports pandas and DuckDB and has DuckDB read every raw CSV file of the same copy
  (``count(*)`` of ``read_csv``, types detected, no validation). The build's ratio to each floor is
  printed, so a figure reads the same on any machine.

Python's bytecode cache: by default every child runs with one (``PYTHONPYCACHEPREFIX`` in the benchmark's
temporary folder, written by the untimed first build), as ``python -m etl build`` runs for anyone who has
run it once; ``--no-bytecode-cache`` measures every child compiling the project's modules from source (what
``PYTHONDONTWRITEBYTECODE=1`` gives, as set on the shared development machine, and a fresh clone's first run).

Medians of ``--runs`` runs. The last line per scale is
``RESULT scale=<k> build_s=<s> import_floor_s=<s> duckdb_floor_s=<s> ratio_import=<x> ratio_duckdb=<x>
peak_mb=<mb> observations=<n> ...`` (and the other figures above, ``edited_build_s`` and ``cpu_edited_s`` for
the build after one raw file changed).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EU_STAND_INS = ("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "HR")
WB6 = ("AL", "BA", "ME", "MK", "RS", "XK")
EDITED = "itu_gci_overall/itu_gci_overall.csv"  # the raw file a "one raw file changed" build edits first


def edit_one_file(raw: Path, run: int) -> str:
    """Change the last field of the first data row of ``raw/EDITED`` (a note, so the file stays valid), with a
    text that differs from run to run; returns the dataset folder's name."""
    path = raw / EDITED
    lines = path.read_text(encoding="utf-8").split("\n")
    row = re.sub(r" \[benchmark edit \d+\]", "", lines[1])
    mark = f" [benchmark edit {run}]"
    lines[1] = row[:-1] + mark + '"' if row.endswith('"') else row + mark
    path.write_text("\n".join(lines), encoding="utf-8")
    return path.parent.name


DUCKDB_FLOOR = """
import sys, glob
import pandas, duckdb
con = duckdb.connect()
n = 0
for path in sorted(glob.glob(sys.argv[1] + '/raw/**/*.csv', recursive=True)):
    n += con.execute('SELECT count(*) FROM read_csv(?)', [path]).fetchone()[0]
print(n)
"""


def scale_eurostat(raw: Path, scale: int) -> None:
    """Enlarge every Eurostat SDMX-CSV file of a raw copy ``scale`` times (economies x years).

    Economies: with an even scale, every row of the six economies is also written for six EU member
    states, declared as reference geos in the sidecar copy, so they go through the same path (checked,
    noted, stored in ``eurostat_sdmx`` and ``reference_values``). Years: the rows (of the economies, the
    stand-ins and the reference areas) are repeated with TIME_PERIOD shifted by whole multiples of the
    file's span of years (within 1990-2100, the range the ETL accepts), so no row duplicates another.
    """
    import yaml

    economies = 2 if scale % 2 == 0 else 1
    years = scale // economies
    for sidecar in sorted(raw.glob("*/source.yaml")):
        meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
        if meta.get("format") != "eurostat_sdmx_csv":
            continue
        stand_ins = dict(zip(WB6, EU_STAND_INS)) if economies == 2 else {}
        for name in meta.get("files") or []:
            path = sidecar.parent / name
            with open(path, encoding="utf-8-sig", newline="") as fh:
                reader = csv.reader(fh)
                header = next(reader)
                rows = [r for r in reader if r]
            geo, period = header.index("geo"), header.index("TIME_PERIOD")
            all_years = [int(r[period]) for r in rows]
            lo, hi = min(all_years), max(all_years)
            span = hi - lo + 1
            shifts = [k * span for k in range(years) if hi + k * span <= 2100]
            shifts += [-k * span for k in range(1, years) if lo - k * span >= 1990][: years - len(shifts)]
            if len(shifts) < years:
                raise SystemExit(f"{path}: cannot fit {years} copies of {span} years into 1990-2100")
            out = []
            for shift in shifts:
                for r in rows:
                    moved = list(r)
                    moved[period] = str(int(r[period]) + shift)
                    out.append(moved)
                    if r[geo] in stand_ins:
                        other = list(moved)
                        other[geo] = stand_ins[r[geo]]
                        out.append(other)
            with open(path, "w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(header)
                writer.writerows(out)
        if stand_ins:
            meta["reference_geos"] = list(meta.get("reference_geos") or ["EU27_2020"]) + list(stand_ins.values())
            sidecar.write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True), encoding="utf-8")


def timed_child(cmd: list[str], env: dict | None = None) -> tuple[float, float, str, float]:
    """Wall seconds, peak RSS (MB) of this child alone, stdout, CPU seconds (user + system) of the child."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.stdout.read(), proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    return wall, usage.ru_maxrss / 1024, out, usage.ru_utime + usage.ru_stime


def child_env(work: Path, bytecode_cache: bool) -> dict:
    env = dict(os.environ)
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    return env


def bench_scale(scale: int, runs: int, work: Path, bytecode_cache: bool = True) -> dict:
    data = work / f"data-x{scale}"
    shutil.copytree(ROOT / "data" / "raw", data / "raw")
    if scale > 1:
        scale_eurostat(data / "raw", scale)
    sdmx_rows = sum(
        sum(1 for _ in open(p, encoding="utf-8")) - 1
        for p in (data / "raw").glob("eurostat_*/*.csv")
        if "codelist" not in p.name
    )
    env = child_env(work, bytecode_cache)
    build_cmd = [sys.executable, "-m", "etl", "--data-dir", str(data), "build"]
    timed_child(build_cmd, env)  # warm the file cache (and the bytecode cache, when on) once, untimed
    timed_child([sys.executable, "-c", "import pandas, duckdb"], env)
    builds, peaks, imports, reads, stages, cpu_build, cpu_import, cpu_stages = [], [], [], [], [], [], [], []
    fresh, cpu_fresh, fresh_stages = [], [], []
    nocache, cpu_nocache, nocache_stages = [], [], []
    edited, cpu_edited, edited_stages = [], [], []
    for _i in range(runs):
        for public in (data / "builds").glob("[0-9]*/public"):  # nothing to reuse: the public tables are written
            shutil.rmtree(public)
        shutil.rmtree(data / "builds" / ".parse-cache", ignore_errors=True)  # and every file read afresh
        wall, _peak, _out, cpu = timed_child(build_cmd, env)
        fresh.append(wall)
        cpu_fresh.append(cpu)
        fresh_stages.append(json.loads((data / "warehouse" / "manifest.json").read_text(encoding="utf-8"))["stages_s"])
        wall, peak, _out, cpu = timed_child(build_cmd, env)
        builds.append(wall)
        cpu_build.append(cpu)
        peaks.append(peak)
        manifest = json.loads((data / "warehouse" / "manifest.json").read_text(encoding="utf-8"))
        stages.append(manifest.get("stages_s") or {})
        # read on every build whatever changed: folders whose adapter loads inside the new build (survey microdata)
        survey_folders = manifest["parse_cache"]["parsed"]
        cpu_stages.append(manifest.get("stages_cpu_s") or {})
        wall, _peak, _out, cpu = timed_child(build_cmd + ["--no-cache"], env)
        nocache.append(wall)
        cpu_nocache.append(cpu)
        nocache_stages.append(
            json.loads((data / "warehouse" / "manifest.json").read_text(encoding="utf-8"))["stages_cpu_s"]
        )
        folder = edit_one_file(data / "raw", _i)
        wall, _peak, _out, cpu = timed_child(build_cmd, env)
        manifest = json.loads((data / "warehouse" / "manifest.json").read_text(encoding="utf-8"))
        if sorted(manifest["parse_cache"]["parsed"]) != sorted([f"raw/{folder}", *survey_folders]):
            raise SystemExit(f"one raw file changed: re-read {manifest['parse_cache']['parsed']}, not raw/{folder}")
        edited.append(wall)
        cpu_edited.append(cpu)
        edited_stages.append(manifest["stages_cpu_s"])
        got = timed_child([sys.executable, "-c", "import pandas, duckdb"], env)
        imports.append(got[0])
        cpu_import.append(got[3])
        reads.append(timed_child([sys.executable, "-c", DUCKDB_FLOOR, str(data)], env)[0])
    med = statistics.median
    result = {
        "scale": scale,
        "sdmx_rows": sdmx_rows,
        "observations": manifest["tables"]["observations"],
        "build_s": med(builds),
        "build_min_s": min(builds),
        "build_max_s": max(builds),
        "import_floor_s": med(imports),
        "duckdb_floor_s": med(reads),
        "peak_mb": max(peaks),
        "cpu_build_s": med(cpu_build),
        "cpu_import_s": med(cpu_import),
        "stages": {k: med([s.get(k, 0.0) for s in stages]) for k in stages[-1]},
        "cpu_stages": {k: med([s.get(k, 0.0) for s in cpu_stages]) for k in cpu_stages[-1]},
        "fresh_s": med(fresh),
        "cpu_fresh_s": med(cpu_fresh),
        "fresh_publish_s": med([s.get("publish", 0.0) for s in fresh_stages]),
        "nocache_s": med(nocache),
        "cpu_nocache_s": med(cpu_nocache),
        "nocache_cpu_stages": {k: med([s.get(k, 0.0) for s in nocache_stages]) for k in nocache_stages[-1]},
        "edited_s": med(edited),
        "cpu_edited_s": med(cpu_edited),
        "edited_folder": folder,
        "edited_cpu_stages": {k: med([s.get(k, 0.0) for s in edited_stages]) for k in edited_stages[-1]},
    }
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed builds per scale (default 5)")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10], help="scales (default 1 10)")
    parser.add_argument(
        "--no-bytecode-cache", action="store_true", help="every child compiles the project's modules from source"
    )
    args = parser.parse_args(argv)
    print(
        f"  machine: {os.cpu_count()} cores, load average before: "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
        + f"; bytecode cache {'off' if args.no_bytecode_cache else 'on'}",
        flush=True,
    )
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        results = []
        for scale in args.scales:
            r = bench_scale(scale, args.runs, work, not args.no_bytecode_cache)
            results.append(r)
            print(
                f"\n  scale {scale}x: {r['sdmx_rows']:,} Eurostat rows, {r['observations']:,} observations, "
                f"{args.runs} runs (medians)"
            )
            print(
                f"    build (wall, child process)      {r['build_s']:6.2f} s  (min {r['build_min_s']:.2f}, "
                f"max {r['build_max_s']:.2f})"
            )
            print(
                f"    floor: import pandas, duckdb      {r['import_floor_s']:6.2f} s  "
                f"-> build / floor {r['build_s'] / r['import_floor_s']:.2f}x"
            )
            print(
                f"    floor: DuckDB reads the raw CSVs  {r['duckdb_floor_s']:6.2f} s  "
                f"-> build / floor {r['build_s'] / r['duckdb_floor_s']:.2f}x"
            )
            print(
                f"    build, no parse cache (--no-cache) {r['nocache_s']:5.2f} s  (public tables reused; CPU "
                f"{r['cpu_nocache_s']:.2f} s) -> / import floor {r['nocache_s'] / r['import_floor_s']:.2f}x, CPU "
                f"{r['cpu_nocache_s'] / r['cpu_import_s']:.2f}x"
            )
            print(
                f"    build, nothing reused             {r['fresh_s']:6.2f} s  (fresh clone: publish "
                f"{r['fresh_publish_s']:.2f} s; CPU {r['cpu_fresh_s']:.2f} s) -> / import floor "
                f"{r['fresh_s'] / r['import_floor_s']:.2f}x"
            )
            ed = r["edited_cpu_stages"]
            print(
                f"    build, one raw file changed       {r['edited_s']:6.2f} s  (raw/{r['edited_folder']} re-read, "
                f"public tables written: publish {ed.get('publish', 0.0):.2f} s CPU; CPU {r['cpu_edited_s']:.2f} s) "
                f"-> / import floor {r['edited_s'] / r['import_floor_s']:.2f}x, CPU "
                f"{r['cpu_edited_s'] / r['cpu_import_s']:.2f}x"
            )
            print(f"    peak memory (child RSS)           {r['peak_mb']:6.0f} MB")
            print(
                f"    CPU time (user+sys): build {r['cpu_build_s']:.2f} s, import floor {r['cpu_import_s']:.2f} s "
                f"-> {r['cpu_build_s'] / r['cpu_import_s']:.2f}x (hardly moved by other load on the machine)"
            )
            if r["stages"]:
                print("    stages (inside the build, from its manifest): wall, CPU of the build process")
                for name, secs in r["stages"].items():
                    cpu = r["cpu_stages"].get(name)
                    nc = r["nocache_cpu_stages"].get(name)
                    print(
                        f"      {name:<40}{secs:7.3f} s"
                        + (f"  {cpu:7.3f} s CPU" if cpu is not None else "")
                        + (f"  (no cache: {nc:.3f} s CPU)" if nc is not None else "")
                    )
            else:
                print("    stages: not recorded by this version of the build")
        print("  load average after: " + " ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)
        base = results[0]
        for r in results:
            print(
                f"RESULT scale={r['scale']} build_s={r['build_s']:.2f} import_floor_s={r['import_floor_s']:.2f} "
                f"duckdb_floor_s={r['duckdb_floor_s']:.2f} ratio_import={r['build_s'] / r['import_floor_s']:.2f} "
                f"ratio_duckdb={r['build_s'] / r['duckdb_floor_s']:.2f} peak_mb={r['peak_mb']:.0f} "
                f"observations={r['observations']} vs_1x={r['build_s'] / base['build_s']:.2f} "
                f"cpu_build_s={r['cpu_build_s']:.2f} cpu_ratio_import={r['cpu_build_s'] / r['cpu_import_s']:.2f} "
                f"fresh_publish_build_s={r['fresh_s']:.2f} ratio_fresh_import={r['fresh_s'] / r['import_floor_s']:.2f} "
                f"nocache_build_s={r['nocache_s']:.2f} cpu_nocache_s={r['cpu_nocache_s']:.2f} "
                f"cpu_fresh_s={r['cpu_fresh_s']:.2f} edited_build_s={r['edited_s']:.2f} "
                f"cpu_edited_s={r['cpu_edited_s']:.2f}",
                flush=True,
            )
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
