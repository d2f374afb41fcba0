"""URL parameters never raise and always give a valid selection (property-based)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.model.economies import ECONOMY_CODES
from indicators.model.urlstate import parse_choice, parse_economies, parse_economy, parse_int, shown

junk = st.text(min_size=0, max_size=300)
values = st.lists(st.one_of(junk, st.sampled_from(["SRB", "xk", "XKX", "alb", "", ",", "SRB,ALB"])), max_size=6)


@settings(max_examples=300, deadline=None)
@given(values)
def test_economy_always_valid(vals):
    code, message = parse_economy(vals)
    assert code in ECONOMY_CODES
    if message:
        assert len(message) < 200 and "<" not in message


@settings(max_examples=300, deadline=None)
@given(values)
def test_economies_always_valid(vals):
    codes, message = parse_economies(vals, ["ALB", "SRB"], min_n=2, max_n=6)
    assert 2 <= len(codes) <= 6 and set(codes) <= set(ECONOMY_CODES) and len(set(codes)) == len(codes)


@settings(max_examples=200, deadline=None)
@given(values)
def test_choice_and_int_always_valid(vals):
    assert parse_choice(vals, ["latest", "2020"], "latest", "period")[0] in ("latest", "2020")
    assert parse_int(vals, range(1, 10), 1, "slide")[0] in range(1, 10)


def test_known_values():
    assert parse_economy(["XK"]) == ("XKX", None)
    assert parse_economy(["srb"]) == ("SRB", None)
    code, message = parse_economy(["<script>"])
    assert code == "ALB" and "Unknown economy code '?script?'" in message
    assert parse_economies(["SRB,ALB", "SRB"], ["ALB"])[0] == ["SRB", "ALB"]
    assert parse_economies(["ZZZ"], ["ALB", "SRB"], min_n=2)[0] == ["ALB", "SRB"]
    assert len(shown("x" * 1000)) <= 25
