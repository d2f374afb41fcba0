"""Placeholder page (being built)."""
import streamlit as st

from indicators.i18n import _
from ui.router import ensure_router

ensure_router()
st.title(_("This view is being built"), anchor=False)
