"""Every page in every language (AppTest on the bundled data): it renders without an exception and shows
that language's own strings; a pseudo-locale (qps) run finds no English fragment the code could have
translated on any page or slide.

Fragments are plain-ASCII words of four letters or more left after the pseudo-translated text (every
letter of a translated message is accented, e.g. ``[Ŕëĝîöñåļ öṽëŕṽîëŵ]``) and after URLs, inline code,
HTML tags and link targets are removed. Data values are not the code's to translate: every text cell of
the warehouse's data tables (:data:`DATA_COLUMNS`: source titles and publishers, notes, plan items,
research-library entries, SIM3 team names, survey and Eurostat labels) is taken out of the rendered text
first (:func:`data_strings`); proper names that are not in the warehouse are in :data:`ALLOWED_NAMES`,
each with its reason. Every registered page and every slide of the deck is strict.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

import pytest

from indicators.text.i18n import LANGUAGES, translations
from tests.conftest import ROOT


def run_page(data_dir, url_path: str, params: dict, timeout: int = 90):
    """dashboard.py opened straight on ``url_path`` with ``params`` (a deep link: one run, no page
    visited before, so no widget state of another page in another language is carried over)."""
    import os

    from streamlit.testing.v1 import AppTest

    os.environ["CYBER_DATA_DIR"] = str(data_dir)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"pages/{url_path}.py")
    at.run()
    return at


@lru_cache(maxsize=1)
def registered_pages() -> tuple[tuple[str, str], ...]:
    """(url path, English title) of every page in the page registry (indicators/model/page_registry.py)."""
    from indicators.model.page_registry import PAGES

    return tuple((p.url_path, p.title) for p in PAGES)


# Proper names and product names that are not in the warehouse but may appear in a page's text. Each with
# its reason; everything else that is data is read from the warehouse itself (:func:`data_strings`).
ALLOWED_NAMES = {
    "Streamlit": "the name of the web framework, shown in a technical note",
    "pandas": "the name of a Python library, in the explorer's snippets for scripts",
    "Parquet": "the name of a file format (Apache Parquet)",
    # the language chooser names every language in that language
    "English": "language name",
    "Shqip": "language name",
    "Srpski": "language name",
    "latinica": "language name (Serbian, Latin script)",
}

# Text columns of the warehouse that hold data (titles, publishers, notes, labels of the data's own
# publishers). Not data: the indicator catalog (domain ``catalog``), economy names (display_name),
# statuses and confidence levels (translated by the code), and everything in ``_()``.
DATA_COLUMNS: dict[str, tuple[str, ...]] = {
    "datasets": ("title", "publisher", "licence", "description"),
    "sources": ("title", "publisher", "url", "other_urls", "where_found", "licence", "dataset_title"),
    "observations": ("value_text", "note"),
    "plan_items": ("institution", "target_group", "action", "baseline", "target", "note"),
    "published_figures": ("area", "topic", "figure", "value_text", "unit", "population", "source_title", "note"),
    "reference_values": ("area_label", "label", "unit", "population", "note"),
    "research_library": ("title", "authors", "topics", "filter_topics", "type", "summary", "where_found"),
    "sim3_assessments": ("team", "parameter_name", "assessor", "note"),
    "survey_datasets": ("title", "source_title", "description"),
    "survey_questions": ("question", "label"),
    "survey_groups": ("label",),
    "eurostat_labels": ("label",),
}
# A data cell shorter than this is not removed: a short cell ("Plan", "Index") must never mask a code message.
MIN_DATA_LEN = 12
# Columns of personal and organisation names (authors, teams, publishers): a name part is data from this length.
NAME_COLUMNS = {"authors", "team", "assessor", "publisher", "institution"}
MIN_NAME_LEN = 8
# Texts of the SIM3 model file (indicators/topics/sim3_model.yaml) that are quoted from the model's publishers, not
# written by the project: bibliographic titles of its sources, the model's version line and ENISA's words.
SIM3_QUOTED = ("version", "sources", "tier_rule.sources", "tier_rule.enisa_quote")


def _normal(text: str) -> str:
    """HTML entities, markdown escapes and the markup module's word joiners undone, whitespace collapsed."""
    return " ".join(re.sub(r"\\(.)", r"\1", html.unescape(text).replace("\u2060", "")).split())


@lru_cache(maxsize=4)
def data_strings(data_dir) -> tuple[str, ...]:
    """Every text cell of the warehouse in :data:`DATA_COLUMNS` of at least :data:`MIN_DATA_LEN`
    characters (and each ';'-separated part of a list cell such as authors or topics), longest first."""
    from indicators.model.warehouse import Warehouse

    found: set[str] = set()
    w = Warehouse(data_dir)
    try:
        for table, columns in DATA_COLUMNS.items():
            if not w.has_table(table):
                continue
            cols = [c for c in columns if c in set(w.query(f"select * from {table} limit 0").columns)]
            for col in cols:
                for value in w.query(f'select distinct "{col}" as v from {table} where "{col}" is not null')["v"]:
                    if not isinstance(value, str):
                        continue
                    parts = [value, *value.split(";"), *value.splitlines(), *value.split(": ")]
                    if col in NAME_COLUMNS:
                        parts += [p for part in value.split(";") for p in part.split(",")]
                    for part in parts:
                        part = _normal(part)
                        if len(part) >= (MIN_NAME_LEN if col in NAME_COLUMNS else MIN_DATA_LEN):
                            found.add(part)
    finally:
        w.close()
    found.update(_normal(t) for t in sim3_quoted())
    # the data's own notes on rows read but not loaded (data/raw/<dataset>/EXCLUDED.md, shown on methodology)
    from indicators.model.explore import excluded_notes

    for text in excluded_notes(Path(data_dir) / "raw").values():
        for line in text.splitlines():
            line = _normal(line.lstrip("-*# "))
            if len(line) >= MIN_DATA_LEN:
                found.add(line)
    return tuple(sorted(found, key=len, reverse=True))


@lru_cache(maxsize=4)
def shown_as_written(data_dir) -> frozenset[str]:
    """Every line of the data's EXCLUDED.md files, however short: a text element that is exactly one of them
    is data shown as it was written (a folder whose EXCLUDED.md says "None."), not an English word of the code."""
    from indicators.model.explore import excluded_notes

    lines = set()
    for text in excluded_notes(Path(data_dir) / "raw").values():
        lines |= {_normal(line.lstrip("-*# ")) for line in text.splitlines()}
        lines.add(_normal(text))
    return frozenset(line for line in lines if line)


def sim3_quoted() -> list[str]:
    """The quoted texts of the SIM3 model file (:data:`SIM3_QUOTED`)."""
    import yaml

    from indicators.model.paths import PROJECT_ROOT

    doc = yaml.safe_load((PROJECT_ROOT / "indicators" / "topics" / "sim3_model.yaml").read_text(encoding="utf-8"))
    out = []
    for path in SIM3_QUOTED:
        node = doc
        for key in path.split("."):
            node = node.get(key, {}) if isinstance(node, dict) else {}
        items = node if isinstance(node, list) else [node]
        out += [i["title"] if isinstance(i, dict) else i for i in items if isinstance(i, (str, dict))]
    return [t for t in out if isinstance(t, str) and t]


_ELLIPSIS = re.compile(r"([^\n|\[\];·]{8,}?)\s*…")  # the code shortens with "…" only


def without_data(text: str, data: tuple[str, ...]) -> str:
    """``text`` with every data string removed (longest first), and a shortened data string ("A long
    title…") too when what is left before the ellipsis starts a data string."""
    text = _normal(text)
    data = tuple(d for d in data if len(d) >= MIN_NAME_LEN)

    def cut(m):
        head = m.group(1).strip()
        for start in range(len(head)):  # the shortened title may begin anywhere in the run
            tail = head[start:].strip()
            if len(tail) < 8:
                break
            if any(d.startswith(tail) for d in data):
                return head[:start] + " "
        return m.group(0)

    text = _ELLIPSIS.sub(cut, text)
    for d in data:
        if d in text:
            text = text.replace(d, " ")
    return text


_WORD = re.compile(r"(?<![\w{\\])[A-Za-z][a-z]{3,}(?![\w}])")
# URLs, link targets, inline code, tags, placeholders, dotted identifiers (source ids such as csirts.s01) and
# file paths (data/raw/...), Streamlit's markdown directives (":orange-badge[", ":material/science:")
_NOT_TEXT = re.compile(
    r"https?://\S+|\]\([^)]*\)|`[^`]*`|<[^>]+>|\{[^{}]*\}|\b[a-z0-9_]+\.[a-z0-9_.]*[a-z0-9_]…?"
    r"|:material/[a-z_]+:|:[a-z]+(?:-[a-z]+)?\[|\b[\w.-]+/[\w./*<>-]*"
)
_KINDS = (
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "info",
    "warning",
    "error",
    "success",
    "expander",
    "selectbox",
    "multiselect",
    "radio",
    "button",
    "metric",
    "toggle",
    "checkbox",
    "tabs",
)


_ATTRS = ("value", "label", "help", "placeholder")


def texts(node) -> list[str]:
    """Every text a reader sees in ``node``: markdown, captions, headings, messages, widget labels, help and
    options, the column headers of tables, and the titles, legend names, hover templates, annotations
    and alternative text of plotly charts."""
    out = []
    for kind in _KINDS:
        for el in node.get(kind):
            if kind in ("selectbox", "radio", "multiselect"):  # every option as shown (the value is a code)
                out += [o for o in el.options if isinstance(o, str)]
            for attr in ("label", "help", "placeholder") if kind in ("selectbox", "radio", "multiselect") else _ATTRS:
                value = getattr(el, attr, None)
                if isinstance(value, str) and not value.lstrip().startswith("<style"):
                    out.append(value)
    for el in node.get("dataframe"):
        frame = el.value
        out += [str(c) for c in frame.columns]
        out += [str(n) for n in frame.index.names if n]
    for el in node.get("plotly_chart"):
        out += chart_texts(el.proto)
    return out


def chart_texts(proto) -> list[str]:
    """The texts of a plotly chart element that the code writes (not its data): layout and axis titles,
    trace names, hover templates, annotations, colour bar titles and the element's alternative text."""
    import json

    spec = json.loads(proto.spec) if proto.spec else {}
    out = [proto.alt] if getattr(proto, "alt", "") else []

    def title(t):
        return t.get("text") if isinstance(t, dict) else t

    layout = spec.get("layout", {})
    out.append(title(layout.get("title")))
    for key, value in layout.items():
        if key.startswith(("xaxis", "yaxis", "polar", "coloraxis")) and isinstance(value, dict):
            out.append(title(value.get("title")))
            out += [title(v.get("title")) for v in value.values() if isinstance(v, dict)]
            if isinstance(value.get("colorbar"), dict):
                out.append(title(value["colorbar"].get("title")))
    out.append(title((layout.get("legend") or {}).get("title")))
    out += [a.get("text") for a in layout.get("annotations", []) if isinstance(a, dict)]
    for trace in spec.get("data", []):
        out += [trace.get("name"), trace.get("hovertemplate")]
        if isinstance(trace.get("colorbar"), dict):
            out.append(title(trace["colorbar"].get("title")))
    return [t for t in out if isinstance(t, str) and t]


def fragments(strings, data: tuple[str, ...] = ()) -> set[str]:
    """The English words (four letters or more) left in ``strings`` once the pseudo-translated text, the
    data strings ``data``, URLs, inline code, tags, link targets and placeholders are taken out."""
    words = set()
    for s in strings:
        words.update(_WORD.findall(_NOT_TEXT.sub(" ", without_data(s, data))))
    return words - set(ALLOWED_NAMES)


def slide_count(data_dir) -> int:
    """The number of slides of the default deck (the counter '1 / N' of its first slide)."""
    at = run_page(data_dir, "present", {"lang": "en", "present": "1", "slide": "1"})
    counters = [m.value for m in at.markdown if "slide-counter" in m.value]
    assert counters, "the deck shows no slide counter"
    return int(re.search(r"/\s*(\d+)\s*<", counters[0]).group(1))


def page_runs(data_dir) -> list[tuple[str, dict]]:
    """(url path, query parameters) of every registered page, and of every slide of the deck."""
    runs = []
    for url_path, _title in registered_pages():
        runs.append((url_path, {}))
        if url_path == "present":
            runs += [(url_path, {"present": "1", "slide": str(n)}) for n in range(1, slide_count(data_dir) + 1)]
    return runs


def page_fragments(data_dir, url_path: str, params: dict | None = None) -> tuple[set[str], set[str]]:
    """(fragments in the frame: sidebar and footer, fragments in the page's main area) in the pseudo-locale."""
    at = run_page(data_dir, url_path, {"lang": "qps", **(params or {})})
    assert not at.exception, f"{url_path} {params or ''} in qps: {at.exception}"
    data, written = data_strings(str(data_dir)), shown_as_written(str(data_dir))
    sidebar = texts(at.sidebar)
    main_only = [t for t in texts(at) if t not in sidebar and _normal(t) not in written]
    return fragments(sidebar, data), fragments(main_only, data)


@pytest.mark.parametrize("lang", list(LANGUAGES) + ["qps"])
def test_every_page_renders_in_every_language(bundled_data_dir, lang):
    failures, untranslated_titles = [], []
    assert len(registered_pages()) >= 14  # the loop below must never pass on an empty page list
    for url_path, title in registered_pages():
        params = {"lang": lang, **({"present": "1", "slide": "1"} if url_path == "present" else {})}
        try:
            at = run_page(bundled_data_dir, url_path, params)
        except Exception as err:  # AppTest itself failing on the page's widgets
            failures.append(f"{url_path}: {type(err).__name__}: {err}")
            continue
        if at.exception:
            failures.append(f"{url_path}: {at.exception[0].message[:200]}")
            continue
        if url_path == "present":  # presentation mode: no sidebar, no footer; the slide's title is checked below
            labels = []
        # the frame's own strings in this language: the footer's "Cite this view" expander
        cite = translations(lang).gettext("Cite this view")
        labels = [e.label for e in at.get("expander")]
        if url_path != "present" and not any(cite in label for label in labels):
            failures.append(f"{url_path}: no '{cite}' in {labels}")
        if lang != "en" and at.title:
            shown = at.title[0].value
            if shown == title or (lang == "qps" and not shown.startswith("[")):
                untranslated_titles.append(f"{url_path}: {shown}")
    assert not failures, f"pages failing in {lang}: {failures}"
    assert not untranslated_titles, f"page titles not in {lang}: {untranslated_titles}"


def test_economy_names_and_kosovo_footnote_follow_the_language():
    from indicators.model.economies import display_name, kosovo_footnote
    from indicators.text.i18n import set_language

    try:
        set_language("sq")
        assert display_name("XKX") == "Kosova*" and display_name("MKD") == "Maqedonia e Veriut"
        assert kosovo_footnote().startswith("*Ky përcaktim")
        set_language("sr_Cyrl")
        assert display_name("MNE") == "Црна Гора" and "СБУН 1244/1999" in kosovo_footnote()
        set_language("mk")
        assert display_name("XKX") == "Косово*"
    finally:
        set_language("en")
    assert display_name("XKX") == "Kosovo*"


def test_frame_has_no_english_fragment_in_the_pseudo_locale(bundled_data_dir):
    """The sidebar (chooser, caption, presentation link) is strict on every page it is seen on."""
    frame_frags, _main = page_fragments(bundled_data_dir, "overview")
    assert not frame_frags, f"untranslated frame text: {sorted(frame_frags)}"


def test_every_page_and_slide_has_no_english_fragment_in_the_pseudo_locale(bundled_data_dir):
    """Every registered page, and every slide of the deck, in ``?lang=qps``: no English word the code could
    have translated is left once the data's own strings (read from the warehouse) are taken out."""
    runs = page_runs(bundled_data_dir)
    assert len(runs) > len(registered_pages())  # the deck's slides are in the list
    found = {}
    for url_path, params in runs:
        frame_frags, main = page_fragments(bundled_data_dir, url_path, params)
        if frame_frags | main:
            found[f"{url_path} {params or ''}".strip()] = sorted(frame_frags | main)
    assert not found, f"untranslated text: {found}"


def test_fragments_finds_a_planted_english_literal_and_nothing_else():
    from indicators.text.i18n import pseudo

    planted = pseudo("Every economy") + " Untranslated remark " + pseudo("{n} of {m}").format(n=3, m=5)
    planted += " :orange-badge[:material/science: " + pseudo("Demonstration data") + "]"
    assert fragments([planted]) == {"Untranslated", "remark"}
    # a data string is taken out whole, also when it is shortened with an ellipsis; a short one is not
    data = ("National Cybersecurity Strategy 2020-2025", "Computer Incident Response Team")
    assert fragments(["[Ŝöûŕçë]: National Cybersecurity Strategy 2020-2025 · Missing words"], data) == {
        "Missing",
        "words",
    }
    assert fragments(["[Ŝöûŕçë]: Computer Incident Resp…"], data) == set()
    assert fragments(["[Ŝöûŕçë]: Report on Incident Response"], ("Report",)) == {"Report", "Incident", "Response"}
    # escaped markdown and links from the data: the escapes are undone before the data is taken out
    assert fragments([r"[Ŝ] [National Cybersecurity Strategy 2020\-2025](https://example.org/a) left"], data) == {
        "left"
    }


def test_data_strings_come_from_the_warehouse_and_skip_short_cells(bundled_data_dir):
    data = data_strings(str(bundled_data_dir))
    assert data == tuple(sorted(data, key=len, reverse=True))
    assert min(len(d) for d in data) >= MIN_NAME_LEN
    from indicators.model.warehouse import Warehouse

    w = Warehouse(bundled_data_dir)
    try:
        title = next(t for t in w.table("sources")["title"] if isinstance(t, str) and len(t) >= MIN_DATA_LEN)
    finally:
        w.close()
    assert _normal(title) in data


if __name__ == "__main__":  # the remaining fragments per page and slide, for the lead
    import os
    import sys

    data_dir = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CYBER_DATA_DIR", "data")
    for url_path, params in page_runs(data_dir):
        try:
            frame_frags, main = page_fragments(data_dir, url_path, params)
            name = f"{url_path} {params or ''}".strip()
            print(f"{name}: {len(frame_frags | main)} fragment(s): {' '.join(sorted(frame_frags | main))}")
        except AssertionError as err:
            print(f"{url_path}: {err}")


def test_language_chooser_writes_lang_to_the_url_and_the_page_follows(bundled_data_dir):
    at = run_page(bundled_data_dir, "overview", {})
    chooser = at.selectbox(key="wb6_language")
    assert chooser.value == "en" and chooser.label == "Language"
    chooser.set_value("sq").run()
    assert at.query_params["lang"] in ("sq", ["sq"])
    assert at.selectbox(key="wb6_language").label == "Gjuha"
    assert (
        at.title[0].value == translations("sq").gettext(at.title[0].value) or at.title[0].value != "Regional overview"
    )


def test_every_message_of_the_code_is_in_the_template():
    """Every literal passed to ``_()``, ``N_()`` or ``ngettext()`` (also inside an f-string, which pybabel
    does not see on Python 3.11) is in messages.pot: else it would show in English in every language."""
    import ast

    from babel.messages.pofile import read_po

    from indicators.text.i18n import POT_FILE

    with open(POT_FILE, "rb") as fh:
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    files = [
        ROOT / "dashboard.py",
        *(p for d in ("pages", "ui", "indicators", "etl") for p in (ROOT / d).rglob("*.py")),
    ]
    missing = []
    for f in files:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            func = node.func if isinstance(node, ast.Call) else None
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)  # _() or vocabulary._()
            if name in ("_", "N_", "ngettext"):
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value not in ids:
                    missing.append(f"{f.relative_to(ROOT)}:{node.lineno}: {first.value[:60]!r}")
    assert not missing, f"messages missing from messages.pot (run scripts/update_translations.sh): {missing}"
