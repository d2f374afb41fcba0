"""The regional map: values per economy, a pydeck choropleth drawn offline from the shipped
GeoJSON, its legend and the ranking bar chart beside it. Pure functions, no Streamlit.

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
import math
from functools import lru_cache
from html import escape
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
from plotly.colors import sample_colorscale

from indicators.method.comparability import indicator_ranks, rank_of
from indicators.method.scoring import (
    INSUFFICIENT,
    MISSING_STATUSES,
    STATUS_LABELS,
    anomaly_text,
    display_value,
    indicators_for,
    latest_observations,
    newer_text,
    not_compared_text,
    out_of_time,
    pillar_scores,
    single_source_text,
)
from indicators.method.sensitivity import band_cell, ordinal, too_old_notes
from indicators.model.catalog import PILLAR_IDS, Catalog
from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.model.paths import PROJECT_ROOT
from indicators.model.vocabulary import CONFIDENCE_LEVELS, STATUS_SHORT, confidence_count, unranked_flag
from indicators.render.figures import FONT
from indicators.text.i18n import _, format_number, format_trimmed

GEO_PATH = PROJECT_ROOT / "data" / "geo" / "wb6.geojson"
COLORSCALE = "Viridis"

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
MISSING_ORDER = MISSING_STATUSES  # the order in which a missing status wins when economies differ
# Short labels for missing values where space is tight (map labels, heatmap cells).
MISSING_SHORT = STATUS_SHORT
HATCH_SPACING = 0.14  # degrees between hatch lines
DASH, GAP = 0.09, 0.07  # degrees along the outline

# View that shows the six economies with their neighbours (keep inside lon 12-30, lat 38-48.5).
# deck.gl's web-mercator world is 512 px wide at zoom 0: zoom 5.2 fits lat 39.4-46.4 into ~560 px and
# lon 15.5-23.3 into ~440 px, so the six economies stay whole in a half-width column.
VIEW = dict(latitude=42.95, longitude=19.4, zoom=5.2, min_zoom=4.5, max_zoom=9)


# --- geometry ------------------------------------------------------------------------------


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


# --- colours -------------------------------------------------------------------------------


def scale_rgb(score: float) -> list[int]:
    """Viridis colour of a 0-100 score as [r, g, b]."""
    share = min(max(float(score), 0.0), 100.0) / 100.0
    text = sample_colorscale(COLORSCALE, [share])[0]  # 'rgb(r, g, b)'
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


# --- values per economy --------------------------------------------------------------------


def format_value(ind, row) -> str:
    """A value on its own scale, without losing digits (0.206 stays 0.206); statuses and categories
    as :func:`indicators.method.scoring.display_value` writes them."""
    if (
        ind is None
        or row is None
        or row["status"] != "observed"
        or ind.is_categorical
        or ind.unit in ("rank", "year")
        or pd.isna(row["value"])
    ):
        return display_value(ind, row) if ind is not None else str(row["value"] if row is not None else "")
    return format_trimmed(float(f"{float(row['value']):.6g}"), 6)


def shorten(text: object, n: int = 70) -> str:
    """A title cut to ``n`` characters for tooltips (the full title is in the sources line)."""
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _periods_text(periods) -> str:
    years = sorted({int(p) for p in periods if pd.notna(p)})
    if not years:
        return "—"
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _sources_text(rows: pd.DataFrame, k: int = 2) -> str:
    if not len(rows) or "source_id" not in rows:
        return "—"
    used = rows.dropna(subset=["source_id"]).drop_duplicates("source_id")
    titles = [
        shorten(t if isinstance(t, str) and t else s)
        for t, s in zip(used.get("source_title", used["source_id"]), used["source_id"])
    ]
    text = "; ".join(titles[:k])
    if len(titles) > k:
        text += "; " + _("and {n} more").format(n=len(titles) - k)
    return text or "—"


def _confidence_text(rows: pd.DataFrame) -> str:
    if not len(rows) or "confidence" not in rows:
        return "—"
    counts = rows["confidence"].value_counts()
    return ", ".join(confidence_count(c, counts[c]) for c in CONFIDENCE_LEVELS if c in counts) or "—"


def _combined_missing_status(statuses) -> str:
    counts = pd.Series(list(statuses)).value_counts()
    if not len(counts):
        return "no_data"
    best = max(counts.index, key=lambda s: (counts[s], -MISSING_ORDER.index(s) if s in MISSING_ORDER else -99))
    return best if best in STATUS_LABELS else "no_data"


def status_label(status: str) -> str:
    return _(STATUS_LABELS.get(status, status))


def short_status(status: str) -> str:
    return _(MISSING_SHORT.get(status, STATUS_LABELS.get(status, status)))


def _strings_for_translation() -> None:  # never called: lets Babel extract labels translated at use
    _("not covered"), _("not assessed"), _("suppressed"), _("not applicable"), _("no data")
    _("not covered by the source"), _("suppressed (sample too small)"), _("observed"), _("insufficient data")


COLUMNS = [
    "economy",
    "name",
    "status",
    "score",
    "value_text",
    "short_text",
    "period_text",
    "source_text",
    "confidence_text",
    "source_ids",
    "synthetic",
    "coverage",
    "rank",
    "band",
    "rank_note",  # why an economy with a score is not ranked ('' when ranked or without a score)
    "rank_note_short",  # the same in a few words, for the ranking chart ('2020: not ranked')
]


def pillar_map_values(
    obs: pd.DataFrame,
    catalog: Catalog,
    pillar: str,
    as_of: int | None = None,
    include_synthetic: bool = False,
    bands: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per economy: the index-lens pillar score (NaN when missing or below the coverage rule),
    its coverage "n of m", rank and rank band (from :func:`indicators.method.sensitivity.rank_bands`, if given),
    status and provenance texts. Below the rule the status is ``insufficient_data``: hatched, unranked."""
    scores = pillar_scores(obs, catalog, as_of, include_synthetic)
    too_old = out_of_time(scores)
    scores = scores[scores["pillar"] == pillar].set_index("economy")
    members = [
        i for i in indicators_for(obs, catalog, as_of, include_synthetic=include_synthetic) if i.pillar == pillar
    ]
    latest = latest_observations(obs, [i.id for i in members], as_of, include_synthetic)
    band_of = {} if bands is None else {r.economy: band_cell(r) for r in bands[bands["pillar"] == pillar].itertuples()}
    rows = []
    for eco in ECONOMY_CODES:
        mine = latest[latest["economy"] == eco]
        used = mine.dropna(subset=["score"])
        n, m = int(scores.loc[eco, "n"]), int(scores.loc[eco, "m"])
        ok = bool(scores.loc[eco, "meets_rule"])
        score = float(scores.loc[eco, "score"]) if ok else float("nan")
        rank = scores.loc[eco, "rank"]
        band = band_of.get(eco, "") if ok else ""
        coverage = _("{n} of {m}").format(n=n, m=m)
        rank_note = rank_note_short = ""
        if (eco, pillar) in too_old:
            year, first, last = too_old[(eco, pillar)]
            rank_note, rank_note_short = too_old_notes(year, first, last)
        if ok:
            status = "observed"
            value_text = (
                f"{format_number(score, 1)} / 100 · "
                + _("{n} of {m} indicators").format(n=n, m=m)
                + (
                    " · " + _("rank {rank}").format(rank=rank_of(ordinal(rank), scores["rank"].notna().sum()))
                    if pd.notna(rank)
                    else ""
                )
                + (" (" + _("band {band}").format(band=band) + ")" if band else "")
                + (f" · {rank_note}" if rank_note else "")
                + (f" · {single}" if (single := single_source_text(scores.loc[eco])) else "")
            )
            short = f"{score:.0f} ({n}/{m})"
        elif n or scores.loc[eco, "not_compared"]:  # values left out by the comparison rule: insufficient
            status = INSUFFICIENT
            have = set(used["indicator_id"])
            missing = [catalog.get(i.id).name for i in members if i.id not in have]
            value_text = _("insufficient data ({n} of {m}; the rule needs {k})").format(
                n=n, m=m, k=int(scores.loc[eco, "needed"])
            ) + ("; " + _("missing: {names}").format(names="; ".join(missing)) if missing else "")
            value_text += f"; {nc}" if (nc := not_compared_text(scores.loc[eco])) else ""
            short = _("insufficient ({n}/{m})").format(n=n, m=m)
        else:
            status = _combined_missing_status(mine["status"]) if len(mine) else "no_data"
            details = "; ".join(
                f"{catalog.get(r.indicator_id).name if catalog.get(r.indicator_id) else r.indicator_id}:"
                f" {status_label(r.status)}"
                for r in mine.itertuples()
            )
            value_text = (
                status_label(status)
                + " ("
                + _("{n} of {m}").format(n=0, m=m)
                + ")"
                + (f": {details}" if details else "")
            )
            short = short_status(status)
        provenance = used if n else mine
        rows.append(
            {
                "economy": eco,
                "name": display_name(eco),
                "status": status,
                "score": score,
                "value_text": value_text,
                "short_text": short,
                "period_text": _periods_text(provenance["period"]) if len(provenance) else "—",
                "source_text": _sources_text(provenance),
                "confidence_text": _confidence_text(provenance),
                "source_ids": sorted(provenance["source_id"].dropna().unique().tolist()) if len(provenance) else [],
                "synthetic": bool((provenance["confidence"] == "synthetic").any()) if len(provenance) else False,
                "coverage": coverage,
                "rank": rank if ok else pd.NA,
                "band": band,
                "rank_note": rank_note,
                "rank_note_short": rank_note_short,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def indicator_map_values(
    obs: pd.DataFrame, catalog: Catalog, indicator_id: str, as_of: int | None = None, include_synthetic: bool = True
) -> pd.DataFrame:
    """One row per economy: the latest value of one indicator dated by ``as_of`` and its normalised score."""
    ind = catalog.get(indicator_id)
    latest = latest_observations(obs, [indicator_id], as_of, include_synthetic)
    rows = []
    for eco in ECONOMY_CODES:
        mine = latest[latest["economy"] == eco]
        row = mine.iloc[0] if len(mine) else None
        if row is None:
            status, score = "no_data", float("nan")
        else:
            status = str(row["status"])
            score = float(row["score"]) if pd.notna(row["score"]) else float("nan")
            if status == "observed" and pd.isna(score):
                status = "no_data"
        if status == "observed":
            from indicators.text.formatting import indicator_value, score_with_scale

            shown = indicator_value(ind, row["value"], row["value_text"]) if ind else format_value(ind, row)
            value_text = (
                shown
                if shown == score_with_scale(score, decimals=2)
                or (ind and not ind.is_categorical and ind.min == 0 and ind.max == 100)
                else (f"{shown} · " + _("normalised") + f" {score_with_scale(score)}")
            )
            value_text += newer_text(row)  # a newer row without a value, shown beside (not-assessed rule)
            short = f"{score:.0f}"
        else:
            value_text = status_label(status)
            if row is not None and anomaly_text(row):  # shown with the data's own note, never scored
                value_text = format_value(ind, row) + anomaly_text(row)
            short = short_status(status)
        rows.append(
            {
                "economy": eco,
                "name": display_name(eco),
                "status": status,
                "score": score,
                "value_text": value_text,
                "short_text": short,
                "period_text": str(int(row["period"])) if row is not None else "—",
                "source_text": _sources_text(mine),
                "confidence_text": _confidence_text(mine),
                "source_ids": sorted(mine["source_id"].dropna().unique().tolist()),
                "synthetic": bool((mine["confidence"] == "synthetic").any()),
                "coverage": "",
                "rank": pd.NA,
                "rank_note": "",
                "rank_note_short": "",
                "band": "",
                "_period": int(row["period"]) if row is not None and status == "observed" else None,
                "_unranked": status == "observed" and unranked_flag(row.get("flag")),
            }
        )
    out = pd.DataFrame(rows)
    # The one comparison rule (comparability.indicator_ranks): 'rank 2nd of 5' among the comparable values; a
    # value too old or of low reliability (u) is shown with why, not ranked; a status fact is never ranked.
    ranked = indicator_ranks(latest, catalog).reindex(out["economy"]).set_index(out.index)
    out["rank"], out["rank_note"], out["rank_note_short"] = (
        ranked["rank"],
        ranked["note"].fillna(""),
        ranked["note_short"].fillna(""),
    )
    extra = ranked["rank_text"].fillna("").where(out["rank"].notna(), out["rank_note"])
    out["value_text"] = out["value_text"] + [f" · {t}" if t else "" for t in extra]
    return out.drop(columns=["_period", "_unranked"])[COLUMNS]


def map_indicator_options(obs: pd.DataFrame, catalog: Catalog) -> list[str]:
    """Indicators that can colour the map: in the catalog, with at least one normalised score."""
    scored = set(obs.loc[obs["score"].notna(), "indicator_id"])
    ids = [i for i in catalog.indicators if i in scored]
    order = {"headline": -1}
    order.update({p: k for k, p in enumerate(PILLAR_IDS)})
    return sorted(ids, key=lambda i: (order.get(catalog.get(i).pillar, 99), catalog.get(i).name))


def indicator_periods(obs: pd.DataFrame, indicator_id: str) -> list[int]:
    """The periods of an indicator, newest first."""
    return sorted({int(p) for p in obs.loc[obs["indicator_id"] == indicator_id, "period"].dropna()}, reverse=True)


# --- the deck ------------------------------------------------------------------------------


class CompactDeck(pdk.Deck):
    """A pydeck Deck whose JSON (what st.pydeck_chart sends to every visitor) has no indentation: pydeck
    indents by two spaces, which makes the overview map 308 kB instead of 58 kB a page view."""

    def to_json(self) -> str:
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


# --- legend --------------------------------------------------------------------------------


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


# --- ranking -------------------------------------------------------------------------------


def ranking_order(values: pd.DataFrame) -> pd.DataFrame:
    """Economies with a value, best first (ties by name), then those with a value too old to rank (see
    scoring.MAX_PERIOD_GAP), then the missing ones in the usual order."""
    have = values[values["status"] == "observed"].dropna(subset=["score"])
    unranked = have["rank_note"].fillna("").astype(bool) if "rank_note" in have else False
    have = have.assign(_late=unranked).sort_values(["_late", "score", "name"], ascending=[True, False, True])
    have = have.drop(columns="_late")
    missing = values[~values["economy"].isin(have["economy"])]
    missing = missing.assign(_o=[ECONOMY_CODES.index(c) for c in missing["economy"]]).sort_values("_o")
    return pd.concat([have, missing.drop(columns="_o")], ignore_index=True)


def ranking_bar(values: pd.DataFrame, title: str = "", height: int | None = None) -> go.Figure:
    """Horizontal bars of the map's values, best on top, in the map's colours. Missing economies are
    listed at the bottom with their status written out, never drawn as a 0 bar."""
    ordered = ranking_order(values)
    observed = ordered["status"].eq("observed") & ordered["score"].notna()
    names = list(ordered["name"])
    xs = [float(s) if ok else None for s, ok in zip(ordered["score"], observed)]
    colours = [scale_hex(s) if ok else "#ffffff" for s, ok in zip(ordered["score"], observed)]
    cover = list(ordered["coverage"]) if "coverage" in ordered else [""] * len(names)
    bands = list(ordered["band"]) if "band" in ordered else [""] * len(names)
    notes = list(ordered["rank_note_short"].fillna("")) if "rank_note_short" in ordered else [""] * len(names)
    texts = []
    for x, c, b, note in zip(xs, cover, bands, notes):
        if x is None:
            texts.append("")
            continue
        if note:  # a value too old to rank: its year, and no place in the order
            texts.append(f"{format_number(x, 1)} ({note})")
            continue
        # compact, so it fits beside the bar in a half-width column: "91.9 (1/1; 1st-2nd)"
        extra = "; ".join(
            t
            for t in (c.replace(f" {_('of')} ", "/") if isinstance(c, str) else "", b if isinstance(b, str) else "")
            if t
        )
        texts.append(format_number(x, 1) + (f" ({extra})" if extra else ""))
    fig = go.Figure(
        go.Bar(
            x=xs,
            y=names,
            orientation="h",
            marker=dict(color=colours, line=dict(color="#333333", width=1)),
            text=texts,
            textposition="outside",
            textfont=dict(size=15 if any(isinstance(c, str) and c for c in cover) else 16),
            cliponaxis=False,
            name=title or _("Score"),
            customdata=list(
                zip(ordered["value_text"], ordered["period_text"], ordered["source_text"], ordered["confidence_text"])
            ),
            hovertemplate=(
                "<b>%{y}</b><br>%{customdata[0]}<br>"
                + _("Period")
                + ": %{customdata[1]}<br>"
                + _("Source")
                + ": %{customdata[2]}<br>"
                + _("Confidence")
                + ": %{customdata[3]}"
                "<extra></extra>"
            ),
        )
    )
    for name, ok, status, short in zip(names, observed, ordered["status"], ordered["short_text"]):
        if not ok:
            label = short if status == INSUFFICIENT else short_status(status)
            fig.add_annotation(
                x=1,
                y=name,
                xref="x",
                yref="y",
                xanchor="left",
                showarrow=False,
                text=f"<i>{label}</i>",
                font=dict(size=15, color="#444444"),
            )
    fig.update_layout(
        font=FONT,
        height=height or 90 + 62 * len(names),
        margin=dict(l=6, r=36, t=40 if title else 10, b=40),
        title=dict(text=title, font=dict(size=17)) if title else None,
        paper_bgcolor="white",
        plot_bgcolor="white",
        showlegend=False,
        bargap=0.3,
        xaxis=dict(
            range=[0, 200 if any(isinstance(c, str) and c for c in cover) else 112],
            tickvals=[0, 50, 100],
            tickangle=0,
            gridcolor="#dddddd",
            tickfont=dict(size=14, color="#222222"),
            title=dict(text=_("Score (0-100)"), font=dict(size=15, color="#222222")),
            zeroline=True,
            zerolinecolor="#888888",
        ),
        yaxis=dict(
            autorange="reversed", tickfont=dict(size=16, color="#111111"), categoryorder="array", categoryarray=names
        ),
    )
    return fig


def text_summary(values: pd.DataFrame, what: str) -> str:
    """One sentence per map: the order of the economies and which are missing, and why."""
    ordered = ranking_order(values)
    have = ordered[ordered["status"].eq("observed") & ordered["score"].notna()]
    parts = [
        f"{r.name} {format_number(r.score, 1)}"
        + (
            f" ({'; '.join(t for t in (getattr(r, 'coverage', ''), getattr(r, 'rank_note_short', '')) if t)})"
            if getattr(r, "coverage", "") or getattr(r, "rank_note_short", "")
            else ""
        )
        for r in have.itertuples()
    ]
    text = f"{what}: " + (", ".join(parts) if parts else _("no economy has a value")) + "."
    missing = ordered[~ordered["economy"].isin(have["economy"])]
    if len(missing):
        text += (
            " "
            + "; ".join(
                f"{r.name}: {r.short_text if r.status == INSUFFICIENT else status_label(r.status)}"
                for r in missing.itertuples()
            )
            + "."
        )
    return text
