"""Keras overhead per backend, from hand numbers and from the saved real result."""

from pathlib import Path

import pytest

from guide.bench.schema import BenchmarkResult, Stats
from guide.evidence.overhead import keras_overhead

FIXTURE = Path(__file__).parent / "data" / "bench_result_mlp_small.json"


def stats(median, iqr):
    return Stats(n=10, median=median, mean=median, stdev=0, p5=median, p95=median, iqr=iqr, cv=0, min=median,
                 max=median)


def test_ratio_and_interval_from_hand_numbers_are_the_one_judgement():
    from guide.evidence.measurements import compare_rows

    base = BenchmarkResult.model_validate_json(FIXTURE.read_text())
    rows = [r.model_copy(update={"train_step_ms": stats(3.0, 0.2) if r.api == "keras" else stats(1.0, 0.2),
                                 "repeat_medians_ms": []}) for r in base.rows]
    result = base.model_copy(update={"rows": rows})
    by_backend = {o.backend: o for o in keras_overhead(result)}
    torch = by_backend["torch"]
    assert torch.ratio == pytest.approx(3.0) and torch.low < 3.0 < torch.high
    assert torch.comparison == compare_rows(result, ("torch", "keras"), ("torch", "native"), "train_step")
    assert "95% interval" in torch.text
    assert torch.keras_label == "Keras 3 on torch" and torch.native_label == "PyTorch, native"


def test_saved_result_has_an_overhead_per_backend_and_no_native_means_none():
    result = BenchmarkResult.model_validate_json(FIXTURE.read_text())
    assert {o.backend for o in keras_overhead(result)} == {"torch", "tensorflow"}
    keras_only = result.model_copy(update={"rows": [r for r in result.rows if r.api == "keras"]})
    assert keras_overhead(keras_only) == []


def test_overhead_chart_names_both_rows():
    from guide.reports.charts.benchmark_charts import overhead_chart

    result = BenchmarkResult.model_validate_json(FIXTURE.read_text())
    spec = overhead_chart(keras_overhead(result)).to_dict()
    values = [v["backend"] for v in next(iter(spec["datasets"].values()))]
    assert "Keras 3 on torch vs PyTorch, native" in values
