"""A view model for pages whose content is a sequence of sections (hygiene, methodology, legislation,
research): :class:`Page` records, in order, what the page shows (headings, captions, tables, figures,
downloads, badges, source lines, widgets) as plain :class:`Block` values. Pure, no Streamlit;
``ui/blocks.py`` renders the blocks.

Widgets: :meth:`Page.choice` resolves one selection from the widget's own value (``widgets``, the
session values of this page's widget keys), else the URL, else the default (a message names an unusable
URL value), records the widget and returns the value, so one pass computes the view and the page
renders it without recomputing. ``Page.params`` collects what the page writes back to the URL.

Text from the data must be escaped by the caller (:mod:`indicators.text.markup`) before it goes into a
markdown block (markdown, caption, info, headers); table cells and figure text are not markdown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from indicators.model.urlstate import shown
from indicators.text.i18n import _
from indicators.views import Table


@dataclass(frozen=True)
class Block:
    kind: str  # header, subheader, markdown, caption, info, success, warning, demo_badge, badge, chart, table,
    #            download, sources, kosovo, widget, columns, expander, container, page_link, divider
    text: str = ""
    key: str | None = None
    data: Any = None  # figure, Table, bytes, sources frame, widget spec, link target
    options: dict = field(default_factory=dict)
    children: tuple = ()  # nested pages (columns, expander, container)


@dataclass(frozen=True)
class Widget:
    kind: str  # selectbox, segmented, select_slider, slider
    label: str
    options: tuple
    value: Any
    labels: dict  # option -> shown label


class Page:
    """Records blocks in order (see the module docstring)."""

    def __init__(
        self,
        url: Mapping[str, Sequence[str]] | None = None,
        widgets: Mapping[str, Any] | None = None,
        params: dict | None = None,
        messages: list | None = None,
    ):
        self.url = dict(url or {})
        self.widgets = dict(widgets or {})
        self.blocks: list[Block] = []
        self.params: dict = {} if params is None else params
        self.messages: list[str] = [] if messages is None else messages

    # ---- text -----------------------------------------------------------------------------------
    def _add(self, kind: str, text: str = "", key: str | None = None, data: Any = None, children=(), **options):
        self.blocks.append(Block(kind, text, key, data, options, tuple(children)))

    def header(self, text: str, anchor: str | None = None) -> None:
        self._add("header", text, anchor=anchor)

    def subheader(self, text: str, anchor: str | None = None) -> None:
        self._add("subheader", text, anchor=anchor)

    def markdown(self, text: str) -> None:
        self._add("markdown", text)

    def caption(self, text: str) -> None:
        self._add("caption", text)

    def info(self, text: str, icon: str = ":material/info:") -> None:
        self._add("info", text, icon=icon)

    def success(self, text: str, icon: str = ":material/check_circle:") -> None:
        self._add("success", text, icon=icon)

    def demo_badge(self, what: str = "") -> None:
        self._add("demo_badge", what)

    def badge(self, text: str, icon: str | None = None, color: str = "blue") -> None:
        self._add("badge", text, icon=icon, color=color)

    def divider(self) -> None:
        self._add("divider")

    # ---- content --------------------------------------------------------------------------------
    def chart(self, figure, key: str, box: str | None = None) -> None:
        self._add("chart", key=key, data=figure, box=box)

    def table(
        self, frame: pd.DataFrame | Table, key: str, links: Sequence[str] = (), wide: Sequence[str] = (), **options
    ) -> None:
        """A table; ``links``: columns of http(s) addresses shown as links named by their host."""
        t = frame if isinstance(frame, Table) else Table(frame)
        self._add("table", key=key, data=t, links=tuple(links), wide=tuple(wide), **options)

    def download(self, csv: bytes, file_name: str, key: str, label: str | None = None) -> None:
        self._add("download", label or _("Download this table (CSV)"), key=key, data=csv, file_name=file_name)

    def sources(self, frame: pd.DataFrame) -> None:
        self._add("sources", data=frame)

    def kosovo(self) -> None:
        self._add("kosovo")

    def page_link(self, page: str, label: str, icon: str | None = None, query: dict | None = None) -> None:
        self._add("page_link", label, data=page, icon=icon, query=query or {})

    # ---- layout ---------------------------------------------------------------------------------
    def _child(self) -> Page:
        return Page(self.url, self.widgets, self.params, self.messages)

    def columns(self, spec) -> list[Page]:
        kids = [self._child() for _i in range(spec if isinstance(spec, int) else len(spec))]
        self.blocks.append(Block("columns", data=spec, children=tuple(kids)))
        return kids

    def expander(self, title: str, expanded: bool = False, key: str | None = None) -> Page:
        kid = self._child()
        self.blocks.append(Block("expander", title, key, options={"expanded": expanded}, children=(kid,)))
        return kid

    def container(self, key: str | None = None, border: bool = False) -> Page:
        kid = self._child()
        self.blocks.append(Block("container", key=key, options={"border": border}, children=(kid,)))
        return kid

    # ---- widgets --------------------------------------------------------------------------------
    def multichoice(
        self,
        param: str,
        key: str,
        label: str,
        options: Sequence,
        what: str,
        name_of: Callable[[Any], str] = str,
    ) -> list:
        """The selected options: the widget's value, else the URL's ``param`` (comma-separated, matched as text;
        an unknown value gives a message and is dropped), else none. Records the widget."""
        options = list(options)
        by_text = {str(o): o for o in options}
        value = []
        for raw in ",".join(self.url.get(param) or []).split(","):
            raw = raw.strip()
            if not raw:
                continue
            if raw in by_text:
                value.append(by_text[raw])
            else:
                self.messages.append(_("Unknown {what} '{value}': left out.").format(what=what, value=shown(raw)))
        if key in self.widgets and isinstance(self.widgets[key], (list, tuple)):
            value = [v for v in self.widgets[key] if v in options]
        value = list(dict.fromkeys(value))
        self._add(
            "widget",
            key=key,
            data=Widget("multiselect", label, tuple(options), tuple(value), {o: name_of(o) for o in options}),
        )
        return value

    def url_value(self, key: str) -> str | None:
        values = self.url.get(key) or []
        return str(values[-1]) if values else None

    def choice(
        self,
        param: str | None,
        key: str,
        label: str,
        options: Sequence,
        default: Any,
        what: str,
        name_of: Callable[[Any], str] = str,
        kind: str = "selectbox",
        show: bool = True,
        message_name: Callable[[Any], str] | None = None,
    ) -> Any:
        """The selected option: the widget's value, else the URL's ``param`` (matched as text), else
        ``default`` (with a message when the URL value is unusable). Records the widget when ``show``."""
        options = list(options)
        by_text = {str(o): o for o in options}
        value = default
        raw = self.url_value(param) if param else None
        if raw is not None:
            if raw in by_text:
                value = by_text[raw]
            else:
                self.messages.append(
                    _("Unknown {what} '{value}': showing {default}.").format(
                        what=what, value=shown(raw), default=(message_name or name_of)(default)
                    )
                )
        if key in self.widgets and self.widgets[key] in options:
            value = self.widgets[key]
        if show:
            self._add(
                "widget", key=key, data=Widget(kind, label, tuple(options), value, {o: name_of(o) for o in options})
            )
        return value
