"""HTTP serving paths, live: each server-side artifact of the tiny MLP behind the Starlette/uvicorn server, measured
by its client (guide.bench.worker.serve_client); a server that cannot load or answers an error is a failed row
with the runtime's own reason, and the model servers that cannot be installed here say why."""

import json
import subprocess
import sys

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper

from guide.bench.spawn import worker_env
from guide.deploy.runner import run_deploy_check
from guide.deploy.schema import DeployRow, DeploySpec, paths_for
from guide.settings import REPO_ROOT
from tests.deploy_helpers import shadow_package

pytestmark = pytest.mark.slow
HTTP = ("http-onnx", "http-pt2", "http-savedmodel", "http-tfserving", "http-triton")


@pytest.fixture(scope="module")
def served():
    return run_deploy_check(DeploySpec(model="mlp", size="tiny", targets=HTTP, runs=30))


def test_every_http_path_serves_and_agrees(served):
    tried = [(r, p) for r, p in zip(served.rows, paths_for(HTTP), strict=True) if p.not_here is None]
    assert {r.path for r, _ in tried} == {"http-onnx", "http-pt2", "http-savedmodel"}
    for row, path in tried:
        assert row.ok, f"{row.path} from {row.source} failed at {row.stage}: {row.error}"
        assert row.ready_s > row.load_s > 0  # ready also counts the interpreter, the imports and the server start
        assert row.latency_ms > 0 and row.latency_p95_ms >= row.latency_ms and len(row.latency_samples_ms) == 30
        assert row.cpu_ms_per_inference > 0 and len(row.cpu_samples_ms) == 10 and row.peak_rss_mb > 0
        assert row.max_abs_diff <= path.tolerance and row.size_bytes > 0
        assert {"uvicorn", "starlette"} <= set(row.versions)


def test_the_model_servers_that_cannot_be_installed_say_why(served):
    said = {r.path: r for r in served.rows if not r.tried}
    assert set(said) == {"http-tfserving", "http-triton"}
    assert all(not r.ok and "not installable here" in r.error for r in said.values())
    assert "Docker" in said["http-tfserving"].error and "NGC" in said["http-triton"].error


def test_a_server_without_its_runtime_is_a_failed_row_while_the_others_report(tmp_path, monkeypatch):
    shadow_package(monkeypatch, tmp_path, "onnxruntime")
    result = run_deploy_check(DeploySpec(model="mlp", size="tiny", targets=("http-onnx", "http-pt2"), runs=10))
    onnx_rows = [r for r in result.rows if r.path == "http-onnx"]
    assert [(r.ok, r.stage, r.error) for r in onnx_rows] == [
        (False, "load", "ImportError: onnxruntime is not installed (test stub)")] * 3
    assert all(r.size_bytes > 0 for r in onnx_rows)  # the export worked; only the server's runtime is missing
    assert [r.ok for r in result.rows if r.path == "http-pt2"] == [True, True]


def identity_onnx(path, width: int) -> None:
    """The smallest servable model: y = x, batch dimension left open."""
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", width])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", width])
    graph = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "identity", [x], [y])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))


def client(tmp_path, artifact, x: np.ndarray, timeout_s: float = 60) -> DeployRow:
    """The client worker on its own, as the runner starts it: its one 'ran' line."""
    np.savez(tmp_path / "io.npz", x=x, reference=x)
    job = {"path": "http-onnx", "artifact": str(artifact), "io": str(tmp_path / "io.npz"), "runs": 10,
           "threads": 1, "tolerance": 1e-6, "timeout_s": timeout_s}
    done = subprocess.run([sys.executable, "-m", "guide.bench.worker.serve_client"], input=json.dumps(job),
                          env=worker_env("torch", 1, tmp_path / "keras_home"), cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=120)
    line = json.loads(done.stdout.strip().splitlines()[-1])
    assert line.pop("event") == "ran", done.stderr[-2000:]
    return DeployRow(path="http-onnx", source="test", runtime="test", **line)


def test_a_model_served_on_its_own_reports_batch_and_parity(tmp_path):
    identity_onnx(tmp_path / "identity.onnx", 3)
    row = client(tmp_path, tmp_path / "identity.onnx", np.arange(12, dtype=np.float32).reshape(4, 3) / 7)
    assert (row.ok, row.max_abs_diff, row.dynamic_batch) == (True, 0.0, True)
    assert row.ready_s > 0 and row.versions["onnxruntime"]


def test_an_artifact_the_server_cannot_load_fails_at_load_with_the_runtimes_error(tmp_path):
    (tmp_path / "broken.onnx").write_bytes(b"not a model")
    row = client(tmp_path, tmp_path / "broken.onnx", np.zeros((4, 3), dtype=np.float32))
    assert (row.ok, row.stage) == (False, "load")
    assert row.error.startswith("InvalidProtobuf") or "protobuf" in row.error.lower(), row.error


def test_an_error_answer_fails_at_run_with_the_runtimes_error(tmp_path):
    identity_onnx(tmp_path / "identity.onnx", 3)
    row = client(tmp_path, tmp_path / "identity.onnx", np.zeros((4, 5), dtype=np.float32))  # 5 wide, not 3
    assert (row.ok, row.stage) == (False, "run") and row.ready_s > 0
    assert "dimensions" in row.error.lower(), row.error


def test_a_server_not_ready_in_time_is_a_failed_row_at_load(tmp_path):
    identity_onnx(tmp_path / "identity.onnx", 3)
    row = client(tmp_path, tmp_path / "identity.onnx", np.zeros((4, 3), dtype=np.float32), timeout_s=0.05)
    assert (row.ok, row.stage) == (False, "load") and row.error.startswith("timeout: server not ready after")
