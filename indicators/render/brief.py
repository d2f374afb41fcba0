"""One-page A4 country brief (PDF, and a PNG of it) for one economy, made offline with fpdf2.

The brief takes its content as plain inputs (a :class:`BriefInput`), so it does not depend on how the
scores were computed; the profile page fills it from the scoring module. Input shape:

- ``economy``: the code ("ALB" ... "XKX"); the title uses :func:`economies.display_name`, so Kosovo
  is "Kosovo*" and its footnote is printed.
- ``pillars``: rows (a DataFrame or a list of dicts) with ``pillar`` (label), ``score`` (0-100, NaN or
  None = no data, never drawn as 0), ``average`` (the regional average, 0-100 or None) and
  optionally ``n`` and ``m`` (coverage: n of m indicators).
- ``average_label``: what the average is, e.g. "WB6 average (6 economies)".
- ``status``: rows with ``fact`` (label), ``status`` (one of STATUS_KINDS: in_place, partly, missing,
  not_assessed, not_applicable, not_covered), ``detail`` (short text) and ``date`` (year or date of the fact).
- ``gaps``: rows with ``indicator``, ``value`` and ``best`` already written with their scale
  (see :mod:`indicators.text.formatting`, e.g. "12.08 / 20", "15.3 / 20 (Serbia)"), ``gap`` (text),
  ``period`` and ``confidence``.
- ``key_facts``: rows with ``label``, ``value`` (with its scale), ``date`` and ``confidence``.
- ``sources``: lines of text, one per dataset used (title, publisher, as-of date).
- ``data_as_of``, ``build_id``, ``permalink``, ``accessed`` (date): printed in the header and in
  the citation line (built by :mod:`indicators.text.citation`).
- ``demonstration``: True when any value shown is demonstration (synthetic) data: a badge is printed.

Every fixed text goes through :func:`indicators.text.i18n._` (the brief is entirely in the chosen language; names
and source titles stay as they are); the confidence words are the vocabulary's; the build is named by its date
and dates are written as the language writes them (ISO in English). Row heights come from the wrapped text in
the font each cell is printed in, so no text runs into the next row at any length in any language.

Lists longer than the page holds are cut with a "+ N more in the dashboard" line, so the brief is
always exactly one page. Fonts: DejaVu Sans (Debian's fonts-dejavu-core, or the copy matplotlib
ships) when found, which covers the region's Latin and Cyrillic letters; otherwise the PDF core font
Helvetica with the text reduced to Latin-1.
"""

from __future__ import annotations

import functools
import io
import math
import numbers
import re
import unicodedata
from pathlib import Path

import pandas as pd

from indicators.model.economies import KOSOVO_FOOTNOTE, WB6_AVERAGE_COLOUR, colour, display_name
from indicators.model.vocabulary import CONFIDENCE_LEVELS, STATUS_LABELS, confidence_label
from indicators.render.brief_content import BriefInput, filename  # noqa: F401 - re-exported (no fpdf there)
from indicators.text.citation import build_label, cite_line, is_absolute, local_date
from indicators.text.i18n import N_, _, format_number, ngettext

STATUS_KINDS = {  # kind -> (label, RGB colour of the chip); the labels are English message ids
    "in_place": (N_("in place"), (26, 127, 55)),
    "partly": (N_("partly in place"), (183, 121, 31)),
    "missing": (N_("missing"), (197, 48, 48)),
    "not_assessed": (N_("not assessed"), (120, 120, 120)),
    "not_applicable": (N_("not applicable"), (160, 160, 160)),
    "not_covered": (N_("not covered"), (160, 160, 160)),
}
PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 12.0
MAX_ROWS = {"status": 9, "gaps": 5, "key_facts": 8, "sources": 9}
SOURCES_MIN_H = 24.0
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
INK = (17, 17, 17)
MUTED = (85, 85, 85)


def status_kind(score, status: str | None = "observed") -> str:
    """The status-matrix kind of a fact from its normalised score (0-100) and its row status:
    100 = in place, 0 = missing, in between = partly; not observed or unscored = not assessed.
    (A fact that is "not applicable" or "not covered" is also shown as not assessed, never as missing.)"""
    if status not in (None, "observed") or _missing(score):
        return "not_assessed"
    value = float(score)
    if value >= 100:
        return "in_place"
    if value <= 0:
        return "missing"
    return "partly"


def _records(rows) -> list[dict]:
    if rows is None:
        return []
    if isinstance(rows, pd.DataFrame):
        return rows.to_dict("records")
    return [dict(r) for r in rows]


def _missing(value) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _text(value) -> str:
    if _missing(value) and not isinstance(value, str):
        return "—"
    return str(value)


def _font_files() -> tuple[Path, Path] | None:
    dirs = list(FONT_DIRS)
    try:  # matplotlib ships DejaVu Sans; use it when it happens to be installed
        import importlib.util

        spec = importlib.util.find_spec("matplotlib")
        if spec and spec.submodule_search_locations:
            dirs.append(Path(list(spec.submodule_search_locations)[0]) / "mpl-data" / "fonts" / "ttf")
    except (ImportError, ValueError):
        pass
    for folder in dirs:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            return regular, bold
    return None


_PUNCT = {
    "—": "-",
    "–": "-",
    "→": "->",
    "…": "...",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "•": "-",
    "≥": ">=",
    "≤": "<=",
    "\u00a0": " ",
}


class _Brief:
    """What the brief adds to fpdf's FPDF, whose subclass :func:`_pdf_class` makes when a brief is made."""

    def __init__(self, unicode_font: bool):
        super().__init__(orientation="P", unit="mm", format="A4")  # FPDF's
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.unicode = False
        files = _font_files() if unicode_font else None
        if files:
            self.add_font("Brief", "", str(files[0]))
            self.add_font("Brief", "B", str(files[1]))
            self.family_name, self.unicode = "Brief", True
        else:
            self.family_name = "Helvetica"

    def t(self, text) -> str:
        text = _text(text)
        if self.unicode:
            return text
        for a, b in _PUNCT.items():
            text = text.replace(a, b)
        out = []
        for ch in text:
            try:
                ch.encode("latin-1")
                out.append(ch)
            except UnicodeEncodeError:
                base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
                out.append(base or "?")
        return "".join(out)

    def font(self, size: float, bold: bool = False, rgb=INK):
        self.set_font(self.family_name, "B" if bold else "", size)
        self.set_text_color(*rgb)

    def lines(self, width: float, text: str) -> int:
        """How many lines ``text`` wraps to in ``width`` mm in the font currently set."""
        return max(1, len(self.multi_cell(width, 4, self.t(text), dry_run=True, output="LINES", align="L")))

    def fit_size(self, text: str, width: float, size: float, bold: bool = False, smallest: float = 5.5) -> float:
        """The largest font size (down to ``smallest``) at which ``text`` fits on one line of ``width`` mm."""
        while size > smallest:
            self.set_font(self.family_name, "B" if bold else "", size)
            if self.get_string_width(self.t(text)) <= width:
                return size
            size -= 0.25
        return smallest


@functools.cache
def _pdf_class() -> type:
    """``_Brief`` on fpdf's FPDF. The PDF library (fpdf2 with fontTools, about 0.3 s of CPU to import) is
    imported when the first brief is made, on a click, not when the profile page is first drawn (issue 25:
    the warm profile), as pypdfium2 is for the PNG."""
    from fpdf import FPDF

    return type("_BriefPDF", (_Brief, FPDF), {})


def _hex(rgb_hex: str) -> tuple[int, int, int]:
    h = rgb_hex.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _heading(pdf: _Brief, x: float, y: float, text: str, width: float = 0) -> float:
    """A section heading; in a column (``width``) a long one is set smaller and then wrapped, never run
    into the next column. Returns the new y."""
    width = width or PAGE_W - MARGIN - x
    pdf.font(pdf.fit_size(text, width, 10.5, bold=True, smallest=8.5), bold=True)
    pdf.set_xy(x, y)
    pdf.multi_cell(width, 5, pdf.t(text), align="L")
    return pdf.get_y() + 1


def _radar(pdf: _Brief, pillars: list[dict], economy: str, avg_label: str, x: float, y: float, size: float) -> float:
    """Radar of pillar scores (0-100) against the average, drawn as vector graphics. Returns the new y."""
    y = _heading(pdf, x, y, _("Pillar scores (0-100) against the average"), size)
    n = len(pillars)
    if n < 3:
        pdf.font(8, rgb=MUTED)
        pdf.set_xy(x, y)
        pdf.multi_cell(size, 4, pdf.t(_("Too few pillars to draw a radar.")))
        return y + 10
    cx, cy, radius = x + size / 2, y + 8 + size * 0.36, size * 0.32

    def point(i: int, score: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * max(0.0, min(100.0, float(score))) / 100.0
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    pdf.set_line_width(0.2)
    pdf.set_draw_color(200, 200, 200)
    for ring in (25, 50, 75, 100):
        pdf.polygon([point(i, ring) for i in range(n)], style="D")
    for i in range(n):
        pdf.line(cx, cy, *point(i, 100))
    pdf.font(6.5, rgb=MUTED)
    for ring in (50, 100):  # ring values along the half-way line between the first two axes
        angle = -math.pi / 2 + math.pi / n
        px, py = cx + radius * ring / 100 * math.cos(angle), cy + radius * ring / 100 * math.sin(angle)
        pdf.set_xy(px - 0.5, py - 2.4)
        pdf.cell(6, 2.4, str(ring))

    def series(key: str, rgb, dashed: bool, fill: bool):
        pts = [None if _missing(p.get(key)) else point(i, p.get(key)) for i, p in enumerate(pillars)]
        pdf.set_draw_color(*rgb)
        pdf.set_line_width(0.6 if not dashed else 0.45)
        if dashed:
            pdf.set_dash_pattern(dash=1.2, gap=0.9)
        if all(pts):
            if fill:
                pdf.set_fill_color(*rgb)
                with pdf.local_context(fill_opacity=0.22):
                    pdf.polygon(pts, style="F")
            pdf.polygon(pts, style="D")
        else:  # missing is never zero: only neighbours that both have a score are joined
            for i in range(n):
                a, b = pts[i], pts[(i + 1) % n]
                if a and b:
                    pdf.line(*a, *b)
        pdf.set_dash_pattern()
        pdf.set_fill_color(*rgb)
        for p in pts:
            if p:
                pdf.ellipse(p[0] - 0.8, p[1] - 0.8, 1.6, 1.6, style="F")

    series("average", _hex(WB6_AVERAGE_COLOUR), dashed=True, fill=False)
    series("score", _hex(colour(economy)), dashed=False, fill=True)

    for i, p in enumerate(pillars):  # axis labels: name and the economy's score with coverage
        lx, ly = point(i, 118)
        score = (
            (
                str(p["missing_label"])
                if not _missing(p.get("missing_label")) and str(p["missing_label"]).strip()
                else _(STATUS_LABELS["no_data"])
            )  # a NaN label is no label
            if _missing(p.get("score"))
            else format_number(float(p["score"]), 1)
        )
        cover = f" ({int(p['n'])}/{int(p['m'])})" if not _missing(p.get("n")) and not _missing(p.get("m")) else ""
        w = 30.0
        name = str(p.get("pillar", ""))
        if abs(lx - cx) < 2:
            left = lx - w / 2
            align = "C"
        elif lx > cx:  # never past the column (the status table sits to the right)
            left, align = lx - 1, "L"
            w = min(w, x + size + 2 - left)
        else:  # may use the page margin, never the page edge
            w = min(w, lx + 1 - (x - MARGIN + 4))
            left, align = lx - w + 1, "R"
        top = ly - 5.5 if ly < cy - 2 else (ly - 1 if ly > cy + 2 else ly - 3)
        pdf.font(pdf.fit_size(name, w, 7.5, bold=True), bold=True)  # a long name is set smaller, never cut
        pdf.set_xy(left, top)
        pdf.cell(w, 3.2, pdf.t(name), align=align)
        text = score + cover
        lines = [text]
        if align != "C" and " " in text and pdf.fit_size(text, w, 7) < 6.5:
            # a long reason beside the circle ("not covered by the ITU GCI (0/1)"), in Albanian too wide for
            # one line at a readable size: on two lines (issue 22)
            cut = min((i for i, c in enumerate(text) if c == " "), key=lambda i: abs(i - len(text) // 2))
            lines = [text[:cut], text[cut + 1 :]]
        size = min(pdf.fit_size(line, w, 7) for line in lines)
        for k, line in enumerate(lines):
            pdf.font(size, rgb=MUTED)
            pdf.set_xy(left, top + 3.2 + 3 * k)
            pdf.cell(w, 3, pdf.t(line), align=align)

    ly = cy + radius * 1.18 + 7
    pdf.set_fill_color(*_hex(colour(economy)))
    pdf.rect(x + 4, ly, 5, 2.6, style="F")
    legend = _("{economy}: pillar score (indicators with data / all)").format(economy=display_name(economy))
    pdf.font(pdf.fit_size(legend, size - 12, 7.5))
    pdf.set_xy(x + 10, ly - 0.6)
    pdf.cell(size - 12, 3.8, pdf.t(legend))
    pdf.set_draw_color(*_hex(WB6_AVERAGE_COLOUR))
    pdf.set_line_width(0.45)
    pdf.set_dash_pattern(dash=1.2, gap=0.9)
    pdf.line(x + 4, ly + 6.3, x + 9, ly + 6.3)
    pdf.set_dash_pattern()
    pdf.font(pdf.fit_size(avg_label, size - 12, 7.5))
    pdf.set_xy(x + 10, ly + 4.4)
    pdf.cell(size - 12, 3.8, pdf.t(avg_label))
    return ly + 10


LINE_H = 3.7  # mm per line of a table row
PAD = 1.5  # mm between columns
CHIP = 4.0  # mm taken by the status chip


def _row_height(pdf: _Brief, texts: list[str], columns: list[tuple[str, str, float]], size: float, chip_key) -> float:
    """The height of a table row: its tallest cell, each wrapped in the font it is printed in (the first
    column is bold, so it is measured bold)."""
    tallest = 1
    for i, (text, (key, _l, width)) in enumerate(zip(texts, columns)):
        pdf.set_font(pdf.family_name, "B" if i == 0 else "", size)
        tallest = max(tallest, pdf.lines(width - PAD - (CHIP if key == chip_key else 0), text))
    return tallest * LINE_H + 1.2


def _fit_columns(pdf: _Brief, columns, rows, size: float, head_size: float, chip_key) -> list:
    """The columns widened so that the longest word of each (heading or cell) fits on a line (fpdf would
    cut it mid-word: "воспоставе-но"); the room is taken from the columns with the most slack."""
    need = []
    for i, (key, label, _width) in enumerate(columns):
        pdf.set_font(pdf.family_name, "B", head_size)
        longest = max((pdf.get_string_width(pdf.t(w)) for w in label.split()), default=0)
        pdf.set_font(pdf.family_name, "B" if i == 0 else "", size)
        for row in rows:
            for word in str(_cell(row, key, chip_key)).split():
                longest = max(longest, pdf.get_string_width(pdf.t(word)))
        need.append(longest + PAD + 2 * pdf.c_margin + 0.3 + (CHIP if key == chip_key else 0))
    widths = [w for *_r, w in columns]
    for _round in range(len(columns)):
        short = sum(max(0.0, n - w) for n, w in zip(need, widths))
        if short <= 0.01:
            break
        slack = [max(0.0, w - n) for n, w in zip(need, widths)]
        if sum(slack) <= 0:
            break
        take = min(short, sum(slack))
        widths = [max(w, n) if n > w else w - take * sl / sum(slack) for n, w, sl in zip(need, widths, slack)]
    return [(key, label, w) for (key, label, _w), w in zip(columns, widths)]


def _table(
    pdf: _Brief,
    x: float,
    y: float,
    columns: list[tuple[str, str, float]],
    rows: list[dict],
    limit: int,
    bottom: float,
    size: float = 7.8,
    chip_key: str | None = None,
) -> float:
    """A simple wrapped table; rows that do not fit above ``bottom`` (or past ``limit``) are counted
    in a "+ N more" line. Row heights come from the wrapped text, so no cell runs into the next row.
    Returns the new y."""
    head_size = 7.2
    columns = _fit_columns(pdf, columns, rows[:limit], size, head_size, chip_key)
    pdf.set_font(pdf.family_name, "B", head_size)
    head_lines = max(pdf.lines(width - PAD, label) for _k, label, width in columns)
    cx = x
    for _key, label, width in columns:
        pdf.font(head_size, bold=True, rgb=MUTED)
        pdf.set_xy(cx, y)
        pdf.multi_cell(width - PAD, 3.2, pdf.t(label), align="L")
        cx += width
    y += head_lines * 3.2 + 1.4
    pdf.set_draw_color(180, 180, 180)
    pdf.set_line_width(0.2)
    pdf.line(x, y - 0.5, x + sum(w for *_r, w in columns), y - 0.5)
    shown = 0
    for row in rows[:limit]:
        texts = [pdf.t(_cell(row, key, chip_key)) for key, _l, _w in columns]
        height = _row_height(pdf, texts, columns, size, chip_key)
        if y + height > bottom - 4:
            break
        cx = x
        for i, (text, (key, _l, width)) in enumerate(zip(texts, columns)):
            offset = 0.0
            if key == chip_key:
                kind = str(row.get(chip_key, ""))
                pdf.set_fill_color(*STATUS_KINDS.get(kind, ("", (150, 150, 150)))[1])
                pdf.rect(cx, y + 0.9, 2.8, 2.8, style="F")
                offset = CHIP
            pdf.set_xy(cx + offset, y + 0.4)
            pdf.font(size, bold=(i == 0))
            pdf.multi_cell(width - PAD - offset, LINE_H, text, align="L")
            cx += width
        y += height
        shown += 1
    if len(rows) > shown:
        pdf.font(7, rgb=MUTED)
        pdf.set_xy(x, y)
        more = len(rows) - shown
        pdf.cell(
            0, 3.6, pdf.t(ngettext("+ {n} more in the dashboard", "+ {n} more in the dashboard", more).format(n=more))
        )
        y += 4
    return y


def _cell(row: dict, key: str, chip_key: str | None) -> str:
    value = row.get(key)
    if key == chip_key:
        kind = str(value)
        return _(STATUS_KINDS[kind][0]) if kind in STATUS_KINDS else kind.replace("_", " ")
    if key == "confidence" and value in CONFIDENCE_LEVELS:
        return confidence_label(value)
    if key == "date" or key == "period":
        return year_text(value)
    return _text(value)


def year_text(value) -> str:
    """A date or period as written on the brief: a year as a year ("2019", never "2,019" or "2019.0"),
    a full ISO date in the language's format, anything else as it is; "—" when missing."""
    if _missing(value):
        return "—"
    if isinstance(value, numbers.Real) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, str) and re.fullmatch(r"\d{4}\.0+", value.strip()):
        return value.strip()[:4]
    return local_date(str(value), "medium")


def brief_title(content: BriefInput) -> str:
    return content.title or _("Cybersecurity maturity brief: {economy}").format(economy=display_name(content.economy))


def render_pdf(content: BriefInput, unicode_font: bool = True) -> bytes:
    """The one-page A4 brief as PDF bytes."""
    pdf = _pdf_class()(unicode_font)
    name = display_name(content.economy)
    title = brief_title(content)
    pdf.set_title(pdf.t(title))
    pdf.set_author("WB6 Cyber Maturity Dashboard")
    pdf.add_page()
    left, right = MARGIN, PAGE_W - MARGIN
    width = right - left

    # Header
    pdf.set_fill_color(11, 79, 138)
    pdf.rect(0, 0, PAGE_W, 4, style="F")
    pdf.font(pdf.fit_size(title, width, 19, bold=True, smallest=12), bold=True)
    pdf.set_xy(left, 9)
    pdf.cell(width, 9, pdf.t(title))
    pdf.font(9, rgb=MUTED)
    pdf.set_xy(left, 18.5)
    stamp = _("Data as of {date}").format(date=local_date(content.data_as_of)) + "   ·   "
    stamp += _("Built on {date}").format(date=build_label(content.build_id))
    pdf.cell(width, 5, pdf.t(stamp))
    y = 25.0
    if content.demonstration:
        pdf.set_fill_color(255, 236, 179)
        pdf.set_xy(left, y)
        pdf.font(8.5, bold=True, rgb=(102, 60, 0))
        pdf.multi_cell(
            width, 5.5, pdf.t(_("Includes demonstration (synthetic) data: not real figures.")), fill=True, align="L"
        )
        y = pdf.get_y() + 1.5

    # Radar (left) and status matrix (right)
    col_w = width / 2 - 3
    pillars = _records(content.pillars)
    radar_bottom = _radar(pdf, pillars, content.economy, content.average_label, left, y, col_w)
    sy = _heading(pdf, left + col_w + 6, y, _("Status of key facts"), col_w)
    status_rows = _records(content.status)
    status_bottom = _table(
        pdf,
        left + col_w + 6,
        sy,
        [
            ("fact", _("Fact"), 30.0),
            ("status", _("Status"), 23.0),
            ("detail", _("Detail"), col_w - 30 - 23 - 14),
            ("date", _("Date"), 14.0),
        ],
        status_rows,
        MAX_ROWS["status"],
        radar_bottom + 12,
        size=7.2,
        chip_key="status",
    )
    y = max(radar_bottom, status_bottom) + 3

    # Fixed footer block measured first, so the body never runs into it
    footer = _footer_lines(content, name)
    footer_h = 0.0
    for text, size, bold, _link in footer:
        pdf.set_font(pdf.family_name, "B" if bold else "", size)
        footer_h += pdf.lines(width, text) * 3.5 + 1
    footer_h += 3
    bottom = PAGE_H - MARGIN - footer_h
    tables_bottom = bottom - SOURCES_MIN_H  # room kept for the sources heading and a few sources

    y = _heading(pdf, left, y, _("Largest gaps to the WB6 best"))
    y = (
        _table(
            pdf,
            left,
            y,
            [
                ("indicator", _("Indicator"), 50.0),
                ("value", _("Value"), 28.0),
                ("best", _("WB6 best"), 38.0),
                ("gap", _("Gap"), 32.0),
                ("period", _("Year"), 12.0),
                ("confidence", _("Confidence"), width - 160.0),
            ],
            _records(content.gaps),
            MAX_ROWS["gaps"],
            tables_bottom,
        )
        + 3
    )
    if not _records(content.gaps):
        pdf.font(8, rgb=MUTED)
        pdf.set_xy(left, y - 3)
        pdf.multi_cell(width, 4, pdf.t(_("No scored gap: no indicator with data lies behind the WB6 best.")), align="L")
        y = pdf.get_y() + 2
    y = _heading(pdf, left, y, _("Key facts"))
    y = (
        _table(
            pdf,
            left,
            y,
            [
                ("label", _("Fact"), 70.0),
                ("value", _("Value"), 72.0),
                ("date", _("Date"), 18.0),
                ("confidence", _("Confidence"), width - 160.0),
            ],
            _records(content.key_facts),
            MAX_ROWS["key_facts"],
            tables_bottom,
        )
        + 3
    )
    y = _heading(pdf, left, y, _("Sources"))
    sources = list(content.sources)
    shown = 0
    for line in sources[: MAX_ROWS["sources"]]:
        pdf.font(7.2)
        text = ("• " if pdf.unicode else "- ") + line
        h = pdf.lines(width, text) * 3.4
        if y + h > bottom - 4:  # keep room for the "+ N more" line
            break
        pdf.set_xy(left, y)
        pdf.multi_cell(width, 3.4, pdf.t(text), align="L")
        y += h + 0.4
        shown += 1
    if len(sources) > shown:
        more = len(sources) - shown
        pdf.font(7, rgb=MUTED)
        pdf.set_xy(left, y)
        pdf.cell(
            width,
            3.4,
            pdf.t(
                ngettext("+ {n} more source in the dashboard", "+ {n} more sources in the dashboard", more).format(
                    n=more
                )
            ),
        )

    # Footer: notes, Kosovo* footnote, citation with the permalink
    fy = PAGE_H - MARGIN - footer_h + 3
    pdf.set_draw_color(180, 180, 180)
    pdf.line(left, fy - 1.5, right, fy - 1.5)
    for text, size, bold, link in footer:
        pdf.font(size, bold=bold, rgb=INK if bold else MUTED)
        pdf.set_xy(left, fy)
        pdf.multi_cell(width, 3.5, pdf.t(text), link=link, align="L")
        fy = pdf.get_y() + 1
    out = pdf.output()
    return bytes(out)


def citation_line(content: BriefInput) -> str:
    """The brief's citation in the current language: absolute permalink or "link: ask the presenter"."""
    return cite_line(brief_title(content), content.data_as_of, content.build_id, content.permalink, content.accessed)


def _footer_lines(content: BriefInput, name: str) -> list[tuple[str, float, bool, str]]:
    lines = [
        (
            _(
                "Scores are normalised to 0-100 (higher is better). A pillar score is the mean of the "
                "indicators with data (n of m); missing data is never counted as zero. Status facts are "
                "not scored."
            ),
            6.8,
            False,
            "",
        )
    ]
    if content.economy == "XKX" or "Kosovo" in name:
        lines.append((_(KOSOVO_FOOTNOTE), 6.8, False, ""))
    link = content.permalink if is_absolute(content.permalink) else ""
    lines.append((_("Cite as: {citation}").format(citation=citation_line(content)), 7.2, True, link))
    return lines


def render_png(pdf_bytes: bytes, dpi: int = 150) -> bytes:
    """The first page of a PDF as PNG bytes (pypdfium2; A4 at 150 dpi is 1240 x 1754 pixels)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        page = doc[0]
        image = page.render(scale=dpi / 72).to_pil()
        page.close()
    finally:
        doc.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def png_size(dpi: int = 150) -> tuple[int, int]:
    """Pixel size of an A4 page rendered at ``dpi``."""
    return math.ceil(PAGE_W / 25.4 * dpi), math.ceil(PAGE_H / 25.4 * dpi)  # pdfium rounds up
