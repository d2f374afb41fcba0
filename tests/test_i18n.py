"""Every user-facing string goes through one translation function backed by gettext catalogs."""
from __future__ import annotations

import subprocess
import sys

from babel.messages.pofile import read_po

from indicators.i18n import LANGUAGES, LOCALE_DIR, _, set_language, translations
from tests.conftest import ROOT


def test_catalog_covers_every_string_in_the_code(tmp_path):
    out = tmp_path / "fresh.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_",
                    "-k", "ngettext:1,2", "--no-location", "-o", str(out), "."], cwd=ROOT, check=True,
                   capture_output=True)
    with open(out, "rb") as fh:
        fresh = {m.id for m in read_po(fh) if m.id}
    for lang in LANGUAGES:
        with open(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
            known = {m.id for m in read_po(fh) if m.id}
        missing = sorted(str(m) for m in fresh - known)
        assert not missing, f"run scripts/update_translations.sh; missing in {lang}: {missing[:5]}"
    assert len(fresh) > 30


def test_translation_function_uses_the_catalog(tmp_path):
    set_language("en")
    assert _("Economy profile") == "Economy profile"
    assert set_language("xx") == "en"
    assert translations("en").gettext("Gap table: where the largest gaps are")
