"""The one vocabulary (indicators/model/vocabulary.py): codes, labels, and the ETL checks that use it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etl import contracts, extract
from etl.cli import main
from indicators.method import scoring
from indicators.model import explore
from indicators.model import vocabulary as v
from indicators.text.i18n import set_language
from tests.conftest import OBS_HEADER
from tests.test_etl_malformed import ROW, _problems, obs_text, raw_obs

ROOT = Path(__file__).resolve().parents[1]
LEFT_FOR_OTHERS: set[str] = set()  # files allowed to spell a vocabulary literal themselves: none


def test_statuses_and_display_statuses():
    assert v.STATUSES == ("observed", "not_covered", "not_assessed", "suppressed", "not_applicable")
    assert v.STATUSES[1:] == v.MISSING_STATUSES
    assert v.DISPLAY_STATUSES[-2:] == ("no_data", "insufficient_data")
    for table in (v.STATUS_LABELS, v.STATUS_SHORT, v.STATUS_DESCRIPTIONS):
        assert set(table) == set(v.DISPLAY_STATUSES)


def test_confidence_and_sex_have_labels_and_one_line_descriptions():
    assert v.CONFIDENCE_LEVELS == ("verified", "secondary", "synthetic")
    for level in v.CONFIDENCE_LEVELS:
        assert v.confidence_label(level) == level
        text = v.confidence_description(level)
        assert text and "\n" not in text
    assert v.confidence_label("synthetic", long=True) == "demonstration data (synthetic)"
    assert v.SEXES == ("total", "female", "male") and v.sex_label("female") == "female"


def test_every_old_definition_is_the_vocabulary():
    assert contracts.VALID_STATUSES is v.STATUSES
    assert contracts.VALID_CONFIDENCE is v.CONFIDENCE_LEVELS and contracts.VALID_SEX is v.SEXES
    assert explore.VALID_STATUSES is v.STATUSES and explore.VALID_CONFIDENCE is v.CONFIDENCE_LEVELS
    assert scoring.STATUS_LABELS is v.STATUS_LABELS and scoring.MISSING_STATUSES is v.MISSING_STATUSES
    assert scoring.INSUFFICIENT == v.INSUFFICIENT == "insufficient_data"
    assert tuple(extract.OBSERVATION_COLUMNS) == v.OBSERVATION_COLUMNS
    from indicators.render import map_values
    from indicators.views import CONFIDENCE_LEVELS
    from indicators.views.cert import CONFIDENCE_TEXT

    assert map_values.MISSING_SHORT is v.STATUS_SHORT and CONFIDENCE_LEVELS is v.CONFIDENCE_LEVELS
    assert CONFIDENCE_TEXT is v.CONFIDENCE_LONG_LABELS


def test_no_module_redefines_the_vocabulary():
    """The status and confidence tuples are written once, in indicators/model/vocabulary.py."""
    literal = re.compile(r'\(\s*"observed",\s*"not_covered"|\(\s*"verified",\s*"secondary",\s*"synthetic"\s*\)')
    offenders = [
        str(p.relative_to(ROOT))
        for folder in ("etl", "indicators", "ui")
        for p in (ROOT / folder).rglob("*.py")
        if p.name != "vocabulary.py"
        and p.relative_to(ROOT).as_posix() not in LEFT_FOR_OTHERS
        and literal.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_observation_key_is_a_subset_of_the_columns():
    assert v.OBSERVATION_KEY == ("economy", "indicator_id", "period", "sex", "group")
    assert set(v.OBSERVATION_KEY) <= set(v.OBSERVATION_COLUMNS)
    assert set(v.CODED_COLUMNS) <= set(v.OBSERVATION_COLUMNS)


@pytest.mark.parametrize(
    "code",
    [
        "all",
        "age_16_24",
        "age_16-24",
        "age_75+",
        "age_75plus",
        "disability",
        "low_income",
        "size_10_49",
        "hhi_q1",
        "y16_24hi",
    ],
)
def test_group_codes_accepted(code):
    assert v.is_group_code(code)


@pytest.mark.parametrize(
    "code",
    ["All", "ALL", "", "women ", "age group 1", "low-income", "_x", "x__y", "Disability", "all;drop", None, "a" * 81],
)
def test_group_codes_refused(code):
    assert not v.is_group_code(code)


def test_group_helpers():
    assert v.group_of_flag("vg_low_income") == "low_income" and v.group_of_flag("older") == "older"
    assert [v.group_kind(c) for c in ("all", "age_16_24", "minority")] == ["all", "age", "other"]
    assert v.group_label("age_16_24") == "age 16-24" and v.group_label("age_75plus") == "age 75+"
    assert v.group_label("low_income") == "low income"


def test_vulnerable_groups_are_the_ones_declared_in_the_survey_sidecar():
    import yaml

    meta = yaml.safe_load((ROOT / "data/raw/demo_hygiene_survey/source.yaml").read_text(encoding="utf-8"))
    assert tuple(v.group_of_flag(f) for f in meta["groups"]) == v.VULNERABLE_GROUPS
    assert all(v.is_group_code(g) for g in v.VULNERABLE_GROUPS)


def test_labels_are_translated_at_call_time():
    try:
        set_language("qps")
        assert v.status_label("not_covered") != v.STATUS_LABELS["not_covered"]
        assert v.confidence_description("verified") != v.CONFIDENCE_DESCRIPTIONS["verified"]
        set_language("en")
        assert v.status_label("not_covered") == "not covered by the source"
    finally:
        set_language("en")
    assert v.status_label("unknown_code") == "unknown_code"


def _check(data_dir, capsys):
    code = main(["--data-dir", str(data_dir), "check", str(data_dir / "raw")])
    out = capsys.readouterr()
    return code, _problems(out.err), out.err


@pytest.mark.parametrize("group", ["All", "Women", "age group 1"])
def test_etl_check_refuses_a_bad_group_with_file_row_column(data_dir, capsys, group):
    i = OBS_HEADER.index("group")
    cells = ROW.split(",")
    cells[i] = group
    raw_obs(obs_text(ROW.replace("ALB", "SRB"), ",".join(cells)))(data_dir)
    code, problems, err = _check(data_dir, capsys)
    assert code == 2 and "Traceback" not in err
    assert any(
        p["file"] == "raw/demo/demo.csv"
        and p["row"] == "3"
        and p["col"] == "group"
        and f"unknown group '{group}'" in p["rule"]
        for p in problems
    ), problems


def test_etl_check_accepts_valid_and_blank_groups(data_dir, capsys):
    i = OBS_HEADER.index("group")
    rows = []
    for eco, group in (("ALB", "all"), ("SRB", ""), ("MNE", "age_16_24"), ("MKD", "low_income")):
        cells = ROW.replace("ALB", eco).split(",")
        cells[i] = group
        rows.append(",".join(cells))
    raw_obs(obs_text(*rows))(data_dir)
    code, problems, err = _check(data_dir, capsys)
    assert code == 0, err


def test_build_refuses_codes_an_adapter_derived_outside_the_vocabulary():
    import pandas as pd

    from etl.build import _check_codes

    obs = pd.DataFrame(
        [
            {
                "dataset": "survey",
                "status": "observed",
                "confidence": "synthetic",
                "sex": "total",
                "group": "age_16 to 24",
            },
            {"dataset": "sdmx", "status": "observed", "confidence": "Verified", "sex": "F", "group": "all"},
            {"dataset": "ok", "status": "suppressed", "confidence": "secondary", "sex": "male", "group": "age_75+"},
        ]
    )
    problems = []
    _check_codes(obs, problems)
    assert sorted(map(str, problems)) == [
        "raw/sdmx:0:confidence: unknown confidence code 'Verified' made from this dataset (1 row(s))",
        "raw/sdmx:0:sex: unknown sex code 'F' made from this dataset (1 row(s))",
        "raw/survey:0:group: unknown group code 'age_16 to 24' made from this dataset (1 row(s))",
    ]
