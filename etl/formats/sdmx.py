"""Formats ``eurostat_sdmx_csv`` (Eurostat SDMX-CSV downloads, unchanged) and ``reference_values_csv``.

``eurostat_sdmx_csv`` reads a file exactly as Eurostat's data browser or API gives it in SDMX-CSV 1.0
with codes, for the ICT-usage security datasets (``isoc_cisci_sp20``, ``isoc_cisci_prv20``, ...)::

    DATAFLOW,LAST UPDATE,freq,ind_type,indic_is,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG[,CONF_STATUS]
    ESTAT:ISOC_CISCI_SP20(1.0),25/03/25 23:00:00,A,IND_TOTAL,I_..,PC_IND,RS,2023,51.2,

Decisions (documented in docs/views.md, "Cyber hygiene and inclusion"):

- ``geo``: AL, BA, ME, MK, RS and XK become ALB, BIH, MNE, MKD, SRB and XKX (Kosovo* is XK at
  Eurostat). EU aggregates listed in the sidecar's ``reference_geos`` (default EU27_2020) are kept as
  *reference rows* in the ``reference_values`` table (a benchmark line, never an economy). Other valid
  Eurostat geo codes (member states, EFTA, other candidates, other aggregates) are counted and ignored.
  Any other code is an error: it usually means a shifted column or a hand edit.
- ``OBS_FLAG`` letters are carried into ``status`` and ``note``: ``c`` (confidential; also
  ``CONF_STATUS`` C/N/D) becomes *suppressed* and any value is dropped; an empty or ``:`` value
  becomes *not_assessed* ("not available in the Eurostat download"), or *not_applicable* with ``z``;
  other flags (b break in series, d definition differs, e estimated, f forecast, n not significant,
  p provisional, r revised, s Eurostat estimate, u low reliability) keep the value and are spelled out
  in the note. Missing is never 0.
- ``ind_type`` gives sex and group: IND_TOTAL = total/all; a ``F_``/``M_`` prefix = female/male for
  every breakdown (``F_Y16_74`` women 16-74 = female/all, ``M_I0_2`` men with at most lower secondary
  education = male/i0_2); ``Y16_24`` etc. = an age band; any other breakdown keeps its code (without
  the sex prefix) as the group. A sidecar ``ind_types`` mapping overrides this.
- Only series listed in the sidecar's ``series`` (``indicator_id``, ``indic_is``, ``unit``) become
  observations, because an indicator must be in the catalog; every WB6 and reference row is also kept
  as it came in the ``eurostat_sdmx`` table, with its flags. A series may name one ``ind_type`` (or,
  in the enterprise layout, one ``size_emp``): then only that breakdown feeds the indicator, and with
  ``as_total: true`` its rows are stored as the indicator's whole population (sex total, group all),
  e.g. "women 16-74 who managed access to personal data" as an indicator of its own.
- Two layouts (sidecar ``layout``, detected from the header when absent): ``individuals``
  (``ind_type``) and ``enterprises`` (``size_emp`` and ``nace_r2`` instead of ``ind_type``). In the
  enterprise layout size class GE10 (10+ persons employed) is the headline (group ``all``); other
  classes become groups ``size_10_49``, ``size_50_249``, ``size_ge250``, ``size_10_249``. Only the
  sidecar's ``nace_r2`` activity (default C10-S951_X_K, all enterprises without the financial sector)
  feeds observations; rows of other activities stay in the ``eurostat_sdmx`` table only.
- Sidecar ``flags_available: false`` says the copy lost Eurostat's flags: every row's note then says
  so (flags such as u low reliability or b break in series cannot be shown). Sidecar ``anomalies``
  (a list of ``geo``, ``period``, optional ``indic_is`` list and ``note``) adds a known anomaly to the
  note of the matching rows, so it is shown, never silently carried. Sidecar ``codelists`` names a
  ``dimension,code,label_en`` file whose labels land in the ``eurostat_labels`` table.

``reference_values_csv`` holds real regional or multi-economy figures (for example the UN Women
13-country average) that belong to no single economy: each row keeps its own source and confidence
and lands in ``reference_values``, never in ``observations``.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from indicators.method.scoring import normalise
from indicators.model.catalog import Catalog
from indicators.model.economies import normalise_code

from ..contracts import (
    VALID_CONFIDENCE,
    Problem,
    check_header,
    check_provenance,
    parse_number,
    parse_year,
    read_csv,
    require_columns,
)
from ..extract import OBSERVATION_COLUMNS, SIDECAR, Extracted, data_files, register_adapter, rel, source_rows

SDMX_FORMAT = "eurostat_sdmx_csv"
REFERENCE_FORMAT = "reference_values_csv"
SDMX_COMMON = ("DATAFLOW", "LAST UPDATE", "freq", "indic_is", "unit", "geo", "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG")
LAYOUTS = {"individuals": ("ind_type",), "enterprises": ("size_emp", "nace_r2")}
SDMX_REQUIRED = (
    "DATAFLOW",
    "LAST UPDATE",
    "freq",
    "ind_type",
    "indic_is",
    "unit",
    "geo",
    "TIME_PERIOD",
    "OBS_VALUE",
    "OBS_FLAG",
)
# control characters other than tab and newline, marked 1 by bytes.translate (one C pass, no regular expression)
_CONTROL = bytes(1 if b < 32 and b not in (9, 10) else 0 for b in range(256))
HEADLINE_NACE = "C10-S951_X_K"
HEADLINE_SIZE = "GE10"
FLAGS_LOST_NOTE = (
    "Eurostat's flags are not available for this row (the copy lost them): low reliability (u) "
    "or a break in series (b) cannot be shown."
)
WB6_GEO = {"AL": "ALB", "BA": "BIH", "ME": "MNE", "MK": "MKD", "RS": "SRB", "XK": "XKX"}
# Valid Eurostat geo codes that are not WB6 economies (ignored unless listed as reference geos).
EU_MEMBERS = (
    "AT",
    "BE",
    "BG",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "EL",
    "ES",
    "FI",
    "FR",
    "HR",
    "HU",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
)
OTHER_COUNTRIES = ("UK", "IS", "LI", "NO", "CH", "TR", "UA", "MD", "GE", "AM", "AZ", "BY")
AGGREGATES = ("EU27_2020", "EU28", "EU27_2007", "EU15", "EA", "EA19", "EA20", "EA21", "EFTA", "EEA")
AGGREGATE_LABELS = {
    "EU27_2020": "European Union (27 countries, from 2020)",
    "EU28": "European Union (28 countries, 2013-2020)",
    "EA20": "Euro area (20 countries)",
}
KNOWN_GEO = set(WB6_GEO) | set(EU_MEMBERS) | set(OTHER_COUNTRIES) | set(AGGREGATES)
FLAGS = {
    "b": "break in time series",
    "c": "confidential",
    "d": "definition differs",
    "e": "estimated",
    "f": "forecast",
    "n": "not significant",
    "p": "provisional",
    "r": "revised",
    "s": "Eurostat estimate",
    "u": "low reliability",
    "z": "not applicable",
}
CONFIDENTIAL_CONF_STATUS = ("C", "D", "N")
AGE = re.compile(r"^(?:(?P<sex>[FM])_)?Y(?P<lo>\d{2})_(?P<hi>\d{2}|MAX)$")
RAW_COLUMNS = [
    "dataset",
    "dataflow",
    "last_update",
    "freq",
    "ind_type",
    "size_emp",
    "nace_r2",
    "indic_is",
    "unit",
    "geo",
    "economy",
    "period",
    "value",
    "flags",
    "status",
    "indicator_id",
    "sex",
    "group",
    "note",
    "line",
]
FAST_PATH = True  # read clean files with DuckDB (tests turn it off to compare with the row-by-row reader)
NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
REFERENCE_COLUMNS = [
    "dataset",
    "area",
    "area_label",
    "indicator_id",
    "label",
    "period",
    "value",
    "unit",
    "population",
    "status",
    "flags",
    "confidence",
    "source_id",
    "note",
]


def ind_type_breakdown(code: str, overrides: dict | None = None) -> tuple[str, str]:
    """(sex, group) for an ind_type code: IND_TOTAL -> total/all, F_Y16_74 -> female/all, Y16_24 -> total/age_16_24."""
    if overrides and code in overrides:
        spec = overrides[code] or {}
        return spec.get("sex", "total"), spec.get("group", "all")
    sex, rest = "total", code
    if code[:2] in ("F_", "M_"):  # women or men of any breakdown: F_Y16_74, M_Y25_54, F_I0_2, M_I5_8_75_89
        sex, rest = ("female" if code[0] == "F" else "male"), code[2:]
    if rest == "IND_TOTAL":
        return sex, "all"
    m = AGE.match(rest)
    if m:
        band = (m.group("lo"), m.group("hi"))
        group = "all" if band == ("16", "74") else ("age_" + band[0] + ("plus" if band[1] == "MAX" else "_" + band[1]))
        return sex, group
    return sex, rest.lower()


def size_breakdown(code: str) -> tuple[str, str]:
    """(sex, group) for an enterprise size class: GE10 -> total/all, 10-49 -> total/size_10_49."""
    if code == HEADLINE_SIZE:
        return "total", "all"
    return "total", "size_" + code.lower().replace("-", "_")


def detect_layout(header: list[str], declared: str | None) -> str | None:
    if declared:
        return declared if declared in LAYOUTS else None
    for name, cols in LAYOUTS.items():
        if all(c in header for c in cols):
            return name
    return "individuals"


@lru_cache(maxsize=256)
def _flags_cached(text: str) -> tuple[str, tuple[str, ...]]:
    letters = [ch for ch in (text or "").strip().lower() if not ch.isspace() and ch != ":"]
    return "".join(dict.fromkeys(letters)), tuple(ch for ch in letters if ch not in FLAGS)


def parse_flags(text: str) -> tuple[str, list[str]]:
    """Normalised flag letters (e.g. 'bu') and the unknown ones."""
    letters = [ch for ch in (text or "").strip().lower() if not ch.isspace() and ch != ":"]
    return "".join(dict.fromkeys(letters)), [ch for ch in letters if ch not in FLAGS]


def flag_note(flags: str) -> str:
    return "; ".join(f"{ch} = {FLAGS[ch]}" for ch in flags)


def extract_sdmx(folder: Path, meta: dict, catalog: Catalog, root: Path, problems: list[Problem]) -> Extracted:
    out = Extracted(meta=meta, sources=source_rows(meta))
    sidecar = rel(folder / SIDECAR, root)
    source_ids = [s["source_id"] for s in out.sources]
    confidence = meta.get("confidence", "verified")
    if confidence not in VALID_CONFIDENCE:
        problems.append(
            Problem(
                sidecar, 0, "confidence", f"unknown confidence '{confidence}' (expected {', '.join(VALID_CONFIDENCE)})"
            )
        )
    series: dict[tuple[str, str], list[dict]] = {}
    declared_layout = meta.get("layout")
    if declared_layout is not None and declared_layout not in LAYOUTS:
        problems.append(
            Problem(sidecar, 0, "layout", f"unknown layout '{declared_layout}' (expected {', '.join(LAYOUTS)})")
        )
    flags_lost = meta.get("flags_available", True) is False
    anomalies = _anomalies(meta.get("anomalies") or [], sidecar, problems)
    nace = str(meta.get("nace_r2") or HEADLINE_NACE)
    for i, s in enumerate(meta.get("series") or []):
        where = f"series[{i}]"
        if not isinstance(s, dict) or not all(s.get(k) for k in ("indicator_id", "indic_is", "unit")):
            problems.append(Problem(sidecar, 0, where, "each series needs indicator_id, indic_is and unit"))
            continue
        if catalog.get(s["indicator_id"]) is None:
            problems.append(
                Problem(
                    sidecar,
                    0,
                    f"{where}.indicator_id",
                    f"indicator '{s['indicator_id']}' is not in the catalog (indicators/catalog/*.yaml)",
                )
            )
            continue
        if s.get("source_id", source_ids[0] if source_ids else None) not in source_ids:
            problems.append(Problem(sidecar, 0, f"{where}.source_id", "source is not listed in sources"))
            continue
        series.setdefault((s["indic_is"], s["unit"]), []).append(s)
    reference_geos = set(meta.get("reference_geos") or ["EU27_2020"])
    unknown_ref = reference_geos - KNOWN_GEO
    for geo in sorted(unknown_ref):
        problems.append(Problem(sidecar, 0, "reference_geos", f"unknown Eurostat geo code '{geo}'"))
    overrides = meta.get("ind_types") or {}
    raw_frames, obs_frames, ref_frames = [], [], []
    context = {
        "meta": meta,
        "catalog": catalog,
        "series": series,
        "reference_geos": reference_geos,
        "overrides": overrides,
        "declared_layout": declared_layout,
        "flags_lost": flags_lost,
        "anomalies": anomalies,
        "nace": nace,
        "confidence": confidence,
        "source_ids": source_ids,
    }
    for path, label in data_files(folder, meta, root, problems):
        fast = _read_fast(path, context) if FAST_PATH else None
        if fast is not None:  # a clean file, read and checked by DuckDB and columnar code
            out.input_rows[label], raw_df, obs_df, ref_df = fast
            raw_frames.append(raw_df)
            obs_frames.append(obs_df)
            ref_frames.append(ref_df)
            continue
        # Otherwise (something to report, or an unusual file), row by row: every problem with its line.
        raw_rows, obs_rows, ref_rows = [], [], []
        table = read_csv(path, label, problems)
        if table is None:
            continue
        layout = detect_layout(table.header, declared_layout)
        if layout is None or not require_columns(table, SDMX_COMMON + LAYOUTS[layout], label, problems):
            continue
        if not check_header(table.header, label, problems, SDMX_COMMON + LAYOUTS[layout] + ("CONF_STATUS",)):
            continue  # an unknown column is refused, never dropped
        enterprises = layout == "enterprises"
        breakdowns: dict[str, tuple[str, str]] = {}
        out.input_rows[label] = len(table.rows)
        seen: dict[tuple, int] = {}
        for line, r in table.rows:
            rec = _sdmx_row(r, line, label, reference_geos, problems)
            if rec is None or rec["kind"] == "ignored":
                continue
            if enterprises:
                breakdown = r["size_emp"]
                sex, group = size_breakdown(breakdown)
                headline_activity = r["nace_r2"] == nace
            else:
                breakdown = r["ind_type"]
                if breakdown not in breakdowns:
                    breakdowns[breakdown] = ind_type_breakdown(breakdown, overrides)
                sex, group = breakdowns[breakdown]
                headline_activity = True
            key = (r["DATAFLOW"], r["geo"], breakdown, r.get("nace_r2", ""), r["indic_is"], r["unit"], rec["period"])
            if key in seen:
                what = "size_emp, nace_r2" if enterprises else "ind_type"
                problems.append(
                    Problem(
                        label,
                        line,
                        "-",
                        f"duplicate row (dataflow, geo, {what}, indic_is, unit, "
                        f"TIME_PERIOD) already on row {seen[key]}",
                    )
                )
                continue
            seen[key] = line
            note = rec["note"]
            if flags_lost:
                note = (
                    note.replace("Eurostat SDMX-CSV download.", "Eurostat SDMX-CSV (a copy).") + " " + FLAGS_LOST_NOTE
                )
            if anomalies:
                for geo, period, codes, text in anomalies:
                    if geo == r["geo"] and period == rec["period"] and (not codes or r["indic_is"] in codes):
                        note += " Known anomaly: " + text
            specs = [
                sp
                for sp in series.get((r["indic_is"], r["unit"]), ())
                if headline_activity
                and (not sp.get("ind_type") or sp["ind_type"] == breakdown)
                and (not sp.get("size_emp") or sp["size_emp"] == breakdown)
            ]
            bad = False
            for spec in specs:
                ind = catalog.get(spec["indicator_id"])
                if rec["value"] is not None and not ind.min <= rec["value"] <= ind.max:
                    problems.append(
                        Problem(
                            label,
                            line,
                            "OBS_VALUE",
                            f"{rec['value']:g} is outside the declared scale {ind.min:g} to {ind.max:g} of {ind.id}",
                        )
                    )
                    bad = True
            if bad:
                continue
            main_spec = next((sp for sp in specs if not sp.get("ind_type") and not sp.get("size_emp")), None)
            raw_rows.append(
                {
                    "dataset": meta["dataset"],
                    "dataflow": r["DATAFLOW"],
                    "last_update": r["LAST UPDATE"],
                    "freq": r["freq"],
                    "ind_type": r.get("ind_type"),
                    "size_emp": r.get("size_emp"),
                    "nace_r2": r.get("nace_r2"),
                    "indic_is": r["indic_is"],
                    "unit": r["unit"],
                    "geo": r["geo"],
                    "economy": rec["economy"],
                    "period": rec["period"],
                    "value": rec["value"],
                    "flags": rec["flags"],
                    "status": rec["status"],
                    "indicator_id": main_spec["indicator_id"] if main_spec else None,
                    "sex": sex,
                    "group": group,
                    "note": note,
                    "line": line,
                }
            )
            for spec in specs:
                ind = catalog.get(spec["indicator_id"])
                src = spec.get("source_id") or source_ids[0]
                o_sex, o_group = ("total", "all") if spec.get("as_total") else (sex, group)
                if rec["kind"] == "economy":
                    obs_rows.append(
                        {
                            "economy": rec["economy"],
                            "indicator_id": ind.id,
                            "period": rec["period"],
                            "value": rec["value"],
                            "value_text": None,
                            "sex": o_sex,
                            "group": o_group,
                            "status": rec["status"],
                            "confidence": confidence,
                            "source_id": src,
                            "preferred": True,
                            "note": note,
                            "dataset": meta["dataset"],
                            "score": normalise(ind, rec["value"], None) if rec["status"] == "observed" else None,
                            "flag": rec["flags"] or None,
                        }
                    )
                elif o_sex == "total" and o_group == "all":
                    ref_rows.append(
                        {
                            "dataset": meta["dataset"],
                            "area": r["geo"],
                            "area_label": AGGREGATE_LABELS.get(r["geo"], r["geo"]),
                            "indicator_id": ind.id,
                            "label": ind.name,
                            "period": rec["period"],
                            "value": rec["value"],
                            "unit": ind.unit,
                            "population": breakdown,
                            "status": rec["status"],
                            "flags": rec["flags"],
                            "confidence": confidence,
                            "source_id": src,
                            "note": note,
                        }
                    )
        raw_frames.append(pd.DataFrame(raw_rows, columns=RAW_COLUMNS))
        obs_frames.append(pd.DataFrame(obs_rows, columns=OBSERVATION_COLUMNS))
        ref_frames.append(pd.DataFrame(ref_rows, columns=REFERENCE_COLUMNS))
    if meta.get("codelists"):
        path = folder / str(meta["codelists"])
        clabel = rel(path, root)
        if not path.exists():
            problems.append(Problem(sidecar, 0, "codelists", f"listed file '{meta['codelists']}' does not exist"))
        else:
            table = read_csv(path, clabel, problems, allowed=("dimension", "code", "label_en"))
            if table is not None and require_columns(table, ("dimension", "code", "label_en"), clabel, problems):
                out.input_rows[clabel] = len(table.rows)
                out.tables["eurostat_labels"] = pd.DataFrame(
                    [{"dimension": r["dimension"], "code": r["code"], "label": r["label_en"]} for _, r in table.rows]
                )
    out.observations = _concat([f for f in obs_frames if len(f)], OBSERVATION_COLUMNS)
    raw = _concat([f for f in raw_frames if len(f)], RAW_COLUMNS)
    if len(raw):
        out.tables["eurostat_sdmx"] = raw
    ref = _concat([f for f in ref_frames if len(f)], REFERENCE_COLUMNS)
    if len(ref):
        out.tables["reference_values"] = ref
    return out


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    if not frames:
        return pd.DataFrame(columns=columns)
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


_READER: list[duckdb.DuckDBPyConnection] = []  # one in-memory DuckDB for the process's SDMX reads
_READER_LOCK = threading.Lock()


def _reader() -> duckdb.DuckDBPyConnection:
    """A cursor on the process's in-memory DuckDB for reading SDMX files: a new database costs about 25 ms of
    CPU (three Eurostat folders: three), a cursor on an open one well under 1 ms. Closing it leaves the
    database open."""
    with _READER_LOCK:
        if not _READER:
            _READER.append(duckdb.connect(config={"threads": 1}))
        return _READER[0].cursor()


def _read_fast(path: Path, ctx: dict):
    """A clean SDMX-CSV file read by DuckDB (declared VARCHAR columns, no type guessing) and checked
    column-wise: (rows read, eurostat_sdmx rows, observations, reference rows), or None when the file
    needs the row-by-row reader: anything to report (a bad geo, year, number or flag, a duplicate, a
    value off the scale, a malformed or unusual file: quotes, blank lines, padded cells, a BOM). The
    row-by-row reader then gives every problem with its line, so the messages are the same either way.
    Each check runs on a column's distinct values (a few hundred), not on every row.
    """
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if not data.strip() or data.startswith(b"\xef\xbb\xbf") or b'"' in data or b"\r" in data or b"\n\n" in data:
        return None
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    header = data.split(b"\n", 1)[0].decode("utf-8").split(",")
    if lines < 2 or "" in header or len(set(header)) != len(header) or any("'" in h for h in header):
        return None
    layout = detect_layout(header, ctx["declared_layout"])
    if layout is None or not all(c in header for c in SDMX_COMMON + LAYOUTS[layout]):
        return None
    if any(h not in SDMX_COMMON + LAYOUTS[layout] + ("CONF_STATUS",) for h in header):
        return None  # an unknown column: the row-by-row reader refuses it with its name
    if b"\x01" in data.translate(_CONTROL):
        return None  # a control character (NUL, ...): reported with its line by the row-by-row reader
    columns = "{" + ", ".join(f"'{h}': 'VARCHAR'" for h in header) + "}"
    con = _reader()
    try:
        table = con.sql(
            "SELECT * FROM read_csv(?, header=true, delim=',', quote='\"', escape='\"', auto_detect=false, "
            f"strict_mode=true, null_padding=false, columns={columns})",
            params=[str(path)],
        ).to_arrow_table()
    except duckdb.Error:  # ragged or malformed rows: reported, with their lines, by the row-by-row reader
        return None
    finally:
        con.close()
    n = lines - 1
    if table.num_rows != n:
        return None
    # Per column: codes into its distinct values (Arrow's dictionary encoding, no Python object per row), so
    # every check and mapping runs once per distinct value. An empty cell (NULL) is "", as the row-by-row
    # reader has it.
    codes, distinct = {}, {}
    for h in header:
        encoded = table.column(h).combine_chunks().dictionary_encode(null_encoding="encode")
        values = encoded.dictionary.fill_null("")
        if pc.count_distinct(values).as_py() != len(values):
            return None  # both an empty cell and "" (quoted): never in a clean file
        codes[h] = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        # the values (a few hundred at most, but thousands of numbers: those stay in Arrow, see _numbers)
        distinct[h] = values if h == "OBS_VALUE" else values.to_pylist()
    if any(v != v.strip() for h, values in distinct.items() if h != "OBS_VALUE" for v in values):
        return None  # padded cells: the row-by-row reader strips them (a padded number fails _numbers)
    meta, catalog, series = ctx["meta"], ctx["catalog"], ctx["series"]
    reference_geos = ctx["reference_geos"]
    # Every row is checked (also the ignored geos), exactly as the row-by-row reader does.
    kind_of = []
    for geo in distinct["geo"]:
        if geo in WB6_GEO:
            kind_of.append("economy")
        elif geo in reference_geos:
            kind_of.append("reference")
        elif geo in KNOWN_GEO:
            kind_of.append("ignored")
        else:
            return None
    year_of = []
    for t in distinct["TIME_PERIOD"]:
        if len(t) != 4 or not t.isascii() or not t.isdigit() or not 1990 <= int(t) <= 2100:
            return None
        year_of.append(int(t))
    flag_of = []
    for t in distinct["OBS_FLAG"]:
        flags_text, unknown = _flags_cached(t)
        if unknown:
            return None
        flag_of.append(flags_text)
    number = _numbers(distinct["OBS_VALUE"])
    if number is None:
        return None
    kind = np.array(kind_of, dtype=object)[codes["geo"]]
    keep = np.flatnonzero(kind != "ignored")
    kind = kind[keep]
    enterprises = layout == "enterprises"
    bcol = "size_emp" if enterprises else "ind_type"
    key_cols = ["DATAFLOW", "geo", bcol] + (["nace_r2"] if enterprises else []) + ["indic_is", "unit", "TIME_PERIOD"]
    if pd.DataFrame({c: codes[c][keep] for c in key_cols}).duplicated().any():
        return None  # duplicates: listed with the line they repeat by the row-by-row reader
    m = len(keep)
    geo_c, flag_c, bd_c = codes["geo"][keep], codes["OBS_FLAG"][keep], codes[bcol][keep]
    period = np.array(year_of, dtype=np.int64)[codes["TIME_PERIOD"][keep]]
    value = number[codes["OBS_VALUE"][keep]]
    confidential = np.array(["c" in f for f in flag_of], dtype=bool)[flag_c]
    if "CONF_STATUS" in codes:
        conf_of = np.array([t.strip().upper() in CONFIDENTIAL_CONF_STATUS for t in distinct["CONF_STATUS"]], dtype=bool)
        confidential |= conf_of[codes["CONF_STATUS"][keep]]
    has_z = np.array(["z" in f for f in flag_of], dtype=bool)[flag_c]
    missing = np.isnan(value)
    status_c = np.select([confidential, missing & has_z, missing], [0, 1, 2], 3)  # STATUS_NOTES order
    value = np.where(confidential, np.nan, value)
    # Notes: one text per (status, flags) pair, then the known anomalies appended to the rows they concern.
    pair = status_c * len(flag_of) + flag_c
    pair_codes, pair_values = pd.factorize(pair)
    notes = []
    for v in pair_values.tolist():
        st, f = STATUS_NOTES[v // len(flag_of)], flag_of[v % len(flag_of)]
        text = st[1]
        if f:
            text += f" Eurostat flags: {flag_note(f)}."
        if ctx["flags_lost"]:
            text = text.replace("Eurostat SDMX-CSV download.", "Eurostat SDMX-CSV (a copy).") + " " + FLAGS_LOST_NOTE
        notes.append(text)
    note_c = pair_codes.astype(np.int64)
    indic_c = codes["indic_is"][keep]
    for a_geo, a_year, a_codes, text in ctx["anomalies"]:
        hit = (period == a_year) & np.isin(geo_c, [i for i, g in enumerate(distinct["geo"]) if g == a_geo])
        if a_codes:
            hit &= np.isin(indic_c, [i for i, c in enumerate(distinct["indic_is"]) if c in a_codes])
        moved = {}
        for old in np.unique(note_c[hit]).tolist():
            moved[old] = len(notes)
            notes.append(notes[old] + " Known anomaly: " + text)
        if moved:
            remap = np.arange(len(notes), dtype=np.int64)
            for old, new_code in moved.items():
                remap[old] = new_code
            note_c[hit] = remap[note_c[hit]]
    sexgroup = [size_breakdown(b) if enterprises else ind_type_breakdown(b, ctx["overrides"]) for b in distinct[bcol]]
    sexes = sorted({sg[0] for sg in sexgroup} | {"total"})
    groups = sorted({sg[1] for sg in sexgroup} | {"all"})
    sex_c = np.array([sexes.index(sg[0]) for sg in sexgroup], dtype=np.int64)[bd_c]
    group_c = np.array([groups.index(sg[1]) for sg in sexgroup], dtype=np.int64)[bd_c]
    headline = (
        (np.array(distinct["nace_r2"], dtype=object) == ctx["nace"])[codes["nace_r2"][keep]]
        if enterprises
        else np.ones(m, dtype=bool)
    )
    # Series: which rows feed which indicator (in the sidecar's order), values within each scale.
    pair_of = {}
    unit_c = codes["unit"][keep]
    for (ic, uc), rows in pd.DataFrame({"i": indic_c, "u": unit_c}).groupby(["i", "u"], sort=False).indices.items():
        pair_of[(distinct["indic_is"][ic], distinct["unit"][uc])] = rows
    ind_ids: list = [None]
    main_c = np.zeros(m, dtype=np.int64)
    picked = []  # (row positions, spec, indicator), in the sidecar's order
    for key, specs in series.items():
        rows = pair_of.get(key)
        if rows is None:
            continue
        rows = rows[headline[rows]]
        main_spec = next((sp for sp in specs if not sp.get("ind_type") and not sp.get("size_emp")), None)
        if main_spec is not None:
            ind_ids.append(main_spec["indicator_id"])
            main_c[rows] = len(ind_ids) - 1
        for spec in specs:
            sel = rows
            want = spec.get("ind_type") or spec.get("size_emp")
            if want:
                sel = sel[np.isin(bd_c[sel], [i for i, b in enumerate(distinct[bcol]) if b == want])]
            ind = catalog.get(spec["indicator_id"])
            v = value[sel]
            if ((v < ind.min) | (v > ind.max)).any():
                return None  # off the scale: reported with its line by the row-by-row reader
            picked.append((sel, spec, ind))
    ds = meta["dataset"]
    line = keep.astype(np.int64) + 2
    geo_lk = _lookup(distinct["geo"])
    eco_lk = _lookup([WB6_GEO.get(g) for g in distinct["geo"]])
    status_lk = _lookup([st for st, _t in STATUS_NOTES])
    sex_lk, group_lk, note_lk = _lookup(sexes), _lookup(groups), _lookup(notes)
    flags_lk = _lookup(flag_of)
    const = np.zeros(m, dtype=np.int64)

    def column(name: str):
        return _lookup(distinct[name]).take(codes[name][keep]) if name in codes else [None] * m

    raw = pd.DataFrame(
        {
            "dataset": _lookup([ds]).take(const),
            "dataflow": column("DATAFLOW"),
            "last_update": column("LAST UPDATE"),
            "freq": column("freq"),
            "ind_type": column("ind_type"),
            "size_emp": column("size_emp"),
            "nace_r2": column("nace_r2"),
            "indic_is": column("indic_is"),
            "unit": column("unit"),
            "geo": geo_lk.take(geo_c),
            "economy": eco_lk.take(geo_c),
            "period": period,
            "value": value,
            "flags": flags_lk.take(flag_c),
            "status": status_lk.take(status_c),
            "indicator_id": _lookup(ind_ids).take(main_c) if len(ind_ids) > 1 else [None] * m,
            "sex": sex_lk.take(sex_c),
            "group": group_lk.take(group_c),
            "note": note_lk.take(note_c),
            "line": line,
        },
        columns=RAW_COLUMNS,
    )
    confidence, first_source = ctx["confidence"], (ctx["source_ids"] or [None])[0]
    # One (row, series) pair per observation or reference row, ordered as the row-by-row reader appends
    # them: by file line, then by the sidecar's series order.
    empty = np.array([], dtype=np.int64)
    pos = np.concatenate([sel for sel, _spec, _ind in picked] or [empty]).astype(np.int64)
    which = np.concatenate([np.full(len(sel), k, dtype=np.int64) for k, (sel, _s, _i) in enumerate(picked)] or [empty])
    ordered = np.lexsort((which, pos))
    pos, which = pos[ordered], which[ordered]
    inds = [ind for _sel, _spec, ind in picked]
    totals = np.array([bool(spec.get("as_total")) for _sel, spec, _ind in picked] + [False])[which]
    o_sex_c = np.where(totals, sexes.index("total"), sex_c[pos])
    o_group_c = np.where(totals, groups.index("all"), group_c[pos])
    spec_id_lk = _lookup([ind.id for ind in inds] or [None])
    src_lk = _lookup([spec.get("source_id") or first_source for _sel, spec, _ind in picked] or [None])
    eco = kind[pos] == "economy"
    e_pos, e_which = pos[eco], which[eco]
    e_value, e_status = value[e_pos], status_c[e_pos]
    ek = np.zeros(len(e_pos), dtype=np.int64)
    observed = e_status == 3
    obs_out = pd.DataFrame(
        {
            "economy": eco_lk.take(geo_c[e_pos]),
            "indicator_id": spec_id_lk.take(e_which),
            "period": period[e_pos],
            "value": e_value,
            "value_text": [None] * len(e_pos),
            "sex": sex_lk.take(o_sex_c[eco]),
            "group": group_lk.take(o_group_c[eco]),
            "status": status_lk.take(e_status),
            "confidence": _lookup([confidence]).take(ek),
            "source_id": src_lk.take(e_which),
            "preferred": np.ones(len(e_pos), dtype=bool),
            "note": note_lk.take(note_c[e_pos]),
            "dataset": _lookup([ds]).take(ek),
            "score": _scores(inds, e_which, e_value, observed),
            # as the row-by-row reader has it: text, or None where a row has no flag (all None: object)
            "flag": _lookup([f or None for f in flag_of]).take(flag_c[e_pos])
            if any(flag_of[c] for c in np.unique(flag_c[e_pos]).tolist())
            else [None] * len(e_pos),
        }
    ).reindex(columns=OBSERVATION_COLUMNS)
    ref = (kind[pos] == "reference") & (o_sex_c == sexes.index("total")) & (o_group_c == groups.index("all"))
    r_pos, r_which = pos[ref], which[ref]
    rk = np.zeros(len(r_pos), dtype=np.int64)
    ref_out = pd.DataFrame(
        {
            "dataset": _lookup([ds]).take(rk),
            "area": geo_lk.take(geo_c[r_pos]),
            "area_label": _lookup([AGGREGATE_LABELS.get(g, g) for g in distinct["geo"]]).take(geo_c[r_pos]),
            "indicator_id": spec_id_lk.take(r_which),
            "label": _lookup([ind.name for ind in inds] or [None]).take(r_which),
            "period": period[r_pos],
            "value": value[r_pos],
            "unit": _lookup([ind.unit for ind in inds] or [None]).take(r_which),
            "population": _lookup(distinct[bcol]).take(bd_c[r_pos]),
            "status": status_lk.take(status_c[r_pos]),
            "flags": flags_lk.take(flag_c[r_pos]),
            "confidence": _lookup([confidence]).take(rk),
            "source_id": src_lk.take(r_which),
            "note": note_lk.take(note_c[r_pos]),
        },
        columns=REFERENCE_COLUMNS,
    )
    return n, raw, obs_out, ref_out


def _scores(inds: list, which: np.ndarray, value: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """``indicators.method.scoring.normalise(inds[which[i]], value[i], None)`` for every observed row (NaN
    elsewhere), value for value: the same float operations in the same order, and Python's ``round(x, 4)``
    wherever numpy's rounding could differ from it (within 1e-6 of a half at the fourth decimal)."""
    out = np.full(len(value), np.nan)
    for k, ind in enumerate(inds):
        sel = np.flatnonzero((which == k) & observed & ~np.isnan(value))
        if not len(sel):
            continue
        if ind.is_categorical:  # not a Eurostat series (the catalog gives them scales): one by one
            out[sel] = [np.nan if (s := normalise(ind, v, None)) is None else s for v in value[sel].tolist()]
            continue
        share = (value[sel] - ind.min) / (ind.max - ind.min)
        share = np.minimum(np.maximum(share, 0.0), 1.0)
        scaled = 100.0 * (1.0 - share if ind.direction == "lower_is_better" else share)
        shifted = scaled * 1e4
        near_half = np.abs(shifted - np.floor(shifted) - 0.5) < 1e-6
        scores = np.rint(shifted) / 1e4
        scores[near_half] = [round(x, 4) for x in scaled[near_half].tolist()]
        out[sel] = scores
    return out


def _numbers(texts: pa.Array) -> np.ndarray | None:
    """The number of each distinct ``OBS_VALUE`` text (NaN for "" and ":"), parsed by Arrow, or None when
    one is not a plain finite decimal number (the row-by-row reader then reports it with its line). Arrow's
    parse is correctly rounded, as Python's ``float`` is: the same doubles."""
    missing = pc.is_in(texts, value_set=pa.array(["", ":"])).to_numpy(zero_copy_only=False)
    plain = pc.match_substring_regex(texts, NUMBER.pattern).to_numpy(zero_copy_only=False)  # RE2: its \d is ASCII only
    if not (plain | missing).all():
        return None
    try:
        number = pc.cast(pc.if_else(pa.array(missing), "0", texts), pa.float64()).to_numpy(zero_copy_only=False)
    except pa.ArrowInvalid:
        return None
    if not np.isfinite(number).all():
        return None
    number = number.copy()
    number[missing] = np.nan
    return number


STATUS_NOTES = (  # (status, note) in the order the columnar reader codes them
    ("suppressed", "Confidential in the Eurostat download (flag c): suppressed, not shown."),
    ("not_applicable", "Not applicable (Eurostat flag z)."),
    ("not_assessed", "Not available in the Eurostat download (':'): not assessed, not zero."),
    ("observed", "Eurostat SDMX-CSV download."),
)


def _lookup(values: list):
    """A small pandas text array to ``take`` from with row codes (no Python object per row)."""
    return pd.array(values, dtype="str")


def _anomalies(entries, sidecar: str, problems: list[Problem]) -> list[tuple[str, int, tuple, str]]:
    out = []
    for i, a in enumerate(entries):
        if not isinstance(a, dict) or not a.get("geo") or not a.get("note") or not str(a.get("period", "")).isdigit():
            problems.append(Problem(sidecar, 0, f"anomalies[{i}]", "each anomaly needs geo, period (a year) and note"))
            continue
        codes = a.get("indic_is") or ()
        out.append(
            (
                str(a["geo"]),
                int(a["period"]),
                tuple([codes] if isinstance(codes, str) else codes),
                str(a["note"]).strip(),
            )
        )
    return out


def _sdmx_row(r: dict, line: int, label: str, reference_geos: set[str], problems: list[Problem]) -> dict | None:
    before = len(problems)
    geo = r["geo"].strip()
    if geo in WB6_GEO:
        kind, economy = "economy", normalise_code(geo)
    elif geo in reference_geos:
        kind, economy = "reference", None
    elif geo in KNOWN_GEO:
        kind, economy = "ignored", None
    else:
        problems.append(
            Problem(
                label,
                line,
                "geo",
                f"unknown geo code '{geo}' (WB6: {', '.join(WB6_GEO)}; "
                "EU members, EFTA, candidates and EU aggregates are also "
                "accepted)",
            )
        )
        return None
    period = parse_year(r["TIME_PERIOD"], label, line, "TIME_PERIOD", problems)
    flags, unknown = _flags_cached(r["OBS_FLAG"])
    for ch in unknown:
        problems.append(Problem(label, line, "OBS_FLAG", f"unknown Eurostat flag '{ch}' (known: {', '.join(FLAGS)})"))
    text = r["OBS_VALUE"].strip()
    value = None if text in ("", ":") else parse_number(text, label, line, "OBS_VALUE", problems)
    if len(problems) > before:
        return None
    confidential = "c" in flags or (r.get("CONF_STATUS") or "").strip().upper() in CONFIDENTIAL_CONF_STATUS
    if confidential:
        status, value = "suppressed", None
        note = "Confidential in the Eurostat download (flag c): suppressed, not shown."
    elif value is None:
        status = "not_applicable" if "z" in flags else "not_assessed"
        note = (
            "Not applicable (Eurostat flag z)."
            if status == "not_applicable"
            else "Not available in the Eurostat download (':'): not assessed, not zero."
        )
    else:
        status = "observed"
        note = "Eurostat SDMX-CSV download."
    if flags:
        note += f" Eurostat flags: {flag_note(flags)}."
    return {
        "kind": kind,
        "economy": economy,
        "period": period,
        "value": value,
        "status": status,
        "flags": flags,
        "note": note,
    }


REFERENCE_REQUIRED = (
    "area",
    "area_label",
    "indicator_id",
    "label",
    "period",
    "value",
    "unit",
    "population",
    "confidence",
    "source_id",
    "note",
)


def extract_reference_values(
    folder: Path, meta: dict, catalog: Catalog, root: Path, problems: list[Problem]
) -> Extracted:
    """Real figures that belong to no single economy (regional averages), each with source and confidence."""
    out = Extracted(meta=meta, sources=source_rows(meta))
    known_sources = {s["source_id"] for s in out.sources}
    rows = []
    for path, label in data_files(folder, meta, root, problems):
        table = read_csv(path, label, problems, allowed=REFERENCE_REQUIRED)
        if table is None or not require_columns(table, REFERENCE_REQUIRED, label, problems):
            continue
        out.input_rows[label] = len(table.rows)
        seen: dict[tuple, int] = {}
        for line, r in table.rows:
            before = len(problems)
            period = parse_year(r["period"], label, line, "period", problems)
            value = parse_number(r["value"], label, line, "value", problems)
            if value is None and r["value"] == "":
                problems.append(
                    Problem(
                        label, line, "value", "a reference row needs a value (rows without one stay in EXCLUDED.md)"
                    )
                )
            if normalise_code(r["area"]) is not None:
                problems.append(
                    Problem(
                        label, line, "area", f"'{r['area']}' is an economy: put economy values in an observations file"
                    )
                )
            if r["indicator_id"] and catalog.get(r["indicator_id"]) is None:
                problems.append(
                    Problem(
                        label,
                        line,
                        "indicator_id",
                        f"indicator '{r['indicator_id']}' is not in the catalog (indicators/catalog/*.yaml)",
                    )
                )
            check_provenance(r, known_sources, label, line, problems)
            key = (r["area"], r["indicator_id"] or r["label"], period)
            if key in seen:
                problems.append(
                    Problem(
                        label, line, "-", f"duplicate (area, indicator or label, period) already on row {seen[key]}"
                    )
                )
            seen[key] = line
            if len(problems) > before:
                continue
            rows.append(
                {
                    "dataset": meta["dataset"],
                    "area": r["area"],
                    "area_label": r["area_label"],
                    "indicator_id": r["indicator_id"] or None,
                    "label": r["label"],
                    "period": period,
                    "value": value,
                    "unit": r["unit"],
                    "population": r["population"],
                    "status": "observed",
                    "flags": "",
                    "confidence": r["confidence"],
                    "source_id": r["source_id"],
                    "note": r["note"],
                }
            )
    if rows:
        out.tables["reference_values"] = pd.DataFrame(rows, columns=REFERENCE_COLUMNS)
    return out


register_adapter(SDMX_FORMAT, extract_sdmx)
register_adapter(REFERENCE_FORMAT, extract_reference_values)
