"""The only Streamlit-aware helpers outside the pages: caching wrappers, URL state, the shared frame."""
