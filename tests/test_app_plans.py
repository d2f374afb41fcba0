"""AppTest of the capacity-building plans page and of the economy profile's gap-table links to it."""

from __future__ import annotations

import datetime as dt

import pytest

from indicators.method.scoring import gap_table
from indicators.model.catalog import load_catalog
from indicators.model.economies import KOSOVO_FOOTNOTE
from indicators.model.warehouse import Warehouse
from indicators.topics import plans
from tests.apptest_helpers import all_text, plotly_figures, run_page

AS_OF = "2026-06-30"


@pytest.fixture(scope="module")
def items(bundled_data_dir):
    w = Warehouse(bundled_data_dir)
    try:
        yield w.table(plans.TABLE)
    finally:
        w.close()


def metric(at, label_start):
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def test_overview_of_all_plans_as_of_a_date(bundled_data_dir, items):
    at = run_page(bundled_data_dir, "plans", {"as_of": AS_OF})
    assert not at.exception
    assert at.title[0].value == "Capacity-building plans"
    text = all_text(at)
    assert "Demonstration data" in text and KOSOVO_FOOTNOTE in text
    assert metric(at, "Plan items") == str(len(items))
    late = plans.overdue(items, AS_OF)
    assert metric(at, "Overdue as of 2026-06-30") == str(len(late))
    overdue_table = at.dataframe[1].value
    assert list(overdue_table["Item"]) == list(late["item_id"])
    assert list(overdue_table["Days overdue"]) == list(late["days_overdue"])
    heat = plotly_figures(at)[0]["data"][0]
    summary = plans.progress_summary(items, ("economy", "target_group"), AS_OF).set_index(["economy", "target_group"])
    assert heat["y"] == ["Albania", "Bosnia and Herzegovina", "Kosovo*", "Montenegro", "North Macedonia", "Serbia"]
    for i, eco in enumerate(["ALB", "BIH", "XKX", "MNE", "MKD", "SRB"]):
        for j, grp in enumerate(plans.TARGET_GROUPS):
            want = summary["mean_progress"].get((eco, grp))
            got = heat["z"][i][j]
            assert (got is None and (want is None or want != want)) or got == pytest.approx(want)
    assert "Overdue: the deadline is before the 'status as of' date" in text
    assert at.query_params["as_of"] == AS_OF


def test_today_is_the_default_date(bundled_data_dir, items):
    at = run_page(bundled_data_dir, "plans")
    today = dt.date.today().isoformat()
    assert metric(at, f"Overdue as of {today}") == str(len(plans.overdue(items, today)))


def test_plan_items_addressing_one_gap(bundled_data_dir, items):
    linked = plans.items_for_gap(items, "ALB", "gci_2024_capacity")
    assert len(linked)
    at = run_page(bundled_data_dir, "plans", {"economy": "ALB", "indicator": "gci_2024_capacity"})
    assert not at.exception
    assert at.subheader[0].value == "Plan items addressing the gap: ITU GCI 2024: Capacity development (Albania)"
    table = at.dataframe[0].value
    assert sorted(table["Item"]) == sorted(linked["item_id"]) and set(table["Economy"]) == {"Albania"}
    assert not at.warning
    links = at.get("page_link")
    assert any(link.proto.query_string == "economy=ALB" and "profile" in link.proto.label.lower() for link in links)


def test_a_gap_without_plan_items_says_so(bundled_data_dir, items):
    assert not len(plans.items_for_gap(items, "SRB", "first_membership"))
    at = run_page(bundled_data_dir, "plans", {"economy": "SRB", "indicator": "first_membership"})
    assert not at.exception
    assert [w.value for w in at.warning] == ["No plan item addresses this gap."]


def test_plan_items_for_a_sim3_parameter(bundled_data_dir, items):
    at = run_page(bundled_data_dir, "plans", {"parameter": "t-4"})
    assert at.subheader[0].value == "Plan items addressing SIM3 T-4 Incident Tracking System (all economies)"
    assert sorted(at.dataframe[0].value["Item"]) == sorted(plans.items_for_parameter(items, None, "T-4")["item_id"])
    assert at.query_params["parameter"] == "T-4"


def test_filter_by_economy_and_target_group(bundled_data_dir, items):
    at = run_page(bundled_data_dir, "plans", {"economy": "xk", "group": "cert_staff", "as_of": AS_OF})
    mine = items[(items["economy"] == "XKX") & (items["target_group"] == "cert_staff")]
    assert metric(at, "Plan items") == str(len(mine))
    assert plotly_figures(at)[0]["data"][0]["y"] == ["Kosovo*"]
    assert KOSOVO_FOOTNOTE in all_text(at)
    assert at.query_params["economy"] == "XKX" and at.query_params["group"] == "cert_staff"


@pytest.mark.parametrize(
    "params, message",
    [
        ({"economy": "ZZZ"}, "Unknown economy code 'ZZZ': showing all economies."),
        ({"group": "pupils"}, "Unknown target group 'pupils'"),
        ({"indicator": "gdp_growth"}, "Unknown indicator 'gdp_growth'"),
        ({"parameter": "O-6"}, "Unknown SIM3 parameter 'O-6'"),
        ({"as_of": "2026-13-40"}, "Unknown date '2026-13-40'"),
    ],
)
def test_bad_url_parameters(bundled_data_dir, params, message):
    at = run_page(bundled_data_dir, "plans", params)
    assert not at.exception
    assert any(message in i.value for i in at.info)
    assert metric(at, "Plan items") != "0"


def test_profile_gap_table_links_each_gap_to_its_plan_items(bundled_data_dir, bundled_obs, items):
    at = run_page(bundled_data_dir, "profile", {"economy": "ALB"})
    assert not at.exception
    gap = at.dataframe[1].value
    catalog = load_catalog()
    gaps = gap_table(bundled_obs, catalog, "ALB")
    counts = plans.gap_counts(items, "ALB", list(gaps["indicator_id"]))
    assert list(gap["Plan items"]) == [counts[i] for i in gaps["indicator_id"]]
    assert any(c > 0 for c in counts.values()) and any(c == 0 for c in counts.values())
    closed = {link.proto.query_string for link in at.get("page_link")}
    assert not any("indicator=" in q for q in closed)  # the section is drawn when opened (issue 25: fewer elements)
    at.session_state["profile_plan_links"] = True  # opened, as a click on the expander does
    at.run()
    assert not at.exception
    links = {link.proto.query_string: link.proto.label for link in at.get("page_link")}
    for ind_id, n in counts.items():
        query = f"economy=ALB&indicator={ind_id}"
        if n:
            assert links[query] == (f"{n} plan items address this gap" if n > 1 else "1 plan item addresses this gap")
        else:
            assert query not in links
    assert sum(c.value == "No plan item addresses this gap." for c in at.caption) == list(counts.values()).count(0)
    assert "the 'Plan items' column counts made-up plan items" in all_text(at)
