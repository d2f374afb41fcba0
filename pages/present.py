"""Forum presentation mode: a prepared deck for a projector, driven by URL, clicker or keyboard.

Without ``present=1`` the page is a setup form; with it the app chrome is hidden and one slide fills
the screen. Everything a presenter chose (economies and their order, pillar focus, auto-advance,
current slide) is in the URL, so a prepared link opens the prepared talk.
"""
from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from indicators.economies import ECONOMY_CODES, KOSOVO_FOOTNOTE, display_name
from indicators.figures import radar
from indicators.maps import (choropleth_deck, indicator_map_values, legend_html, pillar_map_values,
                             ranking_order)
from indicators.i18n import _
from indicators.scoring import MIN_FOR_AVERAGE, STATUS_LABELS, pillar_scores, wb6_average
from indicators.sensitivity import with_bands
from indicators.slides import FOCUS_CHOICES, build_deck, compare_cell, datasets_used, economy_summary, slide_ranking
from ui import data, frame, state
from ui.router import ensure_router

ensure_router()

AUTO_CHOICES = (0, 10, 20, 30, 45, 60, 90, 120)
SCREENS = (1080, 720)  # projector height in pixels: sets chart heights (type scales with the screen by itself)
CHART_HEIGHT = {1080: 620, 720: 400}
catalog = data.catalog()
obs = data.observations()

presenting = st.query_params.get("present") == "1"
economies = state.economies(default=ECONOMY_CODES, min_n=1, max_n=6)
focus = state.choice("focus", FOCUS_CHOICES, "overview", _("focus"))
auto = state.integer("auto", AUTO_CHOICES, 0, _("auto-advance interval"))
deck = build_deck(economies, focus, catalog)
slide_no = state.integer("slide", range(1, len(deck) + 1), 1, _("slide"))
screen = state.integer("screen", SCREENS, 1080, _("screen height"))
chart_h = CHART_HEIGHT[screen]


def focus_label(f: str) -> str:
    return _("Overview (NCSI score)") if f == "overview" else _(catalog.pillar_name(f))


if not presenting:
    frame.page_header(_("Presentation mode"),
                      _("Prepare a talk for a regional forum: choose the economies, their order and the focus, "
                        "then start. The link opens the same deck at the first slide."))
    chosen = st.multiselect(_("Economies, in the order you will present them"), ECONOMY_CODES, default=economies,
                            format_func=display_name, key="present_economies", max_selections=6)
    c1, c2, c3 = st.columns(3)
    focus = c1.selectbox(_("Pillar focus"), FOCUS_CHOICES, index=FOCUS_CHOICES.index(focus),
                         format_func=focus_label, key="present_focus")
    auto = c2.selectbox(_("Auto-advance"), AUTO_CHOICES, index=AUTO_CHOICES.index(auto),
                        format_func=lambda s: _("off (clicker or keyboard)") if s == 0 else f"{s} s",
                        key="present_auto")
    screen = c3.selectbox(_("Projector resolution"), SCREENS, index=SCREENS.index(screen),
                          format_func=lambda h: "1920x1080" if h == 1080 else "1280x720", key="present_screen")
    chosen = chosen or list(ECONOMY_CODES)
    state.write(economies=chosen, focus=focus, auto=auto or None, slide=None, screen=screen)
    params = {"present": "1", "economies": ",".join(chosen), "focus": focus, "screen": str(screen), "slide": "1"}
    if auto:
        params["auto"] = str(auto)
    link = "/present?" + "&".join(f"{k}={v}" for k, v in params.items())
    st.markdown(f"**{_('Prepared link')}:** `{link}`")
    st.caption(_("Keys: Right arrow or Page Down = next slide; Left arrow or Page Up = previous. "
                 "Presenter clickers send these keys."))
    deck = build_deck(chosen, focus, catalog)
    st.markdown(f"{_('Slides')}: " + " · ".join(f"{i}. {s.title}" for i, s in enumerate(deck, 1)))

    def start():
        st.query_params.from_dict(params)

    st.button(_("Start presentation"), key="present_start", type="primary", on_click=start,
              icon=":material/slideshow:")
    st.stop()

# ---- presenting -------------------------------------------------------------------------------
st.markdown("""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"] {display: none !important;}
[data-testid="stMainBlockContainer"] {padding: 1.2rem 2.5rem 0.5rem 2.5rem !important; max-width: 100% !important;}
[data-testid="stAppViewContainer"], [data-testid="stMain"] {background: #ffffff;}
.slide-title {font-size: 2.6rem; font-weight: 700; color: #000; line-height: 1.15; margin: 0 0 0.4rem 0;}
.slide-sub {font-size: 1.5rem; color: #111; margin: 0.2rem 0;}
.slide-text {font-size: 1.45rem; color: #000; line-height: 1.35;}
.slide-text li {margin-bottom: 0.25rem; font-size: inherit !important;}
.slide-small {font-size: 1.0rem; color: #222;}
.slide-counter {font-size: 1.1rem; color: #222; text-align: right; padding-top: 0.5rem;}
.slide-hidden-keys {display: none;}
header, [data-testid="stHeader"] {height: 0 !important; min-height: 0 !important;}
[data-testid="stMain"] {padding-top: 0 !important;}
[data-testid="stToast"], [data-testid="stToastContainer"] {display: none !important;}
/* Type and charts grow with the screen (vh units), so 1280x720 and 1920x1080 both fill the projector. */
.slide-title {font-size: clamp(2rem, 5.4vh, 4rem) !important;}
.slide-sub {font-size: clamp(1.2rem, 3.3vh, 2.3rem) !important;}
.slide-text, .slide-text li, .slide-text td, .slide-text th {font-size: clamp(1.05rem, 2.8vh, 2rem) !important;}
.slide-small {font-size: clamp(0.85rem, 1.9vh, 1.35rem) !important;}
.slide-counter {font-size: clamp(0.9rem, 2.2vh, 1.5rem) !important;}
.slide-ranking, .slide-ranking li {font-size: clamp(1rem, 2.4vh, 1.75rem) !important;}
.slide-compact td, .slide-compact th {font-size: clamp(0.8rem, 2.1vh, 1.5rem) !important;}
</style>
""", unsafe_allow_html=True)

slide = deck[slide_no - 1]


def go(to: int) -> None:
    st.query_params["slide"] = str(min(max(to, 1), len(deck)))
    st.session_state["present_last_move"] = time.time()


def title(text: str) -> None:
    st.markdown(f"<div class='slide-title' data-testid='slide-title'>{text}</div>", unsafe_allow_html=True)


def bullets(items: list[str]) -> str:
    return "<ul class='slide-text'>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def footnote_if_kosovo(codes) -> None:
    if "XKX" in list(codes):
        st.markdown(f"<div class='slide-small'>{_(KOSOVO_FOOTNOTE)}</div>", unsafe_allow_html=True)


def sources_text(rows: pd.DataFrame) -> str:
    """The datasets behind a slide, by title. Slides show real scores only, so demonstration data is left out."""
    titles = data.table("datasets").set_index("dataset")["title"]
    used = rows[rows["confidence"] != "synthetic"].dropna(subset=["source_id"])
    return _("Sources") + ": " + "; ".join(sorted(str(titles.get(d, d)) for d in set(used["dataset"])))


scores = with_bands(pillar_scores(obs, catalog), data.rank_bands(None))
average = wb6_average(scores)

if slide.kind == "title":
    title(slide.title)
    manifest = data.warehouse().manifest
    st.markdown(f"<div class='slide-sub'>{', '.join(display_name(c) for c in economies)}</div>"
                f"<div class='slide-sub'>{_('Focus')}: {focus_label(focus)}</div>"
                f"<div class='slide-text' style='margin-top:1.5rem'>"
                f"{_('Shared, sourced evidence on legislation, CERT maturity, cyber hygiene and inclusion.')}"
                f"</div><div class='slide-small' style='margin-top:1.5rem'>{_('Data build')}: "
                f"{manifest['built_at'][:10]} · {manifest['real_observations']} {_('real observations')} · "
                f"{_('every value carries its source and confidence')}</div>", unsafe_allow_html=True)
    footnote_if_kosovo(economies)

elif slide.kind == "map":
    title(slide.title)
    if focus == "overview":
        values = indicator_map_values(obs, catalog, "ncsi_score")
        measure = _("NCSI score, current methodology (0-100)")
        used_ids = ["ncsi_score"]
    else:
        values = pillar_map_values(obs, catalog, focus, bands=data.rank_bands(None))
        measure = f"{focus_label(focus)}: {_('pillar score (0-100), index lens')}"
        used_ids = [i.id for i in catalog.scored_in(focus)]
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.pydeck_chart(choropleth_deck(values), key="present_map", height=chart_h,
                        alt=f"{measure}: " + "; ".join(f"{n} {t}" for n, t in zip(values["name"], values["value_text"])))
    with right:
        if focus == "overview":
            ordered = ranking_order(values)
            st.markdown(bullets([f"<b>{n}</b>: {t}" for n, t in zip(ordered["name"], ordered["value_text"])]),
                        unsafe_allow_html=True)
        else:
            shown, left_out = slide_ranking(values)
            st.markdown(f"<div class='slide-sub' data-testid='slide-ranking'><b>{_('Ranking')}</b> "
                        f"<span class='slide-small'>({_('score, indicators with a value, rank band')})</span></div>"
                        + bullets([r["text"] for r in shown] or [_("no economy meets the coverage rule")]).replace(
                            "<ul class='slide-text'>", "<ul class='slide-text slide-ranking'>")
                        + (f"<div class='slide-small'><b>{_('Not ranked')}</b>: "
                           + "; ".join(r["text"] for r in left_out) + "</div>" if left_out else ""),
                        unsafe_allow_html=True)
        st.markdown(legend_html(measure), unsafe_allow_html=True)
        st.markdown(f"<div class='slide-small'>{sources_text(obs[obs['indicator_id'].isin(used_ids)])}</div>",
                    unsafe_allow_html=True)
    footnote_if_kosovo(list(values["economy"]))

elif slide.kind == "economy":
    eco = slide.economy
    title(slide.title)
    summary = economy_summary(obs, catalog, eco)
    left, right = st.columns([5, 6], gap="large")
    with left:
        st.plotly_chart(radar(scores, average, catalog, [eco], height=chart_h - 40), key=f"present_radar_{eco}",
                        config={"displayModeBar": False, "staticPlot": True})
        st.markdown(f"<div class='slide-small'>{_('Status facts')}: <b>{summary['status']}</b></div>",
                    unsafe_allow_html=True)
    with right:
        st.markdown(f"<div class='slide-sub'><b>{_('Strengths')}</b></div>"
                    + bullets([s["text"] for s in summary["strengths"]] or [_("no scored indicator")])
                    + f"<div class='slide-sub'><b>{_('Largest gaps to the WB6 best')}</b></div>"
                    + bullets([f"{g['text']} ({_('best')}: {g['best']})" for g in summary["gaps"]]
                              or [_("none: at the WB6 best on every scored indicator")]),
                    unsafe_allow_html=True)
        facts = []
        for f in summary["facts"]:
            value = f["value"] if f["status"] == "observed" else STATUS_LABELS.get(f["status"], f["status"])
            facts.append(f"{f['label']}: <b>{value}</b>" + (f" ({f['period']})" if f["status"] == "observed" else ""))
        st.markdown("<div class='slide-small'>" + " · ".join(facts) + "</div>", unsafe_allow_html=True)
    st.markdown(f"<div class='slide-small'>{sources_text(obs[obs['economy'] == eco])}. "
                f"{_('Scores 0-100; pillar coverage in brackets; no data is shown as a gap, never as 0.')}</div>",
                unsafe_allow_html=True)
    footnote_if_kosovo([eco])

elif slide.kind == "compare":
    title(slide.title)
    left, right = st.columns([4, 7], gap="large")
    with left:
        st.plotly_chart(radar(scores, average, catalog, economies, height=chart_h), key="present_compare_radar",
                        config={"displayModeBar": False, "staticPlot": True})
    with right:
        cells_of = scores.set_index(["pillar", "economy"])

        def cell_html(text: str) -> str:
            """With more than three economies the band goes on a second, smaller line, so the table fits."""
            if len(economies) <= 3 or " · band " not in text:
                return text
            score, band = text.split(" · band ", 1)
            return f"{score}<br><span style='font-size:0.8em'>{_('band')} {band}</span>"

        header = "".join(f"<th style='padding:0 0.5rem'>{display_name(c)}</th>" for c in economies)
        body = ""
        for pid in average["pillar"]:
            cells = "".join(f"<td style='padding:0 0.4rem;text-align:right;white-space:nowrap;line-height:1.1'>"
                            f"{cell_html(compare_cell(cells_of.loc[(pid, c)]))}</td>" for c in economies)
            body += f"<tr><td>{_(catalog.pillar_name(pid))}</td>{cells}</tr>"
        compact = "" if len(economies) <= 3 else " slide-compact"
        st.markdown(f"<table class='slide-text{compact}' data-testid='slide-compare-table'><tr><th></th>{header}</tr>{body}</table>"
                    f"<div class='slide-small'>{_('Index-lens pillar scores 0-100 (indicators with a value/in the pillar) · band = rank band. Below the coverage rule: insufficient, not ranked; — = no data (never 0). WB6 average: at least {k} economies.').format(k=MIN_FOR_AVERAGE)}</div>",
                    unsafe_allow_html=True)
    st.markdown(f"<div class='slide-small'>{sources_text(obs[obs['economy'].isin(economies)])}</div>",
                unsafe_allow_html=True)
    footnote_if_kosovo(economies)

else:  # closing
    title(slide.title)
    used = datasets_used(obs[obs["economy"].isin(economies)])
    titles = data.table("datasets").set_index("dataset")["title"]
    lines = [f"{titles.get(d, d)}: {r} {_('values')} ({v} {_('verified')}, {s} {_('secondary')}"
             + (f", {y} {_('synthetic')}" if y else "") + ")"
             for d, r, v, s, y in used[["dataset", "rows", "verified", "secondary", "synthetic"]].itertuples(index=False)]
    st.markdown(bullets(lines[:8]), unsafe_allow_html=True)
    st.markdown(f"<div class='slide-small'>{_('Verified: read in the publisher’s own text. Secondary: read in a source that reports it. Missing values are shown as missing, never as zero. Full methodology and every source: Methodology and sources page.')}</div>",
                unsafe_allow_html=True)
    footnote_if_kosovo(economies)

# ---- navigation: on-screen buttons, arrow keys and clicker keys (PageUp/PageDown) -------------
nav_prev, nav_next, counter = st.columns([1, 1, 4])
nav_prev.button(_("Previous"), key="present_prev", shortcut="Left",
                on_click=go, args=(slide_no - 1,), disabled=slide_no == 1)
nav_next.button(_("Next"), key="present_next", shortcut="Right",
                on_click=go, args=(slide_no + 1,), disabled=slide_no == len(deck), type="primary")
counter.markdown(f"<div class='slide-counter' data-testid='slide-counter'>{slide_no} / {len(deck)}</div>",
                 unsafe_allow_html=True)
with st.container(key="slide_hidden_keys"):
    st.button(_("Next slide"), key="present_pagedown", shortcut="PageDown", on_click=go, args=(slide_no + 1,))
    st.button(_("Previous slide"), key="present_pageup", shortcut="PageUp", on_click=go, args=(slide_no - 1,))
st.markdown("<style>.st-key-slide_hidden_keys {position:absolute; left:-10000px; height:0; overflow:hidden;}</style>",
            unsafe_allow_html=True)

if auto and slide_no < len(deck):
    @st.fragment(run_every=auto)
    def _auto_advance() -> None:
        last = st.session_state.setdefault("present_last_move", time.time())
        if time.time() - last >= auto - 1:  # ticks are not exact: allow a second of slack
            go(slide_no + 1)
            st.rerun(scope="app")

    _auto_advance()
