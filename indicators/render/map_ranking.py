"""The ranking bar chart beside the map and its text alternative: economies with a value best first, then
those with a value too old to rank, then the missing ones with their status written out (never a 0 bar).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from indicators.method.scoring import INSUFFICIENT
from indicators.model.economies import ECONOMY_CODES
from indicators.render.figures import FONT
from indicators.render.map_geometry import scale_hex
from indicators.render.map_values import short_status, status_label
from indicators.text.i18n import _, format_number


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
