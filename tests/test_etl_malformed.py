"""Malformed inputs of every kind the ETL reads: one case per input, with the message it must give.

Every case ends with exit code 2 from both ``etl check`` and ``etl build`` (the same problems, never a
traceback, never a silent loss) and leaves no build behind. The inputs are small fixtures made here.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from etl.cli import main
from tests.conftest import OBS_HEADER, ROOT, write_dataset

LINE = re.compile(r"^  (?P<file>[^:]+):(?P<row>\d+):(?P<col>.+?): (?P<rule>.+)$")
GOOD = ",".join(OBS_HEADER) + "\n" + "ALB,gci_2024_legal,2024,18.5,,total,all,observed,verified,demo.s01,true,\n"


def _csv(text: str) -> bytes:
    return text.encode("utf-8")


def obs_text(*lines: str, header: str = ",".join(OBS_HEADER)) -> bytes:
    return (header + "\n" + "\n".join(lines) + "\n").encode("utf-8")


ROW = "ALB,gci_2024_legal,2024,18.5,,total,all,observed,verified,demo.s01,true,"
ROW2 = "SRB,gci_2024_legal,2024,19.5,,total,all,observed,verified,demo.s01,true,"


def sidecar(**changes):
    """A dataset 'demo' whose sidecar gets ``changes`` (None removes a key)."""

    def make(d: Path):
        folder = write_dataset(d, "demo", raw_text=GOOD.encode())
        meta = yaml.safe_load((folder / "source.yaml").read_text(encoding="utf-8"))
        for k, v in changes.items():
            if v is None:
                meta.pop(k, None)
            else:
                meta[k] = v
        (folder / "source.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")

    return make


def raw_obs(data: bytes):
    return lambda d: write_dataset(d, "demo", raw_text=data)


def sidecar_text(text: str):
    def make(d: Path):
        folder = write_dataset(d, "demo", raw_text=GOOD.encode())
        (folder / "source.yaml").write_text(text, encoding="utf-8")

    return make


SIDECAR_TEXT = """dataset: demo
title: Test dataset demo
publisher: Test publisher
url: https://example.org/test
licence: CC0
as_of: '2026-01-01'
format: observations_csv
files:
- demo.csv
sources:
- id: demo.s01
  title: Test source
  url: https://example.org/s1
"""  # 13 lines: what is appended starts on line 14


def laughs(levels: int = 9) -> str:
    """Nested anchors and aliases ("billion laughs"): 9 levels expand to 9**9 strings."""
    lines = ['lol0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"lol{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def unlisted_file(d: Path):
    folder = write_dataset(d, "demo", raw_text=GOOD.encode())
    (folder / "other.csv").write_text(GOOD.replace("ALB", "SRB"), encoding="utf-8")
    (folder / "NOTES.md").write_text("notes are fine", encoding="utf-8")


def same_key_in_two_files(d: Path):
    folder = write_dataset(d, "demo", raw_text=GOOD.encode(), sidecar={"files": ["demo.csv", "more.csv"]})
    (folder / "more.csv").write_text(GOOD, encoding="utf-8")


def file_link(d: Path):
    outside = d.parent / "outside.csv"
    outside.write_text(GOOD, encoding="utf-8")
    folder = write_dataset(d, "demo", raw_text=GOOD.encode())
    (folder / "demo.csv").unlink()
    os.symlink(outside, folder / "demo.csv")


def folder_link(d: Path):
    elsewhere = d.parent / "elsewhere"
    write_dataset(elsewhere, "demo", raw_text=GOOD.encode())
    os.symlink(elsewhere / "raw" / "demo", d / "raw" / "linked")


def twin_datasets(d: Path):
    write_dataset(d, "demo", raw_text=GOOD.encode())
    folder = write_dataset(d, "demo2", raw_text=GOOD.encode(), sidecar={"dataset": "demo"})
    meta = yaml.safe_load((folder / "source.yaml").read_text(encoding="utf-8"))
    meta["sources"][0]["id"] = "demo.s01"
    (folder / "source.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")


def no_sidecar(d: Path):
    (write_dataset(d, "demo", raw_text=GOOD.encode()) / "source.yaml").unlink()


def sim3_csv(text: str):
    def make(d: Path):
        write_dataset(d, "sim3", raw_text=text.encode(), sidecar={"format": "sim3_assessment"})

    return make


SIM3_HEADER = "team,economy,assessment_date,parameter_id,parameter_name,level,assessor,confidence,source_id,note"
SIM3_ROW = "Team A,MNE,2025-03-01,O-1,Mandate,2,steward,verified,demo.s01,"


def plans_csv(text: str):
    def make(d: Path):
        write_dataset(d, "plans", raw_text=text.encode(), sidecar={"format": "plan_items"})

    return make


PLANS_HEADER = (
    "item_id,economy,institution,target_group,action,linked_indicator,linked_sim3_parameter,baseline,"
    "target,deadline,status,progress,confidence,source_id,note"
)
PLANS_ROW = "ALB-01,ALB,School,public_sector_staff,E-learning,gci_2024_capacity,,0,80,2027-12-31,in_progress,40,verified,demo.s01,"


def sdmx(text_rows: list[str], header: str | None = None):
    def make(d: Path):
        from tests.test_sdmx import HEADER, write_sdmx

        write_sdmx(d, rows=text_rows, header=header or HEADER)

    return make


FLOW = "ESTAT:ISOC_CISCI_PRV20(1.0),25/03/25 23:00:00,A"
_SDMX_EXTRA = "DATAFLOW,LAST UPDATE,freq,ind_type,indic_is,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS,comment"
REF_HEADER = "area,area_label,indicator_id,label,period,value,unit,population,confidence,source_id,note"


def reference_csv(text: str):
    def make(d: Path):
        write_dataset(d, "ref", raw_text=text.encode(), sidecar={"format": "reference_values_csv"})

    return make


def survey(edit):
    """The demonstration survey generator's layout, 40 respondents, then ``edit(path)`` on the bytes."""

    def make(d: Path):
        from tests.test_survey_etl import generator

        folder = generator().write_dataset(d / "raw" / "survey", 40, seed=3)
        edit(folder / "respondents.csv")

    return make


def latin1_on_line(n: int):
    def edit(path: Path):
        lines = path.read_bytes().split(b"\n")
        lines[n - 1] = lines[n - 1].replace(b",", b",\xe9", 1)  # a Latin-1 'é' in the second field
        path.write_bytes(b"\n".join(lines))

    return edit


def one_long_line(path: Path):
    path.write_bytes(b"respondent_id," + b"x" * 200_000)


S = "raw/demo/source.yaml"
C = "raw/demo/demo.csv"

# (case id, make(data_dir), [(file, row, column, text the rule contains), ...])
CASES = [
    # ---- observation CSVs: structure
    (
        "obs-unterminated-quote",
        raw_obs(obs_text(ROW.replace(",true,", ',true,"half a note'), ROW2)),
        [(C, "2", "-", "unterminated quote")],
    ),
    (
        "obs-quote-then-text",
        raw_obs(obs_text(ROW.replace(",true,", ',true,"quoted"tail'))),
        [(C, "2", "-", "a quote closes a field but more text follows")],
    ),
    (
        "obs-duplicate-column",
        raw_obs(obs_text(ROW + ",19", header=",".join(OBS_HEADER) + ",value")),
        [(C, "1", "value", "column appears twice in the header")],
    ),
    (
        "obs-unknown-column",
        raw_obs(obs_text(ROW, header=",".join(OBS_HEADER[:-1]) + ",notes")),
        [(C, "1", "notes", "unknown column")],
    ),
    (
        "obs-unnamed-column",
        raw_obs(obs_text(ROW + ",x", header=",".join(OBS_HEADER) + ",")),
        [(C, "1", "#13", "column without a name")],
    ),
    ("obs-long-row", raw_obs(obs_text(ROW + ",extra")), [(C, "2", "-", "row has 13 fields, header has 12")]),
    ("obs-short-row", raw_obs(obs_text("ALB,gci_2024_legal,2024")), [(C, "2", "-", "row has 3 fields, header has 12")]),
    (
        "obs-latin1-line-3",
        raw_obs(obs_text(ROW, ROW2).replace(b"SRB,", b"SRB,\xe9")),
        [(C, "3", "-", "not valid UTF-8 text (byte 0xe9)")],
    ),
    (
        "obs-kosovo-alias-kos",
        raw_obs(obs_text(ROW.replace("ALB", "KOS"))),
        [(C, "2", "economy", "informal alias: write XKX")],
    ),
    (
        "obs-kosovo-alias-ksv",
        raw_obs(obs_text(ROW.replace("ALB", "KSV"))),
        [(C, "2", "economy", "informal alias: write XKX")],
    ),
    ("obs-empty", raw_obs(b""), [(C, "0", "-", "empty file")]),
    # ---- observation CSVs: strict values (issue 24)
    (
        "obs-impossible-date",
        raw_obs(obs_text(ROW + ",2024-02-31", header=",".join(OBS_HEADER) + ",last_checked")),
        [(C, "2", "last_checked", "not a calendar date: '2024-02-31'")],
    ),
    (
        "obs-date-in-2999",
        raw_obs(obs_text(ROW + ",2999-01-01", header=",".join(OBS_HEADER) + ",last_checked")),
        [(C, "2", "last_checked", "is after the build date")],
    ),
    (
        "obs-period-after-edition",
        raw_obs(obs_text(ROW.replace(",2024,", ",2025,"))),
        [(C, "2", "period", "period 2025 is after the edition of 'gci_2024_legal' (2024)")],
    ),
    (
        "obs-period-2099",
        raw_obs(obs_text(ROW.replace(",2024,", ",2099,"))),
        [(C, "2", "period", "after the build year")],
    ),
    ("obs-underscore-digits", raw_obs(obs_text(ROW.replace("18.5", "9_6.82"))), [(C, "2", "value", "digits 0-9")]),
    (
        "obs-arabic-indic-digits",
        raw_obs(obs_text(ROW.replace("18.5", "\u0661\u0668.\u0665"))),
        [(C, "2", "value", "digits 0-9")],
    ),
    (
        "obs-full-width-digits",
        raw_obs(obs_text(ROW.replace("18.5", "\uff11\uff18.\uff15"))),
        [(C, "2", "value", "digits 0-9")],
    ),
    ("obs-nul-in-note", raw_obs(obs_text(ROW + "a\x00b")), [(C, "2", "note", "control character U+0000")]),
    # ---- sidecars
    ("sidecar-format-list", sidecar(format=["observations_csv"]), [(S, "0", "format", "is not allowed")]),
    ("sidecar-sources-number", sidecar(sources=5), [(S, "0", "sources", "must be a list, got the number 5")]),
    ("sidecar-files-number", sidecar(files=5), [(S, "0", "files", "must be a list, got the number 5")]),
    ("sidecar-files-string", sidecar(files="demo.csv"), [(S, "0", "files", "must be a list, got 'demo.csv'")]),
    ("sidecar-no-licence", sidecar(licence=None), [(S, "0", "licence", "required key missing")]),
    ("sidecar-unknown-key", sidecar(licnce="CC0"), [(S, "0", "licnce", "unknown key")]),
    (
        "sidecar-files-dotdot",
        sidecar(files=["../../../etc/passwd"]),
        [(S, "0", "files[0]", "not in the expected form")],
    ),
    ("sidecar-files-absolute", sidecar(files=["/etc/passwd"]), [(S, "0", "files[0]", "not in the expected form")]),
    ("sidecar-as-of-not-date", sidecar(as_of="last spring"), [(S, "0", "as_of", "not in the expected form")]),
    ("sidecar-as-of-impossible", sidecar(as_of="2024-02-31"), [(S, "0", "as_of", "not a calendar date")]),
    ("sidecar-as-of-2999", sidecar(as_of="2999-01-01"), [(S, "0", "as_of", "is after the build date")]),
    ("sidecar-blank-licence", sidecar(licence=" "), [(S, "0", "licence", "must name the licence")]),
    (
        "sidecar-javascript-url",
        sidecar(sources=[{"id": "demo.s01", "title": "T", "url": "javascript:alert(1)"}]),
        [(S, "0", "sources[0] (demo.s01).url", "only http(s) addresses are allowed")],
    ),
    ("sidecar-data-url", sidecar(url="data:text/html,<b>x</b>"), [(S, "0", "url", "only http(s) addresses")]),
    ("sidecar-nul-in-title", sidecar(title="a\x00b"), [(S, "0", "title", "control character U+0000")]),
    (
        "sidecar-source-without-url",
        sidecar(sources=[{"id": "demo.s01", "title": "T"}]),
        [(S, "0", "sources[0] (demo.s01).url", "required key missing")],
    ),
    ("sidecar-yaml-syntax", sidecar_text("dataset: demo\ntitle: [unclosed\n"), [(S, "3", "-", "not valid YAML")]),
    ("sidecar-is-a-list", sidecar_text("- dataset\n- demo\n"), [(S, "0", "-", "must be a mapping of keys")]),
    # ---- sidecars: the YAML itself (indicators/model/safe_yaml.py)
    (
        "sidecar-billion-laughs",
        sidecar_text(SIDECAR_TEXT.replace("title: Test dataset demo\n", "") + laughs()),
        [(S, "13", "-", "anchor &a0 is not allowed"), (S, "14", "-", "alias *a0 is not allowed")],
    ),
    (
        "sidecar-duplicate-files",
        sidecar_text(SIDECAR_TEXT + "files:\n- other.csv\n"),
        [(S, "14", "-", "duplicate key 'files' (first on line 8)")],
    ),
    (
        "sidecar-duplicate-licence-and-title",  # every problem at once
        sidecar_text(SIDECAR_TEXT + "licence: All rights reserved\ntitle: Other\n"),
        [(S, "14", "-", "duplicate key 'licence' (first on line 5)"), (S, "15", "-", "duplicate key 'title'")],
    ),
    (
        "sidecar-merge-key",
        sidecar_text(SIDECAR_TEXT + "<<: {extra: 1}\n"),
        [(S, "14", "-", "merge keys (<<) are not allowed")],
    ),
    (
        "sidecar-python-tag",
        sidecar_text(SIDECAR_TEXT + "extra: !!python/object/apply:os.system [echo]\n"),
        [(S, "14", "-", "not valid YAML: could not determine a constructor")],
    ),
    (
        "sidecar-too-large",
        sidecar_text(SIDECAR_TEXT + "description: '" + "x" * 300_000 + "'\n"),
        [(S, "0", "-", "the limit is 262,144")],
    ),
    ("sidecar-missing", no_sidecar, [("raw/demo/source.yaml", "0", "-", "missing sidecar")]),
    ("file-not-listed", unlisted_file, [("raw/demo/other.csv", "0", "-", "data file not listed in source.yaml")]),
    (
        "file-listed-twice",
        sidecar(files=["demo.csv", "demo.csv"]),
        [(S, "0", "files", "'demo.csv' is listed twice: list each file once")],
    ),
    (
        "same-key-in-two-files",
        same_key_in_two_files,
        [
            (
                "raw/demo/more.csv",
                "2",
                "-",
                "duplicate key (economy, indicator_id, period, sex, group, source_id) "
                "already on row 2 of raw/demo/demo.csv",
            )
        ],
    ),
    ("file-symlink-out", file_link, [(S, "0", "files", "is a symbolic link")]),
    ("folder-symlink-out", folder_link, [("raw/linked", "0", "-", "dataset folder is a symbolic link")]),
    (
        "dataset-name-twice",
        twin_datasets,
        [("raw/demo2/source.yaml", "0", "dataset", "dataset name 'demo' is also used")],
    ),
    # ---- SIM3 self-assessments
    (
        "sim3-unknown-column",
        sim3_csv(SIM3_HEADER + ",levle\n" + SIM3_ROW + ",3\n"),
        [("raw/sim3/sim3.csv", "1", "levle", "unknown column")],
    ),
    (
        "sim3-unterminated-quote",
        sim3_csv(SIM3_HEADER + "\n" + SIM3_ROW.replace("steward", '"steward') + "\n"),
        [("raw/sim3/sim3.csv", "2", "-", "unterminated quote")],
    ),
    # ---- capacity-building plans
    (
        "plans-duplicate-column",
        plans_csv(PLANS_HEADER + ",status\n" + PLANS_ROW + ",done\n"),
        [("raw/plans/plans.csv", "1", "status", "column appears twice")],
    ),
    (
        "plans-long-row",
        plans_csv(PLANS_HEADER + "\n" + PLANS_ROW + ",extra\n"),
        [("raw/plans/plans.csv", "2", "-", "row has 16 fields, header has 15")],
    ),
    # ---- survey microdata
    (
        "survey-latin1-line-12",
        survey(latin1_on_line(12)),
        [("raw/survey/respondents.csv", "12", "-", "not valid UTF-8")],
    ),
    (
        "survey-one-huge-line",
        survey(one_long_line),
        [("raw/survey/respondents.csv", "1", "-", "header line is longer")],
    ),
    # ---- SDMX-CSV and reference values: an unknown column is refused, never dropped
    (
        "sdmx-unknown-column",
        sdmx([f"{FLOW},IND_TOTAL,I_TEST1,PC_IND,RS,2023,51.2,,,x"], header=_SDMX_EXTRA),
        [("raw/eurostat_prv/isoc_cisci_prv20.csv", "1", "comment", "unknown column")],
    ),
    (
        "reference-unknown-column",
        reference_csv(REF_HEADER + ",comment\nEU27,EU,gci_2024_legal,L,2024,1,%,all,secondary,demo.s01,,x\n"),
        [("raw/ref/ref.csv", "1", "comment", "unknown column")],
    ),
    # ---- SDMX-CSV
    (
        "sdmx-unterminated-quote",
        sdmx([f'{FLOW},IND_TOTAL,I_TEST1,PC_IND,RS,2023,"51.2,,']),
        [("raw/eurostat_prv/isoc_cisci_prv20.csv", "2", "-", "unterminated quote")],
    ),
]


def _problems(err: str) -> list[dict]:
    return [LINE.match(x).groupdict() for x in err.splitlines() if LINE.match(x)]


@pytest.fixture(scope="module")
def baseline_dir(tmp_path_factory) -> Path:
    """A good dataset, built once for the module; every case starts from a copy of it (one build, not 81)."""
    from etl.build import build
    from tests.conftest import obs_row

    d = tmp_path_factory.mktemp("baseline") / "data"
    base = {"sources": [{"id": "base.s01", "title": "Base", "url": "https://example.org/b"}]}
    write_dataset(d, "base", [obs_row(indicator_id="gci_2024_technical", source_id="base.s01")], sidecar=base)
    build(d)
    return d


def _baseline(d: Path, built: Path) -> tuple[str, int]:
    """A good dataset built before the malformed input arrives: (build the link points to, observations).
    A copy of the module's build (its links are relative), so each case has a warehouse of its own."""
    shutil.copytree(built, d, symlinks=True, dirs_exist_ok=True)
    return _served(d)


def _served(d: Path) -> tuple[str, int]:
    """The build data/warehouse points to and its observation count."""
    from indicators.model.warehouse import Warehouse

    wh = Warehouse(d)
    try:
        return os.readlink(d / "warehouse"), int(wh.query("SELECT count(*) AS n FROM observations")["n"][0])
    finally:
        wh.close()


@pytest.mark.parametrize("make,expected", [pytest.param(m, e, id=i) for i, m, e in CASES])
def test_malformed_input_exits_2_with_its_message_in_check_and_build(data_dir, baseline_dir, capsys, make, expected):
    before = _baseline(data_dir, baseline_dir)
    builds_before = sorted(p.name for p in (data_dir / "builds").iterdir())
    make(data_dir)
    code = main(["--data-dir", str(data_dir), "check", str(data_dir / "raw")])
    out = capsys.readouterr()
    assert code == 2, out
    assert "Traceback" not in out.err
    checked = _problems(out.err)
    for file, row, col, text in expected:
        assert any(p["file"] == file and p["row"] == row and p["col"] == col and text in p["rule"] for p in checked), (
            file,
            row,
            col,
            text,
            checked,
        )
    code = main(["--data-dir", str(data_dir), "build"])
    out = capsys.readouterr()
    assert code == 2 and "Traceback" not in out.err
    assert _problems(out.err) == checked  # check and build agree on every case
    assert _served(data_dir) == before  # the warehouse and its observation count are unchanged
    assert sorted(p.name for p in (data_dir / "builds").iterdir()) == builds_before  # no build left behind


def test_a_file_listed_twice_is_one_message_and_check_names_paths_as_build_does(data_dir, capsys, monkeypatch):
    sidecar(files=["demo.csv", "demo.csv"])(data_dir)
    monkeypatch.chdir(data_dir.parent)  # `python -m etl check data/raw` from the project folder
    assert main(["--data-dir", "data", "check", "data/raw"]) == 2
    checked = capsys.readouterr().err
    assert main(["--data-dir", "data", "build"]) == 2
    built = capsys.readouterr().err
    assert (
        _problems(checked)
        == _problems(built)
        == [{"file": S, "row": "0", "col": "files", "rule": "'demo.csv' is listed twice: list each file once"}]
    )


def test_checking_one_dataset_folder_without_sidecar_agrees_with_build(data_dir, capsys):
    no_sidecar(data_dir)
    code = main(["--data-dir", str(data_dir), "check", str(data_dir / "raw" / "demo")])
    assert code == 2
    assert {
        "file": "raw/demo/source.yaml",
        "row": "0",
        "col": "-",
        "rule": "missing sidecar: every raw folder needs a source.yaml describing its source",
    } in _problems(capsys.readouterr().err)


def test_well_formed_unusual_inputs_are_accepted(data_dir, capsys):
    """BOM, CRLF line ends, XK for Kosovo* and a quoted note spanning two lines are fine."""
    text = (
        "\ufeff"
        + ",".join(OBS_HEADER)
        + "\r\n"
        + ROW.replace("ALB", "XK")
        + '"first line\r\nsecond line"\r\n'
        + ROW2
        + "\r\n"
    ).encode("utf-8")
    write_dataset(data_dir, "demo", raw_text=text)
    assert main(["--data-dir", str(data_dir), "build"]) == 0
    from indicators.model.warehouse import Warehouse

    wh = Warehouse(data_dir)
    try:
        obs = wh.table("observations")
    finally:
        wh.close()
    assert sorted(obs["economy"]) == ["SRB", "XKX"]
    assert obs.set_index("economy").loc["XKX", "note"] == "first line\r\nsecond line"


# ---------------------------------------------------------------- the indicator catalog


def _catalog(tmp_path: Path, indicators_yaml: str | None = None, pillars_yaml: str | None = None) -> Path:
    d = tmp_path / "catalog"
    d.mkdir()
    pillars = (
        pillars_yaml if pillars_yaml is not None else (ROOT / "indicators" / "catalog" / "_pillars.yaml").read_text()
    )
    (d / "_pillars.yaml").write_text(pillars, encoding="utf-8")
    if indicators_yaml is not None:
        (d / "things.yaml").write_text(indicators_yaml, encoding="utf-8")
    return d


def _pillars_with_rule(rule: str) -> str:
    """The bundled _pillars.yaml with its coverage rule replaced (a second coverage_rule key is refused)."""
    text = (ROOT / "indicators" / "catalog" / "_pillars.yaml").read_text()
    new = re.sub(r"(?m)^coverage_rule:\n(  .*\n)+", "coverage_rule: " + rule + "\n", text)
    assert new != text
    return new


IND = """indicators:
  - id: thing_a
    name: Thing A
    description: A test indicator.
    family: Test
    pillar: legal
    in_pillar_score: true
    unit: score
    scale: {min: 0, max: 100}
    direction: higher_is_better
    sources: [demo]
"""

CATALOG_CASES = [
    (
        "min-not-below-max",
        IND.replace("{min: 0, max: 100}", "{min: 5, max: 5}"),
        ("things.yaml", "indicators[0] (thing_a).scale", "min (5) must be smaller than max (5)"),
    ),
    (
        "unknown-pillar",
        IND.replace("pillar: legal", "pillar: legel"),
        ("things.yaml", "indicators[0] (thing_a).pillar", "'legel' is not allowed"),
    ),
    (
        "duplicate-id",
        IND + IND.split("\n", 1)[1],
        ("things.yaml", "indicators[1] (thing_a).id", "indicator 'thing_a' is already defined in things.yaml"),
    ),
    (
        "missing-scale",
        IND.replace("    scale: {min: 0, max: 100}\n", ""),
        ("things.yaml", "indicators[0] (thing_a).scale", "required key missing"),
    ),
    (
        "min-zero-as-word",
        IND.replace("{min: 0,", "{min: zero,"),
        ("things.yaml", "indicators[0] (thing_a).scale.min", "must be a number, got 'zero'"),
    ),
    ("yaml-syntax", IND.replace("name: Thing A", "name: [Thing A"), ("things.yaml", "line 4", "not valid YAML")),
    ("file-is-a-list", "- id: thing_a\n", ("things.yaml", "(top level)", "must be a mapping of keys")),
    (
        "typo-key",
        IND.replace("in_pillar_score", "in_pilar_score"),
        ("things.yaml", "indicators[0] (thing_a).in_pilar_score", "unknown key"),
    ),
    ("bad-lens", IND + "    lens: score\n", ("things.yaml", "indicators[0] (thing_a).lens", "'score' is not allowed")),
    (
        "catalog-alias",
        IND.replace("direction: higher", "direction: &d higher"),
        ("things.yaml", "line 10", "anchor &d"),
    ),
    (
        "catalog-duplicate-key",
        IND + "    pillar: technical\n",
        ("things.yaml", "line 12", "duplicate key 'pillar' (first on line 6)"),
    ),
    (
        "catalog-too-large",
        IND + "    notes: '" + "x" * 600_000 + "'\n",
        ("things.yaml", "(top level)", "the limit is 524,288"),
    ),
    ("coverage-share-above-1", None, ("_pillars.yaml", "coverage_rule.min_share", "the number 2 must be <= 1")),
]


@pytest.mark.parametrize("text,expected", [pytest.param(t, e, id=i) for i, t, e in CATALOG_CASES])
def test_catalog_errors_are_reported_with_file_path_and_rule(tmp_path, text, expected):
    from etl.build import build
    from etl.contracts import ValidationFailed
    from indicators.model.catalog import CatalogError, load_catalog
    from indicators.model.catalog_schema import catalog_errors

    pillars = None
    if text is None:
        pillars = _pillars_with_rule("{min_share: 2, min_index_indicators: 1}")
        text = IND
    d = _catalog(tmp_path, text, pillars)
    errors = catalog_errors(d)
    assert any(e[0] == expected[0] and e[1] == expected[1] and expected[2] in e[2] for e in errors), errors
    with pytest.raises(CatalogError) as err:
        load_catalog(d)
    assert err.value.errors == errors
    data = tmp_path / "data"
    (data / "raw").mkdir(parents=True)
    with pytest.raises(ValidationFailed):
        build(data, catalog_dir=d)


def test_every_catalog_error_is_reported_at_once(tmp_path):
    from indicators.model.catalog_schema import catalog_errors

    text = IND.replace("pillar: legal", "pillar: legel").replace("{min: 0,", "{min: zero,") + "    colour: red\n"
    got = {(e[1], e[2].split(" (")[0]) for e in catalog_errors(_catalog(tmp_path, text))}
    assert {p for p, _ in got} >= {
        "indicators[0] (thing_a).pillar",
        "indicators[0] (thing_a).scale.min",
        "indicators[0] (thing_a).colour",
    }


def test_the_agreed_optional_keys_are_allowed(tmp_path):
    from indicators.model.catalog_schema import catalog_errors

    pillars = _pillars_with_rule("{min_share: 0.5, min_index_indicators: 2}").replace(
        "    description: Gender", "    coverage_rule: {min_share: 0.5}\n    description: Gender"
    )
    assert catalog_errors(_catalog(tmp_path, IND + "    lens: status\n", pillars)) == []


def test_the_bundled_catalog_and_sidecars_satisfy_the_schemas():
    from indicators.model.catalog_schema import SOURCE_SCHEMA, catalog_errors, schema_errors

    assert catalog_errors() == []
    for path in sorted((ROOT / "data" / "raw").glob("*/source.yaml")):
        assert schema_errors(yaml.safe_load(path.read_text(encoding="utf-8")), SOURCE_SCHEMA, path.name) == []


def test_catalog_error_on_the_command_line_is_exit_2_not_a_traceback(tmp_path, capsys, monkeypatch):
    import etl.build as build_module

    d = _catalog(tmp_path, IND.replace("{min: 0,", "{min: zero,"))
    monkeypatch.setattr(build_module, "CATALOG_DIR", d)
    data = tmp_path / "data"
    (data / "raw").mkdir(parents=True)
    code = main(["--data-dir", str(data), "check", str(data / "raw")])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "catalog/things.yaml:0:indicators[0] (thing_a).scale.min: must be a number, got 'zero'" in err


def test_shipped_data_still_builds(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "raw", data / "raw")
    assert main(["--data-dir", str(data), "check", str(data / "raw")]) == 0


def test_utf8_error_line_is_byte_accurate_across_read_chunks(tmp_path):
    from etl.contracts import utf8_error

    path = tmp_path / "x.csv"
    lines = ["a,b"] + [f"{i},é" for i in range(1, 3000)]
    data = "\n".join(lines).encode("utf-8").split(b"\n")
    data[2399] = data[2399] + b"\xff"  # line 2400
    path.write_bytes(b"\n".join(data))
    for chunk in (7, 64, 1 << 20):
        assert utf8_error(path, chunk=chunk) == (2400, 0xFF)
    path.write_bytes("a,b\n1,é\n".encode())
    assert utf8_error(path, chunk=3) is None
