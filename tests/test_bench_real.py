"""One tiny real benchmark through the real runner and real workers: Keras 3 on torch and on TensorFlow, plus
the native twins, in the default mode (one worker process per row running both repeats). The frameworks load
only in the worker processes, never in pytest's."""

import sys

import pytest

from guide.bench.runner import run_benchmark
from guide.bench.schema import BenchmarkResult, BenchmarkSpec

FRAMEWORKS = ("torch", "tensorflow", "keras", "jax")


@pytest.mark.slow
def test_tiny_real_benchmark_is_valid_in_parity_and_sane(tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path))
    spec = BenchmarkSpec(model="mlp", size="tiny", batch_size=32, steps=8, warmup=1, repeats=2,
                         backends=["torch", "tensorflow"], native=True, infer_batch=32, timeout_s=240)
    events = []
    result = run_benchmark(spec, on_event=events.append)
    BenchmarkResult.model_validate_json(result.model_dump_json())  # survives a JSON round trip
    assert [row.label for row in result.rows] == ["Keras 3 on torch", "Keras 3 on TensorFlow",
                                                  "PyTorch, native", "TensorFlow, native"]
    for row in result.rows:
        assert row.ok, f"{row.label}: {row.error}"
        assert row.parity is not None and row.parity.ok, f"{row.label}: {row.parity}"
        assert row.parity.reference == "Keras 3 on torch"
        assert row.train_step_ms.n == 16 and 0 < row.train_step_ms.median < 5000  # 8 steps x 2 repeats, pooled
        assert row.train_step_ms.min <= row.train_step_ms.median <= row.train_step_ms.max
        assert row.samples_per_s.median > 0
        assert set(row.infer_latency_ms) == {"batch_1", "batch_32"}
        assert len(row.loss_curve) == 1 + 1 + 8 and all(0 < loss < 10 for loss in row.loss_curve)
        assert 0.0 <= row.test_accuracy <= 1.0
        assert 50 < row.peak_rss_mb < 8000 and row.model_size_bytes > 1000
        assert row.import_s > 0 and row.build_s >= 0 and row.first_step_s > 0
        assert row.cpu_time_s > 0 and row.cpu_ms_per_inference > 0
        assert row.achieved_gflops["train"] > 0 and row.flops_train_step > 0
        assert row.versions["python"] and row.versions["numpy"]
    assert result.row("torch").versions["keras"] == result.row("tensorflow").versions["keras"]
    assert "torch" in result.row("torch", "native").versions
    assert "keras" not in result.row("torch", "native").versions  # a native torch row never loads Keras
    assert result.machine.probe_gflops and result.machine.probe_gflops > 0
    assert result.machine.cpu_cores >= 1 and result.machine.threads == spec.threads
    assert any(e.kind == "progress" and e.phase == "train" for e in events)
    assert len([e for e in events if e.kind == "row_started"]) == 4  # one worker process per row
    assert {e.repeat for e in events if e.kind == "progress" and e.phase == "train"} == {0, 1}
    for row in result.rows:
        assert set(row.repeat_samples_ms) == {"train_step", "infer_batch_1", "infer_batch_32", "cpu_infer_batch_1"}
        assert [len(s) for s in row.repeat_samples_ms["train_step"]] == [8, 8]
        assert all(len(lists) == 2 and all(lists) for lists in row.repeat_samples_ms.values())
        startup = row.repeat_values["startup_s"]
        assert len(startup) == 2 and all(s > row.import_s for s in startup)  # the one import counts for each
        assert len(row.repeat_values["cpu_ms_per_inference"]) == 2
    assert not set(FRAMEWORKS) & set(sys.modules), "a framework leaked into the pytest process"
