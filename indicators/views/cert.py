"""View model of the CERT maturity (SIM3) page: the public record of each economy's national CSIRT beside
the SIM3 self-assessments (heatmap, radar, derived tier, trend, comparison, the rule and the model).

- :func:`prepare` does the per-build work (assessment index, team summaries, team order, public-record
  facts of every economy, the rule and model tables): :class:`CertData`.
- :func:`pick` resolves the team and date from the URL for the chosen economy, with a message for each
  unusable value.
- :func:`build` returns :class:`CertView` for one (economy, team, date): every table, figure (with the
  demonstration watermark already drawn when built from synthetic data), caption and label the page shows.
- :func:`labels` holds the page's headings, widget labels and fixed captions, translated.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from indicators.method.scoring import STATUS_LABELS
from indicators.model import vocabulary
from indicators.model.economies import ECONOMY_CODES, colour, display_name
from indicators.model.paths import PROJECT_ROOT
from indicators.model.urlstate import shown
from indicators.render.figures import demo_watermark
from indicators.text.i18n import _, format_number, ngettext, note_text
from indicators.text.markup import md, md_link, safe_url
from indicators.topics import sim3
from indicators.topics.profile import key_facts
from indicators.views import Table

TEMPLATES = PROJECT_ROOT / "data" / "templates"
CONFIDENCE_TEXT = vocabulary.CONFIDENCE_LONG_LABELS
RECORD_INDICATORS = ("national_csirt", "first_membership")
TEMPLATE_FILES = (
    ("sim3_assessment_template.csv", "text/csv"),
    ("sim3_assessment_template.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
)


@dataclass(frozen=True)
class CertData:
    """Per-build inputs shared by every selection."""

    model: sim3.Sim3Model
    assess: pd.DataFrame
    index: pd.DataFrame
    summary: pd.DataFrame
    latest: pd.DataFrame
    teams_of: dict  # economy -> tuple of teams (real first, then most assessed, then by name)
    team_economy: dict  # team -> economy
    record: dict  # economy -> {indicator_id: key fact}
    record_obs: pd.DataFrame  # the observations behind the public-record columns
    sources: pd.DataFrame
    dates_of: dict = field(default_factory=dict)  # team -> its assessment dates, oldest first
    comparison: Comparison | None = None  # the same for every selection: made once per build (and language)

    def dates(self, team: str) -> list[str]:
        if team in self.dates_of:
            return list(self.dates_of[team])
        return list(self.index[self.index["team"] == team]["assessment_date"].drop_duplicates())


@dataclass(frozen=True)
class Labels:
    """The page's headings, widget labels and fixed captions, translated (the data-derived ones are in the view)."""

    title: str
    subtitle: str
    team: str
    date: str
    record_title: str
    record_caption: str
    assessment_title: str
    demo_assessment: str
    tier: str
    tier_help: str
    assessed: str
    levels_title: str
    levels_table: str
    assessment_source: str
    download: str
    trend_title: str
    compare_title: str
    compare_demo: str
    record_sources: str
    sim3_sources: str
    rule_title: str
    rule_table: str
    scale_title: str
    params_table: str
    add_title: str


def labels() -> Labels:
    return Labels(
        title=_("CERT maturity (SIM3)"),
        subtitle=_(
            "National CSIRTs on the public record, and SIM3 self-assessments of CERT teams: where "
            "each team stands, which tier that gives, and what blocks the next one."
        ),
        team=_("Team"),
        date=_("Assessment date"),
        record_title=_("Public record (real data)"),
        record_caption=_(
            "Facts read in public sources, with their confidence. They do not come from a SIM3 assessment."
        ),
        assessment_title=_("SIM3 self-assessment"),
        demo_assessment=_("made-up team and levels, not a measurement"),
        tier=_("Derived tier (project rule)"),
        tier_help=_("See 'How the tier is derived' below."),
        assessed=_("Parameters assessed"),
        levels_title=_("Levels by parameter and category"),
        levels_table=_("Table: level of every parameter"),
        assessment_source=_("Assessment source"),
        download=_("Download this assessment (CSV, template columns)"),
        trend_title=_("Trend across assessments"),
        compare_title=_("Compare teams and economies"),
        compare_demo=_("SIM3 columns; the public-record columns are real"),
        record_sources=_("Public-record sources"),
        sim3_sources=_("SIM3 assessment sources"),
        rule_title=_("How the tier is derived"),
        rule_table=_("Table: minimum level per parameter for each tier (project rule)"),
        scale_title=_("The SIM3 level scale"),
        params_table=_("Table: the 44 SIM3 v1 parameters and the evidence for their names"),
        add_title=_("Add a real assessment"),
    )


@dataclass(frozen=True)
class Selection:
    team: str | None
    date: str | None
    dates: tuple[str, ...]
    messages: tuple[str, ...] = ()

    def date_label(self, date: str) -> str:
        """An assessment date as the date picker shows it: the latest one says so."""
        return date + (" (" + _("latest") + ")" if self.dates and date == self.dates[-1] else "")


@dataclass(frozen=True)
class Assessment:
    """The selected self-assessment: box, heatmap, radar, tables, sources and the CSV download."""

    demo: bool
    confidence_badge: str  # 'Real assessment: verified' (empty for demo data: the demo badge is shown)
    heading: str
    tier_name: str
    assessed_text: str
    tier_warning: str | None
    next_tier_text: str | None  # what blocks the next tier, or that the highest is reached (None: no tier)
    blockers_caption: str | None
    top_reached: bool
    provenance_caption: str
    heatmap: Any
    levels_caption: str
    radar: Any
    categories: Table
    categories_note: str
    levels: Table
    sources: pd.DataFrame  # source_id, source_title, source_url of the assessment
    csv: bytes
    csv_name: str


@dataclass(frozen=True)
class Trend:
    demo: bool
    figure: Any
    table: Table
    caption: str


@dataclass(frozen=True)
class Comparison:
    demo: bool
    figure: Any  # None when no assessment is loaded
    table: Table
    caption: str
    note: str
    record_sources: pd.DataFrame  # observations behind the public-record columns
    sim3_sources: pd.DataFrame | None  # source_id, source_title, source_url of the SIM3 columns


@dataclass(frozen=True)
class Rule:
    warning: str
    statement: str
    quote: str
    sources_caption: str
    thresholds: Table
    scale: Table
    model_caption: str
    names_note: str
    parameters: Table
    how_to_add: str
    templates: tuple = ()  # (label, file content, file name, mime, key suffix)


@dataclass(frozen=True)
class CertView:
    economy: str
    team: str | None
    date: str | None
    no_team_message: str | None
    record: tuple = ()  # (markdown line, key fact) for the public-record box
    assessment: Assessment | None = None
    trend: Trend | None = None
    comparison: Comparison | None = None
    rule: Rule | None = None
    messages: tuple[str, ...] = field(default_factory=tuple)


def _shown(fig, demo: bool):
    """A figure as the page shows it: a chart built from demonstration data carries the watermark
    (indicators.render.figures.demo_watermark), drawn once here, not on every rerun."""
    return demo_watermark(fig) if demo else fig


def _team_order(index: pd.DataFrame, eco: str) -> tuple[str, ...]:
    mine = index[index["economy"] == eco]
    if not len(mine):
        return ()
    stats = mine.groupby("team").agg(
        demo=("confidence", lambda c: bool((c == "synthetic").all())), n=("assessment_date", "nunique")
    )
    return tuple(sorted(stats.index, key=lambda t: (stats.loc[t, "demo"], -stats.loc[t, "n"], t)))


def _with_titles(df: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    used = df.drop_duplicates("source_id").merge(sources[["source_id", "title", "url"]], on="source_id", how="left")
    return used.rename(columns={"title": "source_title", "url": "source_url"})


def prepare(
    assess: pd.DataFrame, obs: pd.DataFrame, catalog, sources: pd.DataFrame, model: sim3.Sim3Model | None = None
) -> CertData:
    model = model or sim3.load_model()
    index = sim3.assessments_index(assess)
    summary = sim3.team_summary(assess, model)
    teams_of = {e: _team_order(index, e) for e in ECONOMY_CODES}
    data = CertData(
        model=model,
        assess=assess,
        index=index,
        summary=summary,
        latest=sim3.latest_per_team(summary),
        teams_of=teams_of,
        team_economy={t: e for e in ECONOMY_CODES for t in teams_of[e]},
        record={e: {f["indicator_id"]: f for f in key_facts(obs, catalog, e)} for e in ECONOMY_CODES},
        record_obs=obs[obs["indicator_id"].isin(list(RECORD_INDICATORS))],
        sources=sources,
        dates_of={t: tuple(g["assessment_date"].drop_duplicates()) for t, g in index.groupby("team", sort=False)},
    )
    return replace(data, comparison=_comparison(data))


def default_economy(data: CertData, url_team: str | None, economy_given: bool) -> str:
    """The economy when the URL names no economy: the team's, else Albania."""
    return data.team_economy.get(url_team, "ALB") if not economy_given else "ALB"


def pick(data: CertData, economy: str, url_team: str | None, url_date: str | None) -> Selection:
    """The team and date to show for ``economy``: the URL's when usable, else the first team and its latest date."""
    teams = data.teams_of.get(economy, ())
    if not teams:
        return Selection(None, None, ())
    messages = []
    team = teams[0]
    if url_team is not None:
        if url_team in teams:
            team = url_team
        elif url_team not in data.team_economy:  # a team of another economy is simply replaced
            messages.append(
                _("Unknown team '{team}': showing {default}.").format(team=shown(url_team), default=teams[0])
            )
    dates = data.dates(team)
    date = dates[-1]
    if url_date is not None and url_team == team:
        if url_date in dates:
            date = url_date
        else:
            messages.append(
                _("No assessment of this team dated '{date}': showing the latest ({latest}).").format(
                    date=shown(url_date), latest=dates[-1]
                )
            )
    return Selection(team, date, tuple(dates), tuple(messages))


def _fact_text(fact: dict | None) -> str:
    if fact is None:
        return _("no data")
    if fact["status"] != "observed":
        return _(STATUS_LABELS.get(fact["status"], fact["status"]))
    return f"{fact['value']} ({_(fact['confidence'])})"


def _assessment(data: CertData, economy: str, team: str, date: str) -> tuple[Assessment, pd.DataFrame]:
    model, rows = data.model, sim3.select_assessment(data.assess, team, date)
    conf = rows["confidence"].iloc[0]
    tier = sim3.derive_tier(rows, model)
    assessed = int(rows["level"].notna().sum())
    tier_warning = next_text = blockers = None
    if tier.tier == sim3.NOT_DERIVABLE:
        tier_warning = _(
            "No tier: {n} parameter(s) not assessed ({ids}). A tier is only derived from a complete "
            "assessment; a blank is never read as level 0."
        ).format(n=len(tier.not_assessed), ids=", ".join(tier.not_assessed))
    elif tier.next_tier is None:
        next_text = _("Highest tier of the rule reached.")
    else:
        next_text = ngettext(
            "**To reach {tier}**, {n} parameter must rise:",
            "**To reach {tier}**, {n} parameters must rise:",
            len(tier.blockers),
        ).format(tier=_(model.tier_name(tier.next_tier)), n=len(tier.blockers))
        blockers = "; ".join(
            f"{b['parameter_id']} {md(b['name'])} ({b['level']} → {b['required']})" for b in tier.blockers[:12]
        ) + (" …" if len(tier.blockers) > 12 else "")
    assessors = ", ".join(sorted({str(a) for a in rows["assessor"].dropna() if a}))
    cats = sim3.category_scores(rows, model)
    dates = data.dates(team)
    earlier = [d for d in dates if d < date]
    series = [(team[:40] + f" · {date}", cats, colour(economy), "solid")]
    if earlier:
        prev = sim3.select_assessment(data.assess, team, earlier[-1])
        series.append(
            (_("Previous assessment") + f" · {earlier[-1]}", sim3.category_scores(prev, model), "#555555", "dash")
        )
    counts = rows["level"].dropna().astype(int).value_counts()
    mean_col = _("Mean level (0-4)")
    part = Assessment(
        demo=conf == "synthetic",
        confidence_badge="" if conf == "synthetic" else _("Real assessment") + f": {_(conf)}",
        heading=f"**{md(team)}** · {md(date)}",
        tier_name=_(tier.name),
        assessed_text=_("{n} of {m}").format(n=assessed, m=len(model.parameters)),
        tier_warning=tier_warning,
        next_tier_text=next_text,
        blockers_caption=blockers,
        top_reached=tier.tier != sim3.NOT_DERIVABLE and tier.next_tier is None,
        provenance_caption=_("Assessor")
        + ": "
        + (md(assessors) or "—")
        + " · "
        + _("Confidence")
        + ": "
        + _(CONFIDENCE_TEXT.get(conf, conf)),
        heatmap=_shown(sim3.heatmap(rows, model), conf == "synthetic"),
        levels_caption=_("Text summary")
        + ": "
        + _("{n} of {m} parameters assessed").format(n=assessed, m=len(model.parameters))
        + "; "
        + ", ".join(
            _("level {n} ({label}): {count}").format(n=lv.level, label=_(lv.label), count=int(counts.get(lv.level, 0)))
            for lv in model.levels
        )
        + ".",
        radar=_shown(sim3.radar(series, model), conf == "synthetic"),
        categories=Table(
            pd.DataFrame(
                {
                    _("Category"): [f"{c} {_(n)}" for c, n in zip(cats["category"], cats["name"])],
                    mean_col: cats["mean"],
                    _("Coverage"): [
                        _("{n} of {m}").format(n=n, m=m) if n else _("no data") for n, m in zip(cats["n"], cats["m"])
                    ],
                }
            ),
            formats={mean_col: "%.2f"},
        ),
        categories_note=_(
            "A category score is the mean level of its assessed parameters; parameters not assessed "
            "are left out, never counted as 0."
        ),
        levels=Table(
            pd.DataFrame(
                {
                    _("Parameter"): rows["parameter_id"],
                    _("Name (provisional)"): rows["parameter_name"],
                    _("Level"): rows["level"],
                    _("Meaning"): [model.level_label(v) for v in rows["level"]],
                    _("Note"): [note_text(n) for n in rows["note"]],  # data text: the notes domain
                }
            )
        ),
        sources=_with_titles(rows, data.sources),
        csv=sim3.assessment_export(rows, model),
        csv_name=f"sim3_{economy}_{date}.csv",
    )
    return part, rows


def _trend(data: CertData, team: str) -> Trend | None:
    model = data.model
    team_trend = sim3.trend(data.summary, team)
    if len(team_trend) <= 1:
        return None
    cat_cols = [f"{c} {_(n)}" for c, n in model.categories.items()]
    first, last = team_trend.iloc[0], team_trend.iloc[-1]
    demo = bool((team_trend["confidence"] == "synthetic").any())
    return Trend(
        demo=demo,
        figure=_shown(sim3.trend_figure(team_trend, model), demo),
        table=Table(
            pd.DataFrame(
                {
                    _("Assessment date"): team_trend["assessment_date"],
                    **{col: team_trend[c] for col, c in zip(cat_cols, model.categories)},
                    _("Overall"): team_trend["overall"],
                    _("Tier (project rule)"): [_(t) for t in team_trend["tier_name"]],
                    _("Confidence"): [_(c) for c in team_trend["confidence"]],
                }
            ),
            formats={c: "%.2f" for c in [*cat_cols, _("Overall")]},
        ),
        caption=_("Text summary")
        + ": "
        + _("overall mean level {a} on {d1}, {b} on {d2}; tier {t1} then {t2}.").format(
            a=format_number(first["overall"], 2),
            d1=first["assessment_date"],
            b=format_number(last["overall"], 2),
            d2=last["assessment_date"],
            t1=_(first["tier_name"]),
            t2=_(last["tier_name"]),
        ),
    )


def _comparison(data: CertData) -> Comparison:
    model, latest = data.model, data.latest
    table_rows = []
    for eco in ECONOMY_CODES:
        mine = latest[latest["economy"] == eco]
        base = {
            _("Economy"): display_name(eco),
            _("National CSIRT (public record)"): _fact_text(data.record[eco].get("national_csirt")),
            _("FIRST membership (public record)"): _fact_text(data.record[eco].get("first_membership")),
        }
        if not len(mine):
            table_rows.append(base | {_("SIM3 team"): _("no assessment loaded")})
        for _i, t in mine.iterrows():
            table_rows.append(
                base
                | {
                    _("SIM3 team"): t["team"],
                    _("Tier (project rule)"): _(t["tier_name"]),
                    _("Latest assessment"): t["assessment_date"],
                    _("Overall"): t["overall"],
                    **{c: t[c] for c in model.categories},
                    _("SIM3 data"): _(CONFIDENCE_TEXT.get(t["confidence"], t["confidence"])),
                }
            )
    caption = (
        _("Text summary")
        + ": "
        + "; ".join(
            f"{display_name(e)}: "
            + (
                ", ".join(f"{md(t['team'])} {_(t['tier_name'])}" for _i, t in latest[latest["economy"] == e].iterrows())
                or _("no assessment loaded")
            )
            for e in ECONOMY_CODES
        )
        + "."
    )
    sim3_sources = None
    if len(latest):
        used = latest.drop_duplicates("dataset").merge(
            data.assess.drop_duplicates("dataset")[["dataset", "source_id"]], on="dataset"
        )
        sim3_sources = _with_titles(used, data.sources)
    demo = bool((latest["confidence"] == "synthetic").any())
    return Comparison(
        demo=demo,
        figure=_shown(sim3.comparison_heatmap(latest, model), demo) if len(latest) else None,
        table=Table(pd.DataFrame(table_rows), formats={c: "%.2f" for c in [*model.categories, _("Overall")]}),
        caption=caption,
        record_sources=data.record_obs,
        note=_(
            "The public-record columns come from the 'csirts' dataset (real, with its sources on the economy "
            "profile). The SIM3 columns come from self-assessments; 'demonstration data' marks made-up teams."
        ),
        sim3_sources=sim3_sources,
    )


def _safe_fact(fact: dict) -> dict:
    """A key fact whose texts are escaped for markdown (its note, source title and address come from the data)."""
    return fact | {
        "note": md(note_text(fact.get("note") or "")),
        "source_title": md(fact["source_title"]) if fact.get("source_title") else fact.get("source_title"),
        "source_url": safe_url(fact.get("source_url")),
    }


def _link(source: dict) -> str:
    return md_link(source["title"], source["url"])


def rule_part(model: sim3.Sim3Model, templates: Path = TEMPLATES) -> Rule:
    """The tier rule, the level scale and the parameter list, with their sources; the template files."""
    thresholds = sim3.tier_thresholds(model).rename(
        columns={
            "parameter_id": _("Parameter"),
            "category": _("Category"),
            "name": _("Name (provisional)"),
            **{f"{t.id}_min": _("{tier} (minimum)").format(tier=_(t.name)) for t in model.tiers},
        }
    )
    files = []
    for name, mime in TEMPLATE_FILES:
        path = templates / name
        if path.exists():
            suffix = path.suffix[1:]
            files.append((_("Template") + f" ({suffix.upper()})", path.read_bytes(), name, mime, suffix))
    return Rule(
        warning=_(
            "Project rule, pending confirmation: ENISA's per-parameter table for its Basic / Intermediate / "
            "Advanced tiers was not found, so the thresholds below are this project's documented rule, not "
            "ENISA's."
        ),
        statement=_(model.rule["statement"]),
        quote=_("ENISA describes its framework as follows (tier names and framework):")
        + f"\n\n> {_(model.rule['enisa_quote'])}",
        sources_caption=_("Tier names and framework")
        + ": "
        + "; ".join(_link(s) for s in model.rule["sources"])
        + ". "
        + _(
            "The 'every parameter meets its minimum' shape follows TF-CSIRT Trusted Introducer "
            "certification; the thresholds are data in indicators/topics/sim3_model.yaml and will be replaced "
            "by ENISA's table when it is confirmed."
        ),
        thresholds=Table(thresholds),
        scale=Table(
            pd.DataFrame(
                {
                    _("Level"): [lv.level for lv in model.levels],
                    _("Short label"): [_(lv.label) for lv in model.levels],
                    _("Official wording (sim3.dk)"): [lv.wording for lv in model.levels],
                }
            )
        ),
        model_caption=_("Model") + f": SIM3 {model.version}; " + "; ".join(_link(s) for s in model.sources) + ".",
        names_note=_(model.names_note)
        + " "
        + _(
            "Evidence grades: A = number and topic backed by a secondary "
            "source; B = topic backed, number not; U = no source found."
        ),
        parameters=Table(
            pd.DataFrame(
                [
                    {
                        _("Parameter"): p.id,
                        _("Category"): _(model.categories[p.category]),
                        _("Name"): p.name,
                        _("Provisional"): _("yes") if p.provisional else _("no"),
                        _("Evidence"): p.evidence,
                        _("Note"): note_text(p.note),
                    }
                    for p in model.parameters
                ]
            )
        ),
        how_to_add=_(
            "Fill the template (one row per parameter, level 0-4 or blank for not assessed), put it in a "
            "new folder under data/raw/ with a source.yaml whose format is 'sim3_assessment', and run "
            "`python -m etl build`. The ETL lists every problem as file:row:column and loads nothing until "
            "all are fixed. See data/templates/README.md."
        ),
        templates=tuple(files),
    )


def build(data: CertData, economy: str, team: str | None, date: str | None, templates: Path = TEMPLATES) -> CertView:
    """Everything the CERT page shows for one economy, team and assessment date."""
    facts = data.record.get(economy, {})
    record = []
    for ind_id in RECORD_INDICATORS:
        fact = facts.get(ind_id)
        if fact is None:
            continue
        value = (
            md(fact["value"])
            if fact["status"] == "observed"
            else f"*{_(STATUS_LABELS.get(fact['status'], fact['status']))}*"
        )
        record.append((f"**{md(_(fact['label']))}:** {value}", _safe_fact(fact)))
    assessment = trend = None
    no_team = None
    if team is None:
        no_team = _(
            "No SIM3 assessment of a team in {economy} has been loaded. Fill the template "
            "(see 'Add a real assessment' below) to add one."
        ).format(economy=display_name(economy))
    else:
        assessment, _rows = _assessment(data, economy, team, date)
        trend = _trend(data, team)
    return CertView(
        economy=economy,
        team=team,
        date=date,
        no_team_message=no_team,
        record=tuple(record),
        assessment=assessment,
        trend=trend,
        comparison=data.comparison or _comparison(data),
        rule=rule_part(data.model, templates),
    )
