"""Charts of a BenchmarkResult for the Benchmarks page: functions of data, tested through chart.to_dict().

Every row is named with RowResult.name ("Keras 3 on torch", "PyTorch, native"), with one colour per row
across all charts (torch rows orange, TensorFlow rows blue, JAX green; native rows darker). Failed rows are
left out of the charts; the page lists them with their reason. Step times can differ by 100x between rows, so
time axes switch to a log scale when the spread is that wide (the axis title says so). Titles, axes and row
names are in the current language; field names inside the data stay English.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import altair as alt
import pandas as pd

from guide.bench.schema import BenchmarkResult, RowResult, row_label
from guide.catalogue import LANGS
from guide.text import t

COLOUR_OF_ROW = {
    ("torch", "keras"): "#f58518", ("torch", "native"): "#b3540e",
    ("tensorflow", "keras"): "#4c78a8", ("tensorflow", "native"): "#1f3f66",
    ("jax", "keras"): "#54a24b", ("jax", "native"): "#2d5f27",
}


class _RowColours(Mapping):
    """Colour by row name in any language ('Keras 3 on torch' and its Korean name alike): a chart of another
    page that looks a row's colour up by the name it shows finds it whatever language that page speaks."""

    def _table(self) -> dict[str, str]:
        return {row_label(b, a, lang): colour for (b, a), colour in COLOUR_OF_ROW.items() for lang in LANGS}

    def __getitem__(self, name: str) -> str:
        return self._table()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


ROW_COLOURS = _RowColours()
LOG_WHEN_RATIO = 20  # max / min above this: a linear axis would flatten the fast rows to nothing
WIDTH = 560


def ok_rows(result: BenchmarkResult) -> list[RowResult]:
    return [row for row in result.rows if row.ok]


def _colour(labels: list[str], title: str | None = None) -> alt.Color:
    colours = ROW_COLOURS._table()
    scale = alt.Scale(domain=labels, range=[colours.get(label, "#888888") for label in labels])
    return alt.Color("row:N", scale=scale, title=title, legend=None if title is None else alt.Legend())


def _tip(field: str, fmt: str | None = None) -> alt.Tooltip:
    """A tooltip line titled in the reader's language (the data's field names stay English)."""
    name, _, kind = field.partition(":")
    return alt.Tooltip(f"{name}:{kind or 'N'}", title=t(f"bench_charts.field.{name}"),
                       **({"format": fmt} if fmt else {}))


def _y_rows(labels: list[str]) -> alt.Y:
    return alt.Y("row:N", sort=labels, title=None, axis=alt.Axis(labelLimit=220))


def _scale(values: pd.Series) -> tuple[alt.Scale, str]:
    positive = values[values > 0]
    if len(positive) and positive.max() / positive.min() > LOG_WHEN_RATIO:
        return alt.Scale(type="log"), t("bench_charts.log_scale")
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
        records += [{"row": row.name, "step_ms": value} for value in samples]
    return pd.DataFrame(records, columns=["row", "step_ms"])


def step_time_chart(result: BenchmarkResult) -> alt.Chart:
    """Distribution of every timed training step of every repeat: box (median, quartiles) plus each step."""
    frame = step_samples_frame(result)
    labels = [row.name for row in ok_rows(result)]
    scale, note = _scale(frame["step_ms"]) if len(frame) else (alt.Scale(), "")
    x = alt.X("step_ms:Q", title=t("bench_charts.step.x", note=note), scale=scale)
    box = alt.Chart(frame).mark_boxplot(extent="min-max", size=22, opacity=0.5).encode(
        x=x, y=_y_rows(labels), color=_colour(labels))
    steps = alt.Chart(frame).mark_tick(opacity=0.35, thickness=1, size=18).encode(
        x=x, y=_y_rows(labels), color=_colour(labels), tooltip=[_tip("row"), _tip("step_ms:Q", ".3f")])
    return (box + steps).properties(title=t("bench_charts.step.title"), width=WIDTH,
                                    height=alt.Step(44))


def throughput_chart(result: BenchmarkResult) -> alt.Chart:
    """Median samples per second with the p5–p95 range of the per-step throughput."""
    records = [{"row": r.name, "median": r.samples_per_s.median, "p5": r.samples_per_s.p5,
                "p95": r.samples_per_s.p95} for r in ok_rows(result) if r.samples_per_s]
    frame = pd.DataFrame(records, columns=["row", "median", "p5", "p95"])
    labels = list(frame["row"])
    scale, note = _scale(frame["median"]) if len(frame) else (alt.Scale(), "")
    x = alt.X("median:Q", title=t("bench_charts.throughput.x", note=note), scale=scale)
    bars = _mark(alt.Chart(frame), bool(note)).encode(
        x=x, y=_y_rows(labels), color=_colour(labels),
        tooltip=[_tip("row"), _tip("median:Q"), _tip("p5:Q"), _tip("p95:Q")])
    spread = alt.Chart(frame).mark_rule(color="black").encode(x="p5:Q", x2="p95:Q", y=_y_rows(labels))
    return (bars + spread).properties(title=t("bench_charts.throughput.title"), width=WIDTH, height=alt.Step(32))


def memory_chart(result: BenchmarkResult) -> alt.Chart:
    """Peak resident memory of each worker process (framework import included)."""
    frame = pd.DataFrame([{"row": r.name, "peak_mb": r.peak_rss_mb} for r in ok_rows(result)
                          if r.peak_rss_mb is not None], columns=["row", "peak_mb"])
    labels = list(frame["row"])
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("peak_mb:Q", title=t("bench_charts.memory.x")),
        y=_y_rows(labels), color=_colour(labels), tooltip=[_tip("row"), _tip("peak_mb:Q", ".0f")],
    ).properties(title=t("bench_charts.memory.title"), width=WIDTH, height=alt.Step(32))


def loss_frame(result: BenchmarkResult) -> pd.DataFrame:
    records = [{"row": r.name, "step": i + 1, "loss": loss} for r in ok_rows(result)
               for i, loss in enumerate(r.loss_curve)]
    return pd.DataFrame(records, columns=["row", "step", "loss"])


def loss_chart(result: BenchmarkResult) -> alt.Chart:
    """Training loss per step, rows overlaid: same weights and data, so the curves should coincide."""
    labels = [row.name for row in ok_rows(result)]
    return alt.Chart(loss_frame(result)).mark_line(point=False, opacity=0.8).encode(
        x=alt.X("step:Q", title=t("bench_charts.loss.x")),
        y=alt.Y("loss:Q", title=t("bench_charts.loss.y")),
        color=_colour(labels, title=t("bench_charts.field.row")), strokeDash=alt.StrokeDash("row:N", legend=None),
        tooltip=[_tip("row"), _tip("step:Q"), _tip("loss:Q", ".4f")],
    ).properties(title=t("bench_charts.loss.title"), width=WIDTH)


def latency_frame(result: BenchmarkResult) -> pd.DataFrame:
    records = []
    for row in ok_rows(result):
        for key, stats in row.infer_latency_ms.items():
            batch = key.removeprefix("batch_")
            records.append({"row": row.name, "batch": t("bench_charts.latency.batch", batch=batch),
                            "median": stats.median, "p95": stats.p95})
    return pd.DataFrame(records, columns=["row", "batch", "median", "p95"])


def latency_chart(result: BenchmarkResult) -> alt.Chart:
    """Inference latency, median and p95, at batch 1 and at the throughput batch (own scale each)."""
    frame = latency_frame(result)
    labels = [row.name for row in ok_rows(result)]
    base = alt.Chart(frame).encode(y=_y_rows(labels))
    bars = base.mark_bar().encode(x=alt.X("median:Q", title=t("bench_charts.latency.x")), color=_colour(labels),
                                  tooltip=[_tip("row"), _tip("batch"), _tip("median:Q"), _tip("p95:Q")])
    p95 = base.mark_tick(color="black", thickness=2, size=20).encode(x="p95:Q")
    return alt.layer(bars, p95, data=frame).facet(column=alt.Column("batch:N", title=None)).resolve_scale(
        x="independent").properties(title=t("bench_charts.latency.title"))


def gflops_frame(result: BenchmarkResult) -> pd.DataFrame:
    records = [{"row": r.name, "phase": t(f"bench_charts.gflops.{phase}"), "gflops": value,
                "share": r.peak_share.get(phase)}
               for r in ok_rows(result) for phase, value in r.achieved_gflops.items()]
    return pd.DataFrame(records, columns=["row", "phase", "gflops", "share"])


def gflops_chart(result: BenchmarkResult) -> alt.Chart:
    """Achieved GFLOP/s (FLOPs from layer shapes / measured time) against the machine's matmul probe."""
    frame = gflops_frame(result)
    labels = [row.name for row in ok_rows(result)]
    phases = [t(f"bench_charts.gflops.{p}") for p in ("train", "infer")]
    y = alt.Y("label:N", sort=[f"{label} · {p}" for label in labels for p in phases], title=None,
              axis=alt.Axis(labelLimit=260))
    frame = frame.assign(label=frame["row"] + " · " + frame["phase"])
    bars = alt.Chart(frame).mark_bar().encode(
        x=alt.X("gflops:Q", title=t("bench_charts.gflops.x")), y=y, color=_colour(labels),
        tooltip=[_tip("row"), _tip("phase"), _tip("gflops:Q", ".2f"), _tip("share:Q", ".1%")])
    probe = result.machine.probe_gflops
    if not probe:
        return bars.properties(title=t("bench_charts.gflops.title_no_probe"), width=WIDTH,
                               height=alt.Step(24))
    peak = pd.DataFrame([{"probe": probe, "text": t("bench_charts.gflops.probe", gflops=probe)}])
    rule = alt.Chart(peak).mark_rule(color="red", strokeDash=[4, 3]).encode(x="probe:Q")
    text = alt.Chart(peak).mark_text(color="red", align="right", dx=-4, dy=-6, baseline="bottom").encode(
        x="probe:Q", y=alt.value(0), text="text:N")
    return (bars + rule + text).properties(title=t("bench_charts.gflops.title"),
                                           width=WIDTH, height=alt.Step(24))


def startup_chart(result: BenchmarkResult) -> alt.Chart:
    """Time before the first timed step: import, build + compile, first step (tracing / compiling)."""
    phases = [(t(f"bench_charts.startup.{field}"), field) for field in ("import_s", "build_s", "first_step_s")]
    records = [{"row": r.name, "phase": name, "seconds": getattr(r, field) or 0.0, "order": i}
               for r in ok_rows(result) for i, (name, field) in enumerate(phases)]
    frame = pd.DataFrame(records, columns=["row", "phase", "seconds", "order"])
    labels = [row.name for row in ok_rows(result)]
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("sum(seconds):Q", title=t("bench_charts.startup.x")), y=_y_rows(labels),
        color=alt.Color("phase:N", sort=[p for p, _ in phases], title=t("bench_charts.field.phase")),
        order=alt.Order("order:Q"), tooltip=[_tip("row"), _tip("phase"), _tip("seconds:Q", ".2f")],
    ).properties(title=t("bench_charts.startup.title"), width=WIDTH, height=alt.Step(32))


def compare_frame(results: list[BenchmarkResult], labels: dict[str, str]) -> pd.DataFrame:
    """Median step per row for several stored runs; `labels` maps result id to a run label."""
    records = [{"run": labels.get(result.id, result.id), "row": row.name, "median": row.train_step_ms.median,
                "p95": row.train_step_ms.p95} for result in results for row in ok_rows(result)
               if row.train_step_ms]
    return pd.DataFrame(records, columns=["run", "row", "median", "p95"])


def compare_chart(results: list[BenchmarkResult], labels: dict[str, str]) -> alt.Chart:
    """Side by side: each run's median step per row; the run label says if its machine differs."""
    frame = compare_frame(results, labels)
    scale, note = _scale(frame["median"]) if len(frame) else (alt.Scale(), "")
    return _mark(alt.Chart(frame), bool(note)).encode(
        x=alt.X("median:Q", title=t("bench_charts.compare.x", note=note), scale=scale),
        y=alt.Y("run:N", title=None, axis=alt.Axis(labelLimit=320)),
        row=alt.Row("row:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=200)),
        color=alt.Color("run:N", title=t("bench_charts.field.run"),
                        legend=alt.Legend(orient="bottom", columns=1, labelLimit=400)),
        tooltip=[_tip("run"), _tip("row"), _tip("median:Q", ".3f"), _tip("p95:Q", ".3f")],
    ).properties(title=t("bench_charts.compare.title"), width=WIDTH - 100)


def overhead_chart(overheads) -> alt.Chart:
    """Keras step time / native step time per backend, with the interquartile-based range as a rule."""
    frame = pd.DataFrame([{"backend": t("bench_charts.overhead.pair", keras=o.keras_label, native=o.native_label),
                           "ratio": o.ratio, "low": o.low, "high": o.high} for o in overheads])
    y = alt.Y("backend:N", title=None, axis=alt.Axis(labelLimit=320))
    points = alt.Chart(frame).mark_point(filled=True, size=100).encode(
        x=alt.X("ratio:Q", title=t("bench_charts.overhead.x"), scale=alt.Scale(zero=False)), y=y,
        tooltip=[_tip("ratio:Q", ".2f"), _tip("low:Q", ".2f"), _tip("high:Q", ".2f")])
    spread = alt.Chart(frame).mark_rule().encode(x="low:Q", x2="high:Q", y=y)
    parity = alt.Chart(pd.DataFrame([{"x": 1.0}])).mark_rule(color="grey", strokeDash=[4, 3]).encode(x="x:Q")
    return (spread + points + parity).properties(title=t("bench_charts.overhead.title"), width=WIDTH,
                                                 height=alt.Step(32))
