"""Figures of the cyber hygiene and inclusion page (pure functions returning plotly figures): the survey's
practices heatmap, shares, gaps, age profile and groups, the published reference bars, and the Eurostat
dots, dumbbells and size classes. The data: :mod:`indicators.topics.hygiene`.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go

from indicators.model.economies import ECONOMY_CODES, WB6_AVERAGE_COLOUR, colour, display_name
from indicators.render import flags as fl
from indicators.render.figures import demo_watermark
from indicators.render.palette import BLUES_SCALE, MEN, TEXT, WOMEN, scale_colour, text_colour_on
from indicators.text.i18n import _, format_number, format_trimmed
from indicators.topics.hygiene.eurostat import (
    ANOMALY_MARK,
    EU_COLOUR,
    EU_GEO,
    HEADLINE_SIZE,
    SIZE_CLASSES,
    SIZE_COLOURS,
    area_name,
)
from indicators.topics.hygiene.tables import fmt_interval, fmt_share

FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=15, color=TEXT)


SUPPRESSED_COLOUR = "#d9d9d9"


SEX_COLOURS = {"female": WOMEN, "male": MEN, "total": WB6_AVERAGE_COLOUR}


def _l(values) -> list:
    """Plain Python numbers for a trace (plotly would encode pandas/numpy arrays as binary in the JSON)."""
    return [
        None if v is None or (isinstance(v, float) and math.isnan(v)) else (float(v) if not isinstance(v, str) else v)
        for v in list(values)
    ]


def _layout(fig: go.Figure, height: int, **kw) -> go.Figure:
    kw.setdefault("margin", dict(l=10, r=20, t=40, b=40))
    fig.update_layout(font=FONT, height=height, paper_bgcolor="white", plot_bgcolor="white", **kw)
    # explicit dark ticks and titles: a chart theme must not grey them out (contrast 4.5:1 or more)
    for axes in (fig.update_xaxes, fig.update_yaxes):
        axes(tickfont_color=TEXT, title_font_color=TEXT)
    fig.update_layout(legend_font_color=TEXT)
    return fig


def mark_demo(fig: go.Figure) -> go.Figure:
    """Write 'Demonstration data' on the chart itself, so an image saved from it keeps the badge."""
    margin = fig.layout.margin
    fig.update_layout(
        margin=dict(l=margin.l, r=margin.r, t=margin.t, b=(margin.b or 40) + 28), height=(fig.layout.height or 400) + 28
    )
    fig.add_annotation(
        xref="paper",
        yref="paper",
        x=1.0,
        y=0.0,
        xanchor="right",
        yanchor="top",
        yshift=-34,
        showarrow=False,
        text="⚗ " + _("Demonstration data (synthetic)"),
        font=dict(size=13, color="#9A4A00"),
        bgcolor="#FFF1E0",
        borderpad=3,
    )
    return demo_watermark(fig)  # and the watermark across the plot (issue 22)


def practices_heatmap(
    est: pd.DataFrame, labels: dict[str, str], questions: Sequence[str], height: int | None = None
) -> go.Figure:
    """Economies (columns) x questions (rows): weighted share in each cell; suppressed cells are grey
    and read "suppressed"; a cell with no respondents reads "no data" (never 0)."""
    ecos = [e for e in ECONOMY_CODES if e in set(est["economy"])]
    table = est.set_index(["question", "economy"])
    z, text, custom = [], [], []
    for q in questions:
        zr, tr, cr = [], [], []
        for e in ecos:
            if (q, e) in table.index:
                r = table.loc[(q, e)]
                zr.append(None if r["status"] != "observed" else round(float(r["share"]), 1))
                tr.append(fmt_share(r["share"], r["status"]))
                cr.append(fmt_interval(r["ci_low"], r["ci_high"], r["status"]))
            else:
                zr.append(None)
                tr.append(_("no data"))
                cr.append("—")
        z.append(zr)
        text.append(tr)
        custom.append(cr)
    y = [labels.get(q, q) for q in questions]
    x = [display_name(e).replace(" and ", " and<br>").replace("North ", "North<br>") for e in ecos]
    fig = go.Figure()
    # Grey layer underneath: shows through wherever the share is missing (suppressed or no data).
    fig.add_trace(
        go.Heatmap(
            z=[[0] * len(x) for _r in y],
            x=x,
            y=y,
            showscale=False,
            hoverinfo="skip",
            colorscale=[[0, SUPPRESSED_COLOUR], [1, SUPPRESSED_COLOUR]],
            name=_("missing"),
        )
    )
    fig.add_trace(
        go.Heatmap(
            z=z,
            x=x,
            y=y,
            text=text,
            customdata=custom,
            zmin=0,
            zmax=100,
            colorscale=BLUES_SCALE,
            colorbar=dict(title=dict(text="%"), thickness=14),
            hovertemplate="%{y}<br>%{x}: %{text}<br>95% CI %{customdata}<extra></extra>",
            name=_("share"),
            xgap=2,
            ygap=2,
        )
    )
    # cell text: black or white by the cell's own colour (4.5:1 or more); grey missing cells take black
    cx, cy, ct, cc = [], [], [], []
    for yi, (zr, tr) in enumerate(zip(z, text)):
        for xi, (v, t) in enumerate(zip(zr, tr)):
            cx.append(x[xi])
            cy.append(y[yi])
            ct.append(t)
            cc.append(text_colour_on(SUPPRESSED_COLOUR if v is None else scale_colour(v)))
    fig.add_trace(
        go.Scatter(
            x=cx,
            y=cy,
            mode="text",
            text=ct,
            textfont=dict(size=14, color=cc),
            hoverinfo="skip",
            showlegend=False,
            name="cell text",
        )
    )
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=13))
    fig.update_xaxes(side="top", tickfont=dict(size=14), tickangle=0)
    return _layout(fig, height or 90 + 34 * len(questions), showlegend=False)


def share_dots(est: pd.DataFrame, question: str, label: str, height: int = 360) -> go.Figure:
    """One question across economies: weighted share with its 95% interval; suppressed rows are labelled."""
    rows = est[est["question"] == question].copy()
    rows["order"] = rows["economy"].map(ECONOMY_CODES.index)
    rows = rows.sort_values("order")
    fig = go.Figure()
    obs = rows[rows["status"] == "observed"]
    fig.add_trace(
        go.Scatter(
            x=_l(obs["share"]),
            y=[display_name(e) for e in obs["economy"]],
            mode="markers",
            marker=dict(size=13, color=[colour(e) for e in obs["economy"]], line=dict(color="#222", width=1)),
            error_x=dict(
                type="data",
                symmetric=False,
                array=_l(obs["ci_high"] - obs["share"]),
                arrayminus=_l(obs["share"] - obs["ci_low"]),
                thickness=2,
                width=6,
                color="#444",
            ),
            name=_("weighted share"),
            hovertemplate="%{y}: %{x:.1f}%<extra></extra>",
        )
    )
    sup = rows[rows["status"] != "observed"]
    for e in sup["economy"]:
        fig.add_annotation(
            x=0,
            y=display_name(e),
            text=_("suppressed (fewer than the minimum respondents)"),
            showarrow=False,
            xanchor="left",
            font=dict(size=13, color="#555"),
        )
    fig.update_xaxes(range=[0, 100], title=dict(text=f"{label} (%)"), gridcolor="#e5e5e5", zeroline=False)
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=[display_name(e) for e in reversed(ECONOMY_CODES) if e in set(rows["economy"])],
    )
    return _layout(fig, height, showlegend=False)


def gap_forest(
    gaps: pd.DataFrame,
    label_of: Callable[[str], str],
    key: str,
    title: str,
    height: int | None = None,
    left: str = "female",
    right: str = "male",
    heading: str | None = None,
) -> go.Figure:
    """Forest plot of differences (percentage points) with 95% intervals and a zero line.

    One row per value of ``key``; suppressed rows are drawn as a label, never as a point.
    """
    rows = gaps.reset_index(drop=True)
    names = [label_of(v) for v in rows[key]]
    obs = rows[rows["status"] == "observed"]
    fig = go.Figure()
    fig.add_vline(x=0, line=dict(color="#333", width=1.5))
    colours = [
        ("#B2182B" if hi < 0 else "#2166AC" if lo > 0 else "#555555") for lo, hi in zip(obs["gap_low"], obs["gap_high"])
    ]
    fig.add_trace(
        go.Scatter(
            x=_l(obs["gap"]),
            y=[label_of(v) for v in obs[key]],
            mode="markers",
            marker=dict(size=12, color=colours, symbol="diamond", line=dict(color="#222", width=1)),
            error_x=dict(
                type="data",
                symmetric=False,
                array=_l(obs["gap_high"] - obs["gap"]),
                arrayminus=_l(obs["gap"] - obs["gap_low"]),
                thickness=2,
                width=6,
                color="#444",
            ),
            name=title,
            customdata=[[float(a), float(b)] for a, b in zip(obs["gap_low"], obs["gap_high"])],
            hovertemplate="%{y}: %{x:+.1f} pp (95% CI %{customdata[0]:+.1f} to %{customdata[1]:+.1f})<extra></extra>",
        )
    )
    for v in rows.loc[rows["status"] != "observed", key]:
        fig.add_annotation(
            x=0,
            y=label_of(v),
            text=" " + _("suppressed"),
            showarrow=False,
            xanchor="left",
            font=dict(size=13, color="#555"),
        )
    span = max([abs(v) for v in list(obs["gap_low"]) + list(obs["gap_high"]) if pd.notna(v)] + [5.0])
    span = math.ceil(span / 5.0) * 5.0
    fig.update_xaxes(
        range=[-span, span],
        zeroline=False,
        gridcolor="#e5e5e5",
        title=dict(text=title + " " + _("(percentage points)")),
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(names)), tickfont=dict(size=14))
    fig.add_annotation(
        x=-span,
        y=1.0,
        yref="paper",
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        text="◀ " + _("lower for {left}").format(left=left),
        font=dict(size=13, color="#B2182B"),
    )
    fig.add_annotation(
        x=span,
        y=1.0,
        yref="paper",
        xanchor="right",
        yanchor="bottom",
        showarrow=False,
        text=_("higher for {left}").format(left=left) + " ▶",
        font=dict(size=13, color="#2166AC"),
    )
    if heading:
        fig.update_layout(title=dict(text=heading, x=0, xanchor="left", font=dict(size=17)))
    return _layout(
        fig,
        height or 110 + 40 * len(rows) + (40 if heading else 0),
        showlegend=False,
        **({"margin": dict(l=10, r=20, t=80, b=40)} if heading else {}),
    )


def age_profile(est: pd.DataFrame, age_bands: Sequence[str], label: str, by_sex: bool, height: int = 420) -> go.Figure:
    """Share by age band (x) with 95% intervals; one line per sex or one for everyone. Suppressed
    bands leave a gap in the line (never 0) and are labelled."""
    fig = go.Figure()
    series = [("female", _("Women")), ("male", _("Men"))] if by_sex else [("total", _("Everyone"))]
    for i, (sex, name) in enumerate(series):
        mine = est if sex == "total" else est[est["sex"] == sex]
        mine = mine.set_index("value")
        y, lo, hi, text = [], [], [], []
        for band in age_bands:
            if band in mine.index and mine.loc[band, "status"] == "observed":
                r = mine.loc[band]
                y.append(float(r["share"]))
                lo.append(float(r["share"] - r["ci_low"]))
                hi.append(float(r["ci_high"] - r["share"]))
                text.append("")
            else:
                y.append(None)
                lo.append(None)
                hi.append(None)
                text.append(_("suppressed") if band in mine.index else _("no data"))
        fig.add_trace(
            go.Scatter(
                x=list(age_bands),
                y=y,
                mode="lines+markers",
                name=name,
                connectgaps=False,
                line=dict(color=SEX_COLOURS[sex], width=3, dash="solid" if i == 0 else "dash"),
                marker=dict(size=10),
                error_y=dict(type="data", symmetric=False, array=hi, arrayminus=lo, thickness=1.5, width=5),
                hovertemplate="%{x}: %{y:.1f}%<extra>" + name + "</extra>",
            )
        )
        for band, t in zip(age_bands, text):
            if t:
                fig.add_annotation(
                    x=band,
                    y=4 + 7 * i,
                    text=f"{name}: {t}" if by_sex else t,
                    showarrow=False,
                    font=dict(size=12, color="#555"),
                    textangle=0,
                )
    fig.update_yaxes(range=[0, 100], title=dict(text=f"{label} (%)"), gridcolor="#e5e5e5")
    fig.update_xaxes(title=dict(text=_("Age band")), type="category")
    return _layout(fig, height, legend=dict(orientation="h", y=-0.2, x=0.5, xanchor="center"))


def group_dots(gg: pd.DataFrame, group_labels: dict[str, str], label: str, height: int | None = None) -> go.Figure:
    """Per vulnerable group: share among its members and among the other respondents, with intervals."""
    rows = gg.reset_index(drop=True)
    names = [group_labels.get(g, g) for g in rows["dim"]]
    fig = go.Figure()
    for side, name, col, symbol in (
        ("group", _("Members of the group"), "#B35806", "circle"),
        ("rest", _("Other respondents"), "#542788", "square"),
    ):
        ok = rows[rows[f"share_{side}"].notna()]
        fig.add_trace(
            go.Scatter(
                x=_l(ok[f"share_{side}"]),
                y=[group_labels.get(g, g) for g in ok["dim"]],
                mode="markers",
                name=name,
                marker=dict(size=12, color=col, symbol=symbol, line=dict(color="#222", width=1)),
                error_x=dict(
                    type="data",
                    symmetric=False,
                    array=_l(ok[f"ci_high_{side}"] - ok[f"share_{side}"]),
                    arrayminus=_l(ok[f"share_{side}"] - ok[f"ci_low_{side}"]),
                    thickness=2,
                    width=6,
                    color=col,
                ),
                hovertemplate="%{y}: %{x:.1f}%<extra>" + name + "</extra>",
            )
        )
    for g, s in zip(rows["dim"], rows["share_group"]):
        if pd.isna(s):
            fig.add_annotation(
                x=0,
                y=group_labels.get(g, g),
                text=" " + _("members: suppressed"),
                showarrow=False,
                xanchor="left",
                font=dict(size=13, color="#555"),
            )
    fig.update_xaxes(range=[0, 100], title=dict(text=f"{label} (%)"), gridcolor="#e5e5e5")
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(names)), tickfont=dict(size=14))
    return _layout(fig, height or 140 + 55 * len(rows), legend=dict(orientation="h", y=-0.25, x=0.5, xanchor="center"))


def reference_bars(rows: pd.DataFrame, title: str, height: int = 230) -> go.Figure:
    """Real figures side by side (an economy's value and a regional average): ``rows`` has label, value,
    confidence and kind ('economy' or 'reference'). Secondary values are hatched; regional averages grey."""
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=_l(rows["value"]),
            y=["<br>".join(textwrap.wrap(str(t), 18)) for t in rows["label"]],
            orientation="h",
            cliponaxis=False,
            marker=dict(
                color=[WOMEN if k == "economy" else "#9E9E9E" for k in rows["kind"]],
                pattern=dict(shape=["" if c == "verified" else "/" for c in rows["confidence"]]),
            ),
            text=[f"{format_trimmed(v, 2)} %" for v in rows["value"]],
            textposition="outside",
            textfont=dict(size=15),
            customdata=[_(c) for c in rows["confidence"]],
            hovertemplate="%{y}: %{x:g}% (%{customdata})<extra></extra>",
        )
    )
    fig.update_xaxes(range=[0, 100], title=dict(text=title), gridcolor="#e5e5e5")
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=14))
    return _layout(fig, height, showlegend=False)


def _wb6_order(frame: pd.DataFrame) -> pd.DataFrame:
    order = {e: i for i, e in enumerate(ECONOMY_CODES)}
    return (
        frame.assign(_o=[order.get(e, 99) if g != EU_GEO else 100 for e, g in zip(frame["economy"], frame["geo"])])
        .sort_values("_o")
        .drop(columns="_o")
    )


def es_dots(picked: pd.DataFrame, eu_rows: pd.DataFrame, unit_title: str, height: int = 340) -> go.Figure:
    """One item across the six economies, each at its own year (in the label), with the EU27 value for the
    same year as a grey diamond; an economy without a value reads 'no data' (never 0)."""
    picked = picked[picked["geo"] != EU_GEO]
    eu = eu_rows[(eu_rows["geo"] == EU_GEO) & (eu_rows["status"] == "observed")].set_index("period")["value"]
    labels, xs, eux, texts, colours, hovers = [], [], [], [], [], []
    by_eco = picked.set_index("economy")
    for e in ECONOMY_CODES:
        if e in by_eco.index:
            r = by_eco.loc[e]
            anomaly = ANOMALY_MARK in str(r["note"])
            labels.append(f"{display_name(e)} ({int(r['period'])}){' †' if anomaly else ''}")
            xs.append(float(r["value"]))
            eux.append(float(eu[int(r["period"])]) if int(r["period"]) in eu.index else None)
            texts.append(fl.mark(f"{format_number(r['value'], 1)} %", r.get("flags"), html=True))
            hovers.append(fl.hover(r.get("flags")))
        else:
            hovers.append("")
            labels.append(f"{display_name(e)} ({_('no data')})")
            xs.append(None)
            eux.append(None)
            texts.append("")
        colours.append(colour(e))
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=eux,
            y=labels,
            mode="markers",
            name=_("EU27 same year"),
            marker=dict(symbol="diamond", size=13, color=EU_COLOUR),
            hovertemplate="%{y}: " + _("EU27 same year") + " %{x:.1f}%<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=labels,
            mode="markers+text",
            name=_("Economy"),
            text=texts,
            textposition="middle right",
            textfont=dict(size=14),
            cliponaxis=False,
            marker=dict(size=15, color=colours, line=dict(width=1, color="white")),
            customdata=hovers,
            hovertemplate="%{y}: %{x:.1f}%%{customdata}<extra></extra>",
        )
    )
    fig.update_xaxes(range=[0, 105], title=dict(text=unit_title), gridcolor="#e5e5e5")
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=14))
    fig = _layout(fig, height, legend=dict(orientation="h", y=1.08, x=0), margin=dict(l=10, r=30, t=40, b=50))
    return fl.annotate(fig, picked.get("flags"))


def es_dumbbell(gaps: pd.DataFrame, left_name: str, right_name: str, unit_title: str, height: int = 380) -> go.Figure:
    """Two groups per economy (and the EU27 reference, grey, last), each economy at its own year."""
    gaps = _wb6_order(gaps)
    have = set(gaps["economy"].dropna())
    labels, lx, rx, texts, lh, rh = [], [], [], [], [], []
    for r in gaps.itertuples():
        anomaly = ANOMALY_MARK in str(r.note)
        labels.append(f"{area_name(r.geo, r.economy)} ({r.period}){' †' if anomaly else ''}")
        lx.append(float(r.left))
        rx.append(float(r.right))
        lf, rf = getattr(r, "left_flag", ""), getattr(r, "right_flag", "")
        gap = _("{gap} pp").format(gap=("+" if r.gap > 0 else "") + format_number(r.gap, 1))  # as the page's text
        texts.append(fl.mark(gap, fl.combined(lf, rf), html=True))
        lh.append(fl.hover(lf))
        rh.append(fl.hover(rf))
    for e in ECONOMY_CODES:
        if e not in have:
            labels.insert(ECONOMY_CODES.index(e), f"{display_name(e)} ({_('no data')})")
            lx.insert(ECONOMY_CODES.index(e), None)
            rx.insert(ECONOMY_CODES.index(e), None)
            texts.insert(ECONOMY_CODES.index(e), "")
            lh.insert(ECONOMY_CODES.index(e), "")
            rh.insert(ECONOMY_CODES.index(e), "")
    fig = go.Figure()
    for y, a, b in zip(labels, lx, rx):
        if a is not None:
            fig.add_trace(
                go.Scatter(
                    x=[a, b],
                    y=[y, y],
                    mode="lines",
                    line=dict(color="#bdbdbd", width=3),
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
    fig.add_trace(
        go.Scatter(
            x=rx,
            y=labels,
            mode="markers",
            name=right_name,
            marker=dict(size=14, color=MEN, symbol="circle"),
            customdata=rh,
            hovertemplate="%{y}: " + right_name + " %{x:.1f}%%{customdata}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=lx,
            y=labels,
            mode="markers",
            name=left_name,
            marker=dict(size=14, color=WOMEN, symbol="square"),
            customdata=lh,
            hovertemplate="%{y}: " + left_name + " %{x:.1f}%%{customdata}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[102] * len(labels),
            y=labels,
            mode="text",
            text=texts,
            showlegend=False,
            textposition="middle right",
            textfont=dict(size=14),
            hoverinfo="skip",
            cliponaxis=False,
        )
    )
    fig.update_xaxes(
        range=[0, 118], title=dict(text=unit_title), gridcolor="#e5e5e5", tickvals=[0, 20, 40, 60, 80, 100]
    )
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=14))
    fig = _layout(fig, height, legend=dict(orientation="h", y=1.1, x=0), margin=dict(l=10, r=30, t=40, b=50))
    return fl.annotate(fig, [*gaps.get("left_flag", []), *gaps.get("right_flag", [])])


def es_size_dots(picked: pd.DataFrame, size_labels: dict[str, str], unit_title: str, height: int = 360) -> go.Figure:
    """Enterprises by size class, per economy (each at its own year) and the EU27 reference."""
    picked = _wb6_order(picked)
    fig = go.Figure()
    areas = []
    for (geo, eco), g in picked.groupby(["geo", "economy"], dropna=False, sort=False):
        areas.append((geo, eco, int(g["period"].max()), ANOMALY_MARK in " ".join(g["note"])))
    label_of = {geo: f"{area_name(geo, eco)} ({p}){' †' if a else ''}" for geo, eco, p, a in areas}
    present = {a[1] for a in areas}
    ys_missing = [f"{display_name(e)} ({_('no data')})" for e in ECONOMY_CODES if e not in present]
    order = [label_of[a[0]] for a in areas]
    for code in (HEADLINE_SIZE, *SIZE_CLASSES):
        g = picked[picked["breakdown"] == code]
        fig.add_trace(
            go.Scatter(
                x=_l(g["value"]),
                y=[label_of[x] for x in g["geo"]],
                mode="markers+text",
                text=[fl.letters(f) for f in g.get("flags", [None] * len(g))],  # the flag above its dot
                textposition="top center",
                textfont=dict(size=13, color=fl.LEGEND_COLOUR),
                cliponaxis=False,
                name=size_labels.get(code, code),
                marker=dict(
                    size=15 if code == HEADLINE_SIZE else 12,
                    color=SIZE_COLOURS[code],
                    symbol="line-ns-open" if code == HEADLINE_SIZE else "circle",
                    line=dict(width=3 if code == HEADLINE_SIZE else 0, color=SIZE_COLOURS[code]),
                ),
                customdata=[fl.hover(f) for f in g.get("flags", [None] * len(g))],
                hovertemplate="%{y}: " + size_labels.get(code, code) + " %{x:.1f}%%{customdata}<extra></extra>",
            )
        )
    if ys_missing:
        fig.add_trace(go.Scatter(x=[None] * len(ys_missing), y=ys_missing, mode="markers", showlegend=False))
    fig.update_xaxes(range=[0, 105], title=dict(text=unit_title), gridcolor="#e5e5e5")
    fig.update_yaxes(
        autorange="reversed", tickfont=dict(size=14), categoryorder="array", categoryarray=order + ys_missing
    )
    fig = _layout(
        fig,
        height + 30,
        legend=dict(orientation="h", y=1.02, x=0, yanchor="bottom"),
        margin=dict(l=10, r=30, t=80, b=50),
    )
    return fl.annotate(fig, picked.get("flags"))
