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


# ---- NCSI points in the planner: exact, from NCSI's point rule (meeting an indicator earns its fixed points) ------
def ncsi(rows: list[tuple]) -> pd.DataFrame:
    """(economy, methodology, version_date, capacity, indicator or '', points, max, source) -> a ncsi_points table."""
    return pd.DataFrame(
        [
            dict(
                economy=e,
                methodology=m,
                version_date=v,
                capacity_id=c,
                capacity_name=f"Capacity {c}",
                indicator_id=i,
                indicator_name=f"Indicator {i}" if i else "",
                points=p,
                max_points=x,
                source_id=s,
                confidence="verified",
                last_checked="",
                excerpt="",
            )
            for e, m, v, c, i, p, x, s in rows
        ]
    )


# As read on ncsi.ega.ee (data/raw/ncsi_points): North Macedonia, legacy version 3 May 2023, capacity 1 "Cyber
# security policy development" 3/7: 1.1 policy unit 0/3, 1.2 coordination format 2/2, 1.3 strategy 1/1,
# 1.4 implementation plan 0/1. Albania, current methodology (undated comparison page), capacity 1 12/15: 1.3 0/3.
POINTS = ncsi(
    [
        ("MKD", "legacy", "2023-05-03", "1", "", 3, 7, "mk"),
        ("MKD", "legacy", "2023-05-03", "1", "1.1", 0, 3, "mk"),
        ("MKD", "legacy", "2023-05-03", "1", "1.2", 2, 2, "mk"),
        ("MKD", "legacy", "2023-05-03", "1", "1.3", 1, 1, "mk"),
        ("MKD", "legacy", "2023-05-03", "1", "1.4", 0, 1, "mk"),
        ("MKD", "legacy", "2023-05-03", "2", "2.1", 3, 3, "mk"),
        ("ALB", "current", "", "1", "", 12, 15, "al"),
        ("ALB", "current", "", "1", "1.1", 3, 3, "al"),
        ("ALB", "current", "", "1", "1.3", 0, 3, "al"),
        ("SRB", "legacy", "2019-12-03", "1", "1.1", 3, 3, "rs2019"),
        ("SRB", "legacy", "2019-12-03", "1", "1.4", 0, 1, "rs2019"),  # made up for the test: an older version
        ("SRB", "legacy", "2022-01-01", "1", "1.1", 3, 3, "rs2022"),
    ]
)


def test_ncsi_points_meeting_an_unmet_indicator_earns_exactly_its_points():
    assert co.ncsi_options(POINTS, "MKD")["key"].tolist() == ["ncsi:legacy:1.1", "ncsi:legacy:1.4"]
    # by hand: 1.1 earns 3 - 0 = 3, 1.4 earns 1 - 0 = 1; capacity 1 goes from 3/7 to 3 + 3 + 1 = 7/7
    ind, cap = co.project_ncsi(POINTS, "MKD", ["ncsi:legacy:1.1", "ncsi:legacy:1.4"])
    assert ind[["indicator_id", "points", "projected", "earned"]].values.tolist() == [
        ["1.1", 0, 3, 3],
        ["1.4", 0, 1, 1],
    ]
    assert cap[["capacity_id", "points", "projected", "max_points"]].values.tolist() == [["1", 3, 7, 7]]
    # only 1.4: 3 + 1 = 4 of 7; a met indicator (1.2) or an unknown key is not a reform and changes nothing
    ind, cap = co.project_ncsi(POINTS, "MKD", ["ncsi:legacy:1.4", "ncsi:legacy:1.2", "ncsi:legacy:9.9"])
    assert ind["earned"].sum() == 1 and cap["projected"].tolist() == [4]
    # Albania, current methodology: 1.3 earns 3; capacity 1 goes from 12/15 to 15/15
    ind, cap = co.project_ncsi(POINTS, "ALB", ["ncsi:current:1.3"])
    assert ind["earned"].tolist() == [3] and cap[["points", "projected", "max_points"]].values.tolist() == [
        [12, 15, 15]
    ]
    # the methodology is part of the key: a legacy key never projects a current-methodology indicator
    assert co.project_ncsi(POINTS, "ALB", ["ncsi:legacy:1.3"])[0].empty


def test_ncsi_projection_uses_the_newest_version_read_and_never_estimates():
    # Serbia: the newest dated version (2022) has 1.1 met; the older version's unmet 1.4 is not offered
    assert co.ncsi_options(POINTS, "SRB").empty
    assert "every NCSI indicator read for Serbia is met" in co.ncsi_unavailable(POINTS, "SRB")
    # Montenegro: no per-indicator points at all -> the words, never a number
    assert co.ncsi_unavailable(POINTS, "MNE") == (
        "no projection: NCSI per-indicator assessment not available for Montenegro"
    )
    assert co.project_ncsi(POINTS, "MNE", ["ncsi:legacy:1.1"])[0].empty
    assert co.ncsi_unavailable(None, "MKD").startswith("no projection") and co.ncsi_unavailable(POINTS, "MKD") is None
    # a capacity whose total was not read: the indicator's points, and no capacity line
    no_total = POINTS[~((POINTS["economy"] == "MKD") & (POINTS["indicator_id"] == ""))]
    ind, cap = co.project_ncsi(no_total, "MKD", ["ncsi:legacy:1.1"])
    assert ind["earned"].tolist() == [3] and cap.empty


def test_ncsi_label_names_methodology_version_and_points():
    row = co.ncsi_options(POINTS, "MKD").iloc[1]
    assert co.ncsi_label(row) == "NCSI 1.4 Indicator 1.4 (legacy methodology, version 2023-05-03): 0 of 1 point"
    assert "(current methodology, undated version): 0 of 3 points" in co.ncsi_label(
        co.ncsi_options(POINTS, "ALB").iloc[0]
    )


PLAN_ITEMS = pd.DataFrame(
    [
        dict(item_id="B-1", economy="BIH", action="Adopt a strategy", linked_indicator="strategy_plan",
             linked_sim3_parameter="", status="in_progress", confidence="synthetic"),
        dict(item_id="B-2", economy="BIH", action="Raise a score", linked_indicator="gci_x",
             linked_sim3_parameter="", status="planned", confidence="synthetic"),
        dict(item_id="B-3", economy="BIH", action="Phishing drills", linked_indicator="ncsi_score",
             linked_sim3_parameter="", status="delayed", confidence="synthetic"),
        dict(item_id="B-4", economy="BIH", action="Classify incidents", linked_indicator="",
             linked_sim3_parameter="O-8", status="planned", confidence="synthetic"),
        dict(item_id="B-5", economy="BIH", action="Done already", linked_indicator="csirt",
             linked_sim3_parameter="", status="done", confidence="synthetic"),
        dict(item_id="B-6", economy="BIH", action="A CSIRT mandate", linked_indicator="treaty",
             linked_sim3_parameter="", status="planned", confidence="synthetic"),
    ]
)  # fmt: skip


def test_plan_items_as_reforms_put_only_their_status_fact_in_place():
    assert list(co.plan_options(PLAN_ITEMS, "BIH")) == ["plan:B-1", "plan:B-2", "plan:B-3", "plan:B-4", "plan:B-6"]
    proj = co.project_status(FACTS, "BIH", ["plan:B-1", "plan:B-2", "plan:B-4"], PLAN_ITEMS).set_index("indicator_id")
    assert proj.loc["strategy_plan", "projected"] == "in_place" and proj["changed"].sum() == 1
    words = co.plan_effects(
        PLAN_ITEMS, FACTS, POINTS, "BIH", ["plan:B-1", "plan:B-2", "plan:B-3", "plan:B-4", "plan:B-6"], str
    )
    assert words == [
        "B-1: puts 'strategy_plan' in place (today: missing)",
        "B-2: addresses gci_x: an index or survey value, never projected",
        "B-3: no projection: NCSI per-indicator assessment not available for Bosnia and Herzegovina",
        "B-4: addresses SIM3 O-8: a self-assessment, never projected",
        "B-6: 'treaty' is already in place: nothing changes",
    ]
    # an economy with NCSI points read: the item names no NCSI indicator, so still no projection
    mkd = PLAN_ITEMS.assign(economy="MKD")
    assert co.plan_effects(mkd, FACTS, POINTS, "MKD", ["plan:B-3"], str) == [
        "B-3: addresses the NCSI score but names no NCSI indicator: no projection"
    ]


def test_the_plans_view_links_each_open_item_to_the_planner(bundled_obs, catalog):
    from indicators.views.plans import plan_links

    items = PLAN_ITEMS.assign(
        linked_indicator=["national_strategy", "gci_2024_capacity", "ncsi_score", "", "national_csirt", "cyber_law"]
    )
    links = {link.item_id: link for link in plan_links(items, bundled_obs, catalog)}
    assert links["B-1"].query == {"economy": "BIH", "reforms": "plan:B-1"}
    assert "closes the gap 'National cybersecurity strategy' (today: partly in place)" in links["B-1"].text
    assert "(an index or survey value)" in links["B-2"].text and "SIM3 O-8" in links["B-4"].text
    assert links["B-5"].query is None  # done: nothing to plan


def ncsi_folder(data_dir, rows: list[dict]):
    from indicators.model.vocabulary import NCSI_POINT_COLUMNS

    folder = data_dir / "raw" / "ncsi_points"
    folder.mkdir(parents=True)
    with open(folder / "ncsi_points.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, NCSI_POINT_COLUMNS)
        w.writeheader()
        w.writerows([{c: r.get(c, "") for c in NCSI_POINT_COLUMNS} for r in rows])
    (folder / "EXCLUDED.md").write_text("Nothing left out.\n", encoding="utf-8")
    (folder / "source.yaml").write_text(
        "dataset: ncsi_points\ntitle: NCSI points\npublisher: eGA\nurl: https://ncsi.ega.ee\nlicence: quoted\n"
        "as_of: '2026-12-01'\nformat: ncsi_points_csv\nfiles: [ncsi_points.csv]\n"
        "sources:\n- id: n.s1\n  title: A page\n  url: https://ncsi.ega.ee/country/mk_2022\n",
        encoding="utf-8",
    )
    return folder


NCSI_GOOD = dict(
    economy="MKD", methodology="legacy", version_date="2023-05-03", capacity_id="1", indicator_id="1.4",
    indicator_name="Plan", points="0", max_points="1", source_id="n.s1", confidence="verified",
)  # fmt: skip


def test_ncsi_points_load_into_their_own_table_and_bad_rows_are_refused(data_dir, catalog):
    folder = ncsi_folder(data_dir, [NCSI_GOOD])
    extracted, problems = check([folder], catalog, data_dir)
    assert problems == [] and extracted[0].tables["ncsi_points"]["points"].tolist() == [0]
    assert extracted[0].observations is None or extracted[0].observations.empty  # never an observation
    bad = [
        dict(NCSI_GOOD, source_id=""),
        dict(NCSI_GOOD, indicator_id="2.1", points="4", max_points="3", confidence="synthetic", economy="YU"),
        dict(NCSI_GOOD, methodology="v3", version_date="May 2023"),
    ]
    _, problems = check([ncsi_folder(data_dir / "b", bad)], catalog, data_dir / "b")
    where = {(p.row, p.column) for p in problems}
    assert (2, "source_id") in where
    assert {(3, c) for c in ("indicator_id", "points", "confidence", "economy")} <= where
    assert {(4, "methodology"), (4, "version_date")} <= where


def test_every_bundled_ncsi_point_has_a_source_and_adds_up_where_a_capacity_was_read_whole(bundled_data_dir):
    wh = Warehouse(bundled_data_dir)
    pts, sources = wh.table("ncsi_points"), wh.table("sources")
    assert len(pts) >= 20 and pts["source_id"].isin(set(sources["source_id"])).all()
    assert (pts["points"] <= pts["max_points"]).all() and "MNE" not in set(pts["economy"])
    # North Macedonia 2023: 1.1-1.4 read whole, 0 + 2 + 1 + 0 = 3 = the capacity total printed (3/7)
    mk = pts[(pts["economy"] == "MKD") & (pts["capacity_id"].astype(str) == "1")].set_index("indicator_id")
    assert mk.loc[["1.1", "1.2", "1.3", "1.4"], "points"].sum() == mk.loc["", "points"] == 3


def walk(blocks):
    for b in blocks:
        if hasattr(b, "blocks"):  # a child page (container, columns)
            yield from walk(b.blocks)
            continue
        yield b
        yield from walk(b.children)


def test_a_projection_never_reaches_a_download_or_the_warehouse(bundled_data_dir):
    from indicators.model.catalog import load_catalog
    from indicators.views import cooperation, hygiene

    wh = Warehouse(bundled_data_dir)
    before = {t: len(wh.table(t)) for t in ("ncsi_points", "plan_items", "observations")}
    d = hygiene.Data(wh.has_table, wh.table, wh.query, load_catalog(), wh.observations())
    reforms = "ncsi:legacy:1.1,ncsi:legacy:1.4,plan:MKD-06,fact:national_strategy"
    page = cooperation.build(d, {"economy": ["MKD"], "reforms": [reforms]}, {})
    blocks = list(walk(page.blocks))
    text = " ".join(str(b.text) for b in blocks).replace("\\", "")  # markdown escapes
    assert "1. Cyber security policy development: today 3 of 7 points; with the planned reforms 7 of 7" in text
    assert "In all: 4 NCSI points earned (projection: not a measurement)" in text
    assert "MKD-06: addresses the NCSI score but names no NCSI indicator: no projection" in text
    assert page.params["reforms"] == "ncsi:legacy:1.1,ncsi:legacy:1.4,plan:MKD-06"  # unknown fact for MKD: dropped
    downloads = [b for b in blocks if b.kind == "download"]
    assert downloads and all(b"projection" not in b.data and b"ncsi" not in b.data.lower() for b in downloads)
    # nothing is written back: the warehouse holds what it held
    wh2 = Warehouse(bundled_data_dir)
    assert {t: len(wh2.table(t)) for t in before} == before
    assert not any("project" in t for t in wh2.table("datasets")["dataset"])


def test_the_planner_in_the_page_restores_ncsi_and_plan_reforms_from_the_url(bundled_data_dir):
    at = run_page(bundled_data_dir, "cooperation", {"economy": "MKD", "reforms": "ncsi:legacy:1.4,plan:MKD-06"})
    assert not at.exception
    ms = [m for m in at.multiselect if m.key == "cooperation_reforms"]
    assert ms and ms[0].value == ["ncsi:legacy:1.4", "plan:MKD-06"]
    assert "In all: 1 NCSI point earned (projection: not a measurement)" in all_text(at)
