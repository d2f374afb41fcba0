#!/usr/bin/env python3
"""Build ``data/geo/wb6.geojson`` from world-atlas's Natural Earth 1:50m TopoJSON.

The map geometry is built offline, once, and committed. This script is the recipe; it uses the
Python standard library only (no shapely / topojson packages): it decodes the TopoJSON arcs
itself, picks the six Western Balkan economies plus their neighbours, clips the neighbours to a
box around the Balkans, rounds coordinates and writes a small GeoJSON FeatureCollection.

Getting the input (world-atlas 2.0.2 = Natural Earth 1:50m, public domain)::

    mkdir -p /tmp/wb6-geo && cd /tmp/wb6-geo
    npm install --no-save world-atlas@2.0.2      # -> node_modules/world-atlas/countries-50m.json
    # or: npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz   # -> package/countries-50m.json

Then, from the repository root::

    python scripts/build_geometry.py /tmp/wb6-geo/node_modules/world-atlas/countries-50m.json

Without an argument the script reads ``<tempdir>/wb6-geo/node_modules/world-atlas/countries-50m.json``.

Output conventions (see data/geo/README.md):

* Ring winding is kept exactly as in world-atlas / d3-geo: exterior rings clockwise, holes
  counter-clockwise (in lon/lat). Plotly's geo maps (d3-geo) need this; RFC 7946's opposite
  "right-hand rule" makes d3/Plotly fill the whole globe instead of the country. deck.gl/pydeck
  does not care about winding.
* Focus economies are not clipped or simplified (only rounded), so shared borders stay exact.
* The output is deterministic: same input bytes -> same output bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = Path(tempfile.gettempdir()) / "wb6-geo" / "node_modules" / "world-atlas" / "countries-50m.json"
DEFAULT_OUTPUT = REPO_ROOT / "data" / "geo" / "wb6.geojson"

# sha256 of countries-50m.json inside world-atlas@2.0.2 (checked, not enforced: a mismatch warns).
EXPECTED_SHA256 = "04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394"

# The six focus economies: (project code, project display name, Natural Earth name).
# Natural Earth calls North Macedonia "Macedonia" and Bosnia and Herzegovina "Bosnia and Herz.";
# Kosovo has id null in world-atlas and is matched by name.
FOCUS: tuple[tuple[str, str, str], ...] = (
    ("ALB", "Albania", "Albania"),
    ("BIH", "Bosnia and Herzegovina", "Bosnia and Herz."),
    ("XKX", "Kosovo*", "Kosovo"),
    ("MNE", "Montenegro", "Montenegro"),
    ("MKD", "North Macedonia", "Macedonia"),
    ("SRB", "Serbia", "Serbia"),
)

# Neighbours drawn (greyed out) for context: (ISO 3166-1 alpha-3, display name, Natural Earth name).
CONTEXT: tuple[tuple[str, str, str], ...] = (
    ("HRV", "Croatia", "Croatia"),
    ("SVN", "Slovenia", "Slovenia"),
    ("HUN", "Hungary", "Hungary"),
    ("ROU", "Romania", "Romania"),
    ("BGR", "Bulgaria", "Bulgaria"),
    ("GRC", "Greece", "Greece"),
    ("ITA", "Italy", "Italy"),
    ("AUT", "Austria", "Austria"),
)

# Context countries are clipped to this box (lon_min, lat_min, lon_max, lat_max).
CLIP_BOX: tuple[float, float, float, float] = (12.0, 38.0, 30.0, 48.5)
DECIMALS = 4


# --------------------------------------------------------------------------------------------
# TopoJSON decoding
# --------------------------------------------------------------------------------------------


def decode_arcs(topology: dict) -> list[list[list[float]]]:
    """Return the topology's arcs as absolute [lon, lat] positions.

    Quantized topologies (with a ``transform``) store each arc as delta-encoded integer
    positions: position k is the running sum of deltas 0..k, then ``x * scale + translate``.
    Without a transform the positions are already absolute.
    """
    transform = topology.get("transform")
    arcs = topology.get("arcs", [])
    if not transform:
        return [[[float(p[0]), float(p[1])] for p in arc] for arc in arcs]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    decoded = []
    for arc in arcs:
        x = y = 0
        points = []
        for p in arc:
            x += p[0]
            y += p[1]
            points.append([x * sx + tx, y * sy + ty])
        decoded.append(points)
    return decoded


def _stitch(arc_indexes: list[int], arcs: list[list[list[float]]]) -> list[list[float]]:
    """Concatenate arcs into one line; index ~i (= -i-1) means arc i reversed.

    Consecutive arcs share their joining point, which is kept only once.
    """
    points: list[list[float]] = []
    for i in arc_indexes:
        arc = arcs[~i] if i < 0 else arcs[i]
        seq = arc[::-1] if i < 0 else arc
        if points:
            points.pop()
        points.extend([list(p) for p in seq])
    return points


def _ring(arc_indexes: list[int], arcs: list[list[list[float]]]) -> list[list[float]]:
    points = _stitch(arc_indexes, arcs)
    while len(points) < 4:  # degenerate ring (as topojson-client does): pad with the first point
        points.append(list(points[0]))
    return points


def topo_geometry_to_geojson(geom: dict, arcs: list[list[list[float]]]) -> dict | None:
    """Convert one TopoJSON geometry object into a GeoJSON geometry (None for a null geometry)."""
    kind = geom.get("type")
    if kind is None:
        return None
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": [_ring(r, arcs) for r in geom["arcs"]]}
    if kind == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [[_ring(r, arcs) for r in poly] for poly in geom["arcs"]]}
    if kind == "LineString":
        return {"type": "LineString", "coordinates": _stitch(geom["arcs"], arcs)}
    if kind == "MultiLineString":
        return {"type": "MultiLineString", "coordinates": [_stitch(line, arcs) for line in geom["arcs"]]}
    raise ValueError(f"unsupported TopoJSON geometry type: {kind!r}")


def topology_to_features(topology: dict, object_name: str) -> list[dict]:
    """All geometries of ``topology.objects[object_name]`` as GeoJSON features."""
    arcs = decode_arcs(topology)
    obj = topology["objects"][object_name]
    geoms = obj["geometries"] if obj.get("type") == "GeometryCollection" else [obj]
    features = []
    for g in geoms:
        feature = {"type": "Feature"}
        if g.get("id") is not None:
            feature["id"] = g["id"]
        feature["properties"] = dict(g.get("properties") or {})
        feature["geometry"] = topo_geometry_to_geojson(g, arcs)
        features.append(feature)
    return features


# --------------------------------------------------------------------------------------------
# Geometry helpers (planar lon/lat, good enough for a regional map)
# --------------------------------------------------------------------------------------------


def polygons_of(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"not a polygonal geometry: {geometry['type']}")


def signed_area(ring: list[list[float]]) -> float:
    """Shoelace area; positive = counter-clockwise, negative = clockwise (lon right, lat up)."""
    s = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        s += x0 * y1 - x1 * y0
    return s / 2.0


def polygon_area(polygon: list[list[list[float]]]) -> float:
    """Area of exterior minus holes (any winding)."""
    outer = abs(signed_area(polygon[0]))
    return outer - sum(abs(signed_area(h)) for h in polygon[1:])


def polygon_centroid(polygon: list[list[list[float]]]) -> list[float]:
    """Area-weighted centroid of a polygon with holes (holes subtract)."""
    total_a = cx = cy = 0.0
    for k, ring in enumerate(polygon):
        a = c_x = c_y = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
            cross = x0 * y1 - x1 * y0
            a += cross
            c_x += (x0 + x1) * cross
            c_y += (y0 + y1) * cross
        a /= 2.0
        if a == 0:
            continue
        # orient every ring's contribution: exterior positive, holes negative
        sign = (1.0 if k == 0 else -1.0) * (1.0 if a > 0 else -1.0)
        rx, ry = c_x / (6.0 * a), c_y / (6.0 * a)
        w = sign * a  # == +|a| for the exterior, -|a| for holes
        total_a += w
        cx += w * rx
        cy += w * ry
    if total_a == 0:
        xs = [p[0] for p in polygon[0]]
        ys = [p[1] for p in polygon[0]]
        return [sum(xs) / len(xs), sum(ys) / len(ys)]
    return [cx / total_a, cy / total_a]


def largest_polygon(geometry: dict) -> list[list[list[float]]]:
    return max(polygons_of(geometry), key=polygon_area)


def centroid_of(geometry: dict) -> list[float]:
    """Area-weighted centroid of the largest polygon, rounded (for label placement)."""
    x, y = polygon_centroid(largest_polygon(geometry))
    return [round(x, DECIMALS), round(y, DECIMALS)]


def point_in_polygon(point: list[float], polygon: list[list[list[float]]]) -> bool:
    """Even-odd rule over all rings (so a point in a hole is outside)."""
    x, y = point
    inside = False
    for ring in polygon:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
    return inside


def _widest_span_midpoint(polygon: list[list[list[float]]], y: float) -> list[float] | None:
    xs = []
    for ring in polygon:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
            if (y0 > y) != (y1 > y):
                xs.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
    xs.sort()
    spans = [(xs[i + 1] - xs[i], xs[i]) for i in range(0, len(xs) - 1, 2)]
    if not spans:
        return None
    width, start = max(spans)
    return [start + width / 2.0, y]


def label_point_of(geometry: dict, centroid: list[float]) -> list[float]:
    """A point guaranteed inside the largest polygon: the centroid if it is inside, otherwise the
    middle of the widest horizontal interior span at the centroid's latitude (concave shapes such
    as Croatia's crescent have their centroid outside)."""
    polygon = largest_polygon(geometry)
    if point_in_polygon(centroid, polygon):
        return list(centroid)
    ys = [p[1] for p in polygon[0]]
    for y in (centroid[1], (min(ys) + max(ys)) / 2.0):
        for dy in (0.0, 1e-6, -1e-6):  # step off vertices lying exactly on the scanline
            mid = _widest_span_midpoint(polygon, y + dy)
            if mid is not None:
                p = [round(mid[0], DECIMALS), round(y, DECIMALS)]
                if point_in_polygon(p, polygon):
                    return p
    return list(centroid)


def clip_ring(ring: list[list[float]], box: tuple[float, float, float, float]) -> list[list[float]]:
    """Sutherland-Hodgman clip of a closed ring to an axis-aligned box.

    Keeps the ring's winding. A concave ring split in several pieces by the box comes back as one
    ring joined by zero-width slivers along the box edge, which is harmless for filled display.
    Returns [] if nothing is left.
    """
    xmin, ymin, xmax, ymax = box
    pts = ring[:-1] if ring and ring[0] == ring[-1] else list(ring)

    def clip(points, inside, intersect):
        out = []
        n = len(points)
        for idx in range(n):
            cur, prev = points[idx], points[idx - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(intersect(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(intersect(prev, cur))
        return out

    def at_x(x):
        return lambda p, q: [x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0])]

    def at_y(y):
        return lambda p, q: [p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y]

    for inside, intersect in (
        (lambda p: p[0] >= xmin, at_x(xmin)),
        (lambda p: p[0] <= xmax, at_x(xmax)),
        (lambda p: p[1] >= ymin, at_y(ymin)),
        (lambda p: p[1] <= ymax, at_y(ymax)),
    ):
        if not pts:
            return []
        pts = clip(pts, inside, intersect)
    if len(pts) < 3:
        return []
    return pts + [list(pts[0])]


def round_ring(ring: list[list[float]]) -> list[list[float]] | None:
    """Round to DECIMALS, drop consecutive duplicates, keep the ring closed; None if degenerate."""
    out: list[list[float]] = []
    for x, y in ring:
        p = [round(x, DECIMALS) + 0.0, round(y, DECIMALS) + 0.0]  # + 0.0 turns -0.0 into 0.0
        if not out or out[-1] != p:
            out.append(p)
    if out[0] != out[-1]:
        out.append(list(out[0]))
    if len(out) < 4 or signed_area(out) == 0:
        return None
    return out


def clean_geometry(geometry: dict, box: tuple[float, float, float, float] | None) -> dict | None:
    """Optionally clip to ``box``, round, drop degenerate rings/polygons; Polygon if one is left."""
    polygons = []
    for polygon in polygons_of(geometry):
        rings = []
        for k, ring in enumerate(polygon):
            if box is not None:
                ring = clip_ring(ring, box)
                if not ring:
                    if k == 0:
                        break  # exterior entirely outside: drop the polygon (and its holes)
                    continue
            r = round_ring(ring)
            if r is None:
                if k == 0:
                    break
                continue
            rings.append(r)
        if rings and len(rings[0]) >= 4:
            polygons.append(rings)
    if not polygons:
        return None
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


# --------------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------------


def build(topology: dict) -> dict:
    by_name: dict[str, dict] = {}
    for f in topology_to_features(topology, "countries"):
        name = f["properties"].get("name")
        if name in by_name:
            raise ValueError(f"duplicate Natural Earth name in input: {name!r}")
        by_name[name] = f

    out_features = []
    for role, table, box in (("focus", FOCUS, None), ("context", CONTEXT, CLIP_BOX)):
        for code, name, ne_name in table:
            src = by_name.get(ne_name)
            if src is None or src["geometry"] is None:
                raise ValueError(f"{ne_name!r} not found in the input topology")
            geometry = clean_geometry(src["geometry"], box)
            if geometry is None:
                raise ValueError(f"{ne_name!r} has no geometry left after clipping/rounding")
            centroid = centroid_of(geometry)
            out_features.append(
                {
                    "type": "Feature",
                    "id": code,
                    "properties": {
                        "code": code,
                        "name": name,
                        "ne_name": ne_name,
                        "role": role,
                        "centroid": centroid,
                        "label_point": label_point_of(geometry, centroid),
                    },
                    "geometry": geometry,
                }
            )
    return {"type": "FeatureCollection", "features": out_features}


def dumps(collection: dict) -> str:
    """Compact, deterministic JSON with one feature per line (readable diffs, small file)."""
    compact = dict(separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    lines = ['{"type":"FeatureCollection","features":[']
    feats = collection["features"]
    for i, f in enumerate(feats):
        lines.append(json.dumps(f, **compact) + ("," if i < len(feats) - 1 else ""))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "input",
        nargs="?",
        default=str(DEFAULT_INPUT),
        help=f"world-atlas countries-50m.json (default: {DEFAULT_INPUT})",
    )
    parser.add_argument(
        "-o",
        "--output",
        default=str(DEFAULT_OUTPUT),
        help=f"output GeoJSON (default: {DEFAULT_OUTPUT.relative_to(REPO_ROOT)})",
    )
    args = parser.parse_args(argv)

    src = Path(args.input)
    if not src.is_file():
        print(
            f"error: {src} not found. Get it with:\n"
            f"  mkdir -p {DEFAULT_INPUT.parents[2]} && cd {DEFAULT_INPUT.parents[2]} && "
            f"npm install --no-save world-atlas@2.0.2",
            file=sys.stderr,
        )
        return 2
    raw = src.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != EXPECTED_SHA256:
        print(
            f"warning: {src} sha256 {digest} differs from world-atlas@2.0.2's countries-50m.json ({EXPECTED_SHA256})",
            file=sys.stderr,
        )

    collection = build(json.loads(raw))
    text = dumps(collection)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    os.replace(tmp, out)

    size = out.stat().st_size
    print(f"input  {src} (sha256 {digest})")
    print(f"wrote  {out} - {len(collection['features'])} features, {size} bytes ({size / 1024:.1f} KiB)")
    for f in collection["features"]:
        p, g = f["properties"], f["geometry"]
        polys = polygons_of(g)
        npts = sum(len(r) for poly in polys for r in poly)
        print(
            f"  {p['role']:<7} {p['code']}  {p['name']:<24} {g['type']:<12} "
            f"{len(polys):>2} polygon(s) {npts:>5} points  centroid {p['centroid']}"
            + ("" if p["label_point"] == p["centroid"] else f" label_point {p['label_point']}")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
