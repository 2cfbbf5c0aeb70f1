"""Deployment paths, live: the tiny MLP exported along each installed path, reloaded in a runtime-only process,
and compared with the Keras model's own outputs. Tolerances per precision are in guide/deploy/schema.py."""

import json
import subprocess
import sys

import pytest

from guide.deploy.runner import run_deploy_check
from guide.deploy.schema import PATHS, DeploySpec
from guide.settings import REPO_ROOT
from tests.deploy_helpers import shadow_package

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def every_path():
    return run_deploy_check(DeploySpec(model="mlp", size="tiny", runs=30))


def test_every_installed_path_exports_reloads_and_agrees(every_path):
    assert [(r.path, r.source) for r in every_path.rows] == [(p.id, p.source) for p in PATHS]
    for row, path in zip(every_path.rows, PATHS, strict=True):
        if path.not_here:  # said, not tried: the row carries the reason
            assert (row.ok, row.tried, row.error) == (False, False, path.not_here)
            continue
        if path.id == "coreml" and sys.platform != "darwin":  # converted, but only macOS runs Core ML
            assert (row.ok, row.tried, row.stage, row.size_bytes > 0) == (False, False, "run", True), row.error
            continue
        assert row.ok, f"{row.path} from {row.source} failed at {row.stage}: {row.error}"
        assert row.max_abs_diff <= path.tolerance and row.tolerance == path.tolerance
        assert row.size_bytes > 0 and row.latency_ms > 0 and row.latency_p95_ms >= row.latency_ms
        assert row.cpu_ms_per_inference > 0 and row.peak_rss_mb > 0 and row.versions


def test_quantised_litert_is_smaller_than_float32(every_path):
    size = {r.path: r.size_bytes for r in every_path.rows if r.source == "keras-tensorflow"}
    assert size["litert-int8"] < size["litert"] and size["litert-fp16"] < size["litert"]


def test_a_missing_runtime_is_a_failed_row_while_the_others_report(tmp_path, monkeypatch):
    shadow_package(monkeypatch, tmp_path, "onnxruntime")
    result = run_deploy_check(DeploySpec(model="mlp", size="tiny", targets=("onnx", "litert"), runs=10))
    litert, onnx = result.rows[0], result.rows[-1]
    assert [r.ok for r in result.rows if r.path == "onnx"] == [False] * 3
    assert (onnx.path, onnx.ok, onnx.stage) == ("onnx", False, "load")
    assert onnx.error == "ImportError: onnxruntime is not installed (test stub)"
    assert onnx.size_bytes > 0  # the export worked; only the runtime is missing
    assert litert.ok


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "guide", "deploy-check", *args], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=300)


def test_the_cli_writes_the_rows_as_json(tmp_path):
    out = tmp_path / "deploy.json"
    done = cli("--size", "tiny", "--targets", "litert", "--runs", "10", "--json", str(out))
    assert done.returncode == 0, done.stderr[-2000:]
    row = json.loads(out.read_text())["rows"][0]
    assert {"path", "runtime", "ok", "stage", "error", "max_abs_diff", "size_bytes", "latency_ms"} <= set(row)
    assert (row["path"], row["ok"], row["error"]) == ("litert", True, None)


@pytest.mark.parametrize(("args", "message"), [(("--targets", "tflite"), "unknown deployment path 'tflite'"),
                                               (("--model", "resnet"), "Input should be 'mlp'")])
def test_the_cli_refuses_bad_input_in_one_line(args, message):
    done = cli(*args)
    assert done.returncode == 2 and message in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_the_native_onnx_size_counts_its_external_weights(every_path):
    """torch.onnx.export writes the weights beside the graph (model.onnx.data): a team ships both."""
    size = {(r.path, r.source): r.size_bytes for r in every_path.rows}
    assert size[("onnx", "pytorch")] >= 0.8 * size[("onnx", "keras-torch")]


def test_the_native_cnn_runs_through_executorch_and_the_keras_failure_counts_against_no_framework():
    """Our recipe exported the one-channel CNN with a channels_last dim order and XNNPACK refused every input;
    exported from a default-layout example, the native twin runs and matches. Keras 3 on torch still fails (its
    convolution's channels_last clone): shown with the runtime's own error, counted against no framework."""
    from guide.evidence.deployment import facts_from_deployment

    result = run_deploy_check(DeploySpec(model="cnn", size="small", targets=("executorch-xnnpack",), runs=10))
    rows = {r.source: r for r in result.rows}
    assert rows["pytorch"].ok and rows["pytorch"].max_abs_diff <= rows["pytorch"].tolerance, rows["pytorch"].error
    keras = rows["keras-torch"]
    assert (keras.ok, keras.stage) == (False, "run") and "method->execute() failed" in keras.error
    fact = next(f for f in facts_from_deployment(result) if f.key == "deploy.phone_path_pytorch")
    assert fact.value == "works" and fact.counts
