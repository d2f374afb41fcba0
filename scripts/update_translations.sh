#!/usr/bin/env bash
# Re-extract every _("...") string into the template and merge it into each language's catalog.
# Catalogs kept in the repository: en, sq, sr_Latn, mk (a missing one is created, msgstr empty).
# sr_Cyrl is NOT a file: indicators/i18n.py makes it in memory from sr_Latn with the transliterator
# (indicators/translit.py); the pseudo-locale qps is made in memory from messages.pot.
# With --check: print how complete each catalog is, and fail if any is below 100 %.
set -euo pipefail
cd "$(dirname "$0")/.."
LANGS="en sq sr_Latn mk"
pybabel extract -F babel.cfg -k _ -k ngettext:1,2 --no-location --sort-output \
  --project "WB6 Cyber Maturity Dashboard" -o indicators/locale/messages.pot . >/dev/null
for lang in $LANGS; do
  if [ ! -f "indicators/locale/$lang/LC_MESSAGES/messages.po" ]; then
    pybabel init -i indicators/locale/messages.pot -d indicators/locale -l "$lang" >/dev/null
  fi
  pybabel update -i indicators/locale/messages.pot -d indicators/locale -l "$lang" --no-fuzzy-matching >/dev/null
done
echo "updated: $(grep -c '^msgid ' indicators/locale/messages.pot) messages"
python - "${1:-}" <<'PY'
import sys
from indicators.i18n import LANGUAGES, completeness
bad = []
for lang in LANGUAGES:
    done, total = completeness(lang)
    print(f"  {lang:8} {done}/{total} translated")
    if done < total:
        bad.append(lang)
if sys.argv[1:] == ["--check"] and bad:
    sys.exit(f"incomplete catalogs: {', '.join(bad)}")
PY
