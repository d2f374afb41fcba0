"""The map's geometry and colours: the shipped GeoJSON, the fills and line colours, how each status is drawn,
the hatching and dashes as real line geometry clipped to each outline (so they need no deck.gl extension or
texture and are unit-tested like any other value), and the colour-blind-safe viridis scale. Pure functions.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import pandas as pd
from plotly.colors import get_colorscale, sample_colorscale

from indicators.method.scoring import INSUFFICIENT
from indicators.model.paths import PROJECT_ROOT

GEO_PATH = PROJECT_ROOT / "data" / "geo" / "wb6.geojson"


COLORSCALE = "Viridis"
_SCALE = get_colorscale(COLORSCALE)  # resolved once: by name, plotly lists every named scale per call (3 ms)


SEA = [232, 241, 248, 255]


CONTEXT_FILL = [226, 226, 226, 255]


CONTEXT_LINE = [170, 170, 170, 255]


MISSING_FILL = [250, 250, 250, 255]


NO_DATA_FILL = [255, 255, 255, 255]


OBSERVED_LINE = [255, 255, 255, 255]


PATTERN_COLOUR = [80, 80, 80, 255]


OUTLINE_DARK = [60, 60, 60, 255]


# How each status is drawn: one of "scale", "hatch", "crosshatch", "dashed".
STYLE_OF_STATUS = {
    "observed": "scale",
    "not_covered": "hatch",
    "not_assessed": "crosshatch",
    "suppressed": "crosshatch",
    "not_applicable": "crosshatch",
    "no_data": "dashed",
    INSUFFICIENT: "hatch",  # coverage below the catalog's rule: hatched, never coloured, never ranked
}


HATCH_SPACING = 0.14  # degrees between hatch lines


DASH, GAP = 0.09, 0.07  # degrees along the outline


# View that shows the six economies with their neighbours (keep inside lon 12-30, lat 38-48.5).
# deck.gl's web-mercator world is 512 px wide at zoom 0: zoom 5.2 fits lat 39.4-46.4 into ~560 px and
# lon 15.5-23.3 into ~440 px, so the six economies stay whole in a half-width column.
VIEW = dict(latitude=42.95, longitude=19.4, zoom=5.2, min_zoom=4.5, max_zoom=9)


@lru_cache(maxsize=4)
def _load(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def load_geojson(path: Path = GEO_PATH) -> dict:
    """The shipped geometry (a fresh copy each call, so callers may annotate it)."""
    return json.loads(_load(str(path)))


def polygons(geometry: dict) -> list[list[list[list[float]]]]:
    """The polygons (each a list of rings) of a Polygon or MultiPolygon geometry."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def hatch_segments(
    rings: list[list[list[float]]], spacing: float = HATCH_SPACING, angle: float = 45.0
) -> list[list[list[float]]]:
    """Parallel lines at ``angle`` degrees, ``spacing`` apart, clipped to a polygon (even-odd rule,
    so holes stay empty). Returns two-point paths [[lon, lat], [lon, lat]]."""
    theta = math.radians(angle)
    c, s = math.cos(theta), math.sin(theta)

    def to_uv(p):  # u along the hatch direction, v across it
        return p[0] * c + p[1] * s, -p[0] * s + p[1] * c

    def to_xy(u, v):
        return [round(u * c - v * s, 5), round(u * s + v * c, 5)]

    edges = []
    for ring in rings:
        pts = [to_uv(p) for p in ring]
        for a, b in zip(pts, pts[1:] + pts[:1]):
            if a != b:
                edges.append((a, b))
    if not edges:
        return []
    vs = [p[1] for e in edges for p in e]
    v_min, v_max = min(vs), max(vs)
    out = []
    k = math.floor(v_min / spacing) + 1
    while k * spacing < v_max:
        v0 = k * spacing
        crossings = []
        for (u1, v1), (u2, v2) in edges:
            if (v1 <= v0 < v2) or (v2 <= v0 < v1):
                crossings.append(u1 + (v0 - v1) * (u2 - u1) / (v2 - v1))
        crossings.sort()
        for u_a, u_b in zip(crossings[0::2], crossings[1::2]):
            if u_b - u_a > 1e-9:
                out.append([to_xy(u_a, v0), to_xy(u_b, v0)])
        k += 1
    return out


def dashed_ring(ring: list[list[float]], dash: float = DASH, gap: float = GAP) -> list[list[list[float]]]:
    """The outline of a ring cut into dashes of length ``dash`` separated by ``gap`` (degrees)."""
    out: list[list[list[float]]] = []
    current: list[list[float]] = []
    drawing, left = True, dash
    pts = ring if ring[0] == ring[-1] else ring + ring[:1]
    for a, b in zip(pts, pts[1:]):
        seg = math.dist(a, b)
        pos = 0.0
        while seg - pos > 1e-12:
            step = min(left, seg - pos)
            t0, t1 = pos / seg, (pos + step) / seg
            p0 = [a[0] + (b[0] - a[0]) * t0, a[1] + (b[1] - a[1]) * t0]
            p1 = [a[0] + (b[0] - a[0]) * t1, a[1] + (b[1] - a[1]) * t1]
            if drawing:
                if not current:
                    current.append([round(p0[0], 5), round(p0[1], 5)])
                current.append([round(p1[0], 5), round(p1[1], 5)])
            pos += step
            left -= step
            if left <= 1e-12:
                if drawing and len(current) > 1:
                    out.append(current)
                current = []
                drawing = not drawing
                left = dash if drawing else gap
    if drawing and len(current) > 1:
        out.append(current)
    return out


def scale_rgb(score: float) -> list[int]:
    """Viridis colour of a 0-100 score as [r, g, b]."""
    share = min(max(float(score), 0.0), 100.0) / 100.0
    text = sample_colorscale(_SCALE, [share])[0]  # 'rgb(r, g, b)'
    return [int(round(float(x))) for x in text[text.index("(") + 1 : -1].split(",")]


def scale_hex(score: float) -> str:
    return "#{:02x}{:02x}{:02x}".format(*scale_rgb(score))


def fill_colour(status: str, score: float | None) -> list[int]:
    """RGBA fill of an economy on the map."""
    if status == "observed" and score is not None and not pd.isna(score):
        return scale_rgb(score) + [255]
    if STYLE_OF_STATUS.get(status) == "dashed":
        return list(NO_DATA_FILL)
    return list(MISSING_FILL)
