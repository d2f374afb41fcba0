"""View models (indicators/views) without Streamlit, on small fixture data made in code: the CERT, plans and
explorer views, the markup escaping helper, and the CSV downloads through the protected writer."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pandas as pd
import pytest

from etl.build import build
from indicators.model.catalog import load_catalog
from indicators.model.explore import Filters
from indicators.model.export import to_csv_bytes
from indicators.model.warehouse import Warehouse
from indicators.text import markup
from indicators.topics import plans, sim3
from indicators.views import cert, explorer
from indicators.views import plans as plans_view
from tests.conftest import obs_row, write_dataset

MODEL = sim3.load_model()
PLANTED = '<img id="planted" src="http://127.0.0.1:9/p.png"> [planted-link](http://127.0.0.1:9/x)'
TODAY = dt.date(2026, 6, 30)
UNESCAPED = re.compile(r"(?<!\\)(<img|\[planted|\]\()")  # planted markup that was not escaped


def rows_of(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture(scope="module")
def fixture_wh(tmp_path_factory):
    """A warehouse built from three fixture datasets: CSIRT facts, two numeric values, one demo value."""
    d = tmp_path_factory.mktemp("views") / "data"
    (d / "raw").mkdir(parents=True)
    write_dataset(
        d,
        "fx_csirts",
        [
            obs_row(
                economy="ALB",
                indicator_id="national_csirt",
                period=2011,
                value="",
                value_text="national",
                source_id="fx.s01",
                note='=HYPERLINK("http://127.0.0.1:9") ' + PLANTED,
            ),
            obs_row(
                economy="MNE",
                indicator_id="first_membership",
                period=2020,
                value="",
                value_text="full_member",
                source_id="fx.s01",
            ),
            obs_row(
                economy="XKX",
                indicator_id="national_csirt",
                period=2024,
                value="",
                status="not_assessed",
                source_id="fx.s01",
            ),
            obs_row(economy="ALB", indicator_id="gci_2024_legal", period=2024, value="18.5", source_id="fx.s01"),
            obs_row(
                economy="SRB",
                indicator_id="gci_2024_legal",
                period=2024,
                value="12",
                confidence="synthetic",
                source_id="fx.s01",
                note="-3 demo",
            ),
        ],
        sidecar={"sources": [{"id": "fx.s01", "title": "Fixture source " + PLANTED, "url": "https://example.org/s"}]},
    )
    build(d)
    w = Warehouse(d)
    try:
        yield {"obs": w.observations(), "sources": w.table("sources"), "datasets": w.table("datasets")}
    finally:
        w.close()


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


# ---------------------------------------------------------------------------------------------------
# markup


def test_md_escapes_markup_but_keeps_plain_text():
    assert markup.md("ITU GCI 2024: Capacity (Albania)") == "ITU GCI 2024: Capacity (Albania)"
    assert markup.md("[x](http://e)") == "\\[x\\](http\u2060\\://e)"
    assert markup.md("![i](u) <b>") == "\\!\\[i\\](u) \\<b\\>"
    assert (
        markup.md(":material/home: *a* `b` $c$ www.x.org a@b.org")
        == "\\:material/home: \\*a\\* \\`b\\` \\$c\\$ www\u2060.x.org a\u2060@b.org"
    )  # no autolinks
    assert markup.md("# title") == "\\# title" and markup.md("1. item") == "1\\. item"
    assert markup.md("2025-01-15") == "2025-01-15" and markup.md("- a") == "\\- a"
    assert markup.md("a\nb") == "a b" and markup.md(None) == ""


def test_html_and_urls():
    assert markup.html('<img src="x">&') == "&lt;img src=&quot;x&quot;&gt;&amp;"
    assert markup.safe_url("javascript:alert(1)") is None and markup.safe_url(None) is None
    assert markup.safe_url("https://e.org/a b)") == "https://e.org/a%20b%29"
    assert markup.md_link("T [x]", "https://e.org") == "[T \\[x\\]](https://e.org)"
    assert markup.md_link("T", "ftp://e.org") == "T"


# ---------------------------------------------------------------------------------------------------
# CERT


def assessment(
    levels: dict | None = None,
    default: int | None = 2,
    team: str = "Team A",
    date: str = "2025-01-15",
    economy: str = "MNE",
    confidence: str = "verified",
    dataset: str = "fixture",
    note: str = "",
) -> pd.DataFrame:
    levels = levels or {}
    rows = [
        {
            "team": team,
            "economy": economy,
            "assessment_date": date,
            "parameter_id": p.id,
            "category": p.category,
            "parameter_name": p.name,
            "level": levels.get(p.id, default),
            "status": "observed",
            "assessor": "Peer review",
            "note": note if p.id == "O-1" else "",
            "confidence": confidence,
            "source_id": "fx.s01",
            "dataset": dataset,
        }
        for p in MODEL.parameters
    ]
    return pd.DataFrame(rows, columns=sim3.TABLE_COLUMNS).astype({"level": "Int64"})


@pytest.fixture(scope="module")
def cert_data(fixture_wh, catalog):
    assess = pd.concat(
        [
            assessment({"O-1": 1}, 3, team="Real MNE team", note="=cmd|' /C calc'!A0"),
            assessment({}, 1, team="Demo MNE team", date="2024-01-01", confidence="synthetic", dataset="demo"),
            assessment({}, 2, team="Demo MNE team", date="2025-01-01", confidence="synthetic", dataset="demo"),
            assessment(
                {"T-3": None, "P-16": None},
                2,
                team="Demo XK " + PLANTED,
                economy="XKX",
                confidence="synthetic",
                dataset="demo",
            ),
        ],
        ignore_index=True,
    )
    return cert.prepare(assess, fixture_wh["obs"], catalog, fixture_wh["sources"], MODEL)


def test_cert_team_order_and_url_selection(cert_data):
    assert cert_data.teams_of["MNE"] == ("Real MNE team", "Demo MNE team")  # real first, then most assessed
    assert cert_data.teams_of["ALB"] == ()
    assert cert.default_economy(cert_data, "Demo MNE team", economy_given=False) == "MNE"
    sel = cert.pick(cert_data, "MNE", "Demo MNE team", "2024-01-01")
    assert (sel.team, sel.date, sel.dates, sel.messages) == (
        "Demo MNE team",
        "2024-01-01",
        ("2024-01-01", "2025-01-01"),
        (),
    )
    sel = cert.pick(cert_data, "MNE", "<script>", "1999")
    assert sel.team == "Real MNE team" and sel.messages == ("Unknown team '?script?': showing Real MNE team.",)
    sel = cert.pick(cert_data, "MNE", "Demo MNE team", "1999-01-01")
    assert sel.date == "2025-01-01" and "No assessment of this team dated '1999-01-01'" in sel.messages[0]
    assert cert.pick(cert_data, "ALB", None, None) == cert.Selection(None, None, ())


def test_cert_view_of_a_real_assessment(cert_data):
    view = cert.build(cert_data, "MNE", "Real MNE team", "2025-01-15")
    a = view.assessment
    assert not a.demo and a.confidence_badge == "Real assessment: verified"
    assert a.tier_name == MODEL.tier_name(sim3.derive_tier(assessment({"O-1": 1}, 3), MODEL).tier)
    assert a.assessed_text == "44 of 44" and a.tier_warning is None
    assert "O-1 Mandate (1 → " in a.blockers_caption
    cats = a.categories.frame.set_index("Category")
    n = len(MODEL.in_category("O"))
    assert cats.iloc[0]["Mean level (0-4)"] == pytest.approx(round((1 + 3 * (n - 1)) / n, 2))
    assert list(cats["Mean level (0-4)"])[1:] == [3.0, 3.0, 3.0]
    assert a.categories.formats == {"Mean level (0-4)": "%.2f"}
    assert list(a.sources["source_title"]) == ["Fixture source " + PLANTED]
    assert view.trend is None  # one assessment only
    # the download goes through the protected writer: formula neutralised, levels stay numbers
    out = {r["parameter_id"]: r for r in rows_of(a.csv)}
    assert out["O-1"]["level"] == "1" and out["O-2"]["level"] == "3"
    assert out["O-1"]["note"] == "'=cmd|' /C calc'!A0"
    assert a.csv_name == "sim3_MNE_2025-01-15.csv"
    rows = sim3.select_assessment(cert_data.assess, "Real MNE team", "2025-01-15")
    assert a.csv == to_csv_bytes(sim3.assessment_frame(rows, MODEL))  # the one protected writer
    # the public record of Montenegro, from the fixture observations
    assert [line for line, _fact in view.record] == [
        "**National CSIRT:** *no data*",
        "**National CSIRT is a FIRST member:** Full member",
    ]


def test_cert_view_trend_incomplete_tier_and_comparison(cert_data):
    view = cert.build(cert_data, "MNE", "Demo MNE team", "2025-01-01")
    assert view.assessment.demo and view.trend.demo
    assert list(view.trend.table.frame["Assessment date"]) == ["2024-01-01", "2025-01-01"]
    assert list(view.trend.table.frame["Overall"]) == [1.0, 2.0]
    assert "overall mean level 1.00 on 2024-01-01, 2.00 on 2025-01-01" in view.trend.caption
    xk = cert.build(cert_data, "XKX", "Demo XK " + PLANTED, "2025-01-15")
    assert xk.assessment.tier_name == "Not derivable" and "T-3, P-16" in xk.assessment.tier_warning
    assert not UNESCAPED.search(xk.assessment.heading) and "\\<img" in xk.assessment.heading
    assert xk.assessment.heading.endswith("** · 2025-01-15")
    assert "\\[planted-link\\]" in xk.assessment.heading
    assert [line for line, _f in xk.record] == [
        "**National CSIRT:** *not assessed*",
        "**National CSIRT is a FIRST member:** *no data*",
    ]
    comp = view.comparison.table.frame
    mne = comp[comp["Economy"] == "Montenegro"].set_index("SIM3 team")
    assert mne.loc["Real MNE team", "SIM3 data"] == "verified"
    assert mne.loc["Demo MNE team", "Tier (project rule)"] == view.assessment.tier_name
    assert mne.loc["Demo MNE team", "FIRST membership (public record)"] == "Full member (verified)"
    alb = comp[comp["Economy"] == "Albania"].iloc[0]
    assert (
        alb["SIM3 team"] == "no assessment loaded"
        and alb["National CSIRT (public record)"] == "National CSIRT (verified)"
    )
    assert "\\<img" in view.comparison.caption and not UNESCAPED.search(view.comparison.caption)
    assert set(view.comparison.sim3_sources["source_id"]) == {"fx.s01"}
    assert view.comparison.demo


def test_cert_view_without_a_team_and_the_rule(cert_data, tmp_path):
    view = cert.build(cert_data, "ALB", None, None, templates=tmp_path)
    assert view.assessment is None and view.trend is None
    assert "No SIM3 assessment of a team in Albania" in view.no_team_message
    line, fact = view.record[0]
    assert line == "**National CSIRT:** National CSIRT" and fact["period"] == 2011
    assert "\\<img" in fact["note"] and not UNESCAPED.search(fact["note"] + fact["source_title"])
    assert fact["source_url"] == "https://example.org/s"
    assert len(view.rule.thresholds) == len(MODEL.parameters) and view.rule.templates == ()
    assert "enisa.europa.eu" in view.rule.sources_caption
    assert list(view.rule.scale.frame["Level"]) == [lv.level for lv in MODEL.levels]


# ---------------------------------------------------------------------------------------------------
# plans


def item(
    item_id,
    economy="ALB",
    group="public_sector_staff",
    status="in_progress",
    progress=50.0,
    deadline="2026-12-31",
    indicator="gci_2024_capacity",
    parameter=None,
    action="Act",
) -> dict:
    return {
        "item_id": item_id,
        "economy": economy,
        "institution": "Inst",
        "target_group": group,
        "action": action,
        "linked_indicator": indicator,
        "linked_sim3_parameter": parameter,
        "baseline": "",
        "target": "",
        "deadline": deadline,
        "status": status,
        "progress": progress,
        "confidence": "synthetic",
        "source_id": "fx.s01",
        "note": "",
        "dataset": "fixture",
    }


@pytest.fixture
def items() -> pd.DataFrame:
    return pd.DataFrame(
        [
            item("A1", status="done", progress=100, deadline="2025-12-31"),
            item("A2", progress=40, deadline="2026-03-31", action='=HYPERLINK("http://127.0.0.1:9")'),
            item("A3", status="cancelled", progress=10, deadline="2025-01-31"),
            item(
                "X1",
                economy="XKX",
                group="cert_staff",
                status="planned",
                progress=None,
                indicator=None,
                parameter="T-4",
                action="-3 staff",
            ),
        ],
        columns=plans.TABLE_COLUMNS,
    )


def test_plans_parse_gives_a_message_per_unusable_value(catalog):
    sel = plans_view.parse(
        {"economy": ["ZZZ"], "group": ["nobody"], "indicator": ["nope"], "parameter": ["z-9"], "as_of": ["yesterday"]},
        catalog,
        MODEL,
        TODAY,
    )
    assert (sel.economy, sel.group, sel.indicator, sel.parameter, sel.as_of) == ("all", "all", None, None, None)
    assert [m.split(" '")[0] for m in sel.messages] == [
        "Unknown economy code",
        "Unknown target group",
        "Unknown indicator",
        "Unknown SIM3 parameter",
        "Unknown date",
    ]
    sel = plans_view.parse({"economy": ["xk"], "parameter": ["t-4"], "as_of": ["2026-01-01"]}, catalog, MODEL, TODAY)
    assert (sel.economy, sel.parameter, sel.as_of, sel.messages) == ("XKX", "T-4", dt.date(2026, 1, 1), ())


def test_plans_view_numbers_tables_and_download(items, fixture_wh, catalog):
    sel = plans_view.Selection(economy="ALB", indicator="gci_2024_capacity")
    view = plans_view.build(items, fixture_wh["sources"], catalog, MODEL, sel, TODAY)
    assert [(label, value) for label, value, _h in view.metrics] == [
        ("Plan items", 3),
        ("Mean progress", "70%"),
        ("Overdue as of 2026-06-30", 1),
        ("Done", 1),
    ]
    assert view.gap.heading.startswith("Plan items addressing the gap: ") and view.gap.heading.endswith("(Albania)")
    assert view.gap.count_text == "3 plan items address this gap (2 not cancelled)."
    assert view.gap.back_to_profile == "ALB"
    assert list(view.overdue.frame["Item"]) == ["A2"] and view.overdue.progress == ("Progress %",)
    assert list(view.items.frame["Item"]) == ["A3", "A1", "A2"]  # by deadline
    assert view.demo and view.demo_anywhere and not view.kosovo_footnote
    out = {r["item_id"]: r for r in rows_of(view.csv)}
    assert out["A2"]["action"] == '\'=HYPERLINK("http://127.0.0.1:9")'  # neutralised by the protected writer
    assert out["A2"]["progress"] == "40.0" and out["A2"]["overdue_as_of_2026-06-30"] == "true"
    assert view.csv_name == "plan_items_ALB_2026-06-30.csv"
    assert view.csv == to_csv_bytes(plans.export_frame(items[items["economy"] == "ALB"], TODAY))
    assert list(view.sources["source_id"]) == ["fx.s01"]


def test_plans_view_of_a_sim3_parameter_and_an_empty_selection(items, fixture_wh, catalog):
    view = plans_view.build(items, fixture_wh["sources"], catalog, MODEL, plans_view.Selection(parameter="T-4"), TODAY)
    assert view.gap.heading == "Plan items addressing SIM3 T-4 Incident Tracking System (all economies)"
    assert list(view.gap.table.frame["Item"]) == ["X1"] and view.gap.back_to_profile is None
    assert view.kosovo_footnote
    caption = view.progress.caption
    assert (
        "Albania: 3 items, mean progress 70%, 1 overdue" in caption
        and "Kosovo*: 1 item, no progress reported" in caption
    )
    empty = plans_view.build(items, fixture_wh["sources"], catalog, MODEL, plans_view.Selection(economy="SRB"), TODAY)
    assert empty.progress is None and empty.items is None and empty.csv is None and empty.overdue is None
    assert [v for _l, v, _h in empty.metrics] == [0, "not reported", 0, 0]


# ---------------------------------------------------------------------------------------------------
# explorer


def test_explorer_parse_and_build(fixture_wh, catalog):
    obs, sources = fixture_wh["obs"], fixture_wh["sources"]
    data = explorer.prepare(obs, catalog, sources, fixture_wh["datasets"])
    assert (data.lo, data.hi) == (2011, 2024) and data.varying == ()
    filters, messages = explorer.parse({"period": ["1990-1995"], "economy": ["SRB", "nowhere"]}, data)
    assert filters == Filters(economy=("SRB",))
    assert messages[0].startswith("Unknown economy value(s): nowhere.")
    assert messages[1] == "No data in the period 1990-1995: showing all periods (2011-2024)."
    assert explorer.source_label(data, "fx_csirts").startswith("Dataset: ")
    view = explorer.build(data, obs, catalog, sources, Filters(economy=("ALB", "SRB")))
    assert list(view.shown.frame["Economy"]) == ["Albania", "Albania", "Serbia"]
    assert list(view.shown.frame["Value"]) == ["18.5", "National CSIRT", "12"]
    assert "<b>3</b> of 5 rows" in view.row_count_html
    assert view.demo and not view.kosovo_footnote
    assert "3 rows; 2 economies (Albania, Serbia)" in view.summary and "2 verified, 1 synthetic" in view.summary
    assert view.cli.endswith("`python -m etl export --format csv --economy ALB,SRB out.csv`")
    assert view.csv() == to_csv_bytes(view.table)
    out = rows_of(view.csv())
    assert out[1]["note"].startswith("'=HYPERLINK")  # neutralised
    assert [r["value"] for r in out] == ["18.5", "", "12.0"]  # numbers untouched
    nothing = explorer.build(data, obs, catalog, sources, Filters(economy=("MKD",)))
    assert nothing.shown is None and nothing.summary is None and "<b>0</b>" in nothing.row_count_html


def test_html_text_cannot_become_markdown_links_images_or_a_new_block():
    """HTML read by the markdown parser first (slides, tooltips): a blank line would end the HTML block."""
    out = markup.html(
        "Title\n\n![planted](https://planted.invalid/x.png) [a](https://planted.invalid) www.x.org a@b.org"
    )
    assert "\n" not in out and "](" not in out.replace("&#93;(", "") and "![" not in out and "[a]" not in out
    assert "https://" not in out and "www." not in out and "@" not in out
    assert out.startswith("Title&#10;&#10;&#33;&#91;planted&#93;(https&#58;//planted.invalid/x.png)")
    assert markup.html("Kosovo* idx_legal_a: 8 / 20") == "Kosovo* idx_legal_a: 8 / 20"


def test_the_sources_line_escapes_with_the_one_escaper():
    import inspect

    from ui import frame

    assert frame.md_escape("[x](http://e)") == markup.md("[x](http://e)")
    assert "markup.md" in inspect.getsource(frame._sources_markdown)  # the text of frame.sources_line
