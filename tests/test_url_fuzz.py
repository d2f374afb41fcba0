"""Generated URL parameters: the pure parsers and the link builder never raise and always give a valid
selection (a few hundred hypothesis examples each), and every registered page survives a smaller
generated set of malformed parameters in AppTest (no exception, ever)."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.method.compare import REFERENCE_PERIODS
from indicators.method.trends import TREND_INDEXES
from indicators.model import page_registry
from indicators.model.catalog import PILLAR_IDS
from indicators.model.economies import ECONOMY_CODES
from indicators.model.urlstate import parse_choice, parse_economies, parse_economy, parse_int
from tests.apptest_helpers import run_page
from ui.links import SHARED_KEYS, carried

ODD = [
    "",
    " ",
    ",",
    ",,,",
    "SRB,",
    "xk",
    "XK",
    "xkx",
    "alb",
    "Al",
    "KOS",
    "SRB,ALB",
    "ALB,ALB,ALB",
    "<script>alert(1)</script>",
    "%00",
    "ALB%00",
    "\u202eBLA",
    "🙂",
    "'; DROP TABLE observations; --",
    "../../etc/passwd",
    "legal",
    "LEGAL",
    "Inclusion",
    "gci",
    "NCSI",
    "2020",
    "latest",
    "2024",
    "-1",
    "9" * 40,
    "null",
    "None",
    "NaN",
    "true",
    "\t\n",
    "ALB\nSRB",
    "a" * 300,
    "gci_2024_overall",
    "indicator",
    "by",
    "pillar",
]
junk = st.one_of(st.text(max_size=200), st.sampled_from(ODD))
values = st.lists(junk, max_size=6)
param_dicts = st.dictionaries(
    st.one_of(st.sampled_from([*SHARED_KEYS, "by", "junk", ""]), st.text(max_size=20)), values, max_size=8
)


def _message_ok(message: str | None) -> None:
    if message:
        assert len(message) < 300 and "<" not in message and "\n" not in message


@settings(max_examples=300, deadline=None)
@given(values)
def test_page_choices_always_valid(vals):
    for allowed, default in (
        (("pillar", "indicator"), "pillar"),
        (PILLAR_IDS, "legal"),
        (list(REFERENCE_PERIODS), "latest"),
        (list(TREND_INDEXES), "gci"),
        (["latest", "2026", "2025", "2023"], "latest"),
    ):
        value, message = parse_choice(vals, list(allowed), default, "choice")
        assert value in allowed
        _message_ok(message)
        if not vals:
            assert value == default and message is None


@settings(max_examples=300, deadline=None)
@given(values)
def test_economy_selections_always_valid(vals):
    code, message = parse_economy(vals)
    assert code in ECONOMY_CODES
    _message_ok(message)
    for min_n in (1, 2):  # trends accepts one economy, compare needs two
        codes, message = parse_economies(vals, ECONOMY_CODES, min_n=min_n, max_n=6)
        assert min_n <= len(codes) <= 6 and set(codes) <= set(ECONOMY_CODES) and len(set(codes)) == len(codes)
        _message_ok(message)
    year, message = parse_int(vals, [2020, 2024], 2024, "year")
    assert year in (2020, 2024)


@settings(max_examples=300, deadline=None)
@given(
    param_dicts,
    st.dictionaries(st.sampled_from(SHARED_KEYS), st.one_of(st.none(), st.sampled_from(ECONOMY_CODES)), max_size=2),
)
def test_links_only_carry_clean_values_that_parse_without_a_message(params, overrides):
    out = carried(params, overrides)
    assert set(out) <= set(SHARED_KEYS)
    for key, value in out.items():
        assert re.fullmatch(r"[A-Za-z0-9_,]{1,80}", value), (key, value)
    if "economy" in out:
        assert parse_economy([out["economy"]]) == (out["economy"], None)
    if "economies" in out:
        codes, message = parse_economies([out["economies"]], ECONOMY_CODES, min_n=1)
        assert message is None and ",".join(codes) == out["economies"]
    if "pillar" in out:
        assert out["pillar"] in PILLAR_IDS
    if "period" in out:
        assert out["period"] in REFERENCE_PERIODS
    if "index" in out:
        assert out["index"] in TREND_INDEXES


# --- every registered page under generated malformed parameters (AppTest) -------------------------

PAGES = page_registry.keys()  # every registered page (indicators/model/page_registry.py)
KEYS = [
    *SHARED_KEYS,
    "by",
    "index",
    "slide",
    "sex",
    "group",
    "source",
    "q",
    "format",
    "view",
    "item",
    "unit",
    "period",
    "compare",
    "topic",
    "as_of",
    "zz",
]


def generated_params(n: int, seed: int = 1244) -> list[tuple[str, dict]]:
    rng = random.Random(seed)
    cases = []
    for i in range(n):
        page = PAGES[i % len(PAGES)]
        params: dict[str, object] = {}
        for key in rng.sample(KEYS, rng.randint(1, 5)):
            if rng.random() < 0.25:  # a repeated key
                params[key] = [rng.choice(ODD) for _ in range(rng.randint(2, 3))]
            else:
                params[key] = rng.choice(ODD) if rng.random() < 0.8 else "x" * rng.choice([500, 5000])
        cases.append((page, params))
    return cases


CASES = generated_params(3 * len(PAGES))  # three per page: about 30 s


@pytest.mark.parametrize("page, params", CASES, ids=[f"{p}-{i}" for i, (p, _x) in enumerate(CASES)])
def test_every_page_survives_generated_parameters(bundled_data_dir, page, params):
    at = run_page(bundled_data_dir, page, params)
    assert not at.exception, f"{page} {params!r}: {[e.value for e in at.exception][:1]}"
    for info in at.info:  # messages about bad parameters are short and never echo markup
        assert "<script" not in info.value
