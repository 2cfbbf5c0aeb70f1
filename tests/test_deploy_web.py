"""The browser deployment path, live: each ONNX export of the tiny MLP run by onnxruntime-web (WASM) in real
headless Debian Chromium, compared with the Keras model's (or the PyTorch twin's) own outputs."""

import os

import pytest

from guide.bench.worker.web import CHROMIUM, dist_dir, missing
from guide.deploy.runner import run_deploy_check
from guide.deploy.schema import DeploySpec

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason="Debian chromium is not installed (.ci/run does)"),
]


@pytest.mark.skipif(missing(dist_dir()) is not None, reason=str(missing(dist_dir())))
def test_every_onnx_export_runs_in_chromium_and_agrees():
    result = run_deploy_check(DeploySpec(model="mlp", size="tiny", targets=("onnx-web",), runs=20))
    assert [r.source for r in result.rows] == ["keras-torch", "keras-tensorflow", "pytorch"]
    for row in result.rows:
        assert row.ok, f"onnx-web from {row.source} failed at {row.stage}: {row.error}"
        assert row.max_abs_diff <= row.tolerance == 1e-4 and row.dynamic_batch
        assert 0 < row.latency_ms <= row.latency_p95_ms and len(row.latency_samples_ms) == 20
        assert row.cpu_ms_per_inference > 0 and len(row.cpu_samples_ms) == 10 and row.peak_rss_mb > 0
        assert row.size_bytes > 0 and row.load_s > 0 and row.runtime_import_s > 0
        assert {"onnxruntime-web", "chromium"} <= set(row.versions)


def test_a_missing_onnxruntime_web_is_a_failed_load_row_while_litert_reports(tmp_path, monkeypatch):
    # GUIDE_ variables reach the workers (guide.bench.spawn.worker_env): the worker looks in an empty folder.
    monkeypatch.setenv("GUIDE_ORT_WEB_DIR", str(tmp_path / "nowhere"))
    result = run_deploy_check(DeploySpec(model="mlp", size="tiny", targets=("litert", "onnx-web"), runs=10))
    web = [r for r in result.rows if r.path == "onnx-web"]
    assert [(r.ok, r.stage) for r in web] == [(False, "load")] * 3
    assert all(r.error.startswith("RuntimeError: onnxruntime-web is not installed") and "npm ci" in r.error
               for r in web)
    assert all(r.size_bytes > 0 for r in web)  # the export worked; only the browser runtime is missing
    assert result.row("litert", "keras-tensorflow").ok
