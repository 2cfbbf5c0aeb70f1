"""Altair charts as pure functions of data: tested through chart.to_dict(), no browser needed."""

from __future__ import annotations

import sys
import threading

import altair as alt

_OWN_LOCK = threading.Lock()
# st.altair_chart swaps Altair's data transformer (for one that leaves only references to Arrow data it keeps
# itself) and its theme, process-wide, under this lock of its own (streamlit/elements/vega_charts.py).
STREAMLIT_ALTAIR_LOCK = ("streamlit.elements.vega_charts", "_altair_globals_lock")


def altair_lock():
    """Streamlit's lock over Altair's global settings where Streamlit is loaded (this module never imports it),
    else one of our own. tests/test_chart_spec.py fails if a Streamlit upgrade renames it."""
    module, name = STREAMLIT_ALTAIR_LOCK
    return getattr(sys.modules.get(module), name, None) or _OWN_LOCK


def chart_spec(chart) -> dict:
    """The chart's Vega-Lite spec with Altair's default transformer and theme, whatever another thread is doing:
    a report built while a page drew a chart in another session got charts with axes and no data (seen by a
    user, in the HTML team report)."""
    with altair_lock(), alt.data_transformers.enable("default"), alt.theme.enable("default"):
        return chart.to_dict()
