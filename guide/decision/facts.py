"""The vocabulary of measured facts, as plain values the decision core reads.

A benchmark result becomes MeasuredFacts in guide.evidence.measurements; the engine sees only these models and
the FACTS table, so the decision core never imports the benchmark or evidence layers. Comparison is the verdict
of guide.evidence.judgement as data: the ratio, its interval, whether it counts and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field


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
    # From a deployment check: whether a framework's phone path ran this model here (works / fails), which
    # carries over to phones; its speed on this CPU does not.
    "deploy.serving_latency_winner": FactKind("category", "faster HTTP serving of its own exported model",
                                              ("pytorch", "tensorflow")),
    "deploy.phone_path_pytorch": FactKind("category", "PyTorch's phone path (ExecuTorch, XNNPACK) for this model",
                                          ("works", "fails")),
    "deploy.phone_path_tensorflow": FactKind("category", "TensorFlow's phone path (LiteRT) for this model",
                                             ("works", "fails")),
}


class Comparison(BaseModel):
    """The verdict on a / b: counts when the interval of the ratio clears the practical threshold."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    a_label: str
    b_label: str
    a_value: float
    b_value: float
    ratio: float
    low: float
    high: float
    threshold: float
    method: Literal["bootstrap", "summary"]
    counts: bool
    lower: Literal["a", "b"] | None = Field(description="the side that is lower, when the difference counts")
    reason: str
    warnings: tuple[str, ...] = ()

    @property
    def lower_label(self) -> str | None:
        return {"a": self.a_label, "b": self.b_label}.get(self.lower or "")

    def interval_text(self) -> str:
        return f"{self.ratio:.3g}× (95% interval {self.low:.3g}–{self.high:.3g}×)"


class MeasuredFact(BaseModel):
    """One fact, whether it counts and why. `noisy` is kept for older readers: true exactly when it does not
    count (within its uncertainty, below the threshold, or outside the answers' scope)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str
    value: float | str
    counts: bool
    reason: str
    detail: str
    rows: tuple[str, ...]
    machine: str
    date: str
    device: Literal["cpu", "gpu"] = "cpu"
    result_id: str = ""
    comparison: Comparison | None = None
    warnings: tuple[str, ...] = ()
    contributed: dict[str, dict[str, float]] = {}  # rule id -> framework -> points (filled by the engine)

    @computed_field
    @property
    def noisy(self) -> bool:
        return not self.counts
