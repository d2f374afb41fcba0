#!/usr/bin/env bash
# Re-extract every user-facing string into the two templates and merge them into each language's catalogs:
# - messages.pot: every _("...") / ngettext / N_("...") string of the code (pybabel extract, babel.cfg);
# - catalog.pot: the indicator catalog YAML's names, descriptions, units and labels
#   (scripts/extract_catalog_strings.py), the gettext domain "catalog";
# - notes.pot: the public notes of the status facts (scripts/extract_note_strings.py), the domain "notes".
# Catalogs kept in the repository: messages.po in en, sq, sr_Latn, mk; catalog.po in sq, sr_Latn, mk
# (a missing one is created, msgstr empty). sr_Cyrl is NOT a file: indicators/text/i18n.py makes it in memory
# from sr_Latn with the transliterator (indicators/text/translit.py); the pseudo-locale qps is made in memory
# from the templates.
# Babel flags any message with a "%" as python-format ("% of enterprises"); the project never uses
# %-formatting in messages (placeholders are {name}), so the flag is stripped from the templates.
# _() calls inside f-strings are added from the syntax tree (pybabel on Python 3.11 does not see them),
# and so are the SIM3 model's labels, tier names and rule texts (indicators/topics/sim3_model.yaml).
# With --check: print how complete each catalog is, and fail if any is below 100 % in either domain.
set -euo pipefail
cd "$(dirname "$0")/.."
LANGS="en sq sr_Latn mk"
pybabel -q extract -F babel.cfg -k _ -k ngettext:1,2 -k N_ --no-location --sort-output \
  --project "WB6 Cyber Maturity Dashboard" -o indicators/locale/messages.pot . >/dev/null
python scripts/extract_catalog_strings.py >/dev/null
python scripts/extract_note_strings.py >/dev/null
python - <<'PY'
import ast
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def calls_in_fstrings(path):
    """_("..."), N_("...") and ngettext("...", "...", n) calls inside f-strings: Python 3.11's tokenizer gives
    an f-string as one token, so pybabel does not see them; the syntax tree does."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for fstring in (n for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)):
        for node in ast.walk(fstring):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id in ("_", "N_") and len(args) == 1:
                yield args[0]
            elif node.func.id == "ngettext" and len(args) == 2:
                yield tuple(args)


for name, sort in (("messages", True), ("catalog", False)):
    path = f"indicators/locale/{name}.pot"
    with open(path, "rb") as fh:
        pot = read_po(fh)
    if name == "messages":
        files = [Path("dashboard.py"), *sorted(p for d in ("pages", "ui", "indicators", "etl") for p in Path(d).rglob("*.py"))]
        for f in files:
            for msgid in calls_in_fstrings(f):
                if msgid not in pot:
                    pot.add(msgid)
        # the SIM3 model's own texts that the project wrote (indicators/topics/sim3.py translates them where shown);
        # its sources' titles and ENISA's quoted words are not translated
        import yaml

        model = yaml.safe_load(Path("indicators/topics/sim3_model.yaml").read_text(encoding="utf-8"))
        rule = model.get("tier_rule", {})
        texts = [model.get("names_note"), rule.get("statement"), rule.get("below_first_tier")]
        texts += [lv.get("label") for lv in model.get("levels", [])]
        texts += [c.get("name") for c in model.get("categories", [])]
        texts += [t.get("name") for t in rule.get("tiers", [])]
        for msgid in texts:
            if msgid and msgid not in pot:
                pot.add(msgid, auto_comments=["indicators/topics/sim3_model.yaml"])
    for message in pot:
        message.flags.discard("python-format")
    with open(path, "wb") as fh:
        write_po(fh, pot, omit_header=False, sort_output=sort, width=120 if name == "catalog" else 76,
                 include_previous=False)
PY
for lang in $LANGS; do
  for domain in messages catalog notes; do
    [ "$domain" != messages ] && [ "$lang" = en ] && continue  # the catalog YAML and the data files are the English text
    if [ ! -f "indicators/locale/$lang/LC_MESSAGES/$domain.po" ]; then
      pybabel -q init -D "$domain" -i "indicators/locale/$domain.pot" -d indicators/locale -l "$lang" >/dev/null
    fi
    pybabel -q update -D "$domain" -i "indicators/locale/$domain.pot" -d indicators/locale -l "$lang" \
      --no-fuzzy-matching --ignore-obsolete >/dev/null
    # a flag the template no longer has can survive in a .po: strip it there too
    sed -i -e '/^#, python-format$/d' -e 's/^#, python-format, /#, /' -e 's/^#, \(.*\), python-format$/#, \1/' \
      "indicators/locale/$lang/LC_MESSAGES/$domain.po"
  done
done
echo "updated: $(grep -c '^msgid ' indicators/locale/messages.pot) messages, $(grep -c '^msgid ' indicators/locale/catalog.pot) catalog texts, $(grep -c '^msgid ' indicators/locale/notes.pot) notes"
python - "${1:-}" <<'PY'
import sys
from indicators.text.i18n import CATALOG_DOMAIN, DOMAIN, LANGUAGES, NOTES_DOMAIN, completeness
bad = []
for lang in LANGUAGES:
    for domain in (DOMAIN, CATALOG_DOMAIN, NOTES_DOMAIN):
        done, total = completeness(lang, domain)
        print(f"  {lang:8} {domain:9} {done}/{total} translated")
        if done < total:
            bad.append(f"{lang}/{domain}")
if sys.argv[1:] == ["--check"] and bad:
    sys.exit(f"incomplete catalogs: {', '.join(bad)}")
PY
