"""The regional map: a pydeck choropleth drawn offline from the shipped GeoJSON, and its legend. Pure
functions, no Streamlit. The values it draws come from :mod:`indicators.render.map_values`, the geometry and
colours from :mod:`indicators.render.map_geometry`, the ranking bar chart beside it from
:mod:`indicators.render.map_ranking`.

Encoding (explained in :func:`legend_html`):
- observed values: a colour-blind-safe sequential scale (viridis) over the normalised 0-100 score;
- "not covered by the source": light fill with diagonal hatching;
- "not assessed" / "suppressed" / "not applicable": light fill with cross-hatching;
- "no data" (no row at all): white fill with a dashed outline;
- neighbouring countries: flat light grey, no label, not pickable.
Missing values are never drawn with the lowest colour of the scale.

The hatching and the dashes are real line geometry computed here (clipped to each outline), so
they need no deck.gl extension or texture and are unit-tested like any other value.
"""

from __future__ import annotations

import json
import threading
import weakref
from html import escape

import pandas as pd
import pydeck as pdk

from indicators.model.economies import display_name
from indicators.render.map_geometry import (
    CONTEXT_FILL,
    CONTEXT_LINE,
    OBSERVED_LINE,
    OUTLINE_DARK,
    PATTERN_COLOUR,
    SEA,
    STYLE_OF_STATUS,
    VIEW,
    dashed_ring,
    fill_colour,
    hatch_segments,
    load_geojson,
    polygons,
    scale_hex,
)
from indicators.render.map_values import short_status, status_label
from indicators.text.i18n import _

# The JSON of each deck object (held weakly): st.pydeck_chart asks for it on every rerun, and the deck of a cached
# view model is the same object on every rerun, not changed after it is built (issue 25: the overview's map was
# written out again, 58 kB through pydeck's per-object serializer, on every rerun). A new deck is a miss.
_JSON: dict[int, tuple[weakref.ref, str]] = {}
_JSON_LOCK = threading.Lock()


class CompactDeck(pdk.Deck):
    """A pydeck Deck whose JSON (what st.pydeck_chart sends to every visitor) has no indentation: pydeck
    indents by two spaces, which makes the overview map 308 kB instead of 58 kB a page view. The JSON is
    written once per deck object."""

    def to_json(self) -> str:
        ident = id(self)
        with _JSON_LOCK:
            held = _JSON.get(ident)
            if held is not None and held[0]() is self:
                return held[1]
        text = self._written()
        with _JSON_LOCK:
            _JSON[ident] = (weakref.ref(self, lambda _r, memo=_JSON: memo.pop(ident, None)), text)
        return text

    def _written(self) -> str:
        from pydeck.bindings.json_tools import default_serialize

        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


TOOLTIP_HTML = (
    "<div style='font-size:15px;line-height:1.35'><b style='font-size:17px'>{name}</b><br/>"
    "{value_text}<br/>{period_label}: {period_text}<br/>{source_label}: {source_text}<br/>"
    "{confidence_label}: {confidence_text}</div>"
)


def choropleth_deck(values: pd.DataFrame, geo: dict | None = None, *, label_values: bool = True) -> pdk.Deck:
    """A pydeck map of the six economies coloured by ``values`` (from *_map_values), neighbours in grey.

    Rendered without any basemap (``map_provider=None`` and no ``map_style``), so nothing is fetched.
    """
    geo = geo if geo is not None else load_geojson()
    by_code = values.set_index("economy")
    focus, context, hatch, dashes, labels = [], [], [], [], []
    for feat in geo["features"]:
        props = feat["properties"]
        if props.get("role") != "focus":
            context.append(
                {
                    "type": "Feature",
                    "geometry": feat["geometry"],
                    "properties": {"code": props["code"], "name": props["name"]},
                }
            )
            continue
        code = props["code"]
        row = by_code.loc[code] if code in by_code.index else None
        status = "no_data" if row is None else str(row["status"])
        score = None if row is None or pd.isna(row["score"]) else float(row["score"])
        style = STYLE_OF_STATUS.get(status, "dashed")
        name = display_name(code)
        focus.append(
            {
                "type": "Feature",
                "id": code,
                "geometry": feat["geometry"],
                "properties": {
                    "code": code,
                    "name": name,
                    "status": status,
                    "status_label": status_label(status),
                    "score": score,
                    "fill_color": fill_colour(status, score),
                    "line_color": OUTLINE_DARK if style != "scale" else OBSERVED_LINE,
                    "line_width": 0 if style == "dashed" else 1.5,
                    "value_text": status_label(status) if row is None else str(row["value_text"]),
                    "period_text": "—" if row is None else str(row["period_text"]),
                    "source_text": "—" if row is None else str(row["source_text"]),
                    "confidence_text": "—" if row is None else str(row["confidence_text"]),
                    "period_label": _("Period"),
                    "source_label": _("Source"),
                    "confidence_label": _("Confidence"),
                },
            }
        )
        for poly in polygons(feat["geometry"]):
            if style == "hatch":
                hatch += [{"code": code, "path": p} for p in hatch_segments(poly, angle=45)]
            elif style == "crosshatch":
                hatch += [{"code": code, "path": p} for p in hatch_segments(poly, angle=45)]
                hatch += [{"code": code, "path": p} for p in hatch_segments(poly, angle=-45)]
            elif style == "dashed":
                for ring in poly:
                    dashes += [{"code": code, "path": p} for p in dashed_ring(ring)]
        short = short_status(status) if row is None else str(row["short_text"])
        lon, lat = props.get("label_point") or props["centroid"]
        labels.append({"code": code, "position": [lon, lat], "text": f"{name}\n{short}" if label_values else name})

    # Economies with a value first, so the dark outlines of the missing ones are drawn on top.
    focus.sort(key=lambda f: STYLE_OF_STATUS.get(f["properties"]["status"], "dashed") != "scale")
    layers = [
        pdk.Layer(
            "PolygonLayer",
            [{"polygon": [[12, 38], [30, 38], [30, 48.5], [12, 48.5]]}],
            id="sea",
            get_polygon="polygon",
            get_fill_color=SEA,
            stroked=False,
            pickable=False,
        ),
        pdk.Layer(
            "GeoJsonLayer",
            {"type": "FeatureCollection", "features": context},
            id="context",
            get_fill_color=CONTEXT_FILL,
            get_line_color=CONTEXT_LINE,
            line_width_min_pixels=1,
            stroked=True,
            filled=True,
            pickable=False,
        ),
        pdk.Layer(
            "GeoJsonLayer",
            {"type": "FeatureCollection", "features": focus},
            id="economies",
            get_fill_color="properties.fill_color",
            get_line_color="properties.line_color",
            get_line_width="properties.line_width",
            line_width_units="'pixels'",
            # no hover highlight: on a choropleth a darker fill would read as a different value
            line_width_min_pixels=0,
            stroked=True,
            filled=True,
            pickable=True,
            auto_highlight=False,
        ),
        pdk.Layer(
            "PathLayer",
            hatch,
            id="not_covered_hatch",
            get_path="path",
            get_color=PATTERN_COLOUR,
            get_width=1.2,
            width_units="'pixels'",
            pickable=False,
        ),
        pdk.Layer(
            "PathLayer",
            dashes,
            id="no_data_dashes",
            get_path="path",
            get_color=OUTLINE_DARK,
            get_width=2.2,
            width_units="'pixels'",
            pickable=False,
        ),
        pdk.Layer(
            "TextLayer",
            labels,
            id="labels",
            get_position="position",
            get_text="text",
            get_size=14,
            size_units="'pixels'",
            get_color=[17, 17, 17, 255],
            get_text_anchor="'middle'",
            get_alignment_baseline="'center'",
            font_family="'Source Sans Pro, Arial, sans-serif'",
            font_weight=600,
            background=True,
            get_background_color=[255, 255, 255, 225],
            background_padding=[5, 2],
            line_height=1.15,
            # every letter the labels use (deck.gl draws only ASCII by default: "obuhvaćeno" lost its "ć")
            character_set="'auto'",
            pickable=False,
        ),
    ]
    return CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(**VIEW),
        map_provider=None,  # no basemap; and never pass map_style (map_style=None still requests one)
        tooltip={
            "html": TOOLTIP_HTML,
            "style": {
                "backgroundColor": "#ffffff",
                "color": "#111111",
                "border": "1px solid #888",
                "maxWidth": "380px",
            },
        },
    )


def _swatch(kind: str) -> str:
    w, h = 34, 20
    body = ""
    if kind in ("hatch", "crosshatch"):
        body = f"<rect width='{w}' height='{h}' fill='#fafafa' stroke='#3c3c3c' stroke-width='1.5'/>"
        for x in range(-h, w, 6):
            body += f"<line x1='{x}' y1='{h}' x2='{x + h}' y2='0' stroke='#505050' stroke-width='1.2'/>"
            if kind == "crosshatch":
                body += f"<line x1='{x}' y1='0' x2='{x + h}' y2='{h}' stroke='#505050' stroke-width='1.2'/>"
    elif kind == "dashed":
        body = (
            f"<rect x='1' y='1' width='{w - 2}' height='{h - 2}' fill='#ffffff' stroke='#3c3c3c' "
            "stroke-width='2' stroke-dasharray='5 3'/>"
        )
    elif kind == "context":
        body = f"<rect width='{w}' height='{h}' fill='#e2e2e2' stroke='#aaaaaa'/>"
    return (
        f"<svg width='{w}' height='{h}' viewBox='0 0 {w} {h}' role='img' aria-hidden='true' "
        f"style='vertical-align:middle;overflow:hidden;flex-shrink:0'>{body}</svg>"
    )


def legend_items() -> list[tuple[str, str]]:
    """(style, explanation) for every kind of area on the map, in legend order."""
    return [
        ("hatch", _("Not covered by the source (e.g. Kosovo* in the ITU GCI) or below the coverage rule")),
        ("crosshatch", _("Not assessed, suppressed or not applicable")),
        ("dashed", _("No data: no value recorded")),
        ("context", _("Neighbouring countries (context, not scored)")),
    ]


def legend_html(title: str) -> str:
    """HTML legend: the 0-100 colour ramp and a swatch for each kind of missing value."""
    stops = ", ".join(f"{scale_hex(s)} {s}%" for s in range(0, 101, 10))
    ramp = (
        f"<div style='display:flex;align-items:center;gap:0.5rem;margin:0.2rem 0 0.5rem 0'>"
        f"<span style='font-size:1rem'>0</span>"
        f"<div style='flex:1;max-width:340px;height:18px;border:1px solid #888;"
        f"background:linear-gradient(to right, {stops})'></div>"
        f"<span style='font-size:1rem'>100</span></div>"
    )
    items = "".join(
        f"<div style='display:flex;align-items:center;gap:0.5rem;margin:0.15rem 0'>{_swatch(kind)}"
        f"<span style='font-size:1rem'>{text}</span></div>"
        for kind, text in legend_items()
    )
    return (
        f"<div class='wb6-legend' style='font-size:1rem;color:#111'>"
        f"<div style='font-weight:600'>{escape(title)}</div>{ramp}"
        f"<div style='color:#333;margin-bottom:0.3rem'>{_('Normalised score: higher is better.')}</div>"
        f"{items}</div>"
    )
