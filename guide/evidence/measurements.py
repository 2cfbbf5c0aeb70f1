"""Measured facts: what a benchmark result says, as inputs the rule engine can read (`fact: bench.…`).

Framework comparisons (PyTorch vs TensorFlow) use only the native rows: a Keras backend is not the framework,
so a result without native rows gives no framework fact. Each comparison is judged once by guide.evidence.judgement, on
its own numbers: a fact counts when the interval of its ratio clears the practical threshold, whatever else
happened in the row. Whether a counting fact may speak for a team's answers (its scope: a CPU latency says
nothing about phones) is decided by the engine from the rule set's `fact_scopes`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Literal

from guide.bench.schema import BenchmarkResult, RowResult
from guide.catalogue import UnknownTextKey
from guide.decision.facts import FACTS, Comparison, MeasuredFact
from guide.evidence.judgement import Measured, compare, interval_text
from guide.text import t

# Fact values that are words: each has a text in the catalogue (evidence.value.*); other values show as they are.
VALUE_WORDS = ("pytorch", "tensorflow", "works", "fails")


# --- one figure of a row, as the judgement reads it ------------------------------------------------------------

# Each figure is named by its row's name in the reader's language (the reason quotes it) and ordered by the
# row's English label, so both languages draw the same bootstrap and reach the same verdict.

def _sampled(row: RowResult, key: str) -> Measured | None:
    repeats = [tuple(r) for r in row.repeat_samples_ms.get(key, []) if r]
    return Measured(row.name, tuple(repeats), busy_cores=row.other_load_cores, key=row.label) if repeats else None


def _per_repeat(row: RowResult, key: str) -> Measured | None:
    values = row.repeat_values.get(key, [])
    return Measured(row.name, tuple((v,) for v in values), busy_cores=row.other_load_cores, key=row.label) \
        if values else None


def _summary(row: RowResult, stats, repeat_medians: tuple[float, ...] = ()) -> Measured | None:
    if stats is None:
        return None
    return Measured(row.name, median=stats.median, iqr=stats.iqr, n=stats.n, repeat_medians=repeat_medians,
                    busy_cores=row.other_load_cores, key=row.label)


def _one_off(row: RowResult, value: float | None) -> Measured | None:
    return None if value is None else Measured(row.name, median=value, busy_cores=row.other_load_cores,
                                               key=row.label)


def _startup_s(row: RowResult) -> float | None:
    parts = (row.import_s, row.build_s, row.first_step_s)
    return None if any(p is None for p in parts) else sum(parts)


METRICS: dict[str, Callable[[RowResult], Measured | None]] = {
    "train_step": lambda r: _sampled(r, "train_step") or _summary(r, r.train_step_ms, tuple(r.repeat_medians_ms)),
    "infer_batch_1": lambda r: _sampled(r, "infer_batch_1") or _summary(r, r.infer_latency_ms.get("batch_1")),
    "cpu_per_inference": lambda r: _sampled(r, "cpu_infer_batch_1")
    or _per_repeat(r, "cpu_ms_per_inference") or _one_off(r, r.cpu_ms_per_inference),
    "startup": lambda r: _per_repeat(r, "startup_s") or _one_off(r, _startup_s(r)),
}
METRIC_UNIT = {"train_step": " ms", "infer_batch_1": " ms", "cpu_per_inference": " ms", "startup": " s"}


def metric_text(metric: str) -> tuple[str, str]:
    """(what the metric measures, its unit) in the current language: 'training step median', ' ms'."""
    return t(f"evidence.metric.{metric}"), METRIC_UNIT[metric]


def compare_rows(result: BenchmarkResult, a: tuple[str, str], b: tuple[str, str], metric: str) -> Comparison | None:
    """The one judgement of rows a and b (each (backend, api)) on `metric`; None where either is missing."""
    ra, rb = result.row(*a), result.row(*b)
    if not (ra and rb and ra.ok and rb.ok):
        return None
    pick = METRICS[metric]
    if metric == "startup" and not result.spec.thorough:
        # A default run imports once per worker, so its repeats share one start-up: one figure, not n samples.
        pick = lambda r: _one_off(r, _startup_s(r))  # noqa: E731
    ma, mb = pick(ra), pick(rb)
    if ma is None or mb is None:
        return None
    free = free_cores(result.machine.cpu_cores, result.spec.threads)
    return compare(replace(ma, free_cores=free), replace(mb, free_cores=free))


# --- facts --------------------------------------------------------------------------------------------------------

def free_cores(cores: int | None, threads: int) -> float | None:
    """The cores a run left to everything else (the busy rule's allowance), when the machine's cores are known."""
    return None if not cores else float(cores - threads)


def machine_label(result: BenchmarkResult) -> str:
    """The machine as a fact or an observation names it, in the reader's language."""
    return result.machine.name


def result_device(result: BenchmarkResult) -> Literal["cpu", "gpu"]:
    ok_rows = [r for r in result.rows if r.ok]
    return "gpu" if any(not r.device.startswith("cpu") for r in ok_rows) else "cpu"


def _fact(result: BenchmarkResult, key: str, value, comparison: Comparison | None, detail: str,
          rows: tuple[str, ...]) -> MeasuredFact:
    counts = comparison.counts if comparison else True
    reason = comparison.reason if comparison else t("evidence.fact.property")
    return MeasuredFact(key=key, value=value, counts=counts, reason=reason, detail=detail, rows=rows,
                        machine=machine_label(result), date=result.created_at.date().isoformat(),
                        device=result_device(result), result_id=result.id, comparison=comparison,
                        warnings=comparison.warnings if comparison else ())


def _detail(metric: str, c: Comparison) -> str:
    what, unit = metric_text(metric)
    return t("evidence.fact.detail", what=what, a=c.a_label, a_value=c.a_value, b=c.b_label, b_value=c.b_value,
             unit=unit)


TORCH, TF = ("torch", "native"), ("tensorflow", "native")


def _winner(result: BenchmarkResult, key: str, metric: str, c: Comparison | None) -> MeasuredFact | None:
    """Which native framework measured lower on `metric`, from its one comparison."""
    if c is None:
        return None
    winner = "pytorch" if c.ratio < 1 else "tensorflow"
    return _fact(result, key, winner, c, _detail(metric, c), (c.a_label, c.b_label))


def _ratio(result: BenchmarkResult, key: str, c: Comparison | None) -> MeasuredFact | None:
    if c is None:
        return None
    return _fact(result, key, round(c.ratio, 4), c, t("evidence.fact.ratio_detail", a=c.a_label, b=c.b_label,
                                                      interval=interval_text(c)), (c.a_label, c.b_label))


def facts_from_result(result: BenchmarkResult) -> list[MeasuredFact]:
    native = {metric: compare_rows(result, TORCH, TF, metric) for metric in METRICS}  # each judged once
    facts = [
        _winner(result, "bench.train_speed_winner", "train_step", native["train_step"]),
        _winner(result, "bench.infer_latency_winner", "infer_batch_1", native["infer_batch_1"]),
        _winner(result, "bench.cpu_per_inference_winner", "cpu_per_inference", native["cpu_per_inference"]),
        _winner(result, "bench.startup_winner", "startup", native["startup"]),
        _ratio(result, "bench.train_speed_ratio_torch_over_tf", native["train_step"]),
    ]
    ok_rows = [r for r in result.rows if r.ok]
    if ok_rows:
        devices = ", ".join(sorted({r.device for r in ok_rows}))
        facts.append(_fact(result, "bench.device", result_device(result), None,
                           t("evidence.fact.devices", devices=devices), (ok_rows[0].name,)))
    facts.append(_ratio(result, "bench.keras_overhead_torch",
                        compare_rows(result, ("torch", "keras"), TORCH, "train_step")))
    return [f for f in facts if f is not None]


def fact_label(key: str) -> str:
    """What a fact measures, in words a team lead reads (e.g. 'faster training step'), in the current language;
    a fact the catalogue does not know by its FACTS description."""
    try:
        return t(f"evidence.fact.label.{key}")
    except UnknownTextKey:
        kind = FACTS.get(key)
        return kind.description if kind else key


def fact_value_text(fact: MeasuredFact) -> str:
    """A fact's value with its unit: a framework name, a ratio with '×', or the device."""
    if isinstance(fact.value, str):
        if fact.value in VALUE_WORDS:
            return t(f"evidence.value.{fact.value}")
        return fact.value.upper() if fact.key == "bench.device" else fact.value
    return f"{fact.value:.2f}×"


def verdict_text(fact: MeasuredFact) -> str:
    """The one line every view shows for whether a fact counts: 'yes: …' or 'no: …', with the real reason."""
    warnings = "".join(t("evidence.verdict.warning", warning=w) for w in fact.warnings)
    if fact.counts and not fact.contributed:
        # "yes" would read as "it changed my scores": a valid fact that no rule read for these answers says so
        return t("evidence.verdict.unread_yes", reason=fact.reason, warnings=warnings)
    return t("evidence.verdict.yes" if fact.counts else "evidence.verdict.no", reason=fact.reason, warnings=warnings)


def contribution_text(fact: MeasuredFact, framework_names: dict[str, str] | None = None,
                      rule_titles: dict[str, str] | None = None) -> str:
    """What the fact added to the scores, rule by rule (by title where given); 'nothing' with the reason when it
    added nothing."""
    names, titles = framework_names or {}, rule_titles or {}
    added = "; ".join(f"{titles.get(rule, rule)}: " + ", ".join(f"{names.get(fw, fw)} {d:+g}"
                                                                for fw, d in points.items())
                      for rule, points in fact.contributed.items())
    if added:
        return added
    return t("evidence.contribution.not_counting" if not fact.counts else "evidence.contribution.unread")


def measurement_line(fact: MeasuredFact, rule_titles: dict[str, str] | None = None) -> str:
    """One plain line per fact for the reports and the CLI: what, result, verdict with reason, effect."""
    return t("evidence.line", label=fact_label(fact.key), value=fact_value_text(fact), detail=fact.detail,
             machine=fact.machine, date=fact.date, verdict=verdict_text(fact),
             added=contribution_text(fact, rule_titles=rule_titles))
