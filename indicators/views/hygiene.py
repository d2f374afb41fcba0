"""View model of the cyber hygiene and inclusion page: real Eurostat figures (practices against the EU,
gaps by sex, age, education and labour status, enterprises by size), the real figures on
technology-facilitated violence against women and the Inclusion pillar, published national figures, and,
clearly badged, what a survey of one's own would show (estimated in DuckDB with intervals).

:func:`build` returns a :class:`~indicators.views.blocks.Page`: the widgets with their resolved values,
every heading, figure, table, caption, download and source line in order, the URL parameters to write and
the messages for unusable URL values. Every figure comes from :mod:`indicators.render.hygiene_figures` over the
data of :mod:`indicators.topics.hygiene`; the Inclusion pillar from :mod:`indicators.method.scoring` (computed
once, in :func:`indicators.topics.hygiene.inclusion.inclusion_pillar`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import pandas as pd

from indicators.model.economies import ECONOMY_CODES, display_name
from indicators.model.export import to_csv_bytes
from indicators.model.urlstate import parse_economy
from indicators.render import flags as fl
from indicators.render import hygiene_figures as hf
from indicators.text.i18n import _, format_number, format_trimmed, label_text, ngettext, note_text, with_language
from indicators.text.markup import md
from indicators.text.note_templates import parse_number
from indicators.topics import research as rs
from indicators.topics.hygiene import eurostat as es
from indicators.topics.hygiene import inclusion as inc
from indicators.topics.hygiene import queries as hq
from indicators.topics.hygiene import stats as hs
from indicators.topics.hygiene import tables as ht
from indicators.views.blocks import Page


class Labels(NamedTuple):
    views: dict
    survey_views: dict
    gap_names: dict
    units: dict
    sex_filters: dict
    summary_items: dict
    published_topics: dict


# The survey tab's own views; the old URLs (?view=gender, age, groups) still open them.
SURVEY_VIEW_KEYS = ("practices", "gender", "age", "groups")


def labels() -> Labels:
    """The page's label maps, translated now (called per build, so the language is the reader's)."""
    views = {
        "practices": _("Practices by economy"),
        "gaps": _("Gaps by sex, age, education and work"),
        "enterprises": _("Enterprises by size"),
        "inclusion": _("Inclusion and violence against women"),
        "published": _("Published national figures"),
        "survey": _("What your own survey would show"),
    }
    # The survey tab's own views; the old URLs (?view=gender, age, groups) still open them.
    survey_views = {
        "practices": _("Practices"),
        "gender": _("Gender gap"),
        "age": _("By age band"),
        "groups": _("Vulnerable groups"),
    }
    gap_names = {
        "sex": (_("Women"), _("Men"), _("Women minus men (16-74)")),
        "age": (_("Aged 65-74"), _("Aged 16-24"), _("Older (65-74) minus young (16-24)")),
        "education": (_("Low formal education"), _("High formal education"), _("Low minus high formal education")),
        "unemployed": (_("Unemployed"), _("Employed"), _("Unemployed minus employed")),
        "retired": (_("Retired or not in the labour force"), _("Employed"), _("Retired minus employed")),
        "students": (_("Students"), _("Employed"), _("Students minus employed")),
        "foreign_born": (_("Foreign-born"), _("Native-born"), _("Foreign-born minus native-born")),
    }
    units = {"PC_IND": _("% of individuals aged 16-74"), "PC_IND_IU3": _("% of internet users (last 3 months)")}
    sex_filters = {"all": _("Everyone"), "female": _("Women only"), "male": _("Men only")}
    summary_items = {
        "I_MAPS": _("Managed access to personal data (at least one of the six ways)"),
        "I_MAPS_5": _("Managed access to personal data (at least one of five ways, not asking for data)"),
        "I_MAPS_3": _("Limited profile, refused ads use or restricted location (at least one)"),
    }
    published_topics = {
        "hygiene_survey": _("Citizen surveys on cyber hygiene and concerns"),
        "tfgbv": _("Technology-facilitated violence against women and girls"),
        "child_online": _("Children online"),
    }
    return Labels(views, survey_views, gap_names, units, sex_filters, summary_items, published_topics)


label_maps = labels  # for functions with a local 'labels' (Eurostat's code labels)
PRIVATE_DATASET = "eurostat_isoc_cisci_prv20"
ENTERPRISE_DATASETS = ("eurostat_isoc_cisce_ra", "eurostat_isoc_cisce_ic")


class Data:
    """What the view reads: ``has_table(name)``, ``table(name)`` and ``query(sql, params)`` of one build."""

    def __init__(
        self, has_table: Callable[[str], bool], table: Callable[[str], pd.DataFrame], query, catalog, obs: pd.DataFrame
    ):
        self.has_table, self.table, self.query, self.catalog, self.obs = has_table, table, query, catalog, obs


def _csv(frame: pd.DataFrame) -> bytes:

    return to_csv_bytes(frame)


def build(d: Data, url: Mapping[str, Sequence[str]], widgets: Mapping[str, Any]) -> Page:
    page = Page(url, widgets)
    L = labels()
    asked = page.url_value("view")
    legacy = asked in SURVEY_VIEW_KEYS and asked != "practices"
    view = page.choice(
        None if legacy else "view",
        "hygiene_view",
        _("View"),
        list(L.views),
        "survey" if legacy else "practices",
        _("view"),
        L.views.get,
        kind="segmented",
    )
    page.params["view"] = None if view == "practices" else view
    if view == "survey":
        sview = page.choice(
            None,
            "hygiene_survey_view",
            _("Survey view"),
            list(L.survey_views),
            asked if legacy else "practices",
            _("view"),
            L.survey_views.get,
            kind="segmented",
        )
        page.params["view"] = "survey" if sview == "practices" else sview
        _survey(page, d, sview)
    elif view in ("practices", "gaps", "enterprises"):
        _eurostat(page, d, view)
    elif view == "inclusion":
        _inclusion(page, d)
    else:
        _published(page, d)
    research_links(page, d, "hygiene")
    return page


def research_links(page: Page, d: Data, view: str) -> None:
    """'Research that informs this view': one link per research-library topic of the view, with its count."""
    if not d.has_table("research_library"):
        return
    lib = d.table("research_library")
    parts = []
    for topic in rs.VIEW_TOPICS[view]:
        n = len(rs.filter_library(lib, topics=(topic,)))
        if n:
            count = ngettext("{n} publication", "{n} publications", n).format(n=n)
            parts.append(f"[{md(_(rs.TOPICS[topic][0]))}: {count}]({with_language('research?topic=' + topic)})")
    if parts:
        page.caption(_("Research that informs this view") + ": " + " · ".join(parts))


# --------------------------------------------------------------------------------------------------
# Real figures: Eurostat (individuals and enterprises)
# --------------------------------------------------------------------------------------------------
def _eurostat_notes(page: Page, d: Data, shown: pd.DataFrame, dataset: str) -> None:
    """Under every Eurostat chart: the period per economy, the lost flags, the anomalies shown, the source."""
    page.caption(_("Period shown per economy") + ": " + es.period_text(shown[shown["geo"] != es.EU_GEO]) + ".")
    confidence = es.dataset_confidence(d.obs, dataset)
    if es.flags_lost(shown) or confidence != "verified":
        page.caption(
            _(es.FLAGS_LOST_TEXT)
            + " "
            + _(
                "Confidence: secondary (a checked copy of Eurostat's data). "
                "EU27 (EU27_2020, the 27 member states since 2020) is a reference, "
                "not an economy."
            )
        )
    else:  # fetched from Eurostat's service: the flags are kept and marked on the values
        page.caption(
            _(
                "Confidence: verified (read from Eurostat's own dissemination service). "
                "EU27 (EU27_2020, the 27 member states since 2020) is a reference, not an economy."
            )
        )
    for note in es.anomaly_notes(shown):
        page.caption("† " + _("Known anomaly") + ": " + md(note_text(note)))
    sources = d.table("sources")
    page.sources(
        sources[sources["dataset"] == dataset]
        .assign(confidence=confidence)
        .rename(columns={"title": "source_title", "url": "source_url"})
    )
    page.kosovo()


def _pct(v: float) -> str:
    return f"{format_number(v, 1)} %"


def _eurostat(page: Page, d: Data, view: str) -> None:
    if not d.has_table("eurostat_sdmx"):
        page.info(
            _(
                "No Eurostat file is loaded. Put the SDMX-CSV download unchanged into a data/raw folder with a "
                "source.yaml (format eurostat_sdmx_csv); see the data section of the README."
            )
        )
        return
    raw = d.table("eurostat_sdmx")
    lab = (
        d.table("eurostat_labels")
        if d.has_table("eurostat_labels")
        else pd.DataFrame(columns=["dimension", "code", "label"])
    )
    L = label_maps()
    labels_en = dict(zip(lab["code"], lab["label"]))  # Eurostat's English labels: the CSV downloads keep them
    labels = {code: label_text(text) for code, text in labels_en.items()}  # shown in the reader's language

    def short(code: str) -> str:
        if code in L.summary_items:
            return L.summary_items[code]
        text = labels.get(code, code)
        return text.split(": ", 1)[1] if ": " in text else text

    if view == "enterprises":
        return _enterprises(page, d, raw, labels, labels_en)
    dataset = PRIVATE_DATASET
    ind = raw[raw["dataset"] == dataset]
    items = sorted(set(ind["indic_is"]), key=lambda c: (c != "I_MAPS", c))
    c1, c2, c3 = page.columns([4, 2, 2])
    item = c1.choice("item", f"hygiene_es_{view}_item", _("Practice"), items, "I_MAPS", _("item"), short)
    unit = c2.choice("unit", f"hygiene_es_{view}_unit", _("Share of"), list(L.units), "PC_IND", _("unit"), L.units.get)
    years = sorted(set(ind.loc[ind["indic_is"] == item, "period"].astype(int)))
    choices = ["latest", *[str(y) for y in years]]
    year_s = c3.choice(
        "period",
        f"hygiene_es_{view}_year",
        _("Year"),
        choices,
        "latest",
        _("year"),
        lambda y: _("Latest available per economy") if y == "latest" else y,
        message_name=lambda y: _("latest available"),
    )
    year = None if year_s == "latest" else int(year_s)
    unit_name = L.units[unit]
    page.params.update(item=None if item == "I_MAPS" else item, unit=None if unit == "PC_IND" else unit, period=year)
    if view == "practices":
        rows = es.es_rows(raw, item, unit, ["IND_TOTAL"], dataset)
        picked = es.es_pick(rows, year)
        page.header(md(short(item)))
        page.caption(md(labels.get(item, item)) + f" ({md(item)}) · " + unit_name)
        page.chart(hf.es_dots(picked, rows, unit_name), "hygiene_es_practices_chart")
        page.caption(
            _(
                "Coloured dot: the economy's figure in the year named beside it; grey diamond: the EU27 "
                "figure for that same year. Each economy is shown at its own latest year unless a year "
                "is chosen."
            )
        )
        summary = "; ".join(
            f"{display_name(r.economy)} {r.period}: {fl.mark(_pct(r.value), r.flags)}"
            for r in sorted(
                picked[picked["geo"] != es.EU_GEO].itertuples(), key=lambda r: ECONOMY_CODES.index(r.economy)
            )
        )
        page.caption(_("Text summary ({unit})").format(unit=unit_name) + ": " + (summary or _("no data")) + ".")
        _eurostat_notes(page, d, picked, dataset)
        page.header(_("Every practice, latest year per economy"))
        table_rows, table_flags = [], []
        for code in items:
            got = es.es_pick(es.es_rows(raw, code, unit, ["IND_TOTAL"], dataset), year)
            by = {r.geo: f"{fl.mark(_pct(r.value), r.flags)} ({r.period})" for r in got.itertuples()}
            table_flags += list(got["flags"])
            row = {_("Practice"): short(code)}
            for geo, e in es.AREAS_SHOWN:
                row[es.area_name(geo, e)] = by.get(geo, _("no data"))
            table_rows.append(row)
        page.caption(_("Each cell: {unit}, with the year in brackets.").format(unit=unit_name))
        page.table(pd.DataFrame(table_rows), "hygiene_es_all_items")
        if fl.legend(table_flags):
            page.caption(fl.legend(table_flags))
        page.download(
            _csv(es.es_export(rows, item, unit, dataset, labels_en, es.dataset_confidence(d.obs, dataset))),
            f"eurostat_{item}_{unit}.csv",
            "hygiene_es_practices_download",
            _("Download every year of this practice (CSV)"),
        )
        return
    comp = page.choice(
        "compare",
        "hygiene_es_gap_by",
        _("Compare"),
        list(es.GAP_PAIRS),
        "sex",
        _("comparison"),
        lambda k: L.gap_names[k][2],
        kind="segmented",
    )
    page.params["compare"] = None if comp == "sex" else comp
    left, right = es.GAP_PAIRS[comp]
    lname, rname, title = L.gap_names[comp]
    rows = es.es_rows(raw, item, unit, [left, right], dataset)
    gaps = es.es_gap(rows, left, right, year)
    page.header(md(f"{title}: {short(item)}"))
    page.caption(md(f"{lname}: {labels.get(left, left)} · {rname}: {labels.get(right, right)} · {unit_name}"))
    page.chart(hf.es_dumbbell(gaps, lname, rname, unit_name), "hygiene_es_gap_chart", box="hygiene_es_gap_chart_box")
    page.caption(
        _(
            "Each economy at the latest year in which both groups have a value (or the year chosen); "
            "the number on the right is the first group minus the second, in percentage points. No "
            "interval is shown: Eurostat's sample sizes and flags are not in the copy."
        )
        if es.flags_lost(rows)
        else _(
            "Each economy at the latest year in which both groups have a value (or the year chosen); "
            "the number on the right is the first group minus the second, in percentage points, marked "
            "with the flags of both values. No interval is shown: Eurostat's table gives no sample sizes."
        )
    )
    summary = "; ".join(
        f"{es.area_name(r.geo, r.economy)} {r.period}: {lname} {_pct(r.left)}, {rname} "
        f"{_pct(r.right)} ({_('{gap} pp').format(gap=('+' if r.gap > 0 else '') + format_number(r.gap, 1))})"
        for r in gaps.itertuples()
    )
    page.caption(_("Text summary ({unit})").format(unit=unit_name) + ": " + md(summary or _("no data")) + ".")
    _eurostat_notes(page, d, gaps, dataset)
    page.download(
        _csv(
            es.es_export(
                gaps.assign(breakdown=f"{left} minus {right}"),
                item,
                unit,
                dataset,
                labels_en,
                es.dataset_confidence(d.obs, dataset),
            )
        ),
        f"eurostat_gap_{comp}_{item}_{unit}.csv",
        "hygiene_es_gap_download",
    )


def _enterprises(page: Page, d: Data, raw: pd.DataFrame, labels: dict, labels_en: dict) -> None:
    ent = raw[raw["dataset"].isin(ENTERPRISE_DATASETS) & (raw["unit"] == "PC_ENT")]
    items = sorted(set(ent["indic_is"]), key=lambda c: (c != "E_SECMGE5", c))
    if not items:
        page.info(_("No Eurostat enterprise table is loaded."))
        return
    item = page.choice(
        "item",
        "hygiene_es_ent_item",
        _("Security measure, policy or incident"),
        items,
        items[0],
        _("item"),
        lambda c: labels.get(c, c),
    )
    page.params["item"] = None if item == items[0] else item
    dataset = ent.loc[ent["indic_is"] == item, "dataset"].iloc[0]
    rows = es.es_rows(raw, item, "PC_ENT", [es.HEADLINE_SIZE, *es.SIZE_CLASSES], dataset)
    picked = es.es_size_rows(rows)
    page.header(md(labels.get(item, item)))
    sizes = {c: labels.get(c, c) for c in (es.HEADLINE_SIZE, *es.SIZE_CLASSES)}
    page.chart(hf.es_size_dots(picked, sizes, _("% of enterprises")), "hygiene_es_ent_chart")
    page.caption(
        _(
            "Bar: all enterprises with 10 or more persons employed (the headline); dots: small, medium and "
            "large enterprises. All activities except agriculture, mining and the financial sector. Kosovo* "
            "is not in Eurostat's enterprise tables."
        )
    )
    summary = "; ".join(
        f"{es.area_name(g.geo.iloc[0], g.economy.iloc[0])} {int(g.period.iloc[0])}: "
        + ", ".join(f"{sizes[b]} {fl.mark(_pct(v), f)}" for b, v, f in zip(g["breakdown"], g["value"], g["flags"]))
        for _k, g in picked.groupby("geo", sort=False)
    )
    page.caption(
        _("Text summary ({unit})").format(unit=_("% of enterprises")) + ": " + md(summary or _("no data")) + "."
    )
    _eurostat_notes(page, d, picked, dataset)
    page.download(
        _csv(es.es_export(rows, item, "PC_ENT", dataset, labels_en, es.dataset_confidence(d.obs, dataset))),
        f"eurostat_{item}_by_size.csv",
        "hygiene_es_ent_download",
        _("Download every year and size class (CSV)"),
    )


# --------------------------------------------------------------------------------------------------
# Inclusion: real figures on violence against women, and the Inclusion pillar
# --------------------------------------------------------------------------------------------------
def _inclusion(page: Page, d: Data) -> None:
    catalog, obs = d.catalog, d.obs
    sources = d.table("sources")
    refs = d.table("reference_values") if d.has_table("reference_values") else None
    tf = inc.tfvaw_figures(obs, catalog, sources, refs)
    page.header(_("Technology-facilitated violence against women: the real figures"))
    page.caption(
        _(
            "Read in the publishers' own text (verified) or in a source that reports it (secondary). "
            "Regional averages cover more economies than the six and belong to none of them."
        )
    )
    for col, (ind_id, bars) in zip(page.columns(len(tf.panels) or 1), tf.panels):
        periods = ", ".join(str(p) for p in sorted(set(bars["period"])))
        col.markdown(f"**{md(catalog.get(ind_id).name)}** ({periods})")
        col.chart(hf.reference_bars(bars, _("% of women")), f"hygiene_ref_{ind_id}")
        col.caption(
            _("Text summary")
            + ": "
            + "; ".join(
                md(
                    _("{area} {year}: {value} of women ({confidence})").format(
                        area=b.label, year=b.period, value=f"{format_trimmed(b.value, 2)} %", confidence=_(b.confidence)
                    )
                )
                for b in bars.itertuples()
            )
            + "."
        )
    page.caption(
        _(
            "Vermillion: an economy's own figure; grey: a regional average. Solid: verified (read in the "
            "publisher's own text); hatched: secondary (read in a source that reports it)."
        )
    )
    page.table(tf.table, "hygiene_tfvaw_table")
    page.sources(tf.sources)
    page.kosovo()
    page.caption(
        _(
            "Values for Bosnia and Herzegovina, Kosovo*, Montenegro, North Macedonia and Serbia are in the "
            "full UN Women report but were not read, so they are not shown."
        )
    )

    pillar = inc.inclusion_pillar(obs, catalog)
    page.header(_("Inclusion pillar"))
    if pillar.has_demo:
        page.demo_badge(_("the last column includes synthetic survey indicators"))
    page.table(pillar.scores, "hygiene_inclusion_table")
    page.caption(
        _(
            "The Inclusion pillar score is the mean of its available indicators normalised to 0-100: how far "
            "managing access to one's personal data reaches women, people aged 65-74 and people with low "
            "formal education (Eurostat, each economy's latest year); coverage is n of m indicators. Below "
            "the coverage rule ({rule}) no score is given. Prevalence of online violence above is context, "
            "not part of the score. The default pillar scores everywhere else use real data only."
        ).format(rule=_(catalog.rule_for("inclusion").text()))
    )
    page.table(pillar.indicators, "hygiene_inclusion_indicators", formats={_("Score (0-100)"): "%.1f"})
    page.sources(pillar.rows)
    page.kosovo()


# --------------------------------------------------------------------------------------------------
# Published hygiene figures (real, not comparable across economies unless the indicator says so)
# --------------------------------------------------------------------------------------------------
def _as_read(value) -> str:
    """A published figure's value as read: its digits in the language's format ("81.1" -> "81,1"), its words in the
    language ("one in four (as worded)", the notes domain)."""
    number = parse_number(str(value))
    return note_text(str(value)) if number is None else number[0] + format_trimmed(number[1], number[2])


def _published(page: Page, d: Data) -> None:
    catalog, obs = d.catalog, d.obs
    page.header(_("Hygiene figures read in published sources"))
    page.caption(
        _(
            "Real values with their confidence. They come from different surveys and questions (national "
            "surveys, Eurostat 2019 items quoted in the press) and are not comparable across economies "
            "unless the indicator says so."
        )
    )
    pub, table = inc.published_hygiene(obs, catalog)
    page.table(table, "hygiene_published_table")
    page.caption(
        _("Text summary")
        + ": "
        + md(
            "; ".join(
                f"{a} {y}: {f} = {v}"
                for a, y, f, v in zip(table[_("Economy")], table[_("Year")], table[_("Figure")], table[_("Value")])
            )
        )
        + "."
    )
    page.sources(pub)
    if "XKX" in set(pub["economy"]):
        page.kosovo()
    page.caption(
        _(
            "Eurostat's own tables for the six economies are in the views 'Practices by economy', 'Gaps by "
            "sex, age, education and work' and 'Enterprises by size'."
        )
    )
    if not d.has_table("published_figures"):
        return
    pf = d.table("published_figures")
    page.caption(
        _(
            "Each figure below is its own survey question and sample, shown as read (a value given in "
            "words stays in words) with its source and confidence; none is compared across economies "
            "or scored."
        )
    )
    for topic, name in labels().published_topics.items():
        part = pf[pf["topic"] == topic]
        if not len(part):
            continue
        page.subheader(name)
        page.table(
            pd.DataFrame(
                {
                    _("Area"): [
                        _("Western Balkans (survey average)") if e == "WB6" else display_name(e) for e in part["area"]
                    ],
                    _("Figure"): [note_text(f) for f in part["figure"]],  # data text: the notes domain
                    _("Period"): part["period"],
                    _("Value as read"): [
                        f"{_as_read(v)} ({note_text(u)})" for v, u in zip(part["value_text"], part["unit"])
                    ],
                    _("Confidence"): [_(c) for c in part["confidence"]],
                    _("Source"): part["source_title"],
                    _("Source link"): part["source_url"],
                    _("Note"): [note_text(n) for n in part["note"]],  # data text: the notes domain
                }
            ),
            f"hygiene_published_{topic}",
            links=(_("Source link"),),
        )
    if "XKX" in set(pf["area"]):
        page.kosovo()


# --------------------------------------------------------------------------------------------------
# Survey views
# --------------------------------------------------------------------------------------------------
def method_note(page: Page, min_n: int) -> None:
    page.caption(
        _(
            "Weighted shares over the respondents who answered; 95% interval: Wilson score interval on the "
            "Kish effective sample size (survey weights, no clustering modelled). Differences: Newcombe's "
            "hybrid score interval. A cell answered by fewer than {n} respondents is suppressed and shown "
            "as 'suppressed', never as a number."
        ).format(n=min_n)
    )


def _survey(page: Page, d: Data, sview: str) -> None:
    query = d.query
    surveys = hq.survey_datasets(query) if d.has_table("survey_datasets") else pd.DataFrame()
    if not len(surveys):
        page.info(
            _(
                "No survey microdata is loaded. Add a survey in the layout of "
                "data/templates/survey_microdata_template.csv (see data/templates/README-survey.md)."
            )
        )
        return
    real_first = surveys.sort_values(["confidence"], key=lambda s: s.eq("synthetic"), kind="stable")
    first = real_first["dataset"].iloc[0]
    titles = surveys.set_index("dataset")["title"].to_dict()
    survey = page.choice(
        "survey",
        "hygiene_survey",
        _("Survey"),
        list(surveys["dataset"]),
        first,
        _("survey"),
        lambda s: str(titles.get(s, s)),
        show=len(surveys) > 1,
    )
    meta = surveys.set_index("dataset").loc[survey].to_dict() | {"dataset": survey}
    years = hq.survey_years(query, survey)
    year = page.choice(
        "year", "hygiene_year", _("Survey year"), years, years[-1], _("survey year"), show=len(years) > 1
    )
    page.params.update(survey=None if survey == first else survey, year=None if year == years[-1] else year)
    s = SurveyContext(query, meta, year)
    if s.demo:
        page.demo_badge(_("synthetic survey respondents, not a measurement of any economy"))
    page.caption(
        md(
            _("Survey: {title} · {n} · year {year} · confidence: {conf}").format(
                title=meta["title"],
                n=ngettext("{n} respondent", "{n} respondents", int(meta["respondents"])).format(
                    n=format_number(int(meta["respondents"]))
                ),
                year=year,
                conf=_(meta["confidence"]),
            )
        )
    )
    {"practices": _survey_practices, "gender": _survey_gender, "age": _survey_age, "groups": _survey_groups}[sview](
        page, s
    )


class SurveyContext:
    """One survey and year: its labels, question kinds, groups, badge flag and estimators."""

    def __init__(self, query, meta: dict, year: int):
        self.query, self.meta, self.year = query, meta, year
        self.dataset = meta["dataset"]
        qdf = hq.survey_questions(query, self.dataset)
        self.labels = dict(zip(qdf["question"], qdf["label"]))
        self.kinds = dict(zip(qdf["question"], qdf["kind"]))
        self.questions = list(qdf["question"])
        gdf = hq.survey_groups(query, self.dataset)
        self.groups = dict(zip(gdf["flag"], gdf["label"]))
        self.min_n = int(meta["min_n"])
        self.demo = meta["confidence"] == "synthetic"
        self.default_question = "q_two_factor" if "q_two_factor" in self.questions else self.questions[0]

    def label(self, q: str) -> str:
        return self.labels.get(q, q)

    def mark(self, fig):
        return hf.mark_demo(fig) if self.demo else fig

    def shares(self, **kw) -> pd.DataFrame:
        return hq.shares(self.query, dataset=self.dataset, year=self.year, min_n=self.min_n, **kw)

    def sources(self) -> pd.DataFrame:
        m = self.meta
        return pd.DataFrame(
            [
                {
                    "source_id": m["source_id"],
                    "source_title": m["source_title"],
                    "source_url": m["source_url"],
                    "confidence": m["confidence"],
                }
            ]
        )

    def footer(self, page: Page, kosovo: bool = True, method: bool = False) -> None:
        page.sources(self.sources())
        if kosovo:
            page.kosovo()
        if method:
            method_note(page, self.min_n)


def _pick_question(page: Page, s: SurveyContext, key: str, allowed: list[str] | None = None) -> str:
    allowed = allowed or s.questions
    default = s.default_question if s.default_question in allowed else allowed[0]
    q = page.choice("q", key, _("Question"), allowed, default, _("question"), s.label)
    page.params["q"] = q
    return q


def _pick_economy(page: Page, key: str) -> str:

    url_eco, message = parse_economy(page.url.get("economy") or [], "ALB")
    if message:
        page.messages.append(_(message))
    eco = page.choice(None, key, _("Economy"), ECONOMY_CODES, url_eco, _("economy"), display_name)
    page.params["economy"] = eco
    return eco


def _survey_practices(page: Page, s) -> None:
    est = s.shares(dims=("all",))
    for kind, title, key in (
        ("practice", _("Cyber-hygiene practices"), "hygiene_heatmap_practices"),
        ("incident", _("Incidents experienced"), "hygiene_heatmap_incidents"),
    ):
        qs = [q for q in s.questions if s.kinds[q] == kind]
        if not qs:
            continue
        page.header(title + " " + _("(weighted share of respondents, %)"))
        if s.demo:
            page.demo_badge()
        part = est[est["question"].isin(qs)]
        page.chart(s.mark(hf.practices_heatmap(part, s.labels, qs)), key)
        s.footer(page)
        box = page.expander(_("Table and download"))
        box.table(ht.share_table(part, s.labels), f"{key}_table")
        box.download(
            _csv(ht.export_frame(part, s.labels, s.meta)),
            f"hygiene_{kind}s_{s.dataset}_{s.year}.csv",
            f"{key}_download",
        )
    method_note(page, s.min_n)
    page.header(_("One question across the economies, with 95% intervals"))
    q = _pick_question(page, s, "hygiene_practices_question")
    page.chart(s.mark(hf.share_dots(est, q, s.labels[q])), "hygiene_share_dots")
    page.caption(_("Text summary") + ": " + md(ht.text_summary_practices(est, s.labels, q)))
    s.footer(page)


def _survey_gender(page: Page, s) -> None:
    page.header(_("Gender gap: women minus men, with 95% intervals"))
    by = page.choice(
        "by",
        "hygiene_gap_by",
        _("Compare"),
        ["economy", "question"],
        "economy",
        _("comparison"),
        lambda b: _("One question, six economies") if b == "economy" else _("One economy, every question"),
        kind="segmented",
    )
    page.params["by"] = None if by == "economy" else by
    gaps = hq.gender_gap(s.query, dataset=s.dataset, year=s.year, dims=("all",), min_n=s.min_n).rename(
        columns={"share_female": "share_1", "share_male": "share_2", "n_female": "n_1", "n_male": "n_2"}
    )
    if by == "economy":
        q = _pick_question(page, s, "hygiene_gap_question")
        rows = gaps[gaps["question"] == q].sort_values("economy", key=lambda c: c.map(ECONOMY_CODES.index))
        fig = hf.gap_forest(rows, display_name, "economy", _("Women minus men"), left=_("women"), heading=s.labels[q])
    else:
        eco = _pick_economy(page, "hygiene_gap_economy")
        rows = gaps[gaps["economy"] == eco].sort_values("question", key=lambda c: c.map(s.questions.index))
        fig = hf.gap_forest(rows, s.label, "question", _("Women minus men"), left=_("women"), heading=display_name(eco))
    if s.demo:
        page.demo_badge()
    page.chart(s.mark(fig), "hygiene_gap_chart", box="hygiene_gender_gap_chart")
    page.caption(_("Text summary") + ": " + md(ht.text_summary_gaps(rows, s.labels, by)))
    page.caption(
        _(
            "Blue: higher for women (the whole interval above zero); red: lower for women (below zero); "
            "grey: the interval includes zero. For practices, higher is better; for incidents, a positive "
            "gap means women are more affected."
        )
    )
    s.footer(page, method=True)
    full = gaps.rename(columns={"share_1": "share_female", "share_2": "share_male", "n_1": "n_female", "n_2": "n_male"})
    box = page.expander(_("Table and download"))
    box.table(ht.gap_table(rows, s.labels, _("Women"), _("Men"), by), "hygiene_gap_table")
    box.download(
        _csv(ht.export_frame(full, s.labels, s.meta)),
        f"hygiene_gender_gap_{s.dataset}_{s.year}.csv",
        "hygiene_gap_download",
        _("Download every gender gap (CSV)"),
    )


def _survey_age(page: Page, s) -> None:
    page.header(_("By age band, with 95% intervals"))
    c1, c2, c3 = page.columns([2, 3, 2])
    eco = _pick_economy(c1, "hygiene_age_economy")
    q = _pick_question(c2, s, "hygiene_age_question")
    split = c3.choice(
        "split",
        "hygiene_age_split",
        _("Split"),
        ["sex", "none"],
        "sex",
        _("split"),
        lambda v: _("Women and men") if v == "sex" else _("Everyone"),
        kind="segmented",
    )
    page.params["split"] = None if split == "sex" else split
    est = s.shares(
        dims=("age_band",),
        by_sex=split == "sex",
        sexes=("female", "male") if split == "sex" else None,
        economies=[eco],
        questions=[q],
    )
    bands = [b for b in hs.DEFAULT_AGE_BANDS if b in set(est["value"])] + sorted(
        set(est["value"]) - set(hs.DEFAULT_AGE_BANDS)
    )
    if s.demo:
        page.demo_badge()
    page.chart(s.mark(hf.age_profile(est, bands, s.labels[q], split == "sex")), "hygiene_age_chart")
    summary = "; ".join(
        f"{r.value}{' ' + (_('women') if r.sex == 'female' else _('men')) if split == 'sex' else ''}: "
        f"{ht.fmt_share(r.share, r.status)}"
        for r in est.itertuples()
    )
    page.caption(md(_("Text summary") + f" ({display_name(eco)}, {s.labels[q]}): " + summary + "."))
    suppressed = int((est["status"] == "suppressed").sum())
    if suppressed:
        page.caption(
            _("{cells} have fewer than {n} respondents and are suppressed.").format(
                cells=ngettext("{n} cell", "{n} cells", suppressed).format(n=suppressed), n=s.min_n
            )
        )
    s.footer(page, kosovo=eco == "XKX", method=True)
    extra = (("value", _("Age band")),) + ((("sex", _("Sex")),) if split == "sex" else ())
    box = page.expander(_("Table and download"))
    box.table(ht.share_table(est, s.labels, extra), "hygiene_age_table")
    box.download(
        _csv(ht.export_frame(est, s.labels, s.meta)),
        f"hygiene_age_{eco}_{q}_{s.dataset}_{s.year}.csv",
        "hygiene_age_download",
    )


def _survey_groups(page: Page, s) -> None:
    page.header(_("Vulnerable groups against the other respondents, with 95% intervals"))
    flags = list(s.groups)
    if not flags:
        page.info(_("This survey has no vulnerable-group flags."))
        return
    c1, c2, c3 = page.columns([2, 3, 2])
    eco = _pick_economy(c1, "hygiene_groups_economy")
    q = _pick_question(c2, s, "hygiene_groups_question")
    sex_filters = labels().sex_filters
    sex = c3.choice(
        "sex",
        "hygiene_groups_sex",
        _("Respondents"),
        list(sex_filters),
        "all",
        _("respondents"),
        sex_filters.get,
        kind="segmented",
    )
    page.params["sex"] = None if sex == "all" else sex
    gg = hq.group_gap(
        s.query,
        dataset=s.dataset,
        year=s.year,
        groups=flags,
        economies=[eco],
        questions=[q],
        sexes=None if sex == "all" else [sex],
        min_n=s.min_n,
    )
    gg = gg.sort_values("dim", key=lambda c: c.map(flags.index), kind="stable").reset_index(drop=True)
    if s.demo:
        page.demo_badge()
    page.chart(s.mark(hf.group_dots(gg, s.groups, s.labels[q])), "hygiene_groups_chart")
    disp = gg.rename(
        columns={"share_group": "share_1", "share_rest": "share_2", "n_group": "n_1", "n_rest": "n_2"}
    ).assign(question=lambda x: x["dim"])
    page.caption(
        md(
            _("Text summary")
            + f" ({display_name(eco)}, {s.labels[q]}, {sex_filters[sex].lower()}; "
            + _("members minus other respondents")
            + "): "
            + ht.text_summary_gaps(disp, s.groups, "question")
        )
    )
    s.footer(page, kosovo=eco == "XKX", method=True)
    table = ht.gap_table(disp, s.groups, _("Members"), _("Other respondents"), "question").rename(
        columns={_("Question"): _("Group")}
    )
    box = page.expander(_("Table and download"), expanded=True)
    box.table(table, "hygiene_groups_table")
    box.download(
        _csv(ht.export_frame(gg, s.labels, s.meta)),
        f"hygiene_groups_{eco}_{q}_{s.dataset}_{s.year}.csv",
        "hygiene_groups_download",
    )
