"""The deck in Serbian: dates in the language's format (never ISO) and no doubled full stop after an ordinal
("raspon 1.-3.." once ended the economy slide's pillar line)."""

from __future__ import annotations

import re

from tests.apptest_helpers import run_page


def _slide(data_dir, n: int, lang: str) -> str:
    at = run_page(
        data_dir, "present", {"present": "1", "economies": "SRB,MKD", "focus": "legal", "slide": str(n), "lang": lang}
    )
    assert not at.exception
    return "\n".join(m.value for m in at.markdown)


def test_serbian_deck_dates_and_full_stops(bundled_data_dir):
    title = _slide(bundled_data_dir, 1, "sr_Latn")
    as_of = re.search(r"data-testid='slide-asof'><b>([^<]*)<", title).group(1)
    assert re.fullmatch(r"Podaci na dan \d{1,2}\. [a-z]+ 20\d\d\.", as_of), as_of
    economy = _slide(bundled_data_dir, 3, "sr_Latn")
    assert "raspon " in economy
    assert not re.search(r"[^.]\.\.(?!\.)", economy), re.search(r".{40}[^.]\.\.(?!\.).{10}", economy)
