"""Survey microdata through the ETL: validated in DuckDB, every bad value reported as file:row:column
with the CSV line number (exit 2), loaded as Parquet plus aggregates, demonstration rows badged."""

from __future__ import annotations

import gc
import importlib.util
import json
import re
import shutil

import duckdb
import pandas as pd
import pytest
import yaml

from etl.build import build, check
from etl.cli import main
from indicators.method.scoring import pillar_scores
from indicators.model.warehouse import Warehouse
from indicators.topics.hygiene import queries as hq
from tests.conftest import ROOT

LINE = re.compile(r"^  (?P<file>[^:]+):(?P<row>\d+):(?P<col>[^:]+): (?P<rule>.+)$")
FILE = "raw/survey/respondents.csv"


def generator():
    spec = importlib.util.spec_from_file_location("generate_demo_survey", ROOT / "scripts" / "generate_demo_survey.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen():
    return generator()


def make_survey(data_dir, gen, rows=300, edit=None, sidecar=None):
    folder = gen.write_dataset(data_dir / "raw" / "survey", rows, seed=7)
    path = folder / "respondents.csv"
    if edit is not None:
        lines = path.read_text(encoding="utf-8").split("\n")
        edit(lines)
        path.write_text("\n".join(lines), encoding="utf-8")
    if sidecar is not None:
        meta = yaml.safe_load((folder / "source.yaml").read_text(encoding="utf-8"))
        sidecar(meta)
        (folder / "source.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    return folder


def set_cell(lines, line_no, column, value):
    """Set one cell of the CSV line ``line_no`` (1-based, header = 1)."""
    header = lines[0].split(",")
    cells = lines[line_no - 1].split(",")
    cells[header.index(column)] = value
    lines[line_no - 1] = ",".join(cells)


def run_check(data_dir, capsys):
    code = main(["--data-dir", str(data_dir), "check", str(data_dir / "raw")])
    err = capsys.readouterr().err
    return code, [LINE.match(x).groupdict() for x in err.splitlines() if LINE.match(x)]


def no_staging_left(data_dir):
    gc.collect()
    return not list((data_dir / "builds").glob(".tmp-survey-*")) if (data_dir / "builds").exists() else True


# ---------------------------------------------------------------- the good path
def test_valid_survey_builds_parquet_cells_and_observations(data_dir, gen, capsys):
    make_survey(data_dir, gen, rows=600)
    code, problems = run_check(data_dir, capsys)
    assert code == 0 and problems == []
    assert no_staging_left(data_dir)
    result = build(data_dir)
    assert no_staging_left(data_dir)
    tables = result.manifest["tables"]
    assert tables["survey_responses"] == 600 and tables["survey_questions"] == 20 and tables["survey_groups"] == 4
    pq = result.path / "parquet" / "survey_responses.parquet"
    con = duckdb.connect()
    cols = dict(
        con.execute(
            "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))", [str(pq)]
        ).fetchall()
    )
    assert cols["weight"] == "DOUBLE" and cols["q_two_factor"] == "BOOLEAN" and cols["year"] == "SMALLINT"
    assert not any(c.startswith("_bad") for c in cols)
    raw = pd.read_csv(data_dir / "raw" / "survey" / "respondents.csv", keep_default_na=False)
    got = con.execute(
        "SELECT count(*) FILTER (WHERE q_two_factor), count(q_two_factor), sum(weight) FROM read_parquet(?)", [str(pq)]
    ).fetchall()[0]
    assert got[0] == (raw["q_two_factor"] == "yes").sum() and got[1] == (raw["q_two_factor"] != "").sum()
    assert got[2] == pytest.approx(raw["weight"].sum())
    wh = Warehouse(data_dir)
    try:
        obs = wh.observations()
        mine = obs[obs["dataset"] == "survey"]
        assert set(mine["confidence"]) == {"synthetic"} and mine["note"].str.contains("DEMONSTRATION DATA").all()
        cells_share = hq.shares(wh.query, dataset="survey", year=2025).set_index(["economy", "question"])
        row = mine[
            (mine["indicator_id"] == "survey_two_factor_share")
            & (mine["economy"] == "SRB")
            & (mine["sex"] == "total")
            & (mine["group"] == "all")
        ].iloc[0]
        assert row["value"] == pytest.approx(cells_share.loc[("SRB", "q_two_factor"), "share"], abs=1e-4)
        # the same estimate straight from the respondent Parquet (no pandas copy)
        direct = hq.shares(
            wh.query,
            dataset="survey",
            year=2025,
            source=hq.ParquetSource(str(pq), tuple(c for c in cols if c.startswith("q_"))),
        )
        assert direct.set_index(["economy", "question"]).loc[("SRB", "q_two_factor"), "share"] == pytest.approx(
            row["value"], abs=1e-4
        )
        assert {"age_16-24", "disability", "all"} <= set(mine["group"])
        assert len(mine[mine["status"] == "suppressed"]) > 0  # 600 respondents: small cells are suppressed
        assert mine.loc[mine["status"] == "suppressed", "value"].isna().all()
    finally:
        wh.close()


def test_line_numbers_count_blank_lines_and_quoted_line_breaks(data_dir, gen, capsys):
    def edit(lines):
        set_cell(lines, 5, "respondent_id", '"R-with\nbreak"')  # one record over file lines 5 and 6
        lines.insert(10, "")  # a blank file line 12
        set_cell(lines, 15, "economy", "HRV")  # the record on file line 16

    make_survey(data_dir, gen, edit=edit)
    text = (data_dir / "raw" / "survey" / "respondents.csv").read_text().split("\n")
    assert text[15].split(",")[1] == "HRV" and text[11] == "" and text[4].startswith('"R-with')
    code, problems = run_check(data_dir, capsys)
    assert code == 2
    assert problems == [
        {
            "file": FILE,
            "row": "16",
            "col": "economy",
            "rule": "unknown economy code 'HRV' (expected ALB, BIH, XKX, MNE, MKD, SRB; XK is accepted for XKX)",
        }
    ]


# ---------------------------------------------------------------- every bad-input case: exit 2, file:row:column
@pytest.mark.parametrize(
    "line,column,value,rule",
    [
        (
            4,
            "economy",
            "HRV",
            "unknown economy code 'HRV' (expected ALB, BIH, XKX, MNE, MKD, SRB; XK is accepted for XKX)",
        ),
        (6, "weight", "0", "weight must be a finite number greater than 0, got '0'"),
        (7, "weight", "-1.5", "weight must be a finite number greater than 0, got '-1.5'"),
        (8, "weight", "abc", "weight is not a number: 'abc'"),
        (9, "weight", '"1,5"', "decimal comma in '1,5': write '1.5' (decimal point)"),
        (10, "q_two_factor", "maybe", "answer must be yes or no (empty = not answered), got 'maybe'"),
        (11, "vg_disability", "unsure", "answer must be yes or no (empty = not answered), got 'unsure'"),
        (12, "year", "25", "must be a year between 1990 and 2100, got '25'"),
        (13, "sex", "f", "unknown sex 'f' (expected female, male, other, not_stated)"),
        (14, "age_band", "18-24", "unknown age band '18-24' (expected 16-24, 25-34, 35-44, 45-54, 55-64, 65-74, 75+)"),
        (15, "area", "suburb", "unknown area 'suburb' (expected urban, rural, unknown)"),
        (16, "respondent_id", "", "respondent_id is empty: every respondent needs an identifier"),
    ],
)
def test_bad_value(data_dir, gen, capsys, line, column, value, rule):
    make_survey(data_dir, gen, edit=lambda lines: set_cell(lines, line, column, value))
    code, problems = run_check(data_dir, capsys)
    assert code == 2
    assert problems == [{"file": FILE, "row": str(line), "col": column, "rule": rule}]


def test_bad_values_deep_in_a_file_of_several_row_groups(data_dir, gen, capsys):
    # The clean path tests every value rule at once in one filter that DuckDB may evaluate on row group
    # statistics and dictionaries; a single bad value in a later row group must still be found and reported.
    rows = 130_000  # more than one Parquet row group (DuckDB writes about 122,880 rows per group)

    def edit(lines):
        set_cell(lines, 70_001, "weight", "inf")
        set_cell(lines, rows + 1, "age_band", "15-24")

    make_survey(data_dir, gen, rows=rows, edit=edit)
    code, problems = run_check(data_dir, capsys)
    assert code == 2
    assert problems == [
        {
            "file": FILE,
            "row": "70001",
            "col": "weight",
            "rule": "weight must be a finite number greater than 0, got 'inf'",
        },
        {
            "file": FILE,
            "row": str(rows + 1),
            "col": "age_band",
            "rule": "unknown age band '15-24' (expected 16-24, 25-34, 35-44, 45-54, 55-64, 65-74, 75+)",
        },
    ]


def test_every_bad_value_is_listed_at_once_and_capped_per_rule(data_dir, gen, capsys):
    def edit(lines):
        for n in range(2, 40):
            set_cell(lines, n, "q_backup", "sometimes")
        set_cell(lines, 50, "weight", "0")
        set_cell(lines, 60, "economy", "Kosovo")

    make_survey(data_dir, gen, edit=edit)
    code, problems = run_check(data_dir, capsys)
    assert code == 2
    backup = [p for p in problems if p["col"] == "q_backup"]
    assert [p["row"] for p in backup[:20]] == [str(n) for n in range(2, 22)]
    assert backup[20] == {
        "file": FILE,
        "row": "0",
        "col": "q_backup",
        "rule": "38 rows in total break this rule (first 20 listed)",
    }
    assert {
        "file": FILE,
        "row": "50",
        "col": "weight",
        "rule": "weight must be a finite number greater than 0, got '0'",
    } in problems
    assert any(p["row"] == "60" and p["col"] == "economy" for p in problems)


def test_common_boolean_spellings_are_read_as_yes_and_no(data_dir, gen, capsys):
    def edit(lines):
        set_cell(lines, 2, "q_backup", "Y")
        set_cell(lines, 3, "q_backup", "1")
        set_cell(lines, 4, "q_backup", "NO")
        set_cell(lines, 5, "q_backup", "")

    make_survey(data_dir, gen, edit=edit)
    extracted, problems = check([data_dir / "raw" / "survey"], root=data_dir)
    assert problems == []
    build(data_dir)
    con = duckdb.connect()
    got = con.execute(
        "SELECT q_backup FROM read_parquet(?) WHERE respondent_id <= 'R00000004' ORDER BY respondent_id",
        [str(data_dir / "warehouse" / "parquet" / "survey_responses.parquet")],
    ).fetchall()
    assert [g[0] for g in got] == [True, True, False, None]


def test_duplicate_respondent(data_dir, gen, capsys):
    make_survey(data_dir, gen, edit=lambda lines: set_cell(lines, 30, "respondent_id", lines[2].split(",")[0]))
    code, problems = run_check(data_dir, capsys)
    assert code == 2
    assert problems == [
        {
            "file": FILE,
            "row": "30",
            "col": "respondent_id",
            "rule": "duplicate respondent_id 'R00000002' (already on row 3)",
        }
    ]


def test_missing_column(data_dir, gen, capsys):
    def edit(lines):
        for i, line in enumerate(lines):
            if line:
                cells = line.split(",")
                del cells[3]  # weight
                lines[i] = ",".join(cells)

    make_survey(data_dir, gen, edit=edit)
    code, problems = run_check(data_dir, capsys)
    assert code == 2
    assert problems == [{"file": FILE, "row": "1", "col": "weight", "rule": "required column missing"}]


def test_unknown_column_and_undescribed_question(data_dir, gen, capsys):
    def edit(lines):
        lines[0] = lines[0].replace("q_backup", "q_bakup")

    make_survey(data_dir, gen, edit=edit)
    code, problems = run_check(data_dir, capsys)
    assert code == 2
    assert {
        "file": "raw/survey/source.yaml",
        "row": "0",
        "col": "questions.q_bakup",
        "rule": "question not described: give it a label and a kind (practice or incident)",
    } in problems
    assert {
        "file": "raw/survey/source.yaml",
        "row": "0",
        "col": "questions.q_backup",
        "rule": "described question is not a column of the file",
    } in problems


def test_malformed_rows_are_reported_with_their_lines(data_dir, gen, capsys):
    def edit(lines):
        lines[4] = lines[4] + ",extra"
        lines[8] = ",".join(lines[8].split(",")[:5])

    make_survey(data_dir, gen, edit=edit)
    code, problems = run_check(data_dir, capsys)
    assert code == 2
    rows = [(p["row"], p["rule"]) for p in problems]
    assert ("5", "malformed CSV row: Expected Number of Columns: 31 Found: 32") in rows
    assert ("9", "malformed CSV row: Expected Number of Columns: 31 Found: 5") in rows


@pytest.mark.parametrize("line", [1, 2, 150, 301])
def test_a_byte_that_is_not_utf8_is_the_one_problem_reported_with_its_line(data_dir, gen, capsys, line):
    """The header line is decoded first; the rest is checked by DuckDB's reader and, only when it finds
    a bad byte, located by a byte scan: one problem, the same line and byte as a full scan gives."""
    folder = make_survey(data_dir, gen, rows=300)
    path = folder / "respondents.csv"
    lines = path.read_bytes().split(b"\n")
    lines[line - 1] = lines[line - 1].replace(b",", b",\xe9", 1)
    path.write_bytes(b"\n".join(lines))
    code, problems = run_check(data_dir, capsys)
    assert code == 2
    assert problems == [
        {"file": FILE, "row": str(line), "col": "-", "rule": "not valid UTF-8 text (byte 0xe9); save the file as UTF-8"}
    ]


def test_header_line_ends_at_a_lone_carriage_return(data_dir, gen, capsys):
    """The header is the text up to the first line end, \\r alone included (as a text-mode reader splits)."""
    folder = make_survey(data_dir, gen, rows=300)
    path = folder / "respondents.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\n", "\r"), encoding="utf-8")
    code, problems = run_check(data_dir, capsys)
    assert not any(p["row"] == "1" for p in problems), problems


@pytest.mark.parametrize(
    "text,row,rule",
    [
        ("", "0", "empty file: expected a header row and data rows"),
        (None, "1", "header only: the file has no data rows"),
    ],
)
def test_empty_and_header_only(data_dir, gen, capsys, text, row, rule):
    folder = make_survey(data_dir, gen)
    path = folder / "respondents.csv"
    path.write_text(path.read_text().split("\n")[0] + "\n" if text is None else text, encoding="utf-8")
    code, problems = run_check(data_dir, capsys)
    assert code == 2 and problems == [{"file": FILE, "row": row, "col": "-", "rule": rule}]


@pytest.mark.parametrize(
    "change,col,rule",
    [
        (
            lambda m: m.pop("confidence"),
            "confidence",
            "a survey needs confidence (verified, secondary, synthetic), got 'None'",
        ),
        (lambda m: m.update(min_n=0), "min_n", "the number 0 must be >= 1"),
        (
            lambda m: m["questions"]["q_backup"].update(share_indicator="nope"),
            "questions.q_backup.share_indicator",
            "indicator 'nope' is not in the catalog (indicators/catalog/*.yaml)",
        ),
        (
            lambda m: m["questions"]["q_backup"].update(kind="habit"),
            "questions.q_backup.kind",
            "'habit' is not allowed (expected one of: practice, incident)",
        ),
    ],
)
def test_sidecar_problems(data_dir, gen, capsys, change, col, rule):
    make_survey(data_dir, gen, sidecar=change)
    code, problems = run_check(data_dir, capsys)
    assert code == 2 and {"file": "raw/survey/source.yaml", "row": "0", "col": col, "rule": rule} in problems


def test_failed_build_leaves_warehouse_and_no_staging(data_dir, gen, capsys):
    folder = make_survey(data_dir, gen)
    assert main(["--data-dir", str(data_dir), "build"]) == 0
    before = (data_dir / "warehouse").resolve()
    path = folder / "respondents.csv"
    lines = path.read_text().split("\n")
    set_cell(lines, 3, "q_backup", "perhaps")
    path.write_text("\n".join(lines))
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "build"]) == 2
    err = capsys.readouterr().err
    assert (
        "raw/survey/respondents.csv:3:q_backup: answer must be yes or no (empty = not answered), got 'perhaps'" in err
    )
    assert (data_dir / "warehouse").resolve() == before
    assert no_staging_left(data_dir)


# ---------------------------------------------------------------- reuse of a clean file's work
def warehouse_tables(build_path):
    """Every table of a build's cyber.duckdb and its respondent Parquet file, as sorted frames."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{build_path / 'cyber.duckdb'}' AS w (READ_ONLY)")
    names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'w'").fetchall()]
    out = {n: con.execute(f'SELECT * FROM w."{n}" ORDER BY ALL').df() for n in names}
    pq = build_path / "parquet" / "survey_responses.parquet"
    out["survey_responses.parquet"] = con.execute("SELECT * FROM read_parquet(?) ORDER BY ALL", [str(pq)]).df()
    con.close()
    return out


def assert_same_tables(a, b, exact=True):
    """Equal tables; ``exact=False`` for two separate readings: DuckDB sums weights on two threads, in an order
    that may differ in the last bits from one reading to the next."""
    assert sorted(a) == sorted(b)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=exact, rtol=1e-12, atol=1e-9, obj=name)


def test_an_unchanged_file_is_not_read_again_and_builds_the_same_tables(data_dir, gen, monkeypatch):
    from etl.formats import survey

    make_survey(data_dir, gen, rows=600)
    first = build(data_dir)
    cache = data_dir / "builds" / survey.CACHE_DIR / "survey"
    assert json.loads((cache / "info.json").read_text())["input_rows"] == 600

    def not_again(*_args, **_kw):
        raise AssertionError("the respondent file was read again")

    monkeypatch.setattr(survey, "_aggregate", not_again)
    second = build(data_dir)
    assert second.manifest["tables"]["survey_responses"] == 600
    assert_same_tables(warehouse_tables(first.path), warehouse_tables(second.path))
    assert second.manifest["inputs"] == first.manifest["inputs"]  # rows read per file included
    # the respondent file is shared with the cache, not copied
    pq = second.path / "parquet" / "survey_responses.parquet"
    assert pq.stat().st_ino == (cache / survey.RESPONSES_PARQUET).stat().st_ino
    assert no_staging_left(data_dir)


def test_a_changed_value_of_the_same_length_or_a_changed_sidecar_is_read_again(data_dir, gen, tmp_path):
    from etl.formats import survey

    folder = make_survey(data_dir, gen, rows=600)
    build(data_dir)
    path = folder / "respondents.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    weight = lines[1].split(",")[header.index("weight")]
    set_cell(lines, 2, "weight", weight[:-1] + ("1" if weight[-1] != "1" else "2"))  # same length
    before = path.stat().st_size
    path.write_text("\n".join(lines), encoding="utf-8")
    assert path.stat().st_size == before
    edited = build(data_dir)
    # the same as a build of the same files with nothing kept
    fresh = tmp_path / "fresh"
    shutil.copytree(data_dir / "raw", fresh / "raw")
    assert_same_tables(warehouse_tables(edited.path), warehouse_tables(build(fresh).path), exact=False)
    # a sidecar change (a larger minimum cell size suppresses more) is a new key too
    meta = yaml.safe_load((folder / "source.yaml").read_text(encoding="utf-8"))
    meta["min_n"] = 1000
    (folder / "source.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    strict = build(data_dir)
    wh = Warehouse(data_dir)
    try:
        mine = wh.observations().query("dataset == 'survey'")
        assert (mine["status"] == "suppressed").all()
    finally:
        wh.close()
    info = json.loads((data_dir / "builds" / survey.CACHE_DIR / "survey" / "info.json").read_text())
    assert strict.manifest["tables"]["survey_responses"] == info["input_rows"] == 600


def test_without_reuse_the_file_is_read_in_full_and_nothing_is_kept(data_dir, gen, monkeypatch):
    """The hooks a build sets (``build(use_cache=False)`` turns REUSE off; DIGEST is its sha256 per file),
    exercised through ``check`` so that a build's own settings do not mask them."""
    from etl.formats import survey

    folder = make_survey(data_dir, gen)
    token = survey.REUSE.set(False)
    try:
        assert check([folder], root=data_dir)[1] == []
        assert not (data_dir / "builds" / survey.CACHE_DIR / "survey").exists()
    finally:
        survey.REUSE.reset(token)
    assert check([folder], root=data_dir)[1] == []  # kept now
    hashed = []
    token = survey.DIGEST.set(lambda path: hashed.append(path.name) or survey.file_sha256(path))
    try:
        monkeypatch.setattr(survey, "_aggregate", lambda *a: pytest.fail("the respondent file was read again"))
        extracted, problems = check([folder], root=data_dir)  # reused, with the given digest of the file
        assert problems == [] and hashed == ["respondents.csv"]
        assert extracted[0].tables["survey_datasets"].iloc[0]["respondents"] == 300
        del extracted
        survey.REUSE.set(False)
        monkeypatch.undo()  # the file is read in full again, and the kept work not even looked up
        monkeypatch.setattr(survey, "_cached", lambda *a: pytest.fail("the kept work was looked up"))
        assert check([folder], root=data_dir)[1] == []
    finally:
        survey.DIGEST.reset(token)
        survey.REUSE.set(True)
    assert no_staging_left(data_dir)


def test_without_reuse_the_build_digest_of_the_file_is_taken_once_while_it_is_read(data_dir, gen):
    """--no-cache keeps nothing, but the build hashes every input for its manifest: the adapter has that digest
    (DIGEST) taken while DuckDB reads the file, once, and the build's later call finds it done."""
    from etl.formats import survey
    from etl.parse_cache import Digests

    folder = make_survey(data_dir, gen)
    calls = []
    digests = Digests()

    def spy(path):
        calls.append(path.name)
        return digests(path)

    tokens = survey.REUSE.set(False), survey.DIGEST.set(spy)
    try:
        extracted, problems = check([folder], root=data_dir)
    finally:
        survey.REUSE.reset(tokens[0])
        survey.DIGEST.reset(tokens[1])
    assert problems == [] and calls == ["respondents.csv"]
    assert not (data_dir / "builds" / survey.CACHE_DIR / "survey").exists()
    path = (folder / "respondents.csv").absolute()
    assert digests._known == {path: survey.file_sha256(path)}  # the manifest's digest, ready
    del extracted
    assert no_staging_left(data_dir)


def test_the_parse_cache_hashes_a_folder_before_its_adapter_reads_it(data_dir, gen):
    """Even a folder it holds no entry for (survey microdata is never kept there) is hashed at the lookup,
    before the adapter reads it: the build's digests (the survey's cache key, the manifest) then describe
    content no newer than what was read, so a file replaced during a build makes the next build read it
    again. Hashing only after the read (or while it runs) could keep an old result under the new key."""
    from etl.parse_cache import Digests, ParseCache
    from indicators.model.paths import CATALOG_DIR

    folder = make_survey(data_dir, gen)
    calls = []
    digests = Digests()
    cache = ParseCache(data_dir, CATALOG_DIR, lambda path: calls.append(path.name) or digests(path))
    assert cache.get(folder) is None
    assert {p.name for p in folder.iterdir() if p.is_file()} <= set(calls)  # the respondent file and source.yaml
    extracted, problems = check([folder], root=data_dir)
    assert problems == []
    cache.put(folder, extracted[0])  # not kept: it has a loader
    assert cache.get(folder) is None
    del extracted
    assert no_staging_left(data_dir)


@pytest.mark.parametrize("min_n", [1, 30, 80])
def test_the_adapters_differences_are_the_difference_queries_to_the_last_bit(data_dir, gen, min_n):
    """The observations take the female-male and group-rest differences from estimates already fetched
    (survey._differences) instead of running hq.gender_gap and hq.group_gap: the same rows, order and floats."""
    from etl.formats import survey
    from indicators.topics.hygiene import stats as hs

    folder = make_survey(data_dir, gen, rows=600)
    extracted, problems = check([folder], root=data_dir)
    assert problems == []
    con = duckdb.connect()
    con.register("cells_df", extracted[0].tables["survey_cells"])
    con.execute("CREATE TABLE survey_cells AS SELECT * FROM cells_df")
    q = hs.duckdb_query(con)
    flags = [f for f in extracted[0].tables["survey_groups"]["flag"]]
    every = survey._records(hq.shares(q, dataset="survey", year=None, dims=("all", "age_band", *flags), min_n=min_n))
    by_sex = survey._records(
        hq.shares(q, dataset="survey", year=None, dims=("all",), by_sex=True, sexes=("female", "male"), min_n=min_n)
    )
    pairs = [
        (
            hq.gender_gap(q, dataset="survey", year=None, dims=("all",), min_n=min_n),
            survey._differences(
                by_sex, "sex", ("female", "male"), ("economy", "year", "dim", "value", "question"), ("female", "male")
            ),
        ),
        (
            hq.group_gap(q, dataset="survey", year=None, groups=flags, min_n=min_n),
            survey._differences(
                [r for r in every if r["dim"] in flags],
                "value",
                ("yes", "no"),
                ("economy", "year", "dim", "question"),
                ("group", "rest"),
            ),
        ),
    ]
    statuses = set()
    for frame, rows in pairs:
        expected = survey._records(frame)
        assert len(rows) == len(expected) > 0
        for want, got in zip(expected, rows):
            assert set(want) == set(got)
            for col, value in want.items():
                if survey._present(value) or survey._present(got[col]):
                    assert got[col] == value, (col, want, got)  # exact: the same formula, term for term
            statuses.add(got["status"])
    con.close()
    del extracted
    assert statuses == {1: {"observed"}, 30: {"observed", "suppressed"}, 80: {"suppressed"}}[min_n]


def test_a_kept_entry_gone_between_lookup_and_link_means_a_full_reading(data_dir, gen, monkeypatch):
    from etl.formats import survey

    make_survey(data_dir, gen)
    build(data_dir)
    real = survey._cached

    def vanishing(*args):  # another build replaced the entry right after it was found
        hit = real(*args)
        shutil.rmtree(survey._cache_folder(data_dir, "survey"))
        return hit

    monkeypatch.setattr(survey, "_cached", vanishing)
    assert build(data_dir).manifest["tables"]["survey_responses"] == 300
    assert (data_dir / "builds" / survey.CACHE_DIR / "survey" / "info.json").exists()  # kept again
    assert no_staging_left(data_dir)


def test_a_file_with_problems_is_never_kept_and_reports_the_same_each_time(data_dir, gen, capsys):
    from etl.formats import survey

    make_survey(data_dir, gen, edit=lambda lines: set_cell(lines, 3, "q_backup", "perhaps"))
    first = run_check(data_dir, capsys)
    second = run_check(data_dir, capsys)
    assert first == second and first[0] == 2
    assert {"file": FILE, "row": "3", "col": "q_backup", "rule": survey._answer_rule("perhaps")} in first[1]
    assert not (data_dir / "builds" / survey.CACHE_DIR / "survey").exists()


# ---------------------------------------------------------------- the bundled demonstration survey
def test_bundled_demo_survey_is_small_badged_and_kept_out_of_default_scores(bundled_data_dir, bundled_obs, catalog):
    raw = ROOT / "data" / "raw" / "demo_hygiene_survey"
    meta = yaml.safe_load((raw / "source.yaml").read_text(encoding="utf-8"))
    assert meta["confidence"] == "synthetic" and "DEMONSTRATION" in meta["title"]
    assert (raw / "respondents.csv").stat().st_size < 5_000_000
    manifest = json.loads((bundled_data_dir / "warehouse" / "manifest.json").read_text())
    assert 20_000 <= manifest["tables"]["survey_responses"] <= 50_000
    demo = bundled_obs[bundled_obs["dataset"] == "demo_hygiene_survey"]
    assert set(demo["confidence"]) == {"synthetic"}
    real = pillar_scores(bundled_obs, catalog).set_index(["economy", "pillar"])
    with_demo = pillar_scores(bundled_obs, catalog, include_synthetic=True).set_index(["economy", "pillar"])
    # Albania's real Inclusion score rests on three Eurostat 2023 figures (women 35.63, aged 65-74 10.91, low
    # formal education 20.79) and the OECD's digital-inclusion score (50, the pillar's second publisher); the demo
    # adds three; prevalence of online violence is context, not scored
    assert real.loc[("ALB", "inclusion"), "n"] == 4 and real.loc[("ALB", "inclusion"), "score"] == 29.33
    assert with_demo.loc[("ALB", "inclusion"), "n"] == 7
    assert real.loc[("SRB", "inclusion"), "n"] == 4 and with_demo.loc[("SRB", "inclusion"), "n"] == 7
    # the real hygiene figures stay real, next to the demonstration survey
    srb = bundled_obs[(bundled_obs["indicator_id"] == "rnids_phishing_click_share")].iloc[0]
    assert srb["confidence"] == "secondary" and srb["value"] == 19.7


def test_bundled_regional_references_keep_source_and_confidence(bundled_data_dir):
    wh = Warehouse(bundled_data_dir)
    try:
        refs = wh.table("reference_values").set_index(["area", "label"])
    finally:
        wh.close()
    un = refs.loc[("REGION_13", "Average share of women subject to technology-facilitated violence")]
    assert un["value"] == 53.2 and un["confidence"] == "verified" and un["indicator_id"] == "tfvaw_lifetime_share"
    osce = refs.loc[("REGION_OSCE8", "Women who experienced some form of violence since age 15")]
    assert osce["value"] == 70 and osce["confidence"] == "secondary" and osce["source_id"] == "gender_regional.s02"


def test_demo_generator_is_deterministic(tmp_path, gen):
    a = gen.write_survey(tmp_path / "a.csv", 2000, seed=3).read_bytes()
    b = gen.write_survey(tmp_path / "b.csv", 2000, seed=3).read_bytes()
    assert a == b and a.count(b"\n") == 2001
    assert gen.write_survey(tmp_path / "c.csv", 2000, seed=4).read_bytes() != a


def test_template_is_a_valid_survey(data_dir, capsys):
    folder = data_dir / "raw" / "template"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "data" / "templates" / "survey_microdata_template.csv", folder / "respondents.csv")
    meta = yaml.safe_load((ROOT / "data" / "raw" / "demo_hygiene_survey" / "source.yaml").read_text())
    header = (folder / "respondents.csv").read_text().split("\n")[0].split(",")
    meta.update(
        dataset="template",
        min_n=1,
        confidence="verified",
        files=["respondents.csv"],
        sources=[{"id": "template.s01", "title": "Template", "url": "https://example.org"}],
    )
    meta["questions"] = {k: v for k, v in meta["questions"].items() if k in header}
    meta["groups"] = {k: v for k, v in meta["groups"].items() if k in header}
    meta.pop("inclusion_indicators")
    (folder / "source.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    extracted, problems = check([folder], root=data_dir)
    assert problems == []
    assert extracted[0].tables["survey_datasets"].iloc[0]["respondents"] >= 6


def test_committed_demo_survey_is_what_the_generator_writes(tmp_path, gen):
    """Re-running scripts/generate_demo_survey.py gives the committed files byte for byte."""
    folder = gen.write_dataset(tmp_path / "demo_hygiene_survey", gen.DEFAULT_ROWS, gen.DEFAULT_SEED)
    committed = ROOT / "data" / "raw" / "demo_hygiene_survey"
    for name in ("respondents.csv", "source.yaml"):
        assert (folder / name).read_bytes() == (committed / name).read_bytes(), name
