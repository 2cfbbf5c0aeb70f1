"""Streamlit glue shared by the pages: the only part of guide/ that imports Streamlit.

It moves answers between the session, the URL and uploads; every decision still comes from guide/.
"""
