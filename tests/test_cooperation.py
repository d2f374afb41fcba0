"""Cooperation: peer-learning opportunities from status facts, channels from the stakeholder register, the register's
ETL checks, the reform planner's projection (never stored, downloaded or ranked) and the page."""

from __future__ import annotations

import csv

import pandas as pd

from etl.build import check
from indicators.model.vocabulary import LINK_COLUMNS, NATIONAL_SECTORS, STAKEHOLDER_COLUMNS
from indicators.model.warehouse import Warehouse
from indicators.topics import cooperation as co
from tests.apptest_helpers import all_text, run_page


def matrix(states: dict[str, dict[str, str]]) -> pd.DataFrame:
    """A status matrix: fact -> {economy: state}."""
    rows = []
    for fact, by_eco in states.items():
        for eco, state in by_eco.items():
            rows.append(
                {
                    "indicator_id": fact,
                    "indicator": fact.replace("_", " ").title(),
                    "pillar": "legal",
                    "economy": eco,
                    "state": state,
                    "value": f"{state} value",
                    "period": 2024,
                    "confidence": "verified",
                    "source_id": f"s.{fact}.{eco}",
                }
            )
    return pd.DataFrame(rows)


FACTS = matrix(
    {
        "strategy_plan": {
            "ALB": "missing",
            "BIH": "missing",
            "XKX": "partly",
            "MNE": "in_place",
            "MKD": "missing",
            "SRB": "in_place",
        },
        "csirt": {
            "ALB": "in_place",
            "BIH": "partly",
            "XKX": "in_place",
            "MNE": "in_place",
            "MKD": "in_place",
            "SRB": "in_place",
        },
        "treaty": {
            "ALB": "in_place",
            "BIH": "in_place",
            "XKX": "not_applicable",
            "MNE": "in_place",
            "MKD": "in_place",
            "SRB": "in_place",
        },
        "unknown_everywhere": {
            "ALB": "not_assessed",
            "BIH": "missing",
            "XKX": "not_assessed",
            "MNE": "not_assessed",
            "MKD": "not_assessed",
            "SRB": "not_assessed",
        },
    }
)


def test_opportunities_are_region_wide_gaps_first_with_peers_and_evidence():
    opp = co.fact_opportunities(FACTS)
    assert opp["indicator_id"].tolist() == ["strategy_plan", "csirt"]  # 4 sharing the gap, then 1
    first = opp.iloc[0]
    assert first["gap_economies"] == ["ALB", "BIH", "XKX", "MKD"] and first["peer_economies"] == ["MNE", "SRB"]
    assert first["n_gap"] == 4 and first["n_assessed"] == 6
    assert first["evidence"]["MNE"] == "in_place value (2024)"
    assert "4 of 6 assessed economies do not have it in place" in co.opportunity_headline(first)
    assert "in place in: Montenegro, Serbia" in co.opportunity_headline(first)


def test_not_assessed_and_not_applicable_are_neither_gap_nor_peer():
    opp = co.fact_opportunities(FACTS)
    # the treaty: Kosovo* cannot join, so no gap; the unknown fact: one gap and no peer, so no opportunity
    assert "treaty" not in opp["indicator_id"].tolist()
    assert "unknown_everywhere" not in opp["indicator_id"].tolist()


def test_opportunities_of_one_economy_are_its_gaps_only():
    assert co.fact_opportunities(FACTS, "BIH")["indicator_id"].tolist() == ["strategy_plan", "csirt"]
    assert co.fact_opportunities(FACTS, "SRB").empty


ENTITIES = pd.DataFrame(
    [
        dict(
            entity_id="hub",
            area="WB6",
            name="Regional hub",
            acronym="HUB",
            sector="regional_partner",
            source_id="s1",
            confidence="verified",
        ),
        dict(
            entity_id="club",
            area="WB6",
            name="Regional club",
            acronym="",
            sector="regional_partner",
            source_id="s2",
            confidence="secondary",
        ),
        dict(
            entity_id="srb_cert",
            area="SRB",
            name="SRB CERT",
            acronym="",
            sector="national_csirt",
            source_id="s3",
            confidence="verified",
        ),
        dict(
            entity_id="mne_cert",
            area="MNE",
            name="MNE CERT",
            acronym="",
            sector="national_csirt",
            source_id="s3",
            confidence="verified",
        ),
        dict(
            entity_id="bih_min",
            area="BIH",
            name="BIH ministry",
            acronym="",
            sector="national_authority",
            source_id="s3",
            confidence="verified",
        ),
    ]
).reindex(columns=STAKEHOLDER_COLUMNS, fill_value="")
LINKS = pd.DataFrame(
    [
        dict(from_id="hub", relation="serves", to="BIH", source_id="s1", confidence="verified"),
        dict(from_id="hub", relation="serves", to="SRB", source_id="s1", confidence="verified"),
        dict(from_id="club", relation="member", to="BIH", source_id="s2", confidence="secondary"),
        dict(from_id="club", relation="member", to="MNE", source_id="s2", confidence="secondary"),
        dict(from_id="srb_cert", relation="works_with", to="mne_cert", source_id="s4", confidence="verified"),
        dict(
            from_id="hub", relation="founded", to="XKX", source_id="s1", confidence="verified"
        ),  # not a channel relation
    ]
).reindex(columns=LINK_COLUMNS, fill_value="")


def test_channels_are_regional_bodies_reaching_both_and_direct_links_each_with_a_source():
    assert co.channels(ENTITIES, LINKS, "BIH", "SRB")["entity_id"].tolist() == ["hub"]
    assert co.channels(ENTITIES, LINKS, "BIH", "MNE")["entity_id"].tolist() == ["club"]
    direct = co.channels(ENTITIES, LINKS, "SRB", "MNE")
    assert direct["entity_id"].tolist() == ["srb_cert"] and direct["source_id"].tolist() == ["s4"]
    assert co.channels(ENTITIES, LINKS, "BIH", "XKX").empty  # 'founded' is not a channel
    assert all(co.channels(ENTITIES, LINKS, "BIH", p)["source_id"].ne("").all() for p in ("SRB", "MNE"))
    assert co.channels_text(ENTITIES, LINKS, "BIH", ["SRB", "MNE"]) == "HUB (Serbia); Regional club (Montenegro)"
    assert co.channels_text(ENTITIES, LINKS, "ALB", ["SRB"]) == "no channel recorded in the register"


def test_a_missing_sector_is_listed_never_filled():
    sel, missing = co.economy_register(ENTITIES, "BIH")
    assert sel["entity_id"].tolist() == ["bih_min"]
    assert "national_authority" not in missing and "civil_society" in missing and "academia" in missing
    assert set(missing) < set(NATIONAL_SECTORS)
    _sel, srb_missing = co.economy_register(ENTITIES, "SRB")
    assert "government_csirt" not in srb_missing  # a national CSIRT covers the CSIRT role
    assert "civil society" in co.missing_sectors_text(missing)


def test_the_planner_projects_only_the_chosen_facts_and_only_to_in_place():
    options = co.reform_options(FACTS, "BIH")
    assert set(options) == {"fact:strategy_plan", "fact:csirt", "fact:unknown_everywhere"}
    proj = co.project_status(FACTS, "BIH", ["fact:strategy_plan", "fact:treaty", "ncsi:1.1"])
    changed = proj[proj["changed"]]
    assert changed["indicator_id"].tolist() == ["strategy_plan"] and changed["projected"].tolist() == ["in_place"]
    assert co.in_place_count(proj["today"]) == (1, 4) and co.in_place_count(proj["projected"]) == (2, 4)
    # the matrix itself is untouched: the projection never leaves the planner's frame
    assert (
        FACTS.loc[(FACTS["economy"] == "BIH") & (FACTS["indicator_id"] == "strategy_plan"), "state"].item() == "missing"
    )


def write_register(data_dir, entities: list[dict], links: list[dict]):
    folder = data_dir / "raw" / "stakeholders"
    folder.mkdir(parents=True)
    for name, cols, rows in (("stakeholders.csv", STAKEHOLDER_COLUMNS, entities), ("links.csv", LINK_COLUMNS, links)):
        with open(folder / name, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, cols)
            w.writeheader()
            w.writerows([{c: r.get(c, "") for c in cols} for r in rows])
    (folder / "EXCLUDED.md").write_text("Nothing left out.\n", encoding="utf-8")
    (folder / "source.yaml").write_text(
        "dataset: stakeholders\ntitle: Register\npublisher: Team\nurl: https://example.org\nlicence: facts\n"
        "as_of: '2026-12-01'\nformat: stakeholder_register_csv\nfiles: [stakeholders.csv, links.csv]\n"
        "sources:\n- id: stakeholders.s1\n  title: A page\n  url: https://example.org/a\n",
        encoding="utf-8",
    )
    return folder


GOOD = dict(
    entity_id="srb_cert",
    area="SRB",
    name="CERT",
    sector="national_csirt",
    source_id="stakeholders.s1",
    confidence="verified",
)


def test_the_register_loads_into_its_own_tables(data_dir, catalog):
    folder = write_register(
        data_dir,
        [GOOD],
        [dict(from_id="srb_cert", relation="member", to="SRB", source_id="stakeholders.s1", confidence="verified")],
    )
    extracted, problems = check([folder], catalog, data_dir)
    assert problems == []
    assert extracted[0].tables["stakeholders"]["entity_id"].tolist() == ["srb_cert"]
    assert extracted[0].tables["stakeholder_links"]["to"].tolist() == ["SRB"]
    assert extracted[0].observations is None or extracted[0].observations.empty


def test_register_rows_without_a_source_or_with_made_up_values_are_refused(data_dir, catalog):
    entities = [
        dict(GOOD, source_id=""),
        dict(
            GOOD,
            entity_id="x2",
            area="YU",
            sector="army",
            confidence="synthetic",
            founded="2024-13",
            website="ftp://x",
        ),
    ]
    links = [dict(from_id="ghost", relation="likes", to="nowhere", source_id="stakeholders.s1", confidence="verified")]
    folder = write_register(data_dir, entities, links)
    _, problems = check([folder], catalog, data_dir)
    where = {(p.file.rsplit("/", 1)[-1], p.row, p.column) for p in problems}
    assert ("stakeholders.csv", 2, "source_id") in where
    assert {("stakeholders.csv", 3, c) for c in ("area", "sector", "confidence", "founded", "website")} <= where
    assert ("links.csv", 2, "relation") in where


def test_every_bundled_register_entry_has_a_source_of_its_sidecar(bundled_data_dir):
    wh = Warehouse(bundled_data_dir)
    ent, links, sources = wh.table("stakeholders"), wh.table("stakeholder_links"), wh.table("sources")
    known = set(sources["source_id"])
    assert len(ent) >= 20 and ent["source_id"].isin(known).all() and links["source_id"].isin(known).all()
    assert set(ent["confidence"]) <= {"verified", "secondary"}
    assert set(ECONOMIES := ("ALB", "BIH", "XKX", "MNE", "MKD", "SRB")) <= set(ent["area"]), ECONOMIES


def test_cooperation_page_shows_opportunities_planner_and_register(bundled_data_dir):
    at = run_page(bundled_data_dir, "cooperation", {"economy": "BIH", "reforms": "fact:national_strategy,fact:nope"})
    assert not at.exception
    text = all_text(at)
    assert "1244" in text  # the Kosovo* footnote, in every language
    assert "Peer-learning opportunities" in text and "Reform planner" in text and "Who sits at the table" in text
    assert "projection: not a measurement" in text
    assert any("Unknown reform 'fact:nope'" in i.value for i in at.info)
    assert "WB3C" in text  # a channel that links BIH with its peers
    ms = [m for m in at.multiselect if m.key == "cooperation_reforms"]
    assert ms and ms[0].value == ["fact:national_strategy"]
    assert not any(str(getattr(d, "label", "")).lower().count("projection") for d in at.get("download_button"))


def test_index_opportunities_take_the_comparable_best_as_peers_and_only_high_gaps():
    gaps = pd.DataFrame(
        [
            dict(
                indicator_id="a",
                indicator="A",
                lens="index",
                gap_to_best=62.0,
                value="33.8",
                period=2024,
                best_economies=["SRB"],
                best_value="96.8",
                best_period=2024,
                economies_with_data=5,
                source_id="s1",
            ),
            dict(
                indicator_id="b",
                indicator="B",
                lens="index",
                gap_to_best=12.0,
                value="1",
                period=2024,
                best_economies=["MNE"],
                best_value="2",
                best_period=2024,
                economies_with_data=5,
                source_id="s2",
            ),
            dict(
                indicator_id="c",
                indicator="C",
                lens="index",
                gap_to_best=None,
                value="1",
                period=2020,
                best_economies=["MNE"],
                best_value="2",
                best_period=2025,
                economies_with_data=4,
                source_id="s3",
            ),
            dict(
                indicator_id="d",
                indicator="D",
                lens="status",
                gap_to_best=None,
                value="x",
                period=2024,
                best_economies=[],
                best_value="—",
                best_period=None,
                economies_with_data=0,
                source_id="s4",
            ),
        ]
    )
    opp = co.index_opportunities(gaps)
    assert opp["indicator_id"].tolist() == ["a"]  # 12 points is not High; a too-old value has no gap; facts never
    assert co.index_headline(opp.iloc[0]) == (
        "62 normalised points (0-100) behind the best of 5 compared economies (Serbia: 96.8, 2024); here 33.8 (2024)."
    )


# ---- the deck's peer-learning slide (indicators/render/slide_cooperation.py) ---------------------------------
def test_the_peer_learning_slide_lists_region_wide_gaps_first_with_years_and_sources(tmp_path):
    from indicators.render.slide_cooperation import cooperation_slide
    from tests.fixture_catalog import make_catalog, scored

    cat = make_catalog(tmp_path)
    law = {"ALB": ("none", 2019), "BIH": ("none", 2020), "XKX": ("law", 2023), "MNE": ("aligned", 2024)}
    rows = [
        {"economy": e, "indicator_id": "fact_law", "value_text": v, "period": p, "source_id": f"law.{e}"}
        for e, (v, p) in law.items()
    ]
    rows += [
        {"economy": "SRB", "indicator_id": "fact_csirt", "value_text": "national", "period": 2016, "source_id": "c.1"},
        {"economy": "BIH", "indicator_id": "fact_csirt", "value_text": "entity", "period": 2015, "source_id": "c.2"},
        {"economy": "MKD", "indicator_id": "fact_csirt", "value_text": "national", "period": 2012, "source_id": "c.3"},
        {"economy": "MKD", "indicator_id": "idx_legal_a", "value": 5.0, "source_id": "idx.1"},
    ]
    obs = scored(cat, rows)
    obs["dataset"] = ["ds_law"] * 4 + ["ds_csirt"] * 3 + ["ds_index"]
    slide = cooperation_slide(obs, cat, lambda ids: "SOURCES:" + ",".join(ids))
    items = "".join(slide["blocks"])
    # the law: 3 of the 4 assessed economies lack it (two missing, one partly); the CSIRT: 1 of 3 -> law first
    assert items.index("Cyber law") < items.index("Has a national CSIRT")
    assert (
        "3 of 4 assessed economies do not have it in place (Albania (2019), Bosnia and Herzegovina (2020), "
        "Kosovo* (2023)); in place in: Montenegro (2024)." in items
    )
    assert (
        "1 of 3 assessed economies does not have it in place (Bosnia and Herzegovina (2015)); in place in: "
        "North Macedonia (2012), Serbia (2016)." in items
    )
    # sources: the datasets of the facts shown, never of an index value; Kosovo* is named, so the footnote
    assert slide["datasets"] == ("ds_csirt", "ds_law") and slide["sources_line"] == "SOURCES:ds_csirt,ds_law"
    assert slide["footnote"] and slide["heading"] == "Peer learning: who in the region has it in place"
    # nothing to learn when every assessed economy has it in place (or nobody does): no slide, never an empty one
    none = scored(cat, [{"economy": e, "indicator_id": "fact_law", "value_text": "aligned"} for e in ("ALB", "SRB")])
    assert cooperation_slide(none.assign(dataset="d"), cat, str) is None


def test_the_deck_carries_the_peer_learning_slide_before_the_sources(bundled_obs, catalog):
    from indicators.render.slide_cooperation import MAX_ON_SLIDE, cooperation_slide

    slide = cooperation_slide(bundled_obs, catalog, lambda ids: ",".join(ids))
    text = "".join(slide["blocks"])
    assert text.count("<li>") <= MAX_ON_SLIDE
    # the bundled legislation: 3 of 6 lack a cyber law in force aligned with NIS2; Montenegro, North Macedonia and
    # Serbia have one (years of their evidence in brackets)
    assert "Montenegro (2024), North Macedonia (2025), Serbia (2025)" in text
    assert "legislation" in slide["datasets"] and "csirts" in slide["datasets"]


def test_the_profile_lists_the_economys_opportunities(bundled_obs, catalog):
    from indicators.method.scoring import gap_table
    from indicators.views.cooperation import profile_opportunities

    text, kosovo = profile_opportunities(bundled_obs, catalog, gap_table(bundled_obs, catalog, "BIH"), "BIH")
    lines = text.splitlines()
    # its status gaps first, the most shared first (the cyber law: 3 of 6), each with the peers and their years
    assert lines[0].startswith("- **Main cybersecurity law**: 3 of 6 assessed economies do not have it in place")
    assert any("National CSIRT**: 1 of 6 assessed economies does not have it in place" in x for x in lines)
    assert kosovo  # Kosovo* has a national CSIRT: it is named among the peers, so the page shows the footnote
    # Serbia has in place every fact that another economy has: no status line names Serbia's gap
    srb, _k = profile_opportunities(bundled_obs, catalog, gap_table(bundled_obs, catalog, "SRB"), "SRB")
    assert "assessed econom" not in srb


def test_the_profile_page_shows_the_opportunities_section(bundled_data_dir):
    at = run_page(bundled_data_dir, "profile", {"economy": "BIH"})
    assert not at.exception
    text = all_text(at)
    assert "Peer-learning opportunities" in text and "1 of 6 assessed economies does not have it in place" in text
    assert "1244" in text  # Kosovo* is named among the peers: the footnote
