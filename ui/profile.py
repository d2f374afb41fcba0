"""The economy profile's larger widget groups (Streamlit glue over :mod:`indicators.views.profile`): the links
from each gap to the plan items that address it, the key-fact cards and the country-brief downloads."""

from __future__ import annotations

import streamlit as st

from indicators.model.economies import display_name
from indicators.text.i18n import _, current_language, language_param, ngettext
from indicators.text.markup import md
from indicators.views.profile import ProfileView, brief_filename, permalink
from ui import briefs, data, frame, navigation


def plan_links(view: ProfileView, economy: str) -> None:
    """Per gap, a link to the plan items that address it (or a note that none does), then all the economy's.
    Drawn when the section is open (two columns, a text and a link per gap: most of a profile rerun's
    elements otherwise, for a section most visits never open)."""
    with st.expander(_("Plan items addressing each gap"), key="profile_plan_links", on_change="rerun") as box:
        if not box.open:
            return
        plans = navigation.page("plans")
        for ind_id, name in zip(view.gap_rows["indicator_id"], view.gap_rows["indicator"]):
            n = view.plan_counts[ind_id]
            g1, g2 = st.columns([3, 2])
            g1.markdown(f"**{md(name)}**")
            with g2:
                if n:
                    st.page_link(
                        plans,
                        label=ngettext("{n} plan item addresses this gap", "{n} plan items address this gap", n).format(
                            n=n
                        ),
                        icon=":material/checklist:",
                        query_params={"economy": economy, "indicator": ind_id, **language_param()},
                    )
                else:
                    st.caption(_("No plan item addresses this gap."))
        st.page_link(
            plans,
            label=_("All plan items of {economy}").format(economy=display_name(economy)),
            icon=":material/list:",
            query_params={"economy": economy, **language_param()},
        )


def key_facts(view: ProfileView) -> None:
    """One card per key fact: label and value (a missing one in italics) in one block, then note, provenance
    and other sources' values as one caption, a paragraph each (two elements a card, not four to six)."""
    cols = st.columns(3)
    for i, fact in enumerate(view.facts):
        with cols[i % 3].container(border=True, key=f"fact_{fact.indicator_id}"):
            st.markdown(f"**{fact.label}**\n\n" + (f"*{fact.value}*" if fact.missing else f"**{fact.value}**"))
            st.caption(
                "\n\n".join(
                    [*([fact.note] if fact.note else []), fact.provenance, *("⚠ " + a for a in fact.alternatives)]
                )
            )
    frame.sources_line(view.fact_sources)


def brief_downloads(view: ProfileView, economy: str) -> None:
    """The one-page country brief as PDF and PNG, with the permalink of this view printed on it."""
    link, _note = permalink(view, data.public_base_url(), current_language())
    st.caption(
        _(
            "One A4 page: pillar scores against the WB6 average, status of key facts, top gaps with their "
            "scales, key facts with dates, sources, the data date and a citation with the permalink."
        )
    )
    b1, b2 = st.columns(2)
    b1.download_button(
        _("Country brief (PDF, A4)"),
        briefs.profile_brief(view, link, "pdf"),
        mime="application/pdf",
        file_name=brief_filename(economy, data.warehouse().build_id, "pdf"),
        key="profile_brief_pdf",
        icon=":material/picture_as_pdf:",
    )
    b2.download_button(
        _("Country brief (PNG image)"),
        briefs.profile_brief(view, link, "png"),
        mime="image/png",
        file_name=brief_filename(economy, data.warehouse().build_id, "png"),
        key="profile_brief_png",
        icon=":material/image:",
    )
    # the public-URL hint is operator text: it goes to the presenter's setup (README "Presenter setup"), not to
    # visitors; the brief itself prints "link: ask the presenter" when no public URL is set


def peer_learning(view: ProfileView, economy: str, period) -> None:
    """Who in the region has in place what this economy lacks (issue 28), and the link to the Cooperation page."""
    st.subheader(_("Peer-learning opportunities"), anchor=False)
    peers, names_kosovo = data.profile_peers(economy, view.period)
    st.markdown(peers)
    if names_kosovo and not view.kosovo_footnote:  # the page's own footnote comes at the end
        frame.kosovo_footnote()
    st.page_link(
        navigation.page("cooperation"),
        label=_("Peer-learning opportunities, reform planner and who sits at the table"),
        icon=":material/handshake:",
        query_params={"economy": economy, **language_param()},
    )
