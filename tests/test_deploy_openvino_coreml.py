"""OpenVINO and Core ML deployment paths, live on the tiny MLP: OpenVINO from Keras on torch and on TensorFlow
runs in its own process at float32 and agrees with Keras; Core ML converts here but runs only on macOS, which the
row says (not tried, not failed); a broken OpenVINO runtime is a failed row while the other rows still report."""

import sys

import pytest

from guide.deploy import runner
from guide.deploy.runner import run_deploy_check
from guide.deploy.schema import RUNTIME_WORKER, DeploySpec

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """One check of both paths, with a bare HOME and no CI variable: the workers themselves keep OpenVINO's
    telemetry off. The check's folder is kept, to look at the artifacts."""
    home, kept = tmp_path_factory.mktemp("home"), tmp_path_factory.mktemp("kept")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.delenv("CI", raising=False)
        result = run_deploy_check(DeploySpec(model="mlp", size="tiny", targets=("openvino", "coreml"), runs=10),
                                  keep_dir=kept)
    return result, home, next(kept.iterdir())


def test_openvino_from_both_keras_backends_agrees_at_float32(checked):
    result, _, _ = checked
    rows = [r for r in result.rows if r.path == "openvino"]
    assert [r.source for r in rows] == ["keras-torch", "keras-tensorflow"]
    for row in rows:
        assert row.ok, f"openvino from {row.source} failed at {row.stage}: {row.error}"
        assert row.precision == "float32 (inference precision hint f32)"
        assert row.max_abs_diff <= row.tolerance == 1e-4
        assert row.dynamic_batch and row.latency_ms > 0 and row.versions["openvino"] == "2026.4.1"


def test_the_openvino_size_counts_the_weights_beside_the_graph(checked):
    result, _, folder = checked
    xml = folder / "keras-torch" / "model.xml"
    weights = xml.with_suffix(".bin").stat().st_size
    assert weights > 0 and result.row("openvino", "keras-torch").size_bytes == xml.stat().st_size + weights


def test_openvino_writes_no_telemetry(checked):
    _, home, _ = checked
    assert not (home / "intel").exists()


@pytest.mark.skipif(sys.platform == "darwin", reason="on macOS Core ML runs, and the row is a measured one")
def test_core_ml_converts_but_is_not_run_off_macos(checked):
    result, _, folder = checked
    rows = [r for r in result.rows if r.path == "coreml"]
    assert [r.source for r in rows] == ["keras-torch", "pytorch"]
    for row in rows:
        assert (row.ok, row.tried, row.stage) == (False, False, "run")
        assert row.error == "converted; Core ML runs only on macOS, so it was not run here"
        assert row.size_bytes > 0 and row.export_s > 0 and row.versions["coremltools"] == "9.0"
        assert row.precision == "float32 (ML program, compute precision FLOAT32)" and row.latency_ms is None
    assert (folder / "pytorch" / "model.mlpackage" / "Manifest.json").is_file()


def test_a_broken_openvino_runtime_is_a_failed_load_while_the_others_report(tmp_path, monkeypatch):
    """Only the runtime process sees the broken package (the export needs the real one)."""
    shadow = tmp_path / "shadow" / "openvino"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('openvino is not installed (test stub)')\n")
    real_lines = runner._json_lines

    def runtime_with_shadow(module: str, job: dict, env: dict, *args):
        if module == RUNTIME_WORKER:
            env = {**env, "PYTHONPATH": f"{shadow.parent}:{env['PYTHONPATH']}"}
        return real_lines(module, job, env, *args)

    monkeypatch.setattr(runner, "_json_lines", runtime_with_shadow)
    result = run_deploy_check(DeploySpec(model="mlp", size="tiny", targets=("openvino", "litert"), runs=10))
    openvino = [r for r in result.rows if r.path == "openvino"]
    assert [(r.ok, r.stage, r.error) for r in openvino] == [
        (False, "load", "ImportError: openvino is not installed (test stub)")] * 2
    assert all(r.size_bytes > 0 for r in openvino)  # the export worked; only the runtime is missing
    assert result.row("litert", "keras-tensorflow").ok

