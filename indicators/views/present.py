"""View model of the forum presentation: the deck as data (one :class:`SlideView` per slide).

:func:`build` takes the selection (economies in order, focus, screen height, ``since``), the warehouse
tables, the catalog, the rank bands, the audience QR code (or why there is none) and the "last forum"
comparison, and returns :class:`PresentView`. Every slide carries its heading, its HTML blocks (data
escaped with :mod:`indicators.text.markup`), an optional plotly figure with projector-size fonts, and the
datasets its numbers come from; the sources slide lists exactly the union of those datasets, each with
its as-of date. The view also carries the audience QR code (made here from the public base URL, once per
deck), the setup form's option labels, the slide list and the HTML pieces the presenting screen shows;
:func:`labels` holds the page's fixed labels. No Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from indicators.method.changes import ChangeReport, describe
from indicators.method.compare import with_missing_reasons
from indicators.method.scoring import MIN_FOR_AVERAGE, indicators_for, latest_observations, pillar_scores, wb6_average
from indicators.method.sensitivity import with_bands
from indicators.model.catalog import Catalog
from indicators.model.economies import KOSOVO_FOOTNOTE, display_name
from indicators.render import flags as fl
from indicators.render.figures import fit_radar_margins, radar
from indicators.render.map_ranking import ranking_bar
from indicators.render.map_values import indicator_map_values, pillar_map_values
from indicators.render.qr import PublicBase, view_qr
from indicators.render.slide_cooperation import cooperation_slide
from indicators.render.slides import FOCUS_CHOICES, compare_cell, compare_parts, economy_summary, slide_ranking
from indicators.text.citation import build_label, latest_as_of, local_date
from indicators.text.formatting import score_with_scale
from indicators.text.i18n import _, current_language, ngettext
from indicators.text.markup import html

SCREENS = (1080, 720)
AUTO_CHOICES = (0, 10, 20, 30, 45, 60, 90, 120)  # auto-advance seconds; 0 = off
CHART_CONFIG = {"displayModeBar": False, "staticPlot": True}
COMPARE_PER_SLIDE = 3  # more economies than this: the side-by-side comparison splits into slides
COMPARE_PER_SLIDE_SMALL = 2  # on a 720p screen: wider columns, so a cell's reason and band do not wrap below the
# navigation (six economies with the QR badge at 1280x720, tests/browser/test_present_browser.py); also at 1080p
# in every language but English: in sq, sr and mk the reasons and bands ("распон није тестиран: један извор") wrap
# onto three lines in a third of the table, and the method note and the Kosovo* footnote went under the navigation
# (h27look)
# Chart heights and the smallest chart text for each projector height (1080p: >= 18 px, 720p: >= 14 px).
CHART_HEIGHT = {1080: 660, 720: 440}
CHART_FONT = {1080: 20, 720: 15}
CHANGE_EXAMPLES = 4


def chart_width(screen: int, badge: bool) -> float:
    """The chart column's width in px on a 16:9 screen ``screen`` px high: the page less its side padding
    (2.5vw each side, and 16vh more on the right beside the QR badge), in the page's 5:6 column split."""
    container = screen * 16 / 9 * 0.95 - (0.16 * screen if badge else 0)
    return (container - 16) * 5 / 11


@dataclass(frozen=True)
class SlideView:
    kind: str  # title | ranking | economy | compare | changes | qr | sources
    heading: str  # plain text (escaped when rendered)
    blocks: tuple[str, ...] = ()  # safe HTML, right column (or full width without a figure)
    figure: go.Figure | None = None
    datasets: tuple[str, ...] = ()  # datasets behind the numbers on this slide
    economy: str | None = None
    footnote: bool = False  # Kosovo* footnote
    sources_line: str = ""  # safe HTML

    @property
    def title_html(self) -> str:
        return f"<h1 class='slide-title' data-testid='slide-title'>{html(self.heading)}</h1>"


@dataclass(frozen=True)
class PresentView:
    slides: tuple[SlideView, ...]
    datasets: tuple[str, ...]  # every dataset the deck uses, sorted
    data_as_of: str | None
    built_on: str
    qr_url: str | None
    qr_svg: str | None
    qr_reason: str | None
    changes_note: str | None = None  # for the presenter's setup: why the deck has no "What changed" slide
    focus_labels: dict = field(default_factory=dict)  # focus choice -> its label in the setup form
    qr_note: str = ""  # the setup's line about the audience QR code (safe HTML: shown, or why it is hidden)
    slide_list: str = ""  # the setup's numbered list of slide headings (safe HTML)
    footnote_html: str = ""  # the Kosovo* footnote as a slide shows it

    def __len__(self) -> int:
        return len(self.slides)

    def counter_html(self, slide_no: int) -> str:
        return f"<div class='slide-counter' data-testid='slide-counter'>{slide_no} / {len(self)}</div>"

    @property
    def qr_badge_html(self) -> str:
        """The audience QR code in the corner of every other slide (empty without a public URL)."""
        return f"<div class='slide-qr-badge' data-testid='slide-qr-badge'>{self.qr_svg}</div>" if self.qr_svg else ""


@dataclass(frozen=True)
class Labels:
    """The page's fixed labels, translated (the data-derived ones are in the view)."""

    title: str
    subtitle: str
    economies: str
    focus: str
    auto: str
    screen: str
    since: str
    keys: str
    start: str
    previous: str
    next: str
    next_slide: str
    previous_slide: str
    focus_param: str  # the names of the URL parameters in a message about an unusable value
    auto_param: str
    screen_param: str
    slide_param: str


def labels() -> Labels:
    return Labels(
        title=_("Presentation mode"),
        subtitle=_(
            "Prepare a talk for a regional forum: choose the economies, their order and the focus, "
            "then start. The link opens the same deck at the first slide."
        ),
        economies=_("Economies, in the order you will present them"),
        focus=_("Pillar focus"),
        auto=_("Auto-advance"),
        screen=_("Projector resolution"),
        since=_("Last forum: build id or date (YYYY-MM-DD) to compare with"),
        keys=_(
            "Keys: Right arrow or Page Down = next slide; Left arrow or Page Up = previous. "
            "Presenter clickers send these keys."
        ),
        start=_("Start presentation"),
        previous=_("Previous"),
        next=_("Next"),
        next_slide=_("Next slide"),
        previous_slide=_("Previous slide"),
        focus_param=_("focus"),
        auto_param=_("auto-advance interval"),
        screen_param=_("screen height"),
        slide_param=_("slide"),
    )


def auto_label(seconds: int) -> str:
    return _("off (clicker or keyboard)") if seconds == 0 else f"{seconds} s"


def screen_label(height: int) -> str:
    return "1920x1080" if height == 1080 else "1280x720"


def audience_params(economies: Sequence[str], focus: str, since: str | None) -> dict[str, str]:
    """The URL values of the deck the audience QR code opens (a phone needs no ``screen=``, and no ``auto=``)."""
    return {"present": "1", "economies": ",".join(economies), "focus": focus, **({"since": since} if since else {})}


def start_params(economies: Sequence[str], focus: str, screen: int, auto: int, since: str | None) -> dict[str, str]:
    """The URL values of the prepared deck, at its first slide."""
    params = {"present": "1", "economies": ",".join(economies), "focus": focus, "screen": str(screen), "slide": "1"}
    params.update({k: str(v) for k, v in (("auto", auto), ("since", since)) if v})
    return params


def prepared_link(params: dict[str, str]) -> str:
    """The setup's 'Prepared link' line (markdown)."""
    return f"**{html(_('Prepared link'))}:** `/present?" + "&".join(f"{k}={v}" for k, v in params.items()) + "`"


def audience_qr(
    base: PublicBase | None, reason: str | None, economies: Sequence[str], focus: str, since: str | None, lang: str
) -> tuple[tuple[str | None, str | None], str | None]:
    """((url, svg), None) of the audience QR code, or ((None, None), why it is hidden) without a public URL."""
    qr, reason = view_qr(base, "present", audience_params(economies, focus, since), lang, reason)
    return ((qr.url, qr.svg) if qr else (None, None)), reason


def focus_label(catalog: Catalog, focus: str) -> str:
    return _("Overview (NCSI score)") if focus == "overview" else _(catalog.pillar_name(focus))


def parse_since(raw: str | None) -> tuple[str | None, str | None]:
    """``since`` from the URL: (build id, None) or (None, date YYYY-MM-DD); both None when absent."""
    if raw is None or not str(raw).strip():
        return None, None
    text = str(raw).strip()
    return (None, text) if re.match(r"^\d{4}-", text) else (text, None)


def projector_fonts(fig: go.Figure, size: int) -> go.Figure:
    """Every text of a figure at least ``size`` px: ticks, legend, bar labels, annotations."""
    fig.update_layout(font=dict(size=size, color="#111111"), legend=dict(font=dict(size=size)))
    fig.update_xaxes(tickfont=dict(size=size, color="#222222"), title_font=dict(size=size))
    fig.update_yaxes(tickfont=dict(size=size, color="#111111"), title_font=dict(size=size))
    fig.update_polars(
        radialaxis=dict(tickfont=dict(size=size, color="#222222"), tickvals=[50, 100], angle=90, tickangle=90),
        angularaxis_tickfont=dict(size=size, color="#111111"),
    )
    fig.update_traces(textfont=dict(size=size), selector=dict(type="bar"))
    for ann in fig.layout.annotations or ():
        ann.font = dict(size=size, color="#333333")
    if fig.layout.title and fig.layout.title.text:
        fig.update_layout(title_font=dict(size=size + 2))
    return fig


def scalable_svg(svg: str) -> str:
    """An SVG drawn at a fixed pixel size made scalable (a viewBox instead of width/height), so CSS sizes it."""
    match = re.search(r'<svg([^>]*?) width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"', svg)
    if not match:
        return svg
    return svg.replace(match.group(0), f'<svg{match.group(1)} viewBox="0 0 {match.group(2)} {match.group(3)}"', 1)


def _ul(items: Sequence[str], cls: str = "slide-text") -> str:
    return f"<ul class='{cls}'>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _real(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[(rows["confidence"] != "synthetic") & rows["dataset"].notna()]


def _titles(datasets: pd.DataFrame) -> dict[str, str]:
    return dict(zip(datasets["dataset"], datasets["title"]))


def short_title(title: str) -> str:
    """A dataset's title as a slide cites it: the part before its first colon ("ITU Global Cybersecurity
    Index" for "ITU Global Cybersecurity Index: pillar scores (0-20), editions 2020 and 2024"), or the whole
    title when it has none. The sources slide gives the rest (issue 22: a second publisher's long titles
    pushed the sources line under the navigation)."""
    head, sep, _rest = str(title).partition(": ")
    return head.strip() if sep and head.strip() else str(title).strip()


def _grouped(ids: Sequence[str], titles: dict[str, str]) -> dict[str, list[str]]:
    """Dataset ids grouped by their short title, in the order of the short titles (then the full ones)."""
    groups: dict[str, list[str]] = {}
    for d in sorted(ids, key=lambda d: (short_title(titles.get(d, d)), titles.get(d, d), d)):
        groups.setdefault(short_title(titles.get(d, d)), []).append(d)
    return groups


def _sources_line(ids: Sequence[str], titles: dict[str, str]) -> str:
    """One short title per source (two datasets of one publisher's index are cited once)."""
    if not ids:
        return ""
    return (
        f"<div class='slide-small' data-testid='slide-sources'>{html(_('Sources'))}: "
        + "; ".join(f"<span class='slide-source'>{html(short)}</span>" for short in _grouped(ids, titles))
        + "</div>"
    )


def _chunks(items: list[str], size: int) -> list[list[str]]:
    if len(items) <= size:
        return [items]
    parts = -(-len(items) // size)
    per = -(-len(items) // parts)
    return [items[i : i + per] for i in range(0, len(items), per)]


def build(
    obs: pd.DataFrame,
    catalog: Catalog,
    datasets: pd.DataFrame,
    manifest: dict,
    bands: pd.DataFrame,
    economies: list[str],
    focus: str,
    screen: int = 1080,
    *,
    qr: tuple[str | None, str | None] = (None, None),
    qr_reason: str | None = None,
    changes: ChangeReport | None = None,
    changes_message: str | None = None,
) -> PresentView:
    """The deck: title, ranking, one slide per economy, side by side (split when more than three
    economies), what changed since the last forum, audience QR (only with a public URL), sources."""
    screen = screen if screen in SCREENS else 1080
    font, height = CHART_FONT[screen], CHART_HEIGHT[screen]
    width = chart_width(screen, badge=bool(qr[1]))
    titles = _titles(datasets)
    as_of_of = dict(zip(datasets["dataset"], datasets["as_of"]))
    focus = focus if focus in FOCUS_CHOICES else "overview"
    scores = with_missing_reasons(with_bands(pillar_scores(obs, catalog), bands), obs, catalog)  # "not covered by"
    average = wb6_average(scores)
    pillar_ids = [i.id for i in indicators_for(obs, catalog, None)]
    pillar_rows = _real(latest_observations(obs, pillar_ids, None).dropna(subset=["score"]))
    pillar_sets = tuple(sorted(set(pillar_rows["dataset"])))
    kosovo = "XKX" in economies
    slides: list[SlideView] = []

    # -- ranking of the region -----------------------------------------------------------------
    fname = focus_label(catalog, focus)
    if focus == "overview":
        values = indicator_map_values(obs, catalog, "ncsi_score")
        used = _real(latest_observations(obs, ["ncsi_score"], None))
        measure = _("NCSI score, current methodology (0-100)")
        lines = [
            f"<b>{html(r.name)}</b>: "
            + (
                html(score_with_scale(r.score)) + (f" ({html(r.period_text)})" if r.period_text != "—" else "")
                if pd.notna(r.score)
                else html(r.short_text)
            )
            for r in values.sort_values("score", ascending=False, na_position="last").itertuples()
        ]
        ranking = _ul(lines, "slide-text slide-ranking")
        note = ""
    else:
        values = pillar_map_values(obs, catalog, focus, bands=bands)
        members = {i.id for i in catalog.scored_in(focus)}
        used = pillar_rows[pillar_rows["indicator_id"].isin(members)]
        measure = _("{pillar}: pillar score (0-100), index lens").format(pillar=fname)
        shown, left_out = slide_ranking(values)
        ranking = _ul(
            [html(r["text"]) for r in shown] or [html(_("no economy meets the coverage rule"))],
            "slide-text slide-ranking",
        )
        note = (
            (
                f"<div class='slide-small'><b>{html(_('Not ranked'))}</b>: "
                + html("; ".join(r["text"] for r in left_out))
                + "</div>"
            )
            if left_out
            else ""
        )
    lens_note = (
        _(
            "One indicator, not a pillar score: the NCSI score as published (0-100). Missing is shown as "
            "missing, never as 0."
        )
        if focus == "overview"
        else _(
            "Lens: index (normalised scores, 0-100). Coverage n/m: indicators with a value of those in the "
            "pillar; band: the rank band of the score. Missing is shown as missing, never as 0."
        )
    )
    bar = projector_fonts(ranking_bar(values, height=height), font)
    bar.update_layout(xaxis_title_text=_("Score (0-100)"))
    ids = tuple(sorted(set(used["dataset"])))
    slides.append(
        SlideView(
            "ranking",
            _("The region at a glance: {focus}").format(focus=fname),
            (
                f"<div class='slide-sub'>{html(measure)}</div>",
                ranking,
                note,
                f"<div class='slide-small'>{html(lens_note)}</div>",
            ),
            bar,
            ids,
            footnote=True,
            sources_line=_sources_line(ids, titles),
        )
    )

    # -- one slide per economy ------------------------------------------------------------------
    for eco in economies:
        summary = economy_summary(obs, catalog, eco)
        fig = projector_fonts(radar(scores, average, catalog, [eco], height=height), font)
        fig = fit_radar_margins(fig, font, width)
        most = 2  # three of each (with a second publisher's long title) push the sources line under the navigation
        strengths = [html(s["text"]) for s in summary["strengths"][:most]] or [
            html(_("No indicator where {economy} is at or near the WB6 best").format(economy=display_name(eco)))
        ]
        gaps = [html(g["text"]) for g in summary["gaps"][:most]] or [
            html(_("None: at the WB6 best on every scored indicator"))
        ]
        facts = [
            f"{html(f['label'])}: <b>{html(f['value'])}</b>"
            + (f" ({f['period']})" if f["status"] == "observed" else "")
            for f in summary["facts"]
            if f["indicator_id"] in ("gci_2024_overall", "ncsi_score", "cyber_law")
        ]
        flagged = fl.legend(
            [x.get("flag") for x in summary["strengths"][:most] + summary["gaps"][:most] + summary["facts"]]
        )  # the legend of the values marked above (render/flags.py); empty when none is flagged
        mine = scores[scores["economy"] == eco]
        coverage = " · ".join(
            f"{html(_(catalog.pillar_name(r.pillar)))} {html(compare_cell(r._asdict()))}" for r in mine.itertuples()
        )
        ids = tuple(sorted(set(summary["datasets"]) | set(pillar_sets)))
        slides.append(
            SlideView(
                "economy",
                display_name(eco),
                (
                    f"<div class='slide-sub'><b>{html(_('Strengths'))}</b></div>" + _ul(strengths),
                    f"<div class='slide-sub'><b>{html(_('Largest gaps to the WB6 best'))}</b></div>" + _ul(gaps),
                    "<div class='slide-small'>" + " · ".join(facts) + "</div>",
                    f"<div class='slide-small'>{html(_('Pillar scores, index lens (0-100, coverage n/m, rank band)'))}: {coverage}{'' if coverage.endswith('.') else '.'} "
                    f"{html(_('Status facts in place'))}: <b>{html(summary['status'])}</b></div>",
                    *([f"<div class='slide-small'>{html(flagged)}</div>"] if flagged else []),
                ),
                fig,
                ids,
                economy=eco,
                footnote=eco == "XKX",
                sources_line=_sources_line(ids, titles),
            )
        )

    # -- side by side, split when it would not fit ----------------------------------------------
    per_slide = COMPARE_PER_SLIDE if screen > 720 and current_language() == "en" else COMPARE_PER_SLIDE_SMALL
    parts = _chunks(list(economies), per_slide)
    cells_of = scores.set_index(["pillar", "economy"])
    for k, part in enumerate(parts, 1):
        head = "".join(f"<th scope='col'>{html(display_name(c))}</th>" for c in part)
        body = ""
        for pid in average["pillar"]:
            cells = ""
            for c in part:
                score, band = compare_parts(cells_of.loc[(pid, c)])
                cells += (
                    f"<td>{html(score)}"
                    + (
                        f"<br><span class='slide-band'>{html(_('band {band}').format(band=band))}</span>"
                        if band
                        else ""
                    )
                    + "</td>"
                )
            body += f"<tr><th scope='row'>{html(_(catalog.pillar_name(pid)))}</th>{cells}</tr>"
        fig = projector_fonts(radar(scores, average, catalog, part, height=height), font)
        fig = fit_radar_margins(fig, font, width)
        heading = _("Side by side: {economies}").format(economies=", ".join(display_name(c) for c in part))
        if len(parts) > 1:
            heading += f" ({k}/{len(parts)})"
        slides.append(
            SlideView(
                "compare",
                heading,
                (
                    f"<table class='slide-text slide-compare' data-testid='slide-compare-table'><thead><tr>"
                    f"<th scope='col'>{html(_('Pillar'))}</th>{head}</tr></thead><tbody>{body}</tbody></table>",
                    f"<div class='slide-small'>{html(_('Index-lens pillar scores 0-100 (indicators with a value/in the pillar); band = rank band. Below the coverage rule: insufficient, not ranked; — = no data (never 0). WB6 average: at least {k} economies.').format(k=MIN_FOR_AVERAGE))}</div>",
                ),
                fig,
                pillar_sets,
                footnote="XKX" in part,
                sources_line=_sources_line(pillar_sets, titles),
            )
        )

    if coop := cooperation_slide(obs, catalog, lambda ids: _sources_line(ids, titles)):  # peer learning (issue 28)
        slides.append(SlideView("cooperation", **coop))

    # -- what changed since the last forum ------------------------------------------------------
    # with nothing to compare (a fresh install: no archived build) the slide is left out, never shown empty;
    # the presenter's setup says why and what to do
    changes_note = None
    if changes is not None:
        slides.append(changes_slide(changes, changes_message, economies, titles))
    else:
        changes_note = _(
            'The deck has no "What changed" slide: {reason} It appears once an earlier build is archived '
            "(each new build archives the previous one) or when you enter the last forum's build date above."
        ).format(reason=changes_message or _("No earlier build is archived yet, so there is nothing to compare with."))

    # -- audience QR ------------------------------------------------------------------------------
    qr_url, qr_svg = qr
    qr_svg = scalable_svg(qr_svg) if qr_svg else None
    if qr_url and qr_svg:
        slides.append(
            SlideView(
                "qr",
                _("Follow this presentation on your phone"),
                (
                    f"<div class='slide-qr' data-testid='slide-qr'>{qr_svg}</div>",
                    f"<div class='slide-sub slide-url'>{html(qr_url)}</div>",
                ),
            )
        )

    # -- sources ----------------------------------------------------------------------------------
    deck_sets = tuple(sorted(set().union(*[set(s.datasets) for s in slides]), key=lambda d: (titles.get(d, d), d)))

    def _dataset_line(d: str, short: str) -> str:
        full = str(titles.get(d, d))
        rest = full[len(short) :].lstrip(": ").strip() if full.startswith(short) else ""
        asof = f"<span class='slide-asof'>({html(_('as of {date}').format(date=local_date(as_of_of.get(d))))})</span>"
        return (html(rest) + " " if rest else "") + asof

    lines = [
        f"<span class='slide-source'>{html(short)}</span>"
        + (": " if any(str(titles.get(d, d)) != short for d in group) else " ")
        + "; ".join(_dataset_line(d, short) for d in group)
        for short, group in _grouped(deck_sets, titles).items()
    ]
    slides.append(
        SlideView(
            "sources",
            _("Sources and how to read this"),
            (
                _ul(lines, "slide-text slide-sources-list"),
                f"<div class='slide-small'>{html(_('Verified: read in the publisher’s own text. Secondary: read in a source that reports it. Missing values are shown as missing, never as zero. Full methodology and every source: Methodology and sources page.'))}</div>",
            ),
            None,
            (),
            footnote=kosovo,
        )
    )

    data_as_of = latest_as_of(as_of_of.get(d) for d in deck_sets)
    built_on = str(manifest.get("built_at") or "")[:10]
    title = SlideView(
        "title",
        _("Cybersecurity maturity in the Western Balkans"),
        (
            f"<div class='slide-sub'>{html(', '.join(display_name(c) for c in economies))}</div>",
            f"<div class='slide-sub'>{html(_('Focus'))}: {html(fname)}</div>",
            f"<div class='slide-text'>{html(_('Shared, sourced evidence on legislation, CERT maturity, cyber hygiene and inclusion.'))}</div>",
            f"<div class='slide-text' data-testid='slide-asof'><b>{html(_('Data as of {date}').format(date=local_date(data_as_of)))}</b></div>",
            f"<div class='slide-small'>{html(_('Built on {date}').format(date=local_date(built_on) if built_on else build_label(manifest.get('build_id'))))} · "
            f"{html(_('every value carries its source, period and confidence'))}</div>",
        ),
        footnote=kosovo,
    )
    slides.insert(0, title)
    all_slides = tuple(slides)
    return PresentView(
        slides=all_slides,
        datasets=deck_sets,
        data_as_of=data_as_of,
        built_on=built_on,
        qr_url=qr_url,
        qr_svg=qr_svg,
        qr_reason=qr_reason,
        changes_note=changes_note,
        focus_labels={f: focus_label(catalog, f) for f in FOCUS_CHOICES},
        qr_note=html(_("Audience QR code (slide and corner badge): {url}").format(url=qr_url))
        if qr_url
        else _("The audience QR code is hidden: {reason}.").format(reason=qr_reason or ""),
        slide_list=html(_("Slides"))
        + ": "
        + " · ".join(f"{i}. {html(s.heading)}" for i, s in enumerate(all_slides, 1)),
        footnote_html=f"<div class='slide-small'>{html(_(KOSOVO_FOOTNOTE))}</div>",
    )


def changes_slide(
    report: ChangeReport | None, message: str | None, economies: list[str], titles: dict[str, str]
) -> SlideView:
    heading = _("What changed since the last forum")
    if report is None:
        text = message or _("No earlier build is archived yet, so there is nothing to compare with.")
        return SlideView(
            "changes", heading, (f"<div class='slide-text' data-testid='slide-no-changes'>{html(text)}</div>",)
        )
    mine = report.changes[report.changes["economy"].isin(economies)]
    old_day = str(report.old.get("built_at") or "")[:10]
    since = _("Compared with the build of {date}").format(
        date=local_date(old_day) if old_day else build_label(report.old.get("build_id"))
    )
    blocks = [f"<div class='slide-sub'>{html(since)}</div>"]
    if message:
        blocks.append(f"<div class='slide-small'>{html(message)}</div>")
    if mine.empty:
        blocks.append(f"<div class='slide-text'>{html(_('No value changed for these economies.'))}</div>")
        return SlideView("changes", heading, tuple(blocks))
    lines = []
    for eco in economies:
        rows = mine[mine["economy"] == eco]
        if rows.empty:
            lines.append(f"<b>{html(display_name(eco))}</b>: {html(_('no change'))}")
            continue
        counts = rows["kind"].value_counts()
        parts = [
            ngettext("{n} value changed", "{n} values changed", int(counts.get("changed", 0))),
            ngettext("{n} added", "{n} added", int(counts.get("added", 0))),
            ngettext("{n} withdrawn", "{n} withdrawn", int(counts.get("withdrawn", 0))),
        ]
        ns = [int(counts.get(k, 0)) for k in ("changed", "added", "withdrawn")]
        lines.append(
            f"<b>{html(display_name(eco))}</b>: " + html(", ".join(p.format(n=n) for p, n in zip(parts, ns) if n))
        )
    blocks.append(_ul(lines))
    examples = mine.head(CHANGE_EXAMPLES)
    blocks.append(
        f"<div class='slide-sub'><b>{html(_('For example'))}</b></div>"
        + _ul([html(f"{display_name(r['economy'])}: {describe(r)}") for _i, r in examples.iterrows()])
    )
    ids = tuple(sorted(set(_real(examples)["dataset"])))
    return SlideView(
        "changes",
        heading,
        tuple(blocks),
        None,
        ids,
        footnote="XKX" in set(mine["economy"]),
        sources_line=_sources_line(ids, titles),
    )


KOSOVO_NOTE = KOSOVO_FOOTNOTE

# The presenting screen's style. Type scales with the screen height (vh), with floors so that the smallest
# text is >= 18 px at 1080 and >= 14 px at 720 (2.05vh = 22 px / 14.8 px). Navigation is a fixed bar.
PRESENT_CSS = """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stToast"], [data-testid="stToastContainer"] {display: none !important;}
header, [data-testid="stHeader"] {height: 0 !important; min-height: 0 !important;}
[data-testid="stMain"] {padding-top: 0 !important; overflow: hidden !important;}
[data-testid="stAppViewContainer"], [data-testid="stMain"] {background: #ffffff;}
[data-testid="stMainBlockContainer"] {padding: 2vh 2.5vw 0 2.5vw !important; max-width: 100% !important;
  height: 100vh; box-sizing: border-box; overflow: hidden;}
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {gap: 0.8vh;}
h1.slide-title {font-size: 5vh !important; font-weight: 700; color: #000; line-height: 1.15 !important;
  margin: 0 0 1vh 0 !important; padding: 0 !important;}
.slide-sub {font-size: 3vh; color: #111; margin: 0.6vh 0; line-height: 1.25;}
.slide-text, .slide-text li, .slide-text td, .slide-text th {font-size: 2.7vh !important; color: #000; line-height: 1.3;}
.slide-text li {margin-bottom: 0.6vh;}
ul.slide-text {margin: 0.4vh 0 1vh 0; padding-left: 3vh;}
.slide-ranking li {font-size: 2.9vh !important;}
.slide-small, .slide-small * {font-size: 2.05vh !important; color: #222; line-height: 1.3;}
.slide-small {margin: 0.5vh 0;}
.slide-band {font-size: 2.1vh !important; color: #333;}
.slide-counter {font-size: 2.8vh; color: #222; min-width: 12vw; text-align: center;}
table.slide-compare {border-collapse: collapse; margin: 1vh 0;}
table.slide-compare th, table.slide-compare td {padding: 0.5vh 1vw; border-bottom: 1px solid #ccc; text-align: right;
  vertical-align: top;}
table.slide-compare th[scope='row'], table.slide-compare thead th:first-child {text-align: left;}
.slide-qr svg {height: 50vh !important; width: 50vh !important; display: block;}
.slide-url {word-break: break-all;}
.slide-qr-badge {position: fixed; top: 1.5vh; right: 1.5vw; width: 14vh; height: 14vh; z-index: 50;}
.slide-qr-badge svg {width: 14vh !important; height: 14vh !important; display: block;}
.st-key-slide_nav {position: fixed !important; left: 2.5vw; right: 2.5vw; bottom: 1.5vh; height: 8vh; width: auto !important;
  justify-content: space-between; background: #ffffff; z-index: 60;}
.st-key-slide_nav button {min-height: 7vh; min-width: 22vw; padding: 0 2vw;}
.st-key-slide_nav button p, .st-key-slide_nav button span {font-size: 2.8vh !important;}
.st-key-slide_nav kbd {font-size: 2.1vh !important;}
.st-key-slide_hidden_keys {position: absolute !important; left: -10000px; height: 0; overflow: hidden;}
[data-testid="stMainBlockContainer"] > div > [data-testid="stVerticalBlock"] {padding-bottom: 11vh;}
[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] > *:last-child {margin-bottom: 0 !important;}
[data-testid="stMainBlockContainer"] [data-testid="stMarkdown"] {margin-bottom: 0.6vh;}
.st-key-slide_title h1.slide-title {font-size: 7vh !important; margin: 8vh 0 3vh 0 !important;}
.st-key-slide_title .slide-sub {font-size: 4vh; margin: 1.5vh 0;}
.st-key-slide_title .slide-text {font-size: 3.3vh !important; margin: 3vh 0 1vh 0;}
"""
# With the corner QR badge, the slide keeps clear of it.
QR_BADGE_CSS = "[data-testid='stMainBlockContainer'] {padding-right: calc(2.5vw + 16vh) !important;}"
