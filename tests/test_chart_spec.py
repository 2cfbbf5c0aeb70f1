"""Report charts keep their data whatever Altair's global settings are at the moment: st.altair_chart in another
session's thread swaps the data transformer and the theme process-wide, and a report built meanwhile drew axes
with no data."""

import threading

import altair as alt

from guide.decision.engine import recommend
from guide.reports.charts import altair_lock, chart_spec
from guide.reports.charts.recommendation_charts import score_chart
from guide.reports.html import svg


def test_a_report_chart_waits_for_streamlit_and_keeps_its_data():
    import streamlit.elements.vega_charts as streamlit_charts

    assert altair_lock() is streamlit_charts._altair_globals_lock  # the lock st.altair_chart holds
    chart = score_chart(recommend({"use_case": "research"}))
    alt.data_transformers.register("references_only", lambda data: {"name": "kept-elsewhere"})
    done: list[tuple[dict, str]] = []
    # a page's st.altair_chart, mid-way, in another thread
    with altair_lock(), alt.data_transformers.enable("references_only"), alt.theme.enable("none"):
        assert "kept-elsewhere" in str(chart.to_dict())  # what went wrong: the data left the spec
        report = threading.Thread(target=lambda: done.append((chart_spec(chart), svg(chart))))
        report.start()
        report.join(timeout=0.5)
        assert not done  # the report waits for the page's chart
    report.join()
    spec, drawn = done[0]
    values = [row for data in spec["datasets"].values() for row in data]
    assert {row["framework"] for row in values} >= {"PyTorch", "TensorFlow"}
    assert "kept-elsewhere" not in str(spec)
    assert drawn.count("<path") > 4 and "PyTorch" in drawn  # bars and their labels, not bare axes
