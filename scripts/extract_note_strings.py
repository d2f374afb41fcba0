"""Extract the public notes of the key facts into indicators/locale/notes.pot (gettext domain ``notes``).

The economy profile, the legislation tracker and the CERT page show a short note under each key fact
(a law, a strategy, the national CSIRT, a multistakeholder body, the headline indices, the CMM review): "Signed
23/11/2001, ratified 20/06/2002, in force 01/07/2004." The English note in the raw data file
(``indicators.text.i18n.NOTES_FILES``: the file and the indicators whose notes are shown; column ``note``) is the
message id; each language translates it in ``indicators/locale/<lang>/LC_MESSAGES/notes.po``.
``internal_note`` is never extracted (it is not shown). Run by scripts/update_translations.sh.

Also in the domain: the other free-text cells the pages show (``i18n.NOTES_COLUMNS``: the stakeholder register's
role and founding act, the national survey figures' and SIM3 rows' notes), the Eurostat sidecars' anomaly notes
(``i18n.NOTES_ANOMALIES``), Eurostat's code labels that the hygiene page shows (``eurostat.LABELS_SHOWN``: every
item, the size classes, the compared groups) and the sentences and templates that the build's survey and Eurostat notes are made of
(``indicators/text/note_templates.py``), the methodology page's dataset and source texts (every ``source.yaml``'s
description, licence and where each source was read: ``i18n.NOTES_DATASET_FIELDS``, ``NOTES_SOURCE_FIELDS``) and the
research library's summaries (a ``NOTES_COLUMNS`` column).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from indicators.text.i18n import (  # noqa: E402
    NOTES_ANOMALIES,
    NOTES_COLUMNS,
    NOTES_DATASET_FIELDS,
    NOTES_FILES,
    NOTES_POT_FILE,
    NOTES_ROWS,
    NOTES_SOURCE_FIELDS,
    NOTES_SOURCE_FILES,
)
from indicators.text.note_templates import NOTE_PATTERNS, NOTE_SENTENCES, parse_number  # noqa: E402
from indicators.topics.hygiene import eurostat as es  # noqa: E402


def source_texts(raw: Path = ROOT / "data" / "raw") -> list[tuple[str, str]]:
    """(text, where) for the free text of every source.yaml that the methodology page shows: each dataset's
    description and licence, each source's licence and where it was read (``i18n.NOTES_DATASET_FIELDS``,
    ``NOTES_SOURCE_FIELDS``), in file order; blank fields are skipped."""
    out = []
    for path in sorted(raw.glob(NOTES_SOURCE_FILES)):
        meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        where = str(path.relative_to(raw))
        for field in NOTES_DATASET_FIELDS:
            text = str(meta.get(field) or "").strip()
            if text:
                out.append((text, f"{where}: {field}"))
        for s in meta.get("sources") or []:
            for field in NOTES_SOURCE_FIELDS:
                text = str((s or {}).get(field) or "").strip() if isinstance(s, dict) else ""
                if text:
                    out.append((text, f"{where}: {s.get('id')} {field}"))
    return out


def note_strings(raw: Path = ROOT / "data" / "raw") -> list[tuple[str, str]]:
    """(note, where) for every public note of the status-fact files, in file order, each note once."""
    seen: dict[str, str] = {}
    for name, indicators in NOTES_FILES.items():
        with open(raw / name, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                note = (row.get("note") or "").strip()
                if note and (indicators is None or row.get("indicator_id") in indicators):
                    where = f"{name}: {row.get('economy')} {row.get('indicator_id')} {row.get('period')}"
                    seen.setdefault(note, where)
    for name, columns in NOTES_COLUMNS.items():
        where_col, values = NOTES_ROWS.get(name, (None, ()))
        for path in sorted(raw.glob(name)):
            with open(path, encoding="utf-8-sig", newline="") as fh:
                for i, row in enumerate(csv.DictReader(fh), start=2):
                    if where_col and row.get(where_col) not in values:
                        continue
                    for col in columns:
                        text = (row.get(col) or "").strip()
                        if text and parse_number(text) is None:  # a number is written in the language's format
                            seen.setdefault(text, f"{path.relative_to(raw)}:{i} {col}")
    for text, where in source_texts(raw):
        seen.setdefault(text, where)
    for path in sorted(raw.glob(NOTES_ANOMALIES)):
        meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for a in meta.get("anomalies") or []:
            if isinstance(a, dict) and a.get("note"):
                seen.setdefault(" ".join(str(a["note"]).split()), f"{path.relative_to(raw)}: anomalies")
    model = yaml.safe_load((ROOT / "indicators" / "topics" / "sim3_model.yaml").read_text(encoding="utf-8"))
    for p in model.get("parameters") or []:  # the project's notes on the SIM3 parameter names (CERT page)
        if p.get("note"):
            seen.setdefault(p["note"], f"indicators/topics/sim3_model.yaml: parameter {p.get('id')} note")
    for path in sorted(raw.glob(es.LABEL_FILES)):  # Eurostat's code labels that the hygiene page shows
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh), start=2):
                dim, code, text = row.get("dimension"), row.get("code"), (row.get("label_en") or "").strip()
                if text and dim in es.LABELS_SHOWN and (es.LABELS_SHOWN[dim] is None or code in es.LABELS_SHOWN[dim]):
                    seen.setdefault(text, f"{path.relative_to(raw)}:{i} {dim} {code}")
    for text in NOTE_SENTENCES:
        seen.setdefault(text, "indicators/text/note_templates.py: sentence")
    for _rx, text in NOTE_PATTERNS:
        seen.setdefault(text, "indicators/text/note_templates.py: template (numbers in the language's format)")
    return list(seen.items())


def main() -> int:
    pot = Catalog(project="WB6 Cyber Maturity Dashboard (status-fact notes)", fuzzy=False)
    for text, where in note_strings():
        pot.add(text, auto_comments=[where])
    with open(NOTES_POT_FILE, "wb") as fh:
        write_po(fh, pot, omit_header=False, sort_output=False, width=120)
    print(f"notes: {len(pot)} -> {NOTES_POT_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
