"""Make sure app.py's st.navigation routes every session, even a first visitor who arrives by a deep link.

Streamlit starts in its legacy multipage mode whenever a `pages/` folder sits beside the main script, and leaves
it only once some session has run st.navigation. Until then a deep link such as `/recommendation?use_case=...`
runs the page file directly: no app.py, no sections, no page config. Each page calls `require_router()` first;
in legacy mode it turns that mode off and reruns, so app.py routes the same URL.

A server decides the mode once, at start-up, so this acts at most once per process. (AppTest re-decides it
before every run; acting once keeps its runs, and the widget interactions they carry, intact.)
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

_switched = False


def require_router() -> None:
    global _switched
    if PagesManager.uses_pages_directory and not _switched:
        _switched = True
        PagesManager.uses_pages_directory = False
        st.rerun()
