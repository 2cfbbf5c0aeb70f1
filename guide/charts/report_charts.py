"""Benchmark charts for the decision report: every row named plainly (Keras 3 on torch / PyTorch, native)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from guide.bench.schema import BenchmarkResult


def step_time_chart(result: BenchmarkResult) -> alt.Chart:
    """Median training-step time per row with its p5–p95 range; failed rows are left out and listed."""
    rows = [{"row": r.label, "api": r.api, "median": r.train_step_ms.median, "p5": r.train_step_ms.p5,
             "p95": r.train_step_ms.p95} for r in result.rows if r.ok and r.train_step_ms]
    frame = pd.DataFrame(rows, columns=["row", "api", "median", "p5", "p95"])
    y = alt.Y("row:N", title=None, sort=None, axis=alt.Axis(labelLimit=220))
    # points, not bars: step times span orders of magnitude, and a log axis has no zero for a bar to start at
    bars = alt.Chart(frame).mark_point(filled=True, size=90).encode(
        x=alt.X("median:Q", title="training step, ms (median; line: p5–p95)", scale=alt.Scale(type="log")),
        y=y, color=alt.Color("api:N", title="API"), tooltip=["row", "median", "p5", "p95"])
    spread = alt.Chart(frame).mark_rule(color="black").encode(x="p5:Q", x2="p95:Q", y=y)
    return (bars + spread).properties(title=f"{result.spec.model}/{result.spec.size}: step time per row",
                                      height=alt.Step(28), width=600)
