"""The methodology page's worked example writes its arithmetic in the page's language: "2,5" in sq, sr and mk,
"2.5" in English (issue 23: numbers in the language's format everywhere)."""

from __future__ import annotations

import pytest

from indicators.method.worked_example import normalisation_steps
from indicators.text import i18n


class _Ind:
    is_categorical = False
    min, max = 0.0, 5.0
    direction = "higher_is_better"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "100 × (2.5 − 0) / (5 − 0) = 50"),
        ("sq", "100 × (2,5 − 0) / (5 − 0) = 50"),
        ("sr_Latn", "100 × (2,5 − 0) / (5 − 0) = 50"),
        ("sr_Cyrl", "100 × (2,5 − 0) / (5 − 0) = 50"),
        ("mk", "100 × (2,5 − 0) / (5 − 0) = 50"),
    ],
)
def test_normalisation_steps_in_the_language(lang, expected):
    before = i18n.current_language()
    i18n.set_language(lang)
    try:
        assert normalisation_steps(_Ind(), 2.5, None, 50.0) == expected
        assert normalisation_steps(_Ind(), 1.23456, None, 24.6912) == expected.replace(
            "2.5" if lang == "en" else "2,5", "1.23456" if lang == "en" else "1,23456"
        ).replace("= 50", "= 24.69" if lang == "en" else "= 24,69")
    finally:
        i18n.set_language(before)
