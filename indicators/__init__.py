"""The indicator framework: catalog, normalisation, pillar scores, gaps, read-only warehouse queries
and figure builders. This package never imports Streamlit."""
