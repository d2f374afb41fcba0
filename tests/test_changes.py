"""What changed since the last forum (indicators/method/changes.py): a fixture pair of builds with known changes."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from indicators.method.changes import (
    BuildNotFound,
    choose_build,
    compare_builds,
    describe,
    list_archived_builds,
    load_archived_build,
)
from indicators.model.vocabulary import RAW_OBSERVATION_COLUMNS

COLUMNS = [*RAW_OBSERVATION_COLUMNS[:12], "dataset", "score"]


def obs(rows) -> pd.DataFrame:
    base = {
        "value": float("nan"),
        "value_text": None,
        "sex": "total",
        "group": "all",
        "status": "observed",
        "confidence": "verified",
        "source_id": "itu.gci2024",
        "preferred": True,
        "note": "",
        "dataset": "itu_gci_pillars",
        "score": float("nan"),
    }
    frame = pd.DataFrame([{**base, **r} for r in rows], columns=COLUMNS)
    return frame.astype({"period": "int64", "value": "float64", "score": "float64", "preferred": "bool"})


OLD = obs(
    [
        {"economy": "ALB", "indicator_id": "gci_2024_legal", "period": 2024, "value": 10.5},
        {
            "economy": "ALB",
            "indicator_id": "national_strategy",
            "period": 2023,
            "value_text": "adopted",
            "dataset": "legislation",
            "source_id": "leg.alb",
        },
        {
            "economy": "SRB",
            "indicator_id": "ncsi_score",
            "period": 2023,
            "value": 60.0,
            "dataset": "ega_ncsi",
            "source_id": "ega.ncsi",
        },
        {
            "economy": "XKX",
            "indicator_id": "cyber_law",
            "period": 2022,
            "status": "not_assessed",
            "dataset": "legislation",
            "source_id": "leg.xkx",
        },
        {
            "economy": "MNE",
            "indicator_id": "tfvaw_lifetime_share",
            "period": 2019,
            "value": 41.0,
            "dataset": "gender_tfvaw",
            "source_id": "osce.tfvaw",
            "confidence": "secondary",
        },
        {
            "economy": "MKD",
            "indicator_id": "ncsi_score",
            "period": 2023,
            "value": 50.0,
            "dataset": "ega_ncsi",
            "source_id": "ega.ncsi",
            "preferred": False,
        },
    ]
)
NEW = obs(
    [
        {
            "economy": "ALB",
            "indicator_id": "gci_2024_legal",
            "period": 2024,
            "value": 12.08,
            "source_id": "itu.gci2024b",
        },
        {
            "economy": "ALB",
            "indicator_id": "national_strategy",
            "period": 2023,
            "value_text": "adopted",
            "dataset": "legislation",
            "source_id": "leg.alb",
        },
        {
            "economy": "SRB",
            "indicator_id": "ncsi_score",
            "period": 2023,
            "value": 60.0,
            "dataset": "ega_ncsi",
            "source_id": "ega.ncsi",
        },
        {
            "economy": "SRB",
            "indicator_id": "ncsi_score",
            "period": 2025,
            "value": 62.5,
            "dataset": "ega_ncsi",
            "source_id": "ega.ncsi",
        },
        {
            "economy": "XKX",
            "indicator_id": "cyber_law",
            "period": 2022,
            "value_text": "adopted",
            "dataset": "legislation",
            "source_id": "leg.xkx",
        },
        {"economy": "BIH", "indicator_id": "gci_2026_legal", "period": 2026, "value": 9.0, "source_id": "itu.gci2026"},
        {
            "economy": "MKD",
            "indicator_id": "ncsi_score",
            "period": 2023,
            "value": 55.0,
            "dataset": "ega_ncsi",
            "source_id": "ega.ncsi",
            "preferred": False,
        },
    ]
)
INDICATORS = pd.DataFrame(
    [
        {
            "indicator_id": "gci_2024_legal",
            "name": "ITU GCI 2024: Legal measures",
            "unit": "points (0-20)",
            "scale_min": 0.0,
            "scale_max": 20.0,
        },
        {
            "indicator_id": "ncsi_score",
            "name": "NCSI score",
            "unit": "score (0-100)",
            "scale_min": 0.0,
            "scale_max": 100.0,
        },
        {
            "indicator_id": "cyber_law",
            "name": "Cyber-security law",
            "unit": "status",
            "scale_min": None,
            "scale_max": None,
            "category_labels": {"adopted": "Adopted"},
        },
    ]
)
M_OLD = {"build_id": "20250601T100000Z-aaa", "built_at": "2025-06-01T10:00:00+00:00"}
M_NEW = {"build_id": "20261130T040000Z-bbb", "built_at": "2026-11-30T04:00:00+00:00"}


def test_known_changes_are_found_per_economy_with_sources():
    report = compare_builds(OLD, NEW, M_OLD, M_NEW, INDICATORS)
    ch = report.changes
    got = {(r.economy, r.indicator_id, r.period, r.kind) for r in ch.itertuples()}
    assert got == {
        ("ALB", "gci_2024_legal", 2024, "changed"),
        ("SRB", "ncsi_score", 2025, "added"),
        ("XKX", "cyber_law", 2022, "changed"),
        ("MNE", "tfvaw_lifetime_share", 2019, "withdrawn"),
        ("BIH", "gci_2026_legal", 2026, "added"),
    }  # unchanged rows and non-preferred rows are not listed
    alb = report.for_economy("ALB").iloc[0]
    assert (alb["old_value"], alb["new_value"], alb["delta"]) == ("10.5 / 20", "12.08 / 20", pytest.approx(1.58))
    assert alb["what"] == "value, source"
    assert (alb["old_source_id"], alb["new_source_id"]) == ("itu.gci2024", "itu.gci2024b")
    assert alb["indicator"] == "ITU GCI 2024: Legal measures" and alb["lens"] == "value"
    xkx = report.for_economy("XKX").iloc[0]
    assert (xkx["old_value"], xkx["new_value"], xkx["lens"]) == ("not assessed", "Adopted", "fact")
    assert xkx["what"] == "value, status" and xkx["source_id"] == "leg.xkx"
    mne = report.for_economy("MNE").iloc[0]
    assert (mne["old_value"], mne["new_value"], mne["confidence"]) == ("41", "—", "secondary")
    assert report.new_indicators == ["gci_2026_legal"]
    assert report.dropped_indicators == ["tfvaw_lifetime_share"]
    assert report.new_periods.to_dict("records") == [
        {"indicator_id": "ncsi_score", "period": 2025, "economies": ["SRB"]}
    ]
    assert report.old == M_OLD and report.new == M_NEW
    summary = report.summary().set_index("economy")
    assert summary.loc["ALB"].to_dict() == {"changed": 1, "added": 0, "withdrawn": 0}
    assert summary.loc["MNE", "withdrawn"] == 1


def test_sentences_for_a_slide():
    report = compare_builds(OLD, NEW, M_OLD, M_NEW, INDICATORS)
    lines = [describe(r) for _i, r in report.changes.iterrows()]
    assert "ITU GCI 2024: Legal measures (2024): 10.5 / 20 → 12.08 / 20 (value, source changed)" in lines
    assert "NCSI score (2025): new, 62.5 / 100" in lines
    assert "tfvaw_lifetime_share (2019): withdrawn (was 41)" in lines


def test_identical_builds_have_no_change_and_non_preferred_rows_can_be_included():
    assert compare_builds(OLD, OLD.copy()).empty
    everything = compare_builds(OLD, NEW, preferred_only=False).changes
    assert ("MKD", "ncsi_score") in set(zip(everything["economy"], everything["indicator_id"]))
    assert compare_builds(OLD, OLD).summary().empty


def write_build(root, build_id, built_at, frame, *, manifest=True):
    folder = root / "builds" / "archive" / build_id
    (folder / "parquet").mkdir(parents=True)
    if manifest:
        (folder / "manifest.json").write_text(
            json.dumps({"build_id": build_id, "built_at": built_at, "tables": {"observations": len(frame)}})
        )
    frame.to_parquet(folder / "parquet" / "observations.parquet", index=False)


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "data"
    write_build(root, "20250601T100000Z-aaa", "2025-06-01T10:00:00+00:00", OLD)
    write_build(root, "20251020T090000Z-ccc", "2025-10-20T09:00:00+00:00", OLD)
    write_build(root, "20261130T040000Z-bbb", "2026-11-30T04:00:00+00:00", NEW)
    write_build(root, "broken", "2026-01-01T00:00:00+00:00", OLD, manifest=False)
    return root


def test_archive_is_listed_oldest_first_and_loads(archive):
    builds = list_archived_builds(archive)
    assert builds["build_id"].tolist() == ["20250601T100000Z-aaa", "20251020T090000Z-ccc", "20261130T040000Z-bbb"]
    assert str(builds["built_at"].iloc[0]) == "2025-06-01 10:00:00+00:00"
    assert builds["observations"].tolist() == [6, 6, 7]
    old = load_archived_build("20250601T100000Z-aaa", archive)
    new = load_archived_build("20261130T040000Z-bbb", archive)
    assert old.built_at == "2025-06-01T10:00:00+00:00"
    report = compare_builds(old.observations, new.observations, old.manifest, new.manifest, INDICATORS)
    assert len(report.changes) == 5 and report.old["build_id"] == "20250601T100000Z-aaa"
    assert list_archived_builds(archive / "nowhere").empty


@pytest.mark.parametrize("bad", ["../x", "nope", "", "a/b", "..", "broken"])
def test_loading_a_bad_or_missing_build_says_so(archive, bad):
    with pytest.raises(BuildNotFound):
        load_archived_build(bad, archive)


def test_choosing_the_last_forum_by_id_date_or_default(archive):
    builds = list_archived_builds(archive)
    current = "20261130T040000Z-bbb"
    assert choose_build(builds, exclude=current) == ("20251020T090000Z-ccc", None)
    assert choose_build(builds, build_id="20250601T100000Z-aaa", exclude=current) == ("20250601T100000Z-aaa", None)
    assert choose_build(builds, build_id="20250601", exclude=current) == ("20250601T100000Z-aaa", None)
    assert choose_build(builds, on_or_before="2025-09-30", exclude=current) == ("20250601T100000Z-aaa", None)
    assert choose_build(builds, on_or_before="2025-10-20", exclude=current) == ("20251020T090000Z-ccc", None)
    chosen, msg = choose_build(builds, build_id="2025", exclude=current)
    assert chosen == "20251020T090000Z-ccc" and "several builds" in msg
    chosen, msg = choose_build(builds, build_id="<script>", exclude=current)
    assert chosen == "20251020T090000Z-ccc" and "no archived build" in msg and "<" not in msg
    chosen, msg = choose_build(builds, on_or_before="2025-02-30", exclude=current)
    assert chosen == "20251020T090000Z-ccc" and "YYYY-MM-DD" in msg
    assert choose_build(builds, on_or_before="2020-01-01")[0] is None
    assert choose_build(builds.iloc[0:0])[0] is None


def test_catalog_gives_names_scales_and_category_labels(catalog):
    old = obs(
        [
            {"economy": "ALB", "indicator_id": "gci_2024_legal", "period": 2024, "value": 10.5},
            {
                "economy": "SRB",
                "indicator_id": "budapest_convention",
                "period": 2020,
                "value_text": "signed",
                "dataset": "legislation",
                "source_id": "leg.srb",
            },
        ]
    )
    new = obs(
        [
            {"economy": "ALB", "indicator_id": "gci_2024_legal", "period": 2024, "value": 12.08},
            {
                "economy": "SRB",
                "indicator_id": "budapest_convention",
                "period": 2020,
                "value_text": "party",
                "dataset": "legislation",
                "source_id": "leg.srb",
            },
        ]
    )
    ch = compare_builds(old, new, indicators=catalog).changes.set_index("economy")
    ind = catalog.get("budapest_convention")
    assert ch.loc["ALB", "new_value"] == "12.08 / 20"
    assert (ch.loc["SRB", "old_value"], ch.loc["SRB", "new_value"]) == (ind.label_for("signed"), ind.label_for("party"))
    assert ch.loc["SRB", "indicator"] == ind.name and ch.loc["SRB", "lens"] == "fact"


def test_a_redated_fact_is_one_change():
    """Facts are paired by their key, not their date (issue 20): KOS-CERT re-dated 2013 -> 2012 is one change."""
    fact = {"economy": "XKX", "indicator_id": "national_csirt", "value_text": "national", "dataset": "csirts"}
    old = obs([{**fact, "period": 2013, "source_id": "csirts.s03"}])
    new = obs([{**fact, "period": 2012, "source_id": "csirts.s03"}])
    ch = compare_builds(old, new, M_OLD, M_NEW).changes
    assert len(ch) == 1
    row = ch.iloc[0]
    assert (row["kind"], row["what"], row["period"], row["old_period"]) == ("changed", "date", 2012, 2013)
    assert (row["old_value"], row["new_value"]) == ("national (2013)", "national (2012)")
    assert describe(row) == "national_csirt (2012): national (2013) → national (2012) (date changed)"
    # a genuinely new fact (nothing withdrawn) stays 'added'
    both = obs([{**fact, "period": 2013, "source_id": "csirts.s03"}, {**fact, "period": 2024, "value_text": "none"}])
    assert list(compare_builds(old, both).changes["kind"]) == ["added"]


def test_a_derived_rank_change_is_reported_after_the_value_change(catalog):
    """Serbia from joint 1st to 2nd on Legal after a value change: the rank change is listed after it."""
    from indicators.method.scoring import normalise

    privacy = {"ALB": 3.0, "SRB": 3.0, "MNE": 3.0, "MKD": 3.0, "BIH": 3.0}  # Legal's second publisher, equal for all

    def legal(values):
        rows = [{"economy": e, "indicator_id": "gci_2024_legal", "period": 2024, "value": v} for e, v in values.items()]
        rows += [
            {"economy": e, "indicator_id": "oecd_co_2024_privacy", "period": 2024, "value": v}
            for e, v in privacy.items()
        ]
        frame = obs(rows)
        frame["score"] = [normalise(catalog.get(i), v, None) for i, v in zip(frame["indicator_id"], frame["value"])]
        return frame

    before = {"ALB": 20.0, "SRB": 20.0, "MNE": 18.9, "MKD": 19.2, "BIH": 12.1}
    old, new = legal(before), legal({**before, "SRB": 19.5})
    report = compare_builds(old, new, M_OLD, M_NEW, catalog)
    srb = report.for_economy("SRB")
    assert list(srb["kind"]) == ["changed", "derived"]  # the value first, then the rank it moved
    rank = srb.iloc[1]
    assert (rank["old_value"], rank["new_value"]) == ("1st of 5", "2nd of 5")
    assert rank["indicator"] == "Legal: pillar rank" and rank["caused_by"] == "gci_2024_legal"
    assert describe(rank) == "Legal: pillar rank: 1st of 5 → 2nd of 5 (derived; after changes in gci_2024_legal)"
    # economies whose rank did not move get no derived row
    assert "derived" not in set(report.for_economy("BIH")["kind"])
    assert report.summary().set_index("economy").loc["SRB", "derived"] == 1
