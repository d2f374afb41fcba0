"""Make data/raw/oecd_co_digital/oecd_co_digital.csv from ../shared/reference-data/oecd_co/oecd_co_digital.csv.

Copies the OECD 0-5 scores exactly as written in the reference file (nothing computed or rescaled) for the
items the catalog uses; every other reference row is listed in EXCLUDED.md. Run from the project root:
``python scripts/import_oecd_co.py [path/to/oecd_co_digital.csv]``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root, for its vocabulary
from indicators.model.vocabulary import RAW_OBSERVATION_COLUMNS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference-data" / "oecd_co" / "oecd_co_digital.csv"
OUT = ROOT / "data" / "raw" / "oecd_co_digital" / "oecd_co_digital.csv"
LAST_CHECKED = "2026-12-07"

# (edition, item_id) -> (indicator id, source id, where the original is)
ITEMS = {
    ("2024", "DIGITAL_I09"): ("oecd_co_2024_privacy", "oecd_co_digital.s01", "indicator DIGITAL_QL09"),
    ("2024", "DIGITAL_I07"): ("oecd_co_2024_digital_inclusion", "oecd_co_digital.s01", "indicator DIGITAL_QL07"),
    ("2024", "DIGITAL_I11"): ("oecd_co_2024_cybersecurity", "oecd_co_digital.s01", "indicator DIGITAL_QL11"),
    ("2024", "DIGITAL_S04"): ("oecd_co_2024_trust", "oecd_co_digital.s02", "sub-dimension 10.4 Trust"),
    ("2018", "DIGITAL"): ("oecd_co_2018_digital_society", "oecd_co_digital.s03", "dimension DIGITAL"),
    ("2021", "DIGITAL"): ("oecd_co_2021_digital_society", "oecd_co_digital.s03", "dimension DIGITAL"),
    ("2024", "DIGITAL"): ("oecd_co_2024_digital_society", "oecd_co_digital.s03", "dimension DIGITAL"),
}
PROFILE_TABLE = {  # where each 2024 economy profile prints its digital society scores
    "2024": "chapter 11 (Digital society) of the Western Balkans Competitiveness Outlook 2024 economy profile, "
    "whose Table 11.1 gives the dimension and sub-dimension scores",
    "2021": "Competitiveness in South East Europe 2021, chapter 13 (Digital society), economy scores",
    "2018": "Competitiveness Outlook 2018, Digital society chapter, economy scores",
}
HEADER = list(RAW_OBSERVATION_COLUMNS)


def main(reference: Path = REFERENCE) -> int:
    rows = []
    with reference.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            key = (r["edition"], r["item_id"])
            if key not in ITEMS or r["economy"] == "WB6_AVG":
                continue
            ind, source, where = ITEMS[key]
            note = (
                f"OECD {r['edition']} score {r['score']} of 5 ({r['item_name']}). Read in a public copy of the OECD "
                f"Western Balkans Competitiveness Data Hub export (line '{r['excerpt']}'); the original is the Data "
                f"Hub ({where}, economy {r['oecd_code']}) and {PROFILE_TABLE[r['edition']]}, not read there "
                "(stored copies stop before the numbers)."
            )
            if r["corroboration"]:
                note += " OECD text agrees in words: " + r["corroboration"].split(" http")[0].strip('"')
            rows.append(
                {
                    "economy": r["economy"],
                    "indicator_id": ind,
                    "period": r["edition"],
                    "value": r["score"],
                    "value_text": "",
                    "sex": "total",
                    "group": "all",
                    "status": "observed",
                    "confidence": r["confidence"],
                    "source_id": source,
                    "preferred": "true",
                    "note": note,
                    "last_checked": LAST_CHECKED,
                    "internal_note": r["notes"],
                }
            )
    rows.sort(key=lambda x: (x["indicator_id"], x["economy"]))
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=HEADER, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} rows -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else REFERENCE))
