"""The one place for the colours of the people views (hygiene, inclusion): women and men, the sequential
scale of the heatmaps, dark chart text, and the checks behind them. Pure, no Streamlit.

- Women and men are a colour-blind-safe pair from Okabe & Ito (2008), *Color Universal Design*:
  vermillion and blue. :func:`simulate_cvd` (Machado, Oliveira & Fernandes 2009, severity 1.0) and
  :func:`delta_e` (CIE76 in CIELAB) let the tests check that the pair stays distinct (delta E >= 10)
  under protanopia, deuteranopia and tritanopia.
- Text on a coloured cell takes :func:`text_colour_on` the cell's colour: near-black or white, whichever
  contrasts more (WCAG 2 relative luminance), so every cell number reads at 4.5:1 or better.
"""

from __future__ import annotations

WOMEN = "#D55E00"  # Okabe-Ito vermillion
MEN = "#0072B2"  # Okabe-Ito blue
SEX_COLOURS = {"female": WOMEN, "male": MEN}
TEXT = "#222222"  # chart text, axis ticks and titles (15.9:1 on white)
LIGHT_TEXT = "#FFFFFF"
CELL_DARK_TEXT = "#000000"  # on cells: black reaches 4.5:1 wherever white does not
GRID = "#e5e5e5"
# ColorBrewer Blues (9 classes), 0 -> 100 %: the sequential scale of the share heatmaps.
BLUES = ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b")
BLUES_SCALE = [[i / (len(BLUES) - 1), c] for i, c in enumerate(BLUES)]

# Machado et al. (2009), severity 1.0, applied to linear RGB.
MACHADO = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(min(1.0, max(0.0, c)) * 255):02x}" for c in rgb)


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(c: float) -> float:
    c = min(1.0, max(0.0, c))
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def simulate_cvd(hex_colour: str, kind: str) -> str:
    """How ``hex_colour`` looks under ``kind`` (protanopia, deuteranopia, tritanopia), as a hex colour."""
    lin = [_linear(c) for c in _rgb(hex_colour)]
    m = MACHADO[kind]
    return _hex(_gamma(sum(m[r][k] * lin[k] for k in range(3))) for r in range(3))


def _lab(hex_colour: str) -> tuple[float, float, float]:
    r, g, b = (_linear(c) for c in _rgb(hex_colour))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(a: str, b: str) -> float:
    """CIE76 colour difference between two hex colours."""
    return sum((p - q) ** 2 for p, q in zip(_lab(a), _lab(b))) ** 0.5


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance."""
    r, g, b = (_linear(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio (1 to 21)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_colour_on(background: str) -> str:
    """Black or white text, whichever contrasts more with ``background`` (at least 4.58:1 on any colour)."""
    return CELL_DARK_TEXT if contrast(CELL_DARK_TEXT, background) >= contrast(LIGHT_TEXT, background) else LIGHT_TEXT


def scale_colour(value: float, scale=BLUES_SCALE, lo: float = 0.0, hi: float = 100.0) -> str:
    """The colour a heatmap with ``scale`` (plotly form, [[stop, hex], ...]) gives to ``value``."""
    t = 0.0 if hi == lo else min(1.0, max(0.0, (float(value) - lo) / (hi - lo)))
    for (s0, c0), (s1, c1) in zip(scale, scale[1:]):
        if t <= s1:
            w = 0.0 if s1 == s0 else (t - s0) / (s1 - s0)
            return _hex(a + (b - a) * w for a, b in zip(_rgb(c0), _rgb(c1)))
    return scale[-1][1]
