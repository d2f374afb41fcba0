"""Parse URL query parameters into safe selections. Pure functions: every input gives a value and,
when the input was not usable, a short message for the reader. Never raises on user input."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from indicators.model.economies import ECONOMY_CODES, display_name, normalise_code

MAX_SHOWN = 24


def shown(raw: str) -> str:
    """A short, printable rendering of user input for messages (no markup, no control characters)."""
    text = re.sub(r"[^\w .,:/+-]", "?", str(raw))
    return text[:MAX_SHOWN] + ("…" if len(text) > MAX_SHOWN else "")


def _split(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(p for p in str(v).split(",") if p.strip())
    return out


def parse_economy(values: Sequence[str], default: str = "ALB") -> tuple[str, str | None]:
    """One economy code (?economy=SRB). XK and lower case are accepted."""
    if not values:
        return default, None
    raw = values[-1]
    code = normalise_code(raw)
    if code is None:
        return default, (
            f"Unknown economy code '{shown(raw)}': showing {display_name(default)}. "
            f"Valid codes: {', '.join(ECONOMY_CODES)}."
        )
    if len(set(values)) > 1:
        return code, f"Several economies were given; showing {display_name(code)}."
    return code, None


def parse_economies(
    values: Sequence[str], default: Sequence[str], min_n: int = 1, max_n: int = 6
) -> tuple[list[str], str | None]:
    """A list of economies (?economies=ALB,SRB or repeated keys), de-duplicated, in the given order."""
    if not values:
        return list(default), None
    good, bad = [], []
    for raw in _split(values):
        code = normalise_code(raw)
        if code is None:
            bad.append(shown(raw))
        elif code not in good:
            good.append(code)
    message = None
    if bad:
        message = f"Ignored unknown economy code(s): {', '.join(bad[:5])}."
    if len(good) > max_n:
        good = good[:max_n]
    if len(good) < min_n:
        return list(default), (message or "") + f" Choose at least {min_n}; showing the default selection."
    return good, message


def parse_choice(values: Sequence[str], allowed: Sequence[str], default: str, label: str) -> tuple[str, str | None]:
    if not values:
        return default, None
    raw = values[-1]
    if raw in allowed:
        return raw, None
    lowered = {a.lower(): a for a in allowed}
    if str(raw).strip().lower() in lowered:
        return lowered[str(raw).strip().lower()], None
    return default, f"Unknown {label} '{shown(raw)}': showing '{default}'."


def parse_int(values: Sequence[str], allowed: Sequence[int], default: int, label: str) -> tuple[int, str | None]:
    if not values:
        return default, None
    raw = str(values[-1]).strip()
    if re.fullmatch(r"\d{1,6}", raw) and int(raw) in allowed:
        return int(raw), None
    return default, f"Unknown {label} '{shown(raw)}': showing {default}."
