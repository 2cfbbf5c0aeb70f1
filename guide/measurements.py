"""Measured facts: what a benchmark result says, as inputs the rule engine can read (`fact: bench.…`).

Framework comparisons (PyTorch vs TensorFlow) use only the native rows: a Keras backend is not the framework,
so a result without native rows gives no framework fact. A comparison whose medians differ by no more than
their mean interquartile range is kept but marked noisy, and noisy facts add nothing to the recommendation.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from guide.bench.schema import BenchmarkResult, RowResult, Stats
from guide.noise import central, within_noise

FRAMEWORK_OF = {"torch": "pytorch", "tensorflow": "tensorflow", "jax": "jax"}


@dataclass(frozen=True)
class FactKind:
    kind: str  # "number" or "category"
    description: str
    categories: tuple[str, ...] = ()


FACTS: dict[str, FactKind] = {
    "bench.train_speed_ratio_torch_over_tf": FactKind("number", "PyTorch step time / TensorFlow step time"),
    "bench.train_speed_winner": FactKind("category", "faster training step", ("pytorch", "tensorflow")),
    "bench.infer_latency_winner": FactKind("category", "lower batch-1 inference latency", ("pytorch", "tensorflow")),
    "bench.cpu_per_inference_winner": FactKind("category", "less CPU time per inference (energy proxy)",
                                               ("pytorch", "tensorflow")),
    "bench.startup_winner": FactKind("category", "faster import + build + first step", ("pytorch", "tensorflow")),
    "bench.keras_overhead_torch": FactKind("number", "Keras-on-torch step time / native PyTorch step time"),
    "bench.device": FactKind("category", "where the benchmark ran", ("cpu", "gpu")),
}


class MeasuredFact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str
    value: float | str
    noisy: bool
    detail: str
    rows: tuple[str, ...]
    machine: str
    date: str
    result_id: str = ""
    contributed: dict[str, dict[str, float]] = {}  # rule id -> framework -> points (filled by the engine)


def _pair(result: BenchmarkResult, field) -> tuple[RowResult, RowResult] | None:
    """Native PyTorch and native TensorFlow, both ok and both measured; else nothing to compare."""
    t, f = result.row("torch", "native"), result.row("tensorflow", "native")
    if t and f and t.ok and f.ok and field(t) is not None and field(f) is not None:
        return t, f
    return None


def _fact(result, key, value, noisy, detail, rows) -> MeasuredFact:
    m = result.machine
    machine = f"{m.cpu_model} ({m.cpu_cores} cores{', ' + m.gpu if m.gpu else ''})"
    return MeasuredFact(key=key, value=value, noisy=noisy, detail=detail, rows=tuple(r.label for r in rows),
                        machine=machine, date=result.created_at.date().isoformat(), result_id=result.id)


def _winner(result, key, field, what, unit="") -> MeasuredFact | None:
    """Which native framework measured lower on `field`, and whether that is beyond the noise."""
    pair = _pair(result, field)
    if pair is None:
        return None
    t, f = pair
    a, b = field(t), field(f)
    winner = "pytorch" if central(a) < central(b) else "tensorflow"

    def show(x) -> str:
        spread = f" (IQR {x.iqr:.2g})" if isinstance(x, Stats) else ""
        return f"{central(x):.3g}{unit}{spread}"

    detail = f"{what}: {t.label} {show(a)} vs {f.label} {show(b)}"
    if t.noisy or f.noisy:  # a row disturbed while measured (busy machine, wide spread) decides nothing
        detail += "; a row was flagged noisy"
    return _fact(result, key, winner, within_noise(a, b) or t.noisy or f.noisy, detail, pair)


def _startup(row: RowResult) -> float | None:
    parts = (row.import_s, row.build_s, row.first_step_s)
    return None if any(p is None for p in parts) else sum(parts)


def facts_from_result(result: BenchmarkResult) -> list[MeasuredFact]:
    step = lambda r: r.train_step_ms  # noqa: E731
    facts = [
        _winner(result, "bench.train_speed_winner", step, "training step median", " ms"),
        _winner(result, "bench.infer_latency_winner", lambda r: r.infer_latency_ms.get("batch_1"),
                "batch-1 inference latency median", " ms"),
        _winner(result, "bench.cpu_per_inference_winner", lambda r: r.cpu_ms_per_inference,
                "CPU ms per batch-1 inference"),
        _winner(result, "bench.startup_winner", _startup, "import + build + first step, s"),
    ]
    train = _pair(result, step)
    if train:
        t, f = train
        noisy = within_noise(t.train_step_ms, f.train_step_ms) or t.noisy or f.noisy
        facts.append(_fact(result, "bench.train_speed_ratio_torch_over_tf",
                           round(t.train_step_ms.median / f.train_step_ms.median, 4), noisy,
                           f"step-time ratio {t.label} / {f.label}", train))
    ok_rows = [r for r in result.rows if r.ok]
    if ok_rows:
        on_gpu = any(not r.device.startswith("cpu") for r in ok_rows)
        facts.append(_fact(result, "bench.device", "gpu" if on_gpu else "cpu", False,
                           f"rows ran on {', '.join(sorted({r.device for r in ok_rows}))}", ok_rows[:1]))
    kt, nt = result.row("torch", "keras"), result.row("torch", "native")
    if kt and nt and kt.ok and nt.ok and kt.train_step_ms and nt.train_step_ms:
        facts.append(_fact(result, "bench.keras_overhead_torch",
                           round(kt.train_step_ms.median / nt.train_step_ms.median, 4),
                           within_noise(kt.train_step_ms, nt.train_step_ms) or kt.noisy or nt.noisy,
                           f"step-time ratio {kt.label} / {nt.label}", (kt, nt)))
    return [f for f in facts if f is not None]


FRAMEWORK_NAME = {"pytorch": "PyTorch (native)", "tensorflow": "TensorFlow (native)"}


def fact_label(key: str) -> str:
    """What a fact measures, in words a team lead reads (e.g. 'faster training step')."""
    kind = FACTS.get(key)
    return kind.description if kind else key


def fact_value_text(fact: MeasuredFact) -> str:
    """A fact's value with its unit: a framework name, a ratio with '×', or the device."""
    if isinstance(fact.value, str):
        return FRAMEWORK_NAME.get(fact.value, fact.value.upper() if fact.key == "bench.device" else fact.value)
    return f"{fact.value:.2f}×"
