"""A deployment check as table rows and sentences, for the Deployment page (and later the report and CLI).

Sources are named as every view names them: a Keras backend is not the framework."""

from __future__ import annotations

from guide.bench.schema import row_label
from guide.deploy.schema import DeployResult, DeployRow

SOURCE_LABEL = {"keras-tensorflow": row_label("tensorflow", "keras"), "keras-torch": row_label("torch", "keras"),
                "keras-jax": row_label("jax", "keras"), "pytorch": row_label("torch", "native")}
STAGE_MEANING = {
    "export": "this model cannot be shipped this way with these versions: the exporter refused it",
    "load": "the runtime is missing here or rejects the artifact: a team on this path must install or change it",
    "run": "the artifact loads but the runtime cannot execute it: a device on this path would fail for this model",
    "parity": "it runs but answers differently from the model it came from, beyond this precision's tolerance",
}


def source_label(source: str) -> str:
    return SOURCE_LABEL.get(source, source)


def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def result_text(row: DeployRow) -> str:
    return "ok" if row.ok else f"failed at {row.stage}" if row.tried else "not tried here"


def table_row(row: DeployRow) -> dict[str, str]:
    return {
        "path": row.path, "from": source_label(row.source), "runtime": row.runtime, "precision": row.precision,
        "result": result_text(row),
        "size": "" if row.size_bytes is None else f"{row.size_bytes / 1024:,.0f} kB",
        "batch-1 ms (median)": _ms(row.latency_ms), "p95 ms": _ms(row.latency_p95_ms),
        "CPU ms / inference": _ms(row.cpu_ms_per_inference),
        "max abs diff": "" if row.max_abs_diff is None else f"{row.max_abs_diff:.2g}",
        "batch of N": {True: "yes", False: "no", None: ""}[row.dynamic_batch],
        "runtime RSS": "" if row.peak_rss_mb is None else f"{row.peak_rss_mb:,.0f} MB",
    }


def failure_lines(result: DeployResult) -> list[str]:
    """One sentence per failed row: what failed, the real error, and what it means for a team."""
    return [f"{r.path} from {source_label(r.source)} failed at {r.stage}: {r.error}. For a team: "
            f"{STAGE_MEANING.get(r.stage or '', 'see the error')}." for r in result.rows if r.tried and not r.ok]


def not_tried_lines(result: DeployResult) -> list[str]:
    """Paths this machine cannot try, each with why: not a verdict on the path."""
    return [f"{r.path} from {source_label(r.source)}: {r.error}." for r in result.rows if not r.tried]


def heading(result: DeployResult) -> str:
    s = result.spec
    return (f"{s.model}/{s.size}, {s.runs} batch-1 runs per path, {s.threads} thread(s), on {result.machine.label}, "
            f"{result.created_at:%Y-%m-%d %H:%M} UTC (check {result.id}). A server CPU says nothing about a phone's "
            "speed; for phone and browser paths only 'works / fails for this model' carries over.")
