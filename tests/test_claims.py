"""Claim verdicts on saved result files: supported, contradicted and inconclusive each at least once."""

from pathlib import Path

import pytest

from guide.bench.schema import BenchmarkResult, MachineInfo, Stats
from guide.deploy.schema import DeployResult, DeployRow, DeploySpec
from guide.evidence.claims import judge, load_claims, runtime_rows, specs_needed

FIXTURE = Path(__file__).parent / "data" / "bench_result_mlp_small.json"
CLAIMS = {c.id: c for c in load_claims()}


def stats(median: float, iqr: float) -> Stats:
    return Stats(n=40, median=median, mean=median, stdev=iqr, p5=median - iqr, p95=median + iqr, iqr=iqr,
                 cv=iqr / median, min=median - iqr, max=median + iqr)


def result(size: str, steps: dict[tuple[str, str], Stats], cpu: dict[str, float] | None = None) -> BenchmarkResult:
    base = BenchmarkResult.model_validate_json(FIXTURE.read_text())
    rows = []
    for row in base.rows:
        update = {"train_step_ms": steps.get((row.backend, row.api), row.train_step_ms)}
        if cpu and row.api == "native":
            update["cpu_ms_per_inference"] = cpu[row.backend]
        rows.append(row.model_copy(update=update))
    return base.model_copy(update={"rows": rows, "spec": base.spec.model_copy(update={"size": size})})


TORCH_FAST = {("torch", "native"): stats(1.0, 0.1), ("tensorflow", "native"): stats(2.0, 0.1)}
TF_FAST = {("torch", "native"): stats(3.0, 0.1), ("tensorflow", "native"): stats(1.0, 0.1)}
TIED = {("torch", "native"): stats(1.0, 0.5), ("tensorflow", "native"): stats(1.1, 0.5)}


def test_supported_when_every_size_agrees_beyond_noise():
    claim = CLAIMS["small-models-train-faster-on-pytorch"]
    v = judge(claim, [result("tiny", TORCH_FAST), result("small", TORCH_FAST)])
    assert v.verdict == "supported" and [o.size for o in v.observations] == ["tiny", "small"]
    assert v.observations[0].a_label == "PyTorch, native" and v.observations[0].machine


def test_contradicted_when_every_size_disagrees():
    v = judge(CLAIMS["small-models-train-faster-on-pytorch"], [result("tiny", TF_FAST), result("small", TF_FAST)])
    assert v.verdict == "contradicted"


@pytest.mark.parametrize("results", [[result("tiny", TIED)], [result("tiny", TORCH_FAST), result("small", TF_FAST)]])
def test_inconclusive_within_noise_or_when_sizes_disagree(results):
    assert judge(CLAIMS["small-models-train-faster-on-pytorch"], results).verdict == "inconclusive"


def test_the_xnnpack_claim_is_never_judged_on_tf_function_rows():
    """Native TF rows run tf.function, not XNNPACK: however they compare, they are not evidence for this claim."""
    claim = CLAIMS["tf-xnnpack-less-energy-on-cpu"]
    tf_cheaper = result("tiny", {}, cpu={"torch": 0.5, "tensorflow": 0.2})
    v = judge(claim, [tf_cheaper])
    assert v.verdict == "inconclusive" and "deploy-check" in v.explanation and v.observations == ()
    assert "energy counters" in claim.limits.en


def deployment(size: str, litert_cpu_ms: float, executorch_cpu_ms: float, spread: float = 0.02) -> DeployResult:
    """A saved deployment check with the claim's two runtimes, CPU ms per inference around the given values."""
    def row(path: str, source: str, centre: float) -> DeployRow:
        samples = [centre * (1 + spread * ((i % 5) - 2) / 2) for i in range(10)]
        return DeployRow(path=path, source=source, runtime=path, ok=True, cpu_samples_ms=samples,
                         cpu_ms_per_inference=centre)
    machine = MachineInfo(cpu_model="Test CPU", cpu_cores=2, threads=1)
    return DeployResult(spec=DeploySpec(size=size), machine=machine,
                        rows=[row("litert", "keras-tensorflow", litert_cpu_ms),
                              row("executorch-xnnpack", "pytorch", executorch_cpu_ms)])


@pytest.mark.parametrize(("litert", "executorch", "verdict"), [(0.005, 0.014, "supported"),
                                                               (0.020, 0.010, "contradicted"),
                                                               (0.010, 0.0102, "inconclusive")])
def test_the_xnnpack_claim_on_its_runtimes(litert, executorch, verdict):
    claim = CLAIMS["tf-xnnpack-less-energy-on-cpu"]
    saved = [deployment("tiny", litert, executorch), deployment("small", litert, executorch)]
    v = judge(claim, [], deployments=saved)
    assert v.verdict == verdict and [o.size for o in v.observations] == ["tiny", "small"]
    assert v.observations[0].a_label == "litert from Keras 3 on TensorFlow"


def test_size_trend():
    claim = CLAIMS["static-graphs-help-larger-models"]
    tiny = {("torch", "native"): stats(1.0, 0.1), ("tensorflow", "native"): stats(2.0, 0.1)}
    small = {("torch", "native"): stats(4.0, 0.1), ("tensorflow", "native"): stats(4.0, 0.1)}
    growing_tf_lead = [result("tiny", tiny), result("small", small)]
    assert judge(claim, growing_tf_lead).verdict == "supported"
    assert judge(claim, list(reversed(growing_tf_lead))[:1]).verdict == "inconclusive"


def test_no_results_is_inconclusive_and_says_how_to_get_them():
    v = judge(CLAIMS["keras-on-torch-is-not-pytorch"], [])
    assert v.verdict == "inconclusive" and "Not measured yet" in v.explanation


def test_quick_specs_are_tiny_and_small_with_native_rows():
    specs = specs_needed(quick=True)
    assert [s.size for s in specs] == ["tiny", "small"] and all(s.native for s in specs)


def test_a_trend_inside_the_noise_is_inconclusive():
    claim = CLAIMS["static-graphs-help-larger-models"]
    noisy_tiny = {("torch", "native"): stats(1.0, 0.8), ("tensorflow", "native"): stats(2.0, 1.6)}
    noisy_small = {("torch", "native"): stats(4.0, 3.0), ("tensorflow", "native"): stats(6.0, 4.5)}
    assert judge(claim, [result("tiny", noisy_tiny), result("small", noisy_small)]).verdict == "inconclusive"


def test_results_of_other_models_are_not_evidence():
    cnn = result("tiny", TORCH_FAST)
    cnn = cnn.model_copy(update={"spec": cnn.spec.model_copy(update={"model": "cnn"})})
    assert judge(CLAIMS["small-models-train-faster-on-pytorch"], [cnn]).observations == ()


def test_stored_deployment_checks_reach_the_verdict(tmp_path):
    from guide.deploy.store import DeployStore
    from guide.evidence.claims import verdicts_by_machine

    store = DeployStore(f"sqlite:///{tmp_path / 'guide.db'}")
    for size in ("tiny", "small"):
        store.save(deployment(size, 0.005, 0.014))
    saved = store.recent()
    assert [d.spec.size for d in saved] == ["small", "tiny"]
    [(label, verdicts)] = verdicts_by_machine([], saved[0].machine.fingerprint(), saved)
    xnnpack = next(v for v in verdicts if v.claim.id == "tf-xnnpack-less-energy-on-cpu")
    assert label == "this machine" and xnnpack.verdict == "supported"


def serving_check(size: str, savedmodel_ms: float, eager_ms: float) -> DeployResult:
    """A deployment check with the serving runtimes the graph claim is about, batch-1 latency samples."""
    def row(path: str, source: str, centre: float) -> DeployRow:
        samples = [centre * (1 + 0.01 * ((i % 5) - 2)) for i in range(50)]
        return DeployRow(path=path, source=source, runtime=path, ok=True, latency_samples_ms=samples,
                         latency_ms=centre, latency_p95_ms=centre * 1.02)
    return DeployResult(spec=DeploySpec(size=size), machine=MachineInfo(cpu_model="Test CPU", cpu_cores=2, threads=1),
                        rows=[row("savedmodel", "keras-tensorflow", savedmodel_ms), row("pt2", "pytorch", eager_ms),
                              row("onnx", "pytorch", 0.011)])


@pytest.mark.parametrize(("savedmodel", "eager", "verdict"), [(0.02, 0.09, "supported"), (0.35, 0.09, "contradicted"),
                                                              (0.09, 0.091, "inconclusive")])
def test_the_graph_claim_is_judged_on_serving_runtimes_with_the_others_in_view(savedmodel, eager, verdict):
    claim = CLAIMS["tf-graph-faster-inference"]
    saved = [serving_check("tiny", savedmodel, eager), serving_check("small", savedmodel, eager)]
    v = judge(claim, [], deployments=saved)
    assert v.verdict == verdict and v.observations[0].a_label == "savedmodel from Keras 3 on TensorFlow"
    in_view = runtime_rows(v, saved)
    assert [(r["size"], r["path"], r["from"]) for r in in_view[:3]] == [
        ("tiny", "savedmodel", "Keras 3 on TensorFlow"), ("tiny", "pt2", "PyTorch, native"),
        ("tiny", "onnx", "PyTorch, native")]
    assert judge(claim, [result("tiny", TORCH_FAST)]).observations == ()  # tf.function rows are not its runtimes


def test_the_runtimes_in_view_come_from_the_check_the_verdict_was_judged_on():
    """A newer check without ExecuTorch gives no verdict; the table must not show it beside the older one's."""
    claim = CLAIMS["tf-xnnpack-less-energy-on-cpu"]
    older = deployment("tiny", 0.005, 0.014)
    newer = older.model_copy(update={"id": "deploy-newer", "rows": older.rows[:1],
                                     "created_at": older.created_at.replace(year=older.created_at.year + 1)})
    v = judge(claim, [], deployments=[older, newer])
    assert [o.result_id for o in v.observations] == [older.id]
    assert {row["check"] for row in runtime_rows(v, [older, newer])} == {older.id}
