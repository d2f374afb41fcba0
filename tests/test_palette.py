"""The people views' colours: women/men distinct under colour-vision deficiencies, readable cell text."""

import pytest

from indicators.render import palette as p


def test_simulation_matches_machado_on_known_points():
    # white and black are fixed points of every Machado matrix (rows sum to 1)
    for kind in p.MACHADO:
        assert p.simulate_cvd("#ffffff", kind) == "#ffffff"
        assert p.simulate_cvd("#000000", kind) == "#000000"
    # pure red loses its redness for a protanope: much darker and yellow-brown
    assert p.simulate_cvd("#ff0000", "protanopia") != "#ff0000"
    assert p.luminance(p.simulate_cvd("#ff0000", "protanopia")) < p.luminance("#ff0000")


def test_old_pair_was_indistinct_for_deuteranopes():
    """The old purple/teal pair (issue 15): delta E below 3 under deuteranopia; the check catches it."""
    old = p.delta_e(p.simulate_cvd("#8B3A8F", "deuteranopia"), p.simulate_cvd("#1F6E8C", "deuteranopia"))
    assert old < 10


@pytest.mark.parametrize("kind", ["protanopia", "deuteranopia", "tritanopia"])
def test_women_and_men_distinct_under_each_deficiency(kind):
    assert p.delta_e(p.simulate_cvd(p.WOMEN, kind), p.simulate_cvd(p.MEN, kind)) >= 10


def test_women_and_men_distinct_in_normal_vision_and_visible_on_white():
    assert p.delta_e(p.WOMEN, p.MEN) >= 10
    assert p.contrast(p.WOMEN, "#ffffff") >= 3 and p.contrast(p.MEN, "#ffffff") >= 3


def test_cell_text_reaches_4_5_to_1_on_every_heatmap_colour():
    for v in range(0, 101):
        bg = p.scale_colour(v)
        assert p.contrast(p.text_colour_on(bg), bg) >= 4.5, (v, bg)
    assert p.text_colour_on(p.BLUES[0]) == p.CELL_DARK_TEXT
    assert p.text_colour_on(p.BLUES[-1]) == p.LIGHT_TEXT


def test_scale_colour_ends_and_clamps():
    assert p.scale_colour(0) == p.BLUES[0] and p.scale_colour(100) == p.BLUES[-1]
    assert p.scale_colour(-5) == p.BLUES[0] and p.scale_colour(250) == p.BLUES[-1]


def test_chart_text_is_dark():
    assert p.contrast(p.TEXT, "#ffffff") >= 12
