"""The Benchmarks page through AppTest: a tiny real benchmark with live progress and its charts; stored runs,
side-by-side comparison with a run from another machine; and no framework ever loaded in this process."""

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from guide.bench import runner
from guide.bench.schema import BenchmarkResult
from guide.bench.store import ResultStore
from guide.ui.jobs import JobRegistry, registry, use_registry

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "bench_result_mlp_small.json"
FRAMEWORKS = ("torch", "tensorflow", "keras", "jax")
PAGE = "app_pages/benchmarks.py"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path))
    previous = use_registry(JobRegistry())  # no job of another test shows here
    yield tmp_path
    use_registry(previous)


def finish_run(at: AppTest, timeout_s: float) -> None:
    """A run belongs to the server, not to the script run that started it: wait for it, then look again."""
    running = registry().running()
    assert running, "pressing Run started no benchmark"
    assert all(job.finished.wait(timeout_s) for job in running), f"the run took over {timeout_s:g} s"
    at.run()


def open_page(timeout: float = 60) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def page_text(at: AppTest) -> str:
    kinds = ("markdown", "caption", "title", "header", "warning", "info", "success", "error")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


def test_empty_store_invites_a_first_run():
    at = open_page()
    assert at.title[0].value == "Live benchmarks"
    assert "No benchmark stored yet" in page_text(at)
    assert not at.get("vega_lite_chart")


def test_stored_runs_show_charts_parity_and_label_another_machine():
    store = ResultStore()
    local = store.import_json(FIXTURE)
    other = BenchmarkResult.model_validate_json(FIXTURE.read_text())
    other.id, other.machine.cpu_model, other.machine.cpu_cores = "elsewhere01", "Some Xeon", 32
    store.save(other)
    at = open_page()
    text = page_text(at)
    assert "Parity held" in text and "Keras 3 on torch" in text
    assert len(at.get("vega_lite_chart")) == 8  # 7 chart tabs + the Keras-overhead chart (native rows present)
    assert "Keras overhead per backend" in [h.value for h in at.subheader]
    at.multiselect(key="bench_compare").set_value([at.selectbox(key="bench_pick").value, "elsewhere01",
                                                   local.id]).run()
    assert not at.exception, at.exception
    assert len(at.get("vega_lite_chart")) == 9  # the side-by-side chart joined
    assert "different machine: Some Xeon (32 cores)" in page_text(at)


@pytest.mark.slow
def test_tiny_real_benchmark_through_the_page():
    at = open_page()
    at.selectbox(key="bench_size").set_value("tiny")
    at.number_input(key="bench_steps").set_value(5)
    at.number_input(key="bench_repeats").set_value(1)
    at.number_input(key="bench_batch").set_value(32)
    at.checkbox(key="bench_native").set_value(False)
    at.button(key="bench_run").click().run()
    finish_run(at, 240)
    assert not at.exception, at.exception
    text = page_text(at)
    assert "Parity held" in text, text
    assert "failed" not in " ".join(str(e.value) for e in at.get("error"))
    assert len(at.get("vega_lite_chart")) == 7
    shown = ResultStore().get(at.selectbox(key="bench_pick").value)
    assert [row.label for row in shown.rows] == ["Keras 3 on torch", "Keras 3 on TensorFlow"]
    assert shown.spec.steps == 5 and all(row.ok for row in shown.rows)
    assert not set(FRAMEWORKS) & set(sys.modules), "a framework was imported into the Streamlit process"


def test_page_runs_with_the_fake_worker_and_shows_a_failed_row(monkeypatch):
    monkeypatch.setenv("GUIDE_FAKE_WORKER", '{"tensorflow/keras": "crash"}')
    monkeypatch.setattr(runner, "DEFAULT_WORKER_MODULE", "tests.fake_worker")
    at = open_page()
    at.selectbox(key="bench_size").set_value("tiny")
    at.button(key="bench_run").click().run()
    finish_run(at, 60)
    assert not at.exception, at.exception
    assert "failed: Keras 3 on TensorFlow" in " ".join(str(e.value) for e in at.get("warning"))
    errors = " ".join(str(e.value) for e in at.get("error"))
    assert "Keras 3 on TensorFlow failed: worker exited with status 3" in errors
    # the rows that ran are still charted; torch has both rows, so its Keras overhead is shown too
    assert len(at.get("vega_lite_chart")) == 8
    assert not set(FRAMEWORKS) & set(sys.modules)
