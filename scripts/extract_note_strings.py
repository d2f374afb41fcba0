"""Extract the public notes of the key facts into indicators/locale/notes.pot (gettext domain ``notes``).

The economy profile, the legislation tracker and the CERT page show a short note under each key fact
(a law, a strategy, the national CSIRT, a multistakeholder body, the headline indices, the CMM review): "Signed
23/11/2001, ratified 20/06/2002, in force 01/07/2004." The English note in the raw data file
(``indicators.text.i18n.NOTES_FILES``: the file and the indicators whose notes are shown; column ``note``) is the
message id; each language translates it in ``indicators/locale/<lang>/LC_MESSAGES/notes.po``.
``internal_note`` is never extracted (it is not shown). Run by scripts/update_translations.sh.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from indicators.text.i18n import NOTES_FILES, NOTES_POT_FILE  # noqa: E402


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
