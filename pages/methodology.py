"""Methodology and sources: every indicator, the scoring method with a live worked example, every
source and what was taken from it, confidence and missingness, and the known caveats.

``?source=<id>[,<id>…]`` (the links under every chart) puts those sources at the top, highlighted,
and opens their dataset in the list; ``?indicator=<id>`` does the same for an indicator;
``?economy=`` and ``?pillar=`` choose the worked example.
"""
from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import streamlit as st

from indicators import explore
from indicators.catalog import PILLAR_IDS
from indicators.economies import ECONOMY_CODES, display_name
from indicators.i18n import _, ngettext
from indicators.paths import raw_dir
from indicators.scoring import (MIN_FOR_AVERAGE, MIN_FOR_GAP, MIN_FOR_MEDIAN, PRIORITY_RULE,
                                STATUS_LABELS, gap_table, pillar_scores)
from indicators.sensitivity import Setup, rank_text, with_bands
from indicators.urlstate import shown as shown_input
from ui import data, frame, state
from ui.router import ensure_router

ensure_router()

catalog = data.catalog()
obs = data.observations()
sources = data.table("sources")
datasets = data.table("datasets")
usage = explore.source_usage(obs).set_index("source_id")
other_rows = explore.rows_by_source_in_tables(data.warehouse().query)
source_ids = list(sources["source_id"])


def md(text) -> str:
    """Source text shown as plain text inside markdown (no emphasis, links, maths or HTML from the data)."""
    text = str(text)
    for ch in "\\`*_[]~$|#<>&":
        text = text.replace(ch, "\\" + ch)
    return text


def link(url) -> str:
    url = str(url)
    if not url.startswith(("http://", "https://")):
        return "#sources"
    return quote(url, safe=":/?&=#%+,;@~")


def pillar_label(pid: str) -> str:
    return _("Headline index") if pid == "headline" else _(catalog.pillar_name(pid))


def ind_name(ind_id: str) -> str:
    ind = catalog.get(ind_id)
    return ind.name if ind else ind_id


# ---- URL state --------------------------------------------------------------------------------
wanted_sources: list[str] = []
unknown: list[str] = []
valid_raw: list[str] = []
for raw in [p.strip() for v in state.values("source") for p in v.split(",") if p.strip()][:60]:
    if raw in source_ids or raw in set(datasets["dataset"]):
        valid_raw.append(raw)
    if raw in source_ids:
        if raw not in wanted_sources:
            wanted_sources.append(raw)
    elif raw in set(datasets["dataset"]):
        wanted_sources += [s for s in sources[sources["dataset"] == raw]["source_id"] if s not in wanted_sources]
    else:
        unknown.append(shown_input(raw))
if unknown:
    st.info(_("Unknown source id(s)") + f": {', '.join(unknown[:5])}. " + _("Showing all sources."),
            icon=":material/info:")
    state.write(source=valid_raw or None)
wanted_indicator = None
raw_ind = state.values("indicator")
if raw_ind:
    if raw_ind[-1] in catalog.indicators:
        wanted_indicator = raw_ind[-1]
    else:
        st.info(_("Unknown indicator") + f" '{shown_input(raw_ind[-1])}'. " + _("Showing all indicators."),
                icon=":material/info:")
        state.write(indicator=None)
economy = state.economy(default="ALB")
pillar = state.choice("pillar", PILLAR_IDS, "legal", _("pillar"))

frame.page_header(_("Methodology and sources"),
                  _("How every number is defined, scored and sourced, and what to keep in mind when reading it."))
st.markdown(" · ".join(f"[{label}](#{anchor})" for label, anchor in (
    (_("How scores are computed"), "method"), (_("Worked example"), "worked-example"),
    (_("Indicators"), "indicators"), (_("Sources"), "sources"),
    (_("Confidence and missing values"), "confidence"), (_("Known caveats"), "caveats"))))


def source_card(sid: str, highlight: bool = False, where: str = "list") -> None:
    """One source: publisher, URL, licence, as-of date, where it was read and what was taken from it."""
    s = sources[sources["source_id"] == sid].iloc[0]
    lines = [f"**{md(s['title'])}**  \n`{sid}` · {_('Publisher')}: {md(s['publisher'])}"]
    url = str(s["url"] or "")
    lines.append(f"{_('Address')}: " + (f"[{md(url)}]({link(url)})" if url.startswith(("http://", "https://"))
                                        else f"`{url}`"))
    other = str(s.get("other_urls") or "").strip()
    if other:
        lines.append(_("Also") + ": " + ", ".join(f"[{md(u.strip())}]({link(u.strip())})"
                                                  for u in other.split(";") if u.strip()))
    lines.append(f"{_('Licence or terms')}: {md(s['licence'] or _('not stated'))} · {_('As of')}: {s['as_of']} · "
                 f"{_('Dataset')}: `{s['dataset']}`")
    if str(s.get("where_found") or "").strip():
        lines.append(f"{_('Where it was read')}: {md(s['where_found'])}")
    taken = []
    if sid in usage.index:
        u = usage.loc[sid]
        taken.append(f"{int(u['rows'])} {ngettext('observation', 'observations', int(u['rows']))}: "
                     + "; ".join(md(ind_name(i)) for i in u["indicators"]) + " · "
                     + ", ".join(display_name(e) for e in u["economies"]))
    for _j, t in other_rows[other_rows["source_id"] == sid].iterrows():
        taken.append(f"{int(t['rows'])} {ngettext('row of the table', 'rows of the table', int(t['rows']))} "
                     f"`{t['table']}`")
    lines.append(_("Taken from it") + ": " + (" · ".join(taken) if taken else
                                              _("no rows in the current build (listed for reference).")))
    synthetic = int(other_rows[other_rows["source_id"] == sid]["synthetic"].sum()) + int(
        ((obs["source_id"] == sid) & (obs["confidence"] == "synthetic")).sum())
    with st.container(border=True, key=f"methodology_{where}_{sid.replace('.', '_')}"):
        if highlight:
            st.badge(_("The source you followed"), icon=":material/link:", color="blue")
        if synthetic:
            frame.demo_badge(_("made-up rows for demonstration, not measurements"))
        st.markdown("  \n".join(lines))
        if sid in usage.index:  # the explorer shows observations
            st.page_link("pages/explorer.py", label=_("See these rows in the data explorer"),
                         icon=":material/table_view:", query_params={"source": sid})


if wanted_sources or wanted_indicator:
    st.subheader(_("You followed a link to"), anchor="followed")
    for sid in wanted_sources[:12]:
        source_card(sid, highlight=True, where="followed")
    if len(wanted_sources) > 12:
        st.caption(f"{_('and')} {len(wanted_sources) - 12} {_('more, listed under Sources below')}")
    if wanted_indicator:
        ind = catalog.get(wanted_indicator)
        with st.container(border=True, key="followed_indicator"):
            st.markdown(f"**{md(ind.name)}** (`{ind.id}`)  \n{md(ind.description)}  \n"
                        f"{_('Pillar')}: {pillar_label(ind.pillar)} · {_('Unit')}: {ind.unit} · "
                        f"{_('Scale')}: {md(ind.scale_text())} · {_('Direction')}: {_(ind.direction.replace('_', ' '))}")
            cross = [f"{k}: {v}" for k, v in ind.crosswalk.items()]
            if cross:
                st.caption(_("Crosswalk") + ": " + md(" · ".join(cross)))
            st.page_link("pages/explorer.py", label=_("See its values in the data explorer"),
                         icon=":material/table_view:", query_params={"indicator": ind.id})

# ---- Method -----------------------------------------------------------------------------------
st.header(_("How scores are computed"), anchor="method")
example_num = obs[(obs["status"] == "observed") & obs["value"].notna() & obs["score"].notna()
                  & obs["preferred"] & (obs["economy"] == economy) & (obs["pillar"] != "headline")
                  & ~obs["score"].isin([0.0, 100.0])]
num_line = ""
if len(example_num):
    r = example_num.sort_values(["period", "indicator_id"]).iloc[-1]
    ind = catalog.get(r["indicator_id"])
    num_line = (f" {_('For example')}: {display_name(economy)}, {ind.name} {r['period']}: "
                + explore.normalisation_steps(ind, r["value"], r["value_text"], r["score"]) + ".")
st.markdown(
    "- **" + _("Normalisation") + ".** "
    + _("Every indicator is put on a common 0-100 scale. A number on a declared scale from min to max "
        "becomes 100 × (value − min) / (max − min); when lower is better (e.g. the share of women who "
        "experienced online violence) it becomes 100 minus that. A category (treaty status, law status, "
        "tier) takes the score the catalog assigns to it, with the rule written in the indicator's definition.")
    + num_line + "\n"
    "- **" + _("Editions") + ".** "
    + _("An index whose methodology changed between editions is split into one indicator per edition. "
        "For a reference year, each series uses its latest edition published by then, and each economy "
        "its latest value dated by then, so a score never mixes editions.") + "\n"
    "- **" + _("Two lenses, never averaged together") + ".** "
    + _("The index lens holds graded external measurements (e.g. the ITU GCI pillar scores per edition, "
        "survey-based statistics); only these make pillar scores. The status lens holds legal and "
        "institutional facts (Budapest Convention, strategy, cyber law, data protection, national CSIRT, "
        "FIRST membership, CMM review); they are shown as a status matrix: in place (the catalog's top "
        "category), partly in place (a middle category), missing (the lowest category) or not assessed, "
        "with the year and the source, and counted ('5 of 8 in place'), never turned into a 0-100 mean. "
        "Each indicator's lens is declared in the catalog.") + "\n"
    "- **" + _("Pillar score") + ".** "
    + _("The mean of the pillar's available normalised index indicators, shown with its coverage (n of m). "
        "An indicator without a value is left out of the mean, never counted as zero. Honestly put, a mean "
        "of the available values acts as mean imputation: each missing indicator is treated as if it equalled "
        "the mean of the others. The coverage rule limits how far that goes.") + "\n"
    "- **" + _("Coverage rule") + ".** "
    + _("A pillar score is shown as a number and ranked only when {rule} (declared in the catalog: "
        "min_share {share:g}, min_index_indicators {least}). Below it the pillar reads 'insufficient data "
        "(n of m)': it is not ranked, it is hatched on the map and left out of slide rankings, and the "
        "missing indicators are named.").format(rule=_(catalog.coverage_rule.text()),
                                                share=catalog.coverage_rule.min_share,
                                                least=catalog.coverage_rule.min_index_indicators) + "\n"
    "- **" + _("Like-for-like comparisons") + ".** "
    + _("The WB6 average of a pillar is taken over the economies whose score meets the rule and is labelled "
        "'average of n'; with fewer than {avg} economies there is none. A best is always 'best of n'. No "
        "median with fewer than {med}. Gap priorities are given only against a best of at least {gap} "
        "economies.").format(avg=MIN_FOR_AVERAGE, med=MIN_FOR_MEDIAN, gap=MIN_FOR_GAP) + "\n"
    "- **" + _("Rank uncertainty") + ".** "
    + _("Each ranked economy's rank comes with a rank band from a seeded sensitivity analysis (step 7 of the "
        "OECD/JRC Handbook on Constructing Composite Indicators)") + ": " + _(Setup().text()) + "\n"
    "- **" + _("Gap") + ".** "
    + _("For each indicator: the economy's normalised score, the best score among the six economies (and "
        "who holds it), the gap between the two in normalised points, the WB6 median, and a target where "
        "the catalog defines one.") + " " + _(PRIORITY_RULE) + "\n"
    "- **" + _("Demonstration data") + ".** "
    + _("Rows with confidence 'synthetic' are left out of every score unless a view says otherwise, and "
        "carry a badge wherever they are shown."))

# ---- Worked example ---------------------------------------------------------------------------
st.header(_("Worked example"), anchor="worked-example")
c1, c2 = st.columns(2)
economy = c1.selectbox(_("Economy"), ECONOMY_CODES, index=ECONOMY_CODES.index(economy), format_func=display_name,
                       key="methodology_economy")
pillar = c2.selectbox(_("Pillar"), PILLAR_IDS, index=PILLAR_IDS.index(pillar), format_func=pillar_label,
                      key="methodology_pillar")
state.write(economy=None if economy == "ALB" else economy, pillar=None if pillar == "legal" else pillar)

example = explore.worked_example(obs, catalog, economy, pillar)
st.markdown(f"**{display_name(economy)} · {pillar_label(pillar)}** — "
            + _("computed now from the data in the warehouse, with the same functions as the profile page."))
steps = pd.DataFrame({
    _("Indicator"): [r["indicator"] for r in example["rows"]],
    _("Value"): [r["value"] for r in example["rows"]],
    _("Normalised score"): ["—" if r["score"] is None else f"{r['score']:.2f}" for r in example["rows"]],
    _("How"): [r["steps"] for r in example["rows"]],
    _("Period"): pd.array([r["period"] for r in example["rows"]], dtype="Int64"),
    _("Scale"): [r["scale"] for r in example["rows"]],
})
st.dataframe(steps, hide_index=True, key="methodology_example", width="stretch",
             column_config={_("Normalised score"): st.column_config.TextColumn(
                                width="small", help=_("0-100; '—' = not counted, never zero")),
                            _("How"): st.column_config.TextColumn(width="large"),
                            _("Period"): st.column_config.NumberColumn(format="%d", width="small")})
example_rule = catalog.rule_for(pillar)
meets = example_rule.met(example["n"], example["m"])
if example["n"]:
    used_scores = [r["score"] for r in example["rows"] if r["score"] is not None]
    line = (f"{_('Pillar score')} = " + f"({' + '.join(f'{s:g}' for s in used_scores)}) / {example['n']} = "
            + f"**{example['mean']:.2f}** · {_('coverage')} {example['n']} {_('of')} {example['m']}. ")
    if meets:
        line += (_("The coverage rule holds ({rule}), so this is the pillar score the profile page shows").format(
            rule=_(example_rule.text())) + f" ({example['pillar_score']:.2f})."
            if example["pillar_score"] is not None and round(example["mean"], 2) == example["pillar_score"]
            else _("Warning: this differs from the stored pillar score."))
    else:
        line += _("Below the coverage rule ({rule}; {k} of {m} needed): the pages show 'insufficient data "
                  "({n} of {m})', no number and no rank.").format(rule=_(example_rule.text()),
                                                              k=example_rule.needed(example["m"]),
                                                              n=example["n"], m=example["m"])
    if example["n"] < example["m"]:
        line += " " + _("The missing indicators are in effect given the mean of the others ({mean:.2f}): "
                        "that is what a mean of the available values does.").format(mean=example["mean"])
    st.markdown(line)
else:
    st.markdown(_("No indicator of this pillar has a value for this economy: the pillar score is 'no data', not zero."))
missing = [r for r in example["rows"] if r["score"] is None]
if missing:
    st.caption(_("Not counted (missing is never zero)") + ": "
               + "; ".join(f"{r['indicator']} ({r['value']})" for r in missing))

gaps = gap_table(obs, catalog, economy)
gap_rows = gaps[(gaps["pillar"] == pillar) & gaps["gap_to_best"].notna()]
if len(gap_rows):
    g = gap_rows.iloc[0]
    leaders = ", ".join(display_name(e) for e in g["best_economies"])
    st.markdown(
        f"**{_('Gap')}.** {g['indicator']}: {display_name(economy)} {_('scores')} {g['score']:.1f}; "
        f"{_('the WB6 best is')} {g['best_score']:.1f} ({leaders}; {_('best of')} {g['economies_with_data']}), "
        f"{_('so the gap to the best is')} "
        f"{g['best_score']:.1f} − {g['score']:.1f} = **{g['gap_to_best']:.1f}** {_('points')}; "
        f"{_('the WB6 median is')} {g['wb6_median']:.1f}. {_('Priority')}: {_(g['priority'])}.")
used_keys = {(r["indicator_id"], r["period"], r["source_id"]) for r in example["rows"] if r["source_id"]}
example_obs = obs[(obs["economy"] == economy) & pd.Series(
    [k in used_keys for k in zip(obs["indicator_id"], obs["period"], obs["source_id"])], index=obs.index)]
frame.sources_line(example_obs)
if economy == "XKX":
    frame.kosovo_footnote()

# ---- Rank uncertainty -------------------------------------------------------------------------
st.subheader(_("Rank uncertainty: the sensitivity analysis"), anchor="sensitivity")
setup = Setup()
st.markdown(_("Set-up") + ": " + _(setup.text()) + " "
            + _("Only economies whose pillar meets the coverage rule are ranked. Computed once per data build."))
bands = with_bands(pillar_scores(obs, catalog), data.rank_bands(None))
band_table = pd.DataFrame({_("Economy"): [display_name(e) for e in ECONOMY_CODES]})
for pid in PILLAR_IDS:
    col = bands[bands["pillar"] == pid].set_index("economy")
    band_table[pillar_label(pid)] = [rank_text(col.loc[e]) or _("not ranked") for e in ECONOMY_CODES]
st.dataframe(band_table, hide_index=True, key="methodology_rank_bands", width="stretch")
moved = bands[bands["band_lo"].notna() & (bands["band_lo"] != bands["band_hi"])]
st.caption(_("Latest editions. Rank (band): the published rank and the 5th-95th percentile of the ranks over "
             "the draws.") + " " + (
    _("{n} of {m} ranked economy-pillar pairs move within a band wider than one rank.").format(
        n=len(moved), m=int(bands["band_lo"].notna().sum()))
    if len(moved) else _("No rank moves under these choices: with one index indicator per pillar, rank "
                         "normalisation and leaving an indicator out keep the order.")))

# ---- Indicators -------------------------------------------------------------------------------
st.header(_("Indicators"), anchor="indicators")
ref = explore.indicator_reference(catalog)
st.markdown(f"{len(ref)} " + _("indicators in the catalog. Headline indices are shown for context and are not "
                               "part of the pillar scores; 'Lens' and 'In pillar score' say which indicators "
                               "are: only index-lens indicators marked 'in pillar score' are averaged."))
st.dataframe(pd.DataFrame({
    _("ID"): ref["indicator_id"], _("Name"): ref["name"], _("Pillar"): [pillar_label(p) for p in ref["pillar"]],
    _("Lens"): [catalog.get(i).lens if catalog.get(i) else "" for i in ref["indicator_id"]],
    _("Unit"): ref["unit"], _("Scale"): ref["scale"], _("Direction"): [_(d) for d in ref["direction"]],
    _("In pillar score"): ref["in_pillar_score"], _("Definition"): ref["definition"],
    _("GCI pillar"): ref["gci_pillar"], _("CMM dimension"): ref["cmm_dimension"], _("NCSI area"): ref["ncsi_area"],
    _("SIM3"): ref["sim3_category"], _("NIS2"): ref["nis2_article"], _("Target"): ref["target"],
    _("Datasets"): ref["sources"],
}), hide_index=True, key="methodology_indicators", width="stretch", height=460,
    column_config={_("Definition"): st.column_config.TextColumn(width="large")})
st.caption(_("Text alternative: each row is one indicator; the crosswalk columns map it to the ITU GCI pillar, "
             "the Oxford CMM dimension, the NCSI capacity area, the SIM3 category and the NIS2 article where "
             "one applies.") + " " + _("Source: the project's indicator catalog (indicators/catalog/*.yaml)."))

# ---- Sources ----------------------------------------------------------------------------------
st.header(_("Sources"), anchor="sources")
st.markdown(f"{len(sources)} " + _("sources in") + f" {len(datasets)} " + _("datasets. Every row of the data "
            "cites one of them; the links under each chart lead here."))
for _i, d in datasets.sort_values("dataset").iterrows():
    mine = sources[sources["dataset"] == d["dataset"]]
    rows = int((obs["dataset"] == d["dataset"]).sum()) + int(
        other_rows[other_rows["source_id"].isin(mine["source_id"])]["rows"].sum())
    open_it = any(s in wanted_sources for s in mine["source_id"])
    with st.expander(f"{d['title']} — {ngettext('{n} source', '{n} sources', len(mine)).format(n=len(mine))}, "
                     f"{ngettext('{n} row', '{n} rows', rows).format(n=rows)}", expanded=open_it,
                     key=f"methodology_ds_{d['dataset']}"):
        st.markdown(f"`{d['dataset']}` · {_('Publisher')}: {md(d['publisher'])} · [{md(d['url'])}]({link(d['url'])})  \n"
                    f"{_('Licence or terms')}: {md(d['licence'] or _('not stated'))} · {_('As of')}: {d['as_of']}  \n"
                    f"{md(d['description'])}")
        for sid in mine["source_id"]:
            source_card(sid, highlight=sid in wanted_sources)

# ---- Confidence and missingness -----------------------------------------------------------------
st.header(_("Confidence and missing values"), anchor="confidence")
conf_counts = obs["confidence"].value_counts()
conf_counts["synthetic"] = int(conf_counts.get("synthetic", 0)) + int(other_rows["synthetic"].sum())
st.dataframe(pd.DataFrame({
    _("Confidence"): ["verified", "secondary", "synthetic"],
    _("Meaning"): [_(frame.CONFIDENCE_HELP[c]) for c in ("verified", "secondary", "synthetic")],
    _("Rows in the data"): [int(conf_counts.get(c, 0)) for c in ("verified", "secondary", "synthetic")],
}), hide_index=True, key="methodology_confidence", width="stretch")
if conf_counts["synthetic"]:
    frame.demo_badge(_("the data includes demonstration rows; each is labelled 'synthetic'"))
st.caption(_("Counts: observations plus the rows of the other tables that carry a confidence (plan items, "
             "SIM3 assessments)."))
cov = explore.coverage_counts(obs, catalog)
MEANINGS = {
    "observed": _("a value was read in the source"),
    "not_covered": _("the source does not cover the economy (e.g. Kosovo* is not an ITU Member State, so the ITU GCI does not cover it)"),
    "not_assessed": _("the sources read did not establish the fact; it is not 'no'"),
    "suppressed": _("the source withholds the value (e.g. a survey sample too small to publish)"),
    "not_applicable": _("the question does not apply (e.g. a treaty the economy cannot join in the ordinary way)"),
    "no_data": _("there is no row at all for the economy and indicator (counted in economy-indicator pairs)"),
}
st.dataframe(pd.DataFrame({
    _("Status"): [_(STATUS_LABELS[k]) for k in MEANINGS],
    _("Count"): [f"{cov[k]} {ngettext('row', 'rows', cov[k])}" if k != "no_data" else
                 f"{cov['no_data']} {_('of')} {cov['pairs']} {_('pairs')}" for k in MEANINGS],
    _("Meaning"): list(MEANINGS.values()),
}), hide_index=True, key="methodology_status", width="stretch",
    column_config={_("Meaning"): st.column_config.TextColumn(width="large")})
st.caption(_("Missing is never zero: on every map, chart, table and export a missing value looks different from "
             "a value, and none of these classes enters a score."))

# ---- Caveats ----------------------------------------------------------------------------------
st.header(_("Known caveats"), anchor="caveats")
st.markdown(
    "- **" + _("ITU GCI editions are not one series") + ".** "
    + _("GCI 2014, 2017 and 2018 score countries from 0 to 1; GCI 2020 scores them from 0 to 100 and ranks "
        "them; GCI 2024 groups them in five tiers and publishes pillar scores without a rank. Each edition is "
        "its own indicator; trends show a break between editions, never one line.") + "\n"
    "- **" + _("NCSI legacy and current are different indices") + ".** "
    + _("The legacy National Cyber Security Index (2016-2023, archived) and the current methodology (2023 "
        "onwards, updated continuously) are separate indicators; ranks move as countries are added, so every "
        "value carries its version or snapshot year.") + "\n"
    "- **" + _("Bosnia and Herzegovina: entity-level facts") + ".** "
    + _("Some arrangements exist at entity level (Republika Srpska, Federation of Bosnia and Herzegovina) "
        "rather than state level; they are scored as entity-level, below a state-level arrangement.") + "\n"
    "- **" + _("Conflicting sources") + ".** "
    + _("Where two sources give different values, both are kept with their sources; one is marked preferred "
        "and shown, the other is shown beside it on the profile and is in every export.") + "\n"
    "- **" + _("Rows left out") + ".** "
    + _("Reference figures that could not be used (undated, regional aggregates, not comparable) are not "
        "loaded; each dataset lists them in data/raw/<dataset>/EXCLUDED.md, shown below."))

editions = pd.DataFrame([{
    _("Indicator"): i.name, _("Edition"): str(i.edition) if i.edition else _("snapshot year of each value"),
    _("Unit"): i.unit, _("Scale"): i.scale_text()}
    for i in sorted(catalog.indicators.values(), key=lambda i: (i.family, i.series, i.edition or 0))
    if i.family in ("itu_gci", "ega_ncsi") and i.pillar == "headline"])
st.subheader(_("Editions and scales of the headline indices"), anchor=False)
st.dataframe(editions, hide_index=True, key="methodology_editions", width="stretch")
st.caption(_("Source: the project's indicator catalog (indicators/catalog/itu_gci.yaml, ega_ncsi.yaml)."))

st.subheader(_("Conflicting values: which one is shown"), anchor=False)
conf = explore.conflicts(obs)
if len(conf):
    conf_table = pd.DataFrame({
        _("Economy"): [display_name(e) for e in conf["economy"]],
        _("Indicator"): [ind_name(i) for i in conf["indicator_id"]],
        _("Period"): conf["period"],
        _("Shown"): [f"{v:g}" if pd.notna(v) else str(t) for v, t in zip(conf["value_shown"], conf["value_text_shown"])],
        _("Source shown"): conf["source_title_shown"],
        _("Other value"): [f"{v:g}" if pd.notna(v) else str(t) for v, t in zip(conf["value_other"], conf["value_text_other"])],
        _("Other source"): conf["source_title_other"],
        _("Note"): conf["note_other"],
    })
    st.dataframe(conf_table, hide_index=True, key="methodology_conflicts", width="stretch")
    st.caption(_("Text summary") + ": " + "; ".join(
        f"{display_name(e)} {ind_name(i)} {p}: {_('shown')} {a}, {_('other source')} {b}"
        for e, i, p, a, b in zip(conf["economy"], conf["indicator_id"], conf["period"],
                                 conf_table[_("Shown")], conf_table[_("Other value")])))
    keys = set(zip(conf["economy"], conf["indicator_id"], conf["period"]))
    frame.sources_line(obs[[k in keys for k in zip(obs["economy"], obs["indicator_id"], obs["period"])]])
else:
    st.caption(_("No conflicting values in the current build."))

st.subheader(_("Entity-level facts in Bosnia and Herzegovina"), anchor=False)
ent = explore.entity_level_rows(obs)
if len(ent):
    st.dataframe(pd.DataFrame({
        _("Indicator"): [ind_name(i) for i in ent["indicator_id"]], _("Period"): ent["period"],
        _("Value"): [catalog.get(i).label_for(t) if isinstance(t, str) else (f"{v:g}" if pd.notna(v) else "—")
                     for i, t, v in zip(ent["indicator_id"], ent["value_text"], ent["value"])],
        _("Note"): ent["note"],
    }), hide_index=True, key="methodology_entity", width="stretch")
    frame.sources_line(ent)

st.subheader(_("Rows left out (EXCLUDED.md)"), anchor=False)
notes = explore.excluded_notes(raw_dir())
if notes:
    for name, text in notes.items():
        items = explore.excluded_items(text)
        with st.expander(f"{name}: {len(items)} {_('rows left out')}", key=f"methodology_excluded_{name}"):
            st.markdown("\n".join(f"- {md(item)}" for item in items) if items else md(text))
else:
    st.caption(_("No EXCLUDED.md files found."))
frame.kosovo_footnote()
