"""AppTest flow: answer → run the matched benchmark (tiny, real workers) → measured evidence → report."""

import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from guide.bench.store import ResultStore
from guide.reports.html import to_html
from guide.reports.model import SECTIONS, build_report
from guide.ui.jobs import registry

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_matched_benchmark_feeds_the_recommendation_and_the_report():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    for key, value in {"use_case": "production", "deployment_target": "cpu_server", "scale": "cpu",
                       "priorities": "inference_latency"}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("app_pages/recommendation.py").run()
    assert "stands on the rules alone" in " ".join(c.value for c in at.caption)
    at.selectbox(key="match_size").set_value("tiny").run()
    at.number_input(key="match_steps").set_value(8).run()
    at.number_input(key="match_repeats").set_value(1).run()
    at.button(key="run_matched_bench").click().run()
    assert not at.exception, at.exception
    running = registry().running()  # the run belongs to the server process: wait for it, then look again
    assert running and all(job.finished.wait(600) for job in running)
    at.run()
    result_id = at.session_state["bench_result_id"]
    result = ResultStore().get(result_id)
    assert {(r.backend, r.api) for r in result.rows} == {("torch", "keras"), ("tensorflow", "keras"),
                                                         ("torch", "native"), ("tensorflow", "native")}
    assert all(r.ok for r in result.rows), [r.error for r in result.rows]
    frames = [df.value for df in (*at.dataframe, *at.table)]
    measured = next(f for f in frames if "measured" in f.columns)
    assert "lower batch-1 inference latency" in set(measured["measured"])
    assert any(b.label == "Decision report (HTML)" for b in at.get("download_button"))
    html = to_html(build_report({"use_case": "production", "deployment_target": ("cpu_server",), "scale": "cpu",
                                 "priorities": ("inference_latency",)}, result))
    ids = []
    parser = HTMLParser()
    parser.handle_starttag = lambda tag, attrs: ids.append(dict(attrs).get("id")) if tag == "section" else None
    parser.feed(html)
    assert ids == list(SECTIONS)
    assert not [m for m in ("torch", "tensorflow", "keras", "jax") if m in sys.modules]
