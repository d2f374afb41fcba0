"""Data explorer: filter every observation, see it with its provenance, download exactly that. Everything
shown comes from the view model indicators/views/explorer.py; this page reads the URL, draws the widgets
and renders."""

from __future__ import annotations

import streamlit as st

from indicators.text.i18n import _
from indicators.text.markup import md
from indicators.views import explorer
from ui import data, frame, views
from ui import explorer as explorer_ui
from ui.router import ensure_router

ensure_router()
prepared = data.explorer_data()

# 1. The URL is the source of truth when the page opens; 2. the filters, written back to the URL (ui/explorer.py).
explorer_ui.from_url(prepared)
frame.page_header(
    _("Data explorer and downloads"),
    _(
        "Every value in the dashboard with its source, period, confidence and status. "
        "Filter it, then download exactly what you see."
    ),
)
filters, extra = explorer_ui.filter_panel(prepared)

# 3. The table: the same view-model table is shown and downloaded.
view = data.explorer_view(filters, tuple(extra))
st.markdown(view.row_count_html, unsafe_allow_html=True)  # numbers and escaped words only
if view.demo:
    frame.demo_badge(_("some rows are demonstration data, not measurements"))
if view.shown is not None:
    # Two forms of the same rows; CSS (frame.STYLE) shows the full table on wide screens and the compact
    # one under 700 px, where a row's other columns open below the table when the row is selected.
    with st.container(key="explorer_table_full"):
        views.table(
            view.shown,
            "explorer_table",
            width="stretch",
            row_height=36,
            height=min(36 * (len(view.shown) + 1) + 3, 36 * 16 + 3),
            column_config={
                _("Indicator"): st.column_config.TextColumn(width="large"),
                _("Group"): st.column_config.TextColumn(width="small"),
                _("Period"): st.column_config.NumberColumn(format="%d"),
                _("Value"): st.column_config.TextColumn(
                    width="medium",
                    help=_("The number, or the category label; '—' when the value is missing (see Status)"),
                ),
                _("Preferred"): st.column_config.CheckboxColumn(
                    help=_(
                        "Where sources disagree, both values are kept; the preferred one is shown "
                        "elsewhere in the dashboard"
                    )
                ),
            },
        )
    with st.container(key="explorer_table_compact"):
        st.caption(_("Compact table: select a row to see its source, confidence and status."))
        picked = views.table(
            view.compact,
            "explorer_table_compact_grid",
            width="stretch",
            row_height=36,
            height=min(36 * (len(view.compact) + 1) + 3, 36 * 12 + 3),
            on_select="rerun",
            selection_mode="single-row",
            column_config={
                # pixel widths that fit 390 px beside the selection column; wider screens share out the rest
                _("Economy"): st.column_config.TextColumn(width=78),
                _("Indicator"): st.column_config.TextColumn(width=112),
                _("Value"): st.column_config.TextColumn(width=74),
                _("Period"): st.column_config.NumberColumn(format="%d", width=50),
            },
        )
        rows = list(picked.selection.rows) if picked is not None else []
        if rows and rows[0] < len(view.shown):
            with st.container(border=True, key="explorer_row_details"):
                st.markdown(
                    "\n".join(
                        f"- **{md(label)}**: {md(text)}" for label, text in explorer.row_details(view.shown, rows[0])
                    )
                )
    st.caption(view.summary)
    frame.sources_line(view.chosen)
    if view.kosovo_footnote:
        frame.kosovo_footnote()
else:
    st.warning(_("No rows match these filters. Clear a filter to see more."), icon=":material/filter_alt:")

# 4. Downloads: the bytes are made on click, from the very table shown above.
st.header(_("Download"), anchor=False)  # h2 under the page h1 (axe heading-order)
explorer_ui.downloads(view, filters)
st.caption(view.formats_note)
st.caption(view.cli)

# 5. Link to this data: the stable URLs of the public tables and this filter as pandas, R and DuckDB code
# (indicators/render/datalinks.py, docs/data-urls.md).
link = explorer.link_block(filters, st.context.url, st.get_option("server.baseUrlPath"), data.warehouse().build_id)
with st.expander(link.title, icon=":material/link:", key="explorer_link"):
    st.markdown(link.intro)
    for label, language, code in link.code:
        st.caption(label)
        st.code(code, language=language, wrap_lines=True)
    st.caption(link.note)
