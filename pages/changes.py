"""What changed since the last forum: the current build compared with an archived build, in full."""

from __future__ import annotations

import streamlit as st

from indicators.model.economies import ECONOMY_CODES, KOSOVO_FOOTNOTE
from indicators.text.i18n import _
from indicators.text.markup import html
from ui import data, frame, state, views
from ui.router import ensure_router

ensure_router()

frame.page_header(
    _("What changed since the last forum"),
    _(
        "Values that changed, facts added or withdrawn, per economy, between the current data build "
        "and an earlier one. Choose the earlier build by its id or by a date (the latest build on or "
        "before it)."
    ),
)
economies = state.economies(default=ECONOMY_CODES, min_n=1, max_n=6)
since = (
    st.text_input(
        _("Earlier build: build id or date (YYYY-MM-DD); empty = the previous build"),
        value=(state.values("since") or [""])[0],
        key="changes_since",
        max_chars=100,
    ).strip()
    or None
)
state.write(since=since)
view = data.changes_view(since, economies)
if view.message:
    st.info(view.message, icon=":material/info:")
if view.old is not None:
    st.markdown(
        html(
            _("Build {old} ({old_date}) compared with build {new} ({new_date}).").format(
                old=view.old.get("build_id"),
                old_date=str(view.old.get("built_at") or "")[:10],
                new=view.new.get("build_id"),
                new_date=str(view.new.get("built_at") or "")[:10],
            )
        )
    )
    st.header(_("Per economy"), anchor=False)
    views.table(view.summary, key="changes_summary")
    st.header(_("Every change"), anchor=False)
    if view.table is None:
        st.write(_("No value changed for these economies."))
    else:
        views.table(view.table, key="changes_table")
        st.download_button(
            _("Download the changes (CSV)"),
            view.csv(),
            "changes.csv",
            "text/csv",
            key="changes_csv",
            icon=":material/download:",
        )
    if view.sources is not None:
        st.header(_("Sources"), anchor=False)
        views.table(view.sources, key="changes_sources")
if view.kosovo_footnote:
    st.caption(_(KOSOVO_FOOTNOTE))
