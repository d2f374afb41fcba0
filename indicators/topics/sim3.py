"""SIM3 self-assessments: the model, category scores, the derived tier, trends and figures.

Pure functions over the warehouse table ``sim3_assessments`` (one row per team, assessment date and
parameter). The model (parameters, level scale, tier thresholds, citations) is data in
``indicators/topics/sim3_model.yaml``; see the honesty notes there.

Method (also stated on the CERT page):
- A parameter's level is an integer 0-4 on the SIM3 scale. A parameter left blank in the template is
  *not assessed*: it has no level, it is never read as 0, and it is left out of every mean.
- Category score: the mean level of the category's assessed parameters (0-4), with coverage n of m.
- Tier: the project's documented rule in ``tier_rule`` (every parameter at or above the tier's
  minimum; highest tier met). Only a complete assessment has a tier.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from indicators.model import safe_yaml
from indicators.model.economies import ECONOMY_CODES, colour, display_name
from indicators.model.export import to_csv_bytes
from indicators.text.i18n import _, format_number

if TYPE_CHECKING:  # pragma: no cover
    import plotly.graph_objects as go

MODEL_PATH = Path(__file__).with_name("sim3_model.yaml")
TABLE = "sim3_assessments"
TEMPLATE_COLUMNS = [
    "team",
    "economy",
    "assessment_date",
    "parameter_id",
    "parameter_name",
    "level",
    "assessor",
    "confidence",
    "source_id",
    "note",
]
TABLE_COLUMNS = [
    "team",
    "economy",
    "assessment_date",
    "parameter_id",
    "category",
    "parameter_name",
    "level",
    "status",
    "assessor",
    "note",
    "confidence",
    "source_id",
    "dataset",
]
NOT_DERIVABLE = "not_derivable"
BELOW = "below_basic"
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=15, color="#1a1a1a")
CATEGORY_COLOURS = {"O": "#0072B2", "H": "#009E73", "T": "#D55E00", "P": "#CC79A7"}
LEVEL_SCALE = [[0.0, "#deebf7"], [0.25, "#9ecae1"], [0.5, "#4292c6"], [0.75, "#2171b5"], [1.0, "#08306b"]]


@dataclass(frozen=True)
class Parameter:
    id: str
    category: str
    name: str
    provisional: bool = True
    evidence: str = "U"
    note: str = ""


@dataclass(frozen=True)
class Level:
    level: int
    label: str
    wording: str


@dataclass(frozen=True)
class Tier:
    id: str
    name: str
    default: int
    category_min: dict = field(default_factory=dict)
    parameter_min: dict = field(default_factory=dict)

    def minimum(self, param: Parameter) -> int:
        if param.id in self.parameter_min:
            return int(self.parameter_min[param.id])
        if param.category in self.category_min:
            return int(self.category_min[param.category])
        return int(self.default)


@dataclass(frozen=True)
class Sim3Model:
    version: str
    parameters: tuple[Parameter, ...]
    categories: dict  # id -> name, in order O, H, T, P
    levels: tuple[Level, ...]
    tiers: tuple[Tier, ...]  # lowest first
    rule: dict
    sources: tuple[dict, ...]
    names_provisional: bool
    names_note: str

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.parameters]

    def param(self, pid: str) -> Parameter | None:
        return next((p for p in self.parameters if p.id == pid), None)

    def in_category(self, cat: str) -> list[Parameter]:
        return [p for p in self.parameters if p.category == cat]

    def level_label(self, level) -> str:
        if level is None or (isinstance(level, float) and math.isnan(level)) or level is pd.NA:
            return _("not assessed")
        return _(next((lv.label for lv in self.levels if lv.level == int(level)), str(level)))

    def tier_name(self, tier_id: str) -> str:
        """The tier's name in the current language (the model file's names are message ids)."""
        if tier_id == NOT_DERIVABLE:
            return _("Not derivable")
        if tier_id == BELOW:
            return _(self.rule.get("below_first_tier", "Below basic"))
        return _(next((t.name for t in self.tiers if t.id == tier_id), tier_id))


class ModelError(ValueError):
    """The model file itself is malformed (a developer error)."""


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> Sim3Model:
    doc = safe_yaml.loads(Path(path).read_text(encoding="utf-8"))
    cats = {c["id"]: c["name"] for c in doc["categories"]}
    params = tuple(
        Parameter(
            id=p["id"],
            category=p["category"],
            name=p["name"],
            provisional=bool(p.get("provisional", True)),
            evidence=p.get("evidence", "U"),
            note=p.get("note", ""),
        )
        for p in doc["parameters"]
    )
    ids = [p.id for p in params]
    if len(set(ids)) != len(ids):
        raise ModelError("a SIM3 parameter id is listed twice")
    if any(p.category not in cats for p in params):
        raise ModelError("a SIM3 parameter has an unknown category")
    levels = tuple(Level(int(lv["level"]), lv["label"], lv["wording"]) for lv in doc["levels"])
    rule = dict(doc["tier_rule"])
    tiers = tuple(
        Tier(
            id=t["id"],
            name=t["name"],
            default=int(t["default"]),
            category_min=dict(t.get("category_min") or {}),
            parameter_min=dict(t.get("parameter_min") or {}),
        )
        for t in rule.pop("tiers")
    )
    for t in tiers:
        if set(t.parameter_min) - set(ids) or set(t.category_min) - set(cats):
            raise ModelError(f"tier {t.id} names an unknown parameter or category")
    return Sim3Model(
        version=doc["version"],
        parameters=params,
        categories=cats,
        levels=levels,
        tiers=tiers,
        rule=rule,
        sources=tuple(doc.get("sources") or []),
        names_provisional=bool(doc.get("names_provisional", True)),
        names_note=doc.get("names_note", ""),
    )


# ---------------------------------------------------------------------------------------------------
# Assessments


def empty_table() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="Int64" if c == "level" else "str") for c in TABLE_COLUMNS})


def assessments_index(df: pd.DataFrame) -> pd.DataFrame:
    """One row per assessment (team, date, dataset): economy, confidence, parameters assessed, assessor."""
    if df is None or not len(df):
        return pd.DataFrame(
            columns=["team", "economy", "assessment_date", "dataset", "confidence", "assessed", "assessor"]
        )
    grp = df.groupby(["team", "economy", "assessment_date", "dataset", "confidence"], as_index=False, sort=True)
    out = grp.agg(
        assessed=("level", lambda s: int(s.notna().sum())),
        assessor=("assessor", lambda s: ", ".join(sorted({str(a) for a in s.dropna() if str(a)}))),
    )
    return _by_economy(out, ["team", "assessment_date"])


def _by_economy(df: pd.DataFrame, then: list[str]) -> pd.DataFrame:
    """Sort in the dashboard's economy order (ALB, BIH, XKX, MNE, MKD, SRB), then by ``then``."""
    order = {c: i for i, c in enumerate(ECONOMY_CODES)}
    return (
        df.assign(_eco=df["economy"].map(order))
        .sort_values(["_eco", *then], kind="stable")
        .drop(columns="_eco")
        .reset_index(drop=True)
    )


def select_assessment(df: pd.DataFrame, team: str, date: str) -> pd.DataFrame:
    """The rows of one assessment. If two datasets hold the same team and date, real data wins over demo."""
    rows = df[(df["team"] == team) & (df["assessment_date"] == date)]
    if rows["dataset"].nunique() > 1:
        order = {"verified": 0, "secondary": 1, "synthetic": 2}
        best = min(
            rows["dataset"].unique(), key=lambda d: (order.get(rows[rows["dataset"] == d]["confidence"].iloc[0], 3), d)
        )
        rows = rows[rows["dataset"] == best]
    return rows.reset_index(drop=True)


def levels_by_parameter(assessment: pd.DataFrame) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for pid, lvl in zip(assessment["parameter_id"], assessment["level"]):
        out[pid] = None if pd.isna(lvl) else int(lvl)
    return out


def category_scores(assessment: pd.DataFrame, model: Sim3Model | None = None) -> pd.DataFrame:
    """Per category: mean level of the assessed parameters (0-4, NaN when none), n assessed, m in model."""
    model = model or load_model()
    levels = levels_by_parameter(assessment)
    rows = []
    for cat, name in model.categories.items():
        members = model.in_category(cat)
        vals = [levels[p.id] for p in members if levels.get(p.id) is not None]
        rows.append(
            {
                "category": cat,
                "name": name,
                "mean": round(sum(vals) / len(vals), 2) if vals else float("nan"),
                "n": len(vals),
                "m": len(members),
            }
        )
    return pd.DataFrame(rows)


@dataclass
class TierResult:
    tier: str  # a tier id, BELOW or NOT_DERIVABLE
    name: str
    not_assessed: list[str]
    # for the next tier up (None at the top or when not derivable): the parameters below its minimum
    next_tier: str | None
    blockers: list[dict]


def tier_thresholds(model: Sim3Model | None = None) -> pd.DataFrame:
    """The rule as a table: parameter, category, name and the minimum level of each tier."""
    model = model or load_model()
    return pd.DataFrame(
        [
            {
                "parameter_id": p.id,
                "category": model.categories[p.category],
                "name": p.name,
                **{f"{t.id}_min": t.minimum(p) for t in model.tiers},
            }
            for p in model.parameters
        ]
    )


def derive_tier(assessment: pd.DataFrame, model: Sim3Model | None = None) -> TierResult:
    """Apply the project's tier rule (see ``tier_rule`` in the model) to one assessment."""
    model = model or load_model()
    levels = levels_by_parameter(assessment)
    missing = [p.id for p in model.parameters if levels.get(p.id) is None]
    if missing and model.rule.get("requires_complete_assessment", True):
        return TierResult(NOT_DERIVABLE, model.tier_name(NOT_DERIVABLE), missing, None, [])
    reached = BELOW
    for tier in model.tiers:
        if all(levels[p.id] is not None and levels[p.id] >= tier.minimum(p) for p in model.parameters):
            reached = tier.id
        else:
            break
    ids = [t.id for t in model.tiers]
    nxt = (
        model.tiers[0]
        if reached == BELOW
        else (model.tiers[ids.index(reached) + 1] if ids.index(reached) + 1 < len(ids) else None)
    )
    blockers = []
    if nxt is not None:
        for p in model.parameters:
            need = nxt.minimum(p)
            if levels[p.id] is not None and levels[p.id] < need:
                blockers.append({"parameter_id": p.id, "name": p.name, "level": levels[p.id], "required": need})
    return TierResult(reached, model.tier_name(reached), missing, None if nxt is None else nxt.id, blockers)


def team_summary(df: pd.DataFrame, model: Sim3Model | None = None) -> pd.DataFrame:
    """One row per assessment: category means, overall mean, coverage, tier and provenance."""
    model = model or load_model()
    cols = [
        "team",
        "economy",
        "assessment_date",
        *model.categories,
        "overall",
        "assessed",
        "parameters",
        "tier",
        "tier_name",
        "confidence",
        "dataset",
    ]
    if df is None or not len(df):
        return pd.DataFrame(columns=cols)
    rows = []
    keys = ["team", "economy", "assessment_date", "dataset", "confidence"]
    for (team, economy, date, dataset, confidence), grp in df.groupby(keys, sort=False):
        levels = levels_by_parameter(grp)
        means = {}
        for cat in model.categories:
            vals = [levels[p.id] for p in model.in_category(cat) if levels.get(p.id) is not None]
            means[cat] = round(sum(vals) / len(vals), 2) if vals else float("nan")
        vals = [v for v in levels.values() if v is not None]
        tier = derive_tier(grp, model)
        rows.append(
            {
                "team": team,
                "economy": economy,
                "assessment_date": date,
                **means,
                "overall": round(sum(vals) / len(vals), 2) if vals else float("nan"),
                "assessed": len(vals),
                "parameters": len(model.parameters),
                "tier": tier.tier,
                "tier_name": tier.name,
                "confidence": confidence,
                "dataset": dataset,
            }
        )
    return _by_economy(pd.DataFrame(rows, columns=cols), ["team", "assessment_date"])


def latest_per_team(summary: pd.DataFrame) -> pd.DataFrame:
    """The latest assessment of each team (real data first when a team has both on the same date)."""
    if not len(summary):
        return summary
    order = summary.assign(_real=(summary["confidence"] != "synthetic"))
    order = order.sort_values(["team", "assessment_date", "_real"], kind="stable")
    return _by_economy(order.groupby("team").tail(1).drop(columns="_real"), ["team"])


def trend(summary: pd.DataFrame, team: str) -> pd.DataFrame:
    """The assessments of one team in date order (category means, overall, tier)."""
    return summary[summary["team"] == team].sort_values("assessment_date", kind="stable").reset_index(drop=True)


def assessment_frame(assessment: pd.DataFrame, model: Sim3Model | None = None) -> pd.DataFrame:
    """One assessment in the template's columns (with its confidence), every model parameter listed;
    ``level`` stays a number (blank when not assessed)."""
    model = model or load_model()
    by_id = {r["parameter_id"]: r for _i, r in assessment.iterrows()}
    first = assessment.iloc[0] if len(assessment) else None

    def head(col: str) -> str:
        return "" if first is None or pd.isna(first[col]) else str(first[col])

    rows = []
    for p in model.parameters:
        r = by_id.get(p.id)
        rows.append(
            {
                "team": head("team"),
                "economy": head("economy"),
                "assessment_date": head("assessment_date"),
                "parameter_id": p.id,
                "parameter_name": p.name,
                "level": pd.NA if r is None or pd.isna(r["level"]) else int(r["level"]),
                "assessor": "" if r is None or pd.isna(r["assessor"]) else str(r["assessor"]),
                "confidence": head("confidence"),
                "source_id": head("source_id"),
                "note": "" if r is None or pd.isna(r["note"]) else str(r["note"]),
            }
        )
    out = pd.DataFrame(rows, columns=TEMPLATE_COLUMNS)
    out["level"] = out["level"].astype("Int64")
    return out


def assessment_export(assessment: pd.DataFrame, model: Sim3Model | None = None) -> bytes:
    """:func:`assessment_frame` as CSV through the project's one protected writer (indicators.model.export.to_csv_bytes):
    text cells that a spreadsheet would run as a formula are neutralised, numbers are untouched."""

    return to_csv_bytes(assessment_frame(assessment, model))


# ---------------------------------------------------------------------------------------------------
# Figures (pure: they return plotly figures and are unit-tested)


def _tick(lv: Level) -> str:
    """Axis label of a level: the number in bold over its short label, one word a line, so that neighbouring
    labels never run together ("Not availableImplicit", issue 22)."""
    return f"<b>{lv.level}</b><br>" + "<br>".join(_(lv.label).split())


def heatmap(assessment: pd.DataFrame, model: Sim3Model | None = None, title: str | None = None) -> go.Figure:
    """Parameters (rows, grouped by category, O-1 at the top) x levels 0-4 (columns).

    A cell is filled when the parameter reaches that level, coloured by the level; the reached level is
    marked with its number. A parameter that was not assessed has no filled cell and its row label says
    so: missing is never drawn as level 0.
    """
    import plotly.graph_objects as go  # imported here: the ETL uses this module without figures

    model = model or load_model()
    levels = levels_by_parameter(assessment)
    scale = [lv.level for lv in model.levels]
    params = list(model.parameters)
    y = [f"{p.id} {p.name}" + ("" if levels.get(p.id) is not None else f" ({_('not assessed')})") for p in params]
    z, text, hover = [], [], []
    for p in params:
        lvl = levels.get(p.id)
        z.append([lv if lvl is not None and lv <= lvl else None for lv in scale])
        text.append([str(lv) if lvl is not None and lv == lvl else "" for lv in scale])
        hover.append(
            [
                f"{p.id} {p.name}<br>{_('Level')} {lv}: {model.level_label(lv)}<br>"
                + (f"{_('Assessed level')}: {lvl} ({model.level_label(lvl)})" if lvl is not None else _("not assessed"))
                for lv in scale
            ]
        )
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[_tick(lv) for lv in model.levels],
            y=y,
            text=text,
            texttemplate="%{text}",
            textfont=dict(size=13, color="white"),
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            colorscale=LEVEL_SCALE,
            zmin=0,
            zmax=4,
            showscale=False,
            xgap=2,
            ygap=2,
            hoverongaps=False,
            name=_("Level reached"),
        )
    )
    # category separators and labels
    shapes, annotations = [], []
    start = 0
    for cat, name in model.categories.items():
        n = len(model.in_category(cat))
        if start:
            shapes.append(
                dict(
                    type="line",
                    xref="paper",
                    x0=0,
                    x1=1,
                    y0=start - 0.5,
                    y1=start - 0.5,
                    line=dict(color="#333", width=2),
                )
            )
        annotations.append(
            dict(
                xref="paper",
                x=1.01,
                y=start + (n - 1) / 2,
                text=f"<b>{cat}</b> {_(name)}",
                showarrow=False,
                xanchor="left",
                textangle=90,
                font=dict(size=14, color=CATEGORY_COLOURS[cat]),
            )
        )
        start += n
    fig.update_layout(
        font=FONT,
        height=max(420, 22 * len(params) + 170),
        margin=dict(l=10, r=60, t=(110 if title else 80), b=10),
        paper_bgcolor="white",
        plot_bgcolor="#f4f4f4",
        shapes=shapes,
        annotations=annotations,
        title=dict(text=title, font=dict(size=17)) if title else None,
        xaxis=dict(side="top", tickfont=dict(size=12), tickangle=0, fixedrange=True),
        yaxis=dict(autorange="reversed", tickfont=dict(size=12), fixedrange=True, automargin=True),
    )
    return fig


def radar(
    series: list[tuple[str, pd.DataFrame, str, str]], model: Sim3Model | None = None, height: int = 460
) -> go.Figure:
    """Category radar on the 0-4 scale. ``series``: (name, category_scores frame, colour, dash).

    A category with no assessed parameter is a gap (None), never 0; its axis label says 'no data'.
    """
    import plotly.graph_objects as go  # imported here: the ETL uses this module without figures

    model = model or load_model()
    fig = go.Figure()
    first = series[0][1].set_index("category") if series else None
    theta = []
    for cat, name in model.categories.items():
        label = f"{cat}<br>{_(name)}"
        if first is not None:
            n, m = int(first.loc[cat, "n"]), int(first.loc[cat, "m"])
            label += f"<br>({_('no data')})" if n == 0 else "<br>(" + _("{n} of {m}").format(n=n, m=m) + ")"
        theta.append(label)
    for name, scores, col, dash in series:
        s = scores.set_index("category")
        r = [None if pd.isna(s.loc[c, "mean"]) else float(s.loc[c, "mean"]) for c in model.categories]
        fig.add_trace(
            go.Scatterpolar(
                r=r + r[:1],
                theta=theta + theta[:1],
                name=name,
                mode="lines+markers",
                connectgaps=False,
                line=dict(color=col, width=3 if dash == "solid" else 2, dash=dash),
                marker=dict(size=8),
                fill="toself" if dash == "solid" else "none",
                opacity=0.9,
                hovertemplate="%{theta}: %{r:.2f}<extra>" + name + "</extra>",
            )
        )
    fig.update_layout(
        polar=dict(
            radialaxis=dict(range=[0, 4], tickvals=[0, 1, 2, 3, 4], tickfont=dict(size=13), gridcolor="#cccccc"),
            angularaxis=dict(tickfont=dict(size=14), gridcolor="#cccccc"),
            bgcolor="white",
        ),
        font=FONT,
        height=height,
        margin=dict(l=100, r=100, t=60, b=30),
        paper_bgcolor="white",
        legend=dict(orientation="h", yanchor="top", y=-0.08, xanchor="center", x=0.5),
        showlegend=True,
    )
    return fig


def trend_figure(team_trend: pd.DataFrame, model: Sim3Model | None = None) -> go.Figure:
    """Category means (0-4) per assessment date for one team; the tier of each assessment on hover."""
    import plotly.graph_objects as go  # imported here: the ETL uses this module without figures

    model = model or load_model()
    fig = go.Figure()
    for cat, name in model.categories.items():
        fig.add_trace(
            go.Scatter(
                x=list(team_trend["assessment_date"]),
                y=[None if pd.isna(v) else float(v) for v in team_trend[cat]],
                name=f"{cat} {_(name)}",
                mode="lines+markers",
                line=dict(color=CATEGORY_COLOURS[cat], width=3),
                marker=dict(size=9),
                customdata=list(team_trend["tier_name"]),
                hovertemplate="%{x}: %{y:.2f}<br>"
                + _("Tier")
                + ": %{customdata}<extra>"
                + f"{cat} {_(name)}"
                + "</extra>",
            )
        )
    fig.update_layout(
        font=FONT,
        height=380,
        margin=dict(l=10, r=10, t=20, b=10),
        paper_bgcolor="white",
        plot_bgcolor="white",
        yaxis=dict(range=[0, 4.1], tickvals=[0, 1, 2, 3, 4], title=_("Mean level (0-4)"), gridcolor="#dddddd"),
        xaxis=dict(type="category", title=_("Assessment date")),
        legend=dict(orientation="h", yanchor="top", y=-0.25, xanchor="center", x=0.5),
    )
    return fig


def comparison_heatmap(latest: pd.DataFrame, model: Sim3Model | None = None) -> go.Figure:
    """Teams (rows, by economy) x categories and overall (columns): mean level of the latest assessment."""
    import plotly.graph_objects as go  # imported here: the ETL uses this module without figures

    model = model or load_model()
    cols = [*model.categories, "overall"]
    x = [f"{c} {_(model.categories[c])}" for c in model.categories] + [_("Overall")]
    y = [
        (t if display_name(e) in t else f"{t} · {display_name(e)}")
        + (" (" + _("demo") + ")" if conf == "synthetic" else "")
        for t, e, conf in zip(latest["team"], latest["economy"], latest["confidence"])
    ]
    z = [[None if pd.isna(r[c]) else float(r[c]) for c in cols] for _i, r in latest.iterrows()]
    text = [["" if v is None else format_number(v, 1) for v in row] for row in z]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=x,
            y=y,
            text=text,
            texttemplate="%{text}",
            zmin=0,
            zmax=4,
            colorscale=LEVEL_SCALE,
            xgap=2,
            ygap=2,
            hoverongaps=False,
            colorbar=dict(title=_("Mean level"), tickvals=[0, 1, 2, 3, 4]),
            hovertemplate="%{y}<br>%{x}: %{z:.2f}<extra></extra>",
        )
    )
    fig.update_layout(
        font=FONT,
        height=max(300, 34 * len(y) + 120),
        margin=dict(l=10, r=10, t=40, b=10),
        paper_bgcolor="white",
        plot_bgcolor="#f4f4f4",
        xaxis=dict(side="top", fixedrange=True),
        yaxis=dict(autorange="reversed", automargin=True, fixedrange=True, tickfont=dict(size=13)),
    )
    for i, eco in enumerate(latest["economy"]):
        fig.add_shape(
            type="rect",
            xref="paper",
            x0=-0.004,
            x1=0.0,
            y0=i - 0.5,
            y1=i + 0.5,
            line=dict(width=0),
            fillcolor=colour(eco),
        )
    return fig
