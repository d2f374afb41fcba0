"""Checks on the committed map geometry (data/geo/wb6.geojson) and on the TopoJSON decoder that
built it (scripts/build_geometry.py)."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GEOJSON = ROOT / "data" / "geo" / "wb6.geojson"
SCRIPT = ROOT / "scripts" / "build_geometry.py"

FOCUS_NAMES = {
    "ALB": "Albania",
    "BIH": "Bosnia and Herzegovina",
    "XKX": "Kosovo*",
    "MNE": "Montenegro",
    "MKD": "North Macedonia",
    "SRB": "Serbia",
}
# Every focus economy must lie in this box. (Bosnia and Herzegovina reaches west to ~15.7 E, so
# the western limit is 15, not 18; the whole WB6 spans ~15.7-23.1 E, ~39.6-46.2 N.)
FOCUS_BOX = (15.0, 39.0, 24.0, 47.0)  # lon_min, lat_min, lon_max, lat_max
# Capitals: an independent check that each outline is the right economy.
CAPITALS = {
    "ALB": (19.82, 41.33),  # Tirana
    "BIH": (18.41, 43.86),  # Sarajevo
    "XKX": (21.17, 42.66),  # Pristina
    "MNE": (19.26, 42.44),  # Podgorica
    "MKD": (21.43, 42.00),  # Skopje
    "SRB": (20.46, 44.82),  # Belgrade
}


def _load_script():
    spec = importlib.util.spec_from_file_location("build_geometry", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_geometry", module)
    spec.loader.exec_module(module)
    return module


bg = _load_script()


@pytest.fixture(scope="module")
def collection() -> dict:
    with GEOJSON.open(encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def focus(collection) -> dict[str, dict]:
    return {f["properties"]["code"]: f for f in collection["features"] if f["properties"]["role"] == "focus"}


def _polygons(geometry: dict) -> list:
    assert geometry["type"] in ("Polygon", "MultiPolygon"), geometry["type"]
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def _positions(geometry: dict):
    for polygon in _polygons(geometry):
        for ring in polygon:
            yield from ring


def _bounds(geometry: dict) -> tuple[float, float, float, float]:
    xs, ys = zip(*_positions(geometry))
    return min(xs), min(ys), max(xs), max(ys)


def _contains(geometry: dict, point) -> bool:
    return any(bg.point_in_polygon(list(point), polygon) for polygon in _polygons(geometry))


# ---------------------------------------------------------------------------------------------
# The committed file
# ---------------------------------------------------------------------------------------------


def test_file_is_small():
    assert GEOJSON.stat().st_size < 200 * 1024


def test_is_feature_collection(collection):
    assert collection["type"] == "FeatureCollection"
    for f in collection["features"]:
        assert f["type"] == "Feature"
        assert f["properties"]["role"] in ("focus", "context")
        assert f["id"] == f["properties"]["code"]
    codes = [f["properties"]["code"] for f in collection["features"]]
    assert len(codes) == len(set(codes)), "a code appears twice"


def test_exactly_the_six_focus_economies_with_project_names(collection):
    focus_features = [f for f in collection["features"] if f["properties"]["role"] == "focus"]
    codes = [f["properties"]["code"] for f in focus_features]
    assert sorted(codes) == sorted(FOCUS_NAMES)
    assert len(codes) == 6
    for f in focus_features:
        assert f["properties"]["name"] == FOCUS_NAMES[f["properties"]["code"]]


def test_kosovo_carries_the_asterisk(focus):
    kosovo = focus["XKX"]["properties"]
    assert kosovo["name"] == "Kosovo*"
    assert kosovo["ne_name"] == "Kosovo"


def test_natural_earth_names_are_kept_separately(focus):
    assert focus["MKD"]["properties"]["ne_name"] == "Macedonia"
    assert focus["BIH"]["properties"]["ne_name"] == "Bosnia and Herz."


@pytest.mark.parametrize("code", sorted(FOCUS_NAMES))
def test_focus_geometry_is_valid_and_in_the_balkans(focus, code):
    geometry = focus[code]["geometry"]
    for polygon in _polygons(geometry):
        assert polygon, "empty polygon"
        for ring in polygon:
            assert len(ring) >= 4, "ring with fewer than 4 positions"
            assert ring[0] == ring[-1], "ring not closed"
            for position in ring:
                assert len(position) == 2
                assert all(isinstance(v, (int, float)) for v in position)
    lon_min, lat_min, lon_max, lat_max = _bounds(geometry)
    assert FOCUS_BOX[0] <= lon_min < lon_max <= FOCUS_BOX[2], (code, lon_min, lon_max)
    assert FOCUS_BOX[1] <= lat_min < lat_max <= FOCUS_BOX[3], (code, lat_min, lat_max)


@pytest.mark.parametrize("code", sorted(FOCUS_NAMES))
def test_capital_and_label_lie_inside_the_outline(focus, code):
    f = focus[code]
    assert _contains(f["geometry"], CAPITALS[code])
    for other, g in focus.items():
        if other != code:
            assert not _contains(g["geometry"], CAPITALS[code]), f"{code} capital inside {other}"
    centroid = f["properties"]["centroid"]
    assert len(centroid) == 2
    assert _contains(f["geometry"], centroid)
    assert _contains(f["geometry"], f["properties"]["label_point"])


def test_winding_is_d3_convention(collection):
    """Exterior rings clockwise, holes counter-clockwise (what Plotly/d3-geo need)."""
    for f in collection["features"]:
        for polygon in _polygons(f["geometry"]):
            assert bg.signed_area(polygon[0]) < 0, f["id"]
            for hole in polygon[1:]:
                assert bg.signed_area(hole) > 0, f["id"]


def test_context_features(collection):
    context = [f for f in collection["features"] if f["properties"]["role"] == "context"]
    assert context
    codes = {f["properties"]["code"] for f in context}
    assert {"HRV", "HUN", "ROU", "BGR", "GRC"} <= codes
    assert not codes & set(FOCUS_NAMES)
    for f in context:
        assert f["properties"]["role"] == "context"
        assert f["properties"]["name"]
        for ring in (r for polygon in _polygons(f["geometry"]) for r in polygon):
            assert len(ring) >= 4 and ring[0] == ring[-1]
        lon_min, lat_min, lon_max, lat_max = _bounds(f["geometry"])
        box = bg.CLIP_BOX
        assert box[0] <= lon_min and lon_max <= box[2] and box[1] <= lat_min and lat_max <= box[3]


def test_committed_file_matches_a_rebuild_when_source_is_available(tmp_path):
    source = Path(os.environ.get("WB6_WORLD_ATLAS", bg.DEFAULT_INPUT))
    if not source.is_file():
        pytest.skip(f"world-atlas source not present at {source} (see data/geo/README.md)")
    out = tmp_path / "wb6.geojson"
    assert bg.main([str(source), "-o", str(out)]) == 0
    assert out.read_bytes() == GEOJSON.read_bytes()


# ---------------------------------------------------------------------------------------------
# The decoder, on a hand-made TopoJSON
# ---------------------------------------------------------------------------------------------

# Quantized grid: lon = 10 + 0.5 * x, lat = 40 + 0.25 * y (exact in binary floating point).
#
#   A = square x 0..4, y 0..4;  B = square x 4..8, y 0..4, sharing arc 1 (x = 4) with A;
#   C = square x 20..28, y 0..8 with a hole x 22..26, y 2..6.
TINY_TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.25], "translate": [10, 40]},
    "arcs": [
        [[0, 0], [0, 4], [4, 0]],  # 0: (0,0) (0,4) (4,4)
        [[4, 4], [0, -4]],  # 1: (4,4) (4,0)        shared A/B edge
        [[4, 0], [-4, 0]],  # 2: (4,0) (0,0)
        [[4, 4], [4, 0], [0, -4], [-4, 0]],  # 3: (4,4) (8,4) (8,0) (4,0)
        [[20, 0], [0, 8], [8, 0], [0, -8], [-8, 0]],  # 4: C exterior, clockwise
        [[22, 2], [4, 0], [0, 4], [-4, 0], [0, -4]],  # 5: C hole, counter-clockwise
    ],
    "objects": {
        "shapes": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1, 2]], "id": "A", "properties": {"name": "A"}},
                {"type": "Polygon", "arcs": [[3, -2]], "id": "B", "properties": {"name": "B"}},
                {"type": "MultiPolygon", "arcs": [[[4], [5]], [[0, 1, 2]]], "id": None, "properties": {"name": "C"}},
                {"type": "LineString", "arcs": [-4], "properties": {"name": "L"}},
                {"type": None, "properties": {"name": "Nothing"}},
            ],
        }
    },
}


def test_decode_arcs_undoes_delta_encoding_and_quantization():
    arcs = bg.decode_arcs(TINY_TOPOLOGY)
    assert arcs[0] == [[10.0, 40.0], [10.0, 41.0], [12.0, 41.0]]
    assert arcs[1] == [[12.0, 41.0], [12.0, 40.0]]
    assert arcs[3] == [[12.0, 41.0], [14.0, 41.0], [14.0, 40.0], [12.0, 40.0]]
    assert arcs[5] == [[21.0, 40.5], [23.0, 40.5], [23.0, 41.5], [21.0, 41.5], [21.0, 40.5]]


def test_topology_to_features_exact_coordinates():
    features = bg.topology_to_features(TINY_TOPOLOGY, "shapes")
    by_name = {f["properties"]["name"]: f for f in features}
    assert len(features) == 5

    a = by_name["A"]
    assert a["id"] == "A"
    assert a["geometry"] == {
        "type": "Polygon",
        "coordinates": [[[10.0, 40.0], [10.0, 41.0], [12.0, 41.0], [12.0, 40.0], [10.0, 40.0]]],
    }

    # B uses the shared arc reversed (~1 == -2); the joining point appears once.
    assert by_name["B"]["geometry"] == {
        "type": "Polygon",
        "coordinates": [[[12.0, 41.0], [14.0, 41.0], [14.0, 40.0], [12.0, 40.0], [12.0, 41.0]]],
    }

    c = by_name["C"]
    assert "id" not in c  # a null id (like Kosovo's in world-atlas) is left out
    assert c["geometry"] == {
        "type": "MultiPolygon",
        "coordinates": [
            [
                [[20.0, 40.0], [20.0, 42.0], [24.0, 42.0], [24.0, 40.0], [20.0, 40.0]],
                [[21.0, 40.5], [23.0, 40.5], [23.0, 41.5], [21.0, 41.5], [21.0, 40.5]],
            ],
            [[[10.0, 40.0], [10.0, 41.0], [12.0, 41.0], [12.0, 40.0], [10.0, 40.0]]],
        ],
    }

    assert by_name["L"]["geometry"] == {
        "type": "LineString",
        "coordinates": [[12.0, 40.0], [14.0, 40.0], [14.0, 41.0], [12.0, 41.0]],
    }
    assert by_name["Nothing"]["geometry"] is None

    # decoding does not alias arc positions between geometries
    a["geometry"]["coordinates"][0][0][0] = 999.0
    assert c["geometry"]["coordinates"][1][0][0][0] == 10.0


def test_decoder_without_transform_uses_positions_as_is():
    topology = {
        "type": "Topology",
        "arcs": [[[1.5, 2.5], [3.25, 2.5], [3.25, 4.0]], [[3.25, 4.0], [1.5, 2.5]]],
        "objects": {"x": {"type": "Polygon", "arcs": [[0, 1]], "properties": {}}},
    }
    (feature,) = bg.topology_to_features(topology, "x")
    assert feature["geometry"]["coordinates"] == [[[1.5, 2.5], [3.25, 2.5], [3.25, 4.0], [1.5, 2.5]]]


def test_centroid_and_clipping_helpers():
    square = [[[0.0, 0.0], [0.0, 4.0], [4.0, 4.0], [4.0, 0.0], [0.0, 0.0]]]
    assert bg.polygon_centroid(square) == [2.0, 2.0]
    with_hole = square + [[[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0], [0.0, 0.0]]]
    cx, cy = bg.polygon_centroid(with_hole)
    assert cx == pytest.approx(7 / 3) and cy == pytest.approx(7 / 3)

    clipped = bg.clip_ring(square[0], (1.0, -1.0, 3.0, 5.0))
    assert clipped[0] == clipped[-1]
    assert sorted(map(tuple, clipped[:-1])) == [(1.0, 0.0), (1.0, 4.0), (3.0, 0.0), (3.0, 4.0)]
    assert bg.signed_area(clipped) < 0  # winding kept
    assert bg.clip_ring(square[0], (10.0, 10.0, 11.0, 11.0)) == []
