"""Keras overhead per backend, from hand numbers and from the saved real result."""

from pathlib import Path

import pytest

from guide.bench.overhead import keras_overhead
from guide.bench.schema import BenchmarkResult, Stats

FIXTURE = Path(__file__).parent / "data" / "bench_result_mlp_small.json"


def stats(median, iqr):
    return Stats(n=10, median=median, mean=median, stdev=0, p5=median, p95=median, iqr=iqr, cv=0, min=median,
                 max=median)


def test_ratio_and_range_from_hand_numbers():
    base = BenchmarkResult.model_validate_json(FIXTURE.read_text())
    rows = [r.model_copy(update={"train_step_ms": stats(3.0, 0.2) if r.api == "keras" else stats(1.0, 0.2)})
            for r in base.rows]
    by_backend = {o.backend: o for o in keras_overhead(base.model_copy(update={"rows": rows}))}
    torch = by_backend["torch"]
    assert torch.ratio == pytest.approx(3.0)
    assert torch.low == pytest.approx(2.9 / 1.1) and torch.high == pytest.approx(3.1 / 0.9)
    assert torch.keras_label == "Keras 3 on torch" and torch.native_label == "PyTorch, native"


def test_saved_result_has_an_overhead_per_backend_and_no_native_means_none():
    result = BenchmarkResult.model_validate_json(FIXTURE.read_text())
    assert {o.backend for o in keras_overhead(result)} == {"torch", "tensorflow"}
    keras_only = result.model_copy(update={"rows": [r for r in result.rows if r.api == "keras"]})
    assert keras_overhead(keras_only) == []


def test_overhead_chart_names_both_rows():
    from guide.charts.benchmark_charts import overhead_chart

    result = BenchmarkResult.model_validate_json(FIXTURE.read_text())
    spec = overhead_chart(keras_overhead(result)).to_dict()
    values = [v["backend"] for v in next(iter(spec["datasets"].values()))]
    assert "Keras 3 on torch vs PyTorch, native" in values
