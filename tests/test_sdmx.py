"""Eurostat SDMX-CSV downloads through the ETL: geo codes, flags into status and notes, reference rows,
and every bad input reported as file:row:column with exit 2; the enterprise layout (size_emp, nace_r2),
per-breakdown series, lost flags and known anomalies. The fixture files are made here, with made-up
values (the real Eurostat copy in data/raw is not read by these tests)."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import yaml

from etl.build import build, check
from etl.cli import main
from etl.formats.sdmx import ind_type_breakdown, parse_flags
from indicators.model.warehouse import Warehouse

LINE = re.compile(r"^  (?P<file>[^:]+):(?P<row>\d+):(?P<col>[^:]+): (?P<rule>.+)$")
HEADER = "DATAFLOW,LAST UPDATE,freq,ind_type,indic_is,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS"
FLOW = "ESTAT:ISOC_CISCI_PRV20(1.0),25/03/25 23:00:00,A"
IND = "eurostat_2019_security_concern_personal_info"  # an existing catalog indicator (0-100 %)
# Test values only (made up for the adapter test, never shipped as data).
ROWS = [
    f"{FLOW},IND_TOTAL,I_TEST1,PC_IND,RS,2023,51.2,,",  # line 2: SRB observed
    f"{FLOW},F_Y16_74,I_TEST1,PC_IND,RS,2023,48.5,u,",  # line 3: women, low reliability
    f"{FLOW},M_Y16_74,I_TEST1,PC_IND,RS,2023,54,,",  # line 4: men
    f"{FLOW},Y16_24,I_TEST1,PC_IND,RS,2023,60.1,b,",  # line 5: age band, break in series
    f"{FLOW},IND_TOTAL,I_TEST1,PC_IND,ME,2023,,c,",  # line 6: confidential
    f"{FLOW},IND_TOTAL,I_TEST1,PC_IND,AL,2023,:,,",  # line 7: not available
    f"{FLOW},IND_TOTAL,I_TEST1,PC_IND,XK,2023,33.3,e p,",  # line 8: Kosovo*, estimated + provisional
    f"{FLOW},IND_TOTAL,I_TEST1,PC_IND,MK,2023,41,,C",  # line 9: CONF_STATUS C with a value
    f"{FLOW},IND_TOTAL,I_TEST1,PC_IND,BA,2023,,z,",  # line 10: not applicable
    f"{FLOW},IND_TOTAL,I_TEST1,PC_IND,EU27_2020,2023,45.6,,",  # line 11: EU reference row
    f"{FLOW},IND_TOTAL,I_TEST1,PC_IND,DE,2023,50,,",  # line 12: other country, ignored
    f"{FLOW},IND_TOTAL,I_OTHER,PC_IND,RS,2023,12,,",  # line 13: series not mapped
]


def write_sdmx(data_dir, rows=ROWS, header=HEADER, sidecar=None):
    folder = data_dir / "raw" / "eurostat_prv"
    folder.mkdir(parents=True, exist_ok=True)
    meta = {
        "dataset": "eurostat_prv",
        "title": "Eurostat isoc_cisci_prv20 (test download)",
        "publisher": "Eurostat",
        "url": "https://ec.europa.eu/eurostat/databrowser/view/isoc_cisci_prv20/default/table",
        "licence": "CC BY 4.0",
        "as_of": "2025-03-25",
        "format": "eurostat_sdmx_csv",
        "files": ["isoc_cisci_prv20.csv"],
        "confidence": "verified",
        "sources": [
            {
                "id": "eurostat_prv.s01",
                "title": "Eurostat isoc_cisci_prv20",
                "url": "https://ec.europa.eu/eurostat/databrowser/view/isoc_cisci_prv20/default/table",
            }
        ],
        "series": [{"indicator_id": IND, "indic_is": "I_TEST1", "unit": "PC_IND"}],
    }
    meta.update(sidecar or {})
    (folder / "source.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    (folder / "isoc_cisci_prv20.csv").write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return folder


def run_check(data_dir, capsys):
    code = main(["--data-dir", str(data_dir), "check", str(data_dir / "raw")])
    err = capsys.readouterr().err
    return code, [LINE.match(x).groupdict() for x in err.splitlines() if LINE.match(x)]


def test_flags_and_breakdowns():
    assert parse_flags("e p") == ("ep", [])
    assert parse_flags("bu") == ("bu", [])
    assert parse_flags(":") == ("", [])
    assert parse_flags("x") == ("x", ["x"])
    assert ind_type_breakdown("IND_TOTAL") == ("total", "all")
    assert ind_type_breakdown("F_Y16_74") == ("female", "all")
    assert ind_type_breakdown("M_Y25_54") == ("male", "age_25_54")
    assert ind_type_breakdown("Y75_MAX") == ("total", "age_75plus")
    assert ind_type_breakdown("IND_DISAB") == ("total", "ind_disab")
    assert ind_type_breakdown("IND_DISAB", {"IND_DISAB": {"group": "disability"}}) == ("total", "disability")


def test_sdmx_download_is_parsed_with_flags_status_and_notes(data_dir, catalog):
    folder = write_sdmx(data_dir)
    extracted, problems = check([folder], catalog, data_dir)
    assert problems == []
    obs = extracted[0].observations.set_index(["economy", "sex", "group"])
    srb = obs.loc[("SRB", "total", "all")]
    assert srb["value"] == 51.2 and srb["status"] == "observed" and srb["confidence"] == "verified"
    assert srb["indicator_id"] == IND and srb["period"] == 2023 and srb["score"] == 51.2
    women = obs.loc[("SRB", "female", "all")]
    assert women["value"] == 48.5 and "u = low reliability" in women["note"]
    assert obs.loc[("SRB", "male", "all"), "value"] == 54.0
    assert "b = break in time series" in obs.loc[("SRB", "total", "age_16_24"), "note"]
    mne = obs.loc[("MNE", "total", "all")]
    assert mne["status"] == "suppressed" and mne["value"] != mne["value"] and "Confidential" in mne["note"]
    alb = obs.loc[("ALB", "total", "all")]
    assert alb["status"] == "not_assessed" and alb["value"] != alb["value"] and "not zero" in alb["note"]
    xkx = obs.loc[("XKX", "total", "all")]
    assert xkx["value"] == 33.3 and "e = estimated" in xkx["note"] and "p = provisional" in xkx["note"]
    mkd = obs.loc[("MKD", "total", "all")]
    assert mkd["status"] == "suppressed" and mkd["value"] != mkd["value"]  # CONF_STATUS C drops the 41
    assert obs.loc[("BIH", "total", "all"), "status"] == "not_applicable"
    assert len(obs) == 9  # DE ignored, EU27_2020 is a reference row, I_OTHER is not a catalog series
    ref = extracted[0].tables["reference_values"].iloc[0]
    assert (ref["area"], ref["value"], ref["indicator_id"], ref["confidence"]) == ("EU27_2020", 45.6, IND, "verified")
    raw = extracted[0].tables["eurostat_sdmx"]
    assert len(raw) == 11 and "DE" not in set(raw["geo"])
    other = raw[raw["indic_is"] == "I_OTHER"].iloc[0]
    assert other["economy"] == "SRB" and pd.isna(other["indicator_id"]) and other["value"] == 12
    assert raw.set_index("geo").loc["ME", "flags"] == "c"


def test_sdmx_build_loads_observations_reference_and_raw_tables(data_dir):
    write_sdmx(data_dir)
    build(data_dir)
    wh = Warehouse(data_dir)
    try:
        obs = wh.observations()
        assert set(obs["economy"]) == {"ALB", "BIH", "XKX", "MNE", "MKD", "SRB"}
        assert obs.loc[obs["economy"] == "MNE", "status"].iloc[0] == "suppressed"
        assert wh.table("reference_values")["area"].tolist() == ["EU27_2020"]
        assert len(wh.table("eurostat_sdmx")) == 11
    finally:
        wh.close()


@pytest.mark.parametrize(
    "line,replace,col,rule",
    [
        (
            2,
            ("RS,2023", "HR2,2023"),
            "geo",
            "unknown geo code 'HR2' (WB6: AL, BA, ME, MK, RS, XK; EU members, EFTA, "
            "candidates and EU aggregates are also accepted)",
        ),
        (2, ("51.2", "fifty"), "OBS_VALUE", "not a number: 'fifty'"),
        (2, ("51.2", '"51,2"'), "OBS_VALUE", "decimal comma in '51,2': write '51.2' (decimal point)"),
        (2, ("51.2,", "51.2,x"), "OBS_FLAG", "unknown Eurostat flag 'x' (known: b, c, d, e, f, n, p, r, s, u, z)"),
        (2, ("51.2", "151.2"), "OBS_VALUE", f"151.2 is outside the declared scale 0 to 100 of {IND}"),
        (2, ("RS,2023", "RS,2023-Q1"), "TIME_PERIOD", "must be a year between 1990 and 2100, got '2023-Q1'"),
    ],
)
def test_bad_sdmx_rows_exit_2_with_file_row_column(data_dir, capsys, line, replace, col, rule):
    rows = list(ROWS)
    rows[line - 2] = rows[line - 2].replace(*replace, 1)
    write_sdmx(data_dir, rows)
    code, problems = run_check(data_dir, capsys)
    assert code == 2
    assert problems == [{"file": "raw/eurostat_prv/isoc_cisci_prv20.csv", "row": str(line), "col": col, "rule": rule}]


def test_missing_column_and_duplicate_row(data_dir, capsys):
    write_sdmx(
        data_dir,
        [r.rsplit(",", 2)[0] + ",," for r in ROWS[:2]],
        header=HEADER.replace("OBS_FLAG,", "").replace("CONF_STATUS", "OBS_FLAG2,CONF_STATUS"),
    )
    code, problems = run_check(data_dir, capsys)
    assert code == 2
    assert {
        "file": "raw/eurostat_prv/isoc_cisci_prv20.csv",
        "row": "1",
        "col": "OBS_FLAG",
        "rule": "required column missing",
    } in problems
    write_sdmx(data_dir, ROWS + [ROWS[0]])
    code, problems = run_check(data_dir, capsys)
    assert code == 2 and problems[0]["row"] == str(len(ROWS) + 2) and "already on row 2" in problems[0]["rule"]


def test_sidecar_series_must_name_catalog_indicators(data_dir, capsys):
    write_sdmx(
        data_dir,
        sidecar={
            "series": [{"indicator_id": "nope", "indic_is": "I_TEST1", "unit": "PC_IND"}],
            "reference_geos": ["EU99"],
        },
    )
    code, problems = run_check(data_dir, capsys)
    assert code == 2
    assert {
        "file": "raw/eurostat_prv/source.yaml",
        "row": "0",
        "col": "series[0].indicator_id",
        "rule": "indicator 'nope' is not in the catalog (indicators/catalog/*.yaml)",
    } in problems
    assert any(p["col"] == "reference_geos" and "EU99" in p["rule"] for p in problems)


ENT_HEADER = "DATAFLOW,LAST UPDATE,freq,size_emp,nace_r2,indic_is,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG"
ENT_FLOW = "ESTAT:ISOC_CISCE_RA(1.0),,A"
ENT_ROWS = [  # made-up test values
    f"{ENT_FLOW},GE10,C10-S951_X_K,E_TEST,PC_ENT,RS,2024,53.4,",  # line 2: headline size class
    f"{ENT_FLOW},10-49,C10-S951_X_K,E_TEST,PC_ENT,RS,2024,50.1,",  # line 3: small enterprises
    f"{ENT_FLOW},GE250,C10-S951_X_K,E_TEST,PC_ENT,RS,2024,91,",  # line 4: large enterprises
    f"{ENT_FLOW},GE10,C10-S951_X_K,E_TEST,PC_ENT,BA,2024,6.5,",  # line 5: anomaly row
    f"{ENT_FLOW},GE10,C10-S951_X_K,E_TEST,PC_ENT,EU27_2020,2024,35.5,",
    f"{ENT_FLOW},GE10,C10_C33,E_TEST,PC_ENT,RS,2024,40,",  # line 7: other activity: raw only
    f"{ENT_FLOW},GE10,C10-S951_X_K,E_TEST,PC_ENT_IUSE,RS,2024,60,",  # line 8: other unit: raw only
    f"{ENT_FLOW},GE10,C10-S951_X_K,E_TEST,PC_ENT,ME,2024,,",  # line 9: no value in the copy
]
ENT_SIDECAR = {
    "files": ["isoc_cisce_ra.csv"],
    "confidence": "secondary",
    "flags_available": False,
    "anomalies": [{"geo": "BA", "period": 2024, "note": "possible break (test)."}],
    "series": [{"indicator_id": IND, "indic_is": "E_TEST", "unit": "PC_ENT"}],
}


def write_enterprises(data_dir, rows=ENT_ROWS, sidecar=None):
    folder = write_sdmx(data_dir, sidecar={**ENT_SIDECAR, **(sidecar or {})})
    (folder / "isoc_cisci_prv20.csv").unlink()
    (folder / "isoc_cisce_ra.csv").write_text(ENT_HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_enterprise_layout_size_classes_lost_flags_and_anomalies(data_dir, catalog):
    folder = write_enterprises(data_dir)
    extracted, problems = check([folder], catalog, data_dir)
    assert problems == []
    obs = extracted[0].observations.set_index(["economy", "group"])
    assert obs.loc[("SRB", "all"), "value"] == 53.4 and obs.loc[("SRB", "all"), "confidence"] == "secondary"
    assert obs.loc[("SRB", "size_10_49"), "value"] == 50.1 and obs.loc[("SRB", "size_ge250"), "value"] == 91
    assert "flags are not available" in obs.loc[("SRB", "all"), "note"]
    assert "Known anomaly: possible break (test)." in obs.loc[("BIH", "all"), "note"]
    assert "anomaly" not in obs.loc[("SRB", "all"), "note"]
    mne = obs.loc[("MNE", "all")]
    assert mne["status"] == "not_assessed" and mne["value"] != mne["value"]
    assert len(obs) == 5  # other activity and other unit stay in the raw table only
    raw = extracted[0].tables["eurostat_sdmx"]
    assert len(raw) == 8 and set(raw["nace_r2"]) == {"C10-S951_X_K", "C10_C33"}
    ref = extracted[0].tables["reference_values"]
    assert ref[["area", "value"]].values.tolist() == [["EU27_2020", 35.5]]


def test_enterprise_layout_bad_rows_and_missing_columns(data_dir, capsys):
    rows = list(ENT_ROWS)
    rows[0] = rows[0].replace("53.4", "fifty")
    write_enterprises(data_dir, rows + [ENT_ROWS[1]])
    code, problems = run_check(data_dir, capsys)
    assert code == 2
    label = "raw/eurostat_prv/isoc_cisce_ra.csv"
    assert {"file": label, "row": "2", "col": "OBS_VALUE", "rule": "not a number: 'fifty'"} in problems
    assert any(p["row"] == str(len(ENT_ROWS) + 2) and "already on row 3" in p["rule"] for p in problems)
    write_enterprises(data_dir, sidecar={"layout": "enterprises"})
    f = data_dir / "raw" / "eurostat_prv" / "isoc_cisce_ra.csv"
    f.write_text(f.read_text().replace("nace_r2,", "nace,", 1))
    code, problems = run_check(data_dir, capsys)
    assert code == 2 and {"file": label, "row": "1", "col": "nace_r2", "rule": "required column missing"} in problems


def test_series_for_one_breakdown_is_stored_as_its_own_population(data_dir, catalog):
    folder = write_sdmx(
        data_dir,
        sidecar={
            "series": [
                {"indicator_id": IND, "indic_is": "I_TEST1", "unit": "PC_IND"},
                {
                    "indicator_id": "eurostat_2019_security_limited_shopping",
                    "indic_is": "I_TEST1",
                    "unit": "PC_IND",
                    "ind_type": "F_Y16_74",
                    "as_total": True,
                },
            ]
        },
    )
    extracted, problems = check([folder], catalog, data_dir)
    assert problems == []
    obs = extracted[0].observations
    women = obs[obs["indicator_id"] == "eurostat_2019_security_limited_shopping"]
    assert women[["economy", "value", "sex", "group"]].values.tolist() == [["SRB", 48.5, "total", "all"]]
    assert len(obs[obs["indicator_id"] == IND]) == 9  # the general series still carries every breakdown


def test_bad_anomaly_and_layout_in_sidecar(data_dir, capsys):
    write_sdmx(data_dir, sidecar={"layout": "households", "anomalies": [{"geo": "AL"}]})
    code, problems = run_check(data_dir, capsys)
    assert code == 2
    cols = {p["col"] for p in problems}
    assert "layout" in cols and any(c.startswith("anomalies[0]") for c in cols)


def test_sex_is_coded_for_every_eurostat_breakdown():
    """Women-only and men-only rows of any breakdown (education, age, ...) are female or male, never total."""
    assert ind_type_breakdown("F_I0_2") == ("female", "i0_2")
    assert ind_type_breakdown("M_I5_8") == ("male", "i5_8")
    assert ind_type_breakdown("F_I3_4_75_89") == ("female", "i3_4_75_89")
    assert ind_type_breakdown("M_Y75_89") == ("male", "age_75_89")
    assert ind_type_breakdown("I0_2") == ("total", "i0_2")
    assert ind_type_breakdown("Y16_24HI") == ("total", "y16_24hi")


def test_education_rows_of_women_and_men_are_stored_with_their_sex(data_dir, catalog):
    rows = ROWS + [
        f"{FLOW},F_I0_2,I_TEST1,PC_IND,RS,2023,30.5,,",
        f"{FLOW},M_I0_2,I_TEST1,PC_IND,RS,2023,35.5,,",
        f"{FLOW},I0_2,I_TEST1,PC_IND,RS,2023,33,,",
    ]
    folder = write_sdmx(data_dir, rows)
    extracted, problems = check([folder], catalog, data_dir)
    assert problems == []
    obs = extracted[0].observations
    edu = obs[obs["group"] == "i0_2"].sort_values("value")
    assert edu[["sex", "value"]].values.tolist() == [["female", 30.5], ["total", 33.0], ["male", 35.5]]
    raw = extracted[0].tables["eurostat_sdmx"].set_index("ind_type")
    assert raw.loc["F_I0_2", "sex"] == "female" and raw.loc["M_I0_2", "sex"] == "male"


def _both_paths(folder, catalog, data_dir, monkeypatch):
    import etl.formats.sdmx as sdmx

    out, taken = [], []
    read_fast = sdmx._read_fast

    def spy(*args):
        got = read_fast(*args)
        taken.append(got is not None)
        return got

    monkeypatch.setattr(sdmx, "_read_fast", spy)
    for fast in (True, False):
        monkeypatch.setattr(sdmx, "FAST_PATH", fast)
        extracted, problems = check([folder], catalog, data_dir)
        assert problems == []
        out.append(extracted)
    assert taken and all(taken)  # the clean files did go through the DuckDB reader
    return out


def _assert_same(fast, slow):
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow):
        assert a.input_rows == b.input_rows
        pd.testing.assert_frame_equal(a.observations, b.observations)
        assert sorted(a.tables) == sorted(b.tables)
        for name in a.tables:
            pd.testing.assert_frame_equal(
                a.tables[name],
                b.tables[name],
            )


@pytest.mark.parametrize("layout", ["individuals", "enterprises", "one breakdown"])
def test_duckdb_reader_gives_the_same_tables_as_the_row_by_row_reader(data_dir, catalog, monkeypatch, layout):
    """The fast path (DuckDB read, columnar checks) and the row-by-row reader agree value for value: flags,
    confidential and missing values, reference and ignored geos, lost flags, anomalies, breakdown series."""
    if layout == "enterprises":
        folder = write_enterprises(data_dir)
    elif layout == "one breakdown":
        folder = write_sdmx(
            data_dir,
            sidecar={
                "series": [
                    {"indicator_id": IND, "indic_is": "I_TEST1", "unit": "PC_IND"},
                    {
                        "indicator_id": "eurostat_2019_security_limited_shopping",
                        "indic_is": "I_TEST1",
                        "unit": "PC_IND",
                        "ind_type": "F_Y16_74",
                        "as_total": True,
                    },
                ],
                "anomalies": [{"geo": "RS", "period": 2023, "indic_is": ["I_TEST1"], "note": "test note."}],
            },
        )
    else:
        folder = write_sdmx(data_dir)
    fast, slow = _both_paths(folder, catalog, data_dir, monkeypatch)
    _assert_same(fast, slow)
    assert len(fast[0].observations) > 0


def test_duckdb_reader_matches_on_the_bundled_eurostat_copies(catalog, monkeypatch):
    from indicators.model.paths import PROJECT_ROOT

    root = PROJECT_ROOT / "data"
    folders = sorted((root / "raw").glob("eurostat_*"))
    assert folders
    for folder in folders:
        fast, slow = _both_paths(folder, catalog, root, monkeypatch)
        _assert_same(fast, slow)


def test_build_reports_progress_and_records_its_stages(data_dir):
    """What the dashboard's first-start progress bar shows: catalog, each dataset folder, then writing;
    the manifest records the seconds per stage (benchmarks/bench_build.py prints them)."""
    write_sdmx(data_dir)
    seen = []
    result = build(data_dir, progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert seen == [("catalog", 0, 1), ("raw", 0, 1), ("write", 0, 1)]
    stages = result.manifest["stages_s"]
    assert {"catalog", "parse+validate eurostat_sdmx_csv", "tables", "write"} <= set(stages)
    assert all(v >= 0 for v in stages.values())


def test_vectorised_scores_equal_normalise_value_for_value(catalog):
    """The DuckDB reader scores whole columns at once; each score equals scoring.normalise's, including
    values whose fourth decimal sits on a half (where numpy's rounding could differ from Python's round)."""
    import numpy as np

    from etl.formats.sdmx import _scores
    from indicators.method.scoring import normalise

    numeric = [i for i in catalog.indicators.values() if not i.is_categorical]
    inds = numeric[:4] + [i for i in numeric if i.direction == "lower_is_better"][:1]
    assert len({i.direction for i in inds}) == 2
    rng = np.random.default_rng(25)
    values = np.concatenate(
        [
            rng.uniform(-10, 110, 4000),
            np.round(rng.uniform(0, 100, 2000), 2),
            np.arange(0, 100, 0.00005)[:4000],  # many halves at the fifth decimal
            [0.0, 100.0, 12.34565, 0.00005, 99.99995, np.nan],
        ]
    )
    which = rng.integers(0, len(inds), len(values))
    observed = rng.random(len(values)) < 0.9
    got = _scores(inds, which, values, observed)
    for k, v, ok, g in zip(which.tolist(), values.tolist(), observed.tolist(), got.tolist()):
        want = normalise(inds[k], v, None) if ok else None
        assert (want is None and g != g) or want == g, (inds[k].id, v, want, g)
