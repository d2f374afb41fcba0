"""Presentation deck: slide order from the URL, economy slide content, and an AppTest of every slide
kind for every economy."""

from __future__ import annotations

import pytest

from indicators.model.economies import ECONOMY_CODES, KOSOVO_FOOTNOTE, display_name
from indicators.render.slides import build_deck, compare_cell, economy_summary, slide_ranking
from tests.apptest_helpers import all_text, run_page


def test_deck_order_follows_the_presenter(catalog):
    deck = build_deck(["SRB", "XKX"], "legal", catalog)
    assert [s.kind for s in deck] == ["title", "map", "economy", "economy", "compare", "closing"]
    assert [s.economy for s in deck if s.kind == "economy"] == ["SRB", "XKX"]
    assert deck[1].title == "The region at a glance: Legal"
    assert deck[3].title == "Kosovo*"


def test_economy_summary_strengths_and_gaps_from_normalised_scores(bundled_obs, catalog):
    s = economy_summary(bundled_obs, catalog, "BIH")
    assert s["gaps"] and s["gaps"][0]["gap"] >= s["gaps"][-1]["gap"] > 0
    assert all(" / 20" in g["text"] or " / 100" in g["text"] or " % " in g["text"] for g in s["gaps"])
    assert all("(score " in g["text"] and "scores " in g["text"] for g in s["gaps"])
    # a strength is near the WB6 best: an economy far behind gets none rather than its "least bad" value
    assert all("behind the best" in t["text"] or "the best in the WB6" in t["text"] for t in s["strengths"])
    srb = economy_summary(bundled_obs, catalog, "SRB")
    assert not {t["indicator_id"] for t in srb["strengths"]} & {g["indicator_id"] for g in srb["gaps"]}
    x = economy_summary(bundled_obs, catalog, "XKX")
    facts = {f["indicator_id"]: f for f in x["facts"]}
    assert facts["gci_2024_overall"]["status"] == "not_covered"
    assert facts["ncsi_score"]["value"].endswith(" / 100")
    assert "itu_gci_pillars" not in x["datasets"] or any("ITU GCI" in g["text"] for g in x["gaps"] + x["strengths"])


def test_slide_ranking_leaves_out_pillars_below_the_rule(tmp_path):
    from indicators.method.scoring import pillar_scores
    from indicators.method.sensitivity import Setup, rank_bands, with_bands
    from indicators.render import map_values
    from tests.fixture_catalog import make_catalog, scored

    cat = make_catalog(tmp_path)
    obs = scored(
        cat,
        [
            {"economy": "ALB", "indicator_id": "idx_legal_a", "value": 20.0},
            {"economy": "ALB", "indicator_id": "idx_legal_b", "value": 50.0},
            {"economy": "SRB", "indicator_id": "idx_legal_a", "value": 10.0},
            {"economy": "SRB", "indicator_id": "idx_legal_b", "value": 90.0},
            {"economy": "SRB", "indicator_id": "idx_legal_c", "value_text": "high"},
            {"economy": "XKX", "indicator_id": "idx_legal_a", "value": 20.0},  # 1 of 3: below the rule
            {"economy": "XKX", "indicator_id": "fact_law", "value_text": "aligned"},
        ],
    ).assign(source_title="t", source_url="u")
    bands = rank_bands(obs, cat, setup=Setup(draws=50, seed=1))
    shown, left_out = slide_ranking(map_values.pillar_map_values(obs, cat, "legal", bands=bands))
    assert [r["economy"] for r in shown] == ["SRB", "ALB"]
    assert shown[0]["text"].startswith("1st of 2 Serbia: 80.0 (3/3; band 1st")  # "of n" (issue 20)
    assert shown[1]["coverage"] == "2 of 3" and "(2/3; band " in shown[1]["text"]
    assert {r["economy"] for r in left_out} == {"BIH", "MNE", "MKD", "XKX"}
    assert next(r for r in left_out if r["economy"] == "XKX")["text"] == "Kosovo*: insufficient (1/3)"
    scores = with_bands(pillar_scores(obs, cat), bands).set_index(["pillar", "economy"])
    assert compare_cell(scores.loc[("legal", "XKX")]) == "insufficient (1/3)"
    assert compare_cell(scores.loc[("legal", "BIH")]) == "— (0/3)"
    assert compare_cell(scores.loc[("legal", "SRB")]).startswith("80 (3/3) · band 1st")


def slide_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("code", ["XKX", "SRB"])
def test_every_slide_kind_for_each_economy(bundled_data_dir, code):
    others = [c for c in ECONOMY_CODES if c != code][:1]
    economies = [code, *others]
    # title, ranking, economies, side by side, peer learning (issue 28), sources: no "What changed" slide without
    # an earlier build (issue 22)
    deck_len = 2 + len(economies) + 3
    seen = []
    for n in range(1, deck_len + 1):
        at = run_page(
            bundled_data_dir,
            "present",
            {"present": "1", "economies": ",".join(economies), "focus": "legal", "slide": str(n)},
        )
        assert not at.exception, (code, n)
        text = slide_text(at)
        assert f"{n} / {deck_len}" in text
        seen.append(text)
    assert "Cybersecurity maturity in the Western Balkans" in seen[0] and "Data as of 20" in seen[0]
    assert "Built on 20" in seen[0]
    assert "The region at a glance: Legal" in seen[1]
    # Legal has two publishers since issue 19 (ITU GCI + OECD privacy and data protection): 2 indicators
    assert "/2; band " in seen[1] and "rank band" in seen[1] and "Lens: index" in seen[1]
    assert display_name(code) in seen[2] and "Strengths" in seen[2] and "Largest gaps" in seen[2]
    assert "Side by side" in seen[-3] and "rank band" in seen[-3] and "<th></th>" not in seen[-3]
    assert "Side by side" in seen[-3] and not any("What changed since the last forum" in t for t in seen)
    assert "Peer learning" in seen[-2] and "3 of 6 assessed economies do not have it in place" in seen[-2]
    assert "Sources and how to read this" in seen[-1] and "(as of 20" in seen[-1]
    if code == "XKX":
        assert KOSOVO_FOOTNOTE in seen[2] and "not covered by the source" in seen[2]


def test_setup_page_and_bad_parameters(bundled_data_dir):
    at = run_page(bundled_data_dir, "present", {"economies": "SRB,ZZZ", "focus": "nonsense", "slide": "99"})
    assert not at.exception
    assert at.title[0].value == "Presentation mode"
    text = all_text(at)
    assert "Ignored unknown economy code(s): ZZZ" in text and "Unknown focus" in text
    assert "present=1" in text
    at = run_page(bundled_data_dir, "present", {"present": "1", "slide": "-3", "auto": "7"})
    assert not at.exception and "1 / 12" in slide_text(
        at
    )  # 6 economies: the comparison is two slides; peer learning (issue 28); no "What changed" without an earlier build
