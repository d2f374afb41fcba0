"""Cooperation: who can learn from whom in the region, and who sits at the table at home.

- :func:`fact_opportunities`: for every status fact (the status lens, :func:`indicators.method.scoring.status_matrix`),
  the economies that do not have it in place (missing or partly) and those that do, with their evidence, sorted
  by how many economies share the gap, so a forum sees the region-wide topics first. Facts are compared as
  states, never as points; an economy whose fact is not assessed or not applicable is neither a gap nor a peer.
- :func:`channels`: the regional bodies of the stakeholder register that already link two economies (both
  members, beneficiaries or served by it), and direct links between their national bodies. A channel is shown
  only with its source.
- :func:`economy_register`: one economy's bodies by sector, with the sectors that have no entry listed as
  missing, never filled.
- :func:`network_figure`: the register as a network (plotly), positions computed, no map tiles.

Pure functions over data frames; no Streamlit."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from indicators.method.scoring import STATE_LABELS
from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.model.vocabulary import (
    CHANNEL_RELATIONS,
    NATIONAL_SECTORS,
    NCSI_POINT_COLUMNS,
    STAKEHOLDER_SECTORS,
    relation_label,
    sector_label,
)
from indicators.render.palette import GRID, MEN, TEXT
from indicators.text.i18n import N_, _, ngettext, note_text
from indicators.topics.plans import CLOSED

GAP_STATES = ("missing", "partly")
PEER_STATE = "in_place"
OPPORTUNITY_COLUMNS = [
    "indicator_id",
    "indicator",
    "pillar",
    "gap_economies",
    "peer_economies",
    "n_gap",
    "n_assessed",
    "evidence",
    "periods",
    "source_ids",
]


def names(codes) -> str:
    return ", ".join(display_name(c) for c in codes)


def fact_opportunities(matrix: pd.DataFrame, economy: str | None = None) -> pd.DataFrame:
    """One row per status fact that at least one economy has in place and at least one does not (missing or
    partly): the gap economies, the peers (in place), how many economies were assessed, each peer's evidence
    ("value (period)"), each economy's period (year of its evidence) and the sources. With ``economy``: only the facts where that economy has a gap.
    Sorted by the number of economies sharing the gap (most first), then by fact."""
    rows = []
    for ind_id, grp in matrix.groupby("indicator_id", sort=False):
        gap = [e for e, s in zip(grp["economy"], grp["state"], strict=True) if s in GAP_STATES]
        peers = [e for e, s in zip(grp["economy"], grp["state"], strict=True) if s == PEER_STATE]
        if not gap or not peers or (economy and economy not in gap):
            continue
        by_eco = grp.set_index("economy")
        evidence, periods = {}, {}
        for e in gap + peers:
            r = by_eco.loc[e]
            periods[e] = None if pd.isna(r["period"]) else int(r["period"])
            evidence[e] = f"{r['value']}" + ("" if periods[e] is None else f" ({periods[e]})")
        sources = [s for s in by_eco.loc[peers + gap, "source_id"].dropna().unique()]
        assessed = int(grp["state"].isin((*GAP_STATES, PEER_STATE)).sum())
        rows.append(
            {
                "indicator_id": ind_id,
                "indicator": grp["indicator"].iloc[0],
                "pillar": grp["pillar"].iloc[0],
                "gap_economies": gap,
                "peer_economies": peers,
                "n_gap": len(gap),
                "n_assessed": assessed,
                "evidence": evidence,
                "periods": periods,
                "source_ids": sources,
            }
        )
    out = pd.DataFrame(rows, columns=OPPORTUNITY_COLUMNS)
    if len(out):
        out = out.sort_values(["n_gap", "indicator"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return out


def opportunity_headline(row) -> str:
    """'4 of 6 assessed do not have it in place: …; in place in Serbia and Montenegro.'"""
    return ngettext(
        "{n} of {m} assessed economies does not have it in place ({gap}); in place in: {peers}.",
        "{n} of {m} assessed economies do not have it in place ({gap}); in place in: {peers}.",
        row["n_gap"],
    ).format(n=row["n_gap"], m=row["n_assessed"], gap=names(row["gap_economies"]), peers=names(row["peer_economies"]))


def _with_years(codes, periods: dict) -> str:
    """'Montenegro (2024), Serbia' (an economy without a dated value has no year)."""
    return ", ".join(
        f"{display_name(c)} ({periods[c]})" if periods.get(c) is not None else display_name(c) for c in codes
    )


def opportunity_text(row) -> str:
    """One opportunity in plain text: '3 of 6 assessed economies do not have it in place (Albania (2024), …); in
    place in: Montenegro (2024), North Macedonia (2025), Serbia (2025).' The years are those of each economy's
    evidence."""
    return ngettext(
        "{n} of {m} assessed economies does not have it in place ({gap}); in place in: {peers}.",
        "{n} of {m} assessed economies do not have it in place ({gap}); in place in: {peers}.",
        row["n_gap"],
    ).format(
        n=row["n_gap"],
        m=row["n_assessed"],
        gap=_with_years(row["gap_economies"], row["periods"]),
        peers=_with_years(row["peer_economies"], row["periods"]),
    )


def _reach(links: pd.DataFrame) -> dict[str, set[str]]:
    """Regional body -> the economies it reaches (member, beneficiary or served)."""
    out: dict[str, set[str]] = {}
    if links is None or not len(links):
        return out
    sel = links[links["relation"].isin(CHANNEL_RELATIONS) & links["to"].isin(ECONOMY_CODES)]
    for body, grp in sel.groupby("from_id"):
        out[body] = set(grp["to"])
    return out


def channels(
    stakeholders: pd.DataFrame, links: pd.DataFrame, a: str, b: str, reach: dict[str, set[str]] | None = None
) -> pd.DataFrame:
    """The channels that already link economies ``a`` and ``b``: regional bodies that reach both (with how each
    is reached), then direct links between a body of ``a`` and a body of ``b``. Columns: entity_id, name,
    how, source_id, confidence. Empty when none is recorded."""
    cols = ["entity_id", "name", "how", "source_id", "confidence"]
    if stakeholders is None or not len(stakeholders):
        return pd.DataFrame(columns=cols)
    ent = stakeholders.set_index("entity_id")
    rows = []
    for body, reached in (reach if reach is not None else _reach(links)).items():
        if a in reached and b in reached and body in ent.index:
            sel = links[(links["from_id"] == body) & links["to"].isin([a, b])]
            how = "; ".join(
                f"{display_name(r.to)}: {relation_label(r.relation)}" for r in sel.itertuples() if r.relation
            )
            worst = "secondary" if (sel["confidence"] == "secondary").any() else "verified"
            rows.append(
                {
                    "entity_id": body,
                    "name": ent.loc[body, "name"],
                    "how": how,
                    "source_id": sel["source_id"].iloc[0],
                    "confidence": worst,
                }
            )
    homes = ent["area"].to_dict()
    for r in links.itertuples():
        ends = {homes.get(r.from_id), homes.get(r.to)}
        if ends == {a, b}:
            rows.append(
                {
                    "entity_id": r.from_id,
                    "name": f"{ent.loc[r.from_id, 'name']} {relation_label(r.relation)} {ent.loc[r.to, 'name']}",
                    "how": relation_label(r.relation),
                    "source_id": r.source_id,
                    "confidence": r.confidence,
                }
            )
    return pd.DataFrame(rows, columns=cols)


def channels_text(stakeholders: pd.DataFrame, links: pd.DataFrame, a: str, peers) -> str:
    """'Channels: WB3C (Serbia), ReSPA (Serbia, Montenegro)' for economy ``a`` and its peers, or the words
    'no channel recorded in the register'."""
    by_body: dict[str, list[str]] = {}
    if stakeholders is None or not len(stakeholders):
        return _("no channel recorded in the register")
    acronyms = stakeholders.set_index("entity_id")["acronym"]
    reach = _reach(links)
    for p in peers:
        for r in channels(stakeholders, links, a, p, reach).itertuples():
            label = acronyms.get(r.entity_id) or r.name
            by_body.setdefault(str(label), []).append(display_name(p))
    if not by_body:
        return _("no channel recorded in the register")
    return "; ".join(f"{body} ({', '.join(ps)})" for body, ps in by_body.items())


REGISTER_COLUMNS = ["sector", "name", "role", "founded", "founding_act", "website", "source_id", "confidence"]


def economy_register(stakeholders: pd.DataFrame, economy: str) -> tuple[pd.DataFrame, list[str]]:
    """One economy's bodies (sorted by sector in the vocabulary's order) and the national sectors with no entry
    (shown as missing, never filled)."""
    order = {s: i for i, s in enumerate(STAKEHOLDER_SECTORS)}
    sel = stakeholders[stakeholders["area"] == economy].copy()
    sel["_o"] = sel["sector"].map(order)
    sel = sel.sort_values(["_o", "name"], kind="stable").drop(columns="_o")
    present = set(sel["sector"])
    # a national CSIRT also covers the governmental one where only one is recorded, and vice versa
    if present & {"national_csirt", "government_csirt"}:
        present |= {"national_csirt", "government_csirt"}
    missing = [s for s in NATIONAL_SECTORS if s not in present]
    return sel.reset_index(drop=True), missing


def register_table(sel: pd.DataFrame) -> pd.DataFrame:
    """The register rows as shown: translated sector names and the columns a reader needs."""
    return pd.DataFrame(
        {
            _("Sector"): [sector_label(s) for s in sel["sector"]],
            _("Body"): [f"{n} ({a})" if a else n for n, a in zip(sel["name"], sel["acronym"], strict=True)],
            _("Role"): [note_text(r) for r in sel["role"]],  # data text: the notes domain
            _("Founded"): [f or "—" for f in sel["founded"]],
            _("Founding act"): [note_text(f) if f else "—" for f in sel["founding_act"]],
            _("Confidence"): [_(c) for c in sel["confidence"]],
        }
    )


def missing_sectors_text(missing: list[str]) -> str:
    if not missing:
        return ""
    return ngettext(
        "No body of this sector is in the register yet: {sectors}.",
        "No body of these sectors is in the register yet: {sectors}.",
        len(missing),
    ).format(sectors=", ".join(sector_label(s) for s in missing))


def network_figure(stakeholders: pd.DataFrame, links: pd.DataFrame, economy: str | None = None) -> go.Figure:
    """The register as a network: economies on a circle, each economy's bodies around it, regional and
    international bodies in the middle; edges are the links (to an economy or between bodies). With
    ``economy``: that economy's bodies and what links to them."""
    ent = stakeholders.copy()
    lk = links.copy()
    if economy:
        keep = set(ent.loc[ent["area"] == economy, "entity_id"])
        lk = lk[lk["from_id"].isin(keep) | lk["to"].isin(keep | {economy})]
        keep |= set(lk["from_id"]) | {t for t in lk["to"] if t in set(ent["entity_id"])}
        ent = ent[ent["entity_id"].isin(keep)]
    pos: dict[str, tuple[float, float]] = {}
    economies = [economy] if economy else list(ECONOMY_CODES)
    for i, eco in enumerate(economies):
        ang = 2 * math.pi * i / len(economies) + math.pi / 2
        cx, cy = (0.0, 0.0) if economy else (math.cos(ang) * 3, math.sin(ang) * 3)
        pos[eco] = (cx, cy)
        mine = ent[ent["area"] == eco]["entity_id"].tolist()
        for j, body in enumerate(mine):
            a = 2 * math.pi * j / max(len(mine), 1)
            pos[body] = (cx + math.cos(a) * 1.1, cy + math.sin(a) * 1.1)
    outer = ent[~ent["area"].isin(ECONOMY_CODES)]["entity_id"].tolist()
    for j, body in enumerate(outer):
        a = 2 * math.pi * j / max(len(outer), 1)
        r = 0.9 if not economy else 2.4
        pos[body] = (math.cos(a) * r, math.sin(a) * r)
    ex, ey = [], []
    for r in lk.itertuples():
        if r.from_id in pos and r.to in pos:
            (x0, y0), (x1, y1) = pos[r.from_id], pos[r.to]
            ex += [x0, x1, None]
            ey += [y0, y1, None]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=ex, y=ey, mode="lines", line={"color": GRID, "width": 1.5}, hoverinfo="skip", name=""))
    eco_nodes = [e for e in economies if e in pos]
    fig.add_trace(
        go.Scatter(
            x=[pos[e][0] for e in eco_nodes],
            y=[pos[e][1] for e in eco_nodes],
            mode="markers+text",
            text=[display_name(e) for e in eco_nodes],
            textposition="bottom center",
            marker={"size": 26, "color": "#ffffff", "line": {"color": TEXT, "width": 2}},
            hoverinfo="text",
            name=_("Economy"),
        )
    )
    bodies = [b for b in ent["entity_id"] if b in pos]
    by_id = ent.set_index("entity_id")
    fig.add_trace(
        go.Scatter(
            x=[pos[b][0] for b in bodies],
            y=[pos[b][1] for b in bodies],
            mode="markers+text",
            text=[by_id.loc[b, "acronym"] or by_id.loc[b, "name"][:18] for b in bodies],
            textposition="top center",
            hovertext=[f"{by_id.loc[b, 'name']} · {sector_label(by_id.loc[b, 'sector'])}" for b in bodies],
            hoverinfo="text",
            marker={"size": 14, "color": MEN},
            name=_("Body"),
        )
    )
    fig.update_layout(
        showlegend=False,
        height=560,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x"},
        plot_bgcolor="#ffffff",
    )
    return fig


# ---- the reform planner ---------------------------------------------------------------------------------------
PROJECTION_LABEL = N_("projection: not a measurement")  # English message id; shown translated


def reform_options(matrix: pd.DataFrame, economy: str) -> dict[str, str]:
    """The reforms one economy can choose, key -> label: every status fact of that economy that is missing or
    partly ('fact:<indicator_id>'). Projections exist only where the rule makes them exact: a reform puts the
    fact in place; no projection of index or survey values."""
    sel = matrix[(matrix["economy"] == economy) & matrix["state"].isin(GAP_STATES)]
    return {f"fact:{r.indicator_id}": str(r.indicator) for r in sel.itertuples()}


def plan_options(items: pd.DataFrame | None, economy: str) -> dict[str, str]:
    """The capacity-plan items of ``economy`` that are not done or cancelled, key 'plan:<item_id>' -> label
    '<item_id>: <action>'."""
    if items is None or not len(items):
        return {}
    sel = items[(items["economy"] == economy) & ~items["status"].isin(CLOSED)]
    return {f"plan:{r.item_id}": f"{r.item_id}: {r.action}" for r in sel.itertuples()}


def reform_facts(reforms, items: pd.DataFrame | None = None) -> set[str]:
    """The status facts the chosen reforms would put in place: 'fact:<id>' directly, 'plan:<item>' through the
    item's linked indicator (only a status fact changes; the rest is not projected)."""
    facts = {r.split(":", 1)[1] for r in reforms if str(r).startswith("fact:")}
    plans = {r.split(":", 1)[1] for r in reforms if str(r).startswith("plan:")}
    if plans and items is not None and len(items):
        linked = items[items["item_id"].isin(plans)]["linked_indicator"].dropna().astype(str)
        facts |= {i for i in linked if i}
    return facts


def plan_effects(
    items: pd.DataFrame | None, matrix: pd.DataFrame, points: pd.DataFrame | None, economy: str, reforms, name_of
) -> list[str]:
    """What completing each chosen plan item would change, in words: it puts a missing or partial status fact in
    place; or it addresses an index or survey value, the NCSI score or a SIM3 parameter, which is never projected.
    ``name_of`` maps an indicator id to its name."""
    chosen = [r.split(":", 1)[1] for r in reforms if str(r).startswith("plan:")]
    if not chosen or items is None or not len(items):
        return []
    states = matrix[matrix["economy"] == economy].set_index("indicator_id")["state"].to_dict()
    by_id = items.set_index("item_id")
    out = []
    for item in chosen:
        if item not in by_id.index:
            continue
        r = by_id.loc[item]
        linked = r["linked_indicator"] if isinstance(r["linked_indicator"], str) else ""
        if linked in states and states[linked] in GAP_STATES:
            text = _("puts '{fact}' in place (today: {state})").format(
                fact=name_of(linked), state=_(STATE_LABELS[states[linked]])
            )
        elif linked in states:
            text = _("'{fact}' is already {state}: nothing changes").format(
                fact=name_of(linked), state=_(STATE_LABELS[states[linked]])
            )
        elif linked == "ncsi_score":
            text = ncsi_unavailable(points, economy) or _(
                "addresses the NCSI score but names no NCSI indicator: no projection"
            )
        elif linked:
            text = _("addresses {indicator}: an index or survey value, never projected").format(
                indicator=name_of(linked)
            )
        else:
            text = _("addresses SIM3 {parameter}: a self-assessment, never projected").format(
                parameter=r["linked_sim3_parameter"]
            )
        out.append(f"{item}: {text}")
    return out


def project_status(matrix: pd.DataFrame, economy: str, reforms, items: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per status fact of ``economy``: today's state and the projected state once the chosen reforms are
    done (a chosen fact, or the status fact a chosen plan item is linked to, becomes 'in place'; nothing else
    changes). Columns: indicator_id, indicator, today, projected, changed. The projection never leaves this frame:
    it is not written to the warehouse, to a download or to a ranking."""
    chosen = reform_facts(reforms, items)
    sel = matrix[matrix["economy"] == economy]
    rows = []
    for r in sel.itertuples():
        projected = PEER_STATE if (r.indicator_id in chosen and r.state in GAP_STATES) else r.state
        rows.append(
            {
                "indicator_id": r.indicator_id,
                "indicator": r.indicator,
                "today": r.state,
                "projected": projected,
                "changed": projected != r.state,
            }
        )
    return pd.DataFrame(rows, columns=["indicator_id", "indicator", "today", "projected", "changed"])


def in_place_count(states) -> tuple[int, int]:
    """(in place, of m) for a list of states."""
    states = list(states)
    return sum(s == PEER_STATE for s in states), len(states)


# ---- index opportunities (one economy) ------------------------------------------------------------------------
HIGH_GAP = 30.0  # the gap table's 'High' priority: 30 normalised points or more behind the WB6 best


def index_opportunities(gaps: pd.DataFrame, min_gap: float = HIGH_GAP) -> pd.DataFrame:
    """From one economy's gap table (:func:`indicators.method.scoring.gap_table`, which applies the comparison rule:
    comparable values only, best of n), the index indicators where the economy is ``min_gap`` points or more behind
    the WB6 best: the best economies are the peers. Columns: indicator_id, indicator, gap_to_best, value, period,
    best_economies, best_value, best_period, economies_with_data, source_id."""
    cols = [
        "indicator_id",
        "indicator",
        "gap_to_best",
        "value",
        "period",
        "best_economies",
        "best_value",
        "best_period",
        "economies_with_data",
        "source_id",
    ]
    sel = gaps[(gaps["lens"] == "index") & (pd.to_numeric(gaps["gap_to_best"], errors="coerce") >= min_gap)]
    return sel[cols].reset_index(drop=True)


def index_headline(row) -> str:
    """'62 points behind the best of 5 compared economies (Serbia: 97.5, 2024); here 33.76 (2024).'"""
    best = f"{names(row['best_economies'])}: {row['best_value']}"
    if pd.notna(row["best_period"]):
        best += f", {int(row['best_period'])}"
    here = f"{row['value']}" + (f" ({int(row['period'])})" if pd.notna(row["period"]) else "")
    return _("{gap} normalised points (0-100) behind the best of {n} compared economies ({best}); here {here}.").format(
        gap=f"{row['gap_to_best']:.0f}", n=row["economies_with_data"], best=best, here=here
    )


# ---- NCSI points in the planner (exact, from NCSI's published point rule) ----------------------------------------
# NCSI's rule: every indicator has fixed points, printed beside it on the country page ("1.4. Cyber security
# strategy implementation plan 001": 0 of 1 point); meeting the indicator's criteria earns its points. So the
# points that meeting an unmet indicator would earn are exactly max_points - points, and a capacity's total rises
# by the sum of them. Only points read for that economy are used; the overall score and rank are never projected
# (they need every indicator's points).
NCSI_COLUMNS = [
    "key",
    "methodology",
    "version_date",
    "capacity_id",
    "capacity_name",
    "indicator_id",
    "indicator_name",
    "points",
    "max_points",
    "source_id",
]


def ncsi_version(points: pd.DataFrame | None, economy: str) -> pd.DataFrame:
    """The NCSI rows of ``economy`` used by the planner: per methodology, the rows of the newest dated version read
    (an undated version only when no dated one was read). Columns as in the table ncsi_points."""
    if points is None or not len(points):
        return pd.DataFrame(columns=NCSI_POINT_COLUMNS)
    mine = points[points["economy"] == economy]
    keep = []
    for _m, grp in mine.groupby("methodology", sort=False):
        dated = grp[grp["version_date"].fillna("").astype(str) != ""]
        if len(dated):
            keep.append(dated[dated["version_date"].astype(str) == dated["version_date"].astype(str).max()])
        else:
            keep.append(grp[grp["source_id"] == grp["source_id"].iloc[0]])
    return pd.concat(keep, ignore_index=True) if keep else pd.DataFrame(columns=NCSI_POINT_COLUMNS)


def ncsi_options(points: pd.DataFrame | None, economy: str) -> pd.DataFrame:
    """The NCSI indicators ``economy`` does not meet (points below the maximum) in the version read, one row each,
    key 'ncsi:<methodology>:<indicator id>'. Columns: NCSI_COLUMNS."""
    rows = ncsi_version(points, economy)
    rows = rows[(rows["indicator_id"].fillna("").astype(str) != "")]
    rows = rows[rows["points"].astype(int) < rows["max_points"].astype(int)].copy()
    rows["key"] = "ncsi:" + rows["methodology"].astype(str) + ":" + rows["indicator_id"].astype(str)
    return rows[NCSI_COLUMNS].reset_index(drop=True)


def ncsi_label(row) -> str:
    """'NCSI 1.4 Cyber security strategy implementation plan (legacy methodology, version 2023-05-03): 0 of 1 points'."""
    method = _("legacy methodology") if row["methodology"] == "legacy" else _("current methodology")
    version = (
        _("version {date}").format(date=row["version_date"]) if str(row["version_date"] or "") else _("undated version")
    )
    return ngettext(
        "NCSI {id} {name} ({method}, {version}): {points} of {max} point",
        "NCSI {id} {name} ({method}, {version}): {points} of {max} points",
        int(row["max_points"]),
    ).format(
        id=row["indicator_id"],
        name=row["indicator_name"],
        method=method,
        version=version,
        points=int(row["points"]),
        max=int(row["max_points"]),
    )


def project_ncsi(points: pd.DataFrame | None, economy: str, reforms) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The NCSI points the chosen reforms ('ncsi:<methodology>:<id>') would earn for ``economy``, exactly: per
    indicator (points today, max, projected = max, earned = max - points) and per capacity whose total was read
    in the same version (today, projected = today + the points earned in it, max). Unknown keys are ignored.
    Returns (indicators, capacities); both empty when nothing is chosen. Never stored, downloaded or ranked."""
    opts = ncsi_options(points, economy)
    chosen = opts[opts["key"].isin(list(reforms))].copy()
    chosen["points"] = chosen["points"].astype(int)
    chosen["max_points"] = chosen["max_points"].astype(int)
    chosen["projected"] = chosen["max_points"]
    chosen["earned"] = chosen["max_points"] - chosen["points"]
    version = ncsi_version(points, economy)
    totals = version[version["indicator_id"].fillna("").astype(str) == ""]
    caps = []
    for (method, cap), grp in chosen.groupby(["methodology", "capacity_id"], sort=False):
        total = totals[(totals["methodology"] == method) & (totals["capacity_id"].astype(str) == str(cap))]
        if not len(total):
            continue
        t = total.iloc[0]
        caps.append(
            {
                "methodology": method,
                "capacity_id": cap,
                "capacity_name": t["capacity_name"],
                "points": int(t["points"]),
                "projected": int(t["points"]) + int(grp["earned"].sum()),
                "max_points": int(t["max_points"]),
                "source_id": t["source_id"],
            }
        )
    cap_cols = ["methodology", "capacity_id", "capacity_name", "points", "projected", "max_points", "source_id"]
    return chosen.reset_index(drop=True), pd.DataFrame(caps, columns=cap_cols)


def ncsi_unavailable(points: pd.DataFrame | None, economy: str) -> str | None:
    """Why the planner makes no NCSI projection for ``economy`` (None when it can): no per-indicator points were
    read for it, or every indicator read is met."""
    if not len(ncsi_version(points, economy)):
        return _("no projection: NCSI per-indicator assessment not available for {economy}").format(
            economy=display_name(economy)
        )
    if not len(ncsi_options(points, economy)):
        return _(
            "no projection: every NCSI indicator read for {economy} is met; the points of the others are not available"
        ).format(economy=display_name(economy))
    return None
