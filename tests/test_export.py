"""Exports: filtering, CSV (with CSV-injection defence), Parquet, the Frictionless data package, and
``python -m etl export`` (one implementation behind the explorer page and the command line)."""

from __future__ import annotations

import csv
import io
import json
import socket
import zipfile

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.cli import main
from indicators.method.scoring import pillar_scores
from indicators.method.worked_example import worked_example
from indicators.model.economies import KOSOVO_FOOTNOTE
from indicators.model.explore import (
    Filters,
    choices,
    conflicts,
    parse_filters,
    parse_period,
    source_usage,
)
from indicators.model.export import (
    EXPORT_COLUMNS,
    datapackage_bytes,
    export_table,
    filter_observations,
    neutralise,
    spreadsheet_safe,
    to_csv_bytes,
    to_parquet_bytes,
    warehouse_tables,
)

TRIGGERS = ["=1+1", "+SUM(A1:A9)", "-2+3", "@cmd|' /C calc'!A0", "\tTAB=1", "\rCR=1"]


def obs_frame(rows: list[dict]) -> pd.DataFrame:
    """A small observations frame with the columns of Warehouse.observations()."""
    base = {
        "economy": "ALB",
        "indicator_id": "gci_2024_legal",
        "period": 2024,
        "value": 18.5,
        "value_text": None,
        "sex": "total",
        "group": "all",
        "status": "observed",
        "confidence": "verified",
        "source_id": "t.s01",
        "preferred": True,
        "note": "",
        "dataset": "t",
        "score": 92.5,
        "indicator_name": "ITU GCI 2024: Legal",
        "unit": "points (0-20)",
        "pillar": "legal",
        "family": "itu_gci",
        "source_title": "Test source",
        "source_publisher": "Test publisher",
        "source_url": "https://example.org/s1",
        "source_as_of": "2026-01-01",
        "source_where_found": "test",
    }
    frame = pd.DataFrame([{**base, **r} for r in rows])
    return frame.astype({"period": "int64", "value": "float64", "score": "float64", "preferred": bool})


def read_back(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8", keep_default_na=False, na_values=[""])


def as_plain(df: pd.DataFrame) -> pd.DataFrame:
    """Comparable form: text columns as object with NaN for missing."""
    out = df.copy()
    for col in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_bool_dtype(out[col])):
            out[col] = out[col].astype(object).where(out[col].notna(), float("nan"))
    return out


# ---------------------------------------------------------------------------------------------- filters


def test_parse_filters_accepts_aliases_case_and_commas(bundled_obs, catalog):
    allowed = choices(bundled_obs, catalog)
    f, messages = parse_filters(
        {
            "economy": ["srb,XK", "SRB"],
            "pillar": "Legal",
            "confidence": ["VERIFIED"],
            "period": ["2018-2024"],
            "source": ["itu_gci_overall"],
        },
        allowed,
    )
    assert messages == []
    assert f.economy == ("SRB", "XKX") and f.pillar == ("legal",) and f.confidence == ("verified",)
    assert f.period == (2018, 2024) and f.source == ("itu_gci_overall",)
    assert f.to_params()["economy"] == "SRB,XKX" and f.to_params()["period"] == "2018-2024"
    again, _ = parse_filters({k: [v] for k, v in f.to_params().items() if v}, allowed)
    assert again == f


def test_parse_filters_reports_every_bad_value(bundled_obs, catalog):
    allowed = choices(bundled_obs, catalog)
    f, messages = parse_filters(
        {
            "economy": ["ZZZ,ALB"],
            "pillar": ["nope"],
            "indicator": ["gci_9999"],
            "period": ["20x4"],
            "status": ["<script>"],
        },
        allowed,
    )
    assert f.economy == ("ALB",) and f.pillar == () and f.indicator == () and f.period is None
    assert len(messages) == 5
    assert any("ZZZ" in m for m in messages) and all("<script>" not in m for m in messages)


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("2024", (2024, 2024)),
        ("2018-2024", (2018, 2024)),
        ("2018..2020", (2018, 2020)),
        ("2024-2018", None),
        ("abc", None),
        ("", None),
        ("2018-", None),
    ],
)
def test_parse_period(raw, expected):
    assert parse_period(raw) == expected


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["economy", "pillar", "period", "status", "source", "sex"]),
        st.lists(st.text(max_size=30), max_size=3),
    )
)
def test_parse_filters_never_raises(params):
    from indicators.model.explore import Choices

    f, messages = parse_filters(params, Choices(source=("a.s01",), periods=(2020, 2024)))
    assert isinstance(f, Filters) and all(isinstance(m, str) for m in messages)


def test_filter_observations_matches_plain_pandas(bundled_obs):
    f = Filters(economy=("SRB", "XKX"), pillar=("legal", "headline"), period=(2018, 2024), confidence=("secondary",))
    got = filter_observations(bundled_obs, f)
    o = bundled_obs
    want = o[
        o["economy"].isin(["SRB", "XKX"])
        & o["pillar"].isin(["legal", "headline"])
        & o["period"].between(2018, 2024)
        & (o["confidence"] == "secondary")
    ]
    assert len(got) == len(want) > 0
    assert set(got.index) == set(want.index)
    by_dataset = filter_observations(bundled_obs, Filters(source=("itu_gci_pillars",)))
    by_source = filter_observations(bundled_obs, Filters(source=("itu_gci_pillars.s02",)))
    assert set(by_dataset["dataset"]) == {"itu_gci_pillars"} and set(by_source["source_id"]) == {"itu_gci_pillars.s02"}


# ---------------------------------------------------------------------------------------------- table + CSV


def test_export_table_columns_provenance_and_kosovo(bundled_obs, catalog, bundled_data_dir):
    from indicators.model.warehouse import Warehouse

    wh = Warehouse(bundled_data_dir)
    try:
        sources = wh.table("sources")
    finally:
        wh.close()
    table = export_table(
        bundled_obs, catalog, Filters(economy=("XKX", "BIH"), indicator=("gci_2024_overall",)), sources
    )
    assert list(table.columns) == list(EXPORT_COLUMNS)
    bih = table[table["economy"] == "BIH"]
    assert list(bih["value"]) == [33.76, 33.61] and list(bih["preferred"]) == [True, False]
    xkx = table[table["economy"] == "XKX"].iloc[0]
    assert xkx["economy_name"] == "Kosovo*" and xkx["economy_footnote"] == KOSOVO_FOOTNOTE
    assert xkx["status"] == "not_covered" and pd.isna(xkx["value"]) and pd.isna(xkx["value_label"])
    assert bih["economy_footnote"].isna().all()
    for col in ("source_title", "source_url", "source_as_of", "source_licence", "confidence", "status"):
        assert table[col].notna().all(), col


def test_filtered_csv_reads_back_equal_to_the_filtered_table(bundled_obs, catalog):
    f = Filters(economy=("SRB", "XKX", "BIH"), period=(2014, 2026))
    table = export_table(bundled_obs, catalog, f)
    data = to_csv_bytes(table)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark: Excel reads ć, ë, Cyrillic right
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(EXPORT_COLUMNS)  # one header row, stable names
    back = read_back(data)
    assert len(back) == len(table) == len(filter_observations(bundled_obs, f))
    assert back["value"].dtype == "float64" and back["period"].dtype == "int64" and back["score"].dtype == "float64"
    assert back["preferred"].tolist() == table["preferred"].tolist()  # true/false read back as booleans
    expected = as_plain(spreadsheet_safe(table)).drop(columns="preferred")
    pd.testing.assert_frame_equal(as_plain(back).drop(columns="preferred"), expected, check_dtype=False)


def test_csv_injection_is_neutralised_in_text_cells_only(catalog):
    obs = obs_frame(
        [
            {"economy": "ALB", "note": TRIGGERS[0], "source_title": TRIGGERS[1]},
            {"economy": "BIH", "note": TRIGGERS[2], "source_publisher": TRIGGERS[3]},
            {"economy": "XKX", "note": TRIGGERS[4], "source_url": TRIGGERS[5]},
            {
                "economy": "MNE",
                "indicator_id": "tfvaw_lifetime_share",
                "value": -3.5,
                "score": -1.0,
                "note": 'plain, with "quotes" and a\nnewline',
            },
        ]
    )
    table = export_table(obs, catalog)
    data = to_csv_bytes(table)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    cells = [r[c] for r in rows for c in ("note", "source_title", "source_publisher", "source_url")]
    for trigger in TRIGGERS:
        assert "'" + trigger in cells, trigger
    for cell in cells:  # no text cell starts with a formula trigger any more
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), repr(cell)
    mne = [r for r in rows if r["economy"] == "MNE"][0]
    assert mne["value"] == "-3.5" and mne["score"] == "-1.0"  # genuine numbers untouched
    assert mne["value_label"] == "-3.5"  # ... and a plain number in a text column stays a number
    assert mne["note"] == 'plain, with "quotes" and a\nnewline'
    back = read_back(data)
    assert back.loc[back["economy"] == "MNE", "value"].iloc[0] == -3.5


@pytest.mark.parametrize(
    "text,expected",
    [
        ("=cmd", "'=cmd"),
        ("+1", "+1"),
        ("-1", "-1"),
        ("-3.7408", "-3.7408"),
        ("-2e-3", "-2e-3"),
        ("-2+3", "'-2+3"),
        ("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"),
        ("+ 1", "'+ 1"),
        ("-", "'-"),
        ("--1", "'--1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        ("Kosovo*", "Kosovo*"),
        ("", ""),
        (None, None),
        (3.5, 3.5),
    ],
)
def test_neutralise(text, expected):
    assert neutralise(text) == expected


def test_parquet_round_trip_keeps_exact_values_and_provenance(bundled_obs, catalog):
    table = export_table(bundled_obs, catalog, Filters(economy=("XKX",)))
    data = to_parquet_bytes(table, {"filters": "economy=XKX", "kosovo_footnote": KOSOVO_FOOTNOTE})
    import pyarrow.parquet as pq

    pf = pq.read_table(io.BytesIO(data))
    meta = json.loads(pf.schema.metadata[b"wb6.provenance"])
    assert meta["kosovo_footnote"] == KOSOVO_FOOTNOTE
    back = pd.read_parquet(io.BytesIO(data))
    pd.testing.assert_frame_equal(as_plain(back), as_plain(table), check_dtype=False)


# ---------------------------------------------------------------------------------------------- data package


@pytest.fixture
def no_network(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)


def _package(bundled_obs, catalog, bundled_data_dir, obs=None):
    from indicators.model.warehouse import Warehouse

    wh = Warehouse(bundled_data_dir)
    try:
        tables, skipped = warehouse_tables(wh)
        return datapackage_bytes(
            obs if obs is not None else bundled_obs, catalog, tables, build_id=wh.build_id, skipped=skipped
        ), tables
    finally:
        wh.close()


def test_datapackage_validates_with_frictionless(bundled_obs, catalog, bundled_data_dir, tmp_path, no_network):
    from frictionless import validate

    data, tables = _package(bundled_obs, catalog, bundled_data_dir)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path)
    assert {
        "datapackage.json",
        "README.md",
        "data/observations.csv",
        "data/sources.csv",
        "data/indicators.csv",
        "data/economies.csv",
    } <= names
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert set(tables) | {"observations"} <= set(resources)
    obs_schema = resources["observations"]["schema"]
    assert {f["name"]: f["type"] for f in obs_schema["fields"]}["value"] == "number"
    assert {fk["reference"]["resource"] for fk in obs_schema["foreignKeys"]} >= {"economies", "indicators", "sources"}
    assert len(descriptor["sources"]) == len(tables["sources"])
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    for needle in ("How to cite", "Licences", KOSOVO_FOOTNOTE, "Kosovo*"):
        assert needle in readme
    back = pd.read_csv(tmp_path / "data" / "observations.csv")
    assert len(back) == len(bundled_obs)


def test_datapackage_foreign_keys_are_really_checked(bundled_obs, catalog, bundled_data_dir, tmp_path, no_network):
    """A broken reference must fail validation: proof that the schema's keys are enforced."""
    from frictionless import validate

    data, _tables = _package(bundled_obs, catalog, bundled_data_dir)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        zf.extractall(tmp_path)
    path = tmp_path / "data" / "observations.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("legislation.s01", "legislation.s999", 1), encoding="utf-8")
    report = validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {e.type for task in report.tasks for e in task.errors}


def test_datapackage_marks_synthetic_rows(bundled_obs, catalog, bundled_data_dir, tmp_path):
    demo = bundled_obs.iloc[:3].copy()
    demo["confidence"] = "synthetic"
    demo["period"] = 2099
    data, _ = _package(bundled_obs, catalog, bundled_data_dir, obs=pd.concat([bundled_obs, demo]))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        readme = zf.read("README.md").decode("utf-8")
        descriptor = json.loads(zf.read("datapackage.json"))
        back = pd.read_csv(zf.open("data/observations.csv"))
    already = int((bundled_obs["confidence"] == "synthetic").sum())
    assert (back["confidence"] == "synthetic").sum() == already + 3
    assert f"synthetic {already + 3}" in readme
    assert descriptor["wb6"]["rows_by_confidence"]["synthetic"] == already + 3


# ---------------------------------------------------------------------------------------------- CLI


def test_cli_csv_export_equals_the_filtered_table(bundled_data_dir, bundled_obs, catalog, tmp_path, capsys):
    out = tmp_path / "srb.csv"
    code = main(
        [
            "--data-dir",
            str(bundled_data_dir),
            "export",
            "--format",
            "csv",
            "--economy",
            "SRB",
            "--economy",
            "xk",
            "--pillar",
            "legal",
            "--period",
            "2010-2026",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    back = read_back(out.read_bytes())
    expected = export_table(
        bundled_obs, catalog, Filters(economy=("SRB", "XKX"), pillar=("legal",), period=(2010, 2026))
    )
    assert len(back) == len(expected) > 0
    assert back["economy_name"].tolist() == expected["economy_name"].tolist()
    assert back["value_text"].fillna("").tolist() == expected["value_text"].fillna("").tolist()
    assert "Exported" in capsys.readouterr().out


@pytest.mark.parametrize("fmt,name", [("parquet", "x.parquet"), ("datapackage", "x.zip")])
def test_cli_other_formats(bundled_data_dir, tmp_path, fmt, name):
    out = tmp_path / name
    assert (
        main(["--data-dir", str(bundled_data_dir), "export", "--format", fmt, "--confidence", "verified", str(out)])
        == 0
    )
    if fmt == "parquet":
        assert set(pd.read_parquet(out)["confidence"]) == {"verified"}
    else:
        with zipfile.ZipFile(out) as zf:
            assert "datapackage.json" in zf.namelist()


@pytest.mark.parametrize(
    "args,needle",
    [
        (["--economy", "ZZZ"], "Unknown economy"),
        (["--pillar", "legl"], "Unknown pillar"),
        (["--indicator", "gci_1999_overall"], "Unknown indicator"),
        (["--confidence", "maybe"], "Unknown confidence"),
        (["--status", "missing"], "Unknown status"),
        (["--period", "2024-2018"], "Unusable period"),
        (["--period", "last year"], "Unusable period"),
        (["--source", "nowhere.s01"], "Unknown source"),
    ],
)
def test_cli_bad_filter_exits_2_and_writes_nothing(bundled_data_dir, tmp_path, capsys, args, needle):
    out = tmp_path / "out.csv"
    code = main(["--data-dir", str(bundled_data_dir), "export", "--format", "csv", *args, str(out)])
    assert code == 2
    assert needle in capsys.readouterr().err
    assert not out.exists()


def test_cli_bad_format_and_missing_warehouse(bundled_data_dir, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--data-dir", str(bundled_data_dir), "export", "--format", "xlsx", str(tmp_path / "o.xlsx")])
    assert exc.value.code == 2
    assert main(["--data-dir", str(tmp_path / "empty"), "export", "--format", "csv", str(tmp_path / "o.csv")]) == 1
    assert "python -m etl build" in capsys.readouterr().err


def test_cli_check_still_works(bundled_data_dir, capsys):
    assert main(["--data-dir", str(bundled_data_dir), "check", str(bundled_data_dir / "raw")]) == 0
    assert "OK" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------- methodology


def test_worked_example_equals_the_pillar_scores(bundled_obs, catalog):
    scores = pillar_scores(bundled_obs, catalog).set_index(["economy", "pillar"])
    for (eco, pillar), row in scores.iterrows():
        ex = worked_example(bundled_obs, catalog, eco, pillar)
        assert ex["n"] == row["n"] and ex["m"] == row["m"]
        if row["n"] and row["meets_rule"]:
            assert round(ex["mean"], 2) == row["score"] == ex["pillar_score"]
        elif row["n"]:  # below the coverage rule: the arithmetic is shown, but no pillar score
            assert ex["mean"] is not None and ex["pillar_score"] is None and pd.isna(row["score"])
        else:
            assert ex["mean"] is None and ex["pillar_score"] is None


def test_worked_example_shows_the_arithmetic(catalog):
    obs = obs_frame(
        [
            {"economy": "ALB", "indicator_id": "gci_2024_legal", "value": 18.5, "score": 92.5},
            {
                "economy": "ALB",
                "indicator_id": "budapest_convention",
                "value": None,
                "value_text": "party",
                "score": 100.0,
                "period": 2004,
            },
            {"economy": "ALB", "indicator_id": "cyber_law", "value": None, "status": "not_assessed", "score": None},
        ]
    )
    ex = worked_example(obs, catalog, "ALB", "legal")
    rows = {r["indicator_id"]: r for r in ex["rows"]}
    assert rows["gci_2024_legal"]["steps"] == "100 × (18.5 − 0) / (20 − 0) = 92.5"
    # status-lens facts (Budapest Convention, cyber law) are never averaged into a pillar score
    assert "budapest_convention" not in rows and "cyber_law" not in rows
    assert ex["n"] == 1 and ex["mean"] == pytest.approx(92.5)


def test_source_usage_and_conflicts(bundled_obs):
    usage = source_usage(bundled_obs).set_index("source_id")
    assert usage["rows"].sum() == len(bundled_obs)
    assert "BIH" in usage.loc["itu_gci_overall.s06", "economies"]
    conf = conflicts(bundled_obs)
    bih = conf[(conf["economy"] == "BIH") & (conf["indicator_id"] == "gci_2024_overall")].iloc[0]
    assert bih["value_shown"] == 33.76 and bih["value_other"] == 33.61
