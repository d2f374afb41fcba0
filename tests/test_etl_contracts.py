"""Every bad-input case ends with exit code 2 and file:row:column: rule messages; nothing is loaded."""

from __future__ import annotations

import hashlib
import re
import shutil

import pytest

from etl.cli import main
from tests.conftest import OBS_HEADER, ROOT, obs_row, write_dataset

LINE = re.compile(r"^  (?P<file>[^:]+):(?P<row>\d+):(?P<col>[^:]+): (?P<rule>.+)$")


def run_check(data_dir, capsys, *args):
    code = main(["--data-dir", str(data_dir), *args])
    err = capsys.readouterr().err
    problems = [LINE.match(line).groupdict() for line in err.splitlines() if LINE.match(line)]
    return code, problems, err


def check_one(data_dir, capsys):
    return run_check(data_dir, capsys, "check", str(data_dir / "raw"))


def test_valid_dataset_passes(data_dir, capsys):
    write_dataset(
        data_dir,
        "demo",
        [obs_row(), obs_row(economy="XK", indicator_id="gci_2024_legal", value="", status="not_covered")],
    )
    code, problems, _ = check_one(data_dir, capsys)
    assert code == 0 and problems == []


def test_missing_column(data_dir, capsys):
    header = [h for h in OBS_HEADER if h != "confidence"]
    write_dataset(data_dir, "demo", [obs_row()], header=header)
    code, problems, _ = check_one(data_dir, capsys)
    assert code == 2
    assert {"file": "raw/demo/demo.csv", "row": "1", "col": "confidence", "rule": "required column missing"} in problems


def test_wrong_type(data_dir, capsys):
    write_dataset(
        data_dir, "demo", [obs_row(), obs_row(economy="SRB", value="high"), obs_row(economy="MNE", period="twenty")]
    )
    code, problems, _ = check_one(data_dir, capsys)
    assert code == 2
    assert ("3", "value", "not a number: 'high'") in [(p["row"], p["col"], p["rule"]) for p in problems]
    assert any(p["row"] == "4" and p["col"] == "period" for p in problems)


def test_unknown_economy(data_dir, capsys):
    write_dataset(data_dir, "demo", [obs_row(economy="HRV")])
    code, problems, _ = check_one(data_dir, capsys)
    assert code == 2
    assert problems[0]["row"] == "2" and problems[0]["col"] == "economy"
    assert "unknown economy code 'HRV'" in problems[0]["rule"]


def test_value_outside_scale(data_dir, capsys):
    write_dataset(data_dir, "demo", [obs_row(value="25")])  # GCI pillar scale is 0-20
    code, problems, _ = check_one(data_dir, capsys)
    assert code == 2
    assert problems == [
        {
            "file": "raw/demo/demo.csv",
            "row": "2",
            "col": "value",
            "rule": "25 is outside the declared scale 0 to 20 of gci_2024_legal",
        }
    ]


def test_unknown_category(data_dir, capsys):
    write_dataset(data_dir, "demo", [obs_row(indicator_id="budapest_convention", value="", value_text="maybe")])
    code, problems, _ = check_one(data_dir, capsys)
    assert code == 2 and problems[0]["col"] == "value_text" and "'maybe' is not a category" in problems[0]["rule"]


def test_duplicate_key(data_dir, capsys):
    write_dataset(data_dir, "demo", [obs_row(), obs_row(economy="SRB"), obs_row()])
    code, problems, _ = check_one(data_dir, capsys)
    assert code == 2
    assert problems == [
        {
            "file": "raw/demo/demo.csv",
            "row": "4",
            "col": "-",
            "rule": "duplicate key (economy, indicator_id, period, sex, group, source_id) already on row 2",
        }
    ]


def test_two_preferred_values_from_different_sources(data_dir, capsys):
    write_dataset(
        data_dir,
        "demo",
        [obs_row(), obs_row(source_id="demo.s02", value="18.1")],
        sidecar={
            "sources": [
                {"id": "demo.s01", "title": "A", "url": "https://a"},
                {"id": "demo.s02", "title": "B", "url": "https://b"},
            ]
        },
    )
    code, problems, _ = check_one(data_dir, capsys)
    assert code == 2 and problems[0]["row"] == "3" and problems[0]["col"] == "preferred"


def test_indicator_missing_from_catalog(data_dir, capsys):
    write_dataset(data_dir, "demo", [obs_row(indicator_id="made_up_index")])
    code, problems, _ = check_one(data_dir, capsys)
    assert code == 2
    assert problems[0]["col"] == "indicator_id" and "'made_up_index' is not in the catalog" in problems[0]["rule"]


def test_empty_file(data_dir, capsys):
    write_dataset(data_dir, "demo", raw_text=b"")
    code, problems, _ = check_one(data_dir, capsys)
    assert code == 2
    assert problems == [
        {"file": "raw/demo/demo.csv", "row": "0", "col": "-", "rule": "empty file: expected a header row and data rows"}
    ]


def test_header_only(data_dir, capsys):
    write_dataset(data_dir, "demo", raw_text=(",".join(OBS_HEADER) + "\n").encode())
    code, problems, _ = check_one(data_dir, capsys)
    assert code == 2
    assert problems == [
        {"file": "raw/demo/demo.csv", "row": "1", "col": "-", "rule": "header only: the file has no data rows"}
    ]


def test_non_utf8_text(data_dir, capsys):
    text = (
        ",".join(OBS_HEADER) + "\nALB,gci_2024_legal,2024,18.5,,total,all,observed,verified,demo.s01,true,"
        "Zakon o informacionoj bezbjednosti\nSRB,gci_2024_legal,2024,19,,total,all,observed,verified,"
        "demo.s01,true,Информациона\n"
    )
    write_dataset(data_dir, "demo", raw_text=text.encode("cp1251"))
    code, problems, _ = check_one(data_dir, capsys)
    assert code == 2
    assert problems[0]["row"] == "3" and problems[0]["col"] == "-"
    assert problems[0]["rule"].startswith("not valid UTF-8 text")


def test_decimal_comma(data_dir, capsys):
    text = ",".join(OBS_HEADER) + '\nBIH,gci_2024_legal,2024,"12,08",,total,all,observed,verified,demo.s01,true,\n'
    write_dataset(data_dir, "demo", raw_text=text.encode())
    code, problems, _ = check_one(data_dir, capsys)
    assert code == 2
    assert problems == [
        {
            "file": "raw/demo/demo.csv",
            "row": "2",
            "col": "value",
            "rule": "decimal comma in '12,08': write '12.08' (decimal point)",
        }
    ]


def test_missing_sidecar(data_dir, capsys):
    folder = write_dataset(data_dir, "demo", [obs_row()])
    (folder / "source.yaml").unlink()
    code, problems, _ = check_one(data_dir, capsys)
    assert code == 2 and problems[0]["file"] == "raw/demo/source.yaml"


def test_every_problem_is_listed_at_once(data_dir, capsys):
    write_dataset(
        data_dir,
        "demo",
        [obs_row(economy="HRV"), obs_row(economy="SRB", value="99"), obs_row(economy="MNE", indicator_id="nope")],
    )
    code, problems, _ = check_one(data_dir, capsys)
    assert code == 2 and [p["row"] for p in problems] == ["2", "3", "4"]


def test_missing_value_is_not_a_number(data_dir, capsys):
    write_dataset(data_dir, "demo", [obs_row(status="not_covered", value="0")])
    code, problems, _ = check_one(data_dir, capsys)
    assert code == 2 and "must not carry a value" in problems[0]["rule"]


def tree_digest(path):
    digest = hashlib.sha256()
    for f in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(str(f.relative_to(path)).encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()


def test_failed_build_leaves_previous_warehouse_unchanged(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "raw", data / "raw")
    assert main(["--data-dir", str(data), "build"]) == 0
    before_link = (data / "warehouse").resolve()
    before = tree_digest(before_link)
    db_sha = hashlib.sha256((data / "warehouse" / "cyber.duckdb").read_bytes()).hexdigest()
    bad = data / "raw" / "itu_gci_pillars" / "itu_gci_pillars.csv"
    bad.write_text(bad.read_text(encoding="utf-8").replace(",18.13,", ",18,13,", 1), encoding="utf-8")
    capsys.readouterr()
    code = main(["--data-dir", str(data), "build"])
    err = capsys.readouterr().err
    assert code == 2
    assert "raw/itu_gci_pillars/itu_gci_pillars.csv:2:-: row has 14 fields, header has 13" in err
    assert "previous warehouse was left unchanged" in err
    assert (data / "warehouse").resolve() == before_link
    assert tree_digest(before_link) == before
    assert hashlib.sha256((data / "warehouse" / "cyber.duckdb").read_bytes()).hexdigest() == db_sha
    assert not list((data / "builds").glob(".tmp-*"))


def test_build_summary_and_atomic_swap(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "raw", data / "raw")
    assert main(["--data-dir", str(data), "build"]) == 0
    first = (data / "warehouse").resolve()
    out = capsys.readouterr().out
    assert "observations: " in out and "real: " in out and "sources: " in out
    assert main(["--data-dir", str(data), "build"]) == 0
    assert (data / "warehouse").is_symlink() and (data / "warehouse").resolve() != first
    assert first.exists(), "the previous build stays for readers that still have it open"


@pytest.mark.parametrize("args", [["check", "does/not/exist"]])
def test_check_missing_path(args, capsys, tmp_path):
    assert main(["--data-dir", str(tmp_path), *args]) == 2
