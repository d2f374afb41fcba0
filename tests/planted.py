"""A copy of the bundled raw data with HTML and markdown planted in the text fields that reach the CERT, plans
and explorer pages (dataset and source titles, notes, plan actions and institutions, a SIM3 team, its
assessor and notes). Used by the AppTest and browser injection tests."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import yaml

from tests.conftest import ROOT

# Everything planted points at 127.0.0.1:9 (discard port) and carries 'planted' in an id, a class or a text.
HTML = (
    '<img id="planted-img" src="http://127.0.0.1:9/planted.png"><a id="planted-a" href="http://127.0.0.1:9/a">'
    'planted-a</a><style>h1{color:red}</style><b class="planted-b">b</b>'
)
MARKDOWN = "![planted-md-img](http://127.0.0.1:9/md.png) [planted-md-link](http://127.0.0.1:9/md)"
PAYLOAD = f"{HTML} {MARKDOWN}"
TEAM = "Planted CSIRT " + PAYLOAD
SELECTOR = "[id^='planted'], [class^='planted'], img[src*='127.0.0.1:9'], a[href*='127.0.0.1:9'], [src*='127.0.0.1:9']"


def _rewrite_csv(path: Path, change) -> None:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    for i, row in enumerate(rows):
        change(i, row)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _plant_sidecar(folder: Path) -> None:
    path = folder / "source.yaml"
    meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    meta["title"] = f"{meta['title']} {PAYLOAD}"
    for source in meta.get("sources") or []:
        source["title"] = f"{source['title']} {PAYLOAD}"
    path.write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True), encoding="utf-8")


def planted_raw(data_dir: Path) -> Path:
    """Copy data/raw to data_dir/raw and plant the payload; returns data_dir (not built)."""
    raw = data_dir / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    for name in ("csirts", "demo_capacity_plans", "demo_sim3_assessments"):
        _plant_sidecar(raw / name)
    _rewrite_csv(raw / "csirts" / "csirts.csv", lambda i, r: r.update(note=f"{r['note']} {PAYLOAD}"))

    def plan(i, r):
        if i < 6:
            r.update(action=f"{r['action']} {PAYLOAD}", institution=f"{r['institution']} {PAYLOAD}", note=PAYLOAD)

    _rewrite_csv(next((raw / "demo_capacity_plans").glob("*.csv")), plan)
    folder = raw / "sim3_planted"
    folder.mkdir()
    with open(ROOT / "data" / "templates" / "sim3_assessment_template.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for i, r in enumerate(rows):
        r.update(
            team=TEAM,
            economy="MNE",
            assessment_date="2026-03-02",
            assessor="Assessor " + PAYLOAD,
            level="3" if i else "2",
            confidence="verified",
            source_id="sim3_planted.s01",
            note=PAYLOAD,
        )
    with open(folder / "assessment.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    (folder / "source.yaml").write_text(
        yaml.safe_dump(
            {
                "dataset": "sim3_planted",
                "title": "Planted review " + PAYLOAD,
                "publisher": "Planted " + PAYLOAD,
                "url": "https://example.org/sim3-review",
                "licence": "CC BY 4.0",
                "as_of": "2026-03-02",
                "format": "sim3_assessment",
                "files": ["assessment.csv"],
                "sources": [
                    {
                        "id": "sim3_planted.s01",
                        "title": "Planted report " + PAYLOAD,
                        "url": "https://example.org/sim3-review.pdf",
                    }
                ],
            },
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    return data_dir
