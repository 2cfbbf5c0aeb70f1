"""Keras overhead per backend: Keras 3 step time over the native twin's, judged by the one judgement
(guide.evidence.judgement): the ratio of medians with its 95% interval, the same numbers every other view shows."""

from __future__ import annotations

from dataclasses import dataclass

from guide.bench.schema import BenchmarkResult
from guide.decision.facts import Comparison
from guide.evidence.judgement import interval_text
from guide.evidence.measurements import compare_rows


@dataclass(frozen=True)
class KerasOverhead:
    backend: str
    comparison: Comparison  # Keras row (a) against the native row (b) on the training step

    @property
    def keras_label(self) -> str:
        return self.comparison.a_label

    @property
    def native_label(self) -> str:
        return self.comparison.b_label

    @property
    def ratio(self) -> float:  # median Keras step / median native step; 2.0 = Keras takes twice as long
        return self.comparison.ratio

    @property
    def low(self) -> float:
        return self.comparison.low

    @property
    def high(self) -> float:
        return self.comparison.high

    @property
    def text(self) -> str:
        return f"{self.keras_label} / {self.native_label}: {interval_text(self.comparison)}"


def keras_overhead(result: BenchmarkResult) -> list[KerasOverhead]:
    """One entry per backend that has both an ok Keras row and an ok native row with step times."""
    out = []
    for backend in dict.fromkeys(r.backend for r in result.rows):
        comparison = compare_rows(result, (backend, "keras"), (backend, "native"), "train_step")
        if comparison is not None:
            out.append(KerasOverhead(backend, comparison))
    return out
