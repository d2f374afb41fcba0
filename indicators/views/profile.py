"""View model of the economy profile: pillar radar against the WB6 average, the gap table (full and compact),
strengths and gaps, the status matrix, key facts and the one-page country brief.

- :func:`build` returns :class:`ProfileView` for an economy and a reference period (``"latest"`` or ``"2020"``).
- :func:`brief_input` turns a view into the :class:`indicators.render.brief_content.BriefInput` of the country brief.

Every sources frame is made of the very observations behind the numbers next to it (same edition choice,
same latest-value rule), so a sources line never names an edition the numbers did not use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from indicators.method.comparability import average_of, ranked_counts
from indicators.method.compare import rank_of_n_text, with_missing_reasons
from indicators.method.scoring import (
    MIN_FOR_AVERAGE,
    PRIORITY_RULE,
    STATE_LABELS,
    STATUS_LABELS,
    average_text,
    gap_table,
    pillar_cell_text,
    pillar_inputs,
    pillar_scores,
    rows_behind,
    status_counts,
    status_matrix,
    strengths_and_gaps,
    wb6_average,
)
from indicators.method.sensitivity import with_bands
from indicators.model.catalog import Catalog
from indicators.model.economies import display_name
from indicators.model.export import to_csv_bytes
from indicators.render import flags as fl
from indicators.render.brief_content import BriefInput
from indicators.render.brief_content import filename as brief_filename  # noqa: F401 - the page names its downloads
from indicators.render.figures import average_legend, fit_legend_below_labels, radar
from indicators.render.qr import view_url
from indicators.text import formatting
from indicators.text.citation import latest_as_of, local_date
from indicators.text.i18n import N_, _, note_text
from indicators.text.markup import md, md_link
from indicators.topics.plans import gap_counts
from indicators.topics.profile import key_facts
from indicators.views import Table

PERIODS = {"latest": None, "2020": 2020}
PAGE_PATH = "profile"


@dataclass(frozen=True)
class Fact:
    """A key fact, every text escaped for markdown."""

    indicator_id: str
    label: str
    value: str  # with its scale, or the reason it is missing (already escaped)
    missing: bool
    provenance: str  # "Period: 2024 · Confidence: verified · Source: [title](url)" (markdown, escaped)
    note: str
    alternatives: tuple[str, ...]
    period: int | None
    confidence: str | None
    source_title: str | None


@dataclass(frozen=True)
class ProfileView:
    economy: str
    period: str
    title: str
    radar: Any
    pillar_table: Table
    pillar_summary: str
    pillar_method: str
    pillar_sources: pd.DataFrame  # the observations behind the scores and the WB6 average shown
    strengths: tuple[str, ...]  # markdown lines (escaped)
    top_gaps: tuple[str, ...]
    gap_table: Table
    gap_compact: tuple[str, ...]  # the columns of the compact form
    gap_csv: bytes
    gap_sources: pd.DataFrame
    gap_rows: pd.DataFrame  # the raw gap rows (for links to the plan items)
    plan_counts: dict
    demo_plans: bool
    status_caption: str
    status_table: Table
    status_sources: pd.DataFrame
    status_rows: pd.DataFrame
    facts: tuple[Fact, ...]
    fact_sources: pd.DataFrame
    pillar_rows: pd.DataFrame  # pillar, label, score, average, n, m (for the brief)
    average_label: str
    data_as_of: str | None
    kosovo_footnote: bool


def formatting_coverage(r) -> str:
    """'0 of 5' for a pillar row."""
    return _("{n} of {m}").format(n=int(r["n"]), m=int(r["m"]))


def _points(v) -> str:
    return "—" if v is None or pd.isna(v) else formatting.format_number(v, 1)


def _like_for_like(row, economy: str) -> str:
    """A note when the gap compares different periods (e.g. 'Serbia 2025 vs Kosovo* 2020')."""
    bp, mp = row["best_period"], row["period"]
    if bp is None or mp is None or pd.isna(bp) or pd.isna(mp) or int(bp) == int(mp) or not row["best_economies"]:
        return ""
    return _("periods differ: {best} {bp} vs {mine} {mp}").format(
        best=", ".join(display_name(e) for e in row["best_economies"]),
        bp=int(bp),
        mine=display_name(economy),
        mp=int(mp),
    )


def _gap_line(row, economy: str) -> str:
    best = ", ".join(display_name(e) for e in row["best_economies"])
    text = _("{indicator}: {value} (score {score}); WB6 best {best_value} ({best}), {gap}").format(
        indicator=md(row["indicator"]),
        value=md(row["value_scaled"]),
        score=formatting.score_with_scale(row["score"]),
        best_value=md(row["best_value_scaled"]),
        best=md(best),
        gap=_(formatting.gap_with_scale(row["gap_to_best"])),
    )
    note = _like_for_like(row, economy)
    return text + (f" ({md(note)})" if note else "")


def fact_note(note: str | None, value: str) -> str:
    """A key fact's note as shown under its value: nothing when it only repeats the value, and where it
    begins with the value's words in another case ("Tier 2 (Advancing; band ...)" under "Tier 2
    (advancing)"), those words as the value writes them, so a label reads the same everywhere (issue 15)."""
    note = str(note or "").strip()
    if not value or not note:
        return note
    if note.rstrip(".").casefold() == value.casefold():
        return ""
    stem = value.rstrip(")")
    if len(stem) > 3 and note.casefold().startswith(stem.casefold()):
        return stem + note[len(stem) :]
    return note


def _fit_radar(fig):
    """Room under the circle for the bottom axis label, with the legend pinned to the figure's bottom edge
    below it (issues 15 and 22; :func:`indicators.render.figures.fit_legend_below_labels`)."""
    return fit_legend_below_labels(fig)


@dataclass(frozen=True)
class ProfileBase:
    """What the profile of every economy shares for one period: the pillar scores of all economies (with rank
    bands and the reasons a pillar has no value), the WB6 average, the ranked counts and the pillar inputs.
    Made once per build, language and period (ui/data.py), so a change of economy builds only its own part.
    Read, never changed, by :func:`build`."""

    period: str
    scores: pd.DataFrame
    average: pd.DataFrame
    ranked: dict
    inputs: pd.DataFrame


def prepare(obs: pd.DataFrame, catalog: Catalog, bands: pd.DataFrame | None, period: str = "latest") -> ProfileBase:
    """The part of :func:`build` that does not depend on the economy."""
    as_of = PERIODS[period]
    scores = (
        with_bands(pillar_scores(obs, catalog, as_of), bands)
        if bands is not None
        else pillar_scores(obs, catalog, as_of)
    )
    average = wb6_average(scores)
    ranked = ranked_counts(scores)
    # why a pillar without any value has none: "not covered by the ITU GCI" where the publisher does not
    # assess the economy (Kosovo*), never "no data"
    scores = with_missing_reasons(scores, obs, catalog, as_of)
    return ProfileBase(period, scores, average, ranked, pillar_inputs(obs, catalog, as_of))


def build(
    obs: pd.DataFrame,
    catalog: Catalog,
    bands: pd.DataFrame | None,
    plan_items: pd.DataFrame,
    economy: str,
    period: str = "latest",
    base: ProfileBase | None = None,
) -> ProfileView:
    """Everything the profile page shows for ``economy`` and ``period`` (a key of :data:`PERIODS`). ``base``:
    :func:`prepare` of the same observations, catalog, bands and period, when already made."""

    as_of = PERIODS[period]
    if base is None or base.period != period:
        base = prepare(obs, catalog, bands, period)
    scores, average, ranked = base.scores, base.average, base.ranked
    avg = average.set_index("pillar")
    mine = scores[scores["economy"] == economy].reset_index(drop=True)
    reasons = {p: t for p, t in zip(mine["pillar"], mine["missing_reason"]) if t}

    def cell_text(r) -> str:
        if int(r["n"]) == 0 and reasons.get(r["pillar"]):
            return f"{reasons[r['pillar']]} ({formatting_coverage(r)})"
        return _(pillar_cell_text(r))

    # --- pillar scores and the sources of exactly those numbers ---
    ptable = pd.DataFrame(
        {
            _("Pillar"): [_(catalog.pillar_name(p)) for p in mine["pillar"]],
            _("Score (0-100), coverage"): [cell_text(r) for _i, r in mine.iterrows()],
            _("Rank (band)"): [rank_of_n_text(r, ranked.get(r["pillar"], 0)) or "—" for _i, r in mine.iterrows()],
            _("WB6 average"): [average_text(avg.loc[p]) for p in mine["pillar"]],
        }
    )
    shown_ok, not_shown = mine[mine["meets_rule"]], mine[~mine["meets_rule"]]
    summary = (
        _("Text summary")
        + ": "
        + (
            "; ".join(
                _("{pillar} {score} ({n} of {m})").format(
                    pillar=_(catalog.pillar_name(r.pillar)), score=formatting.score_with_scale(r.score), n=r.n, m=r.m
                )
                + (
                    ", "
                    + _("WB6 {average}").format(
                        average=average_of(
                            formatting.score_with_scale(avg.loc[r.pillar, "score"]), int(avg.loc[r.pillar, "economies"])
                        )
                    )
                    if pd.notna(avg.loc[r.pillar, "score"])
                    else ""
                )
                for r in shown_ok.itertuples()
            )
            or _("no pillar meets the coverage rule")
        )
    )
    if len(not_shown):
        summary += (
            ". "
            + _("Not scored")
            + ": "
            + ", ".join(
                f"{_(catalog.pillar_name(r.pillar))} ({cell_text(r._asdict())})" for r in not_shown.itertuples()
            )
        )
    method = _(
        "A pillar score is the mean of the pillar's available index indicators (graded external "
        "measurements), normalised to 0-100, shown only when {rule}. A mean of the available values treats "
        "each missing one as if it equalled the mean of the others; the rule limits how far that goes. "
        "Rank band: 5th-95th percentile of the rank when the method varies. The WB6 average is over the "
        "economies with a score and needs at least {k}. 'No data' is not zero."
    ).format(rule=_(catalog.coverage_rule.text()), k=MIN_FOR_AVERAGE)
    inputs = base.inputs
    shown_pairs = {(economy, p) for p in shown_ok["pillar"]}
    for p, members in zip(average["pillar"], average["members"]):
        if pd.notna(avg.loc[p, "score"]):
            shown_pairs |= {(e, p) for e in members}
    used_inputs = inputs[[(e, p) in shown_pairs for e, p in zip(inputs["economy"], inputs["pillar"])]]
    pillar_sources = rows_behind(obs, used_inputs)

    # --- gap table (full and compact), strengths and gaps ---
    gaps = gap_table(obs, catalog, economy, as_of)
    src = obs.drop_duplicates("source_id").set_index("source_id")["source_title"]
    counts = gap_counts(plan_items, economy, list(gaps["indicator_id"]))
    col = {
        k: _(k)
        for k in (
            N_("Priority"),
            N_("Indicator"),
            N_("Pillar"),
            N_("Value"),
            N_("Score"),
            N_("WB6 best"),
            N_("Gap to best"),
            N_("WB6 median"),
            N_("Target"),
            N_("Gap to target"),
            N_("Plan items"),
            N_("Period"),
            N_("Confidence"),
            N_("Source"),
            N_("Like for like"),
        )
    }
    gap_frame = pd.DataFrame(
        {
            col["Priority"]: [
                f"{int(r)}. {_(p)}" if pd.notna(r) else _(p) for r, p in zip(gaps["priority_rank"], gaps["priority"])
            ],
            col["Indicator"]: gaps["indicator"],
            col["Pillar"]: [
                _(catalog.pillar_name(p)) if p != "headline" else _("Headline index") for p in gaps["pillar"]
            ],
            col["Value"]: [fl.mark(v, f) for v, f in zip(gaps["value_scaled"], gaps.get("flag", [None] * len(gaps)))],
            col["Score"]: [formatting.score_with_scale(s, missing="—") for s in gaps["score"]],
            col["WB6 best"]: [
                sg
                if lens == "status"
                else (
                    f"{v} ({', '.join(display_name(e) for e in ecos)}; " + _("best of {k}").format(k=k) + ")"
                    if ecos
                    else v
                )
                for v, ecos, k, lens, sg in zip(
                    gaps["best_value_scaled"],
                    gaps["best_economies"],
                    gaps["economies_with_data"],
                    gaps["lens"],
                    gaps["status_gap"],
                )
            ],
            col["Gap to best"]: [_points(v) for v in gaps["gap_to_best"]],
            col["Like for like"]: [
                r["not_compared"]
                or _like_for_like(r, economy)
                or (_("same period") if pd.notna(r["gap_to_best"]) else "—")
                for _i, r in gaps.iterrows()
            ],
            col["WB6 median"]: [_points(v) for v in gaps["wb6_median"]],
            col["Target"]: gaps["target"].fillna("—"),
            col["Gap to target"]: [_points(v) for v in gaps["gap_to_target"]],
            col["Plan items"]: [counts[i] for i in gaps["indicator_id"]],
            col["Period"]: gaps["period"].astype("Int64"),
            col["Confidence"]: [_(c) if isinstance(c, str) else "—" for c in gaps["confidence"]],
            col["Source"]: [src.get(s, "—") if isinstance(s, str) else "—" for s in gaps["source_id"]],
        }
    )
    compact = (col["Indicator"], col["Value"], col["Gap to best"], col["Priority"])
    export = gaps.drop(columns=["best_economies"]).assign(
        economy=economy,
        best_economies=[";".join(e) for e in gaps["best_economies"]],
        score_scale="0-100 (normalised)",
        reference_period=period,
    )
    strengths, biggest = strengths_and_gaps(gaps)
    strength_lines = tuple(
        _("{indicator}: {value} (score {score})").format(
            indicator=md(r["indicator"]), value=md(r["value_scaled"]), score=formatting.score_with_scale(r["score"])
        )
        for _i, r in strengths.iterrows()
    )
    gap_lines = tuple(_gap_line(r, economy) for _i, r in biggest.iterrows())
    gap_keys = gaps.assign(economy=economy).dropna(subset=["source_id", "period"])
    best_keys = pd.DataFrame(
        [
            {"economy": e, "indicator_id": r["indicator_id"], "period": r["best_period"], "source_id": None}
            for _i, r in gaps.iterrows()
            for e in r["best_economies"]
        ]
    )
    gap_sources = rows_behind(obs, gap_keys)
    if len(best_keys):  # the WB6 best values shown beside each gap
        latest_best = obs[obs["preferred"].astype(bool) & (obs["group"] == "all")].merge(
            best_keys.drop(columns="source_id").dropna().astype({"period": int}),
            on=["economy", "indicator_id", "period"],
        )
        latest_best = latest_best[latest_best["confidence"] != "synthetic"]
        gap_sources = pd.concat([gap_sources, latest_best], ignore_index=True)

    # --- status lens ---
    facts = status_matrix(obs, catalog, [economy], as_of)
    fcounts = status_counts(facts)
    status_caption = (
        _("What is in place, never averaged into a score")
        + ": "
        + (_(fcounts.iloc[0]["text"]) if len(fcounts) else _("no status fact"))
        + "."
    )
    status_frame = pd.DataFrame(
        {
            _("Fact"): facts["indicator"],
            _("Pillar"): [_(catalog.pillar_name(p)) for p in facts["pillar"]],
            _("Status"): [_(STATE_LABELS[s]) for s in facts["state"]],
            _("Value"): facts["value"],
            _("Year"): facts["period"].astype("Int64"),
            _("Confidence"): [_(c) if isinstance(c, str) else "—" for c in facts["confidence"]],
            _("Source"): [src.get(s, "—") if isinstance(s, str) else "—" for s in facts["source_id"]],
        }
    )
    status_sources = rows_behind(obs, facts.dropna(subset=["period"]))

    # --- key facts ---
    kf = key_facts(obs, catalog, economy)
    fact_list = []
    for f in kf:
        ind = catalog.get(f["indicator_id"])
        missing = f["status"] != "observed"
        plain = ""
        if missing:
            value = md(_(STATUS_LABELS.get(f["status"], f["status"])))
        else:
            row = obs[
                (obs["economy"] == economy)
                & (obs["indicator_id"] == f["indicator_id"])
                & (obs["period"] == f["period"])
                & obs["preferred"].astype(bool)
                & (obs["group"] == "all")
            ]
            plain = (
                formatting.indicator_value(ind, row.iloc[-1]["value"], row.iloc[-1]["value_text"])
                if len(row)
                else str(f["value"])
            )
            value = md(plain)
        meta = []
        if f.get("period"):
            meta.append(_("Period: {year}").format(year=f["period"]))
        if f.get("confidence"):
            meta.append(_("Confidence: {level}").format(level=_(f["confidence"])))
        if f.get("source_title"):
            meta.append(_("Source: {link}").format(link=md_link(f["source_title"], f.get("source_url"))))
        alts = tuple(
            _("Another source gives {value} ({source}, {confidence}). {note}").format(
                value="**" + md(a["value"]) + "**",
                source=md_link(a["source_title"], a["source_url"]),
                confidence=_(a["confidence"]),
                note=md(note_text(a["note"])),
            )
            for a in f["alternatives"]
        )
        fact_list.append(
            Fact(
                f["indicator_id"],
                md(_(f["label"])),
                value,
                missing,
                " · ".join(meta),
                md(fact_note(note_text(f["note"]), plain)),
                alts,
                f["period"],
                f["confidence"],
                f["source_title"],
            )
        )
    fact_keys = pd.DataFrame(
        [
            {"economy": economy, "indicator_id": f["indicator_id"], "period": f["period"], "source_id": None}
            for f in kf
            if f["period"]
        ]
    )
    fact_sources = (
        obs.iloc[0:0]
        if not len(fact_keys)
        else obs[(obs["economy"] == economy) & (obs["group"] == "all")].merge(
            fact_keys.drop(columns="source_id").astype({"period": int}), on=["economy", "indicator_id", "period"]
        )
    )

    pillar_rows = pd.DataFrame(
        {
            "pillar": [_(catalog.pillar_name(p)) for p in mine["pillar"]],
            "score": [float(s) if pd.notna(s) else None for s in mine["score"]],
            "average": [float(avg.loc[p, "score"]) if pd.notna(avg.loc[p, "score"]) else None for p in mine["pillar"]],
            "n": mine["n"],
            "m": mine["m"],
            "missing_label": [t or None for t in mine["missing_reason"]],
        }
    )
    everything = pd.concat([pillar_sources, gap_sources, status_sources, fact_sources], ignore_index=True)
    return ProfileView(
        economy=economy,
        period=period,
        title=_("Economy profile: {economy}").format(economy=display_name(economy)),
        radar=_fit_radar(radar(scores, average, catalog, [economy], compact=True, reasons=reasons)),
        pillar_table=Table(ptable),
        pillar_summary=summary,
        pillar_method=method,
        pillar_sources=pillar_sources,
        strengths=strength_lines,
        top_gaps=gap_lines,
        gap_table=Table(gap_frame, note=fl.legend(gaps.get("flag"))),
        gap_compact=compact,
        gap_csv=to_csv_bytes(export),
        gap_sources=gap_sources,
        gap_rows=gaps,
        plan_counts=counts,
        demo_plans=bool((plan_items["confidence"] == "synthetic").any()) if len(plan_items) else False,
        status_caption=status_caption,
        status_table=Table(status_frame),
        status_sources=status_sources,
        status_rows=facts,
        facts=tuple(fact_list),
        fact_sources=fact_sources,
        pillar_rows=pillar_rows,
        average_label=average_legend(
            [float(a) if pd.notna(a) else None for a in average["score"]], list(average["economies"])
        ),
        data_as_of=latest_as_of(everything["source_as_of"]) if "source_as_of" in everything else None,
        kosovo_footnote=economy == "XKX",
    )


BRIEF_STATES = {
    "in_place": "in_place",
    "partly": "partly",
    "missing": "missing",
    "not_assessed": "not_assessed",
    "not_applicable": "not_applicable",  # as its detail says: never "not assessed" (the status rules)
}


def permalink(view: ProfileView, base_url: str | None, lang: str | None = None) -> tuple[str, str | None]:
    """The view's permalink: absolute under the configured public base URL, else a relative path and a note."""

    params = {"economy": view.economy, **({"period": view.period} if view.period != "latest" else {})}
    if base_url:
        return view_url(base_url, PAGE_PATH, params, lang), None
    query = "&".join(f"{k}={v}" for k, v in params.items()) + (f"&lang={lang}" if lang else "")
    return (
        f"{PAGE_PATH}?{query}",
        _("No public URL is set, so the permalink is a path relative to this dashboard's address."),
    )


def brief_input(view: ProfileView, build_id: str, link: str, accessed: date | None = None):
    """The country brief's content, taken from the view (the same numbers, in the same selection)."""

    status = [
        {"fact": r["indicator"], "status": BRIEF_STATES[r["state"]], "detail": r["value"], "date": r["period"]}
        for _i, r in view.status_rows.iterrows()
    ]
    _strengths, biggest = strengths_and_gaps(view.gap_rows, k=3)
    gaps = [
        {
            "indicator": r["indicator"],
            "value": r["value_scaled"],
            "best": f"{r['best_value_scaled']} ({', '.join(display_name(e) for e in r['best_economies'])})",
            "gap": _("{gap} / 100 points behind").format(gap=_points(r["gap_to_best"]))
            + (
                "; " + _("periods differ ({best} vs {mine})").format(best=int(r["best_period"]), mine=int(r["period"]))
                if _like_for_like(r, view.economy)
                else ""
            ),
            "period": r["period"],
            "confidence": r["confidence"],
        }
        for _i, r in biggest.iterrows()
    ]
    facts = []
    in_status = set(view.status_rows["indicator_id"])
    for f in view.facts:
        if f.indicator_id in in_status:  # already in the status matrix
            continue
        facts.append(
            {
                "label": f.label.replace("\\", ""),
                "value": f.value.replace("\\", ""),
                "date": f.period,
                "confidence": f.confidence or "—",
            }
        )
    everything = (
        pd.concat([view.pillar_sources, view.gap_sources, view.status_sources, view.fact_sources], ignore_index=True)
        .dropna(subset=["source_id"])
        .drop_duplicates("source_id")
    )
    sources = [
        _("{title} ({publisher}), as of {date}").format(
            title=r.source_title, publisher=r.source_publisher, date=local_date(r.source_as_of)
        )
        for r in everything.itertuples()
    ]
    demo = bool(
        pd.concat([view.pillar_sources, view.gap_sources, view.fact_sources])["confidence"].eq("synthetic").any()
    )
    return BriefInput(
        economy=view.economy,
        pillars=view.pillar_rows,
        average_label=view.average_label,
        status=status,
        gaps=gaps,
        key_facts=facts,
        sources=sources,
        data_as_of=view.data_as_of or "unknown",
        build_id=build_id,
        permalink=link,
        accessed=accessed,
        demonstration=demo,
    )


def gap_rule_caption() -> str:
    """The caption under the gap table: the priority rule, and what an empty score or gap means."""
    return (
        _(PRIORITY_RULE)
        + " "
        + _("An empty score or gap means the value is missing (the Value column says why), never zero.")
    )
