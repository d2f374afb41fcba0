"""Cyber hygiene and inclusion: real Eurostat figures for the six economies (practices against the EU, gaps by
sex, age, education and labour status, enterprises by size), the real figures on technology-facilitated violence
against women and the Inclusion pillar, published national figures, and, clearly badged, what a survey of your
own would show (demonstration respondents, estimated in DuckDB with intervals)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators import hygiene as hy
from indicators.economies import ECONOMY_CODES, display_name
from indicators.i18n import _
from indicators.scoring import STATUS_LABELS, pillar_scores
from indicators.urlstate import parse_choice, shown
from ui import data, frame, state
from ui.router import ensure_router

ensure_router()

VIEWS = {
    "practices": _("Practices by economy"),
    "gaps": _("Gaps by sex, age, education and work"),
    "enterprises": _("Enterprises by size"),
    "inclusion": _("Inclusion and violence against women"),
    "published": _("Published national figures"),
    "survey": _("What your own survey would show"),
}
# The survey tab's own views; the old URLs (?view=gender, age, groups) still open them.
SURVEY_VIEWS = {"practices": _("Practices"), "gender": _("Gender gap"), "age": _("By age band"),
                "groups": _("Vulnerable groups")}
GAP_NAMES = {
    "sex": (_("Women"), _("Men"), _("Women minus men (16-74)")),
    "age": (_("Aged 65-74"), _("Aged 16-24"), _("Older (65-74) minus young (16-24)")),
    "education": (_("Low formal education"), _("High formal education"), _("Low minus high formal education")),
    "unemployed": (_("Unemployed"), _("Employed"), _("Unemployed minus employed")),
    "retired": (_("Retired or not in the labour force"), _("Employed"), _("Retired minus employed")),
    "students": (_("Students"), _("Employed"), _("Students minus employed")),
    "foreign_born": (_("Foreign-born"), _("Native-born"), _("Foreign-born minus native-born")),
}
UNITS = {"PC_IND": _("% of individuals aged 16-74"), "PC_IND_IU3": _("% of internet users (last 3 months)")}
SEX_FILTERS = {"all": _("Everyone"), "female": _("Women only"), "male": _("Men only")}
MISSING_TEXT = {"suppressed": _("suppressed"), "not_assessed": _("not available"),
                "not_applicable": _("not applicable"), "not_covered": _("not covered by the source")}


def url_choice(key: str, allowed: list[str], default: str, what: str, name_of=lambda v: v) -> str:
    """A choice from the URL; an unusable value gives a short message naming the default shown."""
    try:
        values = [str(v) for v in st.query_params.get_all(key)]
    except Exception:  # a malformed query string must never break a page
        values = []
    value, message = parse_choice(values, allowed, default, what)
    if message:
        st.info(_("Unknown {what} '{value}': showing {default}.").format(
            what=what, value=shown(values[-1]), default=name_of(default)), icon=":material/info:")
    return value


wh = data.warehouse()
query = wh.query
catalog = data.catalog()
obs = data.observations()

frame.page_header(_("Cyber hygiene and inclusion"),
                  _("How people protect themselves online, by sex, age band and vulnerable group, next to the "
                    "real figures on technology-facilitated violence against women."))

try:
    _asked = [str(v) for v in st.query_params.get_all("view")]
except Exception:  # a malformed query string must never break a page
    _asked = []
if _asked and _asked[-1] in SURVEY_VIEWS and _asked[-1] != "practices":
    view, sview = "survey", _asked[-1]
else:
    view, sview = url_choice("view", list(VIEWS), "practices", _("view"), VIEWS.get), "practices"
view = st.segmented_control(_("View"), list(VIEWS), default=view, format_func=VIEWS.get,
                            key="hygiene_view") or view

# Only the selections a view uses are written; the others stay in the URL, so a choice made in one
# view (economy, question) carries over to the next.
params: dict = {"view": None if view == "practices" else view}
if view == "survey":
    sview = st.segmented_control(_("Survey view"), list(SURVEY_VIEWS), default=sview, format_func=SURVEY_VIEWS.get,
                                 key="hygiene_survey_view") or sview
    params["view"] = "survey" if sview == "practices" else sview


def method_note(min_n: int) -> None:
    st.caption(_("Weighted shares over the respondents who answered; 95% interval: Wilson score interval on the "
                 "Kish effective sample size (survey weights, no clustering modelled). Differences: Newcombe's "
                 "hybrid score interval. A cell answered by fewer than {n} respondents is suppressed and shown as "
                 "'suppressed', never as a number.").format(n=min_n))


def download(frame_: pd.DataFrame, name: str, key: str, label: str | None = None) -> None:
    st.download_button(label or _("Download this table (CSV)"), frame_.to_csv(index=False).encode("utf-8"),
                       file_name=name, mime="text/csv", key=key, on_click="ignore", icon=":material/download:")


def share_table(est: pd.DataFrame, labels: dict, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """Display table: economy, [extra], question, share (or 'suppressed'), interval, respondents."""
    out = pd.DataFrame({_("Economy"): [display_name(e) for e in est["economy"]]})
    for col, title in extra:
        out[title] = list(est[col])
    out[_("Question")] = [labels.get(q, q) for q in est["question"]]
    out[_("Share")] = [hy.fmt_share(s, st_, 1) for s, st_ in zip(est["share"], est["status"])]
    out[_("95% interval")] = [hy.fmt_interval(lo, hi, st_) for lo, hi, st_ in
                             zip(est["ci_low"], est["ci_high"], est["status"])]
    out[_("Respondents")] = [f"{int(n):,}" if st_ == "observed" else _("fewer than the minimum")
                             for n, st_ in zip(est["n"], est["status"])]
    return out


def side_text(share, n) -> str:
    """One side of a difference: its share, 'suppressed' (too few respondents) or 'no data' (none)."""
    if pd.isna(n):
        return _("no data")
    return hy.fmt_share(share, "observed" if pd.notna(share) else "suppressed", 1)


def gap_table(gaps: pd.DataFrame, labels: dict, left: str, right: str, key_col: str = "economy") -> pd.DataFrame:
    names = ([display_name(e) for e in gaps["economy"]] if key_col == "economy"
             else [labels.get(q, q) for q in gaps[key_col]])
    first = _("Economy") if key_col == "economy" else _("Question")
    return pd.DataFrame({
        first: names,
        left: [side_text(s, n) for s, n in zip(gaps["share_1"], gaps["n_1"])],
        right: [side_text(s, n) for s, n in zip(gaps["share_2"], gaps["n_2"])],
        _("Difference"): [hy.fmt_gap(g, st_) for g, st_ in zip(gaps["gap"], gaps["status"])],
        _("95% interval (pp)"): [f"{lo:+.1f} to {hi:+.1f}" if st_ == "observed" else "—"
                                 for lo, hi, st_ in zip(gaps["gap_low"], gaps["gap_high"], gaps["status"])],
    })


def survey_sources(meta: dict) -> pd.DataFrame:
    return pd.DataFrame([{"source_id": meta["source_id"], "source_title": meta["source_title"],
                          "source_url": meta["source_url"], "confidence": meta["confidence"]}])


# --------------------------------------------------------------------------------------------------
# Real figures: Eurostat (individuals and enterprises)
# --------------------------------------------------------------------------------------------------
def eurostat_notes(shown: pd.DataFrame, dataset: str) -> None:
    """Under every Eurostat chart: the period per economy, the lost flags, the anomalies shown, the source."""
    st.caption(_("Period shown per economy") + ": " + hy.period_text(shown[shown["geo"] != hy.EU_GEO]) + ".")
    st.caption(_(hy.FLAGS_LOST_TEXT) + " " + _("Confidence: secondary (a checked copy of Eurostat's data). "
                                             "EU27 (EU27_2020, the 27 member states since 2020) is a reference, not an economy."))
    for note in hy.anomaly_notes(shown):
        st.caption("† " + _("Known anomaly") + ": " + note)
    sources = data.table("sources")
    frame.sources_line(sources[sources["dataset"] == dataset].assign(confidence="secondary").rename(
        columns={"title": "source_title", "url": "source_url"}))
    frame.kosovo_footnote()


def eurostat_view(view: str, params: dict) -> None:
    if not wh.has_table("eurostat_sdmx"):
        st.info(_("No Eurostat file is loaded. Put the SDMX-CSV download unchanged into a data/raw folder with a "
                  "source.yaml (format eurostat_sdmx_csv); see the data section of the README."),
                icon=":material/info:")
        return
    raw = data.table("eurostat_sdmx")
    lab = data.table("eurostat_labels") if wh.has_table("eurostat_labels") else pd.DataFrame(
        columns=["dimension", "code", "label"])
    labels = dict(zip(lab["code"], lab["label"]))

    summary_items = {"I_MAPS": _("Managed access to personal data (at least one of the six ways)"),
                     "I_MAPS_5": _("Managed access to personal data (at least one of five ways, not asking for data)"),
                     "I_MAPS_3": _("Limited profile, refused ads use or restricted location (at least one)")}

    def short(code: str) -> str:
        if code in summary_items:
            return summary_items[code]
        text = labels.get(code, code)
        return text.split(": ", 1)[1] if ": " in text else text

    if view in ("practices", "gaps"):
        dataset = "eurostat_isoc_cisci_prv20"
        ind = raw[raw["dataset"] == dataset]
        items = sorted(set(ind["indic_is"]), key=lambda c: (c != "I_MAPS", c))
        c1, c2, c3 = st.columns([4, 2, 2])
        with c1:
            item = url_choice("item", items, "I_MAPS", _("item"), short)
            item = st.selectbox(_("Practice"), items, index=items.index(item), format_func=short,
                                key=f"hygiene_es_{view}_item")
        with c2:
            unit = url_choice("unit", list(UNITS), "PC_IND", _("unit"), UNITS.get)
            unit = st.selectbox(_("Share of"), list(UNITS), index=list(UNITS).index(unit), format_func=UNITS.get,
                                key=f"hygiene_es_{view}_unit")
        years = sorted(set(ind.loc[ind["indic_is"] == item, "period"].astype(int)))
        with c3:
            choices = ["latest", *[str(y) for y in years]]
            year_s = url_choice("period", choices, "latest", _("year"),
                                lambda y: _("latest available") if y == "latest" else y)
            year_s = st.selectbox(_("Year"), choices, index=choices.index(year_s), key=f"hygiene_es_{view}_year",
                                  format_func=lambda y: _("Latest available per economy") if y == "latest" else y)
        year = None if year_s == "latest" else int(year_s)
        params.update(item=None if item == "I_MAPS" else item, unit=None if unit == "PC_IND" else unit,
                      period=None if year is None else year)
        if view == "practices":
            rows = hy.es_rows(raw, item, unit, ["IND_TOTAL"], dataset)
            picked = hy.es_pick(rows, year)
            st.subheader(short(item), anchor=False)
            st.caption(labels.get(item, item) + f" ({item}) · " + UNITS[unit])
            st.plotly_chart(hy.es_dots(picked, rows, UNITS[unit]), key="hygiene_es_practices_chart",
                            config={"displayModeBar": False})
            st.caption(_("Coloured dot: the economy's figure in the year named beside it; grey diamond: the EU27 "
                         "figure for that same year. Each economy is shown at its own latest year unless a year "
                         "is chosen."))
            summary = "; ".join(f"{display_name(r.economy)} {r.period}: {r.value:.1f}%"
                                for r in sorted(picked[picked["geo"] != hy.EU_GEO].itertuples(),
                                                key=lambda r: ECONOMY_CODES.index(r.economy)))
            st.caption(_("Text summary") + ": " + (summary or _("no data")) + ".")
            eurostat_notes(picked, dataset)
            st.subheader(_("Every practice, latest year per economy"), anchor=False)
            table_rows = []
            for code in items:
                got = hy.es_pick(hy.es_rows(raw, code, unit, ["IND_TOTAL"], dataset), year)
                by = {r.geo: f"{r.value:.1f}% ({r.period})" for r in got.itertuples()}
                row = {_("Practice"): short(code)}
                for geo, e in (("AL", "ALB"), ("BA", "BIH"), ("XK", "XKX"), ("ME", "MNE"), ("MK", "MKD"),
                               ("RS", "SRB"), (hy.EU_GEO, None)):
                    row[hy.area_name(geo, e)] = by.get(geo, _("no data"))
                table_rows.append(row)
            st.dataframe(pd.DataFrame(table_rows), hide_index=True, width="stretch", key="hygiene_es_all_items")
            download(hy.es_export(hy.es_rows(raw, item, unit, ["IND_TOTAL"], dataset), item, unit, dataset, labels),
                     f"eurostat_{item}_{unit}.csv", key="hygiene_es_practices_download",
                     label=_("Download every year of this practice (CSV)"))
        else:
            comp = url_choice("compare", list(hy.GAP_PAIRS), "sex", _("comparison"), lambda k: GAP_NAMES[k][2])
            comp = st.segmented_control(_("Compare"), list(hy.GAP_PAIRS), default=comp, key="hygiene_es_gap_by",
                                        format_func=lambda k: GAP_NAMES[k][2]) or comp
            params["compare"] = None if comp == "sex" else comp
            left, right = hy.GAP_PAIRS[comp]
            lname, rname, title = GAP_NAMES[comp]
            rows = hy.es_rows(raw, item, unit, [left, right], dataset)
            gaps = hy.es_gap(rows, left, right, year)
            st.subheader(f"{title}: {short(item)}", anchor=False)
            st.caption(f"{lname}: {labels.get(left, left)} · {rname}: {labels.get(right, right)} · {UNITS[unit]}")
            with st.container(key="hygiene_es_gap_chart_box"):
                st.plotly_chart(hy.es_dumbbell(gaps, lname, rname, UNITS[unit]), key="hygiene_es_gap_chart",
                                config={"displayModeBar": False})
            st.caption(_("Each economy at the latest year in which both groups have a value (or the year chosen); "
                         "the number on the right is the first group minus the second, in percentage points. No "
                         "interval is shown: Eurostat's sample sizes and flags are not in the copy."))
            summary = "; ".join(f"{hy.area_name(r.geo, r.economy)} {r.period}: {lname} {r.left:.1f}%, {rname} "
                                f"{r.right:.1f}% ({r.gap:+.1f} pp)" for r in gaps.itertuples())
            st.caption(_("Text summary") + ": " + (summary or _("no data")) + ".")
            eurostat_notes(gaps, dataset)
            download(hy.es_export(gaps.assign(breakdown=f"{left} minus {right}"), item, unit, dataset, labels),
                     f"eurostat_gap_{comp}_{item}_{unit}.csv", key="hygiene_es_gap_download")
        return

    # enterprises
    ent = raw[raw["dataset"].isin(["eurostat_isoc_cisce_ra", "eurostat_isoc_cisce_ic"]) & (raw["unit"] == "PC_ENT")]
    items = sorted(set(ent["indic_is"]), key=lambda c: (c != "E_SECMGE5", c))
    item = url_choice("item", items, items[0], _("item"), lambda c: labels.get(c, c))
    item = st.selectbox(_("Security measure, policy or incident"), items, index=items.index(item),
                        format_func=lambda c: labels.get(c, c), key="hygiene_es_ent_item")
    params["item"] = None if item == items[0] else item
    dataset = ent.loc[ent["indic_is"] == item, "dataset"].iloc[0]
    rows = hy.es_rows(raw, item, "PC_ENT", [hy.HEADLINE_SIZE, *hy.SIZE_CLASSES], dataset)
    picked = hy.es_pick(rows)
    # every size class of an area at that area's latest headline year
    head = picked[picked["breakdown"] == hy.HEADLINE_SIZE].set_index("geo")["period"]
    picked = rows[(rows["status"] == "observed") & rows["geo"].isin(head.index)]
    picked = picked[picked["period"] == picked["geo"].map(head)]
    st.subheader(labels.get(item, item), anchor=False)
    sizes = {c: labels.get(c, c) for c in (hy.HEADLINE_SIZE, *hy.SIZE_CLASSES)}
    st.plotly_chart(hy.es_size_dots(picked, sizes, _("% of enterprises")), key="hygiene_es_ent_chart",
                    config={"displayModeBar": False})
    st.caption(_("Bar: all enterprises with 10 or more persons employed (the headline); dots: small, medium and large "
                 "enterprises. All activities except agriculture, mining and the financial sector. Kosovo* is not in "
                 "Eurostat's enterprise tables."))
    summary = "; ".join(f"{hy.area_name(g.geo.iloc[0], g.economy.iloc[0])} {int(g.period.iloc[0])}: "
                        + ", ".join(f"{sizes[b]} {v:.1f}%" for b, v in zip(g["breakdown"], g["value"]))
                        for _k, g in picked.groupby("geo", sort=False))
    st.caption(_("Text summary") + ": " + (summary or _("no data")) + ".")
    eurostat_notes(picked, dataset)
    download(hy.es_export(rows, item, "PC_ENT", dataset, labels), f"eurostat_{item}_by_size.csv",
             key="hygiene_es_ent_download", label=_("Download every year and size class (CSV)"))


# --------------------------------------------------------------------------------------------------
# Survey views
# --------------------------------------------------------------------------------------------------
if view in ("practices", "gaps", "enterprises"):
    eurostat_view(view, params)

elif view == "survey":
    surveys = hy.survey_datasets(query) if wh.has_table("survey_datasets") else pd.DataFrame()
    if not len(surveys):
        st.info(_("No survey microdata is loaded. Add a survey in the layout of "
                  "data/templates/survey_microdata_template.csv (see data/templates/README-survey.md)."),
                icon=":material/info:")
        state.write(**params)
        st.stop()
    real_first = surveys.sort_values(["confidence"], key=lambda s: s.eq("synthetic"), kind="stable")
    survey = url_choice("survey", list(surveys["dataset"]), real_first["dataset"].iloc[0], _("survey"))
    if len(surveys) > 1:
        survey = st.selectbox(_("Survey"), list(surveys["dataset"]), index=list(surveys["dataset"]).index(survey),
                              format_func=lambda d: surveys.set_index("dataset").loc[d, "title"], key="hygiene_survey")
    meta = surveys.set_index("dataset").loc[survey].to_dict() | {"dataset": survey}
    years = hy.survey_years(query, survey)
    year = state.integer("year", years, years[-1], _("survey year"))
    if len(years) > 1:
        year = st.selectbox(_("Survey year"), years, index=years.index(year), key="hygiene_year")
    params.update(survey=None if survey == real_first["dataset"].iloc[0] else survey,
                  year=None if year == years[-1] else year)
    qdf = hy.survey_questions(query, survey)
    labels = dict(zip(qdf["question"], qdf["label"]))
    kinds = dict(zip(qdf["question"], qdf["kind"]))
    questions = list(qdf["question"])
    gdf = hy.survey_groups(query, survey)
    group_labels = dict(zip(gdf["flag"], gdf["label"]))
    min_n = int(meta["min_n"])
    demo = meta["confidence"] == "synthetic"
    if demo:
        frame.demo_badge(_("synthetic survey respondents, not a measurement of any economy"))
    st.caption(_("Survey: {title} · {n} respondents · year {year} · confidence: {conf}").format(
        title=meta["title"], n=f"{int(meta['respondents']):,}", year=year, conf=_(meta["confidence"])))
    default_q = "q_two_factor" if "q_two_factor" in questions else questions[0]

    def demo_mark(fig):
        return hy.mark_demo(fig) if demo else fig

    def pick_question(key: str, allowed: list[str]) -> str:
        q = url_choice("q", allowed, default_q if default_q in allowed else allowed[0], _("question"),
                       lambda x: labels.get(x, x))
        q = st.selectbox(_("Question"), allowed, index=allowed.index(q), format_func=lambda x: labels.get(x, x),
                         key=key)
        params["q"] = q
        return q

    def pick_economy(key: str) -> str:
        eco = state.economy()
        eco = st.selectbox(_("Economy"), ECONOMY_CODES, index=ECONOMY_CODES.index(eco), format_func=display_name,
                           key=key)
        params["economy"] = eco
        return eco

    if sview == "practices":
        est = hy.shares(query, dataset=survey, year=year, dims=("all",), min_n=min_n)
        for kind, title, key in (("practice", _("Cyber-hygiene practices"), "hygiene_heatmap_practices"),
                                 ("incident", _("Incidents experienced"), "hygiene_heatmap_incidents")):
            qs = [q for q in questions if kinds[q] == kind]
            if not qs:
                continue
            st.subheader(title + " " + _("(weighted share of respondents, %)"), anchor=False)
            if demo:
                frame.demo_badge()
            st.plotly_chart(demo_mark(hy.practices_heatmap(est[est["question"].isin(qs)], labels, qs)), key=key,
                            config={"displayModeBar": False})
            frame.sources_line(survey_sources(meta))
            frame.kosovo_footnote()
            with st.expander(_("Table and download"), expanded=False):
                part = est[est["question"].isin(qs)]
                st.dataframe(share_table(part, labels), hide_index=True, width="stretch", key=f"{key}_table")
                download(hy.export_frame(part, labels, meta), f"hygiene_{kind}s_{survey}_{year}.csv",
                         key=f"{key}_download")
        method_note(min_n)
        st.subheader(_("One question across the economies, with 95% intervals"), anchor=False)
        q = pick_question("hygiene_practices_question", questions)
        st.plotly_chart(demo_mark(hy.share_dots(est, q, labels[q])), key="hygiene_share_dots",
                        config={"displayModeBar": False})
        st.caption(_("Text summary") + ": " + hy.text_summary_practices(est, labels, q))
        frame.sources_line(survey_sources(meta))
        frame.kosovo_footnote()

    elif sview == "gender":
        st.subheader(_("Gender gap: women minus men, with 95% intervals"), anchor=False)
        by = url_choice("by", ["economy", "question"], "economy", _("comparison"))
        by = st.segmented_control(
            _("Compare"), ["economy", "question"], default=by, key="hygiene_gap_by",
            format_func=lambda b: _("One question, six economies") if b == "economy" else
            _("One economy, every question")) or by
        params["by"] = None if by == "economy" else by
        gaps = hy.gender_gap(query, dataset=survey, year=year, dims=("all",), min_n=min_n)
        gaps = gaps.rename(columns={"share_female": "share_1", "share_male": "share_2", "n_female": "n_1",
                                    "n_male": "n_2"})
        if by == "economy":
            q = pick_question("hygiene_gap_question", questions)
            rows = gaps[gaps["question"] == q].copy()
            rows["order"] = rows["economy"].map(ECONOMY_CODES.index)
            rows = rows.sort_values("order")
            title = labels[q]
            fig = hy.gap_forest(rows, display_name, "economy", _("Women minus men"), left=_("women"),
                                heading=title)
        else:
            eco = pick_economy("hygiene_gap_economy")
            rows = gaps[gaps["economy"] == eco].copy()
            rows["order"] = rows["question"].map(questions.index)
            rows = rows.sort_values("order")
            title = display_name(eco)
            fig = hy.gap_forest(rows, lambda x: labels.get(x, x), "question", _("Women minus men"), left=_("women"),
                                heading=title)
        if demo:
            frame.demo_badge()
        with st.container(key="hygiene_gender_gap_chart"):
            st.plotly_chart(demo_mark(fig), key="hygiene_gap_chart", config={"displayModeBar": False})
        st.caption(_("Text summary") + ": " + hy.text_summary_gaps(rows, labels, "economy" if by == "economy"
                                                                    else "question"))
        st.caption(_("Blue: higher for women (the whole interval above zero); red: lower for women (below zero); "
                     "grey: the interval includes zero. For practices, higher is better; for incidents, a positive "
                     "gap means women are more affected."))
        frame.sources_line(survey_sources(meta))
        frame.kosovo_footnote()
        method_note(min_n)
        with st.expander(_("Table and download"), expanded=False):
            st.dataframe(gap_table(rows, labels, _("Women"), _("Men"), "economy" if by == "economy" else "question"),
                         hide_index=True, width="stretch", key="hygiene_gap_table")
            full = gaps.rename(columns={"share_1": "share_female", "share_2": "share_male", "n_1": "n_female",
                                        "n_2": "n_male"})
            download(hy.export_frame(full, labels, meta), f"hygiene_gender_gap_{survey}_{year}.csv",
                     key="hygiene_gap_download", label=_("Download every gender gap (CSV)"))

    elif sview == "age":
        st.subheader(_("By age band, with 95% intervals"), anchor=False)
        c1, c2, c3 = st.columns([2, 3, 2])
        with c1:
            eco = pick_economy("hygiene_age_economy")
        with c2:
            q = pick_question("hygiene_age_question", questions)
        split = url_choice("split", ["sex", "none"], "sex", _("split"))
        with c3:
            split = st.segmented_control(_("Split"), ["sex", "none"], default=split, key="hygiene_age_split",
                                         format_func=lambda s: _("Women and men") if s == "sex" else _("Everyone"))
            split = split or "sex"
        params["split"] = None if split == "sex" else split
        est = hy.shares(query, dataset=survey, year=year, dims=("age_band",), by_sex=split == "sex",
                        sexes=("female", "male") if split == "sex" else None, economies=[eco], questions=[q],
                        min_n=min_n)
        bands = [b for b in hy.DEFAULT_AGE_BANDS if b in set(est["value"])] + sorted(
            set(est["value"]) - set(hy.DEFAULT_AGE_BANDS))
        if demo:
            frame.demo_badge()
        st.plotly_chart(demo_mark(hy.age_profile(est, bands, labels[q], split == "sex")), key="hygiene_age_chart",
                        config={"displayModeBar": False})
        suppressed = est[est["status"] == "suppressed"]
        summary = "; ".join(
            f"{r.value}{' ' + (_('women') if r.sex == 'female' else _('men')) if split == 'sex' else ''}: "
            f"{hy.fmt_share(r.share, r.status)}" for r in est.itertuples())
        st.caption(_("Text summary") + f" ({display_name(eco)}, {labels[q]}): " + summary + ".")
        if len(suppressed):
            st.caption(_("{k} cell(s) have fewer than {n} respondents and are suppressed.").format(
                k=len(suppressed), n=min_n))
        frame.sources_line(survey_sources(meta))
        if eco == "XKX":
            frame.kosovo_footnote()
        method_note(min_n)
        with st.expander(_("Table and download"), expanded=False):
            extra = (("value", _("Age band")),) + ((("sex", _("Sex")),) if split == "sex" else ())
            st.dataframe(share_table(est, labels, extra), hide_index=True, width="stretch", key="hygiene_age_table")
            download(hy.export_frame(est, labels, meta), f"hygiene_age_{eco}_{q}_{survey}_{year}.csv",
                     key="hygiene_age_download")

    elif sview == "groups":
        st.subheader(_("Vulnerable groups against the other respondents, with 95% intervals"), anchor=False)
        flags = list(gdf["flag"])
        if not flags:
            st.info(_("This survey has no vulnerable-group flags."), icon=":material/info:")
        else:
            c1, c2, c3 = st.columns([2, 3, 2])
            with c1:
                eco = pick_economy("hygiene_groups_economy")
            with c2:
                q = pick_question("hygiene_groups_question", questions)
            sex = url_choice("sex", list(SEX_FILTERS), "all", _("respondents"), SEX_FILTERS.get)
            with c3:
                sex = st.segmented_control(_("Respondents"), list(SEX_FILTERS), default=sex, key="hygiene_groups_sex",
                                           format_func=SEX_FILTERS.get) or "all"
            params["sex"] = None if sex == "all" else sex
            gg = hy.group_gap(query, dataset=survey, year=year, groups=flags, economies=[eco], questions=[q],
                              sexes=None if sex == "all" else [sex], min_n=min_n)
            gg["order"] = gg["dim"].map(flags.index)
            gg = gg.sort_values("order").reset_index(drop=True)
            if demo:
                frame.demo_badge()
            st.plotly_chart(demo_mark(hy.group_dots(gg, group_labels, labels[q])), key="hygiene_groups_chart",
                            config={"displayModeBar": False})
            gg_disp = gg.rename(columns={"share_group": "share_1", "share_rest": "share_2", "n_group": "n_1",
                                         "n_rest": "n_2"})
            st.caption(_("Text summary") + f" ({display_name(eco)}, {labels[q]}, {SEX_FILTERS[sex].lower()}; "
                       + _("members minus other respondents") + "): "
                       + hy.text_summary_gaps(gg_disp.assign(question=gg_disp["dim"]),
                                              group_labels, "question"))
            frame.sources_line(survey_sources(meta))
            if eco == "XKX":
                frame.kosovo_footnote()
            method_note(min_n)
            with st.expander(_("Table and download"), expanded=True):
                table = gap_table(gg_disp.assign(question=gg_disp["dim"]), group_labels, _("Members"),
                                  _("Other respondents"), "question").rename(columns={_("Question"): _("Group")})
                st.dataframe(table, hide_index=True, width="stretch", key="hygiene_groups_table")
                download(hy.export_frame(gg.drop(columns="order"), labels, meta),
                         f"hygiene_groups_{eco}_{q}_{survey}_{year}.csv", key="hygiene_groups_download")

# --------------------------------------------------------------------------------------------------
# Inclusion: real figures on violence against women, and the Inclusion pillar
# --------------------------------------------------------------------------------------------------
elif view == "inclusion":
    sources = data.table("sources")
    src = sources.set_index("source_id")
    st.subheader(_("Technology-facilitated violence against women: the real figures"), anchor=False)
    st.caption(_("Read in the publishers' own text (verified) or in a source that reports it (secondary). "
                 "Regional averages cover more economies than the six and belong to none of them."))
    ids = ["tfvaw_lifetime_share", "osce_sexual_harassment_share", "osce_stalking_share"]
    real = obs[obs["indicator_id"].isin(ids) & (obs["confidence"] != "synthetic")].copy()
    refs = data.table("reference_values") if wh.has_table("reference_values") else pd.DataFrame(
        columns=["area", "area_label", "indicator_id", "label", "period", "value", "confidence", "source_id", "note"])
    panels = []
    for ind_id in ids:
        bars = [{"label": display_name(r.economy), "value": r.value, "confidence": r.confidence, "kind": "economy",
                 "period": r.period} for r in real[real["indicator_id"] == ind_id].itertuples()]
        bars += [{"label": r.area_label, "value": r.value, "confidence": r.confidence, "kind": "reference",
                  "period": r.period} for r in refs[refs["indicator_id"] == ind_id].itertuples()]
        if bars:
            panels.append((ind_id, pd.DataFrame(bars)))
    for col, (ind_id, bars) in zip(st.columns(len(panels) or 1), panels):
        with col:
            name = catalog.get(ind_id).name
            st.markdown(f"**{name}** ({', '.join(str(p) for p in sorted(set(bars['period'])))})")
            st.plotly_chart(hy.reference_bars(bars, _("% of women")), key=f"hygiene_ref_{ind_id}",
                            config={"displayModeBar": False})
            st.caption(_("Text summary") + ": " + "; ".join(
                f"{b.label} {b.value:g}% ({_(b.confidence)}, {b.period})" for b in bars.itertuples()) + ".")
    st.caption(_("Purple: an economy's own figure; grey: a regional average. Solid: verified (read in the "
                 "publisher's own text); hatched: secondary (read in a source that reports it)."))
    table = pd.DataFrame(
        [{_("Area"): display_name(r.economy), _("Figure"): catalog.get(r.indicator_id).name, _("Year"): r.period,
          _("Value"): f"{r.value:g}%", _("Confidence"): _(r.confidence), _("Source"): r.source_title,
          _("Note"): r.note} for r in real.itertuples()]
        + [{_("Area"): r.area_label, _("Figure"): r.label, _("Year"): r.period, _("Value"): f"{r.value:g}%",
            _("Confidence"): _(r.confidence),
            _("Source"): src.loc[r.source_id, "title"] if r.source_id in src.index else r.source_id,
            _("Note"): r.note} for r in refs.itertuples()])
    st.dataframe(table, hide_index=True, width="stretch", key="hygiene_tfvaw_table")
    used = pd.concat([real[["source_id", "confidence"]], refs[["source_id", "confidence"]]], ignore_index=True)
    used = used.merge(sources[["source_id", "title", "url"]].rename(columns={"title": "source_title",
                                                                             "url": "source_url"}),
                      on="source_id", how="left")
    frame.sources_line(used)
    frame.kosovo_footnote()
    st.caption(_("Values for Bosnia and Herzegovina, Kosovo*, Montenegro, North Macedonia and Serbia are in the full "
                 "UN Women report but were not read, so they are not shown."))

    st.subheader(_("Inclusion pillar"), anchor=False)
    inclusion_ids = [i.id for i in catalog.scored_in("inclusion")]
    inclusion_obs = obs[obs["indicator_id"].isin(inclusion_ids)]  # same Inclusion scores, less to sort
    real_scores = pillar_scores(inclusion_obs, catalog)
    demo_scores = pillar_scores(inclusion_obs, catalog, include_synthetic=True)
    rs = real_scores[real_scores["pillar"] == "inclusion"].set_index("economy")
    ds = demo_scores[demo_scores["pillar"] == "inclusion"].set_index("economy")
    has_demo = bool((obs["indicator_id"].isin(inclusion_ids) & (obs["confidence"] == "synthetic")).any())

    def cell(row) -> str:
        return _("no data") if row["n"] == 0 else f"{row['score']:.1f} ({row['n']} {_('of')} {row['m']})"

    pillar = pd.DataFrame({
        _("Economy"): [display_name(e) for e in ECONOMY_CODES],
        _("Real data only (score, coverage)"): [cell(rs.loc[e]) for e in ECONOMY_CODES],
    })
    if has_demo:
        pillar[_("With the demonstration survey (score, coverage)")] = [cell(ds.loc[e]) for e in ECONOMY_CODES]
        frame.demo_badge(_("the last column includes synthetic survey indicators"))
    st.dataframe(pillar, hide_index=True, width="stretch", key="hygiene_inclusion_table")
    st.caption(_("The Inclusion pillar score is the mean of its available indicators normalised to 0-100: how far "
                 "managing access to one's personal data reaches women, people aged 65-74 and people with low formal "
                 "education (Eurostat, each economy's latest year); coverage is n of m indicators. Prevalence of "
                 "online violence above is context, not part of the score. The default pillar scores everywhere else "
                 "use real data only."))
    ind_rows = obs[obs["indicator_id"].isin(inclusion_ids)].assign(
        _i=lambda d: d["indicator_id"].map(inclusion_ids.index), _e=lambda d: d["economy"].map(ECONOMY_CODES.index))
    ind_rows = ind_rows.sort_values(["_i", "_e", "period"]).drop(columns=["_i", "_e"])
    indicators = pd.DataFrame([{
        _("Economy"): display_name(r.economy), _("Indicator"): catalog.get(r.indicator_id).name,
        _("Value"): (f"{r.value:.1f}" if r.status == "observed" else STATUS_LABELS.get(r.status, r.status)),
        _("Unit"): catalog.get(r.indicator_id).unit, _("Score (0-100)"): None if pd.isna(r.score) else round(r.score, 1),
        _("Year"): r.period, _("Confidence"): _(r.confidence),
    } for r in ind_rows.itertuples()])
    st.dataframe(indicators, hide_index=True, width="stretch", key="hygiene_inclusion_indicators")
    frame.sources_line(ind_rows)
    frame.kosovo_footnote()

# --------------------------------------------------------------------------------------------------
# Published hygiene figures (real, not comparable across economies unless the indicator says so)
# --------------------------------------------------------------------------------------------------
else:
    st.subheader(_("Hygiene figures read in published sources"), anchor=False)
    st.caption(_("Real values with their confidence. They come from different surveys and questions (national "
                 "surveys, Eurostat 2019 items quoted in the press) and are not comparable across economies unless "
                 "the indicator says so."))
    fam = {i.id for i in catalog.indicators.values() if i.family == "hygiene"}
    pub = obs[obs["indicator_id"].isin(fam) & (obs["confidence"] != "synthetic")].assign(
        _e=lambda d: d["economy"].map(ECONOMY_CODES.index))
    pub = pub.sort_values(["indicator_id", "period", "_e"]).drop(columns="_e")
    table = pd.DataFrame([{
        _("Economy"): display_name(r.economy), _("Figure"): catalog.get(r.indicator_id).name, _("Year"): r.period,
        _("Value"): f"{r.value:g}%" if r.status == "observed" else MISSING_TEXT.get(r.status, r.status),
        _("Confidence"): _(r.confidence), _("Source"): r.source_title, _("Note"): r.note,
    } for r in pub.itertuples()])
    st.dataframe(table, hide_index=True, width="stretch", key="hygiene_published_table")
    st.caption(_("Text summary") + ": " + "; ".join(
        f"{display_name(r.economy)} {r.period}: {catalog.get(r.indicator_id).name} = "
        + (f"{r.value:g}%" if r.status == "observed" else MISSING_TEXT.get(r.status, r.status))
        for r in pub.itertuples()) + ".")
    frame.sources_line(pub)
    if "XKX" in set(pub["economy"]):
        frame.kosovo_footnote()
    st.caption(_("Eurostat's own tables for the six economies are in the views 'Practices by economy', 'Gaps by sex, "
                 "age, education and work' and 'Enterprises by size'."))
    if wh.has_table("published_figures"):
        pf = data.table("published_figures")
        topic_names = {"hygiene_survey": _("Citizen surveys on cyber hygiene and concerns"),
                       "tfgbv": _("Technology-facilitated violence against women and girls"),
                       "child_online": _("Children online")}
        st.caption(_("Each figure below is its own survey question and sample, shown as read (a value given in "
                     "words stays in words) with its source and confidence; none is compared across economies "
                     "or scored."))
        for topic, name in topic_names.items():
            part = pf[pf["topic"] == topic]
            if not len(part):
                continue
            st.subheader(name, anchor=False)
            st.dataframe(pd.DataFrame({
                _("Area"): [_("Western Balkans (survey average)") if e == "WB6" else display_name(e)
                            for e in part["area"]],
                _("Figure"): part["figure"], _("Period"): part["period"],
                _("Value as read"): [f"{v} ({u})" for v, u in zip(part["value_text"], part["unit"])],
                _("Confidence"): [_(c) for c in part["confidence"]], _("Source"): part["source_title"],
                _("Link"): part["source_url"], _("Note"): part["note"]}), hide_index=True, width="stretch",
                key=f"hygiene_published_{topic}",
                column_config={_("Link"): st.column_config.LinkColumn(display_text=r"https?://([^/]+)/.*")})
        if "XKX" in set(pf["area"]):
            frame.kosovo_footnote()

# Publications that inform this view (research library)
if data.warehouse().has_table("research_library"):
    from indicators import research as _rs
    _lib = data.table("research_library")
    _parts = []
    for _t in _rs.VIEW_TOPICS["hygiene"]:
        _n = len(_rs.filter_library(_lib, topics=(_t,)))
        if _n:
            _parts.append(f"[{_rs.TOPICS[_t][0]} ({_n})](research?topic={_t})")
    if _parts:
        st.caption(_("Research that informs this view") + ": " + " · ".join(_parts))

state.write(**params)
