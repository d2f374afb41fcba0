"""The sentences that data notes are built from, so a note made by the build can be read in every language.

The survey, Eurostat and SIM3 rows carry public notes that the build writes from a few fixed sentences and
sentence templates with numbers in them ("Weighted share 52.4% (95% CI 50.8-54.0%, Wilson on Kish effective
n 3,726); n = 4,478 respondents. DEMONSTRATION DATA: ..."). Their thousands of distinct notes are not
translated one by one: :func:`indicators.text.i18n.note_text` reads such a note as a sequence of

- :data:`NOTE_SENTENCES`: fixed sentences, each a message of the ``notes`` domain;
- :data:`NOTE_PATTERNS`: (regular expression, message) pairs; the message is the English sentence with
  ``{placeholders}`` for the expression's named groups. A group of digits is written again in the reader's
  number format (``1,817`` -> ``1.817`` in sr and mk, ``52.4`` -> ``52,4``), keeping its sign and decimals;
  a group named ``note`` is itself a note of the ``notes`` domain (the text of a known anomaly);

separated by spaces. When any part has no translation the whole note is shown in English with its label
(never half translated). ``scripts/extract_note_strings.py`` puts every sentence and message into
``notes.pot``; ``tests/test_i18n_notes.py`` reads every note of these datasets in a build and fails when one
cannot be read in a language.

The sentences are the ones written by ``etl/formats/survey.py``, ``etl/formats/sdmx.py`` (``STATUS_NOTES``,
``FLAGS_LOST_NOTE``) and ``indicators/topics/hygiene/stats.py`` (``DEMO_NOTE``): a new wording there is an
untranslated note until it is added here.
"""

from __future__ import annotations

import re

# A number as the build writes it in English: optional sign, thousands with commas, decimals with a point.
NUMBER = r"[+-]?\d{1,3}(?:,\d{3})*(?:\.\d+)?"

NOTE_SENTENCES = (
    # indicators/topics/hygiene/stats.py DEMO_NOTE
    "DEMONSTRATION DATA: synthetic respondents, not a measurement of any economy.",
    # etl/formats/survey.py
    "Suppressed: fewer than half of the practice questions have both sexes above the minimum n.",
    "Suppressed: fewer than half of the group x practice cells reach the minimum n.",
    # etl/formats/sdmx.py STATUS_NOTES and FLAGS_LOST_NOTE
    "Confidential in the Eurostat download (flag c): suppressed, not shown.",
    "Not applicable (Eurostat flag z).",
    "Not available in the Eurostat download (':'): not assessed, not zero.",
    "Eurostat SDMX-CSV download.",
    "Eurostat SDMX-CSV (a copy).",
    "Eurostat's flags are not available for this row (the copy lost them): low reliability (u) or a break in "
    "series (b) cannot be shown.",
)


def _n(name: str) -> str:
    return f"(?P<{name}>{NUMBER})"


NOTE_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        rf"Weighted share {_n('share')}% \(95% CI {_n('low')}-{_n('high')}%, Wilson on Kish effective n "
        rf"{_n('n_eff')}\); n = {_n('n')} respondents\.",
        "Weighted share {share}% (95% CI {low}-{high}%, Wilson on Kish effective n {n_eff}); n = {n} respondents.",
    ),
    (
        rf"Female minus male {_n('gap')} pp \(95% CI {_n('low')} to {_n('high')}; Newcombe\); women "
        rf"{_n('women')}% \(n = {_n('n_women')}\), men {_n('men')}% \(n = {_n('n_men')}\)\.",
        "Female minus male {gap} pp (95% CI {low} to {high}; Newcombe); women {women}% (n = {n_women}), "
        "men {men}% (n = {n_men}).",
    ),
    (
        rf"Suppressed: women \(n = {_n('n_women')}\) or men \(n = {_n('n_men')}\) below the survey's minimum "
        r"number of respondents\.",
        "Suppressed: women (n = {n_women}) or men (n = {n_men}) below the survey's minimum number of respondents.",
    ),
    (
        rf"Suppressed: fewer respondents \(n = {_n('n')}\) than the survey's minimum\.",
        "Suppressed: fewer respondents (n = {n}) than the survey's minimum.",
    ),
    (
        rf"Mean absolute female-minus-male gap over {_n('n')} of {_n('m')} practice questions \(suppressed "
        r"questions left out\)\.",
        "Mean absolute female-minus-male gap over {n} of {m} practice questions (suppressed questions left out).",
    ),
    (
        rf"Mean absolute gap between members of {_n('k')} vulnerable groups and the other respondents, over "
        rf"{_n('n')} of {_n('m')} group x practice cells\.",
        "Mean absolute gap between members of {k} vulnerable groups and the other respondents, over {n} of {m} "
        "group x practice cells.",
    ),
    # etl/formats/sdmx.py: " Known anomaly: " + the sidecar's anomaly note (itself a message of the domain)
    (r"Known anomaly: (?P<note>.+?)(?= Known anomaly: |$)", "Known anomaly: {note}"),
)

COMPILED_PATTERNS = tuple((re.compile(rx), msg) for rx, msg in NOTE_PATTERNS)
_NUMBER_RE = re.compile(rf"^{NUMBER}$")


def parse_number(text: str) -> tuple[str, float, int] | None:
    """(sign as written, absolute value, decimals) of an English number of a note, or None."""
    if not _NUMBER_RE.match(text):
        return None
    sign = text[0] if text[0] in "+-" else ""
    digits = text.lstrip("+-").replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return sign, float(digits), decimals


def split_note(note: str) -> list[tuple[str, dict[str, str]]] | None:
    """The note as a list of (message, fields): each fixed sentence with no fields, each template with the
    text of its groups; None when some part of the note is neither."""
    parts: list[tuple[str, dict[str, str]]] = []
    pos, end = 0, len(note)
    sentences = sorted(NOTE_SENTENCES, key=len, reverse=True)
    while pos < end:
        while pos < end and note[pos].isspace():
            pos += 1
        if pos >= end:
            break
        for s in sentences:
            if note.startswith(s, pos):
                parts.append((s, {}))
                pos += len(s)
                break
        else:
            for rx, msg in COMPILED_PATTERNS:
                m = rx.match(note, pos)
                if m:
                    parts.append((msg, m.groupdict()))
                    pos = m.end()
                    break
            else:
                return None
    return parts or None
