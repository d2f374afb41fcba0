"""Generate DEMONSTRATION cyber-hygiene survey microdata (seeded, synthetic, clearly labelled).

No real respondent-level hygiene survey for the Western Balkans is available to the project (see
``../shared/reference-data/SOURCES.md``), so the hygiene page shows how such a survey would be read
using made-up respondents. Every value this script writes is synthetic; the dataset's ``source.yaml``
says so and the ETL gives every row confidence ``synthetic``, which the dashboard badges.

Usage::

    python scripts/generate_demo_survey.py                      # the bundled demo: data/raw/demo_hygiene_survey/
    python scripts/generate_demo_survey.py --rows 1000000 --out /tmp/bench/raw/survey   # benchmark input

The benchmark imports :func:`write_survey` and :func:`write_dataset` to make 1M or 10M rows in a
temporary folder. Output is deterministic for a given ``(rows, seed)``. The model behind the numbers
(base rates, gaps by sex, age and group) is invented to exercise the views, including small cells
that must be suppressed; it says nothing about any real economy.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "data" / "raw" / "demo_hygiene_survey"
DEFAULT_ROWS = 24_000
DEFAULT_SEED = 20261127
YEAR = 2025
CHUNK = 500_000

ECONOMY_SHARES = {"ALB": 0.19, "BIH": 0.19, "XKX": 0.135, "MNE": 0.095, "MKD": 0.155, "SRB": 0.235}
AGE_BANDS = ("16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+")
AGE_PROBS = (0.16, 0.19, 0.18, 0.17, 0.15, 0.125, 0.025)  # 75+ kept small on purpose: suppression shows
SEX_VALUES = ("female", "male", "other", "not_stated")
SEX_PROBS = (0.505, 0.487, 0.004, 0.004)

# Vulnerable-group flags: column -> (label, prevalence by economy (mean), note).
GROUPS = {
    "vg_disability": "Persons with disabilities",
    "vg_older": "Older persons (65 and over)",
    "vg_minority": "Members of national or ethnic minorities",
    "vg_low_income": "Low-income households",
}
MINORITY_SHARE = {"ALB": 0.06, "BIH": 0.05, "XKX": 0.08, "MNE": 0.12, "MKD": 0.14, "SRB": 0.09}

# Questions: column -> (label, kind, base logit, female, per age band step, disability, minority,
# low income, rural). kind "practice": yes is good; "incident": yes is bad.
QUESTIONS = {
    "q_strong_passwords": ("Uses strong passwords", "practice", 0.6, -0.05, -0.12, -0.30, -0.20, -0.30, -0.15),
    "q_unique_passwords": (
        "Uses a different password for each important account",
        "practice",
        -0.4,
        -0.10,
        -0.10,
        -0.25,
        -0.15,
        -0.25,
        -0.15,
    ),
    "q_password_manager": ("Uses a password manager", "practice", -1.8, -0.30, -0.15, -0.30, -0.20, -0.35, -0.25),
    "q_two_factor": ("Uses two-factor authentication", "practice", -0.3, -0.28, -0.18, -0.30, -0.25, -0.40, -0.25),
    "q_software_updates": (
        "Installs software and app updates promptly",
        "practice",
        0.2,
        -0.22,
        -0.12,
        -0.25,
        -0.15,
        -0.30,
        -0.20,
    ),
    "q_security_software": (
        "Uses antivirus or other security software",
        "practice",
        0.4,
        -0.18,
        -0.05,
        -0.20,
        -0.15,
        -0.35,
        -0.20,
    ),
    "q_backup": ("Backs up important files", "practice", -0.6, -0.20, -0.10, -0.25, -0.15, -0.30, -0.20),
    "q_privacy_settings": (
        "Restricts who can see their profile or content on social networks",
        "practice",
        0.3,
        0.25,
        -0.15,
        -0.20,
        -0.10,
        -0.20,
        -0.15,
    ),
    "q_location_off": (
        "Limits apps' access to location data",
        "practice",
        -0.1,
        0.20,
        -0.10,
        -0.15,
        -0.10,
        -0.15,
        -0.10,
    ),
    "q_checks_links": (
        "Checks the sender before opening links or attachments",
        "practice",
        0.5,
        0.05,
        -0.08,
        -0.25,
        -0.15,
        -0.25,
        -0.15,
    ),
    "q_avoid_public_wifi": (
        "Avoids banking or shopping on public Wi-Fi",
        "practice",
        0.1,
        0.15,
        0.02,
        -0.10,
        -0.10,
        -0.15,
        -0.10,
    ),
    "q_read_privacy_policy": (
        "Reads privacy statements before giving personal data",
        "practice",
        -1.1,
        0.00,
        -0.05,
        -0.15,
        -0.10,
        -0.15,
        -0.10,
    ),
    "q_refuse_cookies": (
        "Refuses tracking cookies or limits them in the browser",
        "practice",
        -0.5,
        -0.05,
        -0.12,
        -0.20,
        -0.10,
        -0.20,
        -0.15,
    ),
    "q_knows_where_to_report": (
        "Knows where to report a cyber incident",
        "practice",
        -1.0,
        -0.25,
        -0.05,
        -0.30,
        -0.30,
        -0.30,
        -0.25,
    ),
    "q_inc_phishing": (
        "Received fraudulent messages (phishing)",
        "incident",
        0.2,
        -0.05,
        -0.05,
        0.05,
        0.05,
        0.00,
        -0.10,
    ),
    "q_inc_account_hacked": (
        "Had a social network or e-mail account hacked",
        "incident",
        -1.8,
        0.05,
        -0.15,
        0.10,
        0.10,
        0.05,
        -0.05,
    ),
    "q_inc_card_fraud": (
        "Experienced fraudulent use of a payment card",
        "incident",
        -2.4,
        -0.05,
        0.00,
        0.10,
        0.10,
        0.05,
        -0.10,
    ),
    "q_inc_malware": ("Had a device infected by malware", "incident", -1.5, -0.10, -0.05, 0.10, 0.05, 0.10, 0.00),
    "q_inc_harassment": (
        "Experienced online harassment or abuse",
        "incident",
        -1.9,
        0.55,
        -0.25,
        0.40,
        0.35,
        0.10,
        0.00,
    ),
    "q_inc_stalking": (
        "Was tracked or monitored online without consent",
        "incident",
        -2.8,
        0.60,
        -0.20,
        0.35,
        0.30,
        0.10,
        0.00,
    ),
}
# Economy offsets on the logit scale (invented; only to make the economies differ in the demo).
ECONOMY_OFFSET = {"ALB": -0.05, "BIH": -0.25, "XKX": 0.05, "MNE": 0.00, "MKD": 0.10, "SRB": 0.20}
ITEM_NONRESPONSE = 0.015

COLUMNS = ["respondent_id", "economy", "year", "weight", "sex", "age_band", "area", *GROUPS, *QUESTIONS]


def _chunk(rng: np.random.Generator, start: int, n: int, economies: np.ndarray) -> pa.Table:
    eco_codes = np.array(list(ECONOMY_SHARES))
    eco = eco_codes[economies]
    sex_idx = rng.choice(len(SEX_VALUES), size=n, p=SEX_PROBS)
    age_idx = rng.choice(len(AGE_BANDS), size=n, p=np.array(AGE_PROBS) / sum(AGE_PROBS))
    rural = rng.random(n) < 0.38
    female = sex_idx == 0
    older = age_idx >= 5
    disability = rng.random(n) < (0.05 + 0.035 * age_idx)
    minority = rng.random(n) < np.vectorize(MINORITY_SHARE.get)(eco).astype(float)
    low_income = rng.random(n) < (0.16 + 0.08 * rural + 0.04 * older)
    # Design weights: urban respondents and younger ages were (in this invented design) over-sampled.
    weight = np.exp(rng.normal(0.0, 0.35, n)) * np.where(rural, 1.35, 0.85) * (0.8 + 0.07 * age_idx)
    offset = np.vectorize(ECONOMY_OFFSET.get)(eco).astype(float)
    cols: dict[str, pa.Array] = {
        "respondent_id": pa.array([f"R{start + i:08d}" for i in range(n)]),
        "economy": pa.array(eco),
        "year": pa.array(np.full(n, YEAR, dtype=np.int16)),
        "weight": pa.array(np.round(weight, 4)),
        "sex": pc.take(pa.array(SEX_VALUES), pa.array(sex_idx)),
        "age_band": pc.take(pa.array(AGE_BANDS), pa.array(age_idx)),
        "area": pc.take(pa.array(["urban", "rural"]), pa.array(rural.astype(np.int8))),
    }
    yes_no = pa.array(["no", "yes"])
    for name, flag in (
        ("vg_disability", disability),
        ("vg_older", older),
        ("vg_minority", minority),
        ("vg_low_income", low_income),
    ):
        cols[name] = pc.take(yes_no, pa.array(flag.astype(np.int8)))
    answers = pa.array(["no", "yes", None])
    for name, (_label, kind, base, fem, age_step, dis, mino, low, rur) in QUESTIONS.items():
        sign = 1.0 if kind == "practice" else -1.0
        logit = (
            base
            + sign * offset
            + fem * female
            + age_step * (age_idx - 2)
            + dis * disability
            + mino * minority
            + low * low_income
            + rur * rural
        )
        yes = rng.random(n) < 1.0 / (1.0 + np.exp(-logit))
        code = np.where(rng.random(n) < ITEM_NONRESPONSE, 2, yes.astype(np.int8)).astype(np.int8)
        cols[name] = pc.take(answers, pa.array(code))
    return pa.table(cols)


def economy_counts(rows: int) -> dict[str, int]:
    counts = {e: int(math.floor(rows * s)) for e, s in ECONOMY_SHARES.items()}
    counts["SRB"] += rows - sum(counts.values())
    return counts


def write_survey(path: Path, rows: int, seed: int = DEFAULT_SEED) -> Path:
    """Write ``rows`` synthetic respondents to the CSV file ``path`` (template layout)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    master = np.random.default_rng(seed)
    eco_all = np.repeat(np.arange(len(ECONOMY_SHARES), dtype=np.int8), list(economy_counts(rows).values()))
    master.shuffle(eco_all)
    options = pacsv.WriteOptions(include_header=False, quoting_style="none")
    path.write_text(",".join(COLUMNS) + "\n", encoding="utf-8")  # plain header, as in the template
    writer = None
    sink = open(path, "ab")
    try:
        for k, start in enumerate(range(0, rows, CHUNK)):
            n = min(CHUNK, rows - start)
            rng = np.random.default_rng([seed, k])
            table = _chunk(rng, start + 1, n, eco_all[start : start + n])
            if writer is None:
                writer = pacsv.CSVWriter(sink, table.schema, write_options=options)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
        sink.close()
    return path


def sidecar(rows: int, seed: int, file_name: str, dataset: str = "demo_hygiene_survey") -> dict:
    return {
        "dataset": dataset,
        "title": "DEMONSTRATION cyber-hygiene survey microdata (synthetic respondents, not real data)",
        "publisher": "WB6 Cyber Maturity Dashboard project (generated by scripts/generate_demo_survey.py)",
        "url": "scripts/generate_demo_survey.py",
        "licence": "CC0 (synthetic data)",
        "as_of": f"{YEAR}-12-31",
        "format": "survey_microdata",
        "confidence": "synthetic",
        "description": (
            f"Demonstration data: {rows:,} synthetic respondents generated with seed {seed} to show "
            "how a national cyber-hygiene survey is read by sex, age band and vulnerable group. "
            "No value describes a real economy. Replace it with a real survey in the template "
            "layout (data/templates/survey_microdata_template.csv)."
        ),
        "files": [file_name],
        "min_n": 30,
        "sources": [
            {
                "id": f"{dataset}.s01",
                "title": f"Demonstration survey generated by scripts/generate_demo_survey.py (seed {seed}); synthetic, "
                "not a measurement",
                "url": "scripts/generate_demo_survey.py",
                "where_found": "generated by the project",
            }
        ],
        "groups": {k: {"label": v} for k, v in GROUPS.items()},
        "questions": {
            k: {
                "label": v[0],
                "kind": v[1],
                "share_indicator": f"survey_{k[2:]}_share",
                "gap_indicator": f"survey_{k[2:]}_gender_gap",
            }
            for k, v in QUESTIONS.items()
        },
        "inclusion_indicators": {
            "gender_gap": "survey_gender_gap_practices",
            "group_gap": "survey_group_gap_practices",
            "women_harassment": {"indicator": "survey_women_online_harassment", "question": "q_inc_harassment"},
        },
    }


def write_dataset(folder: Path, rows: int, seed: int = DEFAULT_SEED, dataset: str | None = None) -> Path:
    """A complete raw dataset folder: the CSV plus its source.yaml sidecar."""
    folder = Path(folder)
    name = "respondents.csv"
    write_survey(folder / name, rows, seed)
    meta = sidecar(rows, seed, name, dataset or folder.name)
    (folder / "source.yaml").write_text(
        "# DEMONSTRATION DATA: synthetic respondents made by scripts/generate_demo_survey.py; not real.\n"
        + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8",
    )
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="dataset folder to write")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    write_dataset(args.out, args.rows, args.seed)
    size = (args.out / "respondents.csv").stat().st_size
    print(
        f"wrote {args.rows:,} synthetic respondents ({size / 1e6:.1f} MB) to {args.out} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
