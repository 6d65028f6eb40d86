"""Helpers of the Streamlit app (``app.py``): the only part of the package besides the CLI
that imports Streamlit."""
