"""CERT maturity (SIM3): the public record of each economy's national CSIRT (real data) beside SIM3
self-assessments (demonstration data unless a steward has added real ones): heatmap, category radar,
derived tier with its rule, trend, and a comparison across teams and economies."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from indicators import sim3
from indicators.economies import ECONOMY_CODES, colour, display_name
from indicators.i18n import _
from indicators.paths import PROJECT_ROOT
from indicators.profile import key_facts
from indicators.scoring import STATUS_LABELS
from indicators.urlstate import shown
from ui import data, frame, state
from ui.router import ensure_router

ensure_router()

TEMPLATES = PROJECT_ROOT / "data" / "templates"
CONFIDENCE_TEXT = {"verified": "verified", "secondary": "secondary", "synthetic": "demonstration data (synthetic)"}

model = sim3.load_model()
catalog = data.catalog()
obs = data.observations()
assess = data.table(sim3.TABLE) if data.warehouse().has_table(sim3.TABLE) else sim3.empty_table()
sources = data.table("sources")
index = sim3.assessments_index(assess)
summary = sim3.team_summary(assess, model)


def _team_order(eco: str) -> list[str]:
    """Teams of an economy: real assessments first, then the most assessed, then by name."""
    mine = index[index["economy"] == eco]
    stats = mine.groupby("team").agg(demo=("confidence", lambda c: bool((c == "synthetic").all())),
                                     n=("assessment_date", "nunique"))
    return sorted(stats.index, key=lambda t: (stats.loc[t, "demo"], -stats.loc[t, "n"], t))


teams_of = {e: _team_order(e) for e in ECONOMY_CODES}
all_teams = {t: e for e in ECONOMY_CODES for t in teams_of[e]}


def _param(key: str) -> str | None:
    try:
        values = st.query_params.get_all(key)
    except Exception:  # a malformed query string must never break a page
        return None
    return str(values[-1]) if values else None


def _md(text: str) -> str:
    """Text shown inside markdown (team names such as '... (Kosovo*)') with its markup characters escaped."""
    for ch in "\\*_`[]~$|#":
        text = text.replace(ch, "\\" + ch)
    return text


# --- selections from the URL (bad values: a short message and the default) ---
url_team = _param("team")
default_economy = all_teams.get(url_team, "ALB") if "economy" not in st.query_params else "ALB"
economy = state.economy(default=default_economy)

frame.page_header(_("CERT maturity (SIM3)"),
                  _("National CSIRTs on the public record, and SIM3 self-assessments of CERT teams: where "
                    "each team stands, which tier that gives, and what blocks the next one."))

c1, c2, c3 = st.columns([2, 3, 2])
with c1:
    economy = st.selectbox(_("Economy"), ECONOMY_CODES, index=ECONOMY_CODES.index(economy),
                           format_func=display_name, key="cert_economy")
teams = teams_of[economy]
team = None
if teams:
    team = teams[0]
    if url_team is not None:
        if url_team in teams:
            team = url_team
        elif url_team not in all_teams:  # a team of another economy is simply replaced on an economy change
            st.info(_("Unknown team '{team}': showing {default}.").format(team=shown(url_team), default=teams[0]),
                    icon=":material/info:")
    with c2:
        team = st.selectbox(_("Team"), teams, index=teams.index(team), key=f"cert_team_{economy}")
    dates = list(index[index["team"] == team]["assessment_date"].drop_duplicates())
    date = dates[-1]
    url_date = _param("date")
    if url_date is not None and url_team == team:
        if url_date in dates:
            date = url_date
        else:
            st.info(_("No assessment of this team dated '{date}': showing the latest ({latest}).").format(
                date=shown(url_date), latest=dates[-1]), icon=":material/info:")
    with c3:
        date = st.selectbox(_("Assessment date"), dates, index=dates.index(date), key=f"cert_date_{team}",
                            format_func=lambda d: d + (" (" + _("latest") + ")" if d == dates[-1] else ""))
state.write(economy=economy, team=team, date=None if team is None or date == dates[-1] else date)

# --- 1. the public record (real data) and the selected self-assessment side by side ---
facts = {f["indicator_id"]: f for f in key_facts(obs, catalog, economy)}
left, right = st.columns(2, gap="large")
with left.container(border=True, key="cert_public_record"):
    st.subheader(_("Public record (real data)"), anchor=False)
    st.caption(_("Facts read in public sources, with their confidence. They do not come from a SIM3 assessment."))
    for ind_id in ("national_csirt", "first_membership"):
        fact = facts.get(ind_id)
        if fact is None:
            continue
        value = fact["value"] if fact["status"] == "observed" else f"*{STATUS_LABELS.get(fact['status'], fact['status'])}*"
        st.markdown(f"**{_(fact['label'])}:** {value}")
        frame.fact_provenance(fact)

with right.container(border=True, key="cert_assessment_box"):
    st.subheader(_("SIM3 self-assessment"), anchor=False)
    if team is None:
        st.info(_("No SIM3 assessment of a team in {economy} has been loaded. Fill the template "
                  "(see 'Add a real assessment' below) to add one.").format(economy=display_name(economy)),
                icon=":material/info:")
    else:
        rows = sim3.select_assessment(assess, team, date)
        conf = rows["confidence"].iloc[0]
        if conf == "synthetic":
            frame.demo_badge(_("made-up team and levels, not a measurement"))
        else:
            st.badge(_("Real assessment") + f": {_(conf)}", icon=":material/verified:", color="green")
        tier = sim3.derive_tier(rows, model)
        assessed = int(rows["level"].notna().sum())
        st.markdown(f"**{_md(team)}** · {date}")
        m1, m2 = st.columns(2)
        m1.metric(_("Derived tier (project rule)"), _(tier.name), help=_("See 'How the tier is derived' below."))
        m2.metric(_("Parameters assessed"), f"{assessed} {_('of')} {len(model.parameters)}")
        if tier.tier == sim3.NOT_DERIVABLE:
            st.warning(_("No tier: {n} parameter(s) not assessed ({ids}). A tier is only derived from a complete "
                         "assessment; a blank is never read as level 0.").format(
                n=len(tier.not_assessed), ids=", ".join(tier.not_assessed)), icon=":material/warning:")
        elif tier.next_tier is not None:
            nxt = model.tier_name(tier.next_tier)
            st.markdown(_("**To reach {tier}**, {n} parameter(s) must rise:").format(tier=_(nxt), n=len(tier.blockers)))
            st.caption("; ".join(f"{b['parameter_id']} {b['name']} ({b['level']} → {b['required']})"
                                 for b in tier.blockers[:12]) + (" …" if len(tier.blockers) > 12 else ""))
        else:
            st.markdown(_("Highest tier of the rule reached."))
        st.caption(_("Assessor") + ": " + (", ".join(sorted({a for a in rows["assessor"].dropna() if a})) or "—")
                   + " · " + _("Confidence") + ": " + _(CONFIDENCE_TEXT.get(conf, conf)))

# --- 2. heatmap and radar of the selected assessment ---
if team is not None:
    cats = sim3.category_scores(rows, model)
    earlier = [d for d in dates if d < date]
    st.subheader(_("Levels by parameter and category"), anchor=False)
    if conf == "synthetic":
        frame.demo_badge()
    h, r = st.columns([3, 2], gap="large")
    with h:
        st.plotly_chart(sim3.heatmap(rows, model), key="cert_heatmap", config={"displayModeBar": False})
        counts = rows["level"].dropna().astype(int).value_counts()
        st.caption(_("Text summary") + ": " + _("{n} of {m} parameters assessed").format(
            n=assessed, m=len(model.parameters)) + "; " + ", ".join(
            f"{_('level')} {lv.level} ({_(lv.label)}): {int(counts.get(lv.level, 0))}" for lv in model.levels) + ".")
    with r:
        series = [(team[:40] + f" · {date}", cats, colour(economy), "solid")]
        if earlier:
            prev = sim3.select_assessment(assess, team, earlier[-1])
            series.append((_("Previous assessment") + f" · {earlier[-1]}", sim3.category_scores(prev, model),
                           "#555555", "dash"))
        st.plotly_chart(sim3.radar(series, model), key="cert_radar", config={"displayModeBar": False})
        st.dataframe(pd.DataFrame({
            _("Category"): [f"{c} {_(n)}" for c, n in zip(cats["category"], cats["name"])],
            _("Mean level (0-4)"): cats["mean"],
            _("Coverage"): [f"{n} {_('of')} {m}" if n else _("no data") for n, m in zip(cats["n"], cats["m"])],
        }), hide_index=True, key="cert_category_table",
            column_config={_("Mean level (0-4)"): st.column_config.NumberColumn(format="%.2f")})
        st.caption(_("A category score is the mean level of its assessed parameters; parameters not assessed "
                     "are left out, never counted as 0."))
    with st.expander(_("Table: level of every parameter"), key="cert_levels_expander"):
        st.dataframe(pd.DataFrame({
            _("Parameter"): rows["parameter_id"], _("Name (provisional)"): rows["parameter_name"],
            _("Level"): rows["level"], _("Meaning"): [model.level_label(v) for v in rows["level"]],
            _("Note"): rows["note"],
        }), hide_index=True, key="cert_levels_table", width="stretch")
    used = rows.drop_duplicates("source_id").merge(sources[["source_id", "title", "url"]], on="source_id", how="left")
    frame.sources_line(used.rename(columns={"title": "source_title", "url": "source_url"}),
                       label=_("Assessment source"))
    st.download_button(_("Download this assessment (CSV, template columns)"), sim3.assessment_export(rows, model),
                       file_name=f"sim3_{economy}_{date}.csv", mime="text/csv", key="cert_download_assessment",
                       on_click="ignore")

    # --- 3. trend ---
    team_trend = sim3.trend(summary, team)
    if len(team_trend) > 1:
        st.subheader(_("Trend across assessments"), anchor=False)
        if (team_trend["confidence"] == "synthetic").any():
            frame.demo_badge()
        st.plotly_chart(sim3.trend_figure(team_trend, model), key="cert_trend", config={"displayModeBar": False})
        st.dataframe(pd.DataFrame({
            _("Assessment date"): team_trend["assessment_date"],
            **{f"{c} {_(n)}": team_trend[c] for c, n in model.categories.items()},
            _("Overall"): team_trend["overall"], _("Tier (project rule)"): [_(t) for t in team_trend["tier_name"]],
            _("Confidence"): [_(c) for c in team_trend["confidence"]],
        }), hide_index=True, key="cert_trend_table", column_config={
            c: st.column_config.NumberColumn(format="%.2f")
            for c in [*(f"{c} {_(n)}" for c, n in model.categories.items()), _("Overall")]})
        first, last = team_trend.iloc[0], team_trend.iloc[-1]
        st.caption(_("Text summary") + ": " + _("overall mean level {a} on {d1}, {b} on {d2}; tier {t1} then {t2}.").format(
            a=f"{first['overall']:.2f}", d1=first["assessment_date"], b=f"{last['overall']:.2f}",
            d2=last["assessment_date"], t1=_(first["tier_name"]), t2=_(last["tier_name"])))

# --- 4. comparison across teams and economies ---
st.subheader(_("Compare teams and economies"), anchor=False)
latest = sim3.latest_per_team(summary)
if (latest["confidence"] == "synthetic").any():
    frame.demo_badge(_("SIM3 columns; the public-record columns are real"))
if len(latest):
    st.plotly_chart(sim3.comparison_heatmap(latest, model), key="cert_compare_heatmap",
                    config={"displayModeBar": False})
record = {e: {f["indicator_id"]: f for f in key_facts(obs, catalog, e)} for e in ECONOMY_CODES}


def _fact_text(eco: str, ind_id: str) -> str:
    fact = record[eco].get(ind_id)
    if fact is None:
        return _("no data")
    if fact["status"] != "observed":
        return STATUS_LABELS.get(fact["status"], fact["status"])
    return f"{fact['value']} ({_(fact['confidence'])})"


table_rows = []
for eco in ECONOMY_CODES:
    mine = latest[latest["economy"] == eco]
    base = {_("Economy"): display_name(eco),
            _("National CSIRT (public record)"): _fact_text(eco, "national_csirt"),
            _("FIRST membership (public record)"): _fact_text(eco, "first_membership")}
    if not len(mine):
        table_rows.append(base | {_("SIM3 team"): _("no assessment loaded")})
    for _i, t in mine.iterrows():
        table_rows.append(base | {
            _("SIM3 team"): t["team"], _("Tier (project rule)"): _(t["tier_name"]),
            _("Latest assessment"): t["assessment_date"], _("Overall"): t["overall"],
            **{c: t[c] for c in model.categories},
            _("SIM3 data"): _(CONFIDENCE_TEXT.get(t["confidence"], t["confidence"])),
        })
st.dataframe(pd.DataFrame(table_rows), hide_index=True, key="cert_compare_table", width="stretch",
             column_config={c: st.column_config.NumberColumn(format="%.2f") for c in [*model.categories, _("Overall")]})
st.caption(_("Text summary") + ": " + "; ".join(
    f"{display_name(e)}: " + (", ".join(f"{t['team']} {_(t['tier_name'])}" for _i, t in latest[latest['economy'] == e].iterrows())
                              or _("no assessment loaded")) for e in ECONOMY_CODES) + ".")
st.caption(_("The public-record columns come from the 'csirts' dataset (real, with its sources on the economy "
             "profile). The SIM3 columns come from self-assessments; 'demonstration data' marks made-up teams."))
frame.sources_line(obs[obs["indicator_id"].isin(["national_csirt", "first_membership"])],
                   label=_("Public-record sources"))
if len(latest):
    used = latest.drop_duplicates("dataset").merge(
        assess.drop_duplicates("dataset")[["dataset", "source_id"]], on="dataset").merge(
        sources[["source_id", "title", "url"]], on="source_id", how="left")
    frame.sources_line(used.rename(columns={"title": "source_title", "url": "source_url"}),
                       label=_("SIM3 assessment sources"))
frame.kosovo_footnote()

# --- 5. the rule, the scale and the model, with their sources ---
st.subheader(_("How the tier is derived"), anchor=False)
st.warning(_("Project rule, pending confirmation: ENISA's per-parameter table for its Basic / Intermediate / "
             "Advanced tiers was not found, so the thresholds below are this project's documented rule, not "
             "ENISA's."), icon=":material/rule:")
st.markdown(_(model.rule["statement"]))
st.markdown(_("ENISA describes its framework as follows (tier names and framework):") + f"\n\n> {_(model.rule['enisa_quote'])}")
st.caption(_("Tier names and framework") + ": " + "; ".join(
    f"[{s['title']}]({s['url']})" for s in model.rule["sources"]) + ". " + _(
    "The 'every parameter meets its minimum' shape follows TF-CSIRT Trusted Introducer certification; the "
    "thresholds are data in indicators/sim3_model.yaml and will be replaced by ENISA's table when it is confirmed."))
with st.expander(_("Table: minimum level per parameter for each tier (project rule)"), key="cert_rule_expander"):
    thresholds = sim3.tier_thresholds(model)
    st.dataframe(thresholds.rename(columns={
        "parameter_id": _("Parameter"), "category": _("Category"), "name": _("Name (provisional)"),
        **{f"{t.id}_min": f"{_(t.name)} ({_('minimum')})" for t in model.tiers}}),
        hide_index=True, key="cert_rule_table", width="stretch")

st.subheader(_("The SIM3 level scale"), anchor=False)
st.dataframe(pd.DataFrame({
    _("Level"): [lv.level for lv in model.levels], _("Short label"): [_(lv.label) for lv in model.levels],
    _("Official wording (sim3.dk)"): [lv.wording for lv in model.levels]}),
    hide_index=True, key="cert_scale_table", width="stretch")
st.caption(_("Model") + f": SIM3 {model.version}; " + "; ".join(f"[{s['title']}]({s['url']})" for s in model.sources) + ".")
st.info(_(model.names_note) + " " + _("Evidence grades: A = number and topic backed by a secondary source; "
                                      "B = topic backed, number not; U = no source found."), icon=":material/info:")
with st.expander(_("Table: the 44 SIM3 v1 parameters and the evidence for their names"), key="cert_params_expander"):
    st.dataframe(pd.DataFrame([{
        _("Parameter"): p.id, _("Category"): _(model.categories[p.category]), _("Name"): p.name,
        _("Provisional"): _("yes") if p.provisional else _("no"), _("Evidence"): p.evidence, _("Note"): p.note,
    } for p in model.parameters]), hide_index=True, key="cert_params_table", width="stretch")

st.subheader(_("Add a real assessment"), anchor=False)
st.markdown(_("Fill the template (one row per parameter, level 0-4 or blank for not assessed), put it in a new "
              "folder under data/raw/ with a source.yaml whose format is 'sim3_assessment', and run "
              "`python -m etl build`. The ETL lists every problem as file:row:column and loads nothing until all "
              "are fixed. See data/templates/README.md."))
d1, d2, _d3 = st.columns([1, 1, 2])
for col, name, mime in ((d1, "sim3_assessment_template.csv", "text/csv"),
                        (d2, "sim3_assessment_template.xlsx",
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")):
    path = Path(TEMPLATES / name)
    if path.exists():
        with col:
            st.download_button(_("Template") + f" ({path.suffix[1:].upper()})", path.read_bytes(), file_name=name,
                               mime=mime, key=f"cert_template_{path.suffix[1:]}", on_click="ignore")
