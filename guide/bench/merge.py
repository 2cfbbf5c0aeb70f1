"""From worker outcomes to the rows of a BenchmarkResult: merge repeats, flag noise, check parity, add FLOPs.

Repeats are merged by pooling their per-step samples into one distribution (median and p95 over all steps of
all repeats: more samples, steadier tails). The median of each repeat is kept as well (`repeat_medians_ms`)
and decides, with the pooled CV, whether a row is flagged noisy: a drift between repeats stays visible instead
of being averaged away. Each repeat's own samples and one-off figures are kept too (`repeat_samples_ms`,
`repeat_values`): the statistical judgement resamples repeats, not pooled steps. Pure functions of numbers and
.npy files; no framework.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence

import numpy as np

from guide.bench import stats
from guide.bench.cpu import cpu_cores, is_busy
from guide.bench.machine import busy_margin_cores
from guide.bench.protocol import ResultLine, WorkerOutcome
from guide.bench.schema import BenchmarkSpec, Parity, RowResult

NOISY_CV = 0.10  # pooled step-time CV above this flags a row
NOISY_REPEAT_SPREAD = 0.10  # (max - min) / median of the repeat medians above this flags a row
PARITY_TOLERANCE = 1e-3  # absolute, on logits and on the loss after one update (float32, different kernels)
MAX_STORED_SAMPLES = 2000
MAX_REPEAT_SAMPLES = 1000  # per metric and repeat, in repeat_samples_ms
REPEAT_METRICS = ("train_step", "infer_batch_1", "cpu_infer_batch_1")  # plus f"infer_batch_{spec.infer_batch}"


def failure_reason(outcome: WorkerOutcome) -> str | None:
    if outcome.error:
        return outcome.error
    if outcome.result is None:
        return "worker returned no result"
    if not outcome.result.row.ok:
        return outcome.result.row.error or "worker reported a failure without a reason"
    return None


def failed_row(backend: str, api: str, reason: str, wall_s: float | None = None) -> RowResult:
    return RowResult(backend=backend, api=api, ok=False, error=reason, wall_s=wall_s)


def _median_of(rows: Sequence[RowResult], field: str) -> float | None:
    values = [getattr(r, field) for r in rows if getattr(r, field) is not None]
    return statistics.median(values) if values else None


def _noise_note(pooled: stats.Stats, repeat_medians: list[float], other_load: float | None,
                free_cores: float) -> str | None:
    notes = []
    if is_busy(other_load, free_cores, busy_margin_cores()):  # the one busy rule, as deployment rows have it
        notes.append(f"other processes kept {other_load:.1f} cores busy during the timed steps, over the "
                     f"{max(free_cores, 0):g} the run left free")
    if pooled.cv > NOISY_CV:
        notes.append(f"step times vary a lot (CV {pooled.cv:.0%}, over {NOISY_CV:.0%})")
    if len(repeat_medians) > 1:
        spread = (max(repeat_medians) - min(repeat_medians)) / statistics.median(repeat_medians)
        if spread > NOISY_REPEAT_SPREAD:
            notes.append(f"repeat medians differ by {spread:.0%} (over {NOISY_REPEAT_SPREAD:.0%})")
    return "; ".join(notes) or None


def _merge_step_times(merged: RowResult, results: Sequence[ResultLine], spec: BenchmarkSpec) -> None:
    steps = [s for r in results for s in r.samples.get("train_step", [])]
    if not steps:
        return
    merged.train_step_ms = stats.scaled(stats.summarize(steps), 1000)
    merged.samples_per_s = stats.throughput(steps, spec.batch_size)
    merged.train_step_samples_ms = [s * 1000 for s in steps[:MAX_STORED_SAMPLES]]
    merged.repeat_medians_ms = [
        stats.percentile(r.samples["train_step"], 50) * 1000 for r in results if r.samples.get("train_step")
    ]
    merged.other_load_cores = _median_of([r.row for r in results], "other_load_cores")
    merged.noise_note = _noise_note(merged.train_step_ms, merged.repeat_medians_ms, merged.other_load_cores,
                                    cpu_cores() - spec.threads)
    merged.noisy = merged.noise_note is not None


def evenly_spaced(values: Sequence[float], limit: int = MAX_REPEAT_SAMPLES) -> list[float]:
    """At most `limit` values, picked evenly over the whole list (early and late steps alike)."""
    if len(values) <= limit:
        return list(values)
    return [values[i * len(values) // limit] for i in range(limit)]


def _per_repeat(merged: RowResult, results: Sequence[ResultLine], spec: BenchmarkSpec) -> None:
    """One list of samples (ms) per repeat and metric, and one startup / CPU figure per repeat."""
    for key in (*REPEAT_METRICS, f"infer_batch_{spec.infer_batch}"):
        lists = [evenly_spaced([s * 1000 for s in r.samples.get(key, [])]) for r in results]
        if any(lists):
            merged.repeat_samples_ms[key] = lists
    startup = [(r.row.import_s or 0.0) + (r.row.build_s or 0.0) + (r.row.first_step_s or 0.0) for r in results]
    if all(r.row.import_s is not None and r.row.first_step_s is not None for r in results):
        merged.repeat_values["startup_s"] = startup
    cpu = [r.row.cpu_ms_per_inference for r in results]
    if all(value is not None for value in cpu):
        merged.repeat_values["cpu_ms_per_inference"] = cpu


def merge_repeats(
    backend: str, api: str, outcomes: Sequence[WorkerOutcome], spec: BenchmarkSpec
) -> RowResult:
    """One RowResult for a row from its repeats; any failed repeat fails the row, naming which one.

    Timing samples are pooled; one-off figures (import, build, first step, CPU time, energy) are the median
    over repeats (the figures per repeat stay in `repeat_values`); peak memory is the largest repeat's; the
    loss curve and accuracy are the first repeat's (the same initial weights and data make them identical
    across repeats up to float noise).
    """
    wall = sum(o.wall_s for o in outcomes)
    for index, outcome in enumerate(outcomes):
        reason = failure_reason(outcome)
        if reason is not None:
            prefix = f"repeat {index + 1} of {len(outcomes)}: " if index > 0 else ""
            return failed_row(backend, api, prefix + reason, wall)
    results: list[ResultLine] = [o.result for o in outcomes]  # type: ignore[misc]
    rows = [r.row for r in results]
    merged = rows[0].model_copy(deep=True)
    _merge_step_times(merged, results, spec)
    _per_repeat(merged, results, spec)
    for key in {k for r in results for k in r.samples if k.startswith("infer_batch_")}:
        pooled = [s for r in results for s in r.samples.get(key, [])]
        merged.infer_latency_ms[key.removeprefix("infer_")] = stats.scaled(stats.summarize(pooled), 1000)
    for field in ("import_s", "build_s", "first_step_s", "cpu_time_s", "cpu_ms_per_inference", "energy_j"):
        setattr(merged, field, _median_of(rows, field))
    merged.model_size_bytes = next((r.model_size_bytes for r in rows if r.model_size_bytes), None)
    peaks = [r.peak_rss_mb for r in rows if r.peak_rss_mb is not None]
    merged.peak_rss_mb = max(peaks) if peaks else None
    merged.wall_s = wall
    return merged


def parity(
    row_predictions: str,
    row_loss: float | None,
    reference_predictions: str,
    reference_loss: float | None,
    reference_label: str,
    tolerance: float = PARITY_TOLERANCE,
) -> Parity:
    """Same initial weights, same data: untrained logits and the loss after one update should agree."""
    mine, theirs = np.load(row_predictions), np.load(reference_predictions)
    if mine.shape != theirs.shape:
        return Parity(reference=reference_label, tolerance=tolerance, ok=False)
    max_diff = float(np.max(np.abs(mine - theirs))) if mine.size else 0.0
    loss_diff = (
        abs(row_loss - reference_loss) if row_loss is not None and reference_loss is not None else None
    )
    ok = max_diff <= tolerance and (loss_diff is None or loss_diff <= tolerance)
    return Parity(
        reference=reference_label,
        max_abs_diff_pred=max_diff,
        loss_diff_first_step=loss_diff,
        tolerance=tolerance,
        ok=ok,
    )


def add_flops(
    row: RowResult,
    spec: BenchmarkSpec,
    forward_per_sample: float,
    train_per_sample: float,
    probe_gflops: float | None,
) -> None:
    """FLOPs per step from the model's layer shapes, and the GFLOP/s a row achieved with them."""
    row.flops_train_step = train_per_sample * spec.batch_size
    row.flops_inference = forward_per_sample
    if row.train_step_ms is not None and row.train_step_ms.median > 0:
        row.achieved_gflops["train"] = row.flops_train_step / (row.train_step_ms.median / 1000) / 1e9
    batch_key = f"batch_{spec.infer_batch}"
    latency = row.infer_latency_ms.get(batch_key)
    if latency is not None and latency.median > 0:
        row.achieved_gflops["infer"] = forward_per_sample * spec.infer_batch / (latency.median / 1000) / 1e9
    if probe_gflops:
        row.peak_share = {key: value / probe_gflops for key, value in row.achieved_gflops.items()}


def check_parity(rows: list[RowResult], outcomes: Mapping[tuple[str, str], Sequence[WorkerOutcome]]) -> None:
    """Every ok row against the first ok Keras row (itself included, trivially)."""
    firsts = {(r.backend, r.api): outcomes[(r.backend, r.api)][0].result for r in rows if r.ok}
    reference = next((r for r in rows if r.ok and r.api == "keras"), None)
    if reference is None:
        return
    ref = firsts[(reference.backend, reference.api)]
    for row in rows:
        mine = firsts.get((row.backend, row.api))
        if not row.ok or mine is None or not mine.predictions_path or not ref.predictions_path:
            continue
        row.parity = parity(
            mine.predictions_path,
            mine.loss_after_first_step,
            ref.predictions_path,
            ref.loss_after_first_step,
            reference.label,
        )


def add_flops_to_rows(rows: list[RowResult], spec: BenchmarkSpec, probe_gflops: float | None) -> None:
    from models.flops import count_flops  # the project's own module: missing is a bug, not a quiet "no FLOPs"

    count = count_flops(spec.model, spec.size)
    for row in rows:
        if row.ok:
            add_flops(row, spec, count.forward_per_sample, count.train_per_sample, probe_gflops)
