"""Keras overhead per backend: Keras 3 step time over the native twin's, with an interquartile-based range."""

from __future__ import annotations

from dataclasses import dataclass

from guide.bench.schema import BenchmarkResult


@dataclass(frozen=True)
class KerasOverhead:
    backend: str
    keras_label: str
    native_label: str
    ratio: float  # median Keras step / median native step; 2.0 = Keras takes twice as long
    low: float  # the ratio with both rows at the favourable ends of their interquartile ranges
    high: float

    @property
    def text(self) -> str:
        return (f"{self.keras_label} / {self.native_label}: {self.ratio:.2f}× "
                f"(IQR range {self.low:.2f}–{self.high:.2f}×)")


def keras_overhead(result: BenchmarkResult) -> list[KerasOverhead]:
    """One entry per backend that has both an ok Keras row and an ok native row with step times."""
    out = []
    for backend in dict.fromkeys(r.backend for r in result.rows):
        k, n = result.row(backend, "keras"), result.row(backend, "native")
        if not (k and n and k.ok and n.ok and k.train_step_ms and n.train_step_ms):
            continue
        ks, ns = k.train_step_ms, n.train_step_ms
        k_lo, k_hi = max(ks.median - ks.iqr / 2, 1e-12), ks.median + ks.iqr / 2
        n_lo, n_hi = max(ns.median - ns.iqr / 2, 1e-12), ns.median + ns.iqr / 2
        out.append(KerasOverhead(backend, k.label, n.label, ks.median / ns.median, k_lo / n_hi, k_hi / n_lo))
    return out
