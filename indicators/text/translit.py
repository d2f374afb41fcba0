"""Serbian Latin -> Serbian Cyrillic transliteration (one letter for one letter, digraphs lj, nj, dž).

Serbian is written in both scripts with a one-to-one mapping, so the Cyrillic catalog and glossary are
generated from the Latin ones instead of being translated twice. What must not change is left alone:
placeholders (``{economy}``, ``%s``, ``%(n)d``), URLs and e-mail addresses, HTML tags, inline code, and
codes or acronyms written in capitals or with digits or underscores (``NIS2``, ``CSIRT``, ``ALB``,
``WB6``, ``E_SEC2IUSVF``, ``isoc_cisci_prv20``), file paths and names (``data/raw``, ``source.yaml``,
``EXCLUDED.md``, ``sim3.dk``), the product and firm names in ``LATIN_NAMES`` (Parquet, Frictionless,
Trusted Introducer, Page Down, the law firms named in the status facts' notes), Kosovo* law numbers
(``08/L-173``) and the one-letter variables in ``LATIN_VARIABLES`` ("n od m" -> "n од m", "n/m").
A word written entirely in capitals is therefore kept as it is (write Serbian words in normal case),
except the Serbian abbreviations in ``SERBIAN_ABBREVIATIONS`` (EU -> ЕУ, SBUN -> СБУН, OEBS -> ОЕБС,
RNIDS -> РНИДС, AEK -> АЕК, MIA -> МИА).

The few words where ``nj`` / ``dž`` are two letters, not one (``injekcija``, ``konjunkcija``,
``nadživeti``, ``podžupan``), are listed in ``_SPLIT`` and written with two Cyrillic letters.
"""

from __future__ import annotations

import re

_SINGLE = {
    "a": "а",
    "b": "б",
    "c": "ц",
    "č": "ч",
    "ć": "ћ",
    "d": "д",
    "đ": "ђ",
    "e": "е",
    "f": "ф",
    "g": "г",
    "h": "х",
    "i": "и",
    "j": "ј",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "r": "р",
    "s": "с",
    "š": "ш",
    "t": "т",
    "u": "у",
    "v": "в",
    "z": "з",
    "ž": "ж",
}
_DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ"}

# Stems in which the letters of a digraph belong to two syllables; "|" marks the split.
_SPLIT = ("in|jek", "kon|jun", "kon|jug", "van|jez", "nad|ž", "pod|ž", "od|žal", "od|žive")

# Product and proper names that stay in Latin letters in Serbian Cyrillic text.
LATIN_NAMES = (
    "Trusted Introducer",
    "Page Down",
    "Page Up",
    "Parquet",
    "Frictionless",
    "Streamlit",
    "DuckDB",
    "GitHub",
    "Excel",
    "Eurostat",
    # firms, services and databases named in the status facts' notes (indicators/locale/*/notes.po)
    "Prica & Partners",
    "Tasic & Partners",
    "BDK Advokati",
    "ARS Firm",
    "PwC Albania",
    "Diplo Digital Watch",
    "Octopus",
    # English titles and names quoted in the key facts' notes (the CMM reviews, the NCSI download page)
    "Cybersecurity Capacity Review - Bosnia and Herzegovina",
    "Cybersecurity Capacity Review - Republic of Serbia",
    "Cybersecurity Capacity Assessment of the Republic of Kosovo",
    "CMM Review Montenegro",
    "Cybersecurity Capacity Maturity Model for Nations",
    "Global Cybersecurity Center for Development",
    "Korea-World Bank Group Partnership Facility",
    "World Bank Data360",
    "Methodology and Data",
    "ReSPA",  # the Regional School of Public Administration, named in the stakeholder register's roles
    # organisations and survey programmes named in the published survey figures' notes
    "UN Women",
    "Global Kids Online",
    "EU Kids Online",
    "End Violence Fund",
    "Ora News",
    # English words of SIM3 parameter names quoted in the model's notes (indicators/topics/sim3_model.yaml)
    "Existing",
    "Practice/Ethics",
    "Personnel resilience",
    # products and tools named in the methodology page's source texts (source.yaml where_found, description)
    "Data Hub",
    "eGA",
    "pandasdmx",
    "mkXVIII",  # the SIM3 version ("SIM3 mkXVIII"), quoted in the CERT page's parameter-name caption
    # ENISA's own tier names quoted in English on the CERT page ("za nivoe Basic / Intermediate / Advanced"),
    # and the dataset id the CERT page names ("iz skupa podataka 'csirts'"): seen transliterated in sr_Cyrl
    "Basic / Intermediate / Advanced",
    "csirts",
)

# One-letter variables of the methodology texts ("n od m", "n/m") that are never Serbian words and stay
# Latin, as in the English text; "k" is the Serbian preposition ("k cilju"), so it is kept only in "k/m".
LATIN_VARIABLES = ("n", "m")

_PROTECTED = re.compile(
    r"""
    \{[^{}]*\}                                   # {name}, {0}, {value:.1f}
    | %\([^)]*\)[#0\-+]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]   # %(name)s
    | %[#0\-+]*\d*(?:\.\d+)?[diouxXeEfFgGcrs%]           # %s, %d, %.1f, %%
    | https?://[^\s)\]>]+ | www\.[^\s)\]>]+      # URLs
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+               # e-mail addresses
    | <[^<>]+>                                   # HTML tags
    | `[^`]*`                                    # inline code
    | \b(?:data|etl|indicators|scripts|docs|schemas|pages|tests|static|ui|benchmarks)(?:/[\w.*-]+)+/?
                                                 # project paths: data/raw, data/warehouse/x.parquet
    | (?:\.\./)+[\w./*-]+                          # relative paths: ../shared/reference-data/gender.csv
    | \b(?=[\w./*-]*[a-z])(?=[\w./*-]*[-_\d])[A-Za-z][\w.-]*(?:/[\w.*-]+)+
                                                 # repositories and their paths: owner/repo-name, R/x/y_z.R
    | \b[\w-]+(?:\.[\w-]+)*\.(?:ya?ml|md|csv|json|parquet|duckdb|py|txt|pdf|html|zip|dk|org|com|net|eu|rs|mk|al|me|ba|gov|bg|ch|ee|int)\b
                                                 # file and domain names: source.yaml, EXCLUDED.md, sim3.dk
    | {names}                                    # names kept in Latin (LATIN_NAMES), before the codes
    | \b\d+/L-\d+\b                              # Kosovo* law numbers: 08/L-173 (L for the legislature)
    | \b[A-Za-z0-9]*[_\d][A-Za-z0-9_-]*\b         # codes with digits or underscores: NIS2, WB6, E_SEC2IUSVF,
                                                 # F_Y16_74, isoc_cisci_prv20, not_covered
    | \b[A-Z][A-Z]+\b                            # acronyms and codes in capitals: CSIRT, ALB, ENISA
    | \b[nmk](?=\s*/\s*[nmk]\b) | (?<=/)\s*[nmk]\b  # the variables of "n/m", "k/m"
    | {variables}                                # the one-letter variables n and m ("n od m")
    | (?<=\s\()[a-z](?=\))                        # a one-letter code in parentheses: Eurostat's flags (u), (b)
    | (?:(?<=\()|(?<=,\s))[a-z](?=\s=\s)             # a flag letter explained: "(u = niska pouzdanost, b = ...)"
    | \b[A-Z](?:/[A-Z])+\b                          # letter grades listed: "ocena A/B/U" (the SIM3 evidence grades)
    | \b[A-Z](?=\s=\s)                              # a letter grade explained: "A = broj i tema ...; U = ..."
    """.replace("{names}", "|".join(r"\b" + re.escape(n).replace(r"\ ", r"\s") + r"\b" for n in LATIN_NAMES)).replace(
        "{variables}", "|".join(r"(?<![\w{])" + v + r"(?![\w}])" for v in LATIN_VARIABLES)
    ),
    re.VERBOSE,
)
_WORD = re.compile(r"[^\W\d_]+")
# Serbian abbreviations written in capitals that ARE Serbian words and change script (EU -> ЕУ);
# every other all-capital code (NIS2, CSIRT, ALB, ITU, ENISA) stays in Latin letters.
SERBIAN_ABBREVIATIONS = frozenset(
    {"EU", "SBUN", "MSP", "UN", "OUN", "IKT", "SAD", "RS", "SE", "CG", "SFRJ", "OEBS", "RNIDS", "AEK", "MIA", "SVAKI"}
)


def _split_positions(word: str) -> set[int]:
    """Indexes in ``word`` at which a digraph must NOT be joined (the second letter's index)."""
    low = word.lower()
    out = set()
    for stem in _SPLIT:
        plain = stem.replace("|", "")
        start = low.find(plain)
        while start != -1:
            out.add(start + stem.index("|"))
            start = low.find(plain, start + 1)
    return out


def _word(word: str) -> str:
    splits = _split_positions(word)
    out = []
    i = 0
    while i < len(word):
        pair = word[i : i + 2]
        if len(pair) == 2 and pair.lower() in _DIGRAPHS and (i + 1) not in splits:
            cyr = _DIGRAPHS[pair.lower()]
            out.append(cyr.upper() if pair[0].isupper() else cyr)
            i += 2
            continue
        ch = word[i]
        cyr = _SINGLE.get(ch.lower())
        if cyr is None:
            out.append(ch)  # q, w, x, y and letters of other alphabets stay as they are
        else:
            out.append(cyr.upper() if ch.isupper() else cyr)
        i += 1
    return "".join(out)


def _plain(text: str) -> str:
    return _WORD.sub(lambda m: _word(m.group(0)), text)


def latin_to_cyrillic(text: str) -> str:
    """Serbian Latin text in Serbian Cyrillic, leaving placeholders, URLs and codes untouched."""
    if not text:
        return text
    out = []
    pos = 0
    for m in _PROTECTED.finditer(text):
        out.append(_plain(text[pos : m.start()]))
        token = m.group(0)
        out.append(_plain(token) if token in SERBIAN_ABBREVIATIONS else token)
        pos = m.end()
    out.append(_plain(text[pos:]))
    return "".join(out)
