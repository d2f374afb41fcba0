"""``python -m etl fetch eurostat``: refresh the three Eurostat datasets from Eurostat's own API, flags kept.

For each of ``isoc_cisci_prv20``, ``isoc_cisce_ra`` and ``isoc_cisce_ic`` it asks Eurostat's dissemination
API (SDMX 2.1 REST, ``format=SDMX-CSV``: SDMX-CSV 1.0 with codes) for the six economies and EU27_2020::

    https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/data/<dataset>/<key>?format=SDMX-CSV

where ``<key>`` is the dataset's dimensions in order (``freq.ind_type.indic_is.unit.geo`` or
``freq.size_emp.nace_r2.indic_is.unit.geo``), ``A`` for annual, every other dimension open, and
``AL+BA+ME+MK+RS+XK+EU27_2020`` for ``geo``. The answer (header ``DATAFLOW,LAST UPDATE,freq,...,geo,
TIME_PERIOD,OBS_VALUE,OBS_FLAG[,CONF_STATUS]``) is written unchanged, OBS_FLAG included, over the
dataset's file in ``data/raw/eurostat_<dataset>/``; the sidecar gets ``as_of`` (the newest LAST UPDATE),
``last_checked`` (today), ``retrieved_from`` (the URL), ``confidence: verified`` (read from the
publisher's own service) and loses ``flags_available: false``; ``EXCLUDED.md`` is rewritten from the new
file. Then the usual check runs on the three folders.

All or nothing: every dataset is fetched and its answer checked (the SDMX-CSV header, at least one row
for a WB6 economy) before anything is written. Offline, on an HTTP error or an empty answer it says so,
writes nothing and exits 1; when the check of the written folders fails, the previous files are put
back and it exits 2.
"""

from __future__ import annotations

import csv
import importlib
import io
import os
import urllib.error
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import yaml

from .build import check
from .contracts import Problem
from .formats.sdmx import FLAGS, HEADLINE_NACE, WB6_GEO

API_BASE = "https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/data"
API_ENV = "EUROSTAT_API_BASE"  # tests point it at a stub on 127.0.0.1
GEOS = ("AL", "BA", "ME", "MK", "RS", "XK", "EU27_2020")
TIMEOUT_S = 60
INDIVIDUALS = ("freq", "ind_type", "indic_is", "unit", "geo")
ENTERPRISES = ("freq", "size_emp", "nace_r2", "indic_is", "unit", "geo")
DATASETS: dict[str, tuple[str, ...]] = {
    "isoc_cisci_prv20": INDIVIDUALS,
    "isoc_cisce_ra": ENTERPRISES,
    "isoc_cisce_ic": ENTERPRISES,
}
REQUIRED = ("DATAFLOW", "LAST UPDATE", "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG")


class FetchFailed(RuntimeError):
    """Nothing was written: the message says why (offline, HTTP error, empty or unusable answer)."""


class Offline(FetchFailed):
    """The API cannot be reached at all (no network): the other datasets are not tried."""


@dataclass
class Fetched:
    dataset: str
    url: str
    text: str
    rows: list[dict]


def api_base() -> str:
    return os.environ.get(API_ENV, API_BASE).rstrip("/")


def query_url(dataset: str, base: str | None = None) -> str:
    """The SDMX 2.1 data query for one dataset: annual, the six economies and EU27_2020, SDMX-CSV."""
    dims = DATASETS[dataset]
    key = ".".join("A" if d == "freq" else "+".join(GEOS) if d == "geo" else "" for d in dims)
    return f"{base or api_base()}/{dataset}/{key}?format=SDMX-CSV&lang=en"


def download(url: str, timeout: float = TIMEOUT_S) -> str:
    # urllib.request (with http.client, email and ssl: about 50 ms of CPU) is imported when a download is
    # made, not with this module: etl.cli imports this module, and ``python -m etl build`` never downloads
    request_lib = importlib.import_module("urllib.request")
    request = request_lib.Request(url, headers={"User-Agent": "wb6-cyber-dashboard (python -m etl fetch)"})
    try:
        with request_lib.urlopen(request, timeout=timeout) as response:
            return response.read().decode("utf-8-sig")
    except urllib.error.HTTPError as err:
        if err.code == 404:
            raise FetchFailed(f"{url}: Eurostat has no data for this query (HTTP 404)") from None
        raise FetchFailed(f"{url}: HTTP {err.code} {err.reason}") from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", None) or err
        raise Offline(f"offline: cannot reach {url} ({reason}); no network, or the API is down") from None
    except UnicodeDecodeError:
        raise FetchFailed(f"{url}: the answer is not UTF-8 text") from None


def parse_response(dataset: str, url: str, text: str) -> Fetched:
    """Check one answer: the SDMX-CSV 1.0 header with the dataset's dimensions and a row for a WB6 economy."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in (*REQUIRED, *DATASETS[dataset]) if c not in header]
    if not text.strip():
        raise FetchFailed(f"{url}: empty answer (no header, no rows)")
    if missing:
        raise FetchFailed(f"{url}: not the SDMX-CSV layout expected (missing columns: {', '.join(missing)})")
    rows = list(reader)
    if not any(r.get("geo") in WB6_GEO for r in rows):
        raise FetchFailed(f"{url}: empty answer (no row for AL, BA, ME, MK, RS or XK)")
    return Fetched(dataset, url, text, rows)


def last_update(rows: list[dict], today: date) -> str:
    """The newest ``LAST UPDATE`` (Eurostat writes dd/mm/yy hh:mm:ss) as YYYY-MM-DD, else ``today``."""
    days = []
    for r in rows:
        text = (r.get("LAST UPDATE") or "").strip()
        for fmt in ("%d/%m/%y %H:%M:%S", "%d/%m/%y", "%Y-%m-%d"):
            try:
                days.append(datetime.strptime(text, fmt).date())
                break
            except ValueError:
                continue
    return max(days).isoformat() if days else today.isoformat()


def folder_of(root: Path, dataset: str) -> Path:
    return Path(root) / "raw" / f"eurostat_{dataset}"


def updated_sidecar(meta: dict, got: Fetched, today: date) -> dict:
    """The sidecar after a fetch: dates, retrieval URL, verified, flags available."""
    day = today.isoformat()
    out = dict(meta)
    out["as_of"] = last_update(got.rows, today)
    out["last_checked"] = day
    out["retrieved_from"] = got.url
    out["confidence"] = "verified"
    out.pop("flags_available", None)
    out["description"] = (
        f"Eurostat's SDMX-CSV 1.0 figures for the six economies and EU27_2020, fetched from Eurostat's "
        f"dissemination API (SDMX 2.1) by `python -m etl fetch eurostat` on {day}, written unchanged with "
        "Eurostat's observation flags (OBS_FLAG)."
    )
    sources = []
    for s in meta.get("sources") or []:
        s = dict(s)
        s["where_found"] = f"Eurostat dissemination API (SDMX 2.1, SDMX-CSV): {got.url}, retrieved {day}"
        s["as_of"] = out["as_of"]
        sources.append(s)
    out["sources"] = sources
    return out


def excluded_text(file_name: str, meta: dict, rows: list[dict]) -> str:
    """EXCLUDED.md for a fetched file: which rows do not become observations, and why; the flags found."""
    series = {(s["indic_is"], s["unit"]) for s in meta.get("series") or []}
    refs = set(meta.get("reference_geos") or ["EU27_2020"])
    nace = str(meta.get("nace_r2") or HEADLINE_NACE)
    empty = sum(1 for r in rows if r.get("OBS_VALUE", "").strip() in ("", ":"))
    flags = Counter(ch for r in rows for ch in dict.fromkeys((r.get("OBS_FLAG") or "").strip().lower()) if ch.isalpha())
    ref_rows = sum(1 for r in rows if r.get("geo") in refs)
    wb6 = [r for r in rows if r.get("geo") in WB6_GEO]
    other_series = sum(1 for r in wb6 if (r.get("indic_is"), r.get("unit")) not in series)
    other_nace = sum(1 for r in wb6 if "nace_r2" in r and r["nace_r2"] != nace)
    lines = [
        f"# Reference rows not loaded as observations ({file_name})",
        "",
        f"The file is Eurostat's API answer, unchanged: all {len(rows)} rows are read and kept in the warehouse "
        "table `eurostat_sdmx` with their codes and flags. Rows that do not become observations, and why:",
        "",
        f"- {empty} rows have no value (empty or ':' in OBS_VALUE): loaded with status `not_assessed` "
        "(`not_applicable` with flag z), never 0.",
        f"- {ref_rows} rows are {', '.join(sorted(refs))}: loaded as reference lines (`reference_values`), "
        "never as an economy.",
        f"- {other_series} rows of the six economies are series (indic_is, unit) the sidecar does not list: "
        "kept in `eurostat_sdmx` only, not catalog indicators.",
    ]
    if other_nace:
        lines.append(f"- {other_nace} rows are of another economic activity than {nace}: kept in `eurostat_sdmx` only.")
    if flags:
        lines.append(
            "- Eurostat's flags are kept (the `flag` of each value and its note): "
            + ", ".join(f"{n} x {ch} ({FLAGS.get(ch, 'unknown')})" for ch, n in sorted(flags.items()))
            + ". Values flagged u (low reliability) are shown but not ranked; c (confidential) rows are suppressed."
        )
    else:
        lines.append("- No row carries a Eurostat flag in this answer.")
    return "\n".join(lines) + "\n"


def fetch_all(base: str | None = None, datasets: tuple[str, ...] = tuple(DATASETS), fetch=download) -> list[Fetched]:
    """Every dataset's answer, checked; raises FetchFailed (with every failure) before anything is written."""
    got, errors = [], []
    for ds in datasets:
        url = query_url(ds, base)
        try:
            got.append(parse_response(ds, url, fetch(url)))
        except Offline as err:
            errors.append(str(err))
            break
        except FetchFailed as err:
            errors.append(str(err))
    if errors:
        raise FetchFailed("; ".join(errors))
    return got


def write_fetched(root: Path, fetched: list[Fetched], today: date) -> tuple[list[Path], list[Problem]]:
    """Write every answer, sidecar and EXCLUDED.md, then check the folders; on a problem put the old files
    back. Returns (folders, problems)."""
    folders = [folder_of(root, f.dataset) for f in fetched]
    backup: dict[Path, bytes | None] = {}
    try:
        for got, folder in zip(fetched, folders):
            sidecar = folder / "source.yaml"
            meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
            data_file = folder / meta["files"][0]
            new_meta = updated_sidecar(meta, got, today)
            outputs = {
                data_file: got.text.encode("utf-8"),
                sidecar: yaml.safe_dump(new_meta, sort_keys=False, allow_unicode=True, width=100).encode("utf-8"),
                folder / "EXCLUDED.md": excluded_text(data_file.name, new_meta, got.rows).encode("utf-8"),
            }
            for path, data in outputs.items():
                backup.setdefault(path, path.read_bytes() if path.exists() else None)
                _write_atomic(path, data)
        _, problems = check(folders, root=root)
    except BaseException:
        _restore(backup)
        raise
    if problems:
        _restore(backup)
    return folders, problems


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.fetch-tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _restore(backup: dict[Path, bytes | None]) -> None:
    for path, data in backup.items():
        if data is None:
            path.unlink(missing_ok=True)
        else:
            _write_atomic(path, data)


def today_utc() -> date:
    return datetime.now(UTC).date()


def fetch_eurostat(root: Path, out, err, today: date | None = None, fetch=download) -> int:
    """The command: 0 written and checked; 1 nothing written (offline, HTTP error, empty answer);
    2 the written files failed the check (the old ones are back)."""
    today = today or today_utc()
    missing = [ds for ds in DATASETS if not (folder_of(root, ds) / "source.yaml").is_file()]
    if missing:
        print(f"error: no dataset folder for {', '.join(missing)} under {Path(root) / 'raw'}", file=err)
        return 1
    try:
        fetched = fetch_all(fetch=fetch)
    except FetchFailed as failure:
        print(f"error: {failure}. Nothing was written; data/raw is unchanged.", file=err)
        return 1
    folders, problems = write_fetched(root, fetched, today)
    if problems:
        print(f"{len(problems)} problem(s) in the fetched files; the previous files were put back:", file=err)
        for p in problems:
            print(f"  {p}", file=err)
        return 2
    for got, folder in zip(fetched, folders):
        flagged = sum(1 for r in got.rows if (r.get("OBS_FLAG") or "").strip())
        print(f"{got.dataset}: {len(got.rows)} rows ({flagged} flagged) -> {folder} from {got.url}", file=out)
    print("OK: checked; run `python -m etl build` to load them (values from the API are `verified`).", file=out)
    return 0
