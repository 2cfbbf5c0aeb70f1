"""Make sure app.py's st.navigation routes every session, even a first visitor who arrives by a deep link.

Streamlit starts in its legacy multipage mode whenever a `pages/` folder sits beside the main script, and leaves
it only once some session has run st.navigation. Until then a deep link such as `/recommendation?use_case=...`
runs the page file directly: no app.py, no sections, no page config. Each page calls `require_router()` first;
in legacy mode it turns that mode off and reruns, so app.py routes the same URL.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def require_router() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
