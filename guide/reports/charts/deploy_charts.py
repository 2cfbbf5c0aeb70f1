"""Charts of a deployment check for the Deployment page: artifact size, batch-1 latency (median with p95) and
parity (max abs difference against its tolerance). Functions of data, tested through chart.to_dict().

Each bar is one (path, source) row, named "path · source" with the source as every view names it (a Keras
backend is not the framework) and coloured by source. Rows that failed or were not tried here are left out of
the latency and parity charts (the page lists them with their reason). Latencies span 100x between runtimes
(LiteRT vs SavedModel or HTTP), so the latency and parity axes are log scales; their titles say so. Titles,
legend and tooltips are in this run's language (guide.text.t); the data fields keep their ids.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from guide.deploy.schema import DeployResult, source_label
from guide.reports.charts.benchmark_charts import ROW_COLOURS
from guide.text import t

WIDTH = 560


def _frame(result: DeployResult) -> pd.DataFrame:
    return pd.DataFrame([{
        "row": f"{r.path} · {source_label(r.source)}", "source": source_label(r.source), "ok": r.ok,
        "size_kb": None if r.size_bytes is None else r.size_bytes / 1024, "median_ms": r.latency_ms,
        "p95_ms": r.latency_p95_ms, "diff": r.max_abs_diff, "tolerance": r.tolerance,
    } for r in result.rows])


def _colour(frame: pd.DataFrame) -> alt.Color:
    sources = list(dict.fromkeys(frame["source"]))
    scale = alt.Scale(domain=sources, range=[ROW_COLOURS.get(s, "#888888") for s in sources])
    return alt.Color("source:N", scale=scale, title=t("deploy_charts.exported_from"),
                     legend=alt.Legend(labelLimit=320))  # "TensorFlow 백엔드의 Keras 3" was cut off


def _tip(field: str, **options) -> alt.Tooltip:
    return alt.Tooltip(field, title=t(f"deploy_charts.tooltip.{field.split(':')[0]}"), **options)


def _bars(frame: pd.DataFrame, field: str, title: str, log: bool, tooltip: list | None = None,
          axis_format: str | None = None) -> alt.Chart:
    """Bars on a linear axis; on a log axis, dots: a bar would start at 0, which a log scale cannot place, and
    Vega then draws nothing at all (seen in Chromium)."""
    x = alt.X(f"{field}:Q", title=title, scale=alt.Scale(type="log") if log else alt.Undefined,
              axis=alt.Axis(format=axis_format) if axis_format else alt.Undefined)
    y = alt.Y("row:N", sort=list(frame["row"]), title=None, axis=alt.Axis(labelLimit=260))
    mark = alt.Chart(frame).mark_point(filled=True, size=90, opacity=1) if log else alt.Chart(frame).mark_bar()
    return mark.encode(x=x, y=y, color=_colour(frame),
                       tooltip=tooltip or [_tip("row:N"), _tip(f"{field}:Q", format=".3g")])


def _ticks(frame: pd.DataFrame, field: str, colour: str) -> alt.Chart:
    return alt.Chart(frame).mark_tick(color=colour, thickness=2).encode(
        x=alt.X(f"{field}:Q", scale=alt.Scale(type="log")), y=alt.Y("row:N", sort=list(frame["row"])))


def size_chart(result: DeployResult) -> alt.Chart | None:
    frame = _frame(result).dropna(subset=["size_kb"])
    if frame.empty:
        return None
    return _bars(frame, "size_kb", t("deploy_charts.size_axis"), log=False).properties(
        title=t("deploy_charts.size_title"), width=WIDTH)


def latency_chart(result: DeployResult) -> alt.Chart | None:
    frame = _frame(result)
    frame = frame[frame["ok"]].dropna(subset=["median_ms"])
    if frame.empty:
        return None
    bars = _bars(frame, "median_ms", t("deploy_charts.latency_axis"), log=True)
    return (bars + _ticks(frame, "p95_ms", "black")).properties(title=t("deploy_charts.latency_title"), width=WIDTH)


def parity_chart(result: DeployResult) -> alt.Chart | None:
    """Max abs difference to the model's own outputs, against the tolerance of its precision. A difference of
    exactly 0 cannot sit on a log axis: it is drawn at 1e-9, and the tooltip keeps the true value."""
    frame = _frame(result)
    frame = frame[frame["ok"]].dropna(subset=["diff"])
    if frame.empty:
        return None
    frame = frame.assign(shown=frame["diff"].clip(lower=1e-9))
    bars = _bars(frame, "shown", t("deploy_charts.parity_axis"), log=True,
                 tooltip=[_tip("row:N"), _tip("diff:Q", format=".2g"), _tip("tolerance:Q", format=".0e")],
                 axis_format=".0e")  # one notation from 1e-9 to 1e-1
    return (bars + _ticks(frame, "tolerance", "crimson")).properties(title=t("deploy_charts.parity_title"), width=WIDTH)


def deploy_charts(result: DeployResult) -> list[alt.Chart]:
    return [chart for chart in (size_chart(result), latency_chart(result), parity_chart(result)) if chart]
