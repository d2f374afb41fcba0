"""The deck's view model (indicators/views/present.py) and the "what changed" view model on fixture data."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.method.changes import compare_builds
from indicators.method.sensitivity import Setup, rank_bands
from indicators.text.i18n import set_language
from indicators.views import changes as changes_view
from indicators.views import present
from tests.fixture_catalog import make_catalog, scored

DATASETS = pd.DataFrame(
    {
        "dataset": ["ds_a", "ds_b", "ds_demo", "ds_unused"],
        "title": ["Dataset A", "Dataset B", "Demo survey", "Never shown"],
        "as_of": ["2024-09-12", "2026-06", "2026-11-30", "2027-01-01"],
    }
)
MANIFEST = {"build_id": "20261130T000000Z-new", "built_at": "2026-11-30T05:00:00+00:00"}


@pytest.fixture
def deck_data(tmp_path):
    cat = make_catalog(tmp_path)
    obs = scored(
        cat,
        [
            {"economy": "ALB", "indicator_id": "idx_legal_a", "value": 20.0, "dataset": "ds_a"},
            {"economy": "ALB", "indicator_id": "idx_legal_b", "value": 50.0, "dataset": "ds_b"},
            {"economy": "SRB", "indicator_id": "idx_legal_a", "value": 10.0, "dataset": "ds_a"},
            {"economy": "SRB", "indicator_id": "idx_legal_b", "value": 90.0, "dataset": "ds_b"},
            {"economy": "XKX", "indicator_id": "idx_legal_a", "value": 12.08, "dataset": "ds_a"},
            {"economy": "BIH", "indicator_id": "idx_legal_a", "value": 4.0, "dataset": "ds_a"},
            {"economy": "MNE", "indicator_id": "idx_legal_a", "value": 16.0, "dataset": "ds_a"},
            {"economy": "BIH", "indicator_id": "idx_coop_a", "value": 5.0, "dataset": "ds_a"},
            {"economy": "MNE", "indicator_id": "idx_coop_a", "value": 15.0, "dataset": "ds_a"},
            {"economy": "MKD", "indicator_id": "idx_coop_a", "value": 9.0, "dataset": "ds_a"},
            {
                "economy": "ALB",
                "indicator_id": "idx_incl",
                "value": 40.0,
                "dataset": "ds_demo",
                "confidence": "synthetic",
            },
        ],
    ).assign(source_title="t", source_url="u", indicator_name=None)
    return cat, obs, rank_bands(obs, cat, setup=Setup(draws=30, seed=1))


def test_deck_sources_are_exactly_the_datasets_on_the_slides(deck_data):
    cat, obs, bands = deck_data
    view = present.build(obs, cat, DATASETS, MANIFEST, bands, ["SRB", "XKX"], "legal", 1080)
    assert [s.kind for s in view.slides] == ["title", "ranking", "economy", "economy", "compare", "sources"]
    cited = set().union(*[set(s.datasets) for s in view.slides])
    assert set(view.datasets) == cited == {"ds_a", "ds_b"}  # not the demonstration data, not unused datasets
    sources = "".join(view.slides[-1].blocks)
    assert "Dataset A</span> <span class='slide-asof'>(as of 2024-09-12)" in sources
    assert "Demo survey" not in sources and "Never shown" not in sources
    # the title gives the latest as-of date of the data shown and the build date separately
    assert view.data_as_of == "2026-06" and view.built_on == "2026-11-30"
    title = "".join(view.slides[0].blocks)
    assert "Data as of 2026-06" in title and "Built on 2026-11-30" in title and "20261130T000000Z" not in title
    assert view.slides[-1].heading == "Sources and how to read this"


def test_values_carry_their_scale_and_charts_are_projector_size(deck_data):
    cat, obs, bands = deck_data
    view = present.build(obs, cat, DATASETS, MANIFEST, bands, ["XKX", "SRB"], "legal", 720)
    xkx = next(s for s in view.slides if s.economy == "XKX")
    text = "".join(xkx.blocks)
    assert "12.08 / 20" in text and "(score 60 / 100)" in text
    assert "insufficient (1/3)" in text and xkx.footnote
    for slide in view.slides:
        if slide.figure is None:
            continue
        fig = slide.figure
        assert fig.layout.font.size >= 15 and fig.layout.legend.font.size >= 15
        assert fig.layout.height == present.CHART_HEIGHT[720]
    ranking = view.slides[1]
    assert ranking.figure.data[0].textfont.size >= 15 and ranking.figure.layout.yaxis.tickfont.size >= 15


@pytest.mark.parametrize("n, parts", [(2, [2]), (3, [3]), (4, [2, 2]), (5, [3, 2]), (6, [3, 3])])
def test_side_by_side_splits_when_it_would_not_fit(deck_data, n, parts):
    cat, obs, bands = deck_data
    economies = ["ALB", "BIH", "XKX", "MNE", "MKD", "SRB"][:n]
    view = present.build(obs, cat, DATASETS, MANIFEST, bands, economies, "legal", 1080)
    compare = [s for s in view.slides if s.kind == "compare"]
    assert [s.heading.count(",") + 1 for s in compare] == parts
    if len(parts) > 1:
        assert compare[0].heading.endswith(f"(1/{len(parts)})")
    for s in compare:
        assert "<th></th>" not in s.blocks[0] and "<th scope='col'>Pillar</th>" in s.blocks[0]


def test_qr_slide_only_with_a_public_url(deck_data):
    cat, obs, bands = deck_data
    view = present.build(obs, cat, DATASETS, MANIFEST, bands, ["SRB"], "legal", qr_reason="no public URL is set")
    assert "qr" not in [s.kind for s in view.slides] and view.qr_svg is None
    url = "https://forum.example.org/wb6/present?present=1&economies=SRB"
    view = present.build(obs, cat, DATASETS, MANIFEST, bands, ["SRB"], "legal", qr=(url, "<svg>qr</svg>"))
    qr = next(s for s in view.slides if s.kind == "qr")
    assert "<svg>qr</svg>" in qr.blocks[0] and "forum.example.org" in qr.blocks[1]


def test_changes_slide_and_view(deck_data):
    cat, obs, bands = deck_data
    old = obs[obs["economy"] != "MKD"].copy()
    old.loc[(old["economy"] == "SRB") & (old["indicator_id"] == "idx_legal_a"), "value"] = 8.0
    new = obs[~((obs["economy"] == "BIH") & (obs["indicator_id"] == "idx_coop_a"))]
    report = compare_builds(old, new, {"build_id": "old-1", "built_at": "2026-05-01T00:00:00+00:00"}, MANIFEST, cat)
    view = present.build(obs, cat, DATASETS, MANIFEST, bands, ["SRB", "MKD", "BIH", "ALB"], "legal", changes=report)
    slide = next(s for s in view.slides if s.kind == "changes")
    text = "".join(slide.blocks)
    assert "Compared with the build of 2026-05-01" in text  # a date, never a build id
    assert "<b>Serbia</b>: 1 value changed" in text and "<b>North Macedonia</b>: 1 added" in text
    assert "<b>Bosnia and Herzegovina</b>: 1 withdrawn" in text and "<b>Albania</b>: no change" in text
    assert "Serbia: Index idx_legal_a (2024): 8 / 20 → 10 / 20" in text and slide.datasets == ("ds_a",)
    none = present.build(
        obs,
        cat,
        DATASETS,
        MANIFEST,
        bands,
        ["SRB"],
        "legal",
        changes_message="No earlier build is archived yet, so there is nothing to compare with.",
    )
    # nothing to compare: no empty slide in front of visitors; the presenter's setup says why and what to do
    assert "changes" not in [s.kind for s in none.slides]
    assert "No earlier build is archived yet" in none.changes_note and "archived" in none.changes_note

    page = changes_view.build(report, None, ["SRB", "BIH", "MKD"], DATASETS)
    assert page.summary.frame.to_dict("list") == {
        "Economy": ["Serbia", "Bosnia and Herzegovina", "North Macedonia"],
        "Values changed": [1, 0, 0],
        "Added": [0, 0, 1],
        "Withdrawn": [0, 1, 0],
    }
    assert page.sources.frame.to_dict("list") == {"Dataset": ["Dataset A"], "As of": ["2024-09-12"]}
    csv = page.csv().decode("utf-8-sig")  # downloads carry a BOM for Excel
    assert csv.splitlines()[0].startswith("economy,indicator_id,indicator,period")
    assert "old-1" in csv and "8 / 20" in csv
    empty = changes_view.build(None, "No archived build dates from 2020-01-01 or before.", ["SRB"], DATASETS)
    assert (
        empty.table is None
        and empty.message.startswith("No archived build")
        and empty.csv().startswith("\ufeffeconomy".encode())
    )


def test_parse_since():
    assert present.parse_since("2026-05-01") == (None, "2026-05-01")
    assert present.parse_since("20261130T0000Z-abc") == ("20261130T0000Z-abc", None)
    assert present.parse_since("  ") == (None, None)


def test_slides_cite_short_titles_and_the_sources_slide_gives_the_rest(deck_data):
    """Issue 22: a slide's sources line cites each source by the part of its title before the colon, once per
    publisher's index; the sources slide gives each short title once, with the rest of every title and its date."""
    assert (
        present.short_title("ITU Global Cybersecurity Index: pillar scores (0-20)") == "ITU Global Cybersecurity Index"
    )
    assert present.short_title("Eurostat (isoc_cisce_ra)") == "Eurostat (isoc_cisce_ra)"
    assert present.short_title(": odd") == ": odd"
    cat, obs, bands = deck_data
    datasets = DATASETS.assign(
        title=["Index X: pillar scores (0-20), 2020 and 2024", "Index X: overall score by edition", "Demo", "Never"]
    )
    view = present.build(obs, cat, datasets, MANIFEST, bands, ["ALB", "SRB"], "legal", 1080)
    economy = next(s for s in view.slides if s.kind == "economy")
    assert set(economy.datasets) == {"ds_a", "ds_b"}
    assert economy.sources_line.count("class='slide-source'") == 1
    assert "<span class='slide-source'>Index X</span></div>" in economy.sources_line
    assert "pillar scores" not in economy.sources_line
    sources = "".join(view.slides[-1].blocks)
    assert sources.count("class='slide-source'") == 1
    assert (
        "<span class='slide-source'>Index X</span>: overall score by edition <span class='slide-asof'>(as of 2026-06)"
        "</span>; pillar scores (0-20), 2020 and 2024 <span class='slide-asof'>(as of 2024-09-12)</span>"
    ) in sources


def test_the_side_by_side_comparison_splits_finer_on_a_small_screen(deck_data):
    """Six economies: two comparison slides of three at 1080p, three of two at 720p (wider columns)."""
    cat, obs, bands = deck_data
    six = ["ALB", "BIH", "XKX", "MNE", "MKD", "SRB"]
    for screen, parts in ((1080, 2), (720, 3)):
        view = present.build(obs, cat, DATASETS, MANIFEST, bands, six, "legal", screen)
        assert sum(s.kind == "compare" for s in view.slides) == parts


@pytest.mark.parametrize("lang", ["sq", "sr_Latn", "sr_Cyrl", "mk"])
def test_the_side_by_side_comparison_splits_finer_in_the_longer_languages(deck_data, lang):
    """At 1080p in sq, sr and mk a cell's reason and band wrap onto three lines in a third of the table, and the
    method note and the Kosovo* footnote went under the navigation (h27look): two economies a slide, as at 720p."""
    cat, obs, bands = deck_data
    six = ["ALB", "BIH", "XKX", "MNE", "MKD", "SRB"]
    set_language(lang)
    try:
        view = present.build(obs, cat, DATASETS, MANIFEST, bands, six, "legal", 1080)
    finally:
        set_language("en")
    compare = [s for s in view.slides if s.kind == "compare"]
    assert len(compare) == 3
    assert all(s.blocks[0].count("<th scope='col'>") == 3 for s in compare)  # the pillar column and two economies
