"""The six Western Balkan economies: codes, display names, colours and the Kosovo* designation.

This is the only place that knows how an economy is named or coloured. Everything else calls
:func:`display_name` and :func:`colour`.
"""

from __future__ import annotations

from indicators.text.i18n import _


def N_(text: str) -> str:
    """Marks a text for translation (extracted by scripts/update_translations.sh) without translating it
    here: the names are translated when shown, by :func:`display_name` and :func:`kosovo_footnote`."""
    return text


ECONOMY_CODES: tuple[str, ...] = ("ALB", "BIH", "XKX", "MNE", "MKD", "SRB")

ECONOMY_NAMES: dict[str, str] = {
    "ALB": N_("Albania"),
    "BIH": N_("Bosnia and Herzegovina"),
    "XKX": N_("Kosovo*"),
    "MNE": N_("Montenegro"),
    "MKD": N_("North Macedonia"),
    "SRB": N_("Serbia"),
}

# Codes accepted on input (raw files, URL parameters) and the project code they mean.
# Kosovo has no ISO 3166 code: XKX (World Bank / EU practice) is used inside, XK accepted on input.
CODE_ALIASES: dict[str, str] = {
    **{c: c for c in ECONOMY_CODES},
    "AL": "ALB",
    "BA": "BIH",
    "XK": "XKX",
    "ME": "MNE",
    "MK": "MKD",
    "RS": "SRB",
    "KOS": "XKX",
    "KSV": "XKX",
}

KOSOVO_FOOTNOTE = N_(
    "*This designation is without prejudice to positions on status, and is in line with "
    "UNSCR 1244/1999 and the ICJ Opinion on the Kosovo declaration of independence."
)

# Okabe-Ito colour-blind-safe categorical palette: one fixed colour per economy on every page.
ECONOMY_COLOURS: dict[str, str] = {
    "ALB": "#D55E00",  # vermillion
    "BIH": "#0072B2",  # blue
    "XKX": "#009E73",  # bluish green
    "MNE": "#CC79A7",  # reddish purple
    "MKD": "#E69F00",  # orange
    "SRB": "#56B4E9",  # sky blue
}
WB6_AVERAGE_COLOUR = "#333333"


def normalise_code(raw: object) -> str | None:
    """Return the project code for an input code (case-insensitive), or None if unknown."""
    if raw is None:
        return None
    key = str(raw).strip().upper()
    return CODE_ALIASES.get(key)


def display_name(code: str) -> str:
    """Name to show for an economy code, in the current language (indicators/locale/terminology.csv);
    Kosovo always carries its asterisk."""
    name = ECONOMY_NAMES.get(code)
    return _(name) if name else code


def kosovo_footnote() -> str:
    """The Kosovo* designation footnote in the current language (wording in terminology.csv)."""
    return _(KOSOVO_FOOTNOTE)


def colour(code: str) -> str:
    return ECONOMY_COLOURS.get(code, WB6_AVERAGE_COLOUR)


def mentions_kosovo(codes) -> bool:
    """True when any of the codes is Kosovo*, i.e. the footnote must be shown."""
    return "XKX" in set(codes)
