"""Benchmark charts are functions of a result: each one checked through chart.to_dict() on a real saved result
(tests/data/bench_result_mlp_small.json, made by benchmarks/make_test_fixture.py) and on edge cases."""

import json
from pathlib import Path

import pytest

from guide.bench.schema import BenchmarkResult, Parity, RowResult
from guide.evidence import compare
from guide.reports.bench_table import parity_verdict, summary, to_csv
from guide.reports.charts import benchmark_charts as charts

FIXTURE = Path(__file__).parent / "data" / "bench_result_mlp_small.json"
LABELS = ["Keras 3 on torch", "Keras 3 on TensorFlow", "PyTorch, native", "TensorFlow, native"]
CHARTS = [charts.step_time_chart, charts.throughput_chart, charts.memory_chart, charts.loss_chart,
          charts.latency_chart, charts.gflops_chart, charts.startup_chart]


@pytest.fixture(scope="module")
def result() -> BenchmarkResult:
    return BenchmarkResult.model_validate_json(FIXTURE.read_text())


def datasets(spec: dict) -> list[dict]:
    return [row for values in spec.get("datasets", {}).values() for row in values]


def test_fixture_is_a_real_run_with_keras_and_native_rows(result):
    assert [row.label for row in result.rows] == LABELS
    assert all(row.ok and row.parity.ok for row in result.rows)
    assert result.machine.probe_gflops > 0 and result.spec.native


@pytest.mark.parametrize("make", CHARTS, ids=lambda f: f.__name__)
def test_every_chart_renders_to_vega_lite_with_plain_row_names(result, make):
    spec = make(result).to_dict()
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    text = json.dumps(spec)
    for label in LABELS:
        assert label in text, f"{make.__name__} lacks {label}"
    assert '"torch"' not in text and '"tensorflow"' not in text  # rows are named, never bare backend ids


def test_step_time_chart_draws_every_pooled_sample(result):
    frame = charts.step_samples_frame(result)
    assert len(frame) == sum(len(row.train_step_samples_ms) for row in result.rows)
    assert len(frame[frame.row == "Keras 3 on torch"]) == result.spec.steps * result.spec.repeats


def test_wide_spread_switches_to_a_log_axis():
    fast = RowResult(backend="tensorflow", ok=True, train_step_samples_ms=[1.0, 1.1])
    slow = RowResult(backend="torch", ok=True, train_step_samples_ms=[100.0, 120.0])
    close = RowResult(backend="torch", ok=True, train_step_samples_ms=[1.5, 1.6])
    base = json.loads(FIXTURE.read_text())
    wide = BenchmarkResult.model_validate({**base, "rows": [fast.model_dump(), slow.model_dump()]})
    narrow = BenchmarkResult.model_validate({**base, "rows": [fast.model_dump(), close.model_dump()]})
    assert "log scale" in json.dumps(charts.step_time_chart(wide).to_dict())
    assert "log scale" not in json.dumps(charts.step_time_chart(narrow).to_dict())


def test_failed_rows_are_left_out_of_charts(result):
    broken = result.model_copy(deep=True)
    broken.rows[1] = RowResult(backend="tensorflow", ok=False, error="timed out")
    for make in CHARTS:
        assert "Keras 3 on TensorFlow" not in json.dumps(make(broken).to_dict()), make.__name__


def test_gflops_chart_has_the_probe_line(result):
    text = json.dumps(charts.gflops_chart(result).to_dict())
    assert f"matmul probe {result.machine.probe_gflops:,.0f} GFLOP/s" in text
    no_probe = result.model_copy(update={"machine": result.machine.model_copy(update={"probe_gflops": None})})
    assert "no matmul probe" in json.dumps(charts.gflops_chart(no_probe).to_dict())


def test_loss_chart_overlays_identical_curves(result):
    frame = charts.loss_frame(result)
    curves = frame.pivot(index="step", columns="row", values="loss")
    assert (curves.max(axis=1) - curves.min(axis=1)).max() < 1e-3  # parity shows as one line


def test_compare_chart_labels_a_different_machine(result):
    other = result.model_copy(update={"id": "elsewhere", "machine": result.machine.model_copy(
        update={"cpu_model": "Some Xeon", "cpu_cores": 32})})
    labels = {r.id: compare.run_label(r, result) for r in (result, other)}
    assert labels["elsewhere"].endswith("different machine") and labels[result.id].endswith("reference")
    text = json.dumps(charts.compare_chart([result, other], labels).to_dict())
    assert "different machine" in text and "Keras 3 on torch" in text
    assert len(charts.compare_frame([result, other], labels)) == 8


def test_parity_verdict_and_exports(result):
    held, sentence = parity_verdict(result)
    assert held is True and "Parity held" in sentence and "Keras 3 on torch" in sentence
    bad = result.model_copy(deep=True)
    bad.rows[2].parity = Parity(reference="Keras 3 on torch", max_abs_diff_pred=0.5, tolerance=1e-3, ok=False)
    held, sentence = parity_verdict(bad)
    assert held is False and "PyTorch, native (max difference 5.0e-01)" in sentence
    csv_lines = to_csv(result).splitlines()
    assert len(csv_lines) == 5 and csv_lines[0].startswith("label,backend,api,ok")
    assert "TensorFlow, native" in summary(result)
