"""Trends across editions of an index, with methodology breaks drawn as breaks. Pure functions.

Each edition (or methodology) of an index is its own catalog indicator, and its own trace here:
points of one methodology are joined, points of different methodologies never are. A vertical
dashed line marks every methodology change, labelled with the method that starts there. The y axis
is the normalised 0-100 score; the hover shows the value on the edition's original scale.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from indicators.method.scoring import STATUS_LABELS
from indicators.model.catalog import Catalog
from indicators.model.economies import colour, display_name
from indicators.model.vocabulary import confidence_label
from indicators.render import flags as fl
from indicators.render.figures import FONT
from indicators.render.map_values import format_value
from indicators.text.formatting import indicator_value
from indicators.text.i18n import _, format_number


@dataclass(frozen=True)
class Segment:
    indicator_id: str
    text: str  # legend label in English, e.g. "GCI 2018 (0-1)"; translated by ``label``
    symbol: str  # plotly marker symbol, so methods differ by more than colour

    @property
    def label(self) -> str:
        return _(self.text)


@dataclass(frozen=True)
class Break:
    x: float  # where the dashed line is drawn
    starts: str  # the edition whose methodology starts there, e.g. "2020"

    @property
    def label(self) -> str:
        return _("{edition} method").format(edition=self.starts)


@dataclass(frozen=True)
class TrendIndex:
    id: str
    short: str  # e.g. "ITU GCI", used in "not covered by the ITU GCI"
    segments: tuple[Segment, ...]
    breaks: tuple[Break, ...]
    x_range: tuple[float, float]
    ticks: tuple[int, ...] = ()

    @property
    def name(self) -> str:
        if self.id == "gci":
            return _("ITU Global Cybersecurity Index: overall score, by edition")
        return _("e-Governance Academy National Cyber Security Index: score, legacy and current methodology")

    @property
    def not_covered_note(self) -> str:
        return _("not covered by the {index}").format(index=self.short)


TREND_INDEXES: dict[str, TrendIndex] = {
    "gci": TrendIndex(
        id="gci",
        short="ITU GCI",
        segments=(
            Segment("gci_2014_overall", "GCI 2014 (0-1)", "circle"),
            Segment("gci_2017_overall", "GCI 2017 (0-1)", "square"),
            Segment("gci_2018_overall", "GCI 2018 (0-1)", "diamond"),
            Segment("gci_2020_overall", "GCI 2020 (0-100)", "triangle-up"),
            Segment("gci_2024_overall", "GCI 2024 (0-100, tiers)", "star"),
        ),
        # Every GCI edition has its own questionnaire, weights and scale: a break between each pair.
        breaks=(Break(2015.5, "2017"), Break(2017.5, "2018"), Break(2019.0, "2020"), Break(2022.0, "2024")),
        x_range=(2013.2, 2025.0),
        ticks=(2014, 2017, 2018, 2020, 2024),
    ),
    "ncsi": TrendIndex(
        id="ncsi",
        short="NCSI",
        segments=(
            Segment("ncsi_legacy_score", "NCSI legacy (2016-2023)", "circle"),
            Segment("ncsi_score", "NCSI current (2023-)", "square"),
        ),
        breaks=(Break(2023.0, "2023"),),
        x_range=(2015.5, 2026.8),
        ticks=(2016, 2018, 2020, 2022, 2023, 2024, 2026),
    ),
}


def _strings_for_translation() -> None:  # never called: lets Babel extract the labels translated above
    _("GCI 2014 (0-1)"), _("GCI 2017 (0-1)"), _("GCI 2018 (0-1)"), _("GCI 2020 (0-100)")
    _("GCI 2024 (0-100, tiers)"), _("NCSI legacy (2016-2023)"), _("NCSI current (2023-)")


def _original(ind, r) -> str:
    """The value on the edition's own scale, with that scale ("0.631 / 1", "86.51 / 100")."""

    if ind is None or r["status"] != "observed":
        return format_value(ind, r)
    return indicator_value(ind, r["value"], r["value_text"])


def trend_rows(obs: pd.DataFrame, catalog: Catalog, index_id: str, economy: str) -> pd.DataFrame:
    """Preferred whole-population rows of the index's series for one economy, with segment labels."""
    idx = TREND_INDEXES[index_id]
    seg = {s.indicator_id: s for s in idx.segments}
    rows = obs[
        obs["indicator_id"].isin(list(seg))
        & (obs["economy"] == economy)
        & obs["preferred"].astype(bool)
        & (obs["group"] == "all")
        & (obs["sex"] == "total")
    ]
    out = []
    for r in rows.sort_values(["period"]).to_dict("records"):
        ind = catalog.get(r["indicator_id"])
        out.append(
            {
                "indicator_id": r["indicator_id"],
                "segment": seg[r["indicator_id"]].label,
                "period": int(r["period"]),
                "value": r["value"],
                "original": fl.mark(_original(ind, r), r.get("flag")),  # a flagged value carries its letter
                "unit": ind.unit if ind else "",
                "score": r["score"],
                "status": r["status"],
                "confidence": r["confidence"],
                "source_id": r["source_id"],
                "source_title": r.get("source_title") or r["source_id"],
                "flag": r.get("flag"),
            }
        )
    return pd.DataFrame(
        out,
        columns=[
            "indicator_id",
            "segment",
            "period",
            "value",
            "original",
            "unit",
            "score",
            "status",
            "confidence",
            "source_id",
            "source_title",
            "flag",
        ],
    )


def coverage_status(rows: pd.DataFrame) -> str:
    """'observed' when any edition has a score; else the common missing status; 'no_data' without rows."""
    if not len(rows):
        return "no_data"
    if rows["score"].notna().any():
        return "observed"
    statuses = set(rows["status"])
    return statuses.pop() if len(statuses) == 1 else "no_data"


def spaced_ticks(ticks, min_gap: int = 2) -> list[int]:
    """Year ticks at least ``min_gap`` years apart (the first and the last always kept), so that year labels
    never overlap on a narrow screen; every point still names its edition in the legend and the hover."""
    ticks = sorted(ticks)
    kept: list[int] = []
    for t in ticks:
        if not kept or t - kept[-1] >= min_gap:
            kept.append(t)
    if ticks and kept[-1] != ticks[-1]:
        if ticks[-1] - kept[-1] < min_gap and len(kept) > 1:
            kept.pop()
        kept.append(ticks[-1])
    return kept


def trend_figure(rows: pd.DataFrame, index_id: str, economy: str, *, height: int = 430) -> go.Figure:
    """One economy's editions of an index: one trace per methodology, never joined across a break."""
    idx = TREND_INDEXES[index_id]
    fig = go.Figure()
    eco_colour = colour(economy)
    observed = rows[rows["score"].notna()]
    for seg in idx.segments:
        mine = observed[observed["indicator_id"] == seg.indicator_id].sort_values("period")
        if not len(mine):
            continue
        fig.add_trace(
            go.Scatter(
                x=list(mine["period"]),
                y=[round(float(s), 2) for s in mine["score"]],
                name=seg.label,
                mode="lines+markers+text" if len(mine) > 1 else "markers+text",
                text=[f"{float(s):.0f}" for s in mine["score"]],
                textposition="top center",
                textfont=dict(size=14, color="#111111"),
                connectgaps=False,
                line=dict(color=eco_colour, width=3),
                marker=dict(symbol=seg.symbol, size=13, color=eco_colour, line=dict(color="#111111", width=1)),
                customdata=list(
                    zip(
                        mine["original"],
                        mine["unit"],
                        mine["source_title"],
                        [confidence_label(c) for c in mine["confidence"]],
                    )
                ),
                hovertemplate=(
                    f"<b>{seg.label}</b> · %{{x}}<br>"
                    + _("Normalised")
                    + ": %{y:.1f} / 100<br>"
                    + _("Original")
                    + ": %{customdata[0]}<br>"
                    + _("Source")
                    + ": %{customdata[2]}<br>"
                    + _("Confidence")
                    + ": %{customdata[3]}"
                    "<extra></extra>"
                ),
            )
        )
    for k, brk in enumerate(idx.breaks):
        fig.add_shape(
            type="line",
            x0=brk.x,
            x1=brk.x,
            y0=0,
            y1=1.0 + (0.11 if k % 2 else 0.02),
            yref="paper",
            xref="x",
            line=dict(color="#555555", width=1.5, dash="dash"),
            name=f"break {brk.x}",
            layer="below",
        )
        # Labels sit above the plot area, alternating between two rows so that close breaks stay legible.
        fig.add_annotation(
            x=brk.x,
            y=1.0 + (0.11 if k % 2 else 0.02),
            yref="paper",
            xref="x",
            text=brk.label,
            showarrow=False,
            xanchor="center",
            yanchor="bottom",
            name=f"break {brk.x}",
            font=dict(size=13, color="#333333"),
            bgcolor="rgba(255,255,255,0.9)",
        )
    status = coverage_status(rows)
    if status != "observed":
        note = idx.not_covered_note if status == "not_covered" else _(STATUS_LABELS.get(status, status))
        fig.add_annotation(
            x=0.5,
            y=0.5,
            xref="paper",
            yref="paper",
            showarrow=False,
            text=f"<b>{display_name(economy)}</b>:<br>{note}",  # two lines: fits a 390 px phone
            font=dict(size=17, color="#333333"),
            bgcolor="#f2f2f2",
            bordercolor="#888888",
            borderwidth=1,
            borderpad=8,
        )
    fig.update_layout(
        font=FONT,
        height=height,
        margin=dict(l=10, r=10, t=96, b=10),
        paper_bgcolor="white",
        plot_bgcolor="white",
        title=dict(
            text=f"<b>{display_name(economy)}</b>", font=dict(size=19, color="#111111"), x=0.01, y=0.98, yanchor="top"
        ),
        showlegend=status == "observed",
        legend=dict(orientation="h", yanchor="top", y=-0.17, x=0, font=dict(size=14)),
        # Ticks at least two years apart, upright: on a phone 2017 and 2018 would overlap ("201...").
        xaxis=dict(
            range=list(idx.x_range),
            tickvals=spaced_ticks(idx.ticks),
            gridcolor="#eeeeee",
            tickformat="d",
            tickangle=0,
            tickfont=dict(size=14, color="#222222"),
        ),
        yaxis=dict(
            range=[0, 108],
            tickvals=[0, 25, 50, 75, 100],
            gridcolor="#dddddd",
            tickfont=dict(size=14, color="#222222"),
            title=dict(text=_("Score (0-100)"), font=dict(size=14, color="#222222")),
        ),
    )
    return fig


def trend_table(obs: pd.DataFrame, catalog: Catalog, index_id: str, economies: list[str]) -> pd.DataFrame:
    """The table alternative: one row per economy, one column per edition, cells 'original (normalised)'
    or the missing status. Several values of one method (e.g. NCSI snapshots) are listed by year."""
    idx = TREND_INDEXES[index_id]
    out = []
    for eco in economies:
        rows = trend_rows(obs, catalog, index_id, eco)
        row = {_("Economy"): display_name(eco)}
        for seg in idx.segments:
            mine = rows[rows["indicator_id"] == seg.indicator_id]
            if not len(mine):
                row[seg.label] = _("no data")
                continue
            cells = []
            for r in mine.itertuples():
                if pd.notna(r.score):
                    cells.append(
                        f"{r.original} ({format_number(float(r.score), 1)} / 100)"
                        + (f" [{r.period}]" if len(mine) > 1 else "")
                    )
                else:
                    cells.append(_(STATUS_LABELS.get(r.status, r.status)))
            row[seg.label] = "; ".join(dict.fromkeys(cells))
        out.append(row)
    return pd.DataFrame(out)


def trend_summary(rows: pd.DataFrame, index_id: str, economy: str) -> str:
    """One line per economy: its editions in order, with the methodology breaks between them."""
    idx = TREND_INDEXES[index_id]
    status = coverage_status(rows)
    if status == "not_covered":
        return f"{display_name(economy)}: {idx.not_covered_note}."
    if status != "observed":
        return f"{display_name(economy)}: {_(STATUS_LABELS.get(status, status))}."
    parts = []
    for seg in idx.segments:
        mine = rows[(rows["indicator_id"] == seg.indicator_id) & rows["score"].notna()]
        if len(mine):
            parts.append(
                f"{seg.label}: "
                + ", ".join(f"{r.original} ({float(r.score):.0f}/100, {r.period})" for r in mine.itertuples())
            )
    return f"{display_name(economy)}: " + " | ".join(parts) + " (" + _("| = methodology break") + ")."
