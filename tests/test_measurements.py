"""Measured facts from a benchmark result, and how they enter the recommendation."""

import json
from pathlib import Path

import pytest

from guide.bench.schema import BenchmarkResult, Stats
from guide.decision.engine import evaluate
from guide.evidence.measurements import facts_from_result
from tests.helpers import QUESTIONS, RULESET

FIXTURE = Path(__file__).parent / "data" / "bench_result_mlp_small.json"
CPU_SERVING = {"use_case": "production", "deployment_target": ("cpu_server",), "priorities": ("inference_latency",),
               "dev_os": "macos"}


def stats(median: float, iqr: float) -> Stats:
    return Stats(n=50, median=median, mean=median, stdev=iqr, p5=median - iqr, p95=median + iqr, iqr=iqr,
                 cv=iqr / median, min=median - iqr, max=median + iqr)


def result_with(torch_latency: Stats, tf_latency: Stats) -> BenchmarkResult:
    raw = json.loads(FIXTURE.read_text())
    result = BenchmarkResult.model_validate(raw)
    rows = []
    for row in result.rows:
        lat = torch_latency if row.backend == "torch" else tf_latency
        rows.append(row.model_copy(update={"infer_latency_ms": {**row.infer_latency_ms, "batch_1": lat}}))
    return result.model_copy(update={"rows": rows})


def fact(facts, key):
    return next(f for f in facts if f.key == key)


def test_clear_latency_win_changes_the_ranking_and_the_trace_names_it():
    facts = facts_from_result(result_with(stats(0.05, 0.01), stats(0.30, 0.02)))
    latency = fact(facts, "bench.infer_latency_winner")
    assert latency.value == "pytorch" and not latency.noisy
    assert latency.rows == ("PyTorch, native", "TensorFlow, native")
    assert evaluate(CPU_SERVING, RULESET, QUESTIONS).winner == "tensorflow"
    rec = evaluate(CPU_SERVING, RULESET, QUESTIONS, measurements=facts)
    assert rec.winner == "pytorch"
    entry = next(t for t in rec.trace if t.rule_id == "measured.latency_pytorch")
    assert entry.measurement_keys == ("bench.infer_latency_winner",)
    used = fact(rec.measurements, "bench.infer_latency_winner")
    assert used.contributed == {"measured.latency_pytorch": {"pytorch": 1.5}} and rec.measured


def test_a_win_within_the_noise_changes_nothing():
    facts = facts_from_result(result_with(stats(0.28, 0.05), stats(0.30, 0.05)))
    assert fact(facts, "bench.infer_latency_winner").noisy
    others = [f for f in facts if f.key != "bench.infer_latency_winner"]
    without = evaluate(CPU_SERVING, RULESET, QUESTIONS, measurements=others)
    rec = evaluate(CPU_SERVING, RULESET, QUESTIONS, measurements=facts)
    assert [(r.framework, r.score) for r in rec.ranking] == [(r.framework, r.score) for r in without.ranking]
    assert all(not m.contributed for m in rec.measurements if m.noisy)
    assert not any("bench.infer_latency_winner" in t.measurement_keys for t in rec.trace)


def test_facts_prefer_native_rows_and_record_machine_and_date():
    facts = facts_from_result(BenchmarkResult.model_validate_json(FIXTURE.read_text()))
    keys = {f.key for f in facts}
    assert {"bench.train_speed_winner", "bench.infer_latency_winner", "bench.keras_overhead_torch"} <= keys
    train = fact(facts, "bench.train_speed_winner")
    assert "native" in train.rows[0] and train.machine and len(train.date) == 10


def test_keras_rows_alone_say_nothing_about_the_frameworks():
    result = BenchmarkResult.model_validate_json(FIXTURE.read_text())
    keras_only = result.model_copy(update={"rows": [r for r in result.rows if r.api == "keras"]})
    keys = {f.key for f in facts_from_result(keras_only)}
    assert not any(k.endswith("_winner") for k in keys) and keys == {"bench.device"}


def test_device_fact():
    facts = facts_from_result(BenchmarkResult.model_validate_json(FIXTURE.read_text()))
    assert fact(facts, "bench.device").value == "cpu"


def test_failed_rows_give_no_fact():
    result = BenchmarkResult.model_validate_json(FIXTURE.read_text())
    broken = result.model_copy(update={"rows": [r.model_copy(update={"ok": False}) if r.backend == "tensorflow"
                                                else r for r in result.rows]})
    assert not any(f.key.endswith("winner") for f in facts_from_result(broken))


@pytest.mark.parametrize("value", ["pytorhc", 3])
def test_a_rule_reading_an_unknown_fact_value_is_rejected(tmp_path, value):
    from guide.decision.rules import load_ruleset
    from guide.errors import DataFileError
    from tests.helpers import rule, write_rules

    when = {"fact": "bench.infer_latency_winner", "operator": "is", "value": value}
    with pytest.raises(DataFileError, match="rule 'm'"):
        load_ruleset(write_rules(tmp_path, [rule("m", when, {"pytorch": 1})]), questions=QUESTIONS)


def test_a_row_flagged_noisy_no_longer_voids_a_large_gap():
    """One noisy statistic (here the training-step repeats) used to void every fact of the row."""
    result = result_with(stats(0.05, 0.01), stats(0.30, 0.02))
    rows = [r.model_copy(update={"noisy": True, "noise_note": "repeat medians differ by 16%"})
            if r.backend == "tensorflow" else r for r in result.rows]
    latency = fact(facts_from_result(result.model_copy(update={"rows": rows})), "bench.infer_latency_winner")
    assert latency.counts and not latency.noisy and latency.value == "pytorch"


def test_the_stored_8x_latency_gap_counts_for_cpu_serving_and_the_trace_names_it():
    facts = facts_from_result(BenchmarkResult.model_validate_json(FIXTURE.read_text()))
    latency = fact(facts, "bench.infer_latency_winner")
    assert latency.counts and latency.comparison.ratio < 1 / 7  # 0.0355 ms vs 0.279 ms, an older (schema 1) file
    profile = {"use_case": "production", "deployment_target": ("cpu_server",), "scale": "cpu"}
    rec = evaluate(profile, RULESET, QUESTIONS, measurements=facts)
    entry = next(t for t in rec.trace if t.rule_id == "measured.latency_pytorch")
    assert "bench.infer_latency_winner" in entry.measurement_keys
    assert fact(rec.measurements, "bench.infer_latency_winner").contributed == {
        "measured.latency_pytorch": {"pytorch": 1.5}}


PHONE_ONLY = {"use_case": "mobile_edge", "model_family": "vision", "deployment_target": ("mobile",),
              "mobile_platform": "both", "team_skills": ("python", "tensorflow"),
              "priorities": ("energy", "inference_latency")}


def test_a_server_cpu_result_changes_nothing_for_a_phone_only_team():
    facts = facts_from_result(BenchmarkResult.model_validate_json(FIXTURE.read_text()))
    without = evaluate(PHONE_ONLY, RULESET, QUESTIONS)
    rec = evaluate(PHONE_ONLY, RULESET, QUESTIONS, measurements=facts)
    assert rec.margin == without.margin and rec.confidence == without.confidence
    assert [(r.framework, r.score) for r in rec.ranking] == [(r.framework, r.score) for r in without.ranking]
    energy = fact(rec.measurements, "bench.cpu_per_inference_winner")
    assert not energy.counts and energy.noisy and not energy.contributed
    assert energy.reason.startswith("CPU measurements speak only for serving from CPU servers")
    assert not any(m.contributed for m in rec.measurements)


def test_cpu_training_speed_never_decides_gpu_training():
    facts = [f.model_copy(update={"counts": True}) if f.key == "bench.train_speed_winner" else f
             for f in facts_from_result(BenchmarkResult.model_validate_json(FIXTURE.read_text()))]
    rec = evaluate({"scale": "single_gpu"}, RULESET, QUESTIONS, measurements=facts)
    train = fact(rec.measurements, "bench.train_speed_winner")
    assert not train.counts and "speaks only for training on CPUs" in train.reason


def test_results_with_samples_per_repeat_are_bootstrapped():
    result = BenchmarkResult.model_validate_json(FIXTURE.read_text())
    rows = []
    for row in result.rows:
        base = row.infer_latency_ms["batch_1"].median
        rows.append(row.model_copy(update={"repeat_samples_ms": {"infer_batch_1": [[base * 1.01] * 20, [base] * 20,
                                                                                   [base * 0.99] * 20]}}))
    latency = fact(facts_from_result(result.model_copy(update={"rows": rows})), "bench.infer_latency_winner")
    assert latency.comparison.method == "bootstrap" and latency.counts


def test_start_up_counts_once_per_worker_unless_each_repeat_started_cold():
    """A default run imports once per worker: its three repeats share one start-up, so they are one figure with
    the one-off uncertainty, not three samples; a thorough run (a fresh worker per repeat) gives three."""
    from pathlib import Path

    from guide.bench.schema import BenchmarkResult
    from guide.evidence.measurements import compare_rows

    result = BenchmarkResult.model_validate_json(
        (Path(__file__).parent / "data" / "bench_result_mlp_small.json").read_text())
    rows = [r.model_copy(update={"repeat_values": {**r.repeat_values, "startup_s": [s, s * 1.01, s * 0.99]}})
            for r in result.rows for s in [(r.import_s or 0) + (r.build_s or 0) + (r.first_step_s or 0)]]
    pair = (("torch", "native"), ("tensorflow", "native"))
    default = compare_rows(result.model_copy(update={"rows": rows, "spec": result.spec.model_copy(
        update={"thorough": False})}), *pair, "startup")
    cold = compare_rows(result.model_copy(update={"rows": rows}), *pair, "startup")
    assert cold.high / cold.low < default.high / default.low  # three real samples are tighter than one figure
