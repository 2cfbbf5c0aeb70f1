"""Charts of a BenchmarkResult for the Benchmarks page: functions of data, tested through chart.to_dict().

Every row is named with schema.row_label ("Keras 3 on torch", "PyTorch, native"), with one colour per row
across all charts (torch rows orange, TensorFlow rows blue, JAX green; native rows darker). Failed rows are
left out of the charts; the page lists them with their reason. Step times can differ by 100x between rows, so
time axes switch to a log scale when the spread is that wide (the axis title says so).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from guide.bench.schema import BenchmarkResult, RowResult

ROW_COLOURS = {
    "Keras 3 on torch": "#f58518", "PyTorch, native": "#b3540e",
    "Keras 3 on TensorFlow": "#4c78a8", "TensorFlow, native": "#1f3f66",
    "Keras 3 on JAX": "#54a24b", "JAX, native": "#2d5f27",
}
LOG_WHEN_RATIO = 20  # max / min above this: a linear axis would flatten the fast rows to nothing
WIDTH = 560


def ok_rows(result: BenchmarkResult) -> list[RowResult]:
    return [row for row in result.rows if row.ok]


def _colour(labels: list[str], title: str | None = None) -> alt.Color:
    scale = alt.Scale(domain=labels, range=[ROW_COLOURS.get(label, "#888888") for label in labels])
    return alt.Color("row:N", scale=scale, title=title, legend=None if title is None else alt.Legend())


def _y_rows(labels: list[str]) -> alt.Y:
    return alt.Y("row:N", sort=labels, title=None, axis=alt.Axis(labelLimit=220))


def _scale(values: pd.Series) -> tuple[alt.Scale, str]:
    positive = values[values > 0]
    if len(positive) and positive.max() / positive.min() > LOG_WHEN_RATIO:
        return alt.Scale(type="log"), " (log scale)"
    return alt.Scale(zero=True), ""


def _mark(chart: alt.Chart, log: bool) -> alt.Chart:
    # A bar needs a zero to start from, and a log axis has none: on a log axis the value is a point.
    return chart.mark_point(filled=True, size=110, opacity=1) if log else chart.mark_bar()


def step_samples_frame(result: BenchmarkResult) -> pd.DataFrame:
    """One line per timed step per row; rows without stored samples fall back to their summary points."""
    records = []
    for row in ok_rows(result):
        samples = row.train_step_samples_ms
        if not samples and row.train_step_ms:
            stats = row.train_step_ms
            samples = [stats.min, stats.p5, stats.median, stats.p95, stats.max]
        records += [{"row": row.label, "step_ms": value} for value in samples]
    return pd.DataFrame(records, columns=["row", "step_ms"])


def step_time_chart(result: BenchmarkResult) -> alt.Chart:
    """Distribution of every timed training step of every repeat: box (median, quartiles) plus each step."""
    frame = step_samples_frame(result)
    labels = [row.label for row in ok_rows(result)]
    scale, note = _scale(frame["step_ms"]) if len(frame) else (alt.Scale(), "")
    x = alt.X("step_ms:Q", title=f"training step, ms{note}", scale=scale)
    box = alt.Chart(frame).mark_boxplot(extent="min-max", size=22, opacity=0.5).encode(
        x=x, y=_y_rows(labels), color=_colour(labels))
    steps = alt.Chart(frame).mark_tick(opacity=0.35, thickness=1, size=18).encode(
        x=x, y=_y_rows(labels), color=_colour(labels), tooltip=["row", alt.Tooltip("step_ms:Q", format=".3f")])
    return (box + steps).properties(title="Step time: every timed step of every repeat", width=WIDTH,
                                    height=alt.Step(44))


def throughput_chart(result: BenchmarkResult) -> alt.Chart:
    """Median samples per second with the p5–p95 range of the per-step throughput."""
    records = [{"row": r.label, "median": r.samples_per_s.median, "p5": r.samples_per_s.p5,
                "p95": r.samples_per_s.p95} for r in ok_rows(result) if r.samples_per_s]
    frame = pd.DataFrame(records, columns=["row", "median", "p5", "p95"])
    labels = list(frame["row"])
    scale, note = _scale(frame["median"]) if len(frame) else (alt.Scale(), "")
    x = alt.X("median:Q", title=f"training samples / s (bar: median, line: p5–p95){note}", scale=scale)
    bars = _mark(alt.Chart(frame), bool(note)).encode(x=x, y=_y_rows(labels), color=_colour(labels),
                                                      tooltip=["row", "median", "p5", "p95"])
    spread = alt.Chart(frame).mark_rule(color="black").encode(x="p5:Q", x2="p95:Q", y=_y_rows(labels))
    return (bars + spread).properties(title="Training throughput", width=WIDTH, height=alt.Step(32))


def memory_chart(result: BenchmarkResult) -> alt.Chart:
    """Peak resident memory of each worker process (framework import included)."""
    frame = pd.DataFrame([{"row": r.label, "peak_mb": r.peak_rss_mb} for r in ok_rows(result)
                          if r.peak_rss_mb is not None], columns=["row", "peak_mb"])
    labels = list(frame["row"])
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("peak_mb:Q", title="peak RSS of the worker, MB (framework import included)"),
        y=_y_rows(labels), color=_colour(labels), tooltip=["row", alt.Tooltip("peak_mb:Q", format=".0f")],
    ).properties(title="Peak memory", width=WIDTH, height=alt.Step(32))


def loss_frame(result: BenchmarkResult) -> pd.DataFrame:
    records = [{"row": r.label, "step": i + 1, "loss": loss} for r in ok_rows(result)
               for i, loss in enumerate(r.loss_curve)]
    return pd.DataFrame(records, columns=["row", "step", "loss"])


def loss_chart(result: BenchmarkResult) -> alt.Chart:
    """Training loss per step, rows overlaid: same weights and data, so the curves should coincide."""
    labels = [row.label for row in ok_rows(result)]
    return alt.Chart(loss_frame(result)).mark_line(point=False, opacity=0.8).encode(
        x=alt.X("step:Q", title="training step (first step, warm-up, timed; first repeat)"),
        y=alt.Y("loss:Q", title="training loss"),
        color=_colour(labels, title="row"), strokeDash=alt.StrokeDash("row:N", legend=None),
        tooltip=["row", "step", alt.Tooltip("loss:Q", format=".4f")],
    ).properties(title="Loss curves (overlapping lines mean the rows train the same model)", width=WIDTH)


def latency_frame(result: BenchmarkResult) -> pd.DataFrame:
    records = []
    for row in ok_rows(result):
        for key, stats in row.infer_latency_ms.items():
            batch = key.removeprefix("batch_")
            records.append({"row": row.label, "batch": f"batch {batch}", "median": stats.median, "p95": stats.p95})
    return pd.DataFrame(records, columns=["row", "batch", "median", "p95"])


def latency_chart(result: BenchmarkResult) -> alt.Chart:
    """Inference latency, median and p95, at batch 1 and at the throughput batch (own scale each)."""
    frame = latency_frame(result)
    labels = [row.label for row in ok_rows(result)]
    base = alt.Chart(frame).encode(y=_y_rows(labels))
    bars = base.mark_bar().encode(x=alt.X("median:Q", title="ms (bar: median, tick: p95)"),
                                  color=_colour(labels), tooltip=["row", "batch", "median", "p95"])
    p95 = base.mark_tick(color="black", thickness=2, size=20).encode(x="p95:Q")
    return alt.layer(bars, p95, data=frame).facet(column=alt.Column("batch:N", title=None)).resolve_scale(
        x="independent").properties(title="Inference latency")


def gflops_frame(result: BenchmarkResult) -> pd.DataFrame:
    records = [{"row": r.label, "phase": phase, "gflops": value, "share": r.peak_share.get(phase)}
               for r in ok_rows(result) for phase, value in r.achieved_gflops.items()]
    return pd.DataFrame(records, columns=["row", "phase", "gflops", "share"])


def gflops_chart(result: BenchmarkResult) -> alt.Chart:
    """Achieved GFLOP/s (FLOPs from layer shapes / measured time) against the machine's matmul probe."""
    frame = gflops_frame(result)
    labels = [row.label for row in ok_rows(result)]
    y = alt.Y("label:N", sort=[f"{label} · {p}" for label in labels for p in ("train", "infer")], title=None,
              axis=alt.Axis(labelLimit=260))
    frame = frame.assign(label=frame["row"] + " · " + frame["phase"])
    bars = alt.Chart(frame).mark_bar().encode(
        x=alt.X("gflops:Q", title="achieved GFLOP/s (train step / inference at the throughput batch)"), y=y,
        color=_colour(labels),
        tooltip=["row", "phase", alt.Tooltip("gflops:Q", format=".2f"), alt.Tooltip("share:Q", format=".1%")])
    probe = result.machine.probe_gflops
    if not probe:
        return bars.properties(title="Achieved GFLOP/s (no matmul probe in this result)", width=WIDTH,
                               height=alt.Step(24))
    peak = pd.DataFrame([{"probe": probe, "text": f"matmul probe {probe:,.0f} GFLOP/s"}])
    rule = alt.Chart(peak).mark_rule(color="red", strokeDash=[4, 3]).encode(x="probe:Q")
    text = alt.Chart(peak).mark_text(color="red", align="right", dx=-4, dy=-6, baseline="bottom").encode(
        x="probe:Q", y=alt.value(0), text="text:N")
    return (bars + rule + text).properties(title="Achieved GFLOP/s vs the machine's matmul probe",
                                           width=WIDTH, height=alt.Step(24))


def startup_chart(result: BenchmarkResult) -> alt.Chart:
    """Time before the first timed step: import, build + compile, first step (tracing / compiling)."""
    phases = (("import", "import_s"), ("build + compile", "build_s"), ("first step", "first_step_s"))
    records = [{"row": r.label, "phase": name, "seconds": getattr(r, field) or 0.0, "order": i}
               for r in ok_rows(result) for i, (name, field) in enumerate(phases)]
    frame = pd.DataFrame(records, columns=["row", "phase", "seconds", "order"])
    labels = [row.label for row in ok_rows(result)]
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("sum(seconds):Q", title="seconds (median over repeats)"), y=_y_rows(labels),
        color=alt.Color("phase:N", sort=[p for p, _ in phases], title="phase"), order=alt.Order("order:Q"),
        tooltip=["row", "phase", alt.Tooltip("seconds:Q", format=".2f")],
    ).properties(title="Start-up: until the first step is done", width=WIDTH, height=alt.Step(32))


def compare_frame(results: list[BenchmarkResult], labels: dict[str, str]) -> pd.DataFrame:
    """Median step per row for several stored runs; `labels` maps result id to a run label."""
    records = [{"run": labels.get(result.id, result.id), "row": row.label, "median": row.train_step_ms.median,
                "p95": row.train_step_ms.p95} for result in results for row in ok_rows(result)
               if row.train_step_ms]
    return pd.DataFrame(records, columns=["run", "row", "median", "p95"])


def compare_chart(results: list[BenchmarkResult], labels: dict[str, str]) -> alt.Chart:
    """Side by side: each run's median step per row; the run label says if its machine differs."""
    frame = compare_frame(results, labels)
    scale, note = _scale(frame["median"]) if len(frame) else (alt.Scale(), "")
    return _mark(alt.Chart(frame), bool(note)).encode(
        x=alt.X("median:Q", title=f"median training step, ms{note}", scale=scale),
        y=alt.Y("run:N", title=None, axis=alt.Axis(labelLimit=320)),
        row=alt.Row("row:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=200)),
        color=alt.Color("run:N", title="run", legend=alt.Legend(orient="bottom", columns=1, labelLimit=400)),
        tooltip=["run", "row", alt.Tooltip("median:Q", format=".3f"), alt.Tooltip("p95:Q", format=".3f")],
    ).properties(title="Past runs side by side", width=WIDTH - 100)


def overhead_chart(overheads) -> alt.Chart:
    """Keras step time / native step time per backend, with the interquartile-based range as a rule."""
    frame = pd.DataFrame([{"backend": o.keras_label + " vs " + o.native_label, "ratio": o.ratio, "low": o.low,
                           "high": o.high} for o in overheads])
    y = alt.Y("backend:N", title=None, axis=alt.Axis(labelLimit=320))
    points = alt.Chart(frame).mark_point(filled=True, size=100).encode(
        x=alt.X("ratio:Q", title="Keras step time / native step time (×)", scale=alt.Scale(zero=False)), y=y,
        tooltip=[alt.Tooltip("ratio:Q", format=".2f"), alt.Tooltip("low:Q", format=".2f"),
                 alt.Tooltip("high:Q", format=".2f")])
    spread = alt.Chart(frame).mark_rule().encode(x="low:Q", x2="high:Q", y=y)
    parity = alt.Chart(pd.DataFrame([{"x": 1.0}])).mark_rule(color="grey", strokeDash=[4, 3]).encode(x="x:Q")
    return (spread + points + parity).properties(title="Keras overhead per backend", width=WIDTH,
                                                 height=alt.Step(32))
