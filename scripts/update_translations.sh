#!/usr/bin/env bash
# Re-extract every _("...") string into the template and merge it into each language's catalog.
set -euo pipefail
cd "$(dirname "$0")/.."
pybabel extract -F babel.cfg -k _ -k ngettext:1,2 --no-location --sort-output \
  --project "WB6 Cyber Maturity Dashboard" -o indicators/locale/messages.pot . >/dev/null
for po in indicators/locale/*/LC_MESSAGES/messages.po; do
  lang=$(basename "$(dirname "$(dirname "$po")")")
  pybabel update -i indicators/locale/messages.pot -d indicators/locale -l "$lang" --no-fuzzy-matching >/dev/null
done
echo "updated: $(grep -c '^msgid ' indicators/locale/messages.pot) messages"
